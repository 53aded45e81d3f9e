"""The sales process in the documents: swimlanes drawn top to bottom, and the stage table."""

from __future__ import annotations

from reportlab.graphics.shapes import Circle, Drawing, Group, Line, Polygon, Rect, String
from reportlab.lib import colors
from reportlab.lib.units import mm
from reportlab.pdfbase.pdfmetrics import stringWidth
from reportlab.platypus import Flowable, KeepTogether, Spacer

from crmwizard.content import Content
from crmwizard.model import Pipeline, ProcessModel
from crmwizard.process import (
    Geometry,
    Layout,
    Sizes,
    geometry,
    incomplete,
    layout,
    role_name,
    source_names,
)
from crmwizard.report.charts import PALETTE, drawing
from crmwizard.report.document import fit
from crmwizard.report.fonts import register
from crmwizard.report.styles import BAD, GOOD, INK, MUTED, RULE, WARN, ZEBRA, table, text, th

HEAD = 30  # points above the first row for the lane names
ROW = 44  # points per step of the flow
ROWS = 14  # steps per drawing; a longer pipeline continues in the next drawing
LANE_MAX = 120
LINK = colors.HexColor("#4B5563")
HANDOFF_FILL = colors.HexColor("#EEF4FB")


def _lines(value: str, font: str, size: float, width: float, most: int) -> list[str]:
    """`value` wrapped into at most `most` lines that fit `width`; the last one cut with …."""
    out: list[str] = []
    for word in value.split():
        if out and stringWidth(out[-1] + " " + word, font, size) <= width:
            out[-1] += " " + word
        else:
            out.append(word)
    if len(out) > most:
        out = out[:most]
        out[-1] += "…"
    return [fit(line, font, size, width) for line in out]


def _clip(points: list[tuple[float, float]], lo: float, hi: float
          ) -> list[tuple[float, float]]:
    """An up-and-down and sideways polyline cut to lo ≤ y ≤ hi (y grows down the page)."""
    out: list[tuple[float, float]] = []
    for (x0, y0), (x1, y1) in zip(points, points[1:], strict=False):
        a, b = sorted((y0, y1))
        if b < lo or a > hi:
            continue
        p0 = (x0, min(hi, max(lo, y0)))
        p1 = (x1, min(hi, max(lo, y1)))
        if not out or out[-1] != p0:
            out.append(p0)
        out.append(p1)
    return out


def _arrow(d: Drawing, x: float, y: float, dx: float, dy: float) -> None:
    """A filled head at (x, y) pointing along (dx, dy), in page coordinates."""
    length = (dx * dx + dy * dy) ** 0.5 or 1
    ux, uy = dx / length, dy / length
    d.add(Polygon([x, y, x - 4 * ux + 2 * uy, y - 4 * uy - 2 * ux,
                   x - 4 * ux - 2 * uy, y - 4 * uy + 2 * ux],
                  fillColor=LINK, strokeColor=None))


def _part(lay: Layout, g: Geometry, first: int, last: int, width: float,
          gaps: set[str]) -> Drawing:
    """Rows `first`..`last` of the flow: lane names on top, nodes and links below."""
    regular, bold = register()
    lane_w = width / len(lay.lanes)
    top = HEAD + first * ROW  # geometry y of the first row's top edge, minus the header
    lo, hi = HEAD + first * ROW, HEAD + (last + 1) * ROW
    height = HEAD + (last - first + 1) * ROW + 4
    d = drawing(width, height)

    def y_of(y: float) -> float:
        return height - (y - top + HEAD)

    for k, lane in enumerate(lay.lanes):
        x = k * lane_w
        d.add(Rect(x, 0, lane_w, height - HEAD, fillColor=ZEBRA if k % 2 == 0 else colors.white,
                   strokeColor=RULE, strokeWidth=0.5))
        d.add(Rect(x, height - HEAD, lane_w, HEAD - 2, fillColor=colors.HexColor("#E3EBF3"),
                   strokeColor=RULE, strokeWidth=0.5))
        for n, line in enumerate(_lines(lane.name, bold, 6.5, lane_w - 6, 3)):
            d.add(String(x + lane_w / 2, height - 10 - n * 7.5, line, fontName=bold,
                         fontSize=6.5, fillColor=INK, textAnchor="middle"))
    for f in lay.flows:
        pts = _clip(g.flows[f.id], lo, hi)
        if len(pts) < 2:
            continue
        page = [(x, y_of(y)) for x, y in pts]
        for (x0, y0), (x1, y1) in zip(page, page[1:], strict=False):
            d.add(Line(x0, y0, x1, y1, strokeColor=LINK, strokeWidth=0.8))
        if pts[-1] == g.flows[f.id][-1]:  # the head only where the link really ends
            (x0, y0), (x1, y1) = page[-2], page[-1]
            _arrow(d, x1, y1, x1 - x0, y1 - y0)
        if f.name and pts[0] == g.flows[f.id][0]:
            (x0, y0), (x1, y1) = page[0], page[1]
            d.add(String((x0 + x1) / 2 + 2, (y0 + y1) / 2 + 2, f.name, fontName=regular,
                         fontSize=6, fillColor=MUTED))
    for n in lay.nodes:
        if not first <= n.col <= last:
            continue
        b = g.nodes[n.id]
        x, y, w, h = b.x, y_of(b.y + b.h), b.w, b.h
        if n.kind in ("task", "handoff"):
            gap = n.id in gaps
            d.add(Rect(x, y, w, h, rx=4, ry=4,
                       fillColor=colors.white if n.kind == "task" else HANDOFF_FILL,
                       strokeColor=WARN if gap else PALETTE[0], strokeWidth=1.4 if gap else 0.9,
                       strokeDashArray=[3, 2] if gap or n.kind == "handoff" else None))
            lines = _lines(n.name, regular, 6.5, w - 6, 3)
            start = y + h / 2 + (len(lines) - 1) * 3.9 - 2.2
            for k, line in enumerate(lines):
                d.add(String(x + w / 2, start - k * 7.8, line, fontName=regular, fontSize=6.5,
                             fillColor=INK, textAnchor="middle"))
            continue
        cx, cy = x + w / 2, y + h / 2
        if n.kind == "gateway":
            d.add(Polygon([cx, y + h, x + w, cy, cx, y, x, cy], fillColor=colors.white,
                          strokeColor=INK, strokeWidth=0.9))
            d.add(String(cx, cy - 2.5, "×", fontName=bold, fontSize=8, fillColor=INK,
                         textAnchor="middle"))
        else:
            colour = {"start": INK, "won": GOOD, "lost": BAD}[n.kind]
            d.add(Circle(cx, cy, w / 2, fillColor=colors.white, strokeColor=colour,
                         strokeWidth=0.9 if n.kind == "start" else 2))
        # One node per row: a name may run sideways over the other lanes.
        left = n.kind == "gateway"
        room = (x - 4) if left else (width - x - w - 4)
        centred = max(20.0, min(2 * lane_w, 2 * (width - cx) - 2, 2 * cx - 2))
        if not left and stringWidth(n.name, regular, 6.5) > room:  # the right edge is near
            for k, line in enumerate(_lines(n.name, regular, 6.5, max(centred, 60), 2)):
                half = stringWidth(line, regular, 6.5) / 2  # under it, kept inside the frame
                d.add(String(min(cx, width - 1 - half), y - 8 - k * 7.5, line,
                             fontName=regular, fontSize=6.5, fillColor=INK,
                             textAnchor="middle"))
            continue
        if left and room < 50:  # no room on the left: one line above the gateway
            d.add(String(cx, y + h + 3, fit(n.name, regular, 6.5, centred), fontName=regular,
                         fontSize=6.5, fillColor=INK, textAnchor="middle"))
            continue
        label = Group()
        for k, line in enumerate(_lines(n.name, regular, 6.5, max(40.0, room), 2)):
            label.add(String(x - 4 if left else x + w + 4, cy + 1 - k * 7.5, line,
                             fontName=regular, fontSize=6.5, fillColor=INK,
                             textAnchor="end" if left else "start"))
        d.add(label)
    return d


def pipeline_drawings(content: Content, p: Pipeline, lang: str, width: float) -> list[Drawing]:
    """One pipeline as swimlanes running down the page, in parts of at most ROWS steps."""
    lay = layout(content, p, lang)
    lane = min(LANE_MAX, width / len(lay.lanes))
    # Boxes a little left of the lane's middle: the lost end sits right of the gateway.
    sizes = Sizes(col=ROW, lane=lane, head=HEAD, task=(30, 0.9 * lane - 8), event=14,
                  gateway=18, slots=(0.45, 0.85))
    g = geometry(lay, sizes, horizontal=False)
    gaps = {n.id for n in lay.nodes if n.kind == "task" and n.stage in set(incomplete(p))}
    used = lane * len(lay.lanes)
    return [_part(lay, g, i, min(i + ROWS, lay.cols) - 1, used, gaps)
            for i in range(0, lay.cols, ROWS)]


def stage_table(content: Content, p: Pipeline, lang: str, width: float) -> Flowable:
    """Stages with owner, entry and exit criteria, duration and hand-off."""
    t = content.t
    head = [th("№")] + [th(t(k, lang)) for k in (
        "process_col_stage", "process_col_owner", "process_col_entry", "process_col_exit",
        "process_col_days", "process_col_handoff")]
    rows: list[list] = [head]
    missing = t("process_missing", lang)
    for j, s in enumerate(p.stages, 1):
        rows.append([
            str(j), text(s.name, "cell_bold"),
            text(role_name(content, s.owner, lang), "cell", **({} if s.owner else
                                                                 {"textColor": WARN})),
            text(s.entry or "—", "cell"),
            text(s.exit or missing, "cell", **({} if s.exit else {"textColor": WARN})),
            "—" if s.days is None else str(s.days),
            text(role_name(content, s.handoff, lang) if s.handoff else "—", "cell"),
        ])
    fixed = 8 * mm + 32 * mm + 26 * mm + 12 * mm + 24 * mm
    rest = (width - fixed) / 2
    return table(rows, [8 * mm, 32 * mm, 26 * mm, rest, rest, 12 * mm, 24 * mm])


def process_section(content: Content, model: ProcessModel, is_draft: bool, lang: str,
                    width: float, heading: str = "h1") -> list[Flowable]:
    """Heading, a note when the model is only a draft, then every pipeline drawn and listed."""
    t = content.t
    out: list[Flowable] = [text(t("process_heading", lang), heading)]
    if is_draft:
        out.append(text(t("pdf_process_draft", lang), "small", textColor=WARN))
    out.append(text(t("pdf_process_legend", lang), "small"))
    sub = "h2" if heading == "h1" else "h3"
    for p in model.pipelines:
        head: list[Flowable] = [text(p.name, sub)]
        names = source_names(content, p.sources, lang)
        if names:
            head.append(text(f"{t('process_sources', lang)}: {', '.join(names)}", "small"))
        parts = pipeline_drawings(content, p, lang, width)
        out.append(KeepTogether([*head, parts[0]]))  # the name stays with its diagram
        for part in parts[1:]:
            out += [Spacer(1, 4), part]
        out.append(stage_table(content, p, lang, width))
        if p.lost_reasons:
            out.append(text(f"{t('process_lost_reasons', lang)}: {'; '.join(p.lost_reasons)}",
                            "small", spaceBefore=4))
    return out
