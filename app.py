"""Entry point: page setup, navigation over views/, the shared sidebar."""

import streamlit as st

from crmwizard.ui import guard, nav, sidebar, state, warm

warm.heavy_modules()  # before any screen: concurrent first sessions must not race on imports
state.bootstrap()
st.set_page_config(page_title=state.content().t("app_title", state.lang()),
                   page_icon=str(nav.ROOT / "crmwizard/ui/favicon.png"), layout="wide")
page = st.navigation(nav.pages(show_hidden=state.workspace_unlocked()), expanded=True)
state.entered(page.url_path)
guard.guarded(sidebar.draw, "sidebar")
guard.guarded(page.run)
