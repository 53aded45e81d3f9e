"""Invitations: Goals with 10 managers and 40 goals, and a manager's first render on a phone."""

from __future__ import annotations

import json
import os
import tempfile
from pathlib import Path

from streamlit.testing.v1 import AppTest

from bench.bench_browser import ONE_LINE, _first_renders, _script
from bench.bench_screens import _patch_scanner, paired_rerun
from bench.timing import metric
from crmwizard.assessment_io import load_assessment
from crmwizard.content import CONTENT_DIR, get_content
from crmwizard.store_sqlite import SqliteStore
from tests.e2e.harness import chromium_path, launch, start_server

ROOT = Path(__file__).resolve().parent.parent
MANAGERS, GOALS_EACH = 10, 4
# Goals a manager might give, chosen so that some pull against each other across managers.
KPIS = [("discount_rate", 5, 10), ("gross_margin", 20, 25), ("lead_count", 100, 200),
        ("conversion_rate", 10, 15), ("sales_cycle_days", 30, 20), ("it_cost", 10, 8)]
# The fragment's function in a session of the owner, as the timer reruns it.
LIVE = """
from crmwizard.ui import invite_owner, state
state.bootstrap()
invite_owner.live(invite_owner.signature(state.invitations()))
"""
MANAGER_SETTLED = '[data-testid="stApp"]:has(h1):has([data-testid="stButton"])'


def _filled(store: SqliteStore) -> tuple[str, list[str]]:
    """The distributor demo with 10 invited managers, 4 goals each, some left unanswered."""
    c = get_content()
    a = load_assessment(c, (CONTENT_DIR / "demo" / "distributor.json").read_bytes())
    own = store.create(a.model_dump_json(), a.profile.company_name)
    roles = ["sales", "marketing", "finance", "it", "operations", "other"]
    tokens = []
    for m in range(MANAGERS):
        token = store.create_invitation(own, roles[m % len(roles)], f"Manager {m}")
        goals = [{"goal": f"Goal {m}.{g}", "kpi": KPIS[(m + g) % len(KPIS)][0],
                  "baseline": KPIS[(m + g) % len(KPIS)][1],
                  "target": KPIS[(m + g) % len(KPIS)][2], "deadline": "2027-06-30"}
                 for g in range(GOALS_EACH)]
        store.save_manager_goals(token, json.dumps(goals))
        tokens.append(token)
    return own, tokens


def metrics() -> list[dict]:
    _patch_scanner()
    tmp = Path(tempfile.mkdtemp())
    db = tmp / "bench.sqlite3"
    os.environ["CRMWIZARD_DB"] = str(db)
    own, tokens = _filled(SqliteStore(db))
    # A manager's first visit: an invitation nobody has answered yet.
    fresh = SqliteStore(db).create_invitation(own, "other")
    # The refresh: what the timer reruns every few seconds (the fragment's function alone);
    # when a manager has saved, the whole screen reruns instead (the second figure).
    live = AppTest.from_string(LIVE, default_timeout=60)
    live.query_params["a"] = own
    live.run()
    fragment, fragment_ref = paired_rerun(live, lambda at, i: None)
    at = AppTest.from_file(str(ROOT / "app.py"), default_timeout=60)
    at.query_params["a"] = own
    at.run()
    at.switch_page("pages/1_goals.py").run()
    whole, reference = paired_rerun(at, lambda at, i: None)
    out = [metric(f"AppTest refresh of the live part of Goals, {MANAGERS} managers and "
                  f"{MANAGERS * GOALS_EACH} goals (vs chart+table page)",
                  fragment, "ms", fragment_ref, 1.0, by_ratio=True),
           metric(f"AppTest rerun of the whole Goals screen with {MANAGERS} managers and "
                  f"{MANAGERS * GOALS_EACH} goals (vs chart+table page; Plan's budget)",
                  whole, "ms", reference, 2.0, by_ratio=True)]
    if not chromium_path():
        print("  browser benchmark skipped: Debian's chromium is not installed")
        return out
    from playwright.sync_api import sync_playwright

    with sync_playwright() as p:
        browser = launch(p)
        app = start_server(ROOT / "app.py", {"CRMWIZARD_DB": str(db)})
        one = start_server(_script(tmp / "one", ONE_LINE), {"CRMWIZARD_DB": str(db)})
        try:
            manager, line = _first_renders(browser, [
                (f"{app.url}/?invite={fresh}", MANAGER_SETTLED), (one.url, "h1")], runs=9)
        finally:
            app.stop()
            one.stop()
            browser.close()
    out.append(metric("first render of a manager's invitation screen until settled, median "
                      "of 9 (vs one-line page; Start's budget)", manager, "ms", line, 1.2,
                      by_ratio=True))
    return out
