"""Plotly figures as pure functions: data in, Figure out, sized to read on a projector."""

from __future__ import annotations

import datetime as dt

import plotly.graph_objects as go

from crmwizard.budget import Budget
from crmwizard.content import Content
from crmwizard.i18n import fmt_money
from crmwizard.plan import Plan
from crmwizard.risks import RiskItem
from crmwizard.scoring import Readiness

FONT = {"family": "DejaVu Sans, Arial, sans-serif", "size": 16}
# Colour-blind-safe palette (Okabe–Ito), one colour per stage.
PALETTE = ["#0072B2", "#E69F00", "#009E73", "#CC79A7", "#56B4E9", "#D55E00", "#F0E442"]
CRITICAL = "#B00020"
DAY_MS = 86_400_000


def _layout(fig: go.Figure, height: int, **extra) -> go.Figure:
    fig.update_layout(font=FONT, height=height, margin={"l": 10, "r": 10, "t": 40, "b": 10},
                      template="plotly_white", **extra)
    return fig


def gantt(content: Content, plan: Plan, lang: str) -> go.Figure:
    """Tasks as bars by stage; critical ones outlined; MVP and go-live as diamonds."""
    fig = go.Figure()
    order = [t.name for t in plan.tasks]
    stages = list(content.plan.stages)
    for i, stage in enumerate(stages):
        tasks = [t for t in plan.tasks if t.stage == stage]
        if not tasks:
            continue
        # Bars run from the first morning to the last evening: end + 1 day, in milliseconds.
        fig.add_bar(
            name=content.plan.stages[stage](lang), orientation="h",
            y=[t.name for t in tasks],
            base=[t.start.isoformat() for t in tasks],
            x=[((t.end - t.start).days + 1) * DAY_MS for t in tasks],
            marker={"color": PALETTE[i % len(PALETTE)],
                    "line": {"color": [CRITICAL if t.critical else "rgba(0,0,0,0)"
                                       for t in tasks], "width": 3}},
            customdata=[[t.start.isoformat(), t.end.isoformat(), t.days,
                         content.t("yes" if t.critical else "no", lang)] for t in tasks],
            hovertemplate=content.t("gantt_hover", lang) + "<extra></extra>",
        )
    milestones = [t for t in plan.tasks if t.milestone]
    if milestones:
        fig.add_scatter(
            name=content.t("gantt_milestones", lang), mode="markers+text",
            y=[t.name for t in milestones],
            x=[(t.end + dt.timedelta(days=1)).isoformat() for t in milestones],
            text=[content.t(f"milestone_{t.milestone}", lang) for t in milestones],
            textposition="middle right", marker={"symbol": "diamond", "size": 16,
                                                 "color": "#111111"},
            hoverinfo="skip",
        )
    fig.update_yaxes(categoryorder="array", categoryarray=order[::-1], title=None)
    fig.update_xaxes(type="date", title=None)
    return _layout(fig, max(380, 34 * len(order) + 160), barmode="overlay",
                   legend={"orientation": "h", "y": -0.04, "yanchor": "top", "x": 0},
                   title={"text": content.t("gantt_title", lang), "font": {"size": 18}})


def radar(readiness: Readiness, lang: str, title: str) -> go.Figure:
    """Readiness of the fourteen steps on one polar chart, 0 to 100."""
    names = [f"{s.number}. {s.title}" for s in readiness.steps]
    values = [round(s.readiness) for s in readiness.steps]
    fig = go.Figure(go.Scatterpolar(r=values + values[:1], theta=names + names[:1],
                                    fill="toself", line={"color": PALETTE[0], "width": 3},
                                    hovertemplate="%{theta}: %{r}<extra></extra>"))
    fig.update_polars(radialaxis={"range": [0, 100], "tickfont": {"size": 12}},
                      angularaxis={"tickfont": {"size": 13}})
    fig = _layout(fig, 600, title={"text": title, "font": {"size": 18}}, showlegend=False)
    fig.update_layout(margin={"l": 170, "r": 170, "t": 60, "b": 40})
    return fig


def risk_matrix(risks: list[RiskItem], labels: dict[str, str]) -> go.Figure:
    """Likelihood × impact grid: counts per cell, risk ids on hover."""
    cells = [[[] for _ in range(5)] for _ in range(5)]  # [impact-1][likelihood-1]
    for r in risks:
        cells[r.impact - 1][r.likelihood - 1].append(r.id)
    z = [[li * im for li in range(1, 6)] for im in range(1, 6)]
    text = [[str(len(c)) if c else "" for c in row] for row in cells]
    ids = [[", ".join(c) if c else "—" for c in row] for row in cells]
    fig = go.Figure(go.Heatmap(
        z=z, x=list(range(1, 6)), y=list(range(1, 6)), text=text, customdata=ids,
        texttemplate="%{text}", textfont={"size": 22},
        colorscale=[[0, "#E8F5E9"], [0.45, "#FFF59D"], [1, "#EF9A9A"]], showscale=False,
        hovertemplate=labels["hover"] + "<extra></extra>", xgap=3, ygap=3,
    ))
    fig.update_xaxes(title=labels["likelihood"], dtick=1)
    fig.update_yaxes(title=labels["impact"], dtick=1)
    return _layout(fig, 460, title={"text": labels["title"], "font": {"size": 18}})


def budget_bars(budget: Budget, lang: str, labels: dict[str, str]) -> go.Figure:
    """Stated budget next to the estimate, first year and three years."""
    horizons = [labels["first_year"], labels["three_years"]]
    fig = go.Figure()
    estimate = [budget.estimate_first_year, budget.estimate_three_years]
    fig.add_bar(name=labels["estimate"], x=horizons, y=estimate, marker_color=PALETTE[1],
                text=[fmt_money(v, lang) for v in estimate], textposition="outside")
    if budget.stated_first_year is not None:
        stated = [budget.stated_first_year, budget.stated_three_years or 0]
        fig.add_bar(name=labels["stated"], x=horizons, y=stated, marker_color=PALETTE[0],
                    text=[fmt_money(v, lang) for v in stated], textposition="outside")
    fig.update_yaxes(title=None, tickformat="~s")
    return _layout(fig, 420, barmode="group", title={"text": labels["title"], "font": {"size": 18}},
                   legend={"orientation": "h", "y": -0.15})
