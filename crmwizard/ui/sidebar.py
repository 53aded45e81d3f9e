"""The sidebar: navigation, language, progress per step, demo profiles, start over."""

from __future__ import annotations

import streamlit as st

from crmwizard.i18n import fmt_number
from crmwizard.model import LANGUAGES, Assessment
from crmwizard.ui import guard, nav, presenter, state, workspace_screen
from crmwizard.ui.text import plain


def _set_language(lang: str) -> None:
    # A select box keeps showing the label it was given in the old language; widgets drawn
    # again from the Assessment show every answer in the new one.
    state.forget_widgets()
    state.update(lambda a: a.model_copy(update={"language": lang}))


def _load_demo(name: str) -> None:
    state.open_demo(name)


def _ask_start_over(ask: bool) -> None:
    st.session_state["sidebar_confirm"] = ask


def _start_over() -> None:
    st.session_state["sidebar_confirm"] = False
    state.replace(Assessment(language=state.lang()), keep_token=False)


def _progress() -> None:
    c, lang = state.content(), state.lang()
    r = state.analysis().readiness
    hide = presenter.hiding()
    if hide:  # the band, never the score
        st.markdown(c.t("sidebar_overall_hidden", lang, band=presenter.band(r.overall),
                        completeness=fmt_number(r.completeness, lang, 0)))
    else:
        st.markdown(c.t("sidebar_overall", lang, readiness=fmt_number(r.overall, lang, 0),
                        completeness=fmt_number(r.completeness, lang, 0)))
    lines = []
    for s in r.steps:
        score = f" · **{fmt_number(s.readiness, lang, 0)}**" if s.answered and not hide else ""
        mark = "✓" if s.answered == s.total else "◐" if s.answered else "○"
        lines.append(f"{mark} {s.number}. {s.title} — {s.answered}/{s.total}{score}")
    st.markdown("  \n".join(lines))


def draw() -> None:
    c, lang = state.content(), state.lang()
    with st.sidebar:
        nav.links(show_hidden=workspace_screen.available())
        st.divider()
        # Few elements and plain buttons (no popover, select or segmented control): each
        # element is work for the browser on first render, each new widget kind a round of
        # loading its code (bench/results.md).
        other = next(code for code in LANGUAGES if code != lang)
        st.button(c.t(f"lang_{other}", lang), key="sidebar_language", icon=":material/translate:",
                  help=c.t("language", lang), on_click=_set_language, args=(other,))
        blank = state.is_blank(state.current())
        if not blank or presenter.on() or presenter.hiding():
            # A blank start has nothing to present or hide; two buttons fewer on first render.
            presenter.switches()
        if not blank:  # readiness and progress per step, once there is something to show
            # The progress reads the engines; if they fail, the buttons below still draw.
            guard.guarded(_progress, "sidebar")
        st.divider()
        st.caption(c.t("demo_choose", lang))
        for name in state.DEMOS:
            st.button(c.t(f"demo_{name}", lang), key=f"sidebar_demo_{name}", on_click=_load_demo,
                      args=(name,), icon=":material/play_arrow:", width="stretch")
        if st.session_state.get("sidebar_confirm"):
            st.warning(c.t("start_over_confirm", lang))
            yes, no = st.columns(2)
            yes.button(c.t("start_over_yes", lang), type="primary", on_click=_start_over,
                       key="sidebar_start_over_yes")
            no.button(c.t("start_over_no", lang), on_click=_ask_start_over, args=(False,),
                      key="sidebar_start_over_no")
        elif not blank:  # nothing to start over from
            st.button(c.t("start_over", lang), icon=":material/restart_alt:",
                      on_click=_ask_start_over, args=(True,), key="sidebar_start_over")
        workspace_screen.gate()
        saved_mark()


def saved_mark() -> None:
    """What reached the disk last; drawn only after the write returned (README: Saving)."""
    c, lang = state.content(), state.lang()
    if st.session_state.get(state.CONFLICT):
        st.warning(c.t("saved_not", lang), icon=":material/sync_problem:")
        return
    if st.session_state.get(state.UNSAVED):
        st.warning(c.t("saved_down", lang), icon=":material/cloud_off:")
        return
    saved = st.session_state.get(state.SAVED)
    if saved:
        at, what = saved
        key = "saved_mark_what" if what else "saved_mark"
        st.caption(c.t(key, lang, time=at, what=plain(what[:80])))
