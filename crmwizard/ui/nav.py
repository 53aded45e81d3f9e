"""The screens in wizard order, their page files, and moving between them."""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path

import streamlit as st

from crmwizard.ui import state


@dataclass(frozen=True)
class Screen:
    id: str  # also the URL path: Streamlit names a page after its file, numeric prefix dropped
    file: str  # relative to app.py, as st.page_link and st.switch_page take it
    icon: str
    section: str  # "wizard", "results" or "hidden"


SCREENS = [
    Screen("start", "app.py", ":material/home:", "wizard"),
    Screen("goals", "pages/1_goals.py", ":material/flag:", "wizard"),
    Screen("budget", "pages/2_budget.py", ":material/payments:", "wizard"),
    Screen("team", "pages/3_team.py", ":material/groups:", "wizard"),
    Screen("vendor", "pages/4_vendor.py", ":material/storefront:", "wizard"),
    Screen("requirements", "pages/5_requirements.py", ":material/checklist:", "wizard"),
    Screen("processes", "pages/6_processes.py", ":material/account_tree:", "wizard"),
    Screen("integrations", "pages/7_integrations.py", ":material/hub:", "wizard"),
    Screen("launch", "pages/8_launch.py", ":material/rocket_launch:", "wizard"),
    Screen("plan", "pages/9_plan.py", ":material/view_timeline:", "results"),
    Screen("results", "pages/10_results.py", ":material/insights:", "results"),
    Screen("shortlist", "pages/11_shortlist.py", ":material/leaderboard:", "results"),
    Screen("proposals", "pages/12_proposals.py", ":material/compare:", "results"),
    Screen("export", "pages/13_export.py", ":material/download:", "results"),
    Screen("workspace", "pages/14_workspace.py", ":material/lock:", "hidden"),
]
BY_ID = {s.id: s for s in SCREENS}
ROOT = Path(__file__).resolve().parents[2]
ORDER = [s for s in SCREENS if s.section != "hidden"]


def title(screen_id: str) -> str:
    return state.content().t(f"screen_{screen_id}", state.lang())


def links(show_hidden: bool) -> None:
    """The navigation: one localized link per screen, under its section's heading."""
    c, lang = state.content(), state.lang()
    section = None
    for s in SCREENS:
        if s.section == "hidden" and not show_hidden:
            continue
        if s.section != section:
            section = s.section
            st.caption(c.t(f"section_{section}", lang))
        st.page_link(s.file, label=title(s.id), icon=s.icon, width="stretch")


def neighbours(screen_id: str) -> tuple[Screen | None, Screen | None]:
    """The screens before and after this one in wizard order (None at either end)."""
    i = next(i for i, s in enumerate(ORDER) if s.id == screen_id)
    return (ORDER[i - 1] if i > 0 else None), (ORDER[i + 1] if i + 1 < len(ORDER) else None)


def back_next(screen_id: str) -> None:
    """Back / Next buttons in wizard order."""
    c, lang = state.content(), state.lang()
    order = ORDER
    i = next(i for i, s in enumerate(order) if s.id == screen_id)
    left, _, right = st.columns([1, 1.5, 1.5])
    if i > 0 and left.button(c.t("back", lang), icon=":material/arrow_back:",
                             key=f"nav_back_{screen_id}", width="stretch"):
        st.switch_page(order[i - 1].file)
    if i + 1 < len(order) and right.button(
        f"{c.t('next', lang)}: {title(order[i + 1].id)}", type="primary",
        icon=":material/arrow_forward:", key=f"nav_next_{screen_id}", width="stretch",
    ):
        st.switch_page(order[i + 1].file)
