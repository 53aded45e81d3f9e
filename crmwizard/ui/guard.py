"""A screen that fails to draw: a short message with a way out, the rest of the page kept."""

from __future__ import annotations

import logging
from collections.abc import Callable

import streamlit as st

from crmwizard.model import Assessment
from crmwizard.ui import nav, state

log = logging.getLogger("crmwizard")


def _start_over() -> None:
    state.replace(Assessment(language=state.lang()), keep_token=False)


def guarded(draw: Callable[[], object], where: str = "screen") -> bool:
    """Runs `draw`; on any error logs it and shows a short message with Start over / Back.

    Streamlit's own control flow (st.rerun, st.switch_page, st.stop) is a BaseException and
    passes through. Returns False when the drawing failed.
    """
    try:
        draw()
        return True
    except Exception:
        log.exception("drawing the %s failed", where)
    c, lang = state.content(), state.lang()
    if where == "sidebar":
        st.sidebar.warning(c.t("sidebar_failed", lang))
        return False
    st.error(c.t("screen_failed", lang), icon=":material/error:")
    left, right, _ = st.columns([1, 1, 2])
    left.button(c.t("start_over", lang), icon=":material/restart_alt:", on_click=_start_over,
                key="guard_start_over", type="primary", width="stretch")
    if right.button(c.t("back_to_start", lang), icon=":material/home:", key="guard_back",
                    width="stretch"):
        st.switch_page(nav.BY_ID["start"].file)
    return False
