"""Saved assessments in SQLite, each behind an unguessable token."""

from __future__ import annotations

import datetime as dt
import os
import secrets
import sqlite3
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from pathlib import Path

DEFAULT_DB = Path(__file__).resolve().parent.parent / "data" / "crmwizard.sqlite3"
TOKEN_BYTES = 24  # 192 bits: nobody guesses another's link

SCHEMA = """
CREATE TABLE IF NOT EXISTS assessments (
    token      TEXT PRIMARY KEY,
    data       TEXT NOT NULL,
    company    TEXT NOT NULL DEFAULT '',
    created_at TEXT NOT NULL,
    updated_at TEXT NOT NULL
)
"""


class StoreError(Exception):
    """The database setting or the database itself cannot be used."""


@dataclass(frozen=True)
class Saved:
    """One row of the workspace list."""

    token: str
    company: str
    created_at: str
    updated_at: str
    data: str


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
    """create, load, save, delete, list: the whole interface."""

    def __init__(self, path: Path):
        self.path = path
        try:
            path.parent.mkdir(parents=True, exist_ok=True)
            with self._connect() as db:
                db.execute("PRAGMA journal_mode=WAL")
                db.execute(SCHEMA)
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
        with self._connect() as db:
            row = db.execute("SELECT data FROM assessments WHERE token = ?", (token,)).fetchone()
        return row[0] if row else None

    def save(self, token: str, data: str, company: str = "") -> bool:
        """Replaces the saved assessment (last write wins); False if the token is gone."""
        with self._connect() as db:
            cur = db.execute(
                "UPDATE assessments SET data = ?, company = ?, updated_at = ? WHERE token = ?",
                (data, company, _now(), token),
            )
        return cur.rowcount == 1

    def delete(self, token: str) -> bool:
        """Removes the row for real; True when there was one."""
        with self._connect() as db:
            cur = db.execute("DELETE FROM assessments WHERE token = ?", (token,))
        return cur.rowcount == 1

    def list(self) -> list[Saved]:
        """Every saved assessment, most recently changed first (workspace only)."""
        with self._connect() as db:
            rows = db.execute(
                "SELECT token, company, created_at, updated_at, data FROM assessments"
                " ORDER BY updated_at DESC, rowid DESC"
            ).fetchall()
        return [Saved(*row) for row in rows]
