"""A consultant's return visit in a real browser: snapshot, changes, "since", presenter view."""

from __future__ import annotations

import io
import re

from pypdf import PdfReader

from tests.e2e.harness import settle
from tests.e2e.test_journeys import C, choose, go, metric, no_exception, open_app, shot, t


def _download_pdf(page, lang: str) -> str:
    go(page, "export", lang)
    with page.expect_download() as info:
        page.get_by_role("button", name=t("export_summary", lang)).click()
    with open(info.value.path(), "rb") as f:
        data = f.read()
    assert data.startswith(b"%PDF")
    return "\n".join(p.extract_text() for p in PdfReader(io.BytesIO(data)).pages)


def _sidebar_button(page, label: str) -> None:
    page.locator('[data-testid="stSidebar"]').get_by_role("button", name=label,
                                                         exact=True).click()
    settle(page, "h1")


def test_snapshot_changes_since_pdf_and_hidden_numbers(page, server, shots):
    lang = "en"
    open_app(page, server, "results", "demo=distributor&lang=en")
    overall_before = metric(page, 0)
    box = page.get_by_label(t("snap_label", lang), exact=True)
    box.fill("after the kick-off")
    box.press("Enter")
    settle(page)
    page.get_by_role("button", name=t("snap_take", lang)).click()
    settle(page, "h1")
    no_exception(page)
    assert page.get_by_text(C.t("snap_taken", lang, label="after the kick-off")).count() == 1
    shot(page, shots, "01-snapshot-taken")

    # Three answers on two screens.
    go(page, "team", lang)
    choose(page, "team_time", "dedicated", lang)
    choose(page, "team_owner", "named_authority_budget", lang)
    go(page, "goals", lang)
    choose(page, "goal_tasks", "prioritised", lang)

    go(page, "results", lang)
    no_exception(page)
    headings = page.locator("h4").all_inner_texts()
    assert any(h.startswith("What changed since") and "after the kick-off" in h for h in headings)
    assert page.get_by_text(C.t("cmp_answers", lang, n=3)).count() == 1
    chart = page.locator(".st-key-since_chart")
    chart.scroll_into_view_if_needed()
    labels = chart.locator("text.name").all_text_contents()
    assert sorted(labels) == ["1. Goals and tasks", "3. Project team"]
    chart.screenshot(path=str(shots / "02-since-chart.png"))
    assert metric(page, 0) != overall_before
    shot(page, shots, "02-since-on-results")

    text = _download_pdf(page, lang)
    assert "What changed since" in text and "after the kick-off" in text
    assert "3. Project team" in text and C.t("cmp_answers", lang, n=3) in text

    # Presenter view with hidden numbers, switched in the sidebar, kept over a reload.
    go(page, "results", lang)
    _sidebar_button(page, t("present_hide", lang))
    _sidebar_button(page, t("present_toggle", lang))
    assert "present=1" in page.url and "hide=1" in page.url
    page.reload()
    settle(page, "h1")
    no_exception(page)
    assert "present=1" in page.url and "hide=1" in page.url
    shot(page, shots, "03-presenter-hidden")
    bands = {b.label(lang) for b in C.bands}
    assert metric(page, 0) in bands
    body = page.locator("body").inner_text()
    assert t("present_hidden_note", lang) in body
    assert not re.search(r"— \d+: why", body)
    assert "of 100" not in body and not re.search(r"\+\d+(\.\d)? readiness", body)
    sidebar = page.locator('[data-testid="stSidebar"]').inner_text()
    assert not re.search(r" · \d+\s*$", sidebar, re.MULTILINE)
    box = page.locator('[data-testid="stSidebar"]').bounding_box()
    assert box is None or box["x"] + box["width"] <= 1  # collapsed: off the screen
    radar = page.locator(".st-key-wide_radar .crm-chart svg")
    assert radar.locator("text.axis-label").count() == len(C.steps)  # the chart is there
    assert radar.locator("text.tick").count() == 0  # without 20, 40 … 100 on its rings
    assert radar.locator(".value[data-value]").count() == 0
    # Key figures in large type: the paragraph rule for body text must not shrink them.
    figure_px = page.evaluate("""() => [...document.querySelectorAll(
        '[data-testid="stMetricValue"] *')].filter(e => !e.children.length && e.textContent.trim())
        .map(e => parseFloat(getComputedStyle(e).fontSize))""")
    assert figure_px and min(figure_px) >= 40, figure_px

    page.get_by_test_id("stExpandSidebarButton").click()  # the navigation is in the sidebar
    settle(page, "h1")
    hidden = _download_pdf(page, lang)
    assert t("pdf_hidden_note", lang) in hidden
    assert "of 100" not in hidden and "What changed since" in hidden
