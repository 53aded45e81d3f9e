"""A long paste in the browser is not cut silently: the screen says what was kept."""

from __future__ import annotations

from playwright.sync_api import expect

from crmwizard.content import get_content
from tests.e2e.harness import settle

C = get_content()


def test_a_5000_character_paste_is_reported(page, server):
    page.goto(f"{server.url}/?lang=en")
    settle(page, "h1")
    page.get_by_role("button", name=C.t("profile_open", "en")).click()  # the empty profile
    settle(page)
    box = page.get_by_label(C.t("profile_company_name", "en"), exact=True)
    text = "".join(f"word{i} " for i in range(1000))[:5000]
    box.fill(text)
    box.press("Enter")
    settle(page)
    alert = page.locator('[data-testid="stAlert"]', has_text="5000 characters")
    expect(alert).to_have_count(1)
    assert "first 200" in alert.inner_text()
    expect(box).to_have_value(text[:200].strip())
