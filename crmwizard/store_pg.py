"""The shared store: PostgreSQL through psycopg 3 and its pool, for several app servers at once.

Imported only when CRMWIZARD_DB is a postgresql:// URL, so the SQLite default never loads
the driver. One pool per server process; every method is one short transaction.
"""

from __future__ import annotations

import datetime as dt
import logging
import threading
from collections.abc import Iterator
from contextlib import contextmanager

import psycopg
import psycopg_pool
from psycopg.conninfo import conninfo_to_dict

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
    StoreUnavailable,
    TooManySnapshots,
    language_of,
    new_token,
    valid_token,
)

log = logging.getLogger("crmwizard")

# Per server process. Streamlit runs one script thread per active rerun and every store call
# is a single short transaction, so a few connections serve many sessions; ten leaves room on
# PostgreSQL's default max_connections (100) for several replicas plus maintenance.
POOL_MIN, POOL_MAX = 1, 10
WAIT_S = 5  # for a free pooled connection (or a new one) before the save counts as failed
# How long the pool keeps retrying a lost connection in the background, its waits doubling
# from 1 s. Short on purpose: once it gives up, the next request starts a new attempt at once,
# so a database that is back is reached by the next change; with psycopg_pool's default
# (5 minutes) the next attempt could be due well after WAIT_S and that change failed too.
RECONNECT_S = 3
CONNECT_S = 5  # connect_timeout of one connection attempt
# Per statement, and for a session left inside a transaction: nothing holds a lock for long.
OPTIONS = "-c statement_timeout=10000 -c idle_in_transaction_session_timeout=30000"
LOCK_KEY = 0x63726D77  # pg_advisory_xact_lock: replicas starting at once migrate one at a time

# Migration N (1-based) takes the schema from version N-1 to N, the same numbering as in
# store_sqlite.py. PostgreSQL runs DDL inside the transaction: a failed upgrade changes nothing.
MIGRATIONS: list[list[str]] = [
    [
        """CREATE TABLE assessments (
            token      TEXT PRIMARY KEY,
            data       TEXT NOT NULL,
            company    TEXT NOT NULL DEFAULT '',
            created_at TIMESTAMPTZ NOT NULL DEFAULT clock_timestamp(),
            updated_at TIMESTAMPTZ NOT NULL DEFAULT clock_timestamp(),
            revision   INTEGER NOT NULL DEFAULT 1
        )""",
        "CREATE INDEX assessments_updated ON assessments (updated_at DESC)",
        # A deleted assessment leaves only its token and the time: a stale tab cannot bring
        # it back.
        """CREATE TABLE deleted (
            token      TEXT PRIMARY KEY,
            deleted_at TIMESTAMPTZ NOT NULL DEFAULT clock_timestamp()
        )""",
    ],
    [
        # One row per invitation: a manager's save writes only its own row, never the
        # assessment. seq orders invitations made within the same microsecond.
        """CREATE TABLE IF NOT EXISTS invitations (
            token       TEXT PRIMARY KEY,
            seq         BIGINT GENERATED ALWAYS AS IDENTITY,
            assessment  TEXT NOT NULL,
            role        TEXT NOT NULL,
            name        TEXT NOT NULL DEFAULT '',
            inviter     TEXT NOT NULL DEFAULT '',
            goals       TEXT NOT NULL DEFAULT '[]',
            created_at  TIMESTAMPTZ NOT NULL DEFAULT clock_timestamp(),
            opened_at   TIMESTAMPTZ,
            answered_at TIMESTAMPTZ,
            revoked_at  TIMESTAMPTZ,
            revision    INTEGER NOT NULL DEFAULT 1
        )""",
        "CREATE INDEX IF NOT EXISTS invitations_by_assessment ON invitations (assessment)",
        # Per assessment: whether managers see each other's goals (no row: they do not).
        """CREATE TABLE IF NOT EXISTS invitation_settings (
            assessment  TEXT PRIMARY KEY,
            share_goals BOOLEAN NOT NULL DEFAULT false
        )""",
    ],
    [
        # Frozen copies of an assessment, numbered 1, 2, ... per token; deleted with it.
        """CREATE TABLE IF NOT EXISTS snapshots (
            token    TEXT NOT NULL,
            n        INTEGER NOT NULL,
            label    TEXT NOT NULL,
            taken_at TIMESTAMPTZ NOT NULL DEFAULT clock_timestamp(),
            data     TEXT NOT NULL,
            PRIMARY KEY (token, n)
        )""",
    ],
]

INVITATION_COLUMNS = ("token, role, name, inviter, goals, created_at, opened_at, answered_at,"
                      " revoked_at, revision")


def _text(value: str) -> str:
    """PostgreSQL's text cannot hold NUL; the company column is only the list's label."""
    return value.replace("\x00", "")


def _stamp(value: dt.datetime) -> str:
    """The database server's time in the SQLite store's format (UTC, seconds, ISO 8601)."""
    return value.astimezone(dt.UTC).isoformat(timespec="seconds")


def _invitation(row: tuple) -> Invitation:
    """A row of INVITATION_COLUMNS with its times as the SQLite store writes them."""
    token, role, name, inviter, goals, created, opened, answered, revoked, revision = row
    return Invitation(token, role, name, inviter, goals, _stamp(created),
                      *(_stamp(t) if t else None for t in (opened, answered, revoked)),
                      revision)


class PgStore:
    """The Store interface (store.py) on PostgreSQL; safe to share between threads."""

    def __init__(self, url: str):
        try:
            params = conninfo_to_dict(url)
        except psycopg.Error as e:
            raise StoreError(f"CRMWIZARD_DB: not a usable postgresql:// URL ({e})") from None
        if not all(p.strip().isdigit() for p in str(params.get("port", "5432")).split(",")):
            raise StoreError("CRMWIZARD_DB: not a usable postgresql:// URL (the port must be"
                             " a number)")
        self.where = f"{params.get('host', 'localhost')}:{params.get('port', 5432)}" \
                     f"/{params.get('dbname', '')}"  # for the server log: never the password
        kwargs = {"connect_timeout": CONNECT_S, "application_name": "crmwizard"}
        kwargs = {k: v for k, v in kwargs.items() if k not in params}
        # Ours first: options given in the URL come later and win.
        kwargs["options"] = f"{OPTIONS} {params.get('options', '')}".strip()
        self.pool = psycopg_pool.ConnectionPool(
            url, kwargs=kwargs,
            min_size=POOL_MIN, max_size=POOL_MAX, timeout=WAIT_S, open=False,
            reconnect_timeout=RECONNECT_S, check=self._check, name="crmwizard")
        self.pool.open(wait=False)  # a server that is down at start is retried on first use
        self._migrated = False
        self._lock = threading.Lock()
        try:
            self._ensure_schema()
        except StoreUnavailable:
            log.warning("PostgreSQL at %s not reachable at start; trying again on first use",
                        self.where)
        except StoreError:  # a schema this release cannot use: no pool left behind
            self.pool.close()
            raise

    def close(self) -> None:
        self.pool.close()

    def _check(self, conn: psycopg.Connection) -> None:
        """The pool's check before each use; one broken connection drops every broken idle one.

        After a database restart every idle connection is dead, and the pool sleeps 1, 2, 4 s
        between the ones it tries: three of them took longer than WAIT_S.
        """
        try:
            psycopg_pool.ConnectionPool.check_connection(conn)
        except Exception:
            self.pool.check()  # the broken ones are replaced at once, the good ones kept
            raise

    @contextmanager
    def _tx(self) -> Iterator[psycopg.Connection]:
        """One transaction on a pooled connection; driver errors become StoreError types."""
        try:
            if not self._migrated:
                self._ensure_schema()
            with self.pool.connection() as conn, conn.transaction():
                yield conn
        except psycopg.OperationalError as e:  # down, restarting, timed out, pool exhausted
            log.warning("PostgreSQL at %s unavailable: %s", self.where, str(e).strip()[:300])
            raise StoreUnavailable("the database server cannot be reached") from None
        except psycopg.Error as e:
            log.error("PostgreSQL at %s refused a statement: %s", self.where, e)
            raise StoreError(f"the database refused the change ({type(e).__name__})") from None

    def _ensure_schema(self) -> None:
        with self._lock:
            if self._migrated:
                return
            try:
                with self.pool.connection() as conn, conn.transaction():
                    self._migrate(conn)
            except psycopg.OperationalError as e:
                log.warning("PostgreSQL at %s unavailable: %s", self.where, str(e).strip()[:300])
                raise StoreUnavailable("the database server cannot be reached") from None
            except psycopg.Error as e:
                raise StoreError(f"CRMWIZARD_DB: cannot prepare the database ({e})") from None
            self._migrated = True

    @staticmethod
    def _migrate(conn: psycopg.Connection) -> None:
        conn.execute("SELECT pg_advisory_xact_lock(%s)", (LOCK_KEY,))
        conn.execute("CREATE TABLE IF NOT EXISTS schema_version (version INTEGER NOT NULL)")
        version = conn.execute("SELECT coalesce(max(version), 0) FROM schema_version"
                               ).fetchone()[0]
        if version > len(MIGRATIONS):
            raise StoreError(f"schema version {version} is newer than this release knows"
                             f" ({len(MIGRATIONS)}); upgrade the app")
        for statements in MIGRATIONS[version:]:
            for statement in statements:
                conn.execute(statement)
        if version < len(MIGRATIONS):
            conn.execute("DELETE FROM schema_version")
            conn.execute("INSERT INTO schema_version (version) VALUES (%s)", (len(MIGRATIONS),))

    def schema_version(self) -> int:
        with self._tx() as conn:
            return conn.execute("SELECT max(version) FROM schema_version").fetchone()[0]

    def create(self, data: str, company: str = "") -> str:
        """Saves a new assessment and returns its token."""
        token = new_token()
        with self._tx() as conn:
            conn.execute("INSERT INTO assessments (token, data, company) VALUES (%s, %s, %s)",
                         (token, data, _text(company)))
        return token

    def load(self, token: str) -> str | None:
        """The saved JSON of an assessment, or None when there is no such token."""
        found = self.open(token)
        return found.data if found else None

    def open(self, token: str) -> Loaded | None:
        """The saved JSON and its revision, or None when there is no such token."""
        if not valid_token(token):
            return None
        with self._tx() as conn:
            row = conn.execute("SELECT data, revision FROM assessments WHERE token = %s",
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
        with self._tx() as conn:
            # One statement: the row lock makes the revision check and the write one step.
            row = conn.execute(
                "UPDATE assessments SET data = %s, company = %s, updated_at = clock_timestamp(),"
                " revision = revision + 1 WHERE token = %s"
                " AND (%s::integer IS NULL OR revision = %s) RETURNING revision",
                (data, _text(company), token, revision, revision)).fetchone()
            if row:
                return row[0]
            current = conn.execute("SELECT revision FROM assessments WHERE token = %s",
                                   (token,)).fetchone()
        if current is None:
            return 0
        raise StaleRevision(token, revision, current[0])

    def delete(self, token: str) -> bool:
        """Removes the row for real and remembers the token; True when there was a row."""
        if not valid_token(token):
            return False
        with self._tx() as conn:
            conn.execute("DELETE FROM invitations WHERE assessment = %s", (token,))
            conn.execute("DELETE FROM invitation_settings WHERE assessment = %s", (token,))
            conn.execute("DELETE FROM snapshots WHERE token = %s", (token,))
            gone = conn.execute("DELETE FROM assessments WHERE token = %s", (token,)).rowcount
            if gone:
                conn.execute("INSERT INTO deleted (token) VALUES (%s) ON CONFLICT (token)"
                             " DO UPDATE SET deleted_at = clock_timestamp()", (token,))
        return gone == 1

    def was_deleted(self, token: str) -> bool:
        """True when this token's assessment existed and was deleted."""
        if not valid_token(token):
            return False
        with self._tx() as conn:
            return conn.execute("SELECT 1 FROM deleted WHERE token = %s", (token,)
                                ).fetchone() is not None

    def list(self, with_data: bool = True) -> list[Saved]:
        """Every saved assessment, most recently changed first (workspace only).

        Without data only the labels travel: the workspace list of 500 reads in a fraction.
        """
        data = "data" if with_data else "''"
        with self._tx() as conn:
            rows = conn.execute(
                f"SELECT token, company, created_at, updated_at, {data}, revision"
                " FROM assessments ORDER BY updated_at DESC, created_at DESC, token").fetchall()
        return [Saved(t, c, _stamp(ca), _stamp(ua), d, r) for t, c, ca, ua, d, r in rows]

    # --- invitations ---------------------------------------------------------------------

    def create_invitation(self, assessment: str, role: str, name: str = "",
                          inviter: str = "") -> str | None:
        """A new invitation to a saved assessment and its token; None if there is no such one."""
        if not valid_token(assessment):
            return None
        token = new_token()
        with self._tx() as conn:
            # FOR SHARE: a delete of the assessment waits, so no invitation outlives it.
            if conn.execute("SELECT 1 FROM assessments WHERE token = %s FOR SHARE",
                            (assessment,)).fetchone() is None:
                return None
            conn.execute("INSERT INTO invitations (token, assessment, role, name, inviter)"
                         " VALUES (%s, %s, %s, %s, %s)",
                         (token, assessment, _text(role), _text(name), _text(inviter)))
        return token

    def invitations(self, assessment: str) -> list[Invitation]:
        """Every invitation of an assessment, revoked ones too, oldest first."""
        if not valid_token(assessment):
            return []
        with self._tx() as conn:
            rows = conn.execute(f"SELECT {INVITATION_COLUMNS} FROM invitations"
                                " WHERE assessment = %s ORDER BY created_at, seq",
                                (assessment,)).fetchall()
        return [_invitation(row) for row in rows]

    def open_invitation(self, token: str) -> Invited | None:
        """What an invitation's link may show; None when the token is unknown.

        A revoked invitation is returned with `revoked_at` set and nothing beside it.
        """
        if not valid_token(token):
            return None
        with self._tx() as conn:
            row = conn.execute(f"SELECT {INVITATION_COLUMNS}, assessment FROM invitations"
                               " WHERE token = %s", (token,)).fetchone()
            if row is None:
                return None
            invitation, assessment = _invitation(row[:-1]), row[-1]
            found = conn.execute("SELECT company, data FROM assessments WHERE token = %s",
                                 (assessment,)).fetchone()
            if found is None:
                return None
            if invitation.revoked_at:  # the language to say so in, nothing else
                return Invited(invitation, "", language_of(found[1]), ())
            shared = conn.execute("SELECT share_goals FROM invitation_settings"
                                  " WHERE assessment = %s", (assessment,)).fetchone()
            others = conn.execute(f"SELECT {INVITATION_COLUMNS} FROM invitations"
                                  " WHERE assessment = %s AND token <> %s"
                                  " AND revoked_at IS NULL ORDER BY created_at, seq",
                                  (assessment, token)).fetchall() if shared and shared[0] else []
        return Invited(invitation, found[0], language_of(found[1]),
                       tuple(_invitation(r) for r in others))

    def mark_opened(self, token: str) -> None:
        """Notes the first time an invitation's link was opened."""
        if valid_token(token):
            with self._tx() as conn:
                conn.execute("UPDATE invitations SET opened_at = clock_timestamp()"
                             " WHERE token = %s AND opened_at IS NULL AND revoked_at IS NULL",
                             (token,))

    def save_manager_goals(self, token: str, goals: str, revision: int | None = None) -> int:
        """Replaces one invitation's goals (JSON); the new revision, 0 if unknown or revoked.

        Only this invitation's row is written: the owner's answers and other managers'
        goals cannot be touched. With `revision`, raises StaleRevision like save().
        """
        if not valid_token(token):
            return 0
        with self._tx() as conn:
            # One statement: the row lock makes the revision check and the write one step
            # (a concurrent save waits and then sees the revision it left).
            row = conn.execute(
                "UPDATE invitations SET goals = %s, answered_at = clock_timestamp(),"
                " opened_at = coalesce(opened_at, clock_timestamp()), revision = revision + 1"
                " WHERE token = %s AND revoked_at IS NULL"
                " AND (%s::integer IS NULL OR revision = %s) RETURNING revision",
                (_text(goals), token, revision, revision)).fetchone()
            if row:
                return row[0]
            current = conn.execute("SELECT revision FROM invitations WHERE token = %s"
                                   " AND revoked_at IS NULL", (token,)).fetchone()
        if current is None:
            return 0
        raise StaleRevision(token, revision, current[0])

    def revoke_invitation(self, assessment: str, token: str) -> bool:
        """Closes an invitation of this assessment for good; its goals stay with the owner."""
        if not (valid_token(assessment) and valid_token(token)):
            return False
        with self._tx() as conn:
            done = conn.execute("UPDATE invitations SET revoked_at = clock_timestamp()"
                                " WHERE token = %s AND assessment = %s AND revoked_at IS NULL",
                                (token, assessment)).rowcount
        return done == 1

    def share_goals(self, assessment: str, shared: bool) -> None:
        """Whether the managers of an assessment see each other's goals."""
        if valid_token(assessment):
            with self._tx() as conn:
                conn.execute("INSERT INTO invitation_settings (assessment, share_goals)"
                             " VALUES (%s, %s) ON CONFLICT (assessment)"
                             " DO UPDATE SET share_goals = EXCLUDED.share_goals",
                             (assessment, bool(shared)))

    def goals_shared(self, assessment: str) -> bool:
        """True when the owner lets the managers see each other's goals."""
        if not valid_token(assessment):
            return False
        with self._tx() as conn:
            row = conn.execute("SELECT share_goals FROM invitation_settings"
                               " WHERE assessment = %s", (assessment,)).fetchone()
        return bool(row and row[0])

    # --- snapshots -----------------------------------------------------------------------

    def snapshot(self, token: str, label: str) -> Snapshot | None:
        """Freezes the saved assessment as it is now; None when there is no such token.

        Raises TooManySnapshots at MAX_SNAPSHOTS; the label is cut to MAX_LABEL characters.
        """
        if not valid_token(token):
            return None
        label = _text(label[:MAX_LABEL])
        with self._tx() as conn:
            # FOR UPDATE: two snapshots of one assessment count and number one at a time, and
            # a delete waits, so no snapshot outlives its assessment.
            if conn.execute("SELECT 1 FROM assessments WHERE token = %s FOR UPDATE",
                            (token,)).fetchone() is None:
                return None
            count, last = conn.execute("SELECT count(*), coalesce(max(n), 0) FROM snapshots"
                                       " WHERE token = %s", (token,)).fetchone()
            if count >= MAX_SNAPSHOTS:
                raise TooManySnapshots(token)
            taken = conn.execute("INSERT INTO snapshots (token, n, label, data)"
                                 " SELECT token, %s, %s, data FROM assessments WHERE token = %s"
                                 " RETURNING taken_at", (last + 1, label, token)).fetchone()[0]
        return Snapshot(last + 1, label, _stamp(taken))

    def snapshots(self, token: str) -> list[Snapshot]:
        """The snapshots of one assessment, the latest first."""
        if not valid_token(token):
            return []
        with self._tx() as conn:
            rows = conn.execute("SELECT n, label, taken_at FROM snapshots WHERE token = %s"
                                " ORDER BY n DESC", (token,)).fetchall()
        return [Snapshot(n, label, _stamp(taken)) for n, label, taken in rows]

    def snapshot_data(self, token: str, n: int) -> str | None:
        """The JSON frozen in one snapshot of this assessment, or None."""
        if not valid_token(token) or not -2**31 <= n < 2**31:  # n is an INTEGER column
            return None
        with self._tx() as conn:
            row = conn.execute("SELECT data FROM snapshots WHERE token = %s AND n = %s",
                               (token, n)).fetchone()
        return row[0] if row else None

    def snapshot_counts(self) -> dict[str, int]:
        """How many snapshots each assessment has (workspace only)."""
        with self._tx() as conn:
            rows = conn.execute("SELECT token, count(*) FROM snapshots GROUP BY token"
                                ).fetchall()
        return dict(rows)
