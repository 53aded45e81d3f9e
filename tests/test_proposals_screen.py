"""Proposals and the priorities editor in AppTest: entered, uploaded, refused, saved."""

from __future__ import annotations

import io

import openpyxl
import pytest
from streamlit.testing.v1 import AppTest

from crmwizard.analysis import analyse
from crmwizard.assessment_io import load_assessment
from crmwizard.content import CONTENT_DIR, get_content
from crmwizard.moscow import requirements
from crmwizard.report.sheets import HEAD_ROW, plan_xlsx
from tests.svgread import charts_in, texts
from tests.test_app import APP, PAGE, no_errors

CONTENT = get_content()


@pytest.fixture(autouse=True)
def _isolated_db(tmp_path, monkeypatch):
    monkeypatch.setenv("CRMWIZARD_DB", str(tmp_path / "app.sqlite3"))
    monkeypatch.delenv("CRMWIZARD_CONSULTANT_PASSCODE", raising=False)


def screen(page: str = "proposals", **params: str) -> AppTest:
    at = AppTest.from_file(APP, default_timeout=60)
    for k, v in {"lang": "en", "demo": "manufacturer", **params}.items():
        at.query_params[k] = v
    at.run()
    return at.switch_page(PAGE[page]).run()


def add(at: AppTest, name: str, upload: bytes | None = None, **fields) -> AppTest:
    at.text_input(key="prop_integrator").input(name)
    for key, value in fields.items():
        widget = at.number_input(key=f"prop_{key}") if isinstance(value, int | float) \
            and not isinstance(value, bool) else at.checkbox(key=f"prop_{key}")
        widget.set_value(value) if not isinstance(value, bool) else (
            widget.check() if value else widget.uncheck())
    if upload is not None:
        at.file_uploader(key="prop_upload").set_value(
            ("plan.xlsx", upload, "application/vnd.openxmlformats-officedocument"
                                  ".spreadsheetml.sheet"))
    return at.button(key="prop_submit").click().run()


def filled_plan(lang: str, skip: tuple[str, ...] = (), text_at: int | None = None) -> bytes:
    demo = load_assessment(CONTENT, (CONTENT_DIR / "demo" / "manufacturer.json").read_bytes())
    an = analyse(CONTENT, demo, lang)
    wb = openpyxl.load_workbook(io.BytesIO(plan_xlsx(CONTENT, an.plan, "X", lang)))
    ws = wb.active
    tasks = {t.id: t for t in an.plan.tasks}
    for row in ws.iter_rows(min_row=HEAD_ROW + 1):
        t = tasks.get(row[0].value)
        if t is None or t.id.startswith(skip):
            continue
        row[9].value, row[10].value = t.effort_hours, t.cost
    if text_at is not None:
        ws.cell(row=text_at, column=10).value = "много"
    out = io.BytesIO()
    wb.save(out)
    return out.getvalue()


def test_proposals_typed_in_are_saved_compared_and_flagged():
    """Two proposals by hand: both saved in the assessment, the chart drawn, the cheap one
    without training or migration flagged with those reasons."""
    at = screen()
    no_errors(at)
    assert any(CONTENT.t("prop_none", "en") in m.value for m in at.markdown)
    add(at, "Cheap & Co", work_cost=1_000_000.0, pilot=True)
    add(at, "Solid <b>Ltd</b>", work_cost=11_000_000.0, licence_cost=2_880_000.0,
        pilot=True, training=True, migration=True, sla=True, support_hours=40.0)
    no_errors(at)
    saved = at.session_state["assessment"].proposals
    assert [p.integrator for p in saved] == ["Cheap & Co", "Solid <b>Ltd</b>"]
    assert saved[1].sla and saved[1].support_hours == 40
    errors = [e.value for e in at.error]
    for key in ("no_training", "no_migration"):
        text = next(f.text("en") for f in CONTENT.flags if f.id == key)
        assert any(text.split(":")[0] in e for e in errors), errors
    names = texts(charts_in(at)[0], "name")
    assert names == ["1. Cheap & Co", "2. Solid <b>Ltd</b>"]
    assert any("Solid \\<b\\>Ltd\\</b\\>" in h.value for h in at.subheader)


def test_a_returned_plan_fills_the_proposal_and_names_missing_lines():
    """Our plan.xlsx with the integrator's hours, migration and training left out, uploaded."""
    at = screen()
    add(at, "From file", upload=filled_plan("en", skip=("migration", "training")))
    no_errors(at)
    [p] = at.session_state["assessment"].proposals
    assert p.migration is False and p.training is False and p.pilot is True
    assert p.task_hours and "migration" not in p.task_hours
    errors = " ".join(e.value for e in at.error)
    assert CONTENT.t("pkg_sheet_plan", "en") not in errors  # no upload problem
    migrate = next(t.name for t in analyse(CONTENT, at.session_state["assessment"]).plan.tasks
                   if t.id == "migration")
    assert migrate in errors.replace("\\", "")


def test_a_bad_upload_changes_nothing_and_names_the_cell():
    """Text in a number cell: the message names sheet, row, column; no proposal is added."""
    at = screen(lang="ru")
    add(at, "Плохой файл", upload=filled_plan("ru", text_at=HEAD_ROW + 3))
    no_errors(at)
    assert at.session_state["assessment"].proposals == []
    shown = " ".join(e.value for e in at.error).replace("\\", "")
    assert "План" in shown and f"строка {HEAD_ROW + 3}" in shown and "колонка J" in shown
    add(at, "Не таблица", upload=b"plain text, not a workbook")
    assert at.session_state["assessment"].proposals == []
    assert any(CONTENT.t("upload_not_xlsx", "ru") in e.value.replace("\\", "") for e in at.error)


def test_a_proposal_without_a_name_or_twice_is_refused():
    at = screen()
    add(at, "", work_cost=5.0)
    assert at.session_state["assessment"].proposals == []
    assert any("Integrator" in e.value for e in at.error)
    add(at, "Acme")
    add(at, "ACME")
    assert [p.integrator for p in at.session_state["assessment"].proposals] == ["Acme"]


def test_delete_removes_the_proposal():
    at = screen()
    add(at, "One")
    add(at, "Two")
    at.button(key="prop_delete_0").click().run()
    assert [p.integrator for p in at.session_state["assessment"].proposals] == ["Two"]


def test_priority_changed_on_export_is_saved_and_reset():
    """A MoSCoW change in the Export grid lands in the assessment; reset drops it."""
    at = screen("export")
    no_errors(at)
    rows = analyse(CONTENT, at.session_state["assessment"], "en")
    reqs = requirements(CONTENT, at.session_state["assessment"], "en", rows.values)
    target = next(r for r in reqs if r.derived != "wont")
    at.session_state["prio_editor_0"] = {
        "edited_rows": {target.number - 1: {"priority": CONTENT.t("moscow_wont", "en")}},
        "added_rows": [], "deleted_rows": []}
    at.run()
    no_errors(at)
    assert at.session_state["assessment"].priorities == {target.id: "wont"}
    at.button(key="prio_reset").click().run()
    assert at.session_state["assessment"].priorities == {}
