"""The wizard's screens in AppTest: every screen, both languages, answers kept, figures equal."""

from __future__ import annotations

import ast
import datetime as dt
import json
import re
import sqlite3
import subprocess
import sys
from html.parser import HTMLParser
from pathlib import Path

import pytest
from streamlit.source_util import page_icon_and_name, page_sort_key
from streamlit.testing.v1 import AppTest

from crmwizard.analysis import analyse
from crmwizard.content import get_content
from crmwizard.i18n import fmt_date, fmt_money, fmt_number
from crmwizard.ui.nav import SCREENS
from crmwizard.ui.text import plain

ROOT = Path(__file__).resolve().parent.parent
APP = str(ROOT / "app.py")
CONTENT = get_content()
PAGES = [s.file for s in SCREENS if s.section != "hidden"]
PAGE = {s.id: s.file for s in SCREENS}


@pytest.fixture(autouse=True)
def _isolated_db(tmp_path, monkeypatch):
    monkeypatch.setenv("CRMWIZARD_DB", str(tmp_path / "app.sqlite3"))
    monkeypatch.delenv("CRMWIZARD_CONSULTANT_PASSCODE", raising=False)
    # The store is cached per path; a new path per test gives a new database.


def app(**params: str) -> AppTest:
    at = AppTest.from_file(APP, default_timeout=60)
    for k, v in params.items():
        at.query_params[k] = v
    return at.run()


def no_errors(at: AppTest) -> None:
    assert not at.exception, [e.message for e in at.exception]


def open_profile(at: AppTest) -> AppTest:
    """Start shows the profile form behind one button while the profile is empty."""
    return at.button(key="profile_open").click().run()


def page_text(at: AppTest) -> str:
    parts = [e.value for e in at.title] + [e.value for e in at.subheader]
    parts += [e.value for e in at.markdown] + [e.value for e in at.caption]
    parts += [f"{summary}\n{body}" for summary, body in folds(at)]
    parts += [w.label for kind in ("radio", "text_input", "number_input", "selectbox", "pills",
                                   "button", "checkbox", "toggle") for w in getattr(at, kind)]
    return "\n".join(str(p) for p in parts)


def test_page_files_are_the_screens_in_wizard_order():
    """pages/ holds every screen after Start in wizard order; each URL is the screen's id."""
    files = sorted((ROOT / "pages").glob("*.py"), key=page_sort_key)
    assert [f"pages/{f.name}" for f in files] == [s.file for s in SCREENS[1:]]
    assert [page_icon_and_name(f)[1] for f in files] == [s.id for s in SCREENS[1:]]
    assert SCREENS[0].file == "app.py"


@pytest.mark.parametrize("screen", SCREENS, ids=[s.id for s in SCREENS])
def test_every_page_opens_with_the_shell(screen):
    """app.py and each page make one call: the shell, with the screen id and how to draw it."""
    tree = ast.parse((ROOT / screen.file).read_text())
    calls = [n for n in tree.body[1:] if isinstance(n, ast.Expr)]  # after the docstring
    assert len(calls) == 1  # a page is that thin
    call = calls[0].value
    assert ast.unparse(call.func) == "shell.page"
    assert ast.literal_eval(call.args[0]) == screen.id


PROFILES = [("ru", None), ("en", None), ("ru", "retail"), ("en", "distributor"),
            ("ru", "manufacturer"), ("en", "manufacturer")]


@pytest.mark.parametrize("page", PAGES)
@pytest.mark.parametrize("lang,demo", PROFILES, ids=[f"{lang}-{d}" for lang, d in PROFILES])
def test_every_screen_runs(page, lang, demo):
    """Every screen in both languages, blank and with the demo profiles: no exception."""
    params = {"lang": lang} | ({"demo": demo} if demo else {})
    at = app(**params)
    at.switch_page(page).run()
    no_errors(at)
    screen = next(s for s in SCREENS if s.file == page)
    assert at.title[0].value == CONTENT.t(f"screen_{screen.id}", lang)


def test_answer_survives_switching_screens():
    """An answer given on one screen is there after visiting others, in any order."""
    at = app(lang="en")
    at.switch_page(PAGE["team"]).run()
    at.radio(key="q_team_owner").set_value("named_authority").run()
    at.switch_page(PAGE["requirements"]).run()
    at.switch_page(PAGE["results"]).run()
    at.switch_page(PAGE["budget"]).run()
    at.radio(key="q_bud_type").set_value("one_off").run()
    at.number_input(key="q_bud_one_off").set_value(1_500_000).run()
    at.switch_page(PAGE["start"]).run()
    at.switch_page(PAGE["team"]).run()
    assert at.radio(key="q_team_owner").value == "named_authority"
    at.switch_page(PAGE["budget"]).run()
    assert at.number_input(key="q_bud_one_off").value == 1_500_000
    assert at.session_state["assessment"].answers["team_owner"] == "named_authority"
    no_errors(at)


def test_start_draws_no_input_until_the_profile_is_opened():
    """A first visit shows the intro and one button; the button and a demo open the form."""
    at = app(lang="en")
    assert not at.text_input and not at.number_input and not at.selectbox
    assert not at.get("button_group")  # pills, segmented control
    open_profile(at)
    assert at.text_input(key="profile_company_name").value == ""
    at.switch_page(PAGE["team"]).run()
    at.switch_page(PAGE["start"]).run()
    assert at.text_input(key="profile_company_name")  # stays open for the session


def test_a_profile_from_before_shows_as_one_line_until_edit():
    """A demo or a resume link: the profile in one line and an Edit button, no input widget;
    Edit opens the form with the saved values, and it stays open for the session."""
    demo = json.loads((ROOT / "questions/demo/retail.json").read_text())
    p = demo["profile"]
    at = app(demo="retail", lang="ru")
    assert not at.text_input and not at.number_input and not at.selectbox
    assert not at.get("button_group")
    line = next(m.value for m in at.markdown if " · " in m.value and "пользователей CRM" in m.value)
    industry = next(o.label("ru") for o in CONTENT.industries if o.id == p["industry"])
    assert line.split(" · ") == [
        plain(p["company_name"]), plain(industry),
        f"сотрудников: {fmt_number(p['employees'], 'ru', 0)}",
        f"пользователей CRM: {fmt_number(p['crm_users'], 'ru', 0)}",
        ", ".join(plain(d.label("ru")) for d in CONTENT.departments if d.id in p["departments"]),
        f"оценку готовит {plain(demo['prepared_by'])}"]
    assert at.button(key="profile_open").label == CONTENT.t("profile_edit", "ru")
    open_profile(at)
    assert at.text_input(key="profile_company_name").value == p["company_name"]
    assert at.number_input(key="profile_crm_users").value == p["crm_users"]
    at.switch_page(PAGE["team"]).run()
    at.switch_page(PAGE["start"]).run()
    assert at.text_input(key="profile_company_name").value == p["company_name"]


def test_profile_and_goals_are_kept():
    at = app(lang="ru")
    open_profile(at)
    at.text_input(key="profile_company_name").input("ООО «Ромашка»").run()
    at.number_input(key="profile_crm_users").set_value(25).run()
    at.switch_page(PAGE["goals"]).run()
    at.button(key="goal_add").click().run()
    at.button(key="goal_add").click().run()
    at.text_input(key="goal_0_goal").input("Отвечать быстрее").run()
    at.selectbox(key="goal_0_kpi").set_value("lead_response_time").run()
    at.selectbox(key="goal_1_owner").set_value("finance").run()
    at.switch_page(PAGE["results"]).run()
    at.switch_page(PAGE["goals"]).run()
    a = at.session_state["assessment"]
    assert a.profile.company_name == "ООО «Ромашка»" and a.profile.crm_users == 25
    assert [g.owner for g in a.goals] == ["owner", "finance"]
    assert a.goals[0].kpi == "lead_response_time" and a.goals[0].unit
    assert at.text_input(key="goal_0_goal").value == "Отвечать быстрее"
    # Both goals lack numbers and dates: the screen says so.
    assert len([w for w in at.warning if "неизмерима" in w.value]) == 2
    no_errors(at)


def test_a_complete_goal_from_before_shows_as_one_line_until_edit():
    """A demo's complete goals are one line each with Edit and Remove; an incomplete one keeps
    its fields; Edit opens a card with its saved values, and it stays open for the session."""
    demo = json.loads((ROOT / "questions/demo/distributor.json").read_text())
    first, second, third = demo["goals"]  # the third has no KPI, numbers or deadline
    at = app(demo="distributor", lang="ru").switch_page(PAGE["goals"]).run()
    fields = [w.key for kind in ("text_input", "number_input", "selectbox", "date_input")
              for w in getattr(at, kind) if w.key and w.key.startswith("goal_")]
    assert sorted(fields) == [f"goal_2_{f}" for f in (
        "baseline", "deadline", "goal", "kpi", "owner", "target", "unit")]
    assert at.text_input(key="goal_2_goal").value == third["goal"]
    roles = {r.id: r.label("ru") for r in CONTENT.owner_roles}
    kpi = next(k.label("ru") for k in CONTENT.kpis if k.id == first["kpi"])
    line = next(m.value for m in at.markdown if plain(first["goal"]) in m.value)
    assert line == (f"**{plain(roles[first['owner']])}** · {plain(first['goal'])} · "
                    f"{plain(kpi)} · {fmt_number(first['baseline'], 'ru')} → "
                    f"{fmt_number(first['target'], 'ru')} {plain(first['unit'])} · "
                    f"{fmt_date(dt.date.fromisoformat(first['deadline']), 'ru')}")
    assert at.button(key="goal_1_edit").label == CONTENT.t("goal_edit", "ru")
    at.button(key="goal_1_edit").click().run()
    assert at.text_input(key="goal_1_goal").value == second["goal"]
    assert at.number_input(key="goal_1_target").value == second["target"]
    assert "goal_0_goal" not in [t.key for t in at.text_input]
    at.number_input(key="goal_1_target").set_value(30).run()
    at.switch_page(PAGE["team"]).run()
    at.switch_page(PAGE["goals"]).run()
    assert at.number_input(key="goal_1_target").value == 30
    assert at.session_state["assessment"].goals[1].target == 30
    # Removing the first goal shifts the open card with it.
    at.button(key="goal_0_remove").click().run()
    assert at.text_input(key="goal_0_goal").value == second["goal"]
    no_errors(at)


def test_goal_conflict_is_pointed_out():
    at = app(lang="en")
    at.switch_page(PAGE["goals"]).run()
    for _ in range(2):
        at.button(key="goal_add").click().run()
    at.selectbox(key="goal_0_owner").set_value("sales").run()
    at.selectbox(key="goal_0_kpi").set_value("discount_rate").run()
    at.number_input(key="goal_0_baseline").set_value(5).run()
    at.number_input(key="goal_0_target").set_value(10).run()
    at.selectbox(key="goal_1_owner").set_value("finance").run()
    at.selectbox(key="goal_1_kpi").set_value("gross_margin").run()
    at.number_input(key="goal_1_baseline").set_value(20).run()
    at.number_input(key="goal_1_target").set_value(25).run()
    assert any("pull against each other" in e.value for e in at.error)


def test_demo_parameter_fills_the_screens():
    at = app(demo="manufacturer", lang="en")
    at.switch_page(PAGE["team"]).run()
    demo = json.loads((ROOT / "questions/demo/manufacturer.json").read_text())
    assert at.radio(key="q_team_owner").value == demo["answers"]["team_owner"]
    open_profile(at.switch_page(PAGE["start"]).run())
    assert at.text_input(key="profile_company_name").value == demo["profile"]["company_name"]


def test_language_stays_russian_across_pages():
    at = app(lang="ru")
    for page in PAGES:
        at.switch_page(page).run()
        text = page_text(at)
        for key in ("back", "next", "not_answered"):
            en, ru = CONTENT.ui[key].en, CONTENT.ui[key].ru
            assert en not in text.replace(ru, ""), (page, key)
        assert any("а" <= ch <= "я" for ch in at.title[0].value)
    assert at.session_state["assessment"].language == "ru"


def test_language_switch_in_sidebar():
    at = app(lang="ru")
    at.button(key="sidebar_language").click().run()
    at.switch_page(PAGE["team"]).run()
    assert at.title[0].value == CONTENT.t("screen_team", "en")


def test_money_is_formatted_per_language():
    for lang, text in (("ru", "1\xa0500\xa0000\xa0₽"), ("en", "RUB\xa01,500,000")):
        at = app(lang=lang)
        at.switch_page(PAGE["budget"]).run()
        at.radio(key="q_bud_type").set_value("one_off").run()
        at.number_input(key="q_bud_one_off").set_value(1_500_000).run()
        at.switch_page(PAGE["plan"]).run()  # the budget table: stated first year
        budget = next(t for t in md_tables(at) if t[0] == [
            CONTENT.t("budget_item", lang), CONTENT.t("budget_amount", lang)])
        assert any(text == row[1] for row in budget[1:]), lang


def test_results_show_the_same_figures_as_the_command_line(demos):
    at = app(demo="distributor", lang="en")
    at.switch_page(PAGE["results"]).run()
    out = json.loads(subprocess.run(
        [sys.executable, "-m", "crmwizard", "score", str(ROOT / "questions/demo/distributor.json"),
         "--lang", "en", "--json"], cwd=ROOT, capture_output=True, text=True).stdout)
    a = analyse(CONTENT, demos["distributor"], "en")
    # The screen rounds the exact figure once; the command line gives one decimal of it.
    assert at.metric[0].value == fmt_number(a.readiness.overall, "en", 0)
    assert out["overall"] == round(a.readiness.overall, 1)
    shown = [summary.split(" · ")[0] for summary, _ in folds(at, "risks")
             if summary.startswith("R")]
    top = CONTENT.top_risks
    assert shown == [r["id"] for r in out["risks"][:top]]  # the worst ten, in the same order
    if len(out["risks"]) > top:
        label = CONTENT.t("risks_rest", "en", n=len(out["risks"]) - top)
        rest = next(body for summary, body in folds(at, "risks") if summary == label)
        assert all(r["id"] in rest for r in out["risks"][top:])
    assert at.metric[2].value == str(len(a.risks))


def test_results_give_every_step_its_reasons_folded(demos):
    """Fourteen folded sections, one per step: its score in the summary, each reason by value."""
    at = app(demo="distributor", lang="ru")
    at.switch_page(PAGE["results"]).run()
    a = analyse(CONTENT, demos["distributor"], "ru")
    found = folds(at, "reasons")
    assert [summary for summary, _ in found] == [CONTENT.t(
        "step_reasons", "ru", number=s.number, title=s.title,
        readiness=fmt_number(s.readiness, "ru", 0)) for s in a.readiness.steps]
    for (_, body), s in zip(found, a.readiness.steps, strict=True):
        assert all(f"{'+' if x.effect > 0 else '−' if x.effect < 0 else '○'} {x.text}" in body
                   for x in s.reasons)
        assert (CONTENT.t("unanswered_count", "ru", n=len(s.unanswered)) in body) == bool(
            s.unanswered)
        assert (CONTENT.t("no_reasons", "ru") in body) == (not s.reasons)
    assert any(s.reasons for s in a.readiness.steps) and any(not s.reasons or s.unanswered
                                                             for s in a.readiness.steps)


def test_user_text_is_never_html():
    at = app(lang="en")
    open_profile(at)
    at.text_input(key="profile_company_name").input("<b>bold</b> **x**").run()
    at.switch_page(PAGE["goals"]).run()
    at.button(key="goal_add").click().run()
    at.text_input(key="goal_0_goal").input("<script>alert(1)</script>").run()
    assert all("<script>" not in e.value or "\\<script" in e.value for e in at.markdown)
    no_errors(at)


def test_resume_by_token_brings_the_answers_back():
    at = app(lang="en")
    at.switch_page(PAGE["team"]).run()
    at.radio(key="q_team_owner").set_value("none").run()
    token = at.session_state["token"]
    assert token and at.query_params["a"] == token
    again = app(a=token)
    again.switch_page(PAGE["team"]).run()
    assert again.radio(key="q_team_owner").value == "none"
    assert again.session_state["assessment"].language == "en"


def test_unknown_token_says_not_found_and_starts_blank():
    at = app(a="made-up-token", lang="en")
    assert any("No assessment was found" in w.value for w in at.warning)
    assert at.session_state["assessment"].answers == {}


def test_broken_row_gives_a_clear_message(tmp_path):
    at = app(lang="en")
    at.switch_page(PAGE["team"]).run()
    at.radio(key="q_team_owner").set_value("none").run()
    token = at.session_state["token"]
    with sqlite3.connect(tmp_path / "app.sqlite3") as db:
        db.execute("UPDATE assessments SET data = '{broken' WHERE token = ?", (token,))
    again = app(a=token, lang="en")
    no_errors(again)
    assert any("could not be read" in e.value for e in again.error)


def test_contact_details_need_consent(tmp_path):
    at = app(lang="en")
    open_profile(at)
    at.text_input(key="profile_company_name").input("Acme").run()
    at.switch_page(PAGE["export"]).run()
    at.text_input(key="profile_contact_email").input("boss@acme.test").run()
    db = tmp_path / "app.sqlite3"

    def saved() -> dict:
        with sqlite3.connect(db) as conn:
            return json.loads(conn.execute("SELECT data FROM assessments").fetchone()[0])

    assert saved()["profile"]["contact_email"] == ""
    assert at.session_state["assessment"].profile.contact_email == "boss@acme.test"
    at.checkbox(key="profile_consent").check().run()
    assert saved()["profile"]["contact_email"] == "boss@acme.test"


def test_delete_my_data_removes_the_row(tmp_path):
    at = app(lang="en")
    open_profile(at)
    at.text_input(key="profile_company_name").input("Acme").run()
    token = at.session_state["token"]
    at.switch_page(PAGE["export"]).run()
    at.button(key="delete_yes").click().run()
    with sqlite3.connect(tmp_path / "app.sqlite3") as conn:
        assert conn.execute("SELECT count(*) FROM assessments WHERE token = ?",
                            (token,)).fetchone()[0] == 0
    assert any("deleted from the database" in s.value for s in at.success)
    assert at.session_state["assessment"].profile.company_name == ""


def test_import_asks_before_replacing():
    at = app(lang="en")
    open_profile(at)
    at.text_input(key="profile_company_name").input("Mine").run()
    at.switch_page(PAGE["export"]).run()
    raw = (ROOT / "questions/demo/retail.json").read_bytes()
    at.file_uploader(key="import_file_0").set_value(("retail.json", raw, "application/json"))
    at.run()
    assert at.session_state["assessment"].profile.company_name == "Mine"
    at.button(key="import_replace").click().run()
    assert at.session_state["assessment"].profile.company_name != "Mine"


def test_import_of_a_bad_file_names_the_field():
    at = app(lang="en")
    at.switch_page(PAGE["export"]).run()
    bad = json.dumps({"schema_version": 1, "answers": {"team_owner": "maybe"}}).encode()
    at.file_uploader(key="import_file_0").set_value(("bad.json", bad, "application/json"))
    at.run()
    # Named in plain words, as the screen asks it; no field path, no Python list.
    shown = [e.value.replace("\\", "") for e in at.error]
    question = CONTENT.question_by_id["team_owner"].text("en")
    assert any(question in e and "bad.json" in e and "no such option" in e for e in shown), shown
    assert not any("answers.team_owner" in e or "[" in e for e in shown)


def workspace_not_shown(at: AppTest) -> None:
    """The workspace page says "not found" and shows nothing of the workspace."""
    no_errors(at)
    assert [e.value for e in at.title] == [CONTENT.t("not_found_title", "en")]
    assert not at.dataframe
    keys = {w.key for kind in ("selectbox", "button") for w in getattr(at, kind)}
    assert not keys & {"ws_pick", "ws_open", "ws_duplicate", "ws_delete_yes"}
    text = page_text(at)
    for lang in ("ru", "en"):
        assert CONTENT.t("screen_workspace", lang) not in text
    labels = [link.proto.label for link in at.get("page_link")]
    assert CONTENT.t("screen_workspace", "en") not in labels


def test_workspace_is_hidden_without_passcode():
    """No passcode set: no gate, no link, and the page itself says "not found"."""
    at = app(lang="en")
    assert not any(e.label == CONTENT.t("ws_passcode", "en") for e in at.text_input)
    at.switch_page(PAGE["workspace"]).run()
    workspace_not_shown(at)


def _unlock(at: AppTest, passcode: str) -> AppTest:
    at.text_input(key="ws_passcode").set_value(passcode)
    return at.button(key="ws_unlock").click().run()


def test_workspace_passcode_gate(monkeypatch):
    monkeypatch.setenv("CRMWIZARD_CONSULTANT_PASSCODE", "s3cret-long-enough")
    first = app(demo="retail", lang="en")
    first.switch_page(PAGE["team"]).run()
    first.radio(key="q_team_owner").set_value("named_authority").run()
    at = _unlock(app(lang="en"), "wrong")
    assert not at.session_state["workspace_unlocked"]
    at.switch_page(PAGE["workspace"]).run()  # reached by its URL: the shell refuses
    workspace_not_shown(at)
    _unlock(at, "s3cret-long-enough")
    assert at.session_state["workspace_unlocked"]
    assert at.title[0].value == CONTENT.t("screen_workspace", "en")
    no_errors(at)
    company = json.loads((ROOT / "questions/demo/retail.json").read_text())["profile"][
        "company_name"]
    assert company in at.dataframe[0].value.to_csv()
    at.button(key="ws_duplicate").click().run()
    assert len(at.dataframe[0].value) == 2
    at.button(key="ws_delete_yes").click().run()
    assert len(at.dataframe[0].value) == 1


def test_plan_table_edit_moves_dependents():
    """An edit seeded into the task table lengthens a task and moves what depends on it."""
    at = app(demo="distributor", lang="en")
    at.switch_page(PAGE["plan"]).run()
    a = analyse(CONTENT, at.session_state["assessment"])
    tasks = [t.id for t in a.plan.tasks]
    row = tasks.index("specification")
    before = {t.id: t for t in a.plan.tasks}
    at.session_state["plan_editor_0"] = {"edited_rows": {row: {"days": before[
        "specification"].days + 10}}, "added_rows": [], "deleted_rows": []}
    at.run()
    no_errors(at)
    edits = at.session_state["assessment"].plan.edits
    assert edits["specification"].duration_days == before["specification"].days + 10
    after = {t.id: t for t in analyse(CONTENT, at.session_state["assessment"]).plan.tasks}
    assert after["configuration"].start > before["configuration"].start


@pytest.mark.parametrize("cells,message", [
    ({"days": -3}, "whole number of working days"),
    ({"days": "ten"}, "needs a number or a date"),
    ({"end": "2020-01-01"}, "end is before the start"),
    ({"effort": -1}, "zero or more"),
])
def test_plan_bad_edits_get_a_message_and_change_nothing(cells, message):
    at = app(demo="distributor", lang="en")
    at.switch_page(PAGE["plan"]).run()
    at.session_state["plan_editor_0"] = {"edited_rows": {1: cells}, "added_rows": [],
                                         "deleted_rows": []}
    at.run()
    no_errors(at)
    assert any(message in e.value for e in at.error)
    assert at.session_state["assessment"].plan.edits == {}


def test_plan_start_and_rate_show_as_a_line_until_changed():
    """The start date and rate in one line; their fields on demand; a change moves the plan."""
    at = app(demo="distributor", lang="ru")
    at.switch_page(PAGE["plan"]).run()
    plan = at.session_state["_analysis"][1].plan
    shown = {w.key for w in [*at.date_input, *at.number_input]}
    assert not shown & {"plan_start_date", "plan_hourly_rate"}
    line = CONTENT.t("plan_settings_line", "ru", start=fmt_date(plan.start, "ru"),
                     rate=fmt_money(plan.rate, "ru"))
    assert line in [m.value for m in at.markdown]
    at.button(key="plan_settings_toggle").click().run()
    assert at.date_input(key="plan_start_date").value == plan.start
    at.number_input(key="plan_hourly_rate").set_value(plan.rate * 2).run()
    after = at.session_state["_analysis"][1].plan
    assert after.rate == plan.rate * 2 and after.total_cost > plan.total_cost
    at.button(key="plan_settings_toggle").click().run()
    assert "plan_hourly_rate" not in {w.key for w in at.number_input} and CONTENT.t(
        "plan_settings_line", "ru", start=fmt_date(plan.start, "ru"),
        rate=fmt_money(plan.rate * 2, "ru")) in [m.value for m in at.markdown]


def test_plan_form_changes_one_task():
    """The one-task form is drawn once asked for, then stays open with what the edit did."""
    at = app(demo="distributor", lang="en")
    at.switch_page(PAGE["plan"]).run()
    assert not at.selectbox and at.button(key="plan_form_toggle").label == CONTENT.t(
        "plan_form", "en")
    at.button(key="plan_form_toggle").click().run()
    assert at.button(key="plan_form_toggle").label == CONTENT.t("plan_form_close", "en")
    at.selectbox(key="plan_form_task").set_value("mvp").run()
    at.number_input(key="plan_form_days").set_value(30)
    at.button(key="plan_form_apply").click().run()
    assert at.session_state["assessment"].plan.edits["mvp"].duration_days == 30
    assert at.selectbox(key="plan_form_task").value == "mvp"  # still open
    assert any("30" in s.value for s in at.success)
    at.button(key="plan_form_toggle").click().run()
    assert not at.selectbox


def test_shortlist_what_if_changes_the_ranking():
    at = app(demo="retail", lang="en")
    at.switch_page(PAGE["shortlist"]).run()
    before = list(at.dataframe[0].value.iloc[:, 1])
    at.toggle(key="ven_whatif_on_premise").set_value(True).run()
    after = list(at.dataframe[0].value.iloc[:, 1])
    assert before != after
    assert "amoCRM (Kommo)" in before and "amoCRM (Kommo)" not in after
    assert at.session_state["assessment"].answers["ven_delivery"] == "cloud"  # untouched


def test_picking_a_vendor_sets_the_licence_price():
    at = app(demo="manufacturer", lang="en")
    at.switch_page(PAGE["shortlist"]).run()
    first = at.session_state["_analysis"][1].shortlist.ranked[0].vendor.id
    at.button(key=f"ven_choose_{first}").click().run()
    assert at.session_state["assessment"].vendor_choice == first


def test_loading_a_demo_keeps_the_users_own_assessment(tmp_path):
    """A demo starts a new assessment; the one the user had stays saved under its link."""
    at = app(lang="en")
    open_profile(at)
    at.text_input(key="profile_company_name").input("Mine").run()
    mine = at.session_state["token"]
    again = app(a=mine, lang="en")
    again.button(key="sidebar_demo_retail").click().run()
    assert again.session_state["assessment"].profile.company_name != "Mine"
    assert again.session_state["token"] != mine
    with sqlite3.connect(tmp_path / "app.sqlite3") as db:
        companies = {r[0] for r in db.execute("SELECT company FROM assessments")}
    assert "Mine" in companies


def test_sidebar_on_a_blank_assessment_is_short():
    """Nothing entered: no readiness, per-step list or "start over"; an answer brings them."""
    at = app(lang="en")
    overall = CONTENT.t("sidebar_overall", "en", readiness="0", completeness="0").split("0")[0]
    assert not any(m.value.startswith(overall) for m in at.sidebar.markdown)
    team = CONTENT.step_by_id["team"].title("en")
    assert not any(team in m.value for m in at.sidebar.markdown)
    assert not [b for b in at.button if b.key == "sidebar_start_over"]
    at.switch_page(PAGE["team"]).run()
    at.radio(key="q_team_owner").set_value("none").run()
    assert any(team in m.value for m in at.sidebar.markdown)
    assert any(m.value.startswith(overall) for m in at.sidebar.markdown)
    assert at.button(key="sidebar_start_over")


def test_start_over_asks_first():
    at = app(demo="retail", lang="en")
    at.button(key="sidebar_start_over").click().run()
    assert at.session_state["assessment"].answers  # nothing cleared yet
    again = app(demo="retail", lang="en")
    again.session_state["sidebar_confirm"] = True
    again.run()
    again.button(key="sidebar_start_over_yes").click().run()
    assert again.session_state["assessment"].answers == {}


FOLD_TAGS = {"div", "details", "summary", "p", "b", "ul", "li", "span"}


class _Folds(HTMLParser):
    """Reads crmwizard.ui.folds' HTML: each <details> as (summary, body text), and every tag."""

    def __init__(self) -> None:
        super().__init__()
        self.found: list[list[str]] = []
        self.tags: set[str] = set()
        self.into: int | None = None  # 0: the summary, 1: the body

    def handle_starttag(self, tag, attrs):
        self.tags.add(tag)
        if tag == "details":
            self.found.append(["", ""])
        self.into = 0 if tag == "summary" else 1 if self.found else None

    def handle_endtag(self, tag):
        if tag == "summary":
            self.into = 1

    def handle_data(self, data):
        if self.into is not None and self.found:
            self.found[-1][self.into] += data


def folds(at: AppTest, name: str | None = None) -> list[tuple[str, str]]:
    """Every folded section on the page (or in the block `name`), as its reader sees it."""
    out = []
    for block in at.get("html"):
        head = block.value[:60]
        mark = f'<div class="crm-folds crm-folds-{name}"' if name else '<div class="crm-folds'
        if not head.startswith(mark):
            continue
        parser = _Folds()
        parser.feed(block.value)
        assert parser.tags <= FOLD_TAGS, parser.tags  # nothing typed became a tag
        out += [(summary, body) for summary, body in parser.found]
    return out


def md_tables(at: AppTest) -> list[list[list[str]]]:
    """Every Markdown table on the page as rows of cells (the header first), unescaped."""
    found = []
    for md in at.markdown:
        lines = [line for line in md.value.splitlines() if line.startswith("|")]
        if len(lines) < 2 or not set(lines[1]) <= set("|-: "):
            continue
        rows = [[re.sub(r"\\(.)", r"\1", cell).replace("\u2060", "").strip()
                 for cell in re.split(r"(?<!\\)\|", line)[1:-1]]
                for i, line in enumerate(lines) if i != 1]
        found.append(rows)
    return found
