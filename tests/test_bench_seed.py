"""The bench's workspace seed goes through the store's interface (it once broke on the split)."""

from __future__ import annotations

from bench.bench_screens import seed_workspace
from crmwizard.store import open_store


def test_the_seeded_workspace_lists_every_assessment(tmp_path):
    path = tmp_path / "bench.sqlite3"
    seed_workspace(path, 4)
    assert len(open_store(str(path)).list()) == 4
