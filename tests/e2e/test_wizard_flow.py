"""In a real browser: a language switch mid-screen keeps every answer, Requirements walks its
categories from the top of the page, the resume link is the whole address (copy, QR, file)."""

from __future__ import annotations

import io
import json
import re
import urllib.request
from pathlib import Path
from urllib.parse import parse_qs, urlparse

import pytest
from PIL import Image
from playwright.sync_api import expect

from crmwizard.facts import facts, is_visible
from crmwizard.model import Assessment
from crmwizard.qr import qr_png
from crmwizard.store_sqlite import SqliteStore
from crmwizard.ui.resume import FILE_NAME
from tests.e2e.harness import ROOT, settle, start_server
from tests.e2e.test_journeys import (
    C,
    Q,
    choose,
    go,
    open_app,
    open_profile,
    pick,
    shot,
    t,
    type_into,
)

ERROR = '[data-testid="stAlertContentError"]'


@pytest.fixture(scope="module")
def db(tmp_path_factory):
    return tmp_path_factory.mktemp("flow") / "flow.sqlite3"


@pytest.fixture(scope="module")
def server(db):
    """A server of its own: the test reads what it saved from its database."""
    srv = start_server(ROOT / "app.py", {"CRMWIZARD_DB": str(db)})
    yield srv
    srv.stop()


def saved(db, page) -> dict:
    token = parse_qs(urlparse(page.url).query)["a"][0]
    return json.loads(SqliteStore(db).open(token).data)


def switch_language(page, to: str) -> None:
    """The sidebar's language button, on whatever screen is open."""
    now = "en" if to == "ru" else "ru"
    page.locator('[data-testid="stSidebar"]').get_by_role(
        "button", name=t(f"lang_{to}", now)).click()
    settle(page, "h1")


def radio_checked(page, qid: str, option: str, lang: str) -> bool:
    """The option is shown checked (waiting a moment: a widget may update after the run)."""
    group = page.locator('[data-testid="stRadio"]', has_text=Q[qid].text(lang))
    radio = group.get_by_role("radio", name=Q[qid].option(option).label(lang), exact=True)
    expect(radio).to_be_checked(timeout=30_000)
    return radio.is_checked()


def shown(box) -> str:
    """What a select box shows: its text and the value of its input, if it draws one."""
    return box.evaluate("e => e.innerText + ' ' + [...e.querySelectorAll('input')]"
                        ".map(i => i.value + ' ' + (i.getAttribute('aria-label') || '')).join(' ')")


def progress(page) -> str:
    return page.locator('[data-testid="stProgress"]').first.inner_text()


def test_language_switch_keeps_every_value_and_the_next_click_saves_the_option_id(
        page, server, db, shots):
    """Select and number on Start, radio and money on Budget, pills and radio on Requirements:
    each shown in the other language after the switch, counts unchanged, no red message, and
    the next click stores the option id, never its label."""
    open_app(page, server, query="lang=en")
    open_profile(page, "en")
    wholesale = next(o for o in C.industries if o.id == "wholesale")
    pick(page, t("profile_industry", "en"), wholesale.label("en"))
    type_into(page, t("profile_employees", "en"), "40")
    switch_language(page, "ru")
    box = page.locator('[data-testid="stSelectbox"]', has_text=t("profile_industry", "ru"))
    assert wholesale.label("ru") in shown(box)
    expect(page.get_by_label(t("profile_employees", "ru"), exact=True)).to_have_value("40")
    shot(page, shots, "01-start-switched")

    go(page, "budget", "ru")
    choose(page, "bud_type", "one_off", "ru")
    type_into(page, f"{Q['bud_one_off'].text('ru')} (₽)", "900000")
    before = re.findall(r"\d+", progress(page))
    switch_language(page, "en")
    assert radio_checked(page, "bud_type", "one_off", "en")
    expect(page.get_by_label(f"{Q['bud_one_off'].text('en')} (₽)", exact=True)) \
        .to_have_value("900000")
    assert re.findall(r"\d+", progress(page)) == before  # "2 of 5 answered", both languages
    shot(page, shots, "02-budget-switched")
    choose(page, "bud_type", "both", "en")
    assert page.locator(ERROR).count() == 0
    assert saved(db, page)["answers"]["bud_type"] == "both"
    assert saved(db, page)["profile"]["industry"] == "wholesale"

    go(page, "requirements", "en")
    sources = Q["req_biz_departments"]
    group = page.locator('[data-testid="stButtonGroup"]', has_text=sources.text("en"))
    group.get_by_role("button", name=sources.options[0].label("en"), exact=True).click()
    settle(page)
    choose(page, "req_biz_success", Q["req_biz_success"].options[1].id, "en")
    switch_language(page, "ru")
    group = page.locator('[data-testid="stButtonGroup"]', has_text=sources.text("ru"))
    expect(group.locator('button[aria-pressed="true"]')).to_have_text(
        [sources.options[0].label("ru")])
    assert radio_checked(page, "req_biz_success", Q["req_biz_success"].options[1].id, "ru")
    shot(page, shots, "03-requirements-switched")
    group.get_by_role("button", name=sources.options[1].label("ru"), exact=True).click()
    settle(page)
    assert page.locator(ERROR).count() == 0
    assert saved(db, page)["answers"]["req_biz_departments"] == [sources.options[0].id,
                                                                sources.options[1].id]


SCROLL = """() => Math.max(window.scrollY,
    ...[...document.querySelectorAll('[data-testid="stMain"], [data-testid="stAppViewContainer"]')]
        .map(e => e.scrollTop))"""


def to_bottom(page) -> None:
    page.evaluate("""() => { for (const e of document.querySelectorAll('[data-testid="stMain"]'))
                               { e.scrollTop = e.scrollHeight; } }""")
    assert page.evaluate(SCROLL) > 200


def test_requirements_primary_button_walks_the_categories_from_the_top(page, server, shots):
    """At the bottom of category 1 the blue button opens category 2 at the top of the page;
    it keeps doing so to the last category, then it leads to Processes."""
    page.set_viewport_size({"width": 1280, "height": 720})
    open_app(page, server, "requirements", "lang=en")
    blank = facts(C, Assessment())
    cats = C.categories
    for n, cat in enumerate(cats, start=1):
        expect(page.locator("h3").first).to_have_text(cat.title("en"), timeout=60_000)
        questions = [q for q in C.questions if q.category == cat.id and is_visible(q, blank)]
        assert page.get_by_text(C.t("req_position", "en", n=n, total=len(cats), answered=0,
                                    questions=len(questions)), exact=True).count() == 1
        primary = page.locator('[data-testid="stMain"] [data-testid="stBaseButton-primary"]')
        # One main path, never two blue buttons (drawn last: on a busy machine it takes a while).
        expect(primary).to_have_count(1, timeout=60_000)
        if n == 3:
            shot(page, shots, "01-category-3")
        if n < len(cats):
            assert primary.inner_text().endswith(C.t(
                "req_next_category", "en", title=cats[n].title("en"), n=n + 1, total=len(cats)))
            to_bottom(page)
            primary.click()
            settle(page, "h1")
            assert page.evaluate(SCROLL) == 0, n  # the new category starts at its top
    assert primary.inner_text().endswith(f"{t('next', 'en')}: {t('screen_processes', 'en')}")
    assert page.get_by_role("button", name=re.compile("^Skip")).count() == 0
    primary.click()
    settle(page, "h1")
    assert page.locator("h1").first.inner_text() == t("screen_processes", "en")


def test_requirements_skip_says_what_it_leaves_unanswered(page, server):
    open_app(page, server, "requirements", "lang=ru")
    blank = facts(C, Assessment())
    left = sum(is_visible(q, blank) for q in C.questions if q.step == "requirements")
    skip = page.get_by_role("button", name=C.t("req_skip", "ru", n=left,
                                                 screen=t("screen_processes", "ru")))
    skip.click()
    settle(page, "h1")
    assert page.locator("h1").first.inner_text() == t("screen_processes", "ru")


def test_resume_link_is_the_full_address_with_copy_qr_and_file(browser, server, shots):
    """No link on a blank screen; after the first answer the page's own address with ?a=,
    the copy button puts exactly that on the clipboard, the QR code decodes to it, the file
    holds it, and opening it elsewhere brings the answer back."""
    import zxingcpp

    context = browser.new_context(viewport={"width": 1280, "height": 720}, accept_downloads=True)
    context.grant_permissions(["clipboard-read", "clipboard-write"], origin=server.url)
    page = context.new_page()
    open_app(page, server, query="lang=en")
    assert page.locator(".st-key-resume_block").count() == 0
    assert page.locator('[data-testid="stMain"]').get_by_text("a link to come back").count() == 1
    go(page, "budget", "en")
    assert page.locator(".st-key-resume_block").count() == 0
    choose(page, "bud_type", "yearly", "en")
    token = parse_qs(urlparse(page.url).query)["a"][0]
    expected = f"{server.url}/budget?a={token}"
    block = page.locator(".st-key-resume_block")
    frame = block.frame_locator("iframe")
    assert frame.locator("#link").inner_text().strip() == expected
    assert block.get_by_text(t("resume_explain", "en")).count() == 1
    shot(page, shots, "01-link")
    copy = frame.get_by_role("button", name=t("resume_copy_help", "en"))
    copy.click()
    # The button says so once the (asynchronous) write has finished: read the clipboard after.
    expect(copy).to_have_text(t("resume_copied", "en"))
    assert page.evaluate("navigator.clipboard.readText()") == expected

    block.get_by_role("button", name=t("resume_more", "en")).click()
    settle(page)
    body = page.locator('[data-testid="stPopoverBody"]')
    src = body.locator("img").first.get_attribute("src")
    with urllib.request.urlopen(server.url + urlparse(src).path) as r:
        png = r.read()
    assert png == qr_png(expected, scale=5)
    assert [b.text for b in zxingcpp.read_barcodes(Image.open(io.BytesIO(png)))] == [expected]
    shot(page, shots, "02-qr")
    with page.expect_download() as info:
        body.get_by_role("button", name=t("resume_download", "en")).click()
    assert info.value.suggested_filename == FILE_NAME
    assert Path(info.value.path()).read_text(encoding="utf-8").splitlines()[0] == expected

    other = browser.new_context(viewport={"width": 390, "height": 844}).new_page()
    other.goto(expected)
    settle(other, "h1")
    assert radio_checked(other, "bud_type", "yearly", "en")
    shot(other, shots, "03-opened-on-a-phone")
    other.context.close()
    context.close()


# A browser that refuses both ways of copying: the clipboard API and the old copy command.
NO_CLIPBOARD = """
Object.defineProperty(Navigator.prototype, "clipboard", {get: () => ({
  writeText: () => Promise.reject(new DOMException("no", "NotAllowedError"))})});
Document.prototype.execCommand = () => false;
"""


def test_copy_button_says_when_it_could_not_copy_and_leaves_the_link_selected(browser, server):
    """Where nothing could be copied, the button does not claim it was: it says the link is
    selected, its tooltip and accessible name say how to copy it, and the link is selected."""
    context = browser.new_context(viewport={"width": 1280, "height": 720})
    context.add_init_script(NO_CLIPBOARD)  # runs in the copy box's frame too
    page = context.new_page()
    open_app(page, server, "budget", "lang=en")
    choose(page, "bud_type", "yearly", "en")
    frame = page.locator(".st-key-resume_block").frame_locator("iframe")
    frame.get_by_role("button", name=t("resume_copy_help", "en")).click()
    copy = frame.get_by_role("button", name=t("resume_copy_failed_help", "en"))
    expect(copy).to_have_text(t("resume_copy_failed", "en"))
    assert copy.get_attribute("title") == t("resume_copy_failed_help", "en")
    link = frame.locator("#link").inner_text().strip()
    assert frame.locator("body").evaluate("() => getSelection().toString().trim()") == link
    assert "?a=" in link
    context.close()


def gantt_labels(page) -> list[str]:
    """The task names the Gantt chart draws (its SVG text)."""
    chart = page.locator(".st-key-wide_gantt .crm-chart svg")
    chart.locator("text.task").first.wait_for()
    return chart.locator("text.task").evaluate_all(
        "els => els.map(t => [...t.children].map(s => s.textContent).join(' '))")


def test_plan_follows_the_launch_answer(page, server, shots):
    """The distributor demo: a launch for everyone at once renames the pilot in the Gantt."""
    open_app(page, server, query="demo=distributor&lang=en")
    go(page, "vendor", "en")
    choose(page, "ven_delivery", "on_premise", "en")
    go(page, "plan", "en")
    pilot = next(task for task in C.plan.task if task.milestone == "mvp")
    assert pilot.name("en") in " ".join(gantt_labels(page))
    shot(page, shots, "01-plan-on-premise")

    go(page, "launch", "en")
    choose(page, "mvp_scope", "big_bang", "en")
    go(page, "plan", "en")
    names = " ".join(gantt_labels(page))
    assert pilot.name_by.values["big_bang"]("en") in names and pilot.name("en") not in names
    shot(page, shots, "02-plan-big-bang")
