"""The sales process model (step 7): drafts, checks, facts, layout, and its BPMN 2.0 writer."""

from __future__ import annotations

import re
import unicodedata
import xml.etree.ElementTree as ET
from dataclasses import dataclass, field
from typing import Any

from crmwizard.content import Content, ProcessTemplate
from crmwizard.model import Assessment, Pipeline, ProcessModel, Stage

# --- drafts ---------------------------------------------------------------------------------


def template_for(content: Content, industry: str | None) -> ProcessTemplate:
    """The draft template of an industry, or the default one."""
    found = next((t for t in content.templates if industry and industry in t.industries), None)
    return found or next(t for t in content.templates if t.default)


def from_template(content: Content, template: ProcessTemplate, lang: str,
                  sources: list[str] | None = None) -> Pipeline:
    """A pipeline written out from a template in `lang`."""
    def txt(value: Any) -> str:
        return value(lang) if value is not None else ""

    return Pipeline(
        name=template.name(lang),
        sources=list(sources if sources else template.sources),
        lost_reasons=[r(lang) for r in template.lost_reasons],
        stages=[Stage(name=s.name(lang), owner=s.owner, entry=txt(s.entry), exit=txt(s.exit),
                      days=s.days, handoff=s.handoff or "") for s in template.stage],
    )


def draft(content: Content, assessment: Assessment, lang: str) -> ProcessModel:
    """The first draft: the industry's template, leads from the sources the user named."""
    chosen = assessment.answers.get("req_lead_sources")
    sources = [s for s in chosen if s != "unknown"] if isinstance(chosen, list) else None
    template = template_for(content, assessment.profile.industry)
    return ProcessModel(pipelines=[from_template(content, template, lang, sources)])


def effective(content: Content, assessment: Assessment, lang: str) -> tuple[ProcessModel, bool]:
    """The saved model, or the draft (second value True) when nothing is saved yet."""
    if assessment.process is not None:
        return assessment.process, False
    return draft(content, assessment, lang), True


# --- checks and facts -----------------------------------------------------------------------


def _key(name: str) -> str:
    return unicodedata.normalize("NFKC", name).casefold().strip()


def problems(content: Content, model: ProcessModel) -> list[tuple[str, str]]:
    """What is wrong with a model against the content, as (field path, problem)."""
    out: list[tuple[str, str]] = []
    roles = content.role_by_id
    sources = content.question_by_id["req_lead_sources"]
    seen_pipelines: dict[str, int] = {}
    for i, p in enumerate(model.pipelines):
        where = f"process.pipelines.{i}"
        first = seen_pipelines.setdefault(_key(p.name), i)
        if first != i:
            out.append((f"{where}.name", f"the name {p.name!r} is already used by pipeline "
                        f"{first + 1}"))
        if not p.stages:
            out.append((f"{where}.stages", "a pipeline needs at least one stage"))
        for j, src in enumerate(p.sources):
            if sources.option(src) is None or src == "unknown":
                out.append((f"{where}.sources.{j}", f"unknown lead source {src!r}"))
        seen: dict[str, int] = {}
        for j, s in enumerate(p.stages):
            first = seen.setdefault(_key(s.name), j)
            if first != j:
                out.append((f"{where}.stages.{j}.name",
                            f"the name {s.name!r} is already used by stage {first + 1}"))
            for attr in ("owner", "handoff"):
                role = getattr(s, attr)
                if role and role not in roles:
                    out.append((f"{where}.stages.{j}.{attr}",
                                f"expected one of {sorted(roles)}, got {role!r}"))
    return out


def incomplete(p: Pipeline) -> list[int]:
    """Indices of the stages with no owner or no exit criterion."""
    return [j for j, s in enumerate(p.stages) if not (s.owner and s.exit)]


def process_facts(model: ProcessModel | None) -> dict[str, Any]:
    """Facts the rules read; none while the model is only a draft."""
    if model is None:
        return {}
    stages = [s for p in model.pipelines for s in p.stages]
    no_owner = sum(not s.owner for s in stages)
    no_exit = sum(not s.exit for s in stages)
    defined = sum(bool(s.owner and s.exit) for s in stages)
    return {
        "process.pipelines": len(model.pipelines),
        "process.stages": len(stages),
        "process.stages_no_owner": no_owner,
        "process.stages_no_exit": no_exit,
        "process.defined_share": defined / len(stages) if stages else 0.0,
    }


# --- layout: logical grid, then geometry in either orientation ------------------------------


@dataclass(frozen=True)
class Node:
    id: str
    kind: str  # start task handoff gateway won lost
    name: str
    col: int
    lane: int
    slot: int = 0  # 0 on the main line of its lane, 1 below it (the lost end)
    doc: str = ""
    stage: int | None = None  # index of the stage a task stands for


@dataclass(frozen=True)
class Flow:
    id: str
    source: str
    target: str
    name: str = ""
    condition: str = ""


@dataclass(frozen=True)
class Lane:
    role: str  # "" for stages with no owner
    name: str


@dataclass(frozen=True)
class Layout:
    """One pipeline as lanes, nodes on a grid (column, lane) and flows between them."""

    name: str
    lanes: list[Lane]
    nodes: list[Node]
    flows: list[Flow]
    cols: int


def role_name(content: Content, role: str, lang: str) -> str:
    r = content.role_by_id.get(role)
    return r.label(lang) if r else content.t("process_no_owner", lang)


def source_names(content: Content, sources: list[str], lang: str) -> list[str]:
    q = content.question_by_id["req_lead_sources"]
    return [o.label(lang) for s in sources if (o := q.option(s)) is not None]


def stage_doc(content: Content, s: Stage, lang: str) -> str:
    """Criteria, duration and hand-off of a stage, one per line."""
    t = content.t
    lines = []
    if s.entry:
        lines.append(f"{t('process_entry', lang)}: {s.entry}")
    lines.append(f"{t('process_exit', lang)}: {s.exit or t('process_missing', lang)}")
    if s.days is not None:
        lines.append(t("process_days_doc", lang, n=s.days))
    if s.handoff and s.handoff != s.owner:
        lines.append(f"{t('process_handoff', lang)}: {role_name(content, s.handoff, lang)}")
    if not s.owner:
        lines.append(t("process_no_owner_doc", lang))
    return "\n".join(lines)


def layout(content: Content, p: Pipeline, lang: str, prefix: str = "P1") -> Layout:
    """Start, a task per stage (and per hand-off), won-or-lost gateway, two ends, in lanes."""
    t = content.t
    lanes: list[str] = []

    def lane(role: str) -> int:
        if role not in lanes:
            lanes.append(role)
        return lanes.index(role)

    nodes: list[Node] = []
    flows: list[Flow] = []
    first_lane = lane(p.stages[0].owner) if p.stages else lane("")
    names = source_names(content, p.sources, lang)
    start_name = t("bpmn_start_from", lang, sources=", ".join(names)) if names \
        else t("bpmn_start", lang)
    nodes.append(Node(f"{prefix}_Start", "start", start_name, 0, first_lane,
                      doc=f"{t('process_sources', lang)}: {', '.join(names)}" if names else ""))
    col = 1
    for j, s in enumerate(p.stages):
        nodes.append(Node(f"{prefix}_Task_{j + 1}", "task", s.name, col, lane(s.owner),
                          doc=stage_doc(content, s, lang), stage=j))
        col += 1
        if s.handoff and s.handoff != s.owner:
            nodes.append(Node(f"{prefix}_Handoff_{j + 1}", "handoff",
                              t("bpmn_handoff", lang, stage=s.name), col, lane(s.handoff),
                              doc=t("bpmn_handoff_doc", lang, stage=s.name,
                                    role=role_name(content, s.handoff, lang)), stage=j))
            col += 1
    last = nodes[-1].lane
    reasons = "\n".join(f"- {r}" for r in p.lost_reasons)
    nodes += [
        Node(f"{prefix}_Gateway", "gateway", t("bpmn_gateway", lang), col, last),
        Node(f"{prefix}_Won", "won", t("bpmn_won", lang), col + 1, last),
        Node(f"{prefix}_Lost", "lost", t("bpmn_lost", lang), col, last, slot=1,
             doc=f"{t('process_lost_reasons', lang)}:\n{reasons}" if reasons else ""),
    ]
    chain = nodes[:-2]
    for k, (a, b) in enumerate(zip(chain, chain[1:], strict=False), 1):
        flows.append(Flow(f"{prefix}_Flow_{k}", a.id, b.id))
    flows += [
        Flow(f"{prefix}_Flow_Won", f"{prefix}_Gateway", f"{prefix}_Won", t("bpmn_yes", lang),
             "won"),
        Flow(f"{prefix}_Flow_Lost", f"{prefix}_Gateway", f"{prefix}_Lost", t("bpmn_no", lang),
             "lost"),
    ]
    return Layout(p.name, [Lane(r, role_name(content, r, lang)) for r in lanes], nodes, flows,
                  col + 2)


@dataclass(frozen=True)
class Sizes:
    """Geometry along the flow (main axis) and across lanes (cross axis)."""

    col: float  # main-axis step of one column
    lane: float  # cross-axis size of a lane
    head: float  # main-axis space before the first column (pool and lane labels)
    task: tuple[float, float]  # (main, cross)
    event: float
    gateway: float
    slots: tuple[float, float] = (0.4, 0.8)  # where across its lane a node of slot 0, 1 sits


BPMN_SIZES = Sizes(col=160, lane=150, head=80, task=(110, 80), event=36, gateway=50)


@dataclass(frozen=True)
class Box:
    x: float
    y: float
    w: float
    h: float

    @property
    def cx(self) -> float:
        return self.x + self.w / 2

    @property
    def cy(self) -> float:
        return self.y + self.h / 2


@dataclass
class Geometry:
    """Boxes of nodes and lanes and waypoints of flows, in one orientation."""

    width: float
    height: float
    nodes: dict[str, Box] = field(default_factory=dict)
    lanes: list[Box] = field(default_factory=list)
    flows: dict[str, list[tuple[float, float]]] = field(default_factory=dict)


def geometry(lay: Layout, sizes: Sizes = BPMN_SIZES, horizontal: bool = True) -> Geometry:
    """Places the grid: columns along the flow, lanes across; vertical swaps the two axes."""
    def size(n: Node) -> tuple[float, float]:
        if n.kind in ("task", "handoff"):
            return sizes.task
        d = sizes.gateway if n.kind == "gateway" else sizes.event
        return d, d

    def centre(n: Node) -> tuple[float, float]:
        a = sizes.head + n.col * sizes.col + sizes.col / 2
        b = n.lane * sizes.lane + sizes.lane * sizes.slots[n.slot]
        return a, b

    def xy(a: float, b: float) -> tuple[float, float]:
        return (a, b) if horizontal else (b, a)

    main = sizes.head + lay.cols * sizes.col
    cross = sizes.lane * len(lay.lanes)
    w, h = xy(main, cross)
    g = Geometry(w, h)
    ab: dict[str, tuple[float, float, float, float]] = {}
    for n in lay.nodes:
        (a, b), (ma, mb) = centre(n), size(n)
        ab[n.id] = (a, b, ma, mb)
        x, y = xy(a - ma / 2, b - mb / 2)
        bw, bh = xy(ma, mb)
        g.nodes[n.id] = Box(x, y, bw, bh)
    for k in range(len(lay.lanes)):
        x, y = xy(0, k * sizes.lane)
        bw, bh = xy(main, sizes.lane)
        g.lanes.append(Box(x, y, bw, bh))
    for f in lay.flows:
        sa, sb, sma, smb = ab[f.source]
        ta, tb, tma, tmb = ab[f.target]
        if abs(sa - ta) < 1e-6:  # the same column: straight across, to the lost end
            pts = [(sa, sb + smb / 2), (ta, tb - tmb / 2)]
        elif abs(sb - tb) < 1e-6:
            pts = [(sa + sma / 2, sb), (ta - tma / 2, tb)]
        else:  # to another lane: out, across in the gap between the columns, in
            mid = (sa + sma / 2 + ta - tma / 2) / 2
            pts = [(sa + sma / 2, sb), (mid, sb), (mid, tb), (ta - tma / 2, tb)]
        g.flows[f.id] = [xy(a, b) for a, b in pts]
    return g


# --- BPMN 2.0 -------------------------------------------------------------------------------

NS = {
    "bpmn": "http://www.omg.org/spec/BPMN/20100524/MODEL",
    "bpmndi": "http://www.omg.org/spec/BPMN/20100524/DI",
    "dc": "http://www.omg.org/spec/DD/20100524/DC",
    "di": "http://www.omg.org/spec/DD/20100524/DI",
    "xsi": "http://www.w3.org/2001/XMLSchema-instance",
}
for _prefix, _uri in NS.items():
    ET.register_namespace(_prefix, _uri)
TAGS = {"start": "startEvent", "task": "task", "handoff": "task", "gateway": "exclusiveGateway",
        "won": "endEvent", "lost": "endEvent"}
XML_DECLARATION = '<?xml version="1.0" encoding="UTF-8"?>\n'
POOL_GAP = 40
LABEL = 30  # bpmn.io draws a pool's and a lane's name in a 30 px band on their left


def _q(prefix: str, tag: str) -> str:
    return f"{{{NS[prefix]}}}{tag}"


# What XML 1.0 cannot carry (and C1 controls, which no reader sees): the model refuses them,
# and the writer drops any that reach it anyway, so the file is always well-formed.
_NOT_XML = re.compile("[\x00-\x08\x0b\x0c\x0e-\x1f\x7f-\x9f\ud800-\udfff\ufffe\uffff]")


def xml_safe(text: str) -> str:
    """Text XML 1.0 can carry: control characters, surrogates and non-characters dropped."""
    return _NOT_XML.sub("", text)


def _sub(parent: ET.Element, prefix: str, tag: str, text: str | None = None,
         **attrs: str) -> ET.Element:
    el = ET.SubElement(parent, _q(prefix, tag), {k: xml_safe(v) for k, v in attrs.items()})
    if text is not None:
        el.text = xml_safe(text)
    return el


def _num(v: float) -> str:
    return f"{v:g}" if v == int(v) else f"{v:.1f}"


def _bounds(parent: ET.Element, box: Box, dx: float, dy: float) -> None:
    _sub(parent, "dc", "Bounds", x=_num(box.x + dx), y=_num(box.y + dy), width=_num(box.w),
         height=_num(box.h))


def _label_box(n: Node, box: Box) -> Box | None:
    """Where an event's or gateway's name goes: below, or above the gateway, right of lost."""
    if n.kind in ("task", "handoff"):
        return None
    if n.kind == "gateway":
        return Box(box.cx - 50, box.y - 34, 100, 27)
    if n.kind == "lost":  # to its left, under the last task: the won end's name is right
        return Box(box.x - 96, box.cy - 14, 90, 27)
    return Box(box.cx - 50, box.y + box.h + 5, 100, 27)


def bpmn_xml(content: Content, model: ProcessModel, lang: str, title: str = "") -> bytes:
    """A BPMN 2.0 file: a pool per pipeline, a lane per role, full DI laid out left to right."""
    defs = ET.Element(_q("bpmn", "definitions"), {
        "id": "Definitions_1", "targetNamespace": "http://bpmn.io/schema/bpmn",
        "exporter": "CRM Readiness Wizard", "exporterVersion": "1"})
    collab = _sub(defs, "bpmn", "collaboration", id="Collaboration_1")
    if title:
        _sub(collab, "bpmn", "documentation", title)
    diagram = ET.Element(_q("bpmndi", "BPMNDiagram"), {"id": "Diagram_1"})
    plane = _sub(diagram, "bpmndi", "BPMNPlane", id="Plane_1", bpmnElement="Collaboration_1")
    top = 0.0
    for i, p in enumerate(model.pipelines, 1):
        lay = layout(content, p, lang, f"P{i}")
        geo = geometry(lay)
        pid, proc_id = f"Participant_{i}", f"Process_{i}"
        _sub(collab, "bpmn", "participant", id=pid, name=p.name, processRef=proc_id)
        proc = _sub(defs, "bpmn", "process", id=proc_id, isExecutable="false")
        incoming: dict[str, list[str]] = {n.id: [] for n in lay.nodes}
        outgoing: dict[str, list[str]] = {n.id: [] for n in lay.nodes}
        for f in lay.flows:
            outgoing[f.source].append(f.id)
            incoming[f.target].append(f.id)
        lane_set = _sub(proc, "bpmn", "laneSet", id=f"LaneSet_{i}")
        for k, ln in enumerate(lay.lanes):
            lane = _sub(lane_set, "bpmn", "lane", id=f"P{i}_Lane_{k + 1}", name=ln.name)
            for n in lay.nodes:
                if n.lane == k:
                    _sub(lane, "bpmn", "flowNodeRef", n.id)
        for n in lay.nodes:
            el = _sub(proc, "bpmn", TAGS[n.kind], id=n.id, name=n.name)
            if n.doc:
                _sub(el, "bpmn", "documentation", n.doc)
            for ref in incoming[n.id]:
                _sub(el, "bpmn", "incoming", ref)
            for ref in outgoing[n.id]:
                _sub(el, "bpmn", "outgoing", ref)
        for f in lay.flows:
            attrs = {"id": f.id, "sourceRef": f.source, "targetRef": f.target}
            if f.name:
                attrs["name"] = f.name
            el = _sub(proc, "bpmn", "sequenceFlow", **attrs)
            if f.condition:
                _sub(el, "bpmn", "conditionExpression", f"outcome == \"{f.condition}\"",
                     **{_q("xsi", "type"): "bpmn:tFormalExpression"})
        # The pool: its name band, then the lanes; the geometry starts at the lanes' left edge.
        dx, dy = LABEL, top
        pool = _sub(plane, "bpmndi", "BPMNShape", id=f"{pid}_di", bpmnElement=pid,
                    isHorizontal="true")
        _bounds(pool, Box(-LABEL, 0, geo.width + LABEL, geo.height), dx, dy)
        for k, box in enumerate(geo.lanes):
            shape = _sub(plane, "bpmndi", "BPMNShape", id=f"P{i}_Lane_{k + 1}_di",
                         bpmnElement=f"P{i}_Lane_{k + 1}", isHorizontal="true")
            _bounds(shape, box, dx, dy)
        for n in lay.nodes:
            box = geo.nodes[n.id]
            attrs = {"id": f"{n.id}_di", "bpmnElement": n.id}
            if n.kind == "gateway":
                attrs["isMarkerVisible"] = "true"
            shape = _sub(plane, "bpmndi", "BPMNShape", **attrs)
            _bounds(shape, box, dx, dy)
            label = _label_box(n, box)
            if label:
                _bounds(_sub(shape, "bpmndi", "BPMNLabel"), label, dx, dy)
        for f in lay.flows:
            edge = _sub(plane, "bpmndi", "BPMNEdge", id=f"{f.id}_di", bpmnElement=f.id)
            for x, y in geo.flows[f.id]:
                _sub(edge, "di", "waypoint", x=_num(x + dx), y=_num(y + dy))
        top += geo.height + POOL_GAP
    defs.append(diagram)
    ET.indent(defs, space="  ")
    # Serialised to str, then encoded once: ElementTree's own utf-8 path is ~3× slower.
    return (XML_DECLARATION + ET.tostring(defs, encoding="unicode")).encode("utf-8")


def bpmn_file(content: Content, assessment: Assessment, lang: str) -> bytes:
    """The assessment's sales process (saved, or the draft) as a .bpmn file."""
    model, _ = effective(content, assessment, lang)
    title = assessment.profile.company_name.strip()
    return bpmn_xml(content, model, lang, title)
