"""What `make bench` drives still exists: its workspace seed, the widgets it changes."""

from __future__ import annotations

from bench.bench_screens import seed_workspace
from crmwizard.store import open_store


def test_the_seeded_workspace_lists_every_assessment(tmp_path):
    path = tmp_path / "bench.sqlite3"
    seed_workspace(path, 4)
    assert len(open_store(str(path)).list()) == 4


def test_every_widget_the_bench_changes_is_on_its_screen(tmp_path, monkeypatch):
    """`make bench` changes one widget per screen; a screen redesign must not break it."""
    from bench.bench_screens import SCREENS, open_screen

    monkeypatch.setenv("CRMWIZARD_DB", str(tmp_path / "bench.sqlite3"))
    for view, kind, key, _ in SCREENS:
        at = open_screen(view)
        assert not at.exception, view
        if kind:
            assert getattr(at, kind)(key=key).value is not None, view
    at = open_screen("processes")
    assert at.text_input(key="pm_form_exit") is not None
