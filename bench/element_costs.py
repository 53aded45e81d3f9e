"""`python -m bench.element_costs`: what one element of each heavy kind adds to a first visit.

Each page is the one-line page plus one element; each visit is a new browser context, so the
element's code is fetched and run as on a first visit. Not part of `make bench`: it explains
the first-visit timings there (bench/first_visits.md), it has no budget.
"""

from __future__ import annotations

import os
import statistics
import tempfile
from pathlib import Path

from bench.bench_browser import ONE_LINE, ROOT, _script
from tests.e2e.harness import chromium_path, launch, settle, start_server

# name: (what the page adds to the one-line page, the element's drawn state)
PAGES = {
    "one-line page": ("", "h1"),
    "+ st.plotly_chart (a two-bar chart)": (
        "import plotly.graph_objects as go\n"
        "st.plotly_chart(go.Figure(go.Bar(x=[1, 2], y=[3, 4])))\n", ".js-plotly-plot svg text"),
    "+ st.dataframe (one row)": ('st.dataframe([{"a": 1, "b": 2}])\n',
                                 '[data-testid="stDataFrame"] canvas'),
    "+ st.code (a link, as the resume link)": (
        'st.code("http://127.0.0.1:8501/?a=abcdefghijklmnop", language=None)\n',
        '[data-testid="stCode"] code'),
    "+ st.html (a style block)": ('st.html("<style>.x{color:red}</style>")\n', "h1"),
    # What the app uses instead of the three heavy ones above.
    "+ a chart drawn as SVG (crmwizard.charts, as the app shows it)": (
        f"import sys\nsys.path.insert(0, {str(ROOT)!r})\n"
        "from crmwizard.charts import radar\nfrom crmwizard.ui.chart import show\n"
        "from crmwizard.scoring import Readiness, StepScore\n"
        "show(radar(Readiness(50, 50, [StepScore(str(i), i, f'Step {i}', 50, 50, 1, 1, [], [])"
        " for i in range(1, 15)]), 'en', 'Radar'))\n", ".crm-chart svg text"),
    "+ a Markdown table (one row)": ('st.markdown("| a | b |\\n|---|---|\\n| 1 | 2 |")\n',
                                     "table"),
    "+ st.iframe (the resume link's copy box)": (
        'st.iframe("<code>http://127.0.0.1:8501/?a=abc</code><button>Copy</button>",'
        " height=76)\n", "iframe"),
}


def main(runs: int = 7) -> None:
    from playwright.sync_api import sync_playwright

    if not chromium_path():
        raise SystemExit("error: Debian's chromium is not installed")
    tmp = Path(tempfile.mkdtemp())
    env = {"CRMWIZARD_DB": str(tmp / "b.sqlite3")}
    times: dict[str, list[float]] = {name: [] for name in PAGES}
    with sync_playwright() as p:
        browser = launch(p)
        servers = {name: start_server(_script(tmp / str(n), ONE_LINE + extra), env)
                   for n, (name, (extra, _)) in enumerate(PAGES.items())}
        try:
            for _ in range(runs):  # page after page in turn, so load drifts hit all alike
                for name, server in servers.items():
                    context = browser.new_context()
                    page = context.new_page()
                    page.goto(server.url)
                    times[name].append(settle(page, PAGES[name][1]))
                    context.close()
        finally:
            for server in servers.values():
                server.stop()
            browser.close()
    base = statistics.median(times["one-line page"])
    print(f"median of {runs} first visits each, load {os.getloadavg()[0]:.1f} on "
          f"{os.cpu_count()} CPUs")
    for name, values in times.items():
        m = statistics.median(values)
        print(f"  {name}: {m:.0f} ms ({m - base:+.0f} ms)")


if __name__ == "__main__":
    main()
