"""Results: readiness with its reasons, the risk register, what to do next."""

from __future__ import annotations

import streamlit as st

from crmwizard import charts
from crmwizard.i18n import fmt_number
from crmwizard.risks import RiskItem
from crmwizard.scoring import Readiness
from crmwizard.ui import chart, fit, folds, invite_owner, nav, presenter, state, workspace_screen
from crmwizard.ui.screens import header
from crmwizard.ui.since import since_section
from crmwizard.ui.text import plain, table

# A reason's effect on its step's score, as folds draws it.
SIGNS = {1: "up", -1: "down", 0: "none"}


def band_text(overall: float, lang: str) -> str:
    """The plain-language verdict for an overall readiness."""
    c = state.content()
    band = [b for b in c.bands if overall >= b.min][-1]
    return f"**{band.label(lang)}.** {band.verdict(lang)}"


def _step_screen(step_id: str) -> nav.Screen:
    return nav.BY_ID[state.content().step_by_id[step_id].screen]


def results_screen() -> None:
    c, lang = state.content(), state.lang()
    header("results")
    a = state.analysis()
    r = a.readiness
    hide = presenter.hiding()
    if hide:
        st.caption(c.t("present_hidden_note", lang))
    m1, m2, m3 = st.columns(3)
    m1.metric(c.t("overall_readiness", lang),
              presenter.band(r.overall) if hide else fmt_number(r.overall, lang, 0))
    m2.metric(c.t("completeness", lang), fmt_number(r.completeness, lang, 0) + "\xa0%")
    m3.metric(c.t("risks_count", lang), str(len(a.risks)))
    st.markdown(band_text(r.overall, lang))

    st.subheader(c.t("next_heading", lang))
    if not a.actions:
        st.success(c.t("next_none", lang))
    for action in a.actions:  # each a link to its screen, named as in the sidebar
        screen = _step_screen(action.step)
        text = plain(action.text) if hide else c.t(
            "next_item", lang, text=plain(action.text), gain=fmt_number(action.gain, lang, 1))
        st.page_link(screen.file, icon=":material/arrow_forward:",
                     label=c.t("next_link", lang, text=text, screen=nav.title(screen.id)))
    with fit.wide("radar"):
        chart.show(charts.radar(r, lang, c.t("radar_title", lang), presenter.look()))
    with fit.narrow("radar"):  # fourteen names round a circle do not fit a phone: bars
        chart.show(charts.step_bars([(c.t(
            "step_bar", lang, number=s.number, title=s.title,
            readiness=presenter.band(s.readiness) if hide else fmt_number(s.readiness, lang, 0)),
            s.readiness) for s in r.steps], c.t("radar_title", lang), presenter.look()))
    left, right = st.columns(2)
    with left:
        chart.show(charts.risk_matrix(a.risks, {
            "title": c.t("matrix_title", lang), "likelihood": c.t("col_likelihood", lang),
            "impact": c.t("col_impact", lang), "hover": c.t("matrix_hover", lang)},
            presenter.look(scores=False)))
    with right:
        chart.show(charts.budget_bars(a.budget, lang, {
            "title": c.t("budget_heading", lang), "first_year": c.t("first_year", lang),
            "three_years": c.t("three_years", lang), "estimate": c.t("estimate", lang),
            "stated": c.t("stated", lang)}, presenter.look(scores=False)))
    st.subheader(c.t("steps_heading", lang))
    if hide:
        st.markdown("\n".join("- " + c.t("present_step", lang, number=s.number, title=s.title,
                                          band=presenter.band(s.readiness)) for s in r.steps))
    else:
        _step_table(r)
    folds.show([folds.fold(
        c.t("present_step_reasons", lang, number=s.number, title=s.title,
            band=presenter.band(s.readiness)) if hide else
        c.t("step_reasons", lang, number=s.number, title=s.title,
            readiness=fmt_number(s.readiness, lang, 0)),
        ("" if s.reasons else folds.para(c.t("no_reasons", lang), muted=True))
        + folds.items([(SIGNS[x.effect], x.text) for x in s.reasons])
        + (folds.para(c.t("unanswered_count", lang, n=len(s.unanswered)), muted=True)
           if s.unanswered else "")) for s in r.steps], "reasons")
    since_section()
    workspace_screen.benchmark_section()
    invite_owner.goals_overview()
    _risks(a.risks, lang, hide)
    nav.back_next("results")


def _step_table(r: Readiness) -> None:
    c, lang = state.content(), state.lang()
    st.markdown(table(
        [c.t("col_step", lang), c.t("col_readiness", lang), c.t("col_completeness", lang)],
        [[f"{s.number}. {s.title}", fmt_number(s.readiness, lang, 0), f"{s.answered}/{s.total}"]
         for s in r.steps]))


def _risks(risks: list[RiskItem], lang: str, hide: bool) -> None:
    """The register; when hiding numbers, without likelihood, impact or score."""
    c = state.content()
    st.subheader(c.t("risk_register", lang))
    if not risks:
        st.success(c.t("risks_none", lang))
        return
    columns = ["col_id", "col_risk", "col_category",
               *([] if hide else ["col_likelihood", "col_impact", "col_score"]), "col_step"]
    st.markdown(table([c.t(k, lang) for k in columns], [
        [k.id, k.title, c.t(f"category_{k.category}", lang),
         *([] if hide else [k.likelihood, k.impact, k.score]), c.step_by_id[k.step].title(lang)]
        for k in risks]))
    top = c.top_risks
    shown = [folds.fold(_risk_label(k, lang, hide),
                        folds.para(k.why, c.t("risk_why", lang))
                        + folds.para(k.mitigation, c.t("risk_mitigation", lang)))
             for k in risks[:top]]
    if len(risks) > top:
        shown.append(folds.fold(c.t("risks_rest", lang, n=len(risks) - top), "".join(
            folds.para(k.mitigation, f"{k.id} · {k.title} —") for k in risks[top:])))
    folds.show(shown, "risks")


def _risk_label(k: RiskItem, lang: str, hide: bool) -> str:
    c = state.content()
    if hide:
        return c.t("present_risk_label", lang, id=k.id, title=k.title)
    return c.t("risk_label", lang, id=k.id, score=k.score, likelihood=k.likelihood,
               impact=k.impact, title=k.title)
