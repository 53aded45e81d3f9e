"""Plotly figures as pure functions: data in, Figure out, sized to read on a projector."""

from __future__ import annotations

import datetime as dt
from typing import Any

import plotly.graph_objects as go

from crmwizard.budget import Budget
from crmwizard.content import Content
from crmwizard.i18n import fmt_compact, fmt_date, fmt_money, fmt_month
from crmwizard.plan import Plan
from crmwizard.risks import RiskItem
from crmwizard.scoring import Readiness

FONT = {"family": "Source Sans, DejaVu Sans, Arial, sans-serif", "size": 16, "color": "#111827"}
# Colour-blind-safe palette (Okabe–Ito), one colour per stage.
PALETTE = ["#0072B2", "#E69F00", "#009E73", "#CC79A7", "#56B4E9", "#D55E00", "#F0E442"]
CRITICAL = "#B00020"
DAY_MS = 86_400_000
GRID = {"gridcolor": "#E5E7EB", "zerolinecolor": "#D1D5DB"}


def _figure(data: list[dict], height: int, title: str, **layout: Any) -> go.Figure:
    """A figure from plain dicts, built without Plotly's validation and theme templates.

    The data here is ours and well-formed; validation and the template copy cost ~25 ms a
    figure, which is most of a screen's rerun.
    """
    base = {"font": FONT, "height": height, "margin": {"l": 10, "r": 10, "t": 50, "b": 10},
            "paper_bgcolor": "white", "plot_bgcolor": "white",
            "title": {"text": title, "font": {"size": 18}}, "xaxis": dict(GRID),
            "yaxis": dict(GRID)}
    for key, value in layout.items():
        base[key] = {**base[key], **value} if isinstance(base.get(key), dict) else value
    return go.Figure(data=data, layout=base, _validate=False)


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
    step = max(1, len(months) // 8)  # at most about eight labels on a projector's width
    shown = months[::step]
    return {"tickmode": "array", "tickvals": [m.isoformat() for m in shown],
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
                          "radialaxis": {"range": [0, 100], "tickfont": {"size": 12}, **GRID},
                          "angularaxis": {"tickfont": {"size": 13}, **GRID}})


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
    """Stated budget next to the estimate, first year and three years."""
    horizons = [labels["first_year"], labels["three_years"]]
    estimate = [budget.estimate_first_year, budget.estimate_three_years]
    data = [{"type": "bar", "name": labels["estimate"], "x": horizons, "y": estimate,
             "marker": {"color": PALETTE[1]}, "textposition": "outside",
             "text": [fmt_money(v, lang) for v in estimate]}]
    if budget.stated_first_year is not None:
        stated = [budget.stated_first_year, budget.stated_three_years or 0]
        data.append({"type": "bar", "name": labels["stated"], "x": horizons, "y": stated,
                     "marker": {"color": PALETTE[0]}, "textposition": "outside",
                     "text": [fmt_money(v, lang) for v in stated]})
    top = max([*estimate, *(data[-1]["y"] if len(data) > 1 else [])])
    return _figure(data, 420, labels["title"], barmode="group",
                   yaxis=_money_ticks(top * 1.15, lang), legend={"orientation": "h", "y": -0.15})
