"""Shared fixtures: the real content, demo profiles, a fast AppTest."""

from __future__ import annotations

import functools
import json
from pathlib import Path

import pytest

from crmwizard.assessment_io import load_assessment
from crmwizard.content import CONTENT_DIR, Content, get_content
from crmwizard.model import Assessment

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
