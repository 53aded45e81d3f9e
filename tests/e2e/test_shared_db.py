"""Two app servers on one PostgreSQL: an edit made through one is there through the other."""

from __future__ import annotations

import re

import pytest
from playwright.sync_api import expect

from crmwizard.content import get_content
from tests.e2e.harness import ROOT, open_workspace, settle, start_server

pytestmark = pytest.mark.postgres
C = get_content()
PASSCODE = "shared-deployment-passcode"


@pytest.fixture
def servers(pg_cluster):
    """Servers A and B, each its own process and port, sharing one database."""
    env = {"CRMWIZARD_DB": pg_cluster.new_database(), "CRMWIZARD_CONSULTANT_PASSCODE": PASSCODE}
    a = start_server(ROOT / "app.py", env)
    try:
        b = start_server(ROOT / "app.py", env)
    except Exception:
        a.stop()
        raise
    yield a, b
    a.stop()
    b.stop()


def company_box(page):
    return page.get_by_label(C.t("profile_company_name", "en"), exact=True)


def open_saved_profile(page) -> None:
    """A saved profile shows as one line on Start until Edit."""
    page.get_by_role("button", name=C.t("profile_edit", "en")).click()
    settle(page)


def edit_company(page, name: str) -> None:
    box = company_box(page)
    box.fill(name)
    box.press("Enter")
    page.locator('[data-testid="stSidebar"]').get_by_text(re.compile(
        r"✓ Saved at .*" + re.escape(C.t("profile_company_name", "en")))).wait_for()


def workspace_companies(page, url: str) -> str:
    """Unlocks the workspace through this server; the raw data of the first assessment listed."""
    open_workspace(page, url, PASSCODE)
    settle(page, '[data-testid="stDataFrame"]')  # the table is a canvas: read the raw JSON
    page.get_by_text(C.t("ws_raw", "en")).click()
    return page.locator('[data-testid="stCode"]').last.inner_text()


def test_an_edit_through_one_server_opens_through_the_other(browser, servers, shots):
    a, b = servers
    ctx_a = browser.new_context(viewport={"width": 1300, "height": 900})
    ctx_b = browser.new_context(viewport={"width": 1300, "height": 900})
    try:
        page_a, page_b = ctx_a.new_page(), ctx_b.new_page()
        for p in (page_a, page_b):
            p.set_default_timeout(60_000)
        page_a.goto(f"{a.url}/?lang=en")
        settle(page_a, "h1")
        page_a.get_by_role("button", name=C.t("profile_open", "en")).click()
        settle(page_a)
        edit_company(page_a, "Made on server A")
        token = re.search(r"[?&]a=([\w-]+)", page_a.url).group(1)
        page_a.screenshot(path=str(shots / "1-server-a.png"))

        page_b.goto(f"{b.url}/?lang=en&a={token}")
        settle(page_b, "h1")
        open_saved_profile(page_b)
        expect(company_box(page_b)).to_have_value("Made on server A")
        edit_company(page_b, "Changed on server B")
        page_b.screenshot(path=str(shots / "2-server-b.png"))

        page_a.goto(f"{a.url}/?lang=en&a={token}")  # a reload lands on A again
        settle(page_a, "h1")
        open_saved_profile(page_a)
        expect(company_box(page_a)).to_have_value("Changed on server B")

        # The consultant sees the same list through either server.
        listed_a = workspace_companies(page_a, a.url)
        listed_b = workspace_companies(page_b, b.url)
        page_b.screenshot(path=str(shots / "3-workspace-b.png"))
        assert listed_a == listed_b and '"company_name": "Changed on server B"' in listed_a
    finally:
        ctx_a.close()
        ctx_b.close()
