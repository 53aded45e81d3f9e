"""Saved assessments behind unguessable tokens: the interface, and the backend a setting names.

Two backends keep the same promises (store_sqlite.py, the default; store_pg.py for several app
servers on one PostgreSQL): whole-document last-write-wins, nothing half-written, a revision
per save for two-tab conflicts, deleted tokens remembered, and a schema created or upgraded at
start through numbered migrations recorded in a `schema_version` table.
"""

from __future__ import annotations

import datetime as dt
import json
import os
import re
import secrets
from dataclasses import dataclass
from pathlib import Path
from typing import Protocol

DEFAULT_DB = Path(__file__).resolve().parent.parent / "data" / "crmwizard.sqlite3"
TOKEN_BYTES = 24  # 192 bits: nobody guesses another's link
# What secrets.token_urlsafe makes; anything else in a link finds nothing, without a query.
TOKEN_SHAPE = re.compile(r"[A-Za-z0-9_-]{16,64}")
POSTGRES_SCHEMES = ("postgresql://", "postgres://")
MAX_SNAPSHOTS = 50  # per assessment: a monthly snapshot for four years
MAX_LABEL = 80


class StoreError(Exception):
    """The database setting or the database itself cannot be used."""


class StoreUnavailable(StoreError):
    """The database cannot be reached just now (server down, network, timeout): try again."""


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
class Invitation:
    """One invitation of a manager to an assessment, with the goals they entered (JSON)."""

    token: str
    role: str
    name: str
    inviter: str
    goals: str
    created_at: str
    opened_at: str | None
    answered_at: str | None
    revoked_at: str | None
    revision: int


@dataclass(frozen=True)
class Invited:
    """What a manager's link opens: their invitation and the little they may see beside it."""

    invitation: Invitation
    company: str
    language: str
    others: tuple[Invitation, ...]  # the other managers, only when the owner shares goals


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


class Store(Protocol):
    """create, load/open, save, delete, was_deleted, list: the whole interface.

    Every assessment carries a revision, 1 when created and one more on every save. A save
    that names the revision it was based on is refused (StaleRevision) if another save came
    in between; a deleted token is remembered and never written again. Any method may raise
    StoreUnavailable when the database cannot be reached; nothing is written then.

    Invitations (create_invitation, invitations, open_invitation, mark_opened,
    save_manager_goals, revoke_invitation, share_goals/goals_shared) live in their own rows
    with their own tokens and revisions; deleting an assessment deletes them too.

    Snapshots (snapshot, snapshots, snapshot_data, snapshot_counts) are frozen copies of the
    saved assessment, numbered per token, at most MAX_SNAPSHOTS each, labels cut to
    MAX_LABEL characters; deleting an assessment deletes them too.
    """

    def create(self, data: str, company: str = "") -> str: ...

    def load(self, token: str) -> str | None: ...

    def open(self, token: str) -> Loaded | None: ...

    def save(self, token: str, data: str, company: str = "", revision: int | None = None
             ) -> int: ...

    def delete(self, token: str) -> bool: ...

    def was_deleted(self, token: str) -> bool: ...

    def list(self, with_data: bool = True) -> list[Saved]: ...

    def create_invitation(self, assessment: str, role: str, name: str = "",
                          inviter: str = "") -> str | None: ...

    def invitations(self, assessment: str) -> list[Invitation]: ...

    def open_invitation(self, token: str) -> Invited | None: ...

    def mark_opened(self, token: str) -> None: ...

    def save_manager_goals(self, token: str, goals: str, revision: int | None = None
                           ) -> int: ...

    def revoke_invitation(self, assessment: str, token: str) -> bool: ...

    def share_goals(self, assessment: str, shared: bool) -> None: ...

    def goals_shared(self, assessment: str) -> bool: ...

    def snapshot(self, token: str, label: str) -> Snapshot | None: ...

    def snapshots(self, token: str) -> list[Snapshot]: ...

    def snapshot_data(self, token: str, n: int) -> str | None: ...

    def snapshot_counts(self) -> dict[str, int]: ...

    def schema_version(self) -> int: ...

    def close(self) -> None: ...


def new_token() -> str:
    return secrets.token_urlsafe(TOKEN_BYTES)


def valid_token(token: object) -> bool:
    return isinstance(token, str) and TOKEN_SHAPE.fullmatch(token) is not None


def now() -> str:
    """The time stamp both backends write: UTC, to the second, ISO 8601."""
    return dt.datetime.now(dt.UTC).isoformat(timespec="seconds")


def language_of(data: str) -> str:
    """The language an assessment's JSON names (the manager's screen opens in it)."""
    try:
        found = json.loads(data).get("language")
    except (ValueError, AttributeError):
        found = None
    return found if found in ("ru", "en") else "ru"


def setting_value(setting: str | None = None) -> str:
    return setting or os.environ.get("CRMWIZARD_DB") or ""


def is_postgres(setting: str | None = None) -> bool:
    return setting_value(setting).startswith(POSTGRES_SCHEMES)


def db_path(setting: str | None = None) -> Path:
    """The SQLite file from a setting (a path or a sqlite:/// URL), else the default."""
    setting = setting_value(setting)
    if not setting:
        return DEFAULT_DB
    if setting.startswith("sqlite:///"):
        return Path(setting.removeprefix("sqlite:///"))
    if "://" in setting:
        scheme = setting.split("://", 1)[0]
        raise StoreError(f"CRMWIZARD_DB: {scheme} databases are not supported; use a file path,"
                         " sqlite:///path or postgresql://user:password@host:port/database")
    return Path(setting)


def open_store(setting: str | None = None) -> Store:
    """The store a setting names; PostgreSQL's driver is imported only for a postgresql:// URL."""
    if is_postgres(setting):
        from crmwizard.store_pg import PgStore

        return PgStore(setting_value(setting))
    from crmwizard.store_sqlite import SqliteStore

    return SqliteStore(db_path(setting))
