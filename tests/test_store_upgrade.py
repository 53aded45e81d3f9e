"""Database files written by earlier releases open, upgrade in place and keep every row."""

from __future__ import annotations

import shutil
import sqlite3
from pathlib import Path

import pytest

from crmwizard.assessment_io import load_assessment
from crmwizard.invitations import parse_goals
from crmwizard.store import open_store
from crmwizard.store_sqlite import MIGRATIONS as SQLITE_MIGRATIONS
from crmwizard.store_sqlite import SqliteStore
from tests.dbcheck import query

FIXTURES = Path(__file__).resolve().parent / "fixtures" / "databases"
RETAIL, DISTRIBUTOR = "ООО «Уютный дом»", "ООО «СеверСнаб»"


def copy_of(name: str, tmp_path: Path) -> Path:
    """The frozen file is never opened in place: opening it upgrades it."""
    path = tmp_path / name
    shutil.copyfile(FIXTURES / name, path)
    return path


def by_company(store: SqliteStore) -> dict[str, str]:
    return {row.company.split(" (")[0]: row.token for row in store.list()}


@pytest.mark.parametrize("name", ["snapshots-release.sqlite3", "invitations-release.sqlite3"])
def test_an_earlier_release_file_upgrades_and_keeps_its_rows(name, tmp_path, content):
    """No version table in either: both reach the current schema with data intact."""
    path = copy_of(name, tmp_path)
    with sqlite3.connect(path) as db:
        tables = {r[0] for r in db.execute("SELECT name FROM sqlite_master WHERE type='table'")}
    assert "schema_version" not in tables
    store = SqliteStore(path)
    assert store.schema_version() == len(SQLITE_MIGRATIONS) == 3
    tokens = by_company(store)
    assert set(tokens) == {RETAIL, DISTRIBUTOR}
    retail = store.open(tokens[RETAIL])
    assert retail.revision == 2
    assert load_assessment(content, retail.data).language == "en"
    assert load_assessment(content, store.load(tokens[DISTRIBUTOR])).profile.industry
    [invitation] = store.invitations(tokens[DISTRIBUTOR])
    assert (invitation.name, invitation.revision) == ("Anna", 2)
    assert [g.goal for g in parse_goals(invitation.goals)] == ["Faster quotes"]
    assert store.goals_shared(tokens[DISTRIBUTOR])
    [(gone,)] = query(str(path), "SELECT token FROM deleted")
    assert store.was_deleted(gone) and store.load(gone) is None
    assert store.save(tokens[RETAIL], retail.data, RETAIL, revision=2) == 3


def test_snapshots_written_by_the_snapshots_release_stay_readable(tmp_path, content):
    """Its two snapshots keep their numbers, names and documents; the next one is number 3."""
    store = SqliteStore(copy_of("snapshots-release.sqlite3", tmp_path))
    token = by_company(store)[RETAIL]
    assert [(s.n, s.label) for s in store.snapshots(token)] == [
        (2, "before the tender"), (1, "after the kick-off")]
    assert load_assessment(content, store.snapshot_data(token, 1)).language == "ru"
    assert load_assessment(content, store.snapshot_data(token, 2)).language == "en"
    assert store.snapshot(token, "after the upgrade").n == 3
    assert store.delete(token)
    assert store.snapshot_counts() == {}


def test_the_release_before_snapshots_gains_the_table(tmp_path):
    """Migration 3 adds the snapshots table to a file that never had one."""
    path = copy_of("invitations-release.sqlite3", tmp_path)
    store = SqliteStore(path)
    token = by_company(store)[DISTRIBUTOR]
    assert store.snapshots(token) == [] and store.snapshot_counts() == {}
    assert store.snapshot(token, "first").n == 1
    assert query(str(path), "SELECT token, n, label FROM snapshots") == [(token, 1, "first")]


def test_a_version_2_database_gains_the_snapshots_table(db_setting, monkeypatch):
    """A database at schema 2 (invitations, no snapshots) is upgraded in place on either backend."""
    from crmwizard import store_sqlite

    module = store_sqlite
    if db_setting.startswith("postgresql"):
        from crmwizard import store_pg as module
    full = list(module.MIGRATIONS)
    monkeypatch.setattr(module, "MIGRATIONS", full[:2])
    old = open_store(db_setting)
    token = old.create('{"kept": true}', "Acme")
    invite = old.create_invitation(token, "sales", "Anna")
    assert old.schema_version() == 2
    old.close()
    monkeypatch.setattr(module, "MIGRATIONS", full)
    store = open_store(db_setting)
    assert store.schema_version() == len(full) == 3
    assert store.load(token) == '{"kept": true}'
    assert [i.token for i in store.invitations(token)] == [invite]
    assert store.snapshot(token, "first").n == 1
    assert store.snapshot_data(token, 1) == '{"kept": true}'
    assert store.delete(token)
    assert query(db_setting, "SELECT count(*) FROM snapshots") == [(0,)]
    store.close()
