"""The default store: one SQLite file, WAL mode, every save on disk before it returns."""

from __future__ import annotations

import sqlite3
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path

from crmwizard.store import (
    MAX_LABEL,
    MAX_SNAPSHOTS,
    Invitation,
    Invited,
    Loaded,
    Saved,
    Snapshot,
    StaleRevision,
    StoreError,
    TooManySnapshots,
    language_of,
    new_token,
    now,
    valid_token,
)

# Migration N (1-based) takes the schema from version N-1 to N; store_pg.py keeps the same
# numbering, so one version number means the same tables in both backends.
MIGRATIONS: list[str] = [
    """
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
    """,
    # IF NOT EXISTS: databases made by the first invitations release have these already.
    """
    -- One row per invitation: a manager's save writes only its own row, never the assessment.
    CREATE TABLE IF NOT EXISTS invitations (
        token       TEXT PRIMARY KEY,
        assessment  TEXT NOT NULL,
        role        TEXT NOT NULL,
        name        TEXT NOT NULL DEFAULT '',
        inviter     TEXT NOT NULL DEFAULT '',
        goals       TEXT NOT NULL DEFAULT '[]',
        created_at  TEXT NOT NULL,
        opened_at   TEXT,
        answered_at TEXT,
        revoked_at  TEXT,
        revision    INTEGER NOT NULL DEFAULT 1
    );
    CREATE INDEX IF NOT EXISTS invitations_by_assessment ON invitations (assessment);
    -- Per assessment: whether managers see each other's goals (no row: they do not).
    CREATE TABLE IF NOT EXISTS invitation_settings (
        assessment  TEXT PRIMARY KEY,
        share_goals INTEGER NOT NULL DEFAULT 0
    );
    """,
    # IF NOT EXISTS: databases made by the first snapshots release have this already.
    # (No semicolon inside these comments: the migration is split on it.)
    """
    -- Frozen copies of an assessment, numbered 1, 2, ... per token, deleted with it.
    CREATE TABLE IF NOT EXISTS snapshots (
        token    TEXT NOT NULL,
        n        INTEGER NOT NULL,
        label    TEXT NOT NULL,
        taken_at TEXT NOT NULL,
        data     TEXT NOT NULL,
        PRIMARY KEY (token, n)
    );
    """,
]

INVITATION_COLUMNS = ("token, role, name, inviter, goals, created_at, opened_at, answered_at,"
                      " revoked_at, revision")


class SqliteStore:
    """The Store interface (store.py) on a SQLite file."""

    def __init__(self, path: Path):
        self.path = path
        try:
            path.parent.mkdir(parents=True, exist_ok=True)
            with self._connect() as db:
                db.execute("PRAGMA journal_mode=WAL")
            self._migrate()
        except (OSError, sqlite3.Error) as e:
            raise StoreError(f"CRMWIZARD_DB: cannot open {path}: {e}") from None

    def close(self) -> None:
        """Nothing to close: every call opens and closes its own connection."""

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

    def _migrate(self) -> None:
        with self._connect() as db:
            db.execute("BEGIN IMMEDIATE")  # two servers starting at once migrate one at a time
            db.execute("CREATE TABLE IF NOT EXISTS schema_version (version INTEGER NOT NULL)")
            row = db.execute("SELECT max(version) FROM schema_version").fetchone()
            version = row[0] if row[0] is not None else _unversioned(db)
            if version > len(MIGRATIONS):
                raise StoreError(f"schema version {version} is newer than this release knows"
                                 f" ({len(MIGRATIONS)}); upgrade the app")
            for number in range(version + 1, len(MIGRATIONS) + 1):
                for statement in MIGRATIONS[number - 1].split(";"):
                    if statement.strip():
                        db.execute(statement)
            if version < len(MIGRATIONS) or row[0] is None:
                db.execute("DELETE FROM schema_version")
                db.execute("INSERT INTO schema_version (version) VALUES (?)",
                           (len(MIGRATIONS),))

    def schema_version(self) -> int:
        with self._connect() as db:
            return db.execute("SELECT max(version) FROM schema_version").fetchone()[0]

    def create(self, data: str, company: str = "") -> str:
        """Saves a new assessment and returns its token."""
        token = new_token()
        stamp = now()
        with self._connect() as db:
            db.execute(
                "INSERT INTO assessments (token, data, company, created_at, updated_at)"
                " VALUES (?, ?, ?, ?, ?)",
                (token, data, company, stamp, stamp),
            )
        return token

    def load(self, token: str) -> str | None:
        """The saved JSON of an assessment, or None when there is no such token."""
        found = self.open(token)
        return found.data if found else None

    def open(self, token: str) -> Loaded | None:
        """The saved JSON and its revision, or None when there is no such token."""
        if not valid_token(token):
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
        if not valid_token(token):
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
                (data, company, now(), token),
            )
        return row[0] + 1

    def delete(self, token: str) -> bool:
        """Removes the row for real and remembers the token; True when there was a row."""
        if not valid_token(token):
            return False
        with self._connect() as db:
            db.execute("DELETE FROM invitations WHERE assessment = ?", (token,))
            db.execute("DELETE FROM invitation_settings WHERE assessment = ?", (token,))
            db.execute("DELETE FROM snapshots WHERE token = ?", (token,))
            cur = db.execute("DELETE FROM assessments WHERE token = ?", (token,))
            if cur.rowcount:
                db.execute("INSERT OR REPLACE INTO deleted (token, deleted_at) VALUES (?, ?)",
                           (token, now()))
        return cur.rowcount == 1

    def was_deleted(self, token: str) -> bool:
        """True when this token's assessment existed and was deleted."""
        if not valid_token(token):
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

    # --- invitations ---------------------------------------------------------------------

    def create_invitation(self, assessment: str, role: str, name: str = "",
                          inviter: str = "") -> str | None:
        """A new invitation to a saved assessment and its token; None if there is no such one."""
        if not valid_token(assessment):
            return None
        token = new_token()
        with self._connect() as db:
            if db.execute("SELECT 1 FROM assessments WHERE token = ?",
                          (assessment,)).fetchone() is None:
                return None
            db.execute("INSERT INTO invitations (token, assessment, role, name, inviter,"
                       " created_at) VALUES (?, ?, ?, ?, ?, ?)",
                       (token, assessment, role, name, inviter, now()))
        return token

    def invitations(self, assessment: str) -> list[Invitation]:
        """Every invitation of an assessment, revoked ones too, oldest first."""
        if not valid_token(assessment):
            return []
        with self._connect() as db:
            rows = db.execute(f"SELECT {INVITATION_COLUMNS} FROM invitations"
                              " WHERE assessment = ? ORDER BY created_at, rowid",
                              (assessment,)).fetchall()
        return [Invitation(*row) for row in rows]

    def open_invitation(self, token: str) -> Invited | None:
        """What an invitation's link may show; None when the token is unknown.

        A revoked invitation is returned with `revoked_at` set and nothing beside it.
        """
        if not valid_token(token):
            return None
        with self._connect() as db:
            row = db.execute(f"SELECT {INVITATION_COLUMNS}, assessment FROM invitations"
                             " WHERE token = ?", (token,)).fetchone()
            if row is None:
                return None
            invitation, assessment = Invitation(*row[:-1]), row[-1]
            found = db.execute("SELECT company, data FROM assessments WHERE token = ?",
                               (assessment,)).fetchone()
            if found is None:
                return None
            if invitation.revoked_at:  # the language to say so in, nothing else
                return Invited(invitation, "", language_of(found[1]), ())
            shared = db.execute("SELECT share_goals FROM invitation_settings"
                                " WHERE assessment = ?", (assessment,)).fetchone()
            others = db.execute(f"SELECT {INVITATION_COLUMNS} FROM invitations"
                                " WHERE assessment = ? AND token <> ? AND revoked_at IS NULL"
                                " ORDER BY created_at, rowid", (assessment, token)
                                ).fetchall() if shared and shared[0] else []
        return Invited(invitation, found[0], language_of(found[1]),
                       tuple(Invitation(*r) for r in others))

    def mark_opened(self, token: str) -> None:
        """Notes the first time an invitation's link was opened."""
        if valid_token(token):
            with self._connect() as db:
                db.execute("UPDATE invitations SET opened_at = ? WHERE token = ?"
                           " AND opened_at IS NULL AND revoked_at IS NULL", (now(), token))

    def save_manager_goals(self, token: str, goals: str, revision: int | None = None) -> int:
        """Replaces one invitation's goals (JSON); the new revision, 0 if unknown or revoked.

        Only this invitation's row is written: the owner's answers and other managers'
        goals cannot be touched. With `revision`, raises StaleRevision like save().
        """
        if not valid_token(token):
            return 0
        with self._connect() as db:
            db.execute("BEGIN IMMEDIATE")
            row = db.execute("SELECT revision FROM invitations WHERE token = ?"
                             " AND revoked_at IS NULL", (token,)).fetchone()
            if row is None:
                return 0
            if revision is not None and row[0] != revision:
                raise StaleRevision(token, revision, row[0])
            stamp = now()
            db.execute("UPDATE invitations SET goals = ?, answered_at = ?,"
                       " opened_at = COALESCE(opened_at, ?), revision = revision + 1"
                       " WHERE token = ?", (goals, stamp, stamp, token))
        return row[0] + 1

    def revoke_invitation(self, assessment: str, token: str) -> bool:
        """Closes an invitation of this assessment for good; its goals stay with the owner."""
        if not (valid_token(assessment) and valid_token(token)):
            return False
        with self._connect() as db:
            cur = db.execute("UPDATE invitations SET revoked_at = ? WHERE token = ?"
                             " AND assessment = ? AND revoked_at IS NULL",
                             (now(), token, assessment))
        return cur.rowcount == 1

    def share_goals(self, assessment: str, shared: bool) -> None:
        """Whether the managers of an assessment see each other's goals."""
        if valid_token(assessment):
            with self._connect() as db:
                db.execute("INSERT OR REPLACE INTO invitation_settings (assessment, share_goals)"
                           " VALUES (?, ?)", (assessment, int(shared)))

    def goals_shared(self, assessment: str) -> bool:
        """True when the owner lets the managers see each other's goals."""
        if not valid_token(assessment):
            return False
        with self._connect() as db:
            row = db.execute("SELECT share_goals FROM invitation_settings WHERE assessment = ?",
                             (assessment,)).fetchone()
        return bool(row and row[0])

    # --- snapshots -----------------------------------------------------------------------

    def snapshot(self, token: str, label: str) -> Snapshot | None:
        """Freezes the saved assessment as it is on disk now; None when there is no such token.

        Raises TooManySnapshots at MAX_SNAPSHOTS; the label is cut to MAX_LABEL characters.
        """
        if not valid_token(token):
            return None
        label, stamp = label[:MAX_LABEL], now()
        with self._connect() as db:
            db.execute("BEGIN IMMEDIATE")  # the count and the insert as one step
            if db.execute("SELECT 1 FROM assessments WHERE token = ?", (token,)).fetchone() \
                    is None:
                return None
            count, last = db.execute("SELECT COUNT(*), COALESCE(MAX(n), 0) FROM snapshots"
                                     " WHERE token = ?", (token,)).fetchone()
            if count >= MAX_SNAPSHOTS:
                raise TooManySnapshots(token)
            db.execute("INSERT INTO snapshots (token, n, label, taken_at, data)"
                       " SELECT token, ?, ?, ?, data FROM assessments WHERE token = ?",
                       (last + 1, label, stamp, token))
        return Snapshot(last + 1, label, stamp)

    def snapshots(self, token: str) -> list[Snapshot]:
        """The snapshots of one assessment, the latest first."""
        if not valid_token(token):
            return []
        with self._connect() as db:
            rows = db.execute("SELECT n, label, taken_at FROM snapshots WHERE token = ?"
                              " ORDER BY n DESC", (token,)).fetchall()
        return [Snapshot(*row) for row in rows]

    def snapshot_data(self, token: str, n: int) -> str | None:
        """The JSON frozen in one snapshot of this assessment, or None."""
        if not valid_token(token):
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


def _unversioned(db: sqlite3.Connection) -> int:
    """The version of a database made before schema_version existed (0 when it is new)."""
    tables = {r[0] for r in db.execute("SELECT name FROM sqlite_master WHERE type = 'table'")}
    if "assessments" not in tables:
        return 0
    columns = {row[1] for row in db.execute("PRAGMA table_info(assessments)")}
    if "revision" not in columns:  # made before revisions existed
        db.execute("ALTER TABLE assessments ADD COLUMN revision INTEGER NOT NULL DEFAULT 1")
    db.execute("CREATE TABLE IF NOT EXISTS deleted (token TEXT PRIMARY KEY,"
               " deleted_at TEXT NOT NULL)")
    return 1
