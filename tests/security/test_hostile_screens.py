"""Hostile text in every field a user or a link can fill, through every screen: no live markup.

Counts are printed as `probe: ... tried N, held N` (see `make probe`).
"""

from __future__ import annotations

import json
from pathlib import Path

import pytest
from streamlit.testing.v1 import AppTest

from crmwizard.content import get_content
from crmwizard.model import Assessment, Goal, Profile, Proposal
from crmwizard.store_sqlite import SqliteStore
from crmwizard.ui.nav import SCREENS
from tests.security.hostile import HOSTILE, markdown_texts, record, unsafe

ROOT = Path(__file__).resolve().parents[2]
CONTENT = get_content()
PASSCODE = "correct horse battery staple"
TEXT_QUESTIONS = [q.id for q in CONTENT.questions if q.type == "text"]
PAGES = [s.file for s in SCREENS]


def _name(h: str, most: int) -> str:
    """`h` as a process or proposal name takes it: no control characters, not blank."""
    kept = "".join(ch for ch in h if ch.isprintable() or ch == " ").strip()[:most].strip()
    return kept or "x"


def hostile_assessment(h: str, lang: str) -> Assessment:
    """Every free-text field of an assessment filled with `h` (cut to each field's limit)."""
    kpi = CONTENT.kpis[0].id
    name = _name(h, 76)
    return Assessment(
        proposals=[Proposal(integrator=name, references=_name(h, 120), work_cost=1e6),
                   Proposal(integrator=f"{name} 2", references=_name(h, 120), pilot=True)],
        language=lang, prepared_by=h[:200],
        profile=Profile(company_name=h[:200], contact_name=h[:200], contact_email=h[:200],
                        contact_phone=h[:200], consent=True),
        answers={qid: h for qid in TEXT_QUESTIONS},
        goals=[Goal(owner="sales", goal=h[:200], kpi=h[:200], unit=h[:30], baseline=1,
                    target=2),
               Goal(owner="finance", goal=h[:200], kpi=kpi, unit=h[:30], baseline=1, target=2)],
    )


@pytest.fixture
def env(tmp_path, monkeypatch) -> SqliteStore:
    monkeypatch.setenv("CRMWIZARD_DB", str(tmp_path / "app.sqlite3"))
    monkeypatch.setenv("CRMWIZARD_CONSULTANT_PASSCODE", PASSCODE)
    return SqliteStore(tmp_path / "app.sqlite3")


def check(at: AppTest, where: str, tally: list[int]) -> None:
    assert not at.exception, (where, [e.message for e in at.exception])
    for kind, text in markdown_texts(at):
        tally[0] += 1
        bad = unsafe(text)
        assert bad is None, f"{where}: {kind} renders {bad!r} live in {text[:200]!r}"
        tally[1] += 1


@pytest.mark.parametrize("lang", ["en", "ru"])
@pytest.mark.parametrize("h", HOSTILE, ids=[f"hostile{i}" for i in range(len(HOSTILE))])
def test_stored_hostile_text_is_shown_literally_on_every_screen(env, h, lang):
    """A saved assessment full of hostile text, opened by its link, on all fourteen screens."""
    a = hostile_assessment(h, lang)
    token = env.create(a.model_dump_json(), a.profile.company_name)
    at = AppTest.from_file(str(ROOT / "app.py"), default_timeout=60)
    at.query_params["a"] = token
    at.session_state["workspace_unlocked"] = True
    at.run()
    tally = [0, 0]
    for page in PAGES:
        at.switch_page(page).run()
        check(at, page, tally)
    record("stored hostile text, every screen (AppTest)", *tally)


@pytest.mark.parametrize("h", HOSTILE, ids=[f"hostile{i}" for i in range(len(HOSTILE))])
def test_reflected_hostile_text_from_the_link_and_files_is_shown_literally(env, h):
    """?demo=, an import's file name and its contents, a logo's file name."""
    tally = [0, 0]
    at = AppTest.from_file(str(ROOT / "app.py"), default_timeout=60)
    at.query_params["demo"] = h
    at.query_params["lang"] = "en"
    at.run()
    check(at, "?demo=", tally)
    assert at.warning, "the unknown demo is reported"
    at.switch_page("pages/13_export.py").run()
    bad = json.dumps({"schema_version": 1, "answers": {"team_owner": h}})
    at.file_uploader(key="import_file_0").set_value((f"{h}.json", bad.encode(), "text/json"))
    at.run()
    check(at, "import error", tally)
    good = hostile_assessment(h, "en").model_dump_json()
    at.file_uploader(key="import_file_0").set_value(("ok.json", good.encode(), "text/json"))
    at.run()
    check(at, "import confirm", tally)
    at.file_uploader(key="export_logo").set_value((f"{h}.png", b"not a picture", "image/png"))
    at.run()
    check(at, "logo refused", tally)
    assert any(e.value.startswith(CONTENT.t("export_logo_field", "en")) for e in at.error)
    record("reflected: ?demo=, import, logo names (AppTest)", *tally)


@pytest.mark.parametrize("h", HOSTILE[:2], ids=["hostile0", "hostile1"])
def test_hostile_company_in_the_workspace(env, h):
    """A client's company name in the consultant's list, pick box and delete confirmation."""
    a = hostile_assessment(h, "en")
    env.create(a.model_dump_json(), a.profile.company_name)
    at = AppTest.from_file(str(ROOT / "app.py"), default_timeout=60)
    at.session_state["workspace_unlocked"] = True
    at.run()
    at.switch_page("pages/14_workspace.py").run()
    tally = [0, 0]
    check(at, "workspace", tally)
    assert any(h[:20].replace("*", "\\*")[:10] in w.value or "\\" in w.value
               for w in at.warning)
    record("workspace: hostile company names (AppTest)", *tally)


def test_every_placeholder_of_every_ui_text_escapes_a_hostile_value():
    """Each {field} of each UI text, filled with an escaped hostile string, stays literal."""
    from string import Formatter

    from crmwizard.ui.text import plain

    tried = held = 0
    for key in CONTENT.ui:
        for lang in ("ru", "en"):
            template = CONTENT.ui[key](lang)
            fields = {f for _, f, _, _ in Formatter().parse(template) if f}
            if not fields or "%{" in template:  # Plotly's own hover template, not t()
                continue
            for h in HOSTILE:
                tried += 1
                text = CONTENT.t(key, lang, **{f: plain(h) for f in fields})
                assert unsafe(text) is None, (key, lang, text)
                held += 1
    assert tried > 100
    record("every {placeholder} of every UI text", tried, held)
