"""Charts drawn natively with reportlab.graphics: readiness bars, risk matrix, Gantt."""

from __future__ import annotations

import datetime as dt
import math
from collections import defaultdict
from collections.abc import Callable
from dataclasses import dataclass

from babel.dates import format_date
from reportlab.graphics.charts.barcharts import HorizontalBarChart
from reportlab.graphics.shapes import Drawing, Group, Line, Polygon, Rect, String
from reportlab.lib import colors
from reportlab.pdfbase.pdfmetrics import stringWidth

from crmwizard.plan import Plan, Task
from crmwizard.report.document import fit
from crmwizard.report.fonts import register
from crmwizard.report.styles import BAD, GOOD, INK, MUTED, RULE, WARN, ZEBRA
from crmwizard.risks import RiskItem

# Okabe–Ito, in the same stage order as the Gantt on screen (crmwizard/charts.py, which
# measures its text with this package's fonts: importing it here would be circular).
PALETTE = [colors.HexColor(c) for c in
           ("#0072B2", "#E69F00", "#009E73", "#CC79A7", "#56B4E9", "#D55E00", "#F0E442")]
CRITICAL = colors.HexColor("#B00020")
HEAT = [(4, "#D8EFD9"), (9, "#FCEFC0"), (14, "#FBD3AE"), (25, "#F5B7B1")]
LABEL_W = 150  # points kept for task names left of the Gantt


def drawing(width: float, height: float) -> Drawing:
    """A drawing whose default font is the bundled one (reportlab's default is Helvetica)."""
    d = Drawing(width, height)
    d.initialFontName, d.initialFontSize = register()[0], 8
    return d


def band_colour(value: float, cutoffs: list[float]) -> colors.Color:
    """Red, amber or green by the readiness band `value` falls in."""
    index = sum(value >= c for c in cutoffs[1:])
    scale = [BAD, WARN, GOOD]
    return scale[min(2, round(index * 2 / max(1, len(cutoffs) - 1)))]


def readiness_bars(items: list[tuple[str, float]], cutoffs: list[float],
                   width: float, label: Callable[[float], str]) -> Drawing:
    """Readiness 0..100 per step, first step on top; band cut-offs as dashed lines.

    `label` formats a bar's number: the same function as the text beside it, so that a step
    never reads 80 on its bar and 81 in its heading (rounding once, from the exact value).
    """
    regular, _ = register()
    row = 15
    # As wide as the longest step name needs, up to 40% of the width; longer names are cut.
    label_w = min(0.4 * width, max(stringWidth(n, regular, 7.5) for n, _ in items) + 12)
    d = drawing(width, row * len(items) + 24)
    bc = HorizontalBarChart()
    bc.x, bc.y = label_w, 16
    bc.width, bc.height = width - label_w - 22, row * len(items)
    ordered = list(reversed(items))  # the chart draws its first category at the bottom
    bc.data = [[v for _, v in ordered]]
    bc.groupSpacing = 4
    bc.bars.strokeColor = None
    for i, (_, v) in enumerate(ordered):
        bc.bars[(0, i)].fillColor = band_colour(v, cutoffs)
    ca = bc.categoryAxis
    ca.categoryNames = [fit(name, regular, 7.5, label_w - 8) for name, _ in ordered]
    ca.labels.fontName, ca.labels.fontSize = regular, 7.5
    ca.labels.boxAnchor, ca.labels.dx = "e", -4
    ca.strokeColor, ca.tickLeft = RULE, 0
    va = bc.valueAxis
    va.valueMin, va.valueMax, va.valueStep = 0, 100, 20
    va.labels.fontName, va.labels.fontSize, va.labels.fillColor = regular, 7, MUTED
    va.strokeColor, va.visibleGrid, va.gridStrokeColor = RULE, 1, ZEBRA
    bc.barLabelFormat = label
    bc.barLabels.fontName, bc.barLabels.fontSize = regular, 7
    bc.barLabels.boxAnchor, bc.barLabels.dx = "w", 3
    d.add(bc)
    for cut in cutoffs[1:]:
        x = bc.x + bc.width * cut / 100
        d.add(Line(x, bc.y, x, bc.y + bc.height, strokeColor=MUTED, strokeWidth=0.6,
                   strokeDashArray=[2, 2]))
    return d


def risk_matrix(risks: list[RiskItem], likelihood: str, impact: str) -> Drawing:
    """5×5 likelihood × impact grid with the number of risks and their ids in each cell."""
    regular, bold = register()
    cell, left, bottom = 38, 30, 30
    d = drawing(left + 5 * cell + 2, bottom + 5 * cell + 2)
    cells: dict[tuple[int, int], list[str]] = defaultdict(list)
    for r in risks:
        cells[(r.likelihood, r.impact)].append(r.id)
    for li in range(1, 6):
        for im in range(1, 6):
            x, y = left + (li - 1) * cell, bottom + (im - 1) * cell
            heat = next(c for top, c in HEAT if li * im <= top)
            d.add(Rect(x, y, cell, cell, fillColor=colors.HexColor(heat),
                       strokeColor=colors.white, strokeWidth=1.5))
            ids = cells.get((li, im))
            if ids:
                d.add(String(x + cell / 2, y + cell / 2, str(len(ids)), fontName=bold,
                             fontSize=12, fillColor=INK, textAnchor="middle"))
                d.add(String(x + cell / 2, y + 5, fit(" ".join(ids), regular, 5.5, cell - 4),
                             fontName=regular, fontSize=5.5, fillColor=INK,
                             textAnchor="middle"))
    for n in range(1, 6):
        d.add(String(left + (n - 0.5) * cell, bottom - 10, str(n), fontName=regular,
                     fontSize=7, fillColor=MUTED, textAnchor="middle"))
        d.add(String(left - 6, bottom + (n - 0.5) * cell - 2.5, str(n), fontName=regular,
                     fontSize=7, fillColor=MUTED, textAnchor="end"))
    d.add(String(left + 2.5 * cell, 4, fit(likelihood, bold, 8, 5 * cell), fontName=bold,
                 fontSize=8, fillColor=INK, textAnchor="middle"))
    turned = Group(String(0, 0, fit(impact, bold, 8, 5 * cell), fontName=bold, fontSize=8,
                          fillColor=INK, textAnchor="middle"))
    turned.transform = (0, 1, -1, 0, 8, bottom + 2.5 * cell)  # 90° counter-clockwise
    d.add(turned)
    return d


@dataclass(frozen=True)
class GanttText:
    """The words a Gantt chart shows, in the document's language."""

    lang: str
    stages: dict[str, str]  # stage id → name, in plan order
    critical: str
    milestones: str
    milestone_names: dict[str, str]


def _months(first: dt.date, last: dt.date) -> list[dt.date]:
    day = dt.date(first.year, first.month, 1)
    out = []
    while day <= last:
        if day >= first:
            out.append(day)
        day = dt.date(day.year + day.month // 12, day.month % 12 + 1, 1)
    return out


def gantt(plan: Plan, words: GanttText, width: float, rows: int = 42) -> list[Drawing]:
    """The plan as bars coloured by stage, critical tasks outlined, milestones as diamonds.

    Long plans come back as several drawings of at most `rows` tasks on one time scale.
    """
    if not plan.tasks:
        return []
    return [_gantt_part(plan, plan.tasks[i:i + rows], words, width)
            for i in range(0, len(plan.tasks), rows)]


def _gantt_part(plan: Plan, tasks: list[Task], words: GanttText, width: float) -> Drawing:
    regular, bold = register()
    row, axis = 11, 22
    x0, x1 = LABEL_W + 4, width - 4
    first, last = plan.start, plan.end + dt.timedelta(days=1)
    per_day = (x1 - x0) / max(1, (last - first).days)
    height = axis + row * len(tasks) + 2
    top = height - axis
    d = drawing(width, height)

    def x_of(day: dt.date) -> float:
        return x0 + (day - first).days * per_day

    for i in range(0, len(tasks), 2):
        d.add(Rect(0, top - (i + 1) * row, width, row, fillColor=ZEBRA, strokeColor=None))
    months = _months(first, last)
    widest = max((stringWidth(format_date(m, "LLL", locale=words.lang), regular, 6.5)
                  for m in months), default=0)
    step = max(1, math.ceil((widest + 4) / (30.4 * per_day)))  # label every `step` months
    for i, m in enumerate(months):
        x = x_of(m)
        d.add(Line(x, 0, x, top + 2, strokeColor=RULE, strokeWidth=0.4))
        if i % step == 0 and x + widest < x1 + 4:
            d.add(String(x + 2, top + 3, format_date(m, "LLL", locale=words.lang),
                         fontName=regular, fontSize=6.5, fillColor=MUTED))
        if i == 0 or m.month == 1:
            d.add(String(x + 2, top + 12, str(m.year), fontName=bold, fontSize=6.5,
                         fillColor=MUTED))
    colour = {s: PALETTE[i % len(PALETTE)] for i, s in enumerate(words.stages)}
    for i, t in enumerate(tasks):
        y = top - (i + 1) * row
        d.add(String(LABEL_W, y + 3, fit(t.name, bold if t.critical else regular, 7,
                                         LABEL_W - 4), fontName=bold if t.critical else regular,
                     fontSize=7, fillColor=INK, textAnchor="end"))
        bx, bw = x_of(t.start), max(1.5, ((t.end - t.start).days + 1) * per_day)
        d.add(Rect(bx, y + 2, bw, row - 4, fillColor=colour.get(t.stage, MUTED),
                   strokeColor=CRITICAL if t.critical else None,
                   strokeWidth=1.2 if t.critical else 0))
        if t.milestone:
            mx, my = x_of(t.end + dt.timedelta(days=1)), y + row / 2
            d.add(Polygon([mx, my + 4.5, mx + 4.5, my, mx, my - 4.5, mx - 4.5, my],
                          fillColor=INK, strokeColor=colors.white, strokeWidth=0.5))
            name = words.milestone_names.get(t.milestone, t.milestone)
            right = mx + 7 + stringWidth(name, bold, 7) <= width
            d.add(String(mx + 7 if right else mx - 7, my - 2.5, name, fontName=bold,
                         fontSize=7, fillColor=INK, textAnchor="start" if right else "end"))
    return d


def gantt_legend(words: GanttText, stages: list[str], width: float) -> Drawing:
    """Stage colours, the critical-path outline and the milestone diamond, wrapped to `width`."""
    regular, _ = register()
    items: list[tuple[str, str]] = [(s, words.stages[s]) for s in words.stages if s in stages]
    items += [("critical", words.critical), ("milestone", words.milestones)]
    line, x, y, placed = 12, 0.0, 0, []
    for key, name in items:
        w = 14 + stringWidth(name, regular, 7) + 12
        if x + w > width and x:
            x, y = 0.0, y + 1
        placed.append((key, name, x, y))
        x += w
    d = drawing(width, line * (y + 1))
    colour = {s: PALETTE[i % len(PALETTE)] for i, s in enumerate(words.stages)}
    for key, name, lx, ly in placed:
        base = line * (y - ly) + 2
        if key == "milestone":
            cx, cy = lx + 5, base + 3.5
            d.add(Polygon([cx, cy + 4, cx + 4, cy, cx, cy - 4, cx - 4, cy], fillColor=INK))
        else:
            d.add(Rect(lx, base, 10, 7, fillColor=colors.white if key == "critical"
                       else colour[key], strokeColor=CRITICAL if key == "critical" else None,
                       strokeWidth=1.2))
        d.add(String(lx + 14, base + 1, name, fontName=regular, fontSize=7, fillColor=INK))
    return d
