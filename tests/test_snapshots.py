"""Snapshots: frozen copies of a saved assessment, per token, deleted with it; both backends."""

from __future__ import annotations

import sqlite3

import pytest

from crmwizard.store import MAX_LABEL, MAX_SNAPSHOTS, Store, TooManySnapshots
from crmwizard.store_sqlite import SqliteStore
from tests.dbcheck import query


@pytest.fixture
def store(any_store) -> Store:
    return any_store


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


def test_deleting_an_assessment_deletes_its_snapshots(store, db_setting):
    """'Delete my data' really deletes: no snapshot row is left behind, others' stay."""
    token, other = store.create('{"secret": 1}'), store.create('{"other": 1}')
    store.snapshot(token, "one")
    store.snapshot(token, "two")
    store.snapshot(other, "kept")
    assert store.delete(token)
    assert store.snapshots(token) == [] and store.snapshot(token, "again") is None
    assert query(db_setting, "SELECT token, n FROM snapshots") == [(other, 1)]
    assert store.snapshot_counts() == {other: 1}


def test_label_cut_and_count_limited(store):
    """A long label is cut; one snapshot beyond the limit is refused, the rest stay."""
    token = store.create("{}")
    assert store.snapshot(token, "x" * 500).label == "x" * MAX_LABEL
    for i in range(MAX_SNAPSHOTS - 1):
        store.snapshot(token, f"s{i}")
    with pytest.raises(TooManySnapshots):
        store.snapshot(token, "one too many")
    assert len(store.snapshots(token)) == MAX_SNAPSHOTS
    assert store.snapshots(token)[0].n == MAX_SNAPSHOTS
    assert store.snapshot(store.create("{}"), "another assessment").n == 1  # per assessment


def test_snapshot_times_and_hostile_labels(store):
    """Taken-at is UTC to the second like every stamp; a label is kept literally (NUL aside)."""
    token = store.create("{}")
    label = "'; DROP TABLE snapshots; -- **bold** [x](http://e.test) ё"
    snap = store.snapshot(token, label)
    [listed] = store.snapshots(token)
    assert listed == snap and snap.label == label
    assert snap.taken_at.endswith("+00:00") and len(snap.taken_at) == 25
    assert store.snapshot_data(token, 10**12) is None  # a number out of any column's range


def test_the_workspace_list_without_data(store):
    """list(with_data=False) gives the labels and revisions, not the documents."""
    token = store.create('{"big": 1}', "Acme")
    store.save(token, '{"big": 2}', "Acme")
    [row] = store.list(with_data=False)
    assert (row.token, row.company, row.data, row.revision) == (token, "Acme", "", 2)
    assert store.list()[0].data == '{"big": 2}'


def test_a_database_from_before_snapshots_opens(tmp_path):
    """A file made by the previous release gets the table on open and keeps its rows."""
    path = tmp_path / "old.sqlite3"
    with sqlite3.connect(path) as db:
        db.executescript("CREATE TABLE assessments (token TEXT PRIMARY KEY, data TEXT NOT NULL,"
                         " company TEXT NOT NULL DEFAULT '', created_at TEXT NOT NULL,"
                         " updated_at TEXT NOT NULL, revision INTEGER NOT NULL DEFAULT 1);"
                         "INSERT INTO assessments VALUES ('tok_tok_tok_tok_tok_1', '{}', 'Old',"
                         " '2026-01-01', '2026-01-01', 3);")
    store = SqliteStore(path)
    assert store.snapshot("tok_tok_tok_tok_tok_1", "first").n == 1
    assert store.load("tok_tok_tok_tok_tok_1") == "{}"
