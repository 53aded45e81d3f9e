"""Reads a test database directly, as a restarted server would: SQLite file or PostgreSQL URL."""

from __future__ import annotations

import sqlite3

from crmwizard.store import is_postgres


def query(setting: str, sql: str) -> list[tuple]:
    """All rows of `sql` (no parameters), through a connection of its own."""
    if is_postgres(setting):
        import psycopg

        with psycopg.connect(setting) as conn:
            return conn.execute(sql).fetchall()
    with sqlite3.connect(setting) as conn:
        return conn.execute(sql).fetchall()
