"""The screens fit a projector (1280×720) and a phone (390×844) (issue 13, item 8).

Each journey also saves screenshots of Start, Requirements, Plan and Results at its size and in
its language to tests/e2e/screenshots/<test>/, to be looked at.
"""

from __future__ import annotations

import pytest

from crmwizard.analysis import analyse
from crmwizard.assessment_io import load_assessment
from crmwizard.content import CONTENT_DIR, get_content
from crmwizard.i18n import fmt_date
from tests.e2e.harness import settle
from tests.e2e.test_journeys import go, pick

C = get_content()
DEMO_PLAN = analyse(C, load_assessment(C, (CONTENT_DIR / "demo" / "distributor.json")
                                       .read_bytes())).plan
SIZES = {"projector": (1280, 720), "phone": (390, 844)}
SHOWN = ["start", "requirements", "plan", "results"]

# Every element of a key figure shows its whole text: nothing cut off with "…".
CUT_FIGURES_JS = """
() => [...document.querySelectorAll('[data-testid="stMetricValue"]')].filter(
    el => el.checkVisibility()).flatMap(el => [el, ...el.querySelectorAll('*')]).filter(
    el => el.scrollWidth > el.clientWidth + 1).map(el => el.innerText)
"""
FIGURES_JS = """
() => [...document.querySelectorAll('[data-testid="stMetricValue"]')].filter(
    el => el.checkVisibility()).map(el => el.innerText)
"""
# Chart texts smaller than 14 px as drawn (the font size times the scale at which the SVG
# is shown) or lighter than a dark grey (any channel above 0x60).
FAINT_LABELS_JS = """
() => [...document.querySelectorAll('.crm-chart svg text')].filter(
    t => t.textContent.trim() && t.getBoundingClientRect().width > 0).map(t => {
      const svg = t.ownerSVGElement;
      const scale = svg.getBoundingClientRect().width / svg.viewBox.baseVal.width;
      const s = getComputedStyle(t);
      const rgb = (s.fill.match(/\\d+/g) || []).slice(0, 3).map(Number);
      return [t.textContent.slice(0, 30), parseFloat(s.fontSize) * scale, Math.max(...rgb)];
    }).filter(([, size, channel]) => size < 14 || channel > 0x60)
"""
# The Gantt's month labels: upright and apart.
MONTHS_JS = """
() => { const r = [...document.querySelectorAll('.st-key-wide_gantt text.month')].map(t => [
          t.getBoundingClientRect().left, t.getBoundingClientRect().right,
          (t.getAttribute('transform') || '').includes('rotate')]).sort((a, b) => a[0] - b[0]);
        return {count: r.length, tilted: r.some(x => x[2]),
                overlaps: r.slice(1).filter((x, i) => x[0] < r[i][1]).length}; }
"""
SIDEWAYS_JS = """
() => [...document.querySelectorAll('[data-testid="stDataFrame"] .dvn-scroller')].filter(
    el => el.checkVisibility()).map(el => el.scrollWidth - el.clientWidth)
"""


def c_line(task, lang: str) -> str:
    """A task's line in the phone's list, as far as its dates."""
    return f"{task.name}: {fmt_date(task.start, lang)} – {fmt_date(task.end, lang)}"


def visible(page, selector: str) -> int:
    return page.evaluate(f"() => [...document.querySelectorAll({selector!r})]"
                         ".filter(el => el.checkVisibility()).length")


@pytest.fixture
def sized(browser, request):
    """A page of the size named by the test's parameter."""
    width, height = SIZES[request.param]
    context = browser.new_context(viewport={"width": width, "height": height},
                                  has_touch=request.param == "phone")
    page = context.new_page()
    page.set_default_timeout(60_000)
    yield page
    context.close()


def shoot(page, stem) -> None:
    """What the screen shows, then the whole page: Streamlit scrolls inside its main area, so
    the window is made as tall as the page for the second picture."""
    page.screenshot(path=f"{stem}.png")
    size = page.viewport_size
    tall = page.evaluate("() => document.querySelector('[data-testid=\"stMain\"]').scrollHeight")
    page.set_viewport_size({"width": size["width"], "height": min(tall + 50, 12_000)})
    page.wait_for_timeout(300)
    page.screenshot(path=f"{stem}-whole.png")
    page.set_viewport_size(size)


def open_at(page, server, screen: str, lang: str) -> None:
    page.goto(f"{server.url}/{'' if screen == 'start' else screen}?demo=distributor&lang={lang}")
    # Settled once the Next button at the bottom is drawn (and on Plan and Results the key
    # figures), and no element still waits for its code (a grey skeleton).
    figures = ':has([data-testid="stMetricValue"])' if screen in ("plan", "results") else ""
    # Requirements' primary button walks the categories (req_next) until the last one.
    button = (":is(.st-key-req_next, .st-key-nav_next_requirements)" if screen == "requirements"
              else f".st-key-nav_next_{screen}")
    settle(page, f'[data-testid="stApp"]{figures}:has({button} button)')
    page.wait_for_function("() => !document.querySelector('[data-testid=\"stMain\"] "
                           "[data-testid=\"stSkeleton\"]')")
    # Widths are measured below: text laid out in the fallback font would measure otherwise.
    page.evaluate("document.fonts.ready.then(() => true)")


def charts_drawn(page, count: int) -> None:
    page.wait_for_function(f"() => document.querySelectorAll('.crm-chart svg')"
                           f".length >= {count}")


@pytest.mark.parametrize("sized", list(SIZES), indirect=True)
@pytest.mark.parametrize("lang", ["ru", "en"])
def test_key_figures_are_whole_and_screens_are_shot(sized, server, shots, lang, request):
    """End date, duration, effort, cost and readiness show whole at either size."""
    page, size = sized, request.node.callspec.params["sized"]
    for screen in SHOWN:
        open_at(page, server, screen, lang)
        if screen in ("plan", "results"):
            assert page.evaluate(FIGURES_JS), screen  # the figures are there to check
            assert page.evaluate(CUT_FIGURES_JS) == [], screen
        shoot(page, shots / f"{screen}-{size}-{lang}")


@pytest.mark.parametrize("sized", ["projector"], indirect=True)
def test_on_a_projector_tables_fit_labels_read_and_an_edit_says_what_changed(sized, server):
    page, lang = sized, "ru"
    open_at(page, server, "plan", lang)
    charts_drawn(page, 1)
    page.locator('[data-testid="stDataFrame"] .dvn-scroller').first.wait_for()
    assert page.evaluate(SIDEWAYS_JS), "no task table found"
    assert max(page.evaluate(SIDEWAYS_JS)) <= 1  # days, hours and cost without scrolling
    assert page.evaluate(FAINT_LABELS_JS) == []
    months = page.evaluate(MONTHS_JS)
    assert months["count"] >= 2 and not months["tilted"] and months["overlaps"] == 0, months

    task = next(t for t in C.plan.task if t.id == "specification").name(lang)
    page.get_by_text(C.t("plan_form", lang)).click()
    pick(page, C.t("plan_col_task", lang), task)
    form = page.locator(".st-key-plan_form_box")
    days = form.get_by_label(C.t("plan_col_days", lang), exact=True)
    days.fill(str(int(days.input_value()) + 7))
    days.press("Tab")
    form.get_by_role("button", name=C.t("plan_form_apply", lang)).click()
    settle(page, "h1")
    line = form.locator('[data-testid="stAlertContentSuccess"]')
    assert line.count() == 1 and line.is_visible()
    assert task in line.inner_text() and "₽" in line.inner_text()

    go(page, "results", lang)
    charts_drawn(page, 3)
    page.mouse.wheel(0, 600)
    assert page.evaluate(FAINT_LABELS_JS) == []


@pytest.mark.parametrize("sized", ["phone"], indirect=True)
def test_on_a_phone_lists_replace_charts_and_progress_shows(sized, server):
    page, lang = sized, "ru"
    open_at(page, server, "plan", lang)
    main = page.locator('[data-testid="stMain"]')
    progress = main.locator('[class*="st-key-narrow_progress"] [data-testid="stProgress"]')
    assert progress.is_visible()  # without opening the sidebar
    drawer = page.locator('[data-testid="stSidebar"]').bounding_box()
    assert drawer is None or drawer["x"] + drawer["width"] <= 1  # folded away
    assert visible(page, '.st-key-wide_gantt .crm-chart') == 0
    listing = main.locator(".st-key-narrow_gantt")
    assert listing.is_visible()
    task = next(t for t in DEMO_PLAN.tasks if t.id == "specification")
    assert c_line(task, lang) in listing.inner_text()  # with its dates

    open_at(page, server, "results", lang)
    charts_drawn(page, 3)
    assert visible(page, ".st-key-wide_radar .crm-chart") == 0
    bars = main.locator(".st-key-narrow_radar .crm-chart svg .bar")
    assert bars.count() == len(C.steps) and bars.first.is_visible()
    values = [int(v) for v in bars.evaluate_all("els => els.map(e => e.dataset.value)")]
    results = analyse(C, load_assessment(C, (CONTENT_DIR / "demo" / "distributor.json")
                                         .read_bytes())).readiness
    assert values == [round(s.readiness) for s in results.steps]
    assert page.evaluate(FAINT_LABELS_JS) == []
