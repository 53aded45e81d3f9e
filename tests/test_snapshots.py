"""Snapshots: frozen copies of a saved assessment, per token, deleted with it."""

from __future__ import annotations

import sqlite3
from pathlib import Path

import pytest

from crmwizard.store import MAX_LABEL, MAX_SNAPSHOTS, Store, TooManySnapshots


@pytest.fixture
def store(tmp_path: Path) -> Store:
    return Store(tmp_path / "db.sqlite3")


def test_a_snapshot_freezes_what_is_on_disk(store):
    """Later saves change the assessment, never its snapshot."""
    token = store.create('{"v": 1}', "Acme")
    first = store.snapshot(token, "after the kick-off")
    store.save(token, '{"v": 2}', "Acme")
    second = store.snapshot(token, "before the tender")
    store.save(token, '{"v": 3}', "Acme")
    assert (first.n, second.n) == (1, 2)
    assert [s.label for s in store.snapshots(token)] == ["before the tender", "after the kick-off"]
    assert store.snapshot_data(token, 1) == '{"v": 1}'
    assert store.snapshot_data(token, 2) == '{"v": 2}'
    assert store.load(token) == '{"v": 3}'
    assert store.snapshot_counts() == {token: 2}


def test_snapshots_belong_to_their_assessment(store):
    """Another token's snapshot number finds nothing; a made-up token has none."""
    a, b = store.create('{"a": 1}'), store.create('{"b": 1}')
    store.snapshot(a, "mine")
    assert store.snapshots(b) == [] and store.snapshot_data(b, 1) is None
    assert store.snapshot("made-up-token-xxxxxxx", "x") is None
    assert store.snapshots("'; DROP TABLE snapshots; --") == []
    assert store.snapshot_data(a, 1) == '{"a": 1}'


def test_deleting_an_assessment_deletes_its_snapshots(store):
    """'Delete my data' really deletes: no snapshot row is left behind."""
    token = store.create('{"secret": 1}')
    store.snapshot(token, "one")
    store.snapshot(token, "two")
    assert store.delete(token)
    assert store.snapshots(token) == [] and store.snapshot(token, "again") is None
    with sqlite3.connect(store.path) as db:
        assert db.execute("SELECT count(*) FROM snapshots").fetchone()[0] == 0


def test_label_cut_and_count_limited(store):
    """A long label is cut; one snapshot beyond the limit is refused, the rest stay."""
    token = store.create("{}")
    assert store.snapshot(token, "x" * 500).label == "x" * MAX_LABEL
    for i in range(MAX_SNAPSHOTS - 1):
        store.snapshot(token, f"s{i}")
    with pytest.raises(TooManySnapshots):
        store.snapshot(token, "one too many")
    assert len(store.snapshots(token)) == MAX_SNAPSHOTS


def test_a_database_from_before_snapshots_opens(tmp_path):
    """A file made by the previous release gets the table on open and keeps its rows."""
    path = tmp_path / "old.sqlite3"
    with sqlite3.connect(path) as db:
        db.executescript("CREATE TABLE assessments (token TEXT PRIMARY KEY, data TEXT NOT NULL,"
                         " company TEXT NOT NULL DEFAULT '', created_at TEXT NOT NULL,"
                         " updated_at TEXT NOT NULL, revision INTEGER NOT NULL DEFAULT 1);"
                         "INSERT INTO assessments VALUES ('tok_tok_tok_tok_tok_1', '{}', 'Old',"
                         " '2026-01-01', '2026-01-01', 3);")
    store = Store(path)
    assert store.snapshot("tok_tok_tok_tok_tok_1", "first").n == 1
    assert store.load("tok_tok_tok_tok_tok_1") == "{}"
