"""A screen, the sidebar or the workspace never shows a bare exception for one bad row or date."""

from __future__ import annotations

import datetime as dt
import json
from pathlib import Path

import pytest
from streamlit.testing.v1 import AppTest

from crmwizard.analysis import analyse
from crmwizard.content import get_content
from crmwizard.model import MAX_DATE, MIN_DATE, Assessment, PlanSettings, TaskEdit
from crmwizard.store_sqlite import SqliteStore

ROOT = Path(__file__).resolve().parent.parent
APP = str(ROOT / "app.py")
CONTENT = get_content()
PASSCODE = "correct horse battery"


@pytest.fixture(autouse=True)
def _isolated_db(tmp_path, monkeypatch):
    monkeypatch.setenv("CRMWIZARD_DB", str(tmp_path / "app.sqlite3"))
    monkeypatch.setenv("CRMWIZARD_CONSULTANT_PASSCODE", PASSCODE)


def app(**params: str) -> AppTest:
    at = AppTest.from_file(APP, default_timeout=60)
    for k, v in params.items():
        at.query_params[k] = v
    return at


def test_engines_never_raise_on_the_widest_valid_plan(demos):
    """The latest start, every task edited to the longest duration and latest start: a plan."""
    for a in demos.values():
        tasks = analyse(CONTENT, a).plan.tasks
        edits = {t.id: TaskEdit(duration_days=2000, start=MAX_DATE, effort_hours=1_000_000)
                 for t in tasks}
        wide = a.model_copy(update={"plan": PlanSettings(start_date=MAX_DATE,
                                                         hourly_rate=1_000_000, edits=edits)})
        plan = analyse(CONTENT, wide).plan
        assert plan.end > MAX_DATE
        early = a.model_copy(update={"plan": PlanSettings(start_date=MIN_DATE)})
        assert analyse(CONTENT, early).plan.start >= MIN_DATE


def test_a_screen_that_fails_keeps_the_sidebar_and_offers_a_way_out(monkeypatch):
    """An engine error on one screen: a short message, Start over / Back, the sidebar drawn."""
    at = app(lang="en", demo="retail").run()
    import crmwizard.ui.state as state

    def broken(*_a, **_k):
        raise RuntimeError("engine bug")

    monkeypatch.setattr(state, "analyse", broken)
    at.session_state["_analysis"] = None
    at.switch_page("pages/10_results.py").run()
    assert not at.exception
    assert at.error[0].value == CONTENT.t("screen_failed", "en")
    assert at.button(key="guard_start_over") and at.button(key="guard_back")
    assert at.button(key="sidebar_demo_retail")  # the sidebar's buttons still draw
    monkeypatch.undo()
    at.button(key="guard_start_over").click().run()
    assert not at.exception and at.session_state["assessment"].answers == {}


def _seed_rows(tmp_path) -> tuple[SqliteStore, str, str, str]:
    store = SqliteStore(tmp_path / "app.sqlite3")
    good = store.create(json.dumps({"schema_version": 1, "profile": {"company_name": "Good"}}),
                        "Good")
    far = json.dumps({"schema_version": 1, "plan": {"start_date": "9999-12-20"}})
    bad_date = store.create(far, "Far future")
    garbage = store.create("{not json", "Garbage")
    return store, good, bad_date, garbage


def test_workspace_lists_every_row_and_marks_the_unreadable(tmp_path):
    """A row with a year-9999 plan or broken JSON is listed, marked, shown raw and deletable."""
    store, good, bad_date, garbage = _seed_rows(tmp_path)
    at = app(lang="en")
    at.session_state["workspace_unlocked"] = True
    at.run()
    at.switch_page("pages/14_workspace.py").run()
    assert not at.exception, [e.message for e in at.exception]
    table = at.dataframe[0].value
    assert len(table) == 3
    readiness = dict(zip(table.iloc[:, 0], table.iloc[:, 2], strict=True))
    assert readiness["Far future"] == readiness["Garbage"] == CONTENT.t("ws_broken", "en")
    assert readiness["Good"] != CONTENT.t("ws_broken", "en")
    at.selectbox(key="ws_pick").set_value(bad_date).run()
    assert any(w.value == CONTENT.t("ws_broken_hint", "en") for w in at.warning)
    assert "9999-12-20" in at.code[-1].value  # raw JSON still visible
    at.button(key="ws_open").click().run()
    assert not at.exception
    assert at.session_state["token"] != bad_date
    at.selectbox(key="ws_pick").set_value(garbage).run()
    at.button(key="ws_delete_yes").click().run()
    assert not at.exception and store.load(garbage) is None
    assert len(at.dataframe[0].value) == 2


@pytest.mark.parametrize("day", [dt.date(9999, 12, 20), dt.date(1, 1, 1), dt.date(1999, 12, 31),
                                 dt.date(2101, 1, 1)])
def test_plan_grid_refuses_dates_outside_the_window(day):
    at = app(lang="en", demo="distributor").run()
    at.switch_page("pages/9_plan.py").run()
    at.session_state["plan_editor_0"] = {"edited_rows": {1: {"start": day.isoformat()}},
                                         "added_rows": [], "deleted_rows": []}
    at.run()
    assert not at.exception, [e.message for e in at.exception]
    assert any("between 2000-01-01 and 2100-12-31" in e.value for e in at.error)
    assert at.session_state["assessment"].plan.edits == {}


def test_plan_grid_ignores_rows_that_are_no_longer_in_the_plan():
    """A grid edit for a row the plan no longer has (another tab, new answers) is dropped."""
    at = app(lang="en", demo="distributor").run()
    at.switch_page("pages/9_plan.py").run()
    at.session_state["plan_editor_0"] = {"edited_rows": {999: {"days": 5}},
                                         "added_rows": [], "deleted_rows": []}
    at.run()
    assert not at.exception
    assert at.session_state["assessment"].plan.edits == {}


def test_every_date_widget_has_the_window():
    """Each date picker drawn on Goals and Plan offers only 2000-01-01 .. 2100-12-31."""
    at = app(lang="en", demo="manufacturer").run()
    seen = 0
    for page in ("pages/1_goals.py", "pages/9_plan.py", "pages/8_launch.py",
                 "pages/6_processes.py"):
        at.switch_page(page).run()
        for edit in [b.key for b in at.button if str(b.key).endswith("_edit")]:
            at.button(key=edit).click().run()  # a complete goal shows its fields once asked
        for w in at.date_input:
            assert (w.min, w.max) == (MIN_DATE, MAX_DATE), w.key
            seen += 1
    assert seen >= 3


def test_default_assessment_is_valid():
    assert Assessment().plan.start_date is None


@pytest.mark.parametrize("raw,field", [
    ('{"schema_version": 1, "answers": {"bud_one_off": %s}}' % ("9" * 5000), "bud_one_off"),
    ('{"schema_version": 1, "plan": {"start_date": "9999-12-20"}}', "start_date"),
    ('{"schema_version": 1, "prepared_by": "\\ud800"}', "prepared_by"),
])
def test_import_of_odd_json_gets_a_clean_message(raw, field):
    at = app(lang="en").run()
    at.switch_page("pages/13_export.py").run()
    at.file_uploader(key="import_file_0").set_value(("odd.json", raw.encode(), "application/json"))
    at.run()
    assert not at.exception, [e.message for e in at.exception]
    assert at.error and "import_ready" not in at.session_state


def test_a_long_paste_is_cut_with_a_message_saying_where():
    """5,000 characters into a 200-character field: kept cut, and the screen says so."""
    at = app(lang="en").run()
    at.button(key="profile_open").click().run()  # Start keeps the empty profile behind it
    text = "".join(f"word{i} " for i in range(1000))[:5000]
    at.text_input(key="profile_company_name").input(text).run()
    assert at.session_state["assessment"].profile.company_name == text[:200].strip()
    shown = [w.value.replace("\\", "") for w in at.warning]
    assert any("5000 characters" in w and "first 200" in w and text[180:199].strip() in w
               for w in shown), shown
    qid = "mvp_department"
    at.switch_page("pages/8_launch.py").run()
    at.radio(key="q_mvp_scope").set_value("one_department").run()
    at.text_input(key=f"q_{qid}").input(text).run()
    assert len(at.session_state["assessment"].answers[qid]) == 500
    assert at.text_input(key=f"q_{qid}").value == text[:500].strip()


def _plan_strategy():
    from hypothesis import strategies as hs

    from crmwizard.model import Goal

    ids = sorted({t.id for name in ("retail", "distributor", "manufacturer")
                  for t in analyse(CONTENT, _demo(name)).plan.tasks}) + ["gone_task"]
    days = hs.dates(min_value=MIN_DATE, max_value=MAX_DATE)
    edit = hs.builds(TaskEdit, duration_days=hs.none() | hs.integers(1, 2000), start=hs.none()
                     | days, effort_hours=hs.none() | hs.floats(0, 1_000_000))
    plan = hs.builds(PlanSettings, start_date=hs.none() | days,
                     hourly_rate=hs.none() | hs.floats(0, 1_000_000),
                     edits=hs.dictionaries(hs.sampled_from(ids), edit, max_size=40))
    goals = hs.lists(hs.builds(Goal, deadline=hs.none() | days), max_size=3)
    return hs.tuples(hs.sampled_from(["retail", "distributor", "manufacturer"]), plan, goals)


def _demo(name: str) -> Assessment:
    from crmwizard.assessment_io import load_assessment
    from crmwizard.content import CONTENT_DIR

    return load_assessment(CONTENT, (CONTENT_DIR / "demo" / f"{name}.json").read_bytes())


def test_engines_never_raise_on_any_valid_plan_or_dates():
    """Random plan settings, task edits and deadlines inside the model's limits: a plan."""
    from hypothesis import HealthCheck, given, settings

    @settings(max_examples=60, deadline=None, suppress_health_check=[HealthCheck.too_slow])
    @given(_plan_strategy())
    def check(case):
        name, plan, goals = case
        a = _demo(name).model_copy(update={"plan": plan, "goals": goals})
        result = analyse(CONTENT, a)
        assert result.plan.end >= result.plan.start

    check()
