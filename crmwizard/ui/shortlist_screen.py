"""Shortlist screen: top vendors as cards, comparison table, exclusions, live what-if."""

from __future__ import annotations

from typing import Any

import streamlit as st

from crmwizard.analysis import too_few_answers
from crmwizard.i18n import fmt_number
from crmwizard.ui import nav, presenter, state
from crmwizard.ui.screens import header
from crmwizard.vendors import Shortlist, shortlist

# What-if switches: the criterion answer each one flips, and the value it sets when on.
SWITCHES = {
    "on_premise": ("ven_delivery", "on_premise"),
    "data_russia": ("ven_data_russia", True),
    "russia": ("ven_russia", True),
    "open_source": ("ven_open_source", "required"),
}
# Material icons: the browser may have no colour-emoji font, icons always draw.
SIGNS = {1: ":green[:material/check_circle:]", -1: ":red[:material/cancel:]",
         0: ":gray[:material/help:]"}


def _whatif_values(values: dict[str, Any]) -> tuple[dict[str, Any], bool]:
    """The answers with the what-if switches applied, and whether any switch differs."""
    changed = dict(values)
    differs = False
    for name, (qid, on) in SWITCHES.items():
        key = f"ven_whatif_{name}"
        if key not in st.session_state:
            st.session_state[key] = values.get(qid) == on
        flipped = st.session_state[key]
        if flipped != (values.get(qid) == on):
            differs = True
            if flipped:
                changed[qid] = on
            elif qid == "ven_delivery":
                changed[qid] = "any"
            elif qid == "ven_open_source":
                changed[qid] = "no_matter"
            else:
                changed.pop(qid, None)
    return changed, differs


def _apply_whatif() -> None:
    values, _ = _whatif_values(state.analysis().values)

    def change(a):
        answers = dict(a.answers)
        for qid, _on in SWITCHES.values():
            if qid in values:
                answers[qid] = values[qid]
            else:
                answers.pop(qid, None)
        return a.model_copy(update={"answers": answers})

    state.update(change)


def _reset_whatif() -> None:
    for name in SWITCHES:
        st.session_state.pop(f"ven_whatif_{name}", None)


def _choose(vendor_id: str | None) -> None:
    state.update(lambda a: a.model_copy(update={"vendor_choice": vendor_id}))


def _cards(result: Shortlist, lang: str) -> None:
    c = state.content()
    top = result.ranked[: c.shortlist.top]
    chosen = state.current().vendor_choice
    rows = [top[:3], top[3:]]
    for row in rows:
        if not row:
            continue
        cols = st.columns(3)
        for col, r in zip(cols, row, strict=False):
            _card(col, r, chosen, lang)


def _card(col, r, chosen: str | None, lang: str) -> None:
    c = state.content()
    with col.container(border=True):
        head, fit = st.columns([3, 1])
        head.markdown(f"### {r.vendor.name}")
        if not presenter.hiding():  # a vendor's fit is a score too
            fit.metric(c.t("sl_fit", lang), fmt_number(r.fit, lang, 0))
        st.caption(r.vendor.summary(lang))
        known = [x for x in r.reasons if not x.unknown]
        st.markdown("\n".join(f"- {SIGNS[x.effect]} {x.text}" for x in known))
        unknown = len(r.reasons) - len(known)
        if unknown:
            st.caption(c.t("sl_unknown_count", lang, n=unknown))
        if chosen == r.vendor.id:
            st.button(c.t("sl_unchoose", lang), key=f"ven_unchoose_{r.vendor.id}",
                      on_click=_choose, args=(None,), icon=":material/check_circle:",
                      type="primary")
        else:
            st.button(c.t("sl_choose", lang), key=f"ven_choose_{r.vendor.id}",
                      on_click=_choose, args=(r.vendor.id,))


def shortlist_screen() -> None:
    c, lang = state.content(), state.lang()
    header("shortlist")
    st.caption(c.t("sl_intro", lang))
    values = state.analysis().values
    with st.container(border=True):
        st.markdown(f"**{c.t('sl_whatif', lang)}**")
        _whatif_values(values)  # sets the switches from the answers on first draw
        cols = st.columns(2)
        for i, name in enumerate(SWITCHES):
            col = cols[i % 2]
            col.toggle(c.t(f"sl_switch_{name}", lang), key=f"ven_whatif_{name}")
        whatif, differs = _whatif_values(values)
        if differs:
            st.info(c.t("sl_whatif_differs", lang))
            b1, b2, _ = st.columns([1, 1, 2])
            b1.button(c.t("sl_whatif_apply", lang), on_click=_apply_whatif, key="ven_apply")
            b2.button(c.t("sl_whatif_reset", lang), on_click=_reset_whatif, key="ven_reset")
    result = shortlist(c, whatif, lang) if differs else state.analysis().shortlist
    chosen = state.current().vendor_choice
    if chosen:
        name = next(v.name for v in c.vendors if v.id == chosen)
        st.success(c.t("sl_chosen", lang, name=name))
    if not state.analysis().enough_data:
        # Ranking vendors from a handful of answers would be advice from nothing.
        st.warning(too_few_answers(c, state.analysis()), icon=":material/info:")
        _excluded(result, lang)
        nav.back_next("shortlist")
        return
    for note in result.notes:
        st.caption(note)
    if not result.ranked:
        st.warning(c.t("sl_none", lang))
    _cards(result, lang)
    st.subheader(c.t("sl_table", lang))
    st.dataframe(
        [{c.t("sl_col_rank", lang): i + 1, c.t("sl_col_vendor", lang): r.vendor.name,
          **({} if presenter.hiding() else {c.t("sl_fit", lang): round(r.fit)}),
          c.t("sl_col_plus", lang): "; ".join(x.text for x in r.reasons if x.effect > 0),
          c.t("sl_col_minus", lang): "; ".join(x.text for x in r.reasons if x.effect <= 0)}
         for i, r in enumerate(result.ranked)],
        hide_index=True, width="stretch",
        column_config={c.t("sl_fit", lang): st.column_config.ProgressColumn(
            min_value=0, max_value=100, format="%d")},
    )
    _excluded(result, lang)
    nav.back_next("shortlist")


def _excluded(result: Shortlist, lang: str) -> None:
    c = state.content()
    st.subheader(c.t("sl_excluded", lang))
    if not result.excluded:
        st.caption(c.t("sl_excluded_none", lang))
    for e in result.excluded:
        st.markdown(f"- **{e.vendor.name}** — " + "; ".join(e.reasons))
    st.caption(c.t("sl_sources", lang))
