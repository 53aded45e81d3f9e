"""What makes the screens fit: our words in Streamlit's own controls, narrow-screen layouts."""

from __future__ import annotations

import functools
from string import Template

import streamlit as st

from crmwizard.i18n import fmt_number
from crmwizard.ui import nav, state

CSS = Template((nav.ROOT / "crmwizard/ui/fit.css").read_text(encoding="utf-8"))
NARROW_PX = 640  # Streamlit stacks columns and folds the sidebar away below this width


@functools.cache
def _css(lang: str) -> str:
    c = state.content()
    words = {k: c.t(f"fit_{k}", lang).replace('"', "") for k in
             ("day", "month", "year", "upload", "enter", "refused")}
    return "<style>" + CSS.substitute(words) + "</style>"


def style() -> None:
    """The page's style block for the session's language."""
    st.html(_css(state.lang()))


def wide(name: str):
    """A container shown on screens wider than a phone only."""
    return st.container(key=f"wide_{name}")


def narrow(name: str):
    """A container shown on phone-sized screens only."""
    return st.container(key=f"narrow_{name}")


def progress_line() -> None:
    """On a phone the sidebar is folded away: readiness and progress at the top of the page."""
    if state.is_blank(state.current()):
        return
    c, lang = state.content(), state.lang()
    r = state.analysis().readiness
    with narrow("progress"):
        st.progress(r.completeness / 100, text=c.t(
            "sidebar_overall", lang, readiness=fmt_number(r.overall, lang, 0),
            completeness=fmt_number(r.completeness, lang, 0)))
