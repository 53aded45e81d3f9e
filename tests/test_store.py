"""Saved assessments: tokens, real deletion, crash safety, settings."""

import json
import signal
import sqlite3
import subprocess
import sys
import textwrap
import time
from pathlib import Path

import pytest

from crmwizard.store import Store, StoreError, db_path


@pytest.fixture
def store(tmp_path: Path) -> Store:
    return Store(tmp_path / "db.sqlite3")


def test_create_load_save_delete(store):
    """The whole interface round-trips, and deletion really removes the row."""
    token = store.create('{"a": 1}', "Acme")
    assert len(token) >= 22  # ≥128 bits in URL-safe base64
    assert store.load(token) == '{"a": 1}'
    assert store.save(token, '{"a": 2}', "Acme")
    assert store.load(token) == '{"a": 2}'
    assert [r.company for r in store.list()] == ["Acme"]
    assert store.delete(token)
    assert store.load(token) is None
    with sqlite3.connect(store.path) as db:
        assert db.execute("SELECT count(*) FROM assessments").fetchone()[0] == 0
    assert not store.delete(token)


def test_tokens_are_unguessable_and_isolated(store):
    """Two assessments get different tokens; a made-up token finds nothing."""
    a, b = store.create("{}"), store.create("{}")
    assert a != b
    assert store.load("made-up-token") is None
    assert not store.save("made-up-token", "{}")


def test_wal_mode(store):
    with sqlite3.connect(store.path) as db:
        assert db.execute("PRAGMA journal_mode").fetchone()[0] == "wal"


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
    with pytest.raises(StoreError, match="CRMWIZARD_DB: postgresql"):
        db_path("postgresql://u@h/db")


WRITER = textwrap.dedent("""
    import sys
    from pathlib import Path
    from crmwizard.store import Store
    store = Store(Path(sys.argv[1]))
    token = store.create('{"n": 0}')
    print(token, flush=True)
    n = 0
    while True:
        n += 1
        store.save(token, '{"n": %d, "pad": "%s"}' % (n, "x" * 2000))
        print(n, flush=True)  # acknowledged: the save returned
""")


@pytest.mark.parametrize("round_", range(3))
def test_sigkill_while_saving_leaves_an_intact_database(tmp_path, round_):
    """Killing the saving process mid-write loses nothing that was acknowledged."""
    db = tmp_path / "crash.sqlite3"
    root = Path(__file__).resolve().parent.parent
    proc = subprocess.Popen([sys.executable, "-c", WRITER, str(db)], stdout=subprocess.PIPE,
                            text=True, cwd=root)
    token = proc.stdout.readline().strip()
    last = 0
    deadline = time.monotonic() + 0.3 + 0.1 * round_
    while time.monotonic() < deadline:
        last = int(proc.stdout.readline())
    proc.send_signal(signal.SIGKILL)
    proc.wait()
    with sqlite3.connect(db) as conn:
        assert conn.execute("PRAGMA integrity_check").fetchone()[0] == "ok"
    saved = Store(db).load(token)
    assert json.loads(saved)["n"] >= last > 0
