"""Browser fixtures: skipped with a reason when Chromium is missing, unless CI requires it."""

from __future__ import annotations

import os
from pathlib import Path

import pytest

from tests.e2e.harness import ROOT, chromium_path, launch, start_server

SHOTS = ROOT / "tests" / "e2e" / "screenshots"


def pytest_collection_modifyitems(config, items):
    if chromium_path():
        return
    reason = "browser tests skipped: Debian's chromium is not installed (apt-get install chromium)"
    if os.environ.get("CRMWIZARD_REQUIRE_BROWSER") == "1":
        raise pytest.UsageError(reason.replace("skipped", "required but cannot run"))
    for item in items:
        if "e2e" in str(item.fspath):
            item.add_marker(pytest.mark.skip(reason=reason))


@pytest.fixture(scope="session")
def server(tmp_path_factory):
    db = tmp_path_factory.mktemp("e2e") / "e2e.sqlite3"
    srv = start_server(ROOT / "app.py", {"CRMWIZARD_DB": str(db)}, warm=True)
    yield srv
    srv.stop()


@pytest.fixture(scope="session")
def browser():
    from playwright.sync_api import sync_playwright

    with sync_playwright() as p:
        b = launch(p)
        yield b
        b.close()


@pytest.hookimpl(wrapper=True)
def pytest_runtest_makereport(item, call):
    report = yield
    setattr(item, f"report_{report.when}", report)
    return report


@pytest.fixture
def page(browser, request):
    context = browser.new_context(viewport={"width": 1400, "height": 1000}, accept_downloads=True)
    pg = context.new_page()
    pg.set_default_timeout(60_000)
    yield pg
    report = getattr(request.node, "report_call", None)
    if report is not None and report.failed:  # what the browser showed when it failed
        SHOTS.mkdir(parents=True, exist_ok=True)
        path = SHOTS / f"{request.node.name}-failure.png"
        pg.screenshot(path=str(path), full_page=True)
        print(f"\nfailure screenshot: {path}")
    context.close()


@pytest.fixture
def shots(request) -> Path:
    """Folder for this journey's screenshots (named in the test log)."""
    folder = SHOTS / request.node.name
    folder.mkdir(parents=True, exist_ok=True)
    print(f"\nscreenshots: {folder}")
    return folder
