"""Saved assessments on both backends: tokens, real deletion, revisions, crash safety, schema."""

import json
import os
import signal
import sqlite3
import subprocess
import sys
import textwrap
import threading
import time
from pathlib import Path

import pytest

from crmwizard.store import StaleRevision, StoreError, db_path, open_store
from crmwizard.store_sqlite import MIGRATIONS as SQLITE_MIGRATIONS
from crmwizard.store_sqlite import SqliteStore
from tests.dbcheck import query

ROOT = Path(__file__).resolve().parent.parent


def test_create_load_save_delete(any_store, db_setting):
    """The whole interface round-trips, and deletion really removes the row."""
    store = any_store
    token = store.create('{"a": 1}', "Acme")
    assert len(token) >= 22  # ≥128 bits in URL-safe base64
    assert store.load(token) == '{"a": 1}'
    assert store.save(token, '{"a": 2}', "Acme")
    assert store.load(token) == '{"a": 2}'
    [row] = store.list()
    assert (row.token, row.company, row.data) == (token, "Acme", '{"a": 2}')
    assert row.created_at <= row.updated_at and row.updated_at.endswith("+00:00")
    assert store.delete(token)
    assert store.load(token) is None
    assert query(db_setting, "SELECT count(*) FROM assessments") == [(0,)]
    assert query(db_setting, "SELECT token FROM deleted") == [(token,)]
    assert not store.delete(token)


def test_tokens_are_unguessable_and_isolated(any_store):
    """Two assessments get different tokens; a made-up or malformed token finds nothing."""
    store = any_store
    a, b = store.create("{}"), store.create("{}")
    assert a != b
    for forged in ("made-up-token", "x' OR '1'='1", "", "a" * 500):
        assert store.load(forged) is None
        assert not store.save(forged, "{}")
        assert not store.delete(forged) and not store.was_deleted(forged)
    assert len(store.list()) == 2


def test_store_revisions_and_tombstones(any_store):
    """A stale save is refused with both revisions; a deleted token is never written again."""
    store = any_store
    token = store.create("{}")
    assert store.open(token).revision == 1
    assert store.save(token, '{"n": 1}', revision=1) == 2
    with pytest.raises(StaleRevision) as e:
        store.save(token, '{"n": "stale"}', revision=1)
    assert (e.value.expected, e.value.current) == (1, 2)
    assert store.load(token) == '{"n": 1}'
    assert store.save(token, '{"n": 2}') == 3  # without a revision: last write wins
    assert store.delete(token) and store.was_deleted(token)
    assert store.save(token, '{"n": 3}', revision=3) == 0
    assert store.save(token, '{"n": 3}') == 0
    assert store.open(token) is None and not store.was_deleted("never-existed")


def test_hostile_text_is_stored_literally(any_store):
    """Quotes, markup, right-to-left marks and a NUL in a company name: data kept as given."""
    store = any_store
    company = "O'Brien \"; DROP TABLE assessments; -- <b>\u202e\x00"
    data = json.dumps({"company": company})
    token = store.create(data, company)
    assert store.load(token) == data and json.loads(store.load(token))["company"] == company
    assert store.save(token, data, company) == 2
    assert store.list()[0].company.replace("\x00", "") == company.replace("\x00", "")


def test_workspace_list_is_most_recent_first(any_store):
    store = any_store
    first, second = store.create("{}", "First"), store.create("{}", "Second")
    time.sleep(1.1)  # time stamps are to the second
    store.save(first, '{"n": 1}', "First")
    assert [r.token for r in store.list()] == [first, second]


def test_concurrent_saves_are_whole_documents(any_store):
    """Eight threads saving one assessment at once: one whole document wins, none is mixed."""
    store = any_store
    token = store.create(json.dumps({"writer": -1}))
    docs = {n: json.dumps({"writer": n, "pad": str(n) * 5000}) for n in range(8)}
    revisions: list[int] = []

    def write(n: int) -> None:
        for _ in range(5):
            revisions.append(store.save(token, docs[n]))

    threads = [threading.Thread(target=write, args=(n,)) for n in range(8)]
    for t in threads:
        t.start()
    for t in threads:
        t.join()
    assert sorted(revisions) == list(range(2, 42))  # every save counted once
    assert store.load(token) in docs.values()
    assert store.open(token).revision == 41


def test_concurrent_stale_saves_let_exactly_one_through(any_store):
    """Two tabs saving from the same revision at the same moment: one wins, one is refused."""
    store = any_store
    token = store.create("{}")
    results: list[object] = []
    gate = threading.Barrier(6)

    def write(n: int) -> None:
        gate.wait()
        try:
            results.append(store.save(token, json.dumps({"tab": n}), revision=1))
        except StaleRevision as e:
            results.append(e)

    threads = [threading.Thread(target=write, args=(n,)) for n in range(6)]
    for t in threads:
        t.start()
    for t in threads:
        t.join()
    assert [r for r in results if r == 2] == [2]
    assert sum(isinstance(r, StaleRevision) for r in results) == 5


def test_schema_version_is_recorded_and_reopening_keeps_data(db_setting):
    store = open_store(db_setting)
    token = store.create('{"kept": true}')
    assert store.schema_version() == len(SQLITE_MIGRATIONS)
    store.close()
    again = open_store(db_setting)  # a second server, or a restart: nothing migrated twice
    assert again.load(token) == '{"kept": true}'
    assert query(db_setting, "SELECT version FROM schema_version") == [(len(SQLITE_MIGRATIONS),)]
    again.close()


def test_a_newer_schema_is_refused_with_a_clear_error(db_setting):
    open_store(db_setting).close()
    later = len(SQLITE_MIGRATIONS) + 1
    if db_setting.startswith("postgresql"):
        import psycopg

        with psycopg.connect(db_setting, autocommit=True) as conn:
            conn.execute(f"UPDATE schema_version SET version = {later}")
    else:
        with sqlite3.connect(db_setting) as conn:
            conn.execute(f"UPDATE schema_version SET version = {later}")
    with pytest.raises(StoreError, match=f"schema version {later} is newer"):
        open_store(db_setting).list()


def test_both_backends_number_their_migrations_alike():
    """One schema version means the same tables on SQLite and on PostgreSQL."""
    pytest.importorskip("psycopg")
    from crmwizard.store_pg import MIGRATIONS as PG_MIGRATIONS

    assert len(PG_MIGRATIONS) == len(SQLITE_MIGRATIONS)


@pytest.mark.postgres
def test_both_backends_make_the_same_tables_and_columns(tmp_path, pg_cluster):
    """Migration by migration the same schema; PostgreSQL alone orders invitations by seq."""
    lite, pg = str(tmp_path / "db.sqlite3"), pg_cluster.new_database()
    open_store(lite).close()
    open_store(pg).close()
    tables = [t for (t,) in query(lite, "SELECT name FROM sqlite_master WHERE type = 'table'")]
    on_sqlite = {(t, row[1]) for t in tables
                 for row in query(lite, f"PRAGMA table_info({t})")}
    on_pg = set(query(pg, "SELECT table_name, column_name FROM information_schema.columns"
                          " WHERE table_schema = current_schema()"))
    assert on_pg - on_sqlite == {("invitations", "seq")}
    assert on_sqlite == on_pg - {("invitations", "seq")}
    assert {t for t, _ in on_sqlite} >= {"assessments", "deleted", "invitations",
                                         "invitation_settings", "snapshots", "schema_version"}


def test_wal_mode(tmp_path):
    store = SqliteStore(tmp_path / "db.sqlite3")
    with sqlite3.connect(store.path) as db:
        assert db.execute("PRAGMA journal_mode").fetchone()[0] == "wal"


def test_a_database_from_before_the_version_table_is_upgraded(tmp_path):
    """The first release's file (no revision column, no version table) opens and migrates."""
    path = tmp_path / "old.sqlite3"
    with sqlite3.connect(path) as conn:
        conn.execute("CREATE TABLE assessments (token TEXT PRIMARY KEY, data TEXT NOT NULL,"
                     " company TEXT NOT NULL DEFAULT '', created_at TEXT NOT NULL,"
                     " updated_at TEXT NOT NULL)")
        conn.execute("INSERT INTO assessments VALUES"
                     " ('old-token-0123456789', '{}', 'Old', 'x', 'x')")
    store = SqliteStore(path)
    assert store.schema_version() == len(SQLITE_MIGRATIONS)
    assert store.open("old-token-0123456789").revision == 1
    assert store.save("old-token-0123456789", '{"n": 1}', revision=1) == 2
    assert not store.was_deleted("old-token-0123456789")


# What the first invitations release (before numbered migrations) created in its file.
INVITE17_SCHEMA = """
CREATE TABLE assessments (token TEXT PRIMARY KEY, data TEXT NOT NULL,
    company TEXT NOT NULL DEFAULT '', created_at TEXT NOT NULL, updated_at TEXT NOT NULL,
    revision INTEGER NOT NULL DEFAULT 1);
CREATE TABLE deleted (token TEXT PRIMARY KEY, deleted_at TEXT NOT NULL);
CREATE TABLE invitations (token TEXT PRIMARY KEY, assessment TEXT NOT NULL,
    role TEXT NOT NULL, name TEXT NOT NULL DEFAULT '', inviter TEXT NOT NULL DEFAULT '',
    goals TEXT NOT NULL DEFAULT '[]', created_at TEXT NOT NULL, opened_at TEXT,
    answered_at TEXT, revoked_at TEXT, revision INTEGER NOT NULL DEFAULT 1);
CREATE INDEX invitations_by_assessment ON invitations (assessment);
CREATE TABLE invitation_settings (assessment TEXT PRIMARY KEY,
    share_goals INTEGER NOT NULL DEFAULT 0);
INSERT INTO assessments VALUES ('owner-token-0123456789', '{}', 'Acme', 'x', 'x', 3);
INSERT INTO invitations (token, assessment, role, name, goals, created_at, revision)
    VALUES ('invite-token-0123456789', 'owner-token-0123456789', 'sales', 'Anna', '[1]',
            '2026-11-01T10:00:00+00:00', 2);
INSERT INTO invitation_settings VALUES ('owner-token-0123456789', 1);
"""


def test_a_database_of_the_first_invitations_release_is_upgraded(tmp_path):
    """Its tables already exist: migration 2 leaves them and their rows as they are."""
    path = tmp_path / "invite17.sqlite3"
    with sqlite3.connect(path) as conn:
        conn.executescript(INVITE17_SCHEMA)
    store = SqliteStore(path)
    assert store.schema_version() == len(SQLITE_MIGRATIONS)
    [invitation] = store.invitations("owner-token-0123456789")
    assert (invitation.name, invitation.goals, invitation.revision) == ("Anna", "[1]", 2)
    assert store.goals_shared("owner-token-0123456789")
    assert store.save_manager_goals("invite-token-0123456789", "[]", revision=2) == 3


def test_a_version_1_database_gains_the_invitation_tables(db_setting, monkeypatch):
    """A database made before invitations (schema 1) is upgraded in place on either backend."""
    from crmwizard import store_sqlite

    module = store_sqlite
    if db_setting.startswith("postgresql"):
        from crmwizard import store_pg as module
    full = list(module.MIGRATIONS)
    monkeypatch.setattr(module, "MIGRATIONS", full[:1])
    old = open_store(db_setting)
    token = old.create('{"kept": true}')
    assert old.schema_version() == 1
    old.close()
    monkeypatch.setattr(module, "MIGRATIONS", full)
    store = open_store(db_setting)
    assert store.schema_version() == len(full)
    assert store.load(token) == '{"kept": true}'
    invite = store.create_invitation(token, "sales", "Anna")
    assert [i.name for i in store.invitations(token)] == ["Anna"]
    assert store.save_manager_goals(invite, "[]", revision=1) == 2
    store.close()


@pytest.mark.parametrize("setting,expected", [
    ("", None),
    ("/tmp/x.sqlite3", Path("/tmp/x.sqlite3")),
    ("sqlite:////tmp/y.sqlite3", Path("/tmp/y.sqlite3")),
])
def test_db_path_setting(setting, expected, monkeypatch):
    monkeypatch.delenv("CRMWIZARD_DB", raising=False)
    path = db_path(setting)
    assert path == expected if expected else path.name == "crmwizard.sqlite3"


def test_unsupported_database_url_is_a_clear_error():
    with pytest.raises(StoreError, match="CRMWIZARD_DB: mysql databases are not supported"):
        open_store("mysql://u@h/db")


@pytest.mark.parametrize("url", ["postgresql://u@h:notaport/db", "postgresql://u@h/db?x=1"])
def test_a_malformed_postgres_url_is_a_clear_error(url):
    pytest.importorskip("psycopg")
    with pytest.raises(StoreError, match="CRMWIZARD_DB: not a usable postgresql:// URL"):
        open_store(url)


def test_the_sqlite_default_never_imports_the_postgres_driver(tmp_path):
    """A user on the default pays nothing for PostgreSQL: a whole session never imports it."""
    code = textwrap.dedent("""
        import sys
        from streamlit.testing.v1 import AppTest
        at = AppTest.from_file("app.py", default_timeout=60)
        at.query_params["lang"] = "en"
        at.run().switch_page("pages/3_team.py").run()
        at.radio(key="q_team_owner").set_value("named_authority").run()
        assert at.session_state["token"] and not at.exception
        at.switch_page("pages/10_results.py").run()  # snapshots, then the workspace's portfolio
        at.text_input(key="snap_label").set_value("kick-off")
        at.button(key="snap_take").click().run()
        at.session_state["workspace_unlocked"] = True
        at.switch_page("pages/14_workspace.py").run()
        assert len(at.dataframe[0].value) == 1 and not at.exception
        print(sorted(m for m in sys.modules if m.startswith(("psycopg", "crmwizard.store"))))
    """)
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, cwd=ROOT,
                         env={**os.environ, "CRMWIZARD_DB": str(tmp_path / "x.sqlite3"),
                              "CRMWIZARD_CONSULTANT_PASSCODE": "a-long-enough-passcode"},
                         check=True).stdout
    assert out.strip().splitlines()[-1] == "['crmwizard.store', 'crmwizard.store_sqlite']"


WRITER = textwrap.dedent("""
    import sys
    from crmwizard.store import open_store
    store = open_store(sys.argv[1])
    token = store.create('{"n": 0}')
    print(token, flush=True)
    n = 0
    while True:
        n += 1
        store.save(token, '{"n": %d, "pad": "%s"}' % (n, "x" * 2000))
        print(n, flush=True)  # acknowledged: the save returned
""")


@pytest.mark.parametrize("round_", range(3))
def test_sigkill_while_saving_leaves_an_intact_database(db_setting, round_):
    """Killing the saving process mid-write loses nothing that was acknowledged."""
    proc = subprocess.Popen([sys.executable, "-c", WRITER, db_setting], stdout=subprocess.PIPE,
                            text=True, cwd=ROOT)
    token = proc.stdout.readline().strip()
    last = 0
    deadline = time.monotonic() + 0.3 + 0.1 * round_
    while time.monotonic() < deadline:
        last = int(proc.stdout.readline())
    proc.send_signal(signal.SIGKILL)
    proc.wait()
    if not db_setting.startswith("postgresql"):
        with sqlite3.connect(db_setting) as conn:
            assert conn.execute("PRAGMA integrity_check").fetchone()[0] == "ok"
    store = open_store(db_setting)
    saved = json.loads(store.load(token))
    assert saved["n"] >= last > 0 and saved["pad"] == "x" * 2000
    store.close()


@pytest.mark.postgres
def test_a_crash_of_the_database_server_keeps_every_acknowledged_save(tmp_path):
    """PostgreSQL stopped without a checkpoint mid-saves: after WAL replay, the last ack is in."""
    from tests.pg import Cluster

    cluster = Cluster()
    try:
        cluster.start()
        url = cluster.url()
        proc = subprocess.Popen([sys.executable, "-c", WRITER, url], stdout=subprocess.PIPE,
                                stderr=subprocess.DEVNULL, text=True, cwd=ROOT)
        token = proc.stdout.readline().strip()
        last = 0
        deadline = time.monotonic() + 0.5
        while time.monotonic() < deadline:
            last = int(proc.stdout.readline())
        cluster.stop("immediate")  # every backend dies at once, like a power cut of the server
        proc.kill()
        tail = [line for line in proc.stdout.read().split() if line.isdigit()]
        proc.wait()
        last = max([last, *map(int, tail)])  # acknowledged before the server went away
        cluster.start()
        store = open_store(url)
        assert json.loads(store.load(token))["n"] >= last > 0
        store.close()
    finally:
        cluster.destroy()
