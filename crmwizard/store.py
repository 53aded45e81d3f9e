"""Saved assessments in SQLite, each behind an unguessable token."""

from __future__ import annotations

import datetime as dt
import os
import re
import secrets
import sqlite3
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from pathlib import Path

DEFAULT_DB = Path(__file__).resolve().parent.parent / "data" / "crmwizard.sqlite3"
TOKEN_BYTES = 24  # 192 bits: nobody guesses another's link
# What secrets.token_urlsafe makes; anything else in a link finds nothing, without a query.
TOKEN_SHAPE = re.compile(r"[A-Za-z0-9_-]{16,64}")

SCHEMA = """
CREATE TABLE IF NOT EXISTS assessments (
    token      TEXT PRIMARY KEY,
    data       TEXT NOT NULL,
    company    TEXT NOT NULL DEFAULT '',
    created_at TEXT NOT NULL,
    updated_at TEXT NOT NULL,
    revision   INTEGER NOT NULL DEFAULT 1
);
-- A deleted assessment leaves only its token and the time: a stale tab cannot bring it back.
CREATE TABLE IF NOT EXISTS deleted (
    token      TEXT PRIMARY KEY,
    deleted_at TEXT NOT NULL
);
-- Frozen copies of an assessment, numbered 1, 2, ... per token; deleted with it.
CREATE TABLE IF NOT EXISTS snapshots (
    token    TEXT NOT NULL,
    n        INTEGER NOT NULL,
    label    TEXT NOT NULL,
    taken_at TEXT NOT NULL,
    data     TEXT NOT NULL,
    PRIMARY KEY (token, n)
);
"""
MAX_SNAPSHOTS = 50  # per assessment: a monthly snapshot for four years
MAX_LABEL = 80


class StoreError(Exception):
    """The database setting or the database itself cannot be used."""


class StaleRevision(Exception):
    """A save was based on an older revision than the saved one (another tab saved since)."""

    def __init__(self, token: str, expected: int, current: int):
        super().__init__(f"revision {expected} is stale, the saved one is {current}")
        self.token, self.expected, self.current = token, expected, current


@dataclass(frozen=True)
class Loaded:
    """A saved assessment's JSON and the revision it is at."""

    data: str
    revision: int


@dataclass(frozen=True)
class Snapshot:
    """One frozen copy of an assessment: its number, name and when it was taken (UTC)."""

    n: int
    label: str
    taken_at: str


class TooManySnapshots(Exception):
    """The assessment already has MAX_SNAPSHOTS snapshots."""


@dataclass(frozen=True)
class Saved:
    """One row of the workspace list."""

    token: str
    company: str
    created_at: str
    updated_at: str
    data: str  # "" from list(with_data=False)
    revision: int = 0


def db_path(setting: str | None = None) -> Path:
    """The SQLite file from a setting (a path or a sqlite:/// URL), else the default."""
    setting = setting or os.environ.get("CRMWIZARD_DB") or ""
    if not setting:
        return DEFAULT_DB
    if setting.startswith("sqlite:///"):
        return Path(setting.removeprefix("sqlite:///"))
    if "://" in setting:
        scheme = setting.split("://", 1)[0]
        raise StoreError(f"CRMWIZARD_DB: {scheme} databases are not supported yet; use a file path")
    return Path(setting)


def _now() -> str:
    return dt.datetime.now(dt.UTC).isoformat(timespec="seconds")


class Store:
    """create, load/open, save, delete, was_deleted, list: the whole interface.

    Every assessment carries a revision, 1 when created and one more on every save. A save
    that names the revision it was based on is refused (StaleRevision) if another save came
    in between; a deleted token is remembered and never written again.
    """

    def __init__(self, path: Path):
        self.path = path
        try:
            path.parent.mkdir(parents=True, exist_ok=True)
            with self._connect() as db:
                db.execute("PRAGMA journal_mode=WAL")
                db.executescript(SCHEMA)
                columns = {row[1] for row in db.execute("PRAGMA table_info(assessments)")}
                if "revision" not in columns:  # a database made before revisions existed
                    db.execute("ALTER TABLE assessments ADD COLUMN revision INTEGER NOT NULL"
                               " DEFAULT 1")
        except (OSError, sqlite3.Error) as e:
            raise StoreError(f"CRMWIZARD_DB: cannot open {path}: {e}") from None

    @contextmanager
    def _connect(self) -> Iterator[sqlite3.Connection]:
        db = sqlite3.connect(self.path, timeout=10)
        try:
            # FULL: a save that returned is on disk, whatever happens to the process next.
            db.execute("PRAGMA synchronous=FULL")
            with db:
                yield db
        finally:
            db.close()

    def create(self, data: str, company: str = "") -> str:
        """Saves a new assessment and returns its token."""
        token = secrets.token_urlsafe(TOKEN_BYTES)
        now = _now()
        with self._connect() as db:
            db.execute(
                "INSERT INTO assessments (token, data, company, created_at, updated_at)"
                " VALUES (?, ?, ?, ?, ?)",
                (token, data, company, now, now),
            )
        return token

    def load(self, token: str) -> str | None:
        """The saved JSON of an assessment, or None when there is no such token."""
        found = self.open(token)
        return found.data if found else None

    def open(self, token: str) -> Loaded | None:
        """The saved JSON and its revision, or None when there is no such token."""
        if not TOKEN_SHAPE.fullmatch(token):
            return None
        with self._connect() as db:
            row = db.execute("SELECT data, revision FROM assessments WHERE token = ?",
                             (token,)).fetchone()
        return Loaded(*row) if row else None

    def save(self, token: str, data: str, company: str = "", revision: int | None = None
             ) -> int:
        """Replaces the saved assessment and returns its new revision; 0 if the token is gone.

        With `revision` (the one the change was based on), raises StaleRevision when the
        saved assessment has moved on; without it, the last write wins.
        """
        if not TOKEN_SHAPE.fullmatch(token):
            return 0
        with self._connect() as db:
            db.execute("BEGIN IMMEDIATE")  # read and write the revision as one step
            row = db.execute("SELECT revision FROM assessments WHERE token = ?",
                             (token,)).fetchone()
            if row is None:
                return 0
            if revision is not None and row[0] != revision:
                raise StaleRevision(token, revision, row[0])
            db.execute(
                "UPDATE assessments SET data = ?, company = ?, updated_at = ?,"
                " revision = revision + 1 WHERE token = ?",
                (data, company, _now(), token),
            )
        return row[0] + 1

    def delete(self, token: str) -> bool:
        """Removes the row for real and remembers the token; True when there was a row."""
        if not TOKEN_SHAPE.fullmatch(token):
            return False
        with self._connect() as db:
            db.execute("DELETE FROM snapshots WHERE token = ?", (token,))
            cur = db.execute("DELETE FROM assessments WHERE token = ?", (token,))
            if cur.rowcount:
                db.execute("INSERT OR REPLACE INTO deleted (token, deleted_at) VALUES (?, ?)",
                           (token, _now()))
        return cur.rowcount == 1

    def was_deleted(self, token: str) -> bool:
        """True when this token's assessment existed and was deleted."""
        if not TOKEN_SHAPE.fullmatch(token):
            return False
        with self._connect() as db:
            return db.execute("SELECT 1 FROM deleted WHERE token = ?", (token,)).fetchone() \
                is not None

    def list(self, with_data: bool = True) -> list[Saved]:
        """Every saved assessment, most recently changed first (workspace only).

        Without data the list of 500 assessments is read in a tenth of the time.
        """
        data = "data" if with_data else "''"
        with self._connect() as db:
            rows = db.execute(
                f"SELECT token, company, created_at, updated_at, {data}, revision"
                " FROM assessments ORDER BY updated_at DESC, rowid DESC"
            ).fetchall()
        return [Saved(*row) for row in rows]

    def snapshot(self, token: str, label: str) -> Snapshot | None:
        """Freezes the saved assessment as it is on disk now; None when there is no such token.

        Raises TooManySnapshots at MAX_SNAPSHOTS; the label is cut to MAX_LABEL characters.
        """
        if not TOKEN_SHAPE.fullmatch(token):
            return None
        label, now = label[:MAX_LABEL], _now()
        with self._connect() as db:
            db.execute("BEGIN IMMEDIATE")  # the count and the insert as one step
            if db.execute("SELECT 1 FROM assessments WHERE token = ?", (token,)).fetchone() \
                    is None:
                return None
            n = db.execute("SELECT COUNT(*), COALESCE(MAX(n), 0) FROM snapshots"
                           " WHERE token = ?", (token,)).fetchone()
            if n[0] >= MAX_SNAPSHOTS:
                raise TooManySnapshots(token)
            db.execute("INSERT INTO snapshots (token, n, label, taken_at, data)"
                       " SELECT token, ?, ?, ?, data FROM assessments WHERE token = ?",
                       (n[1] + 1, label, now, token))
        return Snapshot(n[1] + 1, label, now)

    def snapshots(self, token: str) -> list[Snapshot]:
        """The snapshots of one assessment, the latest first."""
        if not TOKEN_SHAPE.fullmatch(token):
            return []
        with self._connect() as db:
            rows = db.execute("SELECT n, label, taken_at FROM snapshots WHERE token = ?"
                              " ORDER BY n DESC", (token,)).fetchall()
        return [Snapshot(*row) for row in rows]

    def snapshot_data(self, token: str, n: int) -> str | None:
        """The JSON frozen in one snapshot of this assessment, or None."""
        if not TOKEN_SHAPE.fullmatch(token):
            return None
        with self._connect() as db:
            row = db.execute("SELECT data FROM snapshots WHERE token = ? AND n = ?",
                             (token, n)).fetchone()
        return row[0] if row else None

    def snapshot_counts(self) -> dict[str, int]:
        """How many snapshots each assessment has (workspace only)."""
        with self._connect() as db:
            rows = db.execute("SELECT token, COUNT(*) FROM snapshots GROUP BY token").fetchall()
        return dict(rows)
