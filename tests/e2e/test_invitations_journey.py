"""Invitations in a real browser: the owner on a projector, two managers on their phones."""

from __future__ import annotations

import re
import time

from playwright.sync_api import expect

from crmwizard.content import get_content
from tests.e2e.harness import settle
from tests.e2e.test_journeys import no_exception, pick, shot, type_into

C = get_content()
LANG = "en"
PHONE = {"viewport": {"width": 390, "height": 844}, "is_mobile": True, "has_touch": True,
         "device_scale_factor": 2}


def t(key: str, **values: str) -> str:
    return C.t(key, LANG, **values)


def invite(page, role: str, name: str) -> str:
    """Creates an invitation on Goals; returns its link as the screen shows it."""
    before = set(links(page))
    pick(page, t("invite_role"), C.owner_roles[[r.id for r in C.owner_roles].index(role)]
         .label(LANG))
    type_into(page, t("invite_name"), name)
    page.get_by_role("button", name=t("invite_create")).click()
    settle(page, '[data-testid="stImage"]')
    # st.code draws its text once its own script has loaded, a moment after the run.
    expect(page.locator('[data-testid="stCode"]', has_text="?invite=")).to_have_count(
        len(before) + 1)
    [link] = set(links(page)) - before
    return link


def links(page) -> list[str]:
    texts = page.locator('[data-testid="stCode"]').all_inner_texts()
    return [s.strip() for s in texts if "?invite=" in s]


def add_goal(phone, text: str, kpi: str, baseline: str, target: str) -> None:
    phone.get_by_role("button", name=t("goal_add")).tap()
    settle(phone, '[data-testid="stTextInput"]')
    type_into(phone, t("goal_text"), text)
    pick(phone, t("goal_kpi"), next(k.label(LANG) for k in C.kpis if k.id == kpi))
    type_into(phone, t("goal_baseline"), baseline)
    type_into(phone, t("goal_target"), target)
    no_exception(phone)


def test_owner_sees_two_managers_goals_and_their_conflict_live(browser, server, shots):
    """Two invitations, two phones, each adds a goal; Goals shows both and the conflict
    without a click; a link opens nothing else and nothing after it is revoked."""
    owner_ctx = browser.new_context(viewport={"width": 1400, "height": 1000})
    owner = owner_ctx.new_page()
    owner.set_default_timeout(60_000)
    owner.goto(f"{server.url}/goals?lang={LANG}")
    settle(owner, "h1")
    anna = invite(owner, "sales", "Anna")
    boris = invite(owner, "finance", "Boris")
    assert anna != boris and "a=" not in anna and re.fullmatch(
        re.escape(server.url) + r"/\?invite=[A-Za-z0-9_-]{32}", anna)
    owner.locator('[data-testid="stImage"]').scroll_into_view_if_needed()
    shot(owner, shots, "01-owner-two-invitations")

    progress = owner.locator('[data-testid="stProgress"]').first
    before = progress.inner_text()
    phones = []
    for link, text, kpi, baseline, target in (
            (anna, "Win more deals with discounts", "discount_rate", "5", "10"),
            (boris, "Protect the margin", "gross_margin", "20", "25")):
        ctx = browser.new_context(**PHONE)
        phone = ctx.new_page()
        phone.set_default_timeout(60_000)
        phone.goto(link)
        settle(phone, "h1")
        assert phone.locator("h1").first.inner_text() == t("invite_title", company=t(
            "invite_no_company"))
        assert phone.locator('[data-testid="stSidebar"]').count() == 0
        add_goal(phone, text, kpi, baseline, target)
        phones.append((ctx, phone))
    saved = time.monotonic()
    phones[0][1].locator("h1").scroll_into_view_if_needed()
    shot(phones[0][1], shots, "02-phone-anna")

    # No click, no reload: the Goals screen's fragment picks both goals up by itself.
    conflict = next(c for c in C.conflicts if {c.a, c.b} == {"discount_rate:up",
                                                              "gross_margin:up"})
    alert = owner.locator('[data-testid="stAlert"]', has_text=conflict.why(LANG))
    alert.wait_for(timeout=5_000)
    waited = time.monotonic() - saved
    assert waited <= 5, f"the owner's screen took {waited:.1f} s"
    for text in ("Win more deals with discounts", "Protect the margin"):
        assert owner.get_by_text(text, exact=False).count() >= 1
    assert "Anna" in alert.inner_text() and "Boris" in alert.inner_text()
    assert progress.inner_text() != before, "step 1's score counts the managers' goals"
    alert.scroll_into_view_if_needed()
    shot(owner, shots, "03-owner-live-conflict")

    # The same link on another page's path still shows the manager's screen alone.
    phone = phones[0][1]
    phone.goto(anna.replace("/?invite=", "/results?invite="))
    settle(phone, "h1")
    body = phone.locator("body").inner_text()
    assert phone.locator('[data-testid="stSidebar"]').count() == 0
    assert phone.locator('[data-testid="stMetric"]').count() == 0
    assert C.t("overall_readiness", LANG) not in body and "Protect the margin" not in body
    # Her own goal is there (the widget may fill its value a moment after it appears).
    expect(phone.get_by_label(t("goal_text"), exact=True)).to_have_value(
        "Win more deals with discounts")
    shot(phone, shots, "04-phone-results-path")

    card = owner.locator('[data-testid="stVerticalBlockBorderWrapper"], .stVerticalBlock',
                         has_text="Anna").filter(
        has=owner.get_by_role("button", name=t("invite_revoke"))).last
    card.get_by_role("button", name=t("invite_revoke")).click()
    settle(owner)
    assert anna not in links(owner) and boris in links(owner)
    phone.goto(anna)
    settle(phone, "h1")
    assert phone.locator("h1").first.inner_text() == t("invite_gone_title")
    assert phone.get_by_text(t("invite_revoked")).count() == 1
    assert phone.locator("input").count() == 0
    shot(phone, shots, "05-phone-revoked")
    for ctx, _ in phones:
        ctx.close()
    owner_ctx.close()
