"""The frame every page opens with, so that any page is safe as the first request to a server.

Streamlit's own `pages/` router runs `/x` as `pages/N_x.py` alone, without app.py; so app.py
and every page make this one call, and nothing a screen needs is set up anywhere else.
"""

from __future__ import annotations

from collections.abc import Callable

import streamlit as st

from crmwizard.ui import (
    fit,
    guard,
    invite_screen,
    nav,
    presenter,
    screens,
    sidebar,
    state,
    warm,
    workspace_screen,
)


def page(screen_id: str, draw: Callable[..., object], *args: object) -> None:
    """Page config, the session (`?a=`, `?demo=`, `?lang=`), the sidebar, then `draw(*args)`.

    A hidden screen without its passcode stops at "not found": nothing of it is drawn,
    whatever the URL. A session opened by `?invite=` shows the manager's screen only.
    A screen or sidebar that fails shows a short message (guard.py).
    """
    warm.heavy_modules()  # before any screen: concurrent first sessions must not race on imports
    if invite_screen.wanted():
        # A manager's link: their own goals on every path, never a sidebar, screen or `?a=`.
        invite_screen.page(screen_id)
        return
    state.bootstrap()
    presenter.sync()
    c, lang = state.content(), state.lang()
    st.set_page_config(page_title=c.t("app_title", lang),
                       page_icon=str(nav.ROOT / "crmwizard/ui/favicon.png"), layout="wide",
                       initial_sidebar_state=presenter.sidebar_state())
    presenter.styles()
    state.entered(screen_id)
    if not (screen_id == "start" and screens.profile_folded()):
        # The folded Start has nothing fit.css styles: two scripts fewer on its first render.
        fit.style()
    guard.guarded(sidebar.draw, "sidebar")
    if nav.BY_ID[screen_id].section == "hidden" and not workspace_screen.available():
        st.title(c.t("not_found_title", lang))
        st.markdown(c.t("not_found", lang))
        st.page_link(nav.BY_ID["start"].file, label=c.t("screen_start", lang),
                     icon=nav.BY_ID["start"].icon)
        return
    guard.guarded(fit.progress_line, "sidebar")
    guard.guarded(lambda: draw(*args))
