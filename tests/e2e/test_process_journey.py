"""Processes in a real browser: edit a stage, watch the diagram change, download the BPMN."""

from __future__ import annotations

import xml.etree.ElementTree as ET

from crmwizard.content import get_content
from tests.e2e.harness import settle
from tests.e2e.test_journeys import no_exception, open_app, shot

C = get_content()
BPMN = "{http://www.omg.org/spec/BPMN/20100524/MODEL}"


def diagram_text(page) -> str:
    """What the swimlane chart draws, as the browser renders it (SVG text)."""
    chart = page.locator(".crm-chart svg").first
    chart.locator("text").first.wait_for()
    return " ".join(chart.locator("text").evaluate_all(
        "els => els.map(t => [...t.children].map(s => s.textContent).join(' '))"))


def test_edit_a_stage_see_the_diagram_and_find_it_in_the_bpmn(page, server, shots):
    """Rename the first stage (the one the form opens with) and give it a new exit criterion;
    the diagram and the .bpmn file both carry the edit."""
    lang = "en"
    open_app(page, server, "processes", f"demo=distributor&lang={lang}")
    no_exception(page)
    before = diagram_text(page)
    assert "Triage" not in before and "Обращение" in before  # the demo is in Russian
    shot(page, shots, "01-before")
    box = page.get_by_label(C.t("process_col_stage", lang), exact=True)
    box.fill("Triage")
    box.press("Enter")
    settle(page)
    exit_box = page.get_by_label(C.t("process_col_exit", lang), exact=True)
    exit_box.fill("Budget <and> date known")
    exit_box.press("Enter")
    settle(page)
    no_exception(page)
    after = diagram_text(page)
    assert "Triage" in after and "Обращение" not in after
    shot(page, shots, "02-after")

    with page.expect_download() as info:
        page.get_by_role("button", name=C.t("process_download", lang)).click()
    assert info.value.suggested_filename.endswith(".bpmn")
    with open(info.value.path(), "rb") as f:
        root = ET.fromstring(f.read())
    task = next(el for el in root.iter(f"{BPMN}task") if el.get("name") == "Triage")
    assert "Budget <and> date known" in task.find(f"{BPMN}documentation").text
    assert root.find(f"{BPMN}collaboration/{BPMN}participant") is not None
