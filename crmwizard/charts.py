"""Plotly figures as pure functions: data in, Figure out, sized to read on a projector."""

from __future__ import annotations

import datetime as dt
import html
from typing import Any

import plotly.graph_objects as go

from crmwizard.budget import Budget
from crmwizard.content import Content
from crmwizard.i18n import fmt_compact, fmt_date, fmt_money, fmt_money_short, fmt_month
from crmwizard.plan import Plan
from crmwizard.process import Layout, Sizes, geometry
from crmwizard.risks import RiskItem
from crmwizard.scoring import Readiness

# Labels at least 14 px and near-black: they must read on a projector across a room.
FONT = {"family": "Source Sans, DejaVu Sans, Arial, sans-serif", "size": 16, "color": "#111827"}
# Colour-blind-safe palette (Okabe–Ito), one colour per stage.
PALETTE = ["#0072B2", "#E69F00", "#009E73", "#CC79A7", "#56B4E9", "#D55E00", "#F0E442"]
CRITICAL = "#B00020"
DAY_MS = 86_400_000
LINES = {"gridcolor": "#E5E7EB", "zerolinecolor": "#D1D5DB"}
# Axes make room for their labels (long task names on the Gantt's left).
GRID = {**LINES, "automargin": True}
# Wider lane labels and boxes than the BPMN file: names must read on a projector.
PLOT_SIZES = Sizes(col=160, lane=130, head=170, task=(144, 84), event=34, gateway=46)
SCREEN_PX = 900  # the chart's width beside the sidebar on a laptop
# How a figure is shown: no toolbar, whose buttons cover the title on a touch screen and
# whose tooltips are English whatever the language.
SHOW = {"displaylogo": False, "displayModeBar": False}


def _layout(height: int, title: str, **layout: Any) -> dict[str, Any]:
    base = {"font": FONT, "height": height, "margin": {"l": 10, "r": 10, "t": 50, "b": 10},
            "paper_bgcolor": "white", "plot_bgcolor": "white",
            "title": {"text": title, "font": {"size": 18}}, "xaxis": dict(GRID),
            "yaxis": dict(GRID)}
    for key, value in layout.items():
        base[key] = {**base[key], **value} if isinstance(base.get(key), dict) else value
    return base


def _figure(data: list[dict], height: int, title: str, **layout: Any) -> go.Figure:
    """A figure from plain dicts, built without Plotly's validation and theme templates.

    The data here is ours and well-formed; validation and the template copy cost ~25 ms a
    figure, which is most of a screen's rerun.
    """
    return go.Figure(data=data, layout=_layout(height, title, **layout), _validate=False)


def gantt(content: Content, plan: Plan, lang: str) -> go.Figure:
    """Tasks as bars by stage; critical ones outlined; MVP and go-live as diamonds."""
    order = [t.name for t in plan.tasks]
    data: list[dict] = []
    for i, stage in enumerate(content.plan.stages):
        tasks = [t for t in plan.tasks if t.stage == stage]
        if not tasks:
            continue
        # Bars run from the first morning to the last evening: end + 1 day, in milliseconds.
        data.append({
            "type": "bar", "orientation": "h", "name": content.plan.stages[stage](lang),
            "y": [t.name for t in tasks], "base": [t.start.isoformat() for t in tasks],
            "x": [((t.end - t.start).days + 1) * DAY_MS for t in tasks],
            "marker": {"color": PALETTE[i % len(PALETTE)],
                       "line": {"color": [CRITICAL if t.critical else "rgba(0,0,0,0)"
                                          for t in tasks], "width": 3}},
            "customdata": [[fmt_date(t.start, lang), fmt_date(t.end, lang), t.days,
                            content.t("yes" if t.critical else "no", lang)] for t in tasks],
            "hovertemplate": content.t("gantt_hover", lang) + "<extra></extra>",
        })
    milestones = [t for t in plan.tasks if t.milestone]
    if milestones:
        data.append({
            "type": "scatter", "mode": "markers+text", "name": content.t("gantt_milestones", lang),
            "y": [t.name for t in milestones],
            "x": [(t.end + dt.timedelta(days=1)).isoformat() for t in milestones],
            "text": [content.t(f"milestone_{t.milestone}", lang) for t in milestones],
            "textposition": "middle right", "hoverinfo": "skip",
            "marker": {"symbol": "diamond", "size": 16, "color": "#111111"},
        })
    return _figure(data, max(380, 34 * len(order) + 160), content.t("gantt_title", lang),
                   barmode="overlay", xaxis={"type": "date", **_month_ticks(plan, lang)},
                   yaxis={"categoryorder": "array", "categoryarray": order[::-1]},
                   legend={"orientation": "h", "y": -0.04, "yanchor": "top", "x": 0})


def _month_ticks(plan: Plan, lang: str) -> dict[str, Any]:
    """Month ticks labelled in the user's language (Plotly would print English month names)."""
    first = plan.start.replace(day=1)
    months: list[dt.date] = []
    while first <= plan.end + dt.timedelta(days=31):
        months.append(first)
        first = (first + dt.timedelta(days=32)).replace(day=1)
    # At most five labels, upright: beside long task names on a 1280-pixel projector more
    # would be tilted by Plotly and cut ("дек. 20…").
    step = max(1, -(-len(months) // 5))
    shown = months[::step]
    return {"tickmode": "array", "tickangle": 0, "tickvals": [m.isoformat() for m in shown],
            "ticktext": [fmt_month(m, lang) for m in shown]}


def _money_ticks(top: float, lang: str) -> dict[str, Any]:
    """About five round ticks up to `top`, as "500 тыс." / "500K"."""
    if top <= 0:
        return {}
    raw = top / 5
    magnitude = 10 ** (len(str(int(raw))) - 1)
    step = next(m * magnitude for m in (1, 2, 2.5, 5, 10) if m * magnitude >= raw)
    ticks = [i * step for i in range(int(top // step) + 2)]
    return {"tickmode": "array", "tickvals": ticks,
            "ticktext": [fmt_compact(v, lang) for v in ticks]}


def radar(readiness: Readiness, lang: str, title: str) -> go.Figure:
    """Readiness of the fourteen steps on one polar chart, 0 to 100."""
    names = [f"{s.number}. {s.title}" for s in readiness.steps]
    values = [round(s.readiness) for s in readiness.steps]
    trace = {"type": "scatterpolar", "r": values + values[:1], "theta": names + names[:1],
             "fill": "toself", "line": {"color": PALETTE[0], "width": 3},
             "hovertemplate": "%{theta}: %{r}<extra></extra>"}
    return _figure([trace], 600, title, showlegend=False,
                   margin={"l": 170, "r": 170, "t": 60, "b": 40},
                   polar={"bgcolor": "white",
                          "radialaxis": {"range": [0, 100], "tickfont": {"size": 14}, **LINES},
                          "angularaxis": {"tickfont": {"size": 14}, **LINES}})


def risk_matrix(risks: list[RiskItem], labels: dict[str, str]) -> go.Figure:
    """Likelihood × impact grid: counts per cell, risk ids on hover."""
    cells: list[list[list[str]]] = [[[] for _ in range(5)] for _ in range(5)]
    for r in risks:
        cells[r.impact - 1][r.likelihood - 1].append(r.id)
    trace = {
        "type": "heatmap", "x": list(range(1, 6)), "y": list(range(1, 6)),
        "z": [[li * im for li in range(1, 6)] for im in range(1, 6)],
        "text": [[str(len(c)) if c else "" for c in row] for row in cells],
        "customdata": [[", ".join(c) if c else "—" for c in row] for row in cells],
        "texttemplate": "%{text}", "textfont": {"size": 22}, "showscale": False,
        "colorscale": [[0, "#E8F5E9"], [0.45, "#FFF59D"], [1, "#EF9A9A"]],
        "hovertemplate": labels["hover"] + "<extra></extra>", "xgap": 3, "ygap": 3,
    }
    return _figure([trace], 460, labels["title"],
                   xaxis={"title": {"text": labels["likelihood"]}, "dtick": 1},
                   yaxis={"title": {"text": labels["impact"]}, "dtick": 1})


def budget_bars(budget: Budget, lang: str, labels: dict[str, str]) -> go.Figure:
    """Stated budget next to the estimate, first year and three years.

    Amounts over the bars are short ("4,5 млн ₽") and keep their size: Plotly would shrink
    a long one to the bar's width, below what reads on a phone.
    """
    horizons = [labels["first_year"], labels["three_years"]]
    estimate = [budget.estimate_first_year, budget.estimate_three_years]
    data = [{"type": "bar", "name": labels["estimate"], "x": horizons, "y": estimate,
             "marker": {"color": PALETTE[1]}, "textposition": "outside",
             "constraintext": "none", "text": [fmt_money_short(v, lang) for v in estimate]}]
    if budget.stated_first_year is not None:
        stated = [budget.stated_first_year, budget.stated_three_years or 0]
        data.append({"type": "bar", "name": labels["stated"], "x": horizons, "y": stated,
                     "marker": {"color": PALETTE[0]}, "textposition": "outside",
                     "constraintext": "none",
                     "text": [fmt_money_short(v, lang) for v in stated]})
    top = max([*estimate, *(data[-1]["y"] if len(data) > 1 else [])])
    return _figure(data, 420, labels["title"], barmode="group",
                   yaxis=_money_ticks(top * 1.15, lang), legend={"orientation": "h", "y": -0.15})


# --- the sales process as swimlanes ---------------------------------------------------------

LANE_FILLS = ("#F3F6FA", "#FFFFFF")
GAP = "#D55E00"  # a stage with no owner or no exit criterion
WON, LOST = "#009E73", "#B00020"


def _wrap(text: str, width: int, lines: int) -> str:
    """Words in at most `lines` lines of about `width` characters, HTML-escaped, <br>-joined."""
    out: list[str] = []
    for word in text.split():
        while len(word) > width + 3:  # a word far longer than a line is split with a hyphen
            out.append(word[:width - 1] + "-")
            word = word[width - 1:]
        if out and len(out[-1]) + 1 + len(word) <= width:
            out[-1] += " " + word
        else:
            out.append(word)
    if len(out) > lines:
        out = out[:lines]
        out[-1] = out[-1][: max(1, width - 1)] + "…"
    return "<br>".join(html.escape(line, quote=False) for line in out)


def _rounded(b: Any, r: float = 10) -> str:
    x0, y0, x1, y1 = b.x, b.y, b.x + b.w, b.y + b.h
    return (f"M {x0 + r},{y0} L {x1 - r},{y0} Q {x1},{y0} {x1},{y0 + r} L {x1},{y1 - r} "
            f"Q {x1},{y1} {x1 - r},{y1} L {x0 + r},{y1} Q {x0},{y1} {x0},{y1 - r} "
            f"L {x0},{y0 + r} Q {x0},{y0} {x0 + r},{y0} Z")


def _heading(x0: float, y0: float, x1: float, y1: float) -> float:
    """Marker angle (degrees clockwise from up, y pointing down the screen) along a segment."""
    if abs(x1 - x0) >= abs(y1 - y0):
        return 90 if x1 > x0 else 270
    return 180 if y1 > y0 else 0


def swimlane(lay: Layout, title: str, gaps: set[str] = frozenset()) -> go.Figure:
    """One pipeline as lanes of roles, stages left to right, the won and lost ends.

    `gaps`: ids of task nodes to outline as incomplete (no owner or no exit criterion).
    Texts, links and arrowheads are a few traces rather than hundreds of layout annotations:
    Plotly copies every annotation on each rerun, traces are cheap arrays.
    """
    sizes = PLOT_SIZES
    g = geometry(lay, sizes)
    # Drawn 1:1 and as wide as the screen: text sizes follow the scale (zoom for detail).
    px = SCREEN_PX / g.width
    font = max(10, min(15, round(px * 21)))
    chars = max(6, int(sizes.task[0] * px / (font * 0.58)))
    lines = max(2, int(sizes.task[1] * px / (font * 1.3)))
    label_chars = max(8, int(sizes.col * px / ((font - 1) * 0.58)))
    shapes: list[dict] = []
    texts: dict[str, list] = {"x": [], "y": [], "text": [], "pos": [], "size": [], "color": []}

    def say(x: float, y: float, value: str, pos: str = "middle center", size: int = font,
            color: str = "#111827") -> None:
        for key, v in zip(texts, (x, y, value, pos, size, color), strict=True):
            texts[key].append(v)

    for k, (lane, box) in enumerate(zip(lay.lanes, g.lanes, strict=True)):
        shapes.append({"type": "rect", "x0": box.x, "x1": box.x + box.w, "y0": box.y,
                       "y1": box.y + box.h, "fillcolor": LANE_FILLS[k % 2],
                       "line": {"color": "#C5CED8", "width": 1}, "layer": "below"})
        say(box.x + 6, box.cy, f"<b>{_wrap(lane.name, int(150 * px / (font * 0.62)), 3)}</b>",
            "middle right", font, "#374151")
    link_x: list[float | None] = []
    link_y: list[float | None] = []
    head_x, head_y, head_angle = [], [], []
    for f in lay.flows:
        pts = g.flows[f.id]
        link_x += [x for x, _ in pts] + [None]
        link_y += [y for _, y in pts] + [None]
        (x0, y0), (x1, y1) = pts[-2], pts[-1]
        back = 4 / px  # the head's middle a few pixels before the end: its tip on the edge
        length = max(1e-6, abs(x1 - x0) + abs(y1 - y0))
        head_x.append(x1 - (x1 - x0) / length * back)
        head_y.append(y1 - (y1 - y0) / length * back)
        head_angle.append(_heading(x0, y0, x1, y1))
        if f.name:
            say((pts[0][0] + pts[1][0]) / 2 + 4, (pts[0][1] + pts[1][1]) / 2,
                html.escape(f.name), "top right", font - 2, "#4B5563")
    hover: dict[str, list] = {"x": [], "y": [], "text": []}
    for n in lay.nodes:
        b = g.nodes[n.id]
        if n.doc or n.kind in ("task", "handoff"):
            hover["x"].append(b.cx)
            hover["y"].append(b.cy)
            hover["text"].append(f"<b>{_wrap(n.name, 40, 3)}</b><br>" + "<br>".join(
                _wrap(line, 60, 3) for line in n.doc.splitlines()))
        if n.kind in ("task", "handoff"):
            gap = n.id in gaps
            shapes.append({"type": "path", "path": _rounded(b),
                           "fillcolor": "#FFFFFF" if n.kind == "task" else "#EEF4FB",
                           "line": {"color": GAP if gap else PALETTE[0],
                                    "width": 3 if gap else 1.8,
                                    "dash": "dash" if gap or n.kind == "handoff" else "solid"}})
            say(b.cx, b.cy, _wrap(n.name, chars, lines))
            continue
        if n.kind == "gateway":
            shapes.append({"type": "path", "fillcolor": "#FFFFFF",
                           "path": f"M {b.cx},{b.y} L {b.x + b.w},{b.cy} L {b.cx},{b.y + b.h} "
                                   f"L {b.x},{b.cy} Z", "line": {"color": "#374151", "width": 2}})
            say(b.cx, b.cy, "<b>×</b>", size=font + 4, color="#374151")
            say(b.cx, b.y - 2, _wrap(n.name, label_chars, 2), "top center", font - 1)
            continue
        colour = {"start": "#374151", "won": WON, "lost": LOST}[n.kind]
        shapes.append({"type": "circle", "x0": b.x, "x1": b.x + b.w, "y0": b.y,
                       "y1": b.y + b.h, "fillcolor": "#FFFFFF",
                       "line": {"color": colour, "width": 2 if n.kind == "start" else 4}})
        if n.kind == "lost":  # left of it, under the last task: the won end's name is right
            say(b.x - 4, b.cy, _wrap(n.name, label_chars, 2), "middle left", font - 1, LOST)
        else:
            say(b.cx, b.y + b.h + 2, _wrap(n.name, label_chars, 2), "bottom center", font - 1)
    # Shapes stay under the traces, so the texts and links are drawn over the boxes.
    for shape in shapes:
        shape["layer"] = "below"
    data = [
        {"type": "scatter", "mode": "lines", "x": link_x, "y": link_y, "hoverinfo": "skip",
         "line": {"color": "#4B5563", "width": 1.6}, "showlegend": False},
        {"type": "scatter", "mode": "markers", "x": head_x, "y": head_y, "hoverinfo": "skip",
         "marker": {"symbol": "triangle-up", "size": 9, "angle": head_angle,
                    "color": "#4B5563", "standoff": 1}, "showlegend": False},
        {"type": "scatter", "mode": "text", "x": texts["x"], "y": texts["y"],
         "text": texts["text"], "textposition": texts["pos"], "hoverinfo": "skip",
         "textfont": {"size": texts["size"], "color": texts["color"]}, "showlegend": False},
        {"type": "scatter", "mode": "markers", "x": hover["x"], "y": hover["y"],
         "text": hover["text"], "hovertemplate": "%{text}<extra></extra>",
         "marker": {"size": 40, "color": "rgba(0,0,0,0)"}, "showlegend": False},
    ]
    axis = {"visible": False, "showgrid": False, "zeroline": False}
    return _figure(data, int(60 + g.height * px), html.escape(title), shapes=shapes,
                   showlegend=False, dragmode="pan", margin={"l": 4, "r": 4, "t": 44, "b": 8},
                   xaxis={**axis, "range": [0, g.width]},
                   yaxis={**axis, "range": [g.height, 0], "scaleanchor": "x",
                          "scaleratio": 1})


# --- integrators' proposals -----------------------------------------------------------------

def proposals_chart(rows: list[tuple[str, float | None, float | None, int | None]],
                    licences: float, cost: tuple[float, float, float],
                    days: tuple[float, float, float], lang: str,
                    labels: dict[str, str]) -> go.Figure:
    """Cost and duration per proposal side by side; our estimate as a shaded band with a line.

    `rows` are (integrator, work cost, licence cost, working days). A quote without licences
    gets our licence estimate as a hatched segment, so every bar compares with the same band;
    `cost` and `days` are (low, ours, high).
    """
    # Numbered: two long names cut to the same two lines must stay two bars.
    names = [f"{i}. {_wrap(name, 24, 2)}" for i, (name, *_) in enumerate(rows, 1)]
    work = [w or 0 for _, w, _, _ in rows]
    quoted = [lic or 0 for _, _, lic, _ in rows]
    assumed = [licences if lic is None and w is not None else 0 for _, w, lic, _ in rows]
    totals = [w + q + a for w, q, a in zip(work, quoted, assumed, strict=True)]
    bar = {"type": "bar", "orientation": "h", "y": names, "xaxis": "x", "yaxis": "y",
           "hovertemplate": "%{y}: %{x:,.0f}<extra>%{fullData.name}</extra>"}
    data = [
        {**bar, "x": work, "name": labels["work"], "marker": {"color": PALETTE[0]}},
        {**bar, "x": quoted, "name": labels["licences"], "marker": {"color": PALETTE[4]}},
        {**bar, "x": assumed, "name": labels["licences_ours"],
         "marker": {"color": "white", "line": {"color": PALETTE[4], "width": 1.5},
                    "pattern": {"shape": "/", "fgcolor": PALETTE[4]}},
         "text": [fmt_money(t, lang) if t else "" for t in totals], "textposition": "outside",
         "cliponaxis": False},
        {"type": "bar", "orientation": "h", "y": names, "x": [d or 0 for *_, d in rows],
         "name": labels["days"], "marker": {"color": PALETTE[1]}, "xaxis": "x2", "yaxis": "y2",
         "text": [str(d) if d is not None else "—" for *_, d in rows],
         "textposition": "auto", "showlegend": False,
         "hovertemplate": "%{y}: %{x}<extra></extra>"},
    ]
    shapes, notes = [], []
    for axis, (low, ours, high) in (("x", cost), ("x2", days)):
        shapes += [
            {"type": "rect", "xref": axis, "yref": "paper", "x0": low, "x1": high, "y0": 0,
             "y1": 1, "fillcolor": "#009E73", "opacity": 0.15, "line": {"width": 0},
             "layer": "below"},
            {"type": "line", "xref": axis, "yref": "paper", "x0": ours, "x1": ours, "y0": 0,
             "y1": 1, "line": {"color": "#009E73", "width": 3, "dash": "dash"}},
        ]
        notes.append({"xref": axis, "yref": "paper", "x": ours, "y": 1.0, "yanchor": "bottom",
                      "text": labels["ours"], "showarrow": False, "font": {"size": 13}})
    top = max([cost[2], *totals]) * 1.25  # room for the total written after the bar
    top_days = max([days[2], *[d or 0 for *_, d in rows]]) * 1.1
    return _figure(data, 220 + 60 * len(rows), labels["title"], barmode="stack",
                   bargap=0.35, shapes=shapes, annotations=notes,
                   legend={"orientation": "h", "y": -0.25, "x": 0, "traceorder": "normal"},
                   margin={"l": 10, "r": 10, "t": 80, "b": 40},
                   xaxis={"domain": [0, 0.56], "title": {"text": labels["cost"]},
                          "range": [0, top], **_money_ticks(top, lang)},
                   xaxis2={"domain": [0.64, 1], "title": {"text": labels["days"]},
                           "range": [0, top_days], **GRID},
                   yaxis={"autorange": "reversed", "automargin": True},
                   yaxis2={"anchor": "x2", "autorange": "reversed", "showticklabels": False,
                           **GRID})
# --- comparison and presenter view ------------------------------------------------------------

THEN, NOW = "#9CA3AF", PALETTE[0]
UP, DOWN = PALETTE[2], PALETTE[5]


def dumbbell(moves: list[tuple[str, float, float]], labels: dict[str, str]) -> go.Figure:
    """Readiness then and now per step, one line per step, the biggest move at the top.

    `moves` are (name, old, new) in the order to draw them top down. A grey dot is then,
    a blue one now; the line between them is green when readiness rose, orange when it fell.
    """
    names = [m[0] for m in moves]
    data: list[dict] = []
    for direction, colour in ((1, UP), (-1, DOWN)):
        xs: list[float | None] = []
        ys: list[str | None] = []
        for name, old, new in moves:
            if (new > old) - (new < old) == direction:
                xs += [old, new, None]
                ys += [name, name, None]
        data.append({"type": "scatter", "mode": "lines", "x": xs, "y": ys, "hoverinfo": "skip",
                     "line": {"color": colour, "width": 6}, "showlegend": False})
    for key, idx, colour in (("then", 1, THEN), ("now", 2, NOW)):
        data.append({"type": "scatter", "mode": "markers", "name": labels[key],
                     "x": [m[idx] for m in moves], "y": names,
                     "customdata": [f"{m[1]:.0f} → {m[2]:.0f}" for m in moves],
                     "hovertemplate": labels["hover"] + "<extra></extra>",
                     "marker": {"color": colour, "size": 18, "line": {"color": "white",
                                                                       "width": 2}}})
    return _figure(data, max(360, 44 * len(moves) + 150), labels["title"],
                   margin={"l": 10, "r": 20, "t": 60, "b": 10},
                   xaxis={"range": [-3, 103], "dtick": 20, "side": "top"},
                   yaxis={"categoryorder": "array", "categoryarray": names[::-1],
                          "automargin": True},
                   legend={"orientation": "h", "y": -0.02, "yanchor": "top", "x": 0})


def scatter_portfolio(points: list[tuple[str, float, float]], labels: dict[str, str]
                      ) -> go.Figure:
    """Each assessment as a dot: completeness across, readiness up; names on hover only."""
    trace = {"type": "scattergl" if len(points) > 1000 else "scatter", "mode": "markers",
             "x": [p[2] for p in points], "y": [p[1] for p in points],
             "text": [html.escape(p[0], quote=False) for p in points],
             "hovertemplate": labels["hover"] + "<extra></extra>",
             "marker": {"size": 11, "color": PALETTE[0], "opacity": 0.75}}
    return _figure([trace], 420, labels["title"], showlegend=False,
                   xaxis={"range": [-2, 102], "title": {"text": labels["x"]}},
                   yaxis={"range": [-2, 102], "title": {"text": labels["y"]}})


def for_presenter(fig: go.Figure, hide_numbers: bool, scale: float = 1.4) -> go.Figure:
    """The figure for a projector: type `scale` times larger; without scores when hiding.

    Hiding removes what would show a readiness figure: axis numbers, polar ticks and hover
    values. Shapes stay, so a movement or a profile can still be pointed at.
    """
    lay = fig.layout
    lay.font.size = round((lay.font.size or FONT["size"]) * scale)
    if lay.title.font.size:
        lay.title.font.size = round(lay.title.font.size * scale)
    if lay.height:
        lay.height = round(lay.height * min(scale, 1.25))
    if lay.polar.radialaxis.tickfont.size:
        lay.polar.radialaxis.tickfont.size = round(lay.polar.radialaxis.tickfont.size * scale)
    if lay.polar.angularaxis.tickfont.size:
        lay.polar.angularaxis.tickfont.size = round(
            lay.polar.angularaxis.tickfont.size * scale)
    if hide_numbers:
        lay.polar.radialaxis.showticklabels = False
        lay.xaxis.showticklabels = False
        fig.update_traces(hoverinfo="skip", hovertemplate=None, customdata=None)
    return fig
