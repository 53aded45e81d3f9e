"""Presenter view: large type for a projector, and "hide numbers" (bands and reasons only).

Both switches live in the session and in the URL (`?present=1`, `?hide=1`), so a reload or
a shared link keeps them; page switches may drop query parameters, so each run puts them back.
"""

from __future__ import annotations

from typing import Literal

import streamlit as st

from crmwizard import charts
from crmwizard.ui import state

PRESENT, HIDE = "present", "hide"
SWITCHES = {PRESENT: "present_toggle", HIDE: "present_hide"}
# Larger type for a projector; constant CSS, nothing a user typed ever reaches it.
CSS = """<style>
section.main, [data-testid="stMain"] { font-size: 1.3rem; }
[data-testid="stMain"] p, [data-testid="stMain"] li { font-size: 1.3rem; line-height: 1.5; }
[data-testid="stMain"] h1 { font-size: 3rem; }
[data-testid="stMain"] h2, [data-testid="stMain"] h3 { font-size: 2.1rem; }
[data-testid="stMain"] [data-testid="stMetricValue"],
[data-testid="stMain"] [data-testid="stMetricValue"] * { font-size: 3rem; }
[data-testid="stMainBlockContainer"] { max-width: 100%; padding-left: 2rem;
  padding-right: 2rem; }
</style>"""


def sync() -> None:
    """Reads the switches from the URL on a session's first run, then keeps the URL in step."""
    ss, qp = st.session_state, st.query_params
    for name in SWITCHES:
        if name not in ss:
            ss[name] = qp.get(name) == "1"
        if ss[name] and qp.get(name) != "1":
            qp[name] = "1"
        elif not ss[name] and name in qp:
            del qp[name]


def on() -> bool:
    return bool(st.session_state.get(PRESENT))


def hiding() -> bool:
    """No scores anywhere: on screen, in charts and in a PDF exported from this view."""
    return bool(st.session_state.get(HIDE))


def sidebar_state() -> Literal["auto", "collapsed"]:
    return "collapsed" if on() else "auto"


def _flip(name: str) -> None:
    st.session_state[name] = not st.session_state.get(name)
    sync()


def switches() -> None:
    """The two switches for the sidebar, as plain buttons (the sidebar's cheapest widget)."""
    c, lang = state.content(), state.lang()
    for name, label in SWITCHES.items():
        now = bool(st.session_state.get(name))
        st.button(c.t(label, lang), key=f"sidebar_{name}", on_click=_flip, args=(name,),
                  icon=":material/toggle_on:" if now else ":material/toggle_off:",
                  type="primary" if now else "secondary", help=c.t(f"{label}_help", lang),
                  width="stretch")


def styles() -> None:
    """Larger type on the page when the presenter view is on."""
    if on():
        st.html(CSS)


def look(scores: bool = True) -> charts.Look:
    """How charts are drawn in this view: larger on a projector; without scores when hiding.

    `scores`: the chart shows readiness figures (False for money or counts only).
    """
    return charts.Look(scale=1.4 if on() else 1.0, hide=hiding() and scores)


def band(value: float) -> str:
    """The readiness band's name for a score, shown instead of the score."""
    c = state.content()
    return [b for b in c.bands if value >= b.min][-1].label(state.lang())
