"""The screens in wizard order, and moving between them."""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path

import streamlit as st

from crmwizard.ui import state


@dataclass(frozen=True)
class Screen:
    id: str
    file: str
    icon: str
    section: str  # "wizard", "results" or "hidden"


SCREENS = [
    Screen("start", "views/start.py", ":material/home:", "wizard"),
    Screen("goals", "views/goals.py", ":material/flag:", "wizard"),
    Screen("budget", "views/budget.py", ":material/payments:", "wizard"),
    Screen("team", "views/team.py", ":material/groups:", "wizard"),
    Screen("vendor", "views/vendor.py", ":material/storefront:", "wizard"),
    Screen("requirements", "views/requirements.py", ":material/checklist:", "wizard"),
    Screen("processes", "views/processes.py", ":material/account_tree:", "wizard"),
    Screen("integrations", "views/integrations.py", ":material/hub:", "wizard"),
    Screen("launch", "views/launch.py", ":material/rocket_launch:", "wizard"),
    Screen("plan", "views/plan.py", ":material/view_timeline:", "results"),
    Screen("results", "views/results.py", ":material/insights:", "results"),
    Screen("shortlist", "views/shortlist.py", ":material/leaderboard:", "results"),
    Screen("export", "views/export.py", ":material/download:", "results"),
    Screen("workspace", "views/workspace.py", ":material/lock:", "hidden"),
]
BY_ID = {s.id: s for s in SCREENS}
ROOT = Path(__file__).resolve().parents[2]
ORDER = [s for s in SCREENS if s.section != "hidden"]


def title(screen_id: str) -> str:
    return state.content().t(f"screen_{screen_id}", state.lang())


def pages(show_hidden: bool) -> dict[str, list[st.Page]]:
    """st.navigation's sections, titled in the session's language."""
    c, lang = state.content(), state.lang()
    sections: dict[str, list[st.Page]] = {}
    for s in SCREENS:
        if s.section == "hidden" and not show_hidden:
            continue
        section = c.t(f"section_{s.section}", lang)
        sections.setdefault(section, []).append(
            st.Page(s.file, title=title(s.id), icon=s.icon, url_path=s.id,
                    default=s.id == "start")
        )
    return sections


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
