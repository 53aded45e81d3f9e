"""Shared fixtures: the real content, demo profiles, a fast AppTest, both store backends."""

from __future__ import annotations

import functools
import json
import os
import sys
from pathlib import Path

import pytest

from crmwizard.assessment_io import load_assessment
from crmwizard.content import CONTENT_DIR, Content, get_content
from crmwizard.model import Assessment
from crmwizard.store import open_store
from tests.pg import pg_bin

ROOT = Path(__file__).resolve().parent.parent
DEMOS = ("retail", "distributor", "manufacturer")

try:  # Each new AppTest scans every installed package for components; once is enough.
    from streamlit.components.v2 import manifest_scanner

    manifest_scanner.scan_component_manifests = functools.lru_cache(
        manifest_scanner.scan_component_manifests
    )
except (ImportError, AttributeError):  # private API: harmless if it moves
    pass


@pytest.fixture(scope="session")
def content() -> Content:
    return get_content()


def demo_raw(name: str) -> bytes:
    return (CONTENT_DIR / "demo" / f"{name}.json").read_bytes()


@pytest.fixture(scope="session")
def demos(content: Content) -> dict[str, Assessment]:
    return {name: load_assessment(content, demo_raw(name)) for name in DEMOS}


def demo_data(name: str) -> dict:
    return json.loads(demo_raw(name))


@pytest.fixture(autouse=True)
def _fresh_passcode_throttle():
    """Wrong passcodes count per server process; AppTest runs in this one, so tests reset it."""
    yield
    import sys

    module = sys.modules.get("crmwizard.ui.workspace_screen")
    if module is not None:
        module.THROTTLE.reset()


# Every test of the store runs on both backends; PostgreSQL's on a throw-away cluster.
BACKENDS = ["sqlite", pytest.param("postgres", marks=pytest.mark.postgres)]


def pytest_collection_modifyitems(config, items):
    if pg_bin():
        return
    wanted = [item for item in items if "postgres" in item.keywords]
    reason = ("PostgreSQL tests skipped: the server binaries (initdb, pg_ctl) are not installed"
              " (apt-get install postgresql)")
    if wanted and os.environ.get("CRMWIZARD_REQUIRE_POSTGRES") == "1":
        raise pytest.UsageError(reason.replace("skipped", "required but cannot run"))
    for item in wanted:
        item.add_marker(pytest.mark.skip(reason=reason))


@pytest.fixture(scope="session")
def pg_cluster():
    """One PostgreSQL cluster for the whole test session, stopped and removed at its end."""
    from tests.pg import Cluster

    cluster = Cluster()
    cluster.start()
    yield cluster
    cluster.destroy()


@pytest.fixture(params=BACKENDS)
def db_setting(request, tmp_path) -> str:
    """A CRMWIZARD_DB value naming a fresh, empty database, once per backend."""
    if request.param == "sqlite":
        return str(tmp_path / "db.sqlite3")
    return request.getfixturevalue("pg_cluster").new_database()


@pytest.fixture
def any_store(db_setting):
    """The store on each backend."""
    store = open_store(db_setting)
    yield store
    store.close()


@pytest.fixture(autouse=True)
def _close_app_stores():
    """AppTest runs in this process: close the pools its sessions opened."""
    yield
    module = sys.modules.get("crmwizard.ui.state")
    if module is not None:
        with module._STORES_LOCK:
            for store in module._STORES.values():
                store.close()
            module._STORES.clear()
