"""The wizard's promise: a change shown as saved is on disk (README: Saving and privacy)."""

from __future__ import annotations

from pathlib import Path

from streamlit.testing.v1 import AppTest

from crmwizard.content import get_content
from tests.dbcheck import query

ROOT = Path(__file__).resolve().parent.parent
CONTENT = get_content()


def _fresh_app(db, monkeypatch):
    """A first run of Start in English on a database of its own."""
    monkeypatch.setenv("CRMWIZARD_DB", db)
    at = AppTest.from_file(str(ROOT / "app.py"), default_timeout=60)
    at.query_params["lang"] = "en"
    at.run()
    return db, at


def test_the_saved_mark_appears_only_with_the_change_on_disk(db_setting, monkeypatch):
    db, at = _fresh_app(db_setting, monkeypatch)
    assert not [c for c in at.sidebar.caption if c.value.startswith("✓")]
    at.button(key="profile_open").click().run()  # Start keeps the empty profile behind it
    at.text_input(key="profile_company_name").input("Durable Ltd").run()
    at.switch_page("pages/3_team.py").run()
    at.radio(key="q_team_owner").set_value("named_authority").run()
    mark = [c.value for c in at.sidebar.caption if c.value.startswith("✓")]
    assert mark and CONTENT.question_by_id["team_owner"].text("en")[:20] in mark[0]
    # Read by another connection, as a restarted server would: both changes are there.
    [(data,)] = query(db, "SELECT data FROM assessments")
    assert "Durable Ltd" in data and "named_authority" in data


def test_a_change_is_saved_before_the_screen_is_drawn(db_setting, monkeypatch):
    """The write happens in the widget's callback: even a screen that fails after it keeps it."""
    db, at = _fresh_app(db_setting, monkeypatch)
    at.button(key="profile_open").click().run()  # Start keeps the empty profile behind it
    import crmwizard.ui.screens as screens

    def broken(*_a, **_k):
        raise RuntimeError("drawing failed")

    monkeypatch.setattr(screens, "contact_block", broken)
    monkeypatch.setattr(screens.st, "subheader", broken)
    at.text_input(key="profile_company_name").input("Before drawing").run()
    assert not at.exception
    assert "Before drawing" in query(db, "SELECT data FROM assessments")[0][0]
