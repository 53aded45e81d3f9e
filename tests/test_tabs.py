"""Several tabs on one link: revisions refuse stale saves, a deleted assessment stays deleted."""

from __future__ import annotations

import sqlite3
from pathlib import Path

import pytest
from streamlit.testing.v1 import AppTest

from crmwizard.content import get_content
from crmwizard.store_sqlite import SqliteStore

ROOT = Path(__file__).resolve().parent.parent
CONTENT = get_content()
Q = CONTENT.question_by_id


@pytest.fixture
def db(tmp_path, monkeypatch) -> Path:
    path = tmp_path / "app.sqlite3"
    monkeypatch.setenv("CRMWIZARD_DB", str(path))
    monkeypatch.delenv("CRMWIZARD_CONSULTANT_PASSCODE", raising=False)
    return path


def tab(**params: str) -> AppTest:
    at = AppTest.from_file(str(ROOT / "app.py"), default_timeout=60)
    for k, v in params.items():
        at.query_params[k] = v
    return at.run()


def rows(db: Path) -> list[tuple]:
    with sqlite3.connect(db) as conn:
        return conn.execute("SELECT token, data, revision FROM assessments").fetchall()


def test_stale_tab_is_refused_told_and_can_reload(db):
    """Tab 2 edits after tab 1 saved: refused, the change is shown, reload brings tab 1's."""
    first = tab(lang="en")
    first.button(key="profile_open").click().run()  # Start keeps the empty profile behind it
    first.text_input(key="profile_company_name").input("Acme").run()
    token = first.session_state["token"]
    second = tab(lang="en", a=token)
    first.switch_page("pages/3_team.py").run()
    first.radio(key="q_team_owner").set_value("named_authority").run()
    second.switch_page("pages/2_budget.py").run()
    second.radio(key="q_bud_type").set_value("one_off").run()
    [(_, data, revision)] = rows(db)
    assert '"team_owner": "named_authority"' in data and "bud_type" not in data
    assert revision == 2
    shown = second.error[0].value.replace("\\", "")  # as read, without Markdown escapes
    assert shown.startswith(CONTENT.t("conflict_stale", "en"))
    assert Q["bud_type"].text("en") in shown
    assert Q["bud_type"].option("one_off").label("en") in shown
    second.button(key="conflict_reload").click().run()
    a = second.session_state["assessment"]
    assert a.answers.get("team_owner") == "named_authority" and "bud_type" not in a.answers
    assert Q["bud_type"].text("en") in second.info[0].value  # what to re-apply
    second.radio(key="q_bud_type").set_value("one_off").run()
    [(_, data, revision)] = rows(db)
    assert '"bud_type": "one_off"' in data and '"team_owner"' in data and revision == 3
    assert not [e for e in second.error if "another tab" in e.value]


def test_a_stale_tab_never_brings_a_deleted_assessment_back(db):
    """After 'delete my data' in tab 1, an edit in tab 2 creates nothing, contact included."""
    first = tab(lang="en")
    first.button(key="profile_open").click().run()  # Start keeps the empty profile behind it
    first.text_input(key="profile_company_name").input("Acme").run()
    first.switch_page("pages/13_export.py").run()
    first.checkbox(key="profile_consent").check().run()
    first.text_input(key="profile_contact_email").input("boss@acme.example").run()
    token = first.session_state["token"]
    second = tab(lang="en", a=token)
    first.button(key="delete_yes").click().run()
    assert rows(db) == []
    second.button(key="profile_open").click().run()  # a saved profile shows as one line
    second.text_input(key="profile_company_name").input("Acme again").run()
    assert rows(db) == []
    assert second.error[0].value.startswith(CONTENT.t("conflict_deleted", "en"))
    # Reopening the old link says it was deleted.
    third = tab(lang="en", a=token)
    assert any(w.value == CONTENT.t("resume_deleted", "en") for w in third.warning)
    # Only on request are tab 2's answers saved, under a new link.
    second.button(key="conflict_keep_new").click().run()
    [(new_token, data, _)] = rows(db)
    assert new_token != token and "Acme again" in data


def test_opening_from_the_workspace_does_not_copy_the_row(db, monkeypatch):
    monkeypatch.setenv("CRMWIZARD_CONSULTANT_PASSCODE", "correct horse battery")
    token = SqliteStore(db).create('{"schema_version": 1}', "One")
    at = AppTest.from_file(str(ROOT / "app.py"), default_timeout=60)
    at.session_state["workspace_unlocked"] = True
    at.run()
    at.switch_page("pages/14_workspace.py").run()
    at.button(key="ws_open").click().run()
    assert at.session_state["token"] == token and len(rows(db)) == 1
    at.switch_page("pages/3_team.py").run()
    at.radio(key="q_team_owner").set_value("named_authority").run()
    assert len(rows(db)) == 1 and rows(db)[0][2] == 2


def test_a_saved_link_with_a_demo_keeps_the_saved_one_and_offers_the_demo(db):
    """`?a=<token>&demo=retail`: the saved answers win; the demo opens only as a new one."""
    first = tab(lang="en")
    first.button(key="profile_open").click().run()  # Start keeps the empty profile behind it
    first.text_input(key="profile_company_name").input("Mine").run()
    token = first.session_state["token"]
    both = tab(lang="en", a=token, demo="retail")
    assert both.session_state["assessment"].profile.company_name == "Mine"
    assert both.session_state["token"] == token
    assert any(CONTENT.t("demo_offer", "en", demo=CONTENT.t("demo_retail", "en")) == i.value
               for i in both.info)
    both.switch_page("pages/3_team.py").run()
    both.radio(key="q_team_owner").set_value("named_authority").run()
    saved = SqliteStore(db).load(token)
    assert '"company_name": "Mine"' in saved and "named_authority" in saved
    again = tab(lang="en", a=token, demo="retail")
    again.button(key="demo_offer_open").click().run()
    assert again.session_state["token"] != token
    assert again.session_state["assessment"].answers  # the demo's answers
    assert '"company_name": "Mine"' in SqliteStore(db).load(token)  # untouched
