"""Proposals in a real browser: three quotes added (one as a returned plan.xlsx), compared,
and the summary PDF downloaded with its Proposals section."""

from __future__ import annotations

import io

import openpyxl
from pypdf import PdfReader

from crmwizard.analysis import analyse
from crmwizard.assessment_io import load_assessment
from crmwizard.content import CONTENT_DIR, get_content
from crmwizard.report.sheets import HEAD_ROW, plan_xlsx
from tests.e2e.harness import settle
from tests.e2e.test_journeys import go, no_exception, open_app, shot

C = get_content()


def returned_plan(tmp_path, lang: str) -> str:
    """The manufacturer's plan.xlsx with an integrator's hours and costs, migration left out."""
    demo = load_assessment(C, (CONTENT_DIR / "demo" / "manufacturer.json").read_bytes())
    plan = analyse(C, demo, lang).plan
    wb = openpyxl.load_workbook(io.BytesIO(plan_xlsx(C, plan, "X", lang)))
    tasks = {t.id: t for t in plan.tasks}
    for row in wb.active.iter_rows(min_row=HEAD_ROW + 1):
        task = tasks.get(row[0].value)
        if task is not None and task.id != "migration":
            row[9].value, row[10].value = task.effort_hours, task.cost
    path = tmp_path / "plan.xlsx"
    wb.save(path)
    return str(path)


def fill(page, key: str, value: str, lang: str) -> None:
    box = page.get_by_label(C.t(key, lang), exact=True)
    box.fill(value)
    box.press("Tab")


def submit(page, lang: str) -> None:
    page.get_by_role("button", name=C.t("prop_submit", lang), exact=True).click()
    settle(page, "h1")
    no_exception(page)


def test_three_proposals_compared_and_in_the_summary_pdf(page, server, shots, tmp_path):
    lang = "en"
    open_app(page, server, "proposals", f"demo=manufacturer&lang={lang}")
    no_exception(page)
    assert page.locator("h1").first.inner_text() == C.t("screen_proposals", lang)
    shot(page, shots, "01-empty")

    fill(page, "prop_integrator", "Cheap & Quick", lang)
    fill(page, "prop_work_cost", "1500000", lang)
    submit(page, lang)

    fill(page, "prop_integrator", "Solid <Partners>", lang)
    fill(page, "prop_work_cost", "11000000", lang)
    fill(page, "prop_licence", "2900000", lang)
    for key in ("prop_pilot", "prop_training", "prop_migration", "prop_sla"):
        page.get_by_text(C.t(key, lang), exact=True).click()
    fill(page, "prop_support_hours", "40", lang)
    submit(page, lang)

    fill(page, "prop_integrator", "From the spreadsheet", lang)
    page.locator('input[type="file"]').set_input_files(returned_plan(tmp_path, lang))
    settle(page)
    submit(page, lang)
    shot(page, shots, "02-three-proposals")

    body = page.locator('[data-testid="stMain"]').inner_text()
    for name in ("Cheap & Quick", "Solid <Partners>", "From the spreadsheet"):
        assert name in body
    no_training = next(f.text(lang) for f in C.flags if f.id == "no_training")
    no_migration = next(f.text(lang) for f in C.flags if f.id == "no_migration")
    assert no_training in body and no_migration in body
    chart = page.locator(".st-key-prop_chart .crm-chart svg")
    names = chart.locator("text.name").evaluate_all(
        "els => els.map(t => [...t.children].map(s => s.textContent).join(' '))")
    assert [n.split(". ")[0] for n in names] == ["1", "2", "3"]
    assert {n.split(". ", 1)[1] for n in names} == {
        "Cheap & Quick", "Solid <Partners>", "From the spreadsheet"}
    chart.screenshot(path=str(shots / "02b-chart.png"))

    go(page, "export", lang)
    with page.expect_download() as info:
        page.get_by_role("button", name=C.t("export_summary", lang)).click()
    with open(info.value.path(), "rb") as f:
        data = f.read()
    text = " ".join(" ".join(p.extract_text() for p in PdfReader(io.BytesIO(data)).pages)
                    .split())
    assert C.t("pdf_proposals", lang) in text
    for name in ("Cheap & Quick", "Solid <Partners>", "From the spreadsheet"):
        assert name in text
    shot(page, shots, "03-export")
