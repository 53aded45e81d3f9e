"""Real-browser timings and memory, with the same harness as the browser journeys.

"Settled" (tests/e2e/harness.py): the script finished, the page is connected, nothing is
stale, the key element is present, and the DOM stayed still for 150 ms; the time taken is
until the last change before that quiet period.
"""

from __future__ import annotations

import statistics
import tempfile
import time
from pathlib import Path

from bench.timing import metric
from tests.e2e.harness import chromium_path, launch, settle, start_server

ROOT = Path(__file__).resolve().parent.parent
EMPTY = "import streamlit as st\n"
ONE_LINE = 'import streamlit as st\n\nst.title("Hello")\n'
# Start is settled with its title, navigation links and buttons drawn: each widget kind's code
# loads lazily and may arrive after a quiet moment.
START_SETTLED = ('[data-testid="stApp"]:has(h1):has([data-testid="stPageLink-NavLink"])'
                 ':has([data-testid="stButton"])')
FIRST_RENDER_RUNS = 9
# Rounds on fresh servers: one round of 9 spreads by ±0.05 around the ratio, so the issue asks
# for the median of at least five.
FIRST_RENDER_ROUNDS = 5
WALK = ["goals", "budget", "team", "vendor", "requirements", "processes", "integrations",
        "launch", "plan", "results", "shortlist", "export"]


def _script(folder: Path, text: str) -> Path:
    folder.mkdir(parents=True, exist_ok=True)
    (folder / ".streamlit").mkdir(exist_ok=True)
    (folder / ".streamlit" / "config.toml").write_text(
        (ROOT / ".streamlit" / "config.toml").read_text())
    path = folder / "app.py"
    path.write_text(text)
    return path


def _rss_mb(pid: int) -> float:
    for line in Path(f"/proc/{pid}/status").read_text().splitlines():
        if line.startswith("VmRSS:"):
            return int(line.split()[1]) / 1024
    return 0.0


def _cold_start(script: Path, env: dict, runs: int = 5) -> float:
    times = []
    for _ in range(runs):
        server = start_server(script, env)
        times.append(server.started_ms)
        server.stop()
    return statistics.median(times)


def _first_render(browser, url: str, selector: str, runs: int = 5) -> float:
    return _first_renders(browser, [(url, selector)], runs)[0]


def _first_renders(browser, pages: list[tuple[str, str]], runs: int) -> list[float]:
    """Median time to settle per (url, key selector); the pages load in turn, run after run,
    so that a busy moment of the machine falls on all of them alike."""
    times: list[list[float]] = [[] for _ in pages]
    for _ in range(runs):
        for i, (url, selector) in enumerate(pages):
            context = browser.new_context(viewport={"width": 1400, "height": 1000})
            page = context.new_page()
            page.goto(url)
            # The page clock starts at navigation: its last change is the time to settle.
            times[i].append(settle(page, selector))
            context.close()
    return [statistics.median(t) for t in times]


def _start_rounds(browser, env: dict, one_line: Path) -> dict:
    """Start against the one-line page: the median of rounds, each on two fresh servers."""
    rounds = []
    for _ in range(FIRST_RENDER_ROUNDS):
        app, ref = start_server(ROOT / "app.py", env), start_server(one_line, env)
        try:
            rounds.append(_first_renders(
                browser, [(f"{app.url}/?lang=ru", START_SETTLED), (ref.url, "h1")],
                runs=FIRST_RENDER_RUNS))
        finally:
            app.stop()
            ref.stop()
    rounds.sort(key=lambda r: r[0] / r[1])
    start, one = rounds[len(rounds) // 2]  # the round whose ratio is the median
    ratios = ", ".join(f"{s / o:.2f}" for s, o in rounds)
    return metric(f"first render of the Start screen until settled, median of "
                  f"{FIRST_RENDER_ROUNDS} rounds of {FIRST_RENDER_RUNS} on fresh servers "
                  f"(round ratios {ratios}; vs one-line page)", start, "ms", one, 1.2,
                  by_ratio=True)


def _rerun_after_answer(browser, url: str, runs: int = 10) -> float:
    from crmwizard.content import get_content

    c = get_content()
    q = c.question_by_id["req_biz_priorities"]
    context = browser.new_context(viewport={"width": 1400, "height": 1000})
    page = context.new_page()
    page.goto(f"{url}/requirements?lang=ru")
    settle(page, "h1")
    group = page.locator('[data-testid="stRadio"]', has_text=q.text("ru"))
    times = []
    for i in range(runs):
        option = group.get_by_text(q.options[i % 2].label("ru"), exact=True)
        start = page.evaluate("() => performance.now()")
        option.click()
        last = settle(page, "h1")
        times.append(last - start)
    context.close()
    return statistics.median(times)


def _pdf_download(browser, url: str, runs: int = 5) -> float:
    from crmwizard.content import get_content

    label = get_content().t("export_summary", "en")
    context = browser.new_context(viewport={"width": 1400, "height": 1000},
                                  accept_downloads=True)
    page = context.new_page()
    page.goto(f"{url}/export?demo=manufacturer&lang=en")
    settle(page, "h1")
    times = []
    for _ in range(runs):
        start = time.perf_counter()
        with page.expect_download() as info:
            page.get_by_role("button", name=label).click()
        info.value.path()  # the file is complete on disk
        times.append((time.perf_counter() - start) * 1000)
    context.close()
    return statistics.median(times)


# A chart screen is settled once its first chart is drawn and its Back/Next buttons are there.
CHARTS_SETTLED = ('[data-testid="stApp"]:has(h1):has(.crm-chart svg text)'
                  ':has([class*="st-key-nav_next_"])')
FIRST_VISIT_RUNS = 3


def _visit(browser, server, token: str) -> dict[str, float]:
    """One visitor in a new browser context: Results (blank session), then a resume link and
    that session's first click on Plan; ms until each is settled."""
    out = {}
    context = browser.new_context(viewport={"width": 1400, "height": 1000})
    page = context.new_page()
    page.goto(f"{server.url}/results?lang=ru")
    out["results"] = settle(page, CHARTS_SETTLED)
    context.close()
    context = browser.new_context(viewport={"width": 1400, "height": 1000})
    page = context.new_page()
    page.goto(f"{server.url}/?a={token}")
    out["resume"] = settle(page, START_SETTLED)
    link = page.locator('[data-testid="stSidebar"] [data-testid="stPageLink-NavLink"]'
                        '[href*="plan"]')
    start = page.evaluate("() => performance.now()")
    link.click()
    out["plan"] = settle(page, CHARTS_SETTLED) - start
    context.close()
    return out


def _first_visits(browser, env: dict, runs: int = FIRST_VISIT_RUNS, app: Path = ROOT / "app.py",
                  warm: bool = True) -> tuple[dict[str, float], dict[str, float]]:
    """Medians, in ms, for the first visitor of a fresh server (started the way `make run`
    starts it; `warm=False`: plain `streamlit run app`) and for a second visitor right after,
    on the same server: what is left of "first" is the difference."""
    from crmwizard.store import open_store

    demo = (ROOT / "questions" / "demo" / "distributor.json").read_text()
    token = open_store(env["CRMWIZARD_DB"]).create(demo, "bench")
    first: dict[str, list[float]] = {"results": [], "resume": [], "plan": []}
    second: dict[str, list[float]] = {"results": [], "resume": [], "plan": []}
    for _ in range(runs):
        server = start_server(app, env, warm=warm)
        try:
            for into in (first, second):
                for k, v in _visit(browser, server, token).items():
                    into[k].append(v)
        finally:
            server.stop()
    return ({k: statistics.median(v) for k, v in first.items()},
            {k: statistics.median(v) for k, v in second.items()})


def first_visit_metrics(browser, env: dict) -> list[dict]:
    """The three first-visit timings of issue 13, each against a second visitor's."""
    found, again = _first_visits(browser, env)
    ref = "(reference: the next visitor of the same server)"
    return [
        metric(f"first visit of Results on a fresh server until its charts are drawn, median "
               f"of {FIRST_VISIT_RUNS} {ref}", found["results"], "ms", again["results"], 1500),
        metric(f"a resume link opened in a new session until Start is settled {ref}",
               found["resume"], "ms", again["resume"], 1500),
        metric(f"that session's first click on Plan until its chart is drawn {ref}",
               found["plan"], "ms", again["plan"], 1500),
    ]


def _walk(browser, url: str, sessions: int = 10) -> None:
    for n in range(sessions):
        context = browser.new_context(viewport={"width": 1400, "height": 1000})
        page = context.new_page()
        page.goto(f"{url}/?demo={['retail', 'distributor', 'manufacturer'][n % 3]}&lang=ru")
        settle(page, "h1")
        for screen in WALK:
            page.goto(f"{url}/{screen}?lang=ru")
            settle(page, "h1")
        context.close()


def metrics() -> list[dict]:
    if not chromium_path():
        print("  browser benchmarks skipped: Debian's chromium is not installed")
        return []
    from playwright.sync_api import sync_playwright

    tmp = Path(tempfile.mkdtemp())
    env = {"CRMWIZARD_DB": str(tmp / "bench.sqlite3")}
    empty = _script(tmp / "empty", EMPTY)
    one_line = _script(tmp / "one", ONE_LINE)
    out = [metric("server cold start until /_stcore/health (vs empty app)",
                  _cold_start(ROOT / "app.py", env), "ms", _cold_start(empty, env), 1.5,
                  by_ratio=True)]
    with sync_playwright() as p:
        browser = launch(p)
        app = start_server(ROOT / "app.py", env)
        ref = start_server(one_line, env)
        try:
            out.append(_start_rounds(browser, env, one_line))
            ref_rerun = _first_render(browser, ref.url, "h1", runs=3)
            out.append(metric("rerun after one answer on Requirements until settled "
                              "(reference: one-line page load)",
                              _rerun_after_answer(browser, app.url), "ms", ref_rerun, 200))
            out.append(metric("click on 'download summary PDF' until the file is there "
                              "(reference: one-line page load)",
                              _pdf_download(browser, app.url), "ms", ref_rerun, 600))
            out.extend(first_visit_metrics(browser, env))
            _walk(browser, app.url)
            _walk(browser, ref.url.rstrip("/"), sessions=10)
            out.append(metric("server memory after 10 sessions walked the wizard "
                              "(vs one-line app, same walk)", _rss_mb(app.proc.pid), "MB",
                              _rss_mb(ref.proc.pid), 300))
        finally:
            app.stop()
            ref.stop()
            browser.close()
    return out
