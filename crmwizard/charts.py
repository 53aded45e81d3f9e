"""Charts drawn on the server as SVG: data in, markup out, sized to read on a projector.

Why not a charting library in the browser: a first visit to a screen with one Plotly chart
fetched 4.7 MB of script and took about 2 s longer (bench/first_visits.md); an SVG drawn
here adds about 0.1 s. Hover texts are SVG titles, the browser's own tooltips.
"""

from __future__ import annotations

import datetime as dt
import math
from dataclasses import dataclass
from typing import Any

from crmwizard.budget import Budget
from crmwizard.content import Content
from crmwizard.i18n import fmt_compact, fmt_date, fmt_money, fmt_money_short, fmt_month
from crmwizard.plan import Plan
from crmwizard.process import Layout, Sizes, geometry
from crmwizard.risks import RiskItem
from crmwizard.scoring import Readiness
from crmwizard.svg import Canvas, width, wrap

SIZE = 16  # labels at least 14 px on screen: charts are drawn near 1:1 (see each max width)
# Colour-blind-safe palette (Okabe–Ito), one colour per stage.
PALETTE = ["#0072B2", "#E69F00", "#009E73", "#CC79A7", "#56B4E9", "#D55E00", "#F0E442"]
CRITICAL = "#B00020"
GRID, AXIS, MUTED = "#E5E7EB", "#9CA3AF", "#374151"
# Wider lane labels and boxes than the BPMN file: names must read on a projector.
PLOT_SIZES = Sizes(col=160, lane=130, head=170, task=(144, 84), event=34, gateway=46)
WIDE = 780  # a chart's width beside the sidebar on a 1280-pixel projector (main area ~790 px);
# the presenter view folds the sidebar away, so its larger charts are drawn wider too
# Charts that sit in a half-width column on a projector and full width on a phone: drawn
# for about 380 pixels, so neither shrinks them much below their own size.
HALF = 380


@dataclass(frozen=True)
class Look:
    """How a chart is drawn: `scale` for the type (1.4 on a projector), `hide` the scores."""

    scale: float = 1.0
    hide: bool = False

    def size(self, base: float = SIZE) -> float:
        return round(base * self.scale)


PLAIN = Look()


def _legend(cv: Canvas, y: float, items: list[tuple[str, dict[str, Any]]], size: float
            ) -> float:
    """Swatches and names flowing left to right from `y`; returns the height used."""
    x, row = 8.0, 0
    for name, swatch in items:
        w = 18 + 6 + width(name, size) + 18
        if x + w > cv.w and x > 8:
            x, row = 8.0, row + 1
        cy = y + row * size * 1.6 + size * 0.8
        if swatch.get("kind") == "dot":
            cv.circle(x + 9, cy, 7, swatch["fill"], swatch.get("stroke"), 2)
        else:
            cv.rect(x, cy - 7, 18, 14, swatch["fill"], swatch.get("stroke"),
                    swatch.get("sw", 1.5), dash=swatch.get("dash"))
        cv.text(x + 24, cy, name, size, css="legend")
        x += w
    return (row + 1) * size * 1.6 + 4


def _round_step(top: float, ticks: int = 5) -> float:
    """A round tick step (1, 2, 2.5 or 5 × a power of ten) giving about `ticks` ticks to `top`."""
    raw = max(top, 1e-9) / ticks
    magnitude = 10 ** math.floor(math.log10(raw))
    return next(m * magnitude for m in (1, 2, 2.5, 5, 10) if m * magnitude >= raw)


# --- the plan-schedule ------------------------------------------------------------------------

def months(plan: Plan) -> list[dt.date]:
    """The first days of the months the plan runs through, and the month after its end."""
    first, out = plan.start.replace(day=1), []
    while first <= plan.end + dt.timedelta(days=31):
        out.append(first)
        first = (first + dt.timedelta(days=32)).replace(day=1)
    return out


def gantt(content: Content, plan: Plan, lang: str, look: Look = PLAIN) -> str:
    """Tasks as bars by stage; critical ones outlined red; MVP and go-live as diamonds."""
    f = look.size()
    t = content.t
    cv = Canvas(WIDE * look.scale, 0, t("gantt_title", lang), f)
    top = cv.title(t("gantt_title", lang))
    label_w = min(300.0 * look.scale, max(width(task.name, f) for task in plan.tasks) + 12)
    names = {task.id: wrap(task.name, f, label_w - 12, 2) for task in plan.tasks}
    row = max(34.0, f * 2.6) if any(len(n) > 1 for n in names.values()) else max(30.0, f * 1.9)
    marks = [task for task in plan.tasks if task.milestone]
    right = max([width(t(f"milestone_{m.milestone}", lang), f) + 34 for m in marks] + [16])
    x0, x1 = label_w, cv.w - right
    ticks = months(plan)
    first, last = ticks[0], ticks[-1]
    span = max(1, (last - first).days)

    def x(day: dt.date) -> float:
        return x0 + (day - first).days / span * (x1 - x0)

    y0 = top + 4
    height = row * len(plan.tasks)
    # Months as faint columns, at most five labelled, upright: beside long task names on a
    # 1280-pixel projector more would crowd ("дек. 20…").
    step = max(1, -(-len(ticks) // 5))
    for i, month in enumerate(ticks):
        cv.line(x(month), y0, x(month), y0 + height, GRID)
        if i % step == 0 and i < len(ticks) - 1:
            cv.text(x(month) + 3, y0 + height + f, fmt_month(month, lang), f, css="month")
    colour = {stage: PALETTE[i % len(PALETTE)] for i, stage in enumerate(content.plan.stages)}
    yes, no = t("yes", lang), t("no", lang)
    for i, task in enumerate(plan.tasks):
        cy = y0 + row * i + row / 2
        cv.text(label_w - 8, cy, names[task.id], f, anchor="end", css="task")
        # A bar runs from the first morning to the last evening: end + 1 day.
        left, end = x(task.start), x(task.end + dt.timedelta(days=1))
        tip = t("gantt_hover", lang, name=task.name, start=fmt_date(task.start, lang),
                end=fmt_date(task.end, lang), days=task.days,
                critical=yes if task.critical else no)
        cv.rect(left, cy - row * 0.32, max(3, end - left), row * 0.64, colour[task.stage],
                CRITICAL if task.critical else None, 3, tip=tip, css="bar",
                data_task=task.id)
        if task.milestone:
            d = f * 0.55
            cv.path(f"M {end:.1f},{cy - d:.1f} L {end + d:.1f},{cy:.1f} L {end:.1f},"
                    f"{cy + d:.1f} L {end - d:.1f},{cy:.1f} Z", "#111111", css="milestone")
            cv.text(end + d + 5, cy, t(f"milestone_{task.milestone}", lang), f, bold=True)
    cv.line(x0, y0 + height, x1, y0 + height, AXIS)
    used = {task.stage for task in plan.tasks}
    items = [(content.plan.stages[s](lang), {"fill": colour[s]})
             for s in content.plan.stages if s in used]
    items.append((t("gantt_critical", lang), {"fill": "#FFFFFF", "stroke": CRITICAL, "sw": 3}))
    legend_y = y0 + height + f * 2
    cv.h = legend_y + _legend(cv, legend_y, items, f)
    return cv.render(cv.w * 1.25)


# --- readiness ------------------------------------------------------------------------------

def radar(readiness: Readiness, lang: str, title: str, look: Look = PLAIN) -> str:
    """Readiness of the fourteen steps round one circle, 0 at the centre, 100 at the rim."""
    f = look.size()
    steps = readiness.steps
    cv = Canvas(WIDE * look.scale, 0, title, f)
    top = cv.title(title, look.size(18))
    label_room = 200 * look.scale
    radius = min(cv.w / 2 - label_room - 10, 210 * look.scale)
    # Room above and below the circle for a two-line name at the top and at the bottom.
    room = 12 + f + 2.4 * f
    cx, cy = cv.w / 2, top + radius + room
    n = len(steps)

    def point(i: int, value: float) -> tuple[float, float]:
        angle = -math.pi / 2 + 2 * math.pi * i / n
        r = radius * value / 100
        return cx + r * math.cos(angle), cy + r * math.sin(angle)

    for level in (20, 40, 60, 80, 100):
        ring = " L ".join(f"{px:.1f},{py:.1f}" for px, py in (point(i, level) for i in range(n)))
        cv.path(f"M {ring} Z", "none", GRID if level < 100 else AXIS, 1)
        if not look.hide:
            cv.text(cx + 4, point(0, level)[1], str(level), look.size(15), color=MUTED,
                    css="tick")
    for i, s in enumerate(steps):
        px, py = point(i, 100)
        cv.line(cx, cy, px, py, GRID)
        cos = math.cos(-math.pi / 2 + 2 * math.pi * i / n)
        anchor = "middle" if abs(cos) < 0.2 else ("start" if cos > 0 else "end")
        # Names at the top and bottom sit further out: the ring's numbers are at the top.
        lx, ly = point(i, 100 * (radius + (12 if anchor != "middle" else 12 + f)) / radius)
        rows = wrap(f"{s.number}. {s.title}", f, label_room - 20, 2)
        sin = math.sin(-math.pi / 2 + 2 * math.pi * i / n)
        shift = (len(rows) - 1) * f * 0.6 * (1 if sin > 0.2 else -1 if sin < -0.2 else 0)
        cv.text(lx, ly + shift, rows, f, anchor=anchor, css="axis-label")
    shape = [point(i, s.readiness) for i, s in enumerate(steps)]
    cv.path("M " + " L ".join(f"{px:.1f},{py:.1f}" for px, py in shape) + " Z",
            PALETTE[0], PALETTE[0], 3, fill_opacity=0.25, css="profile")
    for s, (px, py) in zip(steps, shape, strict=True):
        tip = f"{s.number}. {s.title}" + ("" if look.hide else f": {round(s.readiness)}")
        cv.circle(px, py, 5, PALETTE[0], tip=tip, css="value", data_step=s.step,
                  data_value=None if look.hide else round(s.readiness))
    cv.h = cy + radius + room + 6
    return cv.render(cv.w * 1.25)


def step_bars(rows: list[tuple[str, float]], title: str, look: Look = PLAIN) -> str:
    """Readiness per step as labelled bars, for a phone where fourteen names round a circle
    do not fit. `rows` are (label with its figure or band, readiness 0–100)."""
    f = look.size()
    cv = Canvas(HALF * min(look.scale, 1.25), 0, title, f)
    y = cv.title(title)
    bar = max(8.0, f * 0.5)
    for label, value in rows:
        lines = wrap(label, f, cv.w - 16, 2)
        cv.text(8, y + len(lines) * f * 0.6, lines, f, css="step")
        y += len(lines) * f * 1.2 + 4
        cv.rect(8, y, cv.w - 16, bar, GRID, rx=bar / 2)
        cv.rect(8, y, (cv.w - 16) * max(0.0, min(100.0, value)) / 100, bar, PALETTE[0],
                rx=bar / 2, css="bar", data_value=round(value))
        y += bar + f * 0.8
    cv.h = y + 4
    return cv.render(cv.w * 1.3)


def risk_matrix(risks: list[RiskItem], labels: dict[str, str], look: Look = PLAIN) -> str:
    """Likelihood × impact grid: the count of risks per cell, their ids in the cell's tooltip."""
    f = look.size()
    cv = Canvas(HALF * min(look.scale, 1.25), 0, labels["title"], f)
    top = cv.title(labels["title"])
    left, bottom = 2 * f + 14, 2 * f + 18
    cell = (cv.w - left - 8) / 5
    cells: dict[tuple[int, int], list[str]] = {}
    for r in risks:
        cells.setdefault((r.likelihood, r.impact), []).append(r.id)
    for li in range(1, 6):
        for im in range(1, 6):
            x, y = left + (li - 1) * cell, top + (5 - im) * cell
            ids = cells.get((li, im), [])
            tip = labels["hover"].format(likelihood=li, impact=im, ids=", ".join(ids) or "—")
            cv.rect(x + 1.5, y + 1.5, cell - 3, cell - 3, _heat((li * im - 1) / 24), tip=tip,
                    css="cell", data_likelihood=li, data_impact=im, data_count=len(ids))
            if ids:
                cv.text(x + cell / 2, y + cell / 2, str(len(ids)), look.size(22), "middle",
                        True, pointer_events="none")
    base = top + 5 * cell
    for k in range(1, 6):
        cv.text(left + (k - 0.5) * cell, base + f * 0.9, str(k), f, "middle", css="tick")
        cv.text(left - 6, top + (5 - k + 0.5) * cell, str(k), f, "end", css="tick")
    cv.text(left + 2.5 * cell, base + f * 2.2, labels["likelihood"], f, "middle")
    mid = top + 2.5 * cell
    cv.text(f * 0.7, mid, labels["impact"], f, "middle", transform=f"rotate(-90 {f * 0.7:.1f} "
            f"{mid:.1f})")
    cv.h = base + bottom + 6
    return cv.render(cv.w * 1.3)


def _heat(t: float) -> str:
    """Green through yellow to red, as the cell's likelihood × impact grows."""
    stops = [(0, (0xE8, 0xF5, 0xE9)), (0.45, (0xFF, 0xF5, 0x9D)), (1, (0xEF, 0x9A, 0x9A))]
    for (t0, c0), (t1, c1) in zip(stops, stops[1:], strict=False):
        if t <= t1:
            k = (t - t0) / (t1 - t0)
            return "#" + "".join(f"{round(a + (b - a) * k):02X}" for a, b in zip(c0, c1,
                                                                                 strict=True))
    return "#EF9A9A"


def budget_bars(budget: Budget, lang: str, labels: dict[str, str], look: Look = PLAIN) -> str:
    """The estimate beside the stated budget, first year and three years, amounts written out.

    Bars lie down so that amounts ("4,5 млн ₽") sit at their ends at full size on a phone.
    """
    f = look.size()
    cv = Canvas(HALF * min(look.scale, 1.25), 0, labels["title"], f)
    top = cv.title(labels["title"])
    series = [(labels["estimate"], PALETTE[1],
               [budget.estimate_first_year, budget.estimate_three_years])]
    if budget.stated_first_year is not None:
        series.append((labels["stated"], PALETTE[0],
                       [budget.stated_first_year, budget.stated_three_years or 0]))
    horizons = [labels["first_year"], labels["three_years"]]
    amounts = [[fmt_money_short(v, lang) for v in values] for _, _, values in series]
    label_w = max(width(h, f) for h in horizons) + 12
    room = max(width(a, f) for row in amounts for a in row) + 10
    x0, x1 = label_w, cv.w - room
    peak = max(v for _, _, values in series for v in values) or 1
    bar = f * 1.6
    y = top + 4
    for h, horizon in enumerate(horizons):
        group = y
        for (name, colour, values), texts in zip(series, amounts, strict=True):
            w = (x1 - x0) * values[h] / peak
            cv.rect(x0, y, w, bar, colour, tip=f"{horizon} · {name}: {fmt_money(values[h], lang)}",
                    css="bar", data_value=round(values[h]))
            cv.text(x0 + w + 5, y + bar / 2, texts[h], f, css="amount")
            y += bar + 4
        cv.text(label_w - 8, (group + y - 4) / 2, horizon, f, "end", css="horizon")
        y += f
    cv.line(x0, top, x0, y - f, AXIS)
    cv.h = y + _legend(cv, y - f / 2, [(name, {"fill": colour}) for name, colour, _ in series], f)
    return cv.render(cv.w * 1.3)


# --- the sales process as swimlanes ---------------------------------------------------------

LANE_FILLS = ("#F3F6FA", "#FFFFFF")
GAP = "#D55E00"  # a stage with no owner or no exit criterion
WON, LOST = "#009E73", "#B00020"
FLOW = "#4B5563"


def _rounded(b: Any, r: float = 10) -> str:
    x0, y0, x1, y1 = b.x, b.y, b.x + b.w, b.y + b.h
    return (f"M {x0 + r:.1f},{y0:.1f} L {x1 - r:.1f},{y0:.1f} Q {x1:.1f},{y0:.1f} {x1:.1f},"
            f"{y0 + r:.1f} L {x1:.1f},{y1 - r:.1f} Q {x1:.1f},{y1:.1f} {x1 - r:.1f},{y1:.1f} "
            f"L {x0 + r:.1f},{y1:.1f} Q {x0:.1f},{y1:.1f} {x0:.1f},{y1 - r:.1f} L {x0:.1f},"
            f"{y0 + r:.1f} Q {x0:.1f},{y0:.1f} {x0 + r:.1f},{y0:.1f} Z")


def _head(x0: float, y0: float, x1: float, y1: float) -> str:
    """An arrowhead whose tip is the segment's end."""
    length = max(1e-6, math.hypot(x1 - x0, y1 - y0))
    ux, uy = (x1 - x0) / length, (y1 - y0) / length
    bx, by = x1 - ux * 10, y1 - uy * 10
    return (f"M {x1:.1f},{y1:.1f} L {bx - uy * 5:.1f},{by + ux * 5:.1f} "
            f"L {bx + uy * 5:.1f},{by - ux * 5:.1f} Z")


def swimlane(lay: Layout, title: str, gaps: set[str] = frozenset(), look: Look = PLAIN) -> str:
    """One pipeline as lanes of roles, stages left to right, the won and lost ends.

    Drawn at its own size (1 unit = 1 pixel), so its type never shrinks below 14 px: a long
    pipeline scrolls sideways instead. `gaps`: task nodes to outline as incomplete (no owner
    or no exit criterion).
    """
    g = geometry(lay, PLOT_SIZES)
    f = look.size(15)
    cv = Canvas(g.width, 0, title, f)
    top = cv.title(title, look.size(17))
    lanes_w = PLOT_SIZES.head - 20
    for k, (lane, box) in enumerate(zip(lay.lanes, g.lanes, strict=True)):
        cv.rect(box.x, top + box.y, box.w, box.h, LANE_FILLS[k % 2], "#C5CED8", css="lane")
        cv.text(box.x + 8, top + box.cy, wrap(lane.name, f, lanes_w, 3, bold=True), f,
                bold=True, color=MUTED, css="lane-name")
    for fl in lay.flows:
        pts = [(x, top + y) for x, y in g.flows[fl.id]]
        cv.path("M " + " L ".join(f"{x:.1f},{y:.1f}" for x, y in pts), "none", FLOW, 1.6,
                css="flow")
        cv.path(_head(*pts[-2], *pts[-1]), FLOW)
        if fl.name:
            (ax, ay), (bx, by) = pts[0], pts[1]
            cv.text((ax + bx) / 2 + 4, (ay + by) / 2 - f * 0.7, fl.name, f - 1, color="#4B5563",
                    css="flow-name")
    text_w, lines = PLOT_SIZES.task[0] - 12, max(2, int((PLOT_SIZES.task[1] - 8) / (f * 1.2)))
    label_w = PLOT_SIZES.col - 8
    for n in lay.nodes:
        b = g.nodes[n.id]
        bx, by, cx, cy = b.x, top + b.y, b.cx, top + b.cy
        tip = "\n".join([n.name, *n.doc.splitlines()]) if n.doc else n.name
        if n.kind in ("task", "handoff"):
            gap = n.id in gaps
            box = type(b)(bx, by, b.w, b.h)
            cv.path(_rounded(box), "#FFFFFF" if n.kind == "task" else "#EEF4FB",
                    GAP if gap else PALETTE[0], 3 if gap else 1.8,
                    "6 4" if gap or n.kind == "handoff" else None, tip=tip,
                    css="gap" if gap else n.kind, data_node=n.id)
            cv.text(cx, cy, wrap(n.name, f, text_w, lines), f, "middle", pointer_events="none")
            continue
        if n.kind == "gateway":
            cv.path(f"M {cx:.1f},{by:.1f} L {bx + b.w:.1f},{cy:.1f} L {cx:.1f},{by + b.h:.1f} "
                    f"L {bx:.1f},{cy:.1f} Z", "#FFFFFF", MUTED, 2, tip=tip, css="gateway")
            cv.text(cx, cy, "×", f + 6, "middle", True, color=MUTED, pointer_events="none")
            cv.text(cx, by - f * 1.3, wrap(n.name, f - 1, label_w, 2), f - 1, "middle")
            continue
        colour = {"start": MUTED, "won": WON, "lost": LOST}[n.kind]
        cv.circle(cx, cy, b.w / 2, "#FFFFFF", colour, 2 if n.kind == "start" else 4, tip=tip,
                  css=n.kind)
        if n.kind == "lost":  # left of it, under the last task: the won end's name is right
            cv.text(bx - 6, cy, wrap(n.name, f - 1, label_w, 2), f - 1, "end", color=LOST)
        else:
            cv.text(cx, by + b.h + f * 1.3, wrap(n.name, f - 1, label_w, 2), f - 1, "middle")
    cv.h = top + g.height + 8
    return cv.render(fixed=True)


# --- integrators' proposals -----------------------------------------------------------------

def proposals_chart(rows: list[tuple[str, float | None, float | None, int | None]],
                    licences: float, cost: tuple[float, float, float],
                    days: tuple[float, float, float], lang: str,
                    labels: dict[str, str], look: Look = PLAIN) -> str:
    """Cost and duration per proposal side by side; our estimate as a shaded band with a line.

    `rows` are (integrator, work cost, licence cost, working days). A quote without licences
    gets our licence estimate as a hatched segment, so every bar compares with the same band;
    `cost` and `days` are (low, ours, high).
    """
    f = look.size()
    cv = Canvas(WIDE * look.scale, 0, labels["title"], f)
    cv.defs.append(f'<pattern id="crm-hatch" width="8" height="8" patternUnits="userSpaceOnUse"'
                   f' patternTransform="rotate(45)"><rect width="8" height="8" fill="#FFFFFF"/>'
                   f'<line x1="0" y1="0" x2="0" y2="8" stroke="{PALETTE[4]}" stroke-width="3"/>'
                   f"</pattern>")
    top = cv.title(labels["title"]) + f * 1.4  # room for "ours" over the bands
    # Numbered: two long names cut to the same two lines must stay two bars.
    full = [f"{i}. {name}" for i, (name, *_) in enumerate(rows, 1)]
    names = [wrap(name, f, 190, 2) for name in full]
    label_w = max(width(line, f) for n in names for line in n) + 12
    work = [w or 0 for _, w, _, _ in rows]
    quoted = [lic or 0 for _, _, lic, _ in rows]
    assumed = [licences if lic is None and w is not None else 0 for _, w, lic, _ in rows]
    totals = [w + q + a for w, q, a in zip(work, quoted, assumed, strict=True)]
    spans = [d or 0 for *_, d in rows]
    gap = 30
    total_w = max(width(fmt_money(v, lang), f) for v in totals) + 8
    cost_x0 = label_w
    cost_x1 = label_w + (cv.w - label_w - gap) * 0.62 - total_w
    days_x0 = cost_x1 + total_w + gap
    days_x1 = cv.w - width("0000", f) - 8
    cost_top = max([cost[2], *totals]) * 1.05 or 1
    days_top = max([days[2], *spans]) * 1.05 or 1
    row = max(f * 2.6, 40)
    height = row * len(rows)

    def cx(v: float) -> float:
        return cost_x0 + (cost_x1 - cost_x0) * v / cost_top

    def dx(v: float) -> float:
        return days_x0 + (days_x1 - days_x0) * v / days_top

    for scale, (low, ours, high) in ((cx, cost), (dx, days)):
        cv.rect(scale(low), top, scale(high) - scale(low), height, "#009E73", fill_opacity=0.15,
                css="band")
        cv.line(scale(ours), top - 4, scale(ours), top + height, "#009E73", 3, "7 5", css="ours")
        cv.text(scale(ours), top - f * 0.8, labels["ours"], look.size(15), "middle")
    for i, ((*_, d), name) in enumerate(zip(rows, names, strict=True)):
        y = top + row * i + row * 0.2
        h = row * 0.6
        cv.text(label_w - 8, y + h / 2, name, f, "end", css="name")
        x = cost_x0
        for value, fill, stroke, key in ((work[i], PALETTE[0], None, "work"),
                                         (quoted[i], PALETTE[4], None, "licences"),
                                         (assumed[i], "url(#crm-hatch)", PALETTE[4],
                                          "licences_ours")):
            if value:
                cv.rect(x, y, cx(value) - cost_x0, h, fill, stroke, 1.5, css=key,
                        tip=f"{full[i]} · {labels[key]}: {fmt_money(value, lang)}")
                x += cx(value) - cost_x0
        if totals[i]:
            cv.text(x + 5, y + h / 2, fmt_money(totals[i], lang), f, css="total")
        cv.rect(days_x0, y, dx(spans[i]) - days_x0, h, PALETTE[1], css="days",
                tip=f"{full[i]} · {labels['days']}: {d if d is not None else '—'}")
        cv.text(dx(spans[i]) + 5, y + h / 2, str(d) if d is not None else "—", f, css="span")
    base = top + height
    cv.line(cost_x0, base, cost_x1, base, AXIS)
    cv.line(days_x0, base, days_x1, base, AXIS)
    for scale, top_value in ((cx, cost_top), (dx, days_top)):  # the axes' round ticks
        step = _round_step(top_value, 4)
        for k in range(int(top_value // step) + 1):
            cv.text(scale(k * step), base + f * 0.9, fmt_compact(k * step, lang),
                    look.size(15), "middle", css="tick")
    cv.text((cost_x0 + cost_x1) / 2, base + f * 2.2, labels["cost"], f, "middle")
    cv.text((days_x0 + days_x1) / 2, base + f * 2.2, labels["days"], f, "middle")
    legend_y = base + f * 3
    cv.h = legend_y + _legend(cv, legend_y, [
        (labels["work"], {"fill": PALETTE[0]}), (labels["licences"], {"fill": PALETTE[4]}),
        (labels["licences_ours"], {"fill": "url(#crm-hatch)", "stroke": PALETTE[4]}),
        (labels["ours"], {"fill": "#CCECE3", "stroke": "#009E73", "dash": "4 3"})], f)
    return cv.render(cv.w * 1.25)


# --- comparison and the consultant's portfolio ----------------------------------------------

THEN, NOW = "#9CA3AF", PALETTE[0]
UP, DOWN = PALETTE[2], PALETTE[5]


def dumbbell(moves: list[tuple[str, float, float]], labels: dict[str, str],
             look: Look = PLAIN) -> str:
    """Readiness then and now per step, one line per step, the biggest move at the top.

    `moves` are (name, old, new) in the order to draw them top down. A grey dot is then,
    a blue one now; the line between them is green when readiness rose, orange when it fell.
    """
    f = look.size()
    cv = Canvas(WIDE * look.scale, 0, labels["title"], f)
    top = cv.title(labels["title"]) + f * 1.6
    label_w = min(320.0, max([width(m[0], f) for m in moves] + [40]) + 14)
    names = [wrap(m[0], f, label_w - 14, 2) for m in moves]
    x0, x1 = label_w + 10, cv.w - 20
    row = max(f * 2.6, 40)

    def x(v: float) -> float:
        return x0 + (x1 - x0) * v / 100

    height = row * len(moves)
    for v in range(0, 101, 20):
        cv.line(x(v), top, x(v), top + height, GRID)
        if not look.hide:
            cv.text(x(v), top - f * 0.8, str(v), look.size(15), "middle", css="tick")
    for i, ((_, old, new), name) in enumerate(zip(moves, names, strict=True)):
        y = top + row * i + row / 2
        cv.text(label_w, y, name, f, "end", css="name")
        cv.line(x(old), y, x(new), y, UP if new > old else DOWN, 6,
                css="up" if new > old else "down")
        tip = labels["hover"].format(name=moves[i][0], then=f"{old:.0f}", now=f"{new:.0f}")
        for value, colour, key in ((old, THEN, "then"), (new, NOW, "now")):
            cv.circle(x(value), y, 9, colour, "#FFFFFF", 2,
                      tip=None if look.hide else tip, css=key)
    legend_y = top + height + 6
    cv.h = legend_y + _legend(cv, legend_y, [
        (labels["then"], {"kind": "dot", "fill": THEN}),
        (labels["now"], {"kind": "dot", "fill": NOW})], f)
    return cv.render(cv.w * 1.25)


def scatter_portfolio(points: list[tuple[str, float, float]], labels: dict[str, str],
                      look: Look = PLAIN) -> str:
    """Each assessment as a dot: completeness across, readiness up; names in the tooltips."""
    f = look.size()
    cv = Canvas(640, 0, labels["title"], f)
    top = cv.title(labels["title"]) + 8
    x0, x1 = 3 * f + 14, cv.w - 16
    size = x1 - x0
    y1 = top + size * 0.6
    y0 = top

    def x(v: float) -> float:
        return x0 + size * (v + 2) / 104

    def y(v: float) -> float:
        return y1 - (y1 - y0) * (v + 2) / 104

    for v in range(0, 101, 20):
        cv.line(x(v), y0, x(v), y1, GRID)
        cv.line(x0, y(v), x1, y(v), GRID)
        cv.text(x(v), y1 + f * 0.9, str(v), look.size(15), "middle", css="tick")
        cv.text(x0 - 6, y(v), str(v), look.size(15), "end", css="tick")
    for name, readiness, completeness in points:
        cv.circle(x(completeness), y(readiness), 6, PALETTE[0], fill_opacity=0.75, css="dot",
                  tip=labels["hover"].format(name=name, readiness=f"{readiness:.0f}",
                                             answered=f"{completeness:.0f}"))
    cv.text((x0 + x1) / 2, y1 + f * 2.2, labels["x"], f, "middle")
    mid = (y0 + y1) / 2
    cv.text(f * 0.7, mid, labels["y"], f, "middle", transform=f"rotate(-90 {f * 0.7:.1f} "
            f"{mid:.1f})")
    cv.h = y1 + f * 3
    return cv.render(cv.w * 1.25)

