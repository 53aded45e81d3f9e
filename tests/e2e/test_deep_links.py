"""Deep links as the very first request to a freshly started server (Streamlit's pages/ router)."""

from __future__ import annotations

import pytest
from playwright.sync_api import expect

from crmwizard.assessment_io import to_json
from crmwizard.content import get_content
from crmwizard.store_sqlite import SqliteStore
from crmwizard.ui.nav import SCREENS
from tests.e2e.harness import ROOT, settle, start_server

C = get_content()
WIZARD = [s.id for s in SCREENS if s.section != "hidden"]
LINKS = '[data-testid="stSidebar"] [data-testid="stPageLink-NavLink"]'


@pytest.fixture
def fresh_server(tmp_path):
    """Starts a new server per call (nothing has been served before the test's request)."""
    started = []

    def start(**env: str):
        srv = start_server(ROOT / "app.py", {"CRMWIZARD_DB": str(tmp_path / "db.sqlite3"),
                                             "CRMWIZARD_CONSULTANT_PASSCODE": "", **env})
        started.append(srv)
        return srv

    yield start
    for srv in started:
        srv.stop()


def link_labels(page, count: int = len(WIZARD)) -> list[str]:
    # Each widget kind's code loads lazily, maybe after the page looked still: wait for all.
    expect(page.locator(LINKS)).to_have_count(count)
    # A link's text is its Material icon's name, then the label.
    return [t.split("\n")[-1].strip() for t in page.locator(LINKS).all_inner_texts()]


@pytest.mark.parametrize("screen,lang", [("requirements", "ru"), ("plan", "ru"),
                                         ("export", "ru"), ("budget", "en")])
def test_deep_link_is_the_first_request(page, fresh_server, screen, lang):
    """The right screen, the localized navigation, no exception, on a server never used."""
    srv = fresh_server()
    page.goto(f"{srv.url}/{screen}?lang={lang}")
    settle(page, "h1")
    assert page.locator('[data-testid="stException"]').count() == 0
    assert page.locator("h1").first.inner_text() == C.t(f"screen_{screen}", lang)
    assert link_labels(page) == [C.t(f"screen_{s}", lang) for s in WIZARD]
    other = "en" if lang == "ru" else "ru"
    assert C.t("screen_requirements", other) not in link_labels(page)
    assert page.locator('[data-testid="stSidebarNav"]').count() == 0  # Streamlit's own list
    assert page.url.split("?")[0].endswith(f"/{screen}")


def test_workspace_url_without_passcode_shows_nothing_of_it(page, fresh_server, tmp_path,
                                                          demos):
    """`/workspace` as the first request: "not found", no list, no title, no saved company."""
    company = demos["retail"].profile.company_name
    SqliteStore(tmp_path / "db.sqlite3").create(to_json(demos["retail"]), company)
    srv = fresh_server(CRMWIZARD_CONSULTANT_PASSCODE="s3cret")
    page.goto(f"{srv.url}/workspace?lang=en")
    settle(page, "h1")
    assert page.locator('[data-testid="stException"]').count() == 0
    assert page.locator("h1").first.inner_text() == C.t("not_found_title", "en")
    body = page.locator("body").inner_text()
    for lang in ("ru", "en"):
        assert C.t("screen_workspace", lang) not in body
        assert C.t("ws_col_company", lang) not in body
    assert company not in body
    assert page.locator('[data-testid="stDataFrame"]').count() == 0
    assert C.t("screen_workspace", "en") not in link_labels(page)
    assert "workspace" not in page.title().lower()
