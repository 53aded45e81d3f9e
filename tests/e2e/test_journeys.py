"""User journeys in a real browser (Debian's Chromium driven by Playwright)."""

from __future__ import annotations

import io
import re
from urllib.parse import urlparse

from playwright.sync_api import expect
from pypdf import PdfReader

from crmwizard.content import get_content
from tests.e2e.harness import settle

C = get_content()
Q = C.question_by_id


def t(key: str, lang: str) -> str:
    return C.t(key, lang)


def open_app(page, server, path: str = "", query: str = "") -> None:
    page.goto(f"{server.url}/{path}{'?' + query if query else ''}")
    settle(page, "h1")


def shot(page, folder, name: str) -> None:
    page.screenshot(path=str(folder / f"{name}.png"), full_page=True)


def go(page, screen: str, lang: str) -> None:
    """Clicks the screen in the sidebar navigation."""
    page.locator('[data-testid="stSidebar"] [data-testid="stPageLink-NavLink"]',
                 has_text=re.compile(f"{re.escape(t('screen_' + screen, lang))}$")).click()
    settle(page, "h1")
    expect(page.locator("h1").first).to_have_text(t("screen_" + screen, lang))


def open_profile(page, lang: str) -> None:
    """Start keeps the empty profile form behind one button."""
    page.get_by_role("button", name=t("profile_open", lang)).click()
    settle(page)


def no_exception(page) -> None:
    assert page.locator('[data-testid="stException"]').count() == 0


def type_into(page, label: str, value: str, nth: int = 0) -> None:
    box = page.get_by_label(label, exact=True).nth(nth)
    box.fill(value)
    box.press("Enter")
    settle(page)


def choose(page, qid: str, option_id: str, lang: str) -> None:
    """Clicks an option of a single-choice question."""
    q = Q[qid]
    group = page.locator('[data-testid="stRadio"]', has_text=q.text(lang))
    group.get_by_text(q.option(option_id).label(lang), exact=True).click()
    settle(page)


def pick(page, label: str, option: str, nth: int = 0) -> None:
    """Chooses an option of a selectbox, typing to filter: a long list renders only the
    options in view, so an option further down may not be in the page until filtered."""
    page.locator('[data-testid="stSelectbox"]', has_text=label).nth(nth).click()
    page.keyboard.type(option)
    page.get_by_role("option", name=option, exact=True).click()
    settle(page)


def metric(page, n: int = 0) -> str:
    return page.locator('[data-testid="stMetricValue"]').nth(n).inner_text()


def risk_ids(page) -> set[str]:
    labels = page.locator('.crm-folds-risks summary').all_inner_texts()
    return {m.group(1) for label in labels if (m := re.search(r"\b(R\d{2,3}) · ", label))}


def best_option(qid: str) -> str:
    return max(Q[qid].options, key=lambda o: o.score).id


def test_new_user_in_russian_sees_readiness_and_risks_move(page, server, shots):
    """Start, Goals, Budget and a dozen requirements by clicking; Results follow the answers."""
    lang = "ru"
    open_app(page, server, query="lang=ru")
    open_profile(page, lang)
    type_into(page, t("profile_company_name", lang), "ООО «Ромашка»")
    type_into(page, t("profile_employees", lang), "40")
    type_into(page, t("profile_crm_users", lang), "15")
    shot(page, shots, "01-start")
    go(page, "results", lang)
    readiness_before = metric(page)
    risks_before = risk_ids(page)
    shot(page, shots, "02-results-before")

    go(page, "goals", lang)
    add = page.get_by_role("button", name=t("goal_add", lang))
    add.click()
    settle(page)
    add.click()
    settle(page)
    type_into(page, t("goal_text", lang), "Отвечать на заявки быстрее", nth=0)
    type_into(page, t("goal_text", lang), "Снизить дебиторку", nth=1)
    pick(page, t("goal_owner", lang), C.owner_roles[3].label(lang), nth=1)  # finance
    shot(page, shots, "03-goals")
    assert page.locator('[data-testid="stSelectbox"]', has_text=t("goal_owner", lang)).count() == 2

    go(page, "budget", lang)
    choose(page, "bud_type", "one_off", lang)
    type_into(page, f"{Q['bud_one_off'].text(lang)} (₽)", "900000")
    shot(page, shots, "04-budget")

    go(page, "team", lang)
    choose(page, "team_owner", "named_authority_budget", lang)

    go(page, "requirements", lang)
    answered = 0
    for category in C.categories[:4]:
        page.locator('[data-testid="stRadio"]').first.get_by_text(
            re.compile(re.escape(category.title(lang)))).click()
        settle(page)
        for q in [q for q in C.questions if q.category == category.id and q.type == "single"
                  and q.show_if is None][:4]:
            choose(page, q.id, best_option(q.id), lang)
            answered += 1
    assert answered >= 12
    shot(page, shots, "05-requirements")

    go(page, "results", lang)
    no_exception(page)
    shot(page, shots, "06-results-after")
    assert float(metric(page).replace(",", ".")) > float(readiness_before.replace(",", "."))
    assert risk_ids(page) != risks_before
    assert "R" in "".join(risk_ids(page))


def test_consultant_demo_visits_everything_edits_plan_flips_shortlist_downloads_pdf(
        page, server, shots):
    lang = "en"
    open_app(page, server, query="demo=manufacturer&lang=en")

    screens = ["start", "goals", "budget", "team", "vendor", "requirements", "processes",
               "integrations", "launch", "plan", "results", "shortlist", "export"]
    for i, screen in enumerate(screens):
        go(page, screen, lang)
        no_exception(page)
        shot(page, shots, f"{i:02d}-{screen}")

    go(page, "plan", lang)
    finish_before = metric(page, 0)
    page.get_by_text(t("plan_form", lang)).click()
    spec = next(task for task in C.plan.task if task.id == "specification")
    pick(page, t("plan_col_task", lang), spec.name(lang))
    days = page.get_by_label(t("plan_col_days", lang), exact=True)
    days.fill(str(int(days.input_value()) + 15))
    days.press("Tab")
    page.get_by_role("button", name=t("plan_form_apply", lang)).click()
    settle(page, "h1")
    no_exception(page)
    shot(page, shots, "20-plan-edited")
    assert metric(page, 0) != finish_before

    go(page, "shortlist", lang)
    names = {v.name for v in C.vendors}

    def cards() -> list[str]:
        return [h for h in page.locator("h3").all_inner_texts() if h.strip() in names]

    cards_before = cards()
    page.get_by_text(t("sl_switch_open_source", lang), exact=True).click()
    settle(page, "h1")
    cards_after = cards()
    shot(page, shots, "21-shortlist-flipped")
    assert len(cards_before) == C.shortlist.top and cards_before != cards_after

    go(page, "export", lang)
    with page.expect_download() as info:
        page.get_by_role("button", name=t("export_summary", lang)).click()
    with open(info.value.path(), "rb") as f:
        data = f.read()
    assert data.startswith(b"%PDF")
    text = "".join(p.extract_text() for p in PdfReader(io.BytesIO(data)).pages[:2])
    assert "Уралтехмаш" in text


def test_reload_halfway_and_resume_link(page, browser, server, shots):
    """A reload keeps every answer; the link opened in a new window brings them back."""
    lang = "en"
    open_app(page, server, query="lang=en")
    open_profile(page, lang)
    type_into(page, t("profile_company_name", lang), "Resume Ltd")
    go(page, "team", lang)
    choose(page, "team_owner", "named_authority", lang)
    go(page, "budget", lang)
    choose(page, "bud_type", "yearly", lang)
    assert "a=" in page.url
    page.reload()
    settle(page, "h1")
    shot(page, shots, "01-after-reload")
    group = page.locator('[data-testid="stRadio"]', has_text=Q["bud_type"].text(lang))
    expect(group.get_by_role("radio", name=Q["bud_type"].option("yearly").label(lang))) \
        .to_be_checked()
    link = page.url
    other = browser.new_context(viewport={"width": 1400, "height": 1000}).new_page()
    other.goto(link)
    settle(other, "h1")
    go(other, "team", lang)
    group = other.locator('[data-testid="stRadio"]', has_text=Q["team_owner"].text(lang))
    expect(group.get_by_role("radio", name=Q["team_owner"].option("named_authority")
                             .label(lang))).to_be_checked()
    go(other, "start", lang)
    # A saved profile shows as one line until Edit.
    expect(other.get_by_text(re.compile("^Resume Ltd"))).to_be_visible()
    other.get_by_role("button", name=t("profile_edit", lang)).click()
    # The field may be drawn a moment before its value on a busy machine: wait for the value.
    expect(other.get_by_label(t("profile_company_name", lang), exact=True)).to_have_value(
        "Resume Ltd", timeout=10_000)
    shot(other, shots, "02-resumed")
    other.context.close()


def test_nothing_is_loaded_from_another_host(page, server, shots):
    """Every request the pages make goes to the app's own host."""
    seen: list[str] = []
    page.on("request", lambda r: seen.append(r.url))
    lang = "ru"
    open_app(page, server, query="demo=retail&lang=ru")
    for screen in ["goals", "requirements", "plan", "results", "shortlist", "export"]:
        go(page, screen, lang)
    shot(page, shots, "01-last-screen")
    own = urlparse(server.url).netloc
    foreign = [u for u in seen if urlparse(u).scheme in ("http", "https", "ws", "wss")
               and urlparse(u).netloc != own]
    assert seen and not foreign, foreign
