"""SIGKILL right after the 'saved' mark shows: a restarted server has every change it named."""

from __future__ import annotations

import os
import re
import signal

from playwright.sync_api import expect

from crmwizard.content import get_content
from tests.e2e.harness import ROOT, settle, start_server

C = get_content()


def test_every_change_marked_saved_survives_a_sigkill(browser, db_setting):
    """On SQLite and on PostgreSQL: the database outlives the killed app server."""
    db = db_setting
    label = C.t("profile_company_name", "en")
    context = browser.new_context(viewport={"width": 1300, "height": 900})
    page = context.new_page()
    token = None
    try:
        for round_ in range(4):
            srv = start_server(ROOT / "app.py", {"CRMWIZARD_DB": db})
            try:
                page.goto(f"{srv.url}/?lang=en" + (f"&a={token}" if token else ""))
                settle(page, "h1")
                # Start keeps the empty profile behind one button, a saved one as one line.
                key = "profile_edit" if round_ else "profile_open"
                page.get_by_role("button", name=C.t(key, "en")).click()
                settle(page)
                box = page.get_by_label(label, exact=True)
                if round_:  # kept through the kill (a fresh server may draw it a moment later)
                    expect(box).to_have_value(f"Round {round_ - 1}", timeout=30_000)
                box.fill(f"Round {round_}")
                box.press("Enter")
                # The mark is drawn by the run after the write returned: wait for it, then kill.
                page.locator('[data-testid="stSidebar"]').get_by_text(
                    re.compile(r"✓ Saved at .*" + re.escape(label))).wait_for(timeout=30_000)
                token = token or re.search(r"[?&]a=([\w-]+)", page.url).group(1)
            finally:
                os.killpg(srv.proc.pid, signal.SIGKILL)
                srv.proc.wait()
        srv = start_server(ROOT / "app.py", {"CRMWIZARD_DB": db})
        try:
            page.goto(f"{srv.url}/?lang=en&a={token}")
            settle(page, "h1")
            page.get_by_role("button", name=C.t("profile_edit", "en")).click()
            expect(page.get_by_label(label, exact=True)).to_have_value("Round 3", timeout=30_000)
        finally:
            srv.stop()
    finally:
        context.close()
