"""Hostile names and goals through invitations: shown literally to the owner and to managers."""

from __future__ import annotations

import json
from pathlib import Path

import pytest
from streamlit.testing.v1 import AppTest

from crmwizard.model import Assessment, Profile
from crmwizard.store_sqlite import SqliteStore
from tests.security.hostile import HOSTILE, markdown_texts, record, unsafe

ROOT = Path(__file__).resolve().parents[2]


def check(at: AppTest, where: str, tally: list[int]) -> None:
    assert not at.exception, (where, [e.message for e in at.exception])
    for kind, text in markdown_texts(at):
        tally[0] += 1
        bad = unsafe(text)
        assert bad is None, f"{where}: {kind} renders {bad!r} live in {text[:200]!r}"
        tally[1] += 1


@pytest.mark.parametrize("h", HOSTILE, ids=[f"hostile{i}" for i in range(len(HOSTILE))])
def test_hostile_invitation_text_is_shown_literally(tmp_path, monkeypatch, h):
    """Company, inviter, manager names, goal texts, KPIs and units full of markup."""
    monkeypatch.setenv("CRMWIZARD_DB", str(tmp_path / "app.sqlite3"))
    store = SqliteStore(tmp_path / "app.sqlite3")
    a = Assessment(language="en", prepared_by=h[:200], profile=Profile(company_name=h[:200]))
    own = store.create(a.model_dump_json(), a.profile.company_name)
    goals = [{"goal": h[:200], "kpi": h[:200], "unit": h[:30], "baseline": 5, "target": 10},
             {"goal": h[:200], "kpi": "discount_rate", "unit": h[:30], "baseline": 5,
              "target": 10}]
    tokens = []
    for role in ("sales", "finance"):
        token = store.create_invitation(own, role, h[:80], h[:200])
        store.save_manager_goals(token, json.dumps(goals))
        tokens.append(token)
    store.save_manager_goals(tokens[1], json.dumps([{**goals[0], "kpi": "gross_margin",
                                                     "baseline": 20, "target": 25}]))
    store.share_goals(own, True)
    tally = [0, 0]
    for page in ("app.py", "pages/10_results.py"):
        at = AppTest.from_file(str(ROOT / "app.py"), default_timeout=60)
        at.query_params["invite"] = tokens[0]
        at.run()
        if page != "app.py":
            at.switch_page(page).run()
        check(at, f"manager on {page}", tally)
        assert at.text_input(key="mgoal_0_goal").value == h[:200]
    at = AppTest.from_file(str(ROOT / "app.py"), default_timeout=60)
    at.query_params["a"] = own
    at.run()
    for page in ("pages/1_goals.py", "pages/10_results.py"):
        at.switch_page(page).run()
        check(at, f"owner on {page}", tally)
    assert at.error, "the two managers' goals conflict, named with their hostile names"
    record("invitations: hostile names and goals (AppTest)", *tally)
