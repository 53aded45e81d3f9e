"""A freshly started server: several first visitors at the same moment all get their screen."""

from __future__ import annotations

import pytest

from crmwizard.content import get_content
from tests.e2e.harness import ROOT, settle, start_server

C = get_content()


@pytest.fixture
def fresh_server(tmp_path):
    srv = start_server(ROOT / "app.py", {"CRMWIZARD_DB": str(tmp_path / "fresh.sqlite3")})
    yield srv
    srv.stop()


@pytest.mark.parametrize("screen", ["results", "plan"])
def test_five_first_visitors_at_once_on_a_fresh_server(browser, fresh_server, screen):
    """Five tabs open a chart screen at the same moment, before any module was imported."""
    contexts = [browser.new_context(viewport={"width": 1200, "height": 900}) for _ in range(5)]
    try:
        pages = [ctx.new_page() for ctx in contexts]
        for i, page in enumerate(pages):  # requests go out together; the scripts overlap
            demo = ("retail", "distributor")[i % 2]
            page.goto(f"{fresh_server.url}/{screen}?lang=en&demo={demo}", wait_until="commit")
        for page in pages:
            settle(page, "h1")
            assert page.locator('[data-testid="stException"]').count() == 0
            assert page.locator("h1").first.inner_text() == C.t(f"screen_{screen}", "en")
            page.locator(".crm-chart svg").first.wait_for(timeout=60_000)
            assert page.locator('[data-testid="stException"]').count() == 0
    finally:
        for ctx in contexts:
            ctx.close()
