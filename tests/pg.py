"""A throw-away PostgreSQL cluster: initdb + pg_ctl in a temp folder, on a free loopback port."""

from __future__ import annotations

import atexit
import glob
import os
import shutil
import subprocess
import tempfile
import uuid
from pathlib import Path

from tests.e2e.harness import free_port

SUPERUSER = "postgres"


def pg_bin() -> Path | None:
    """The folder with initdb and pg_ctl (Debian keeps them off PATH), newest version first."""
    found = shutil.which("pg_ctl")
    if found and shutil.which("initdb"):
        return Path(found).parent
    for folder in sorted(glob.glob("/usr/lib/postgresql/*/bin"),
                         key=lambda p: int(Path(p).parent.name) if Path(p).parent.name.isdigit()
                         else 0, reverse=True):
        if (Path(folder) / "initdb").exists() and (Path(folder) / "pg_ctl").exists():
            return Path(folder)
    return None


def _as_postgres(cmd: list[str]) -> list[str]:
    """PostgreSQL refuses to run as root: as root, run it as the postgres user."""
    return ["runuser", "-u", "postgres", "--", *cmd] if os.geteuid() == 0 else cmd


class Cluster:
    """One cluster for a test session (or a test that stops it on purpose)."""

    def __init__(self) -> None:
        self.bin = pg_bin()
        if self.bin is None:
            raise RuntimeError("PostgreSQL server binaries (initdb, pg_ctl) not found")
        self.dir = Path(tempfile.mkdtemp(prefix="crmwizard-pg-"))
        if os.geteuid() == 0:
            shutil.chown(self.dir, "postgres", "postgres")
        self.data = self.dir / "data"
        self.port = free_port()
        self.running = False
        self._run("initdb", "-D", str(self.data), "-A", "trust", "-U", SUPERUSER, "-E", "UTF8",
                  "--locale=C", "--no-sync")
        atexit.register(self.destroy)

    def _run(self, tool: str, *args: str) -> str:
        done = subprocess.run(_as_postgres([str(self.bin / tool), *args]), capture_output=True,
                              text=True, timeout=120, cwd=self.dir)
        if done.returncode:
            raise RuntimeError(f"{tool} failed: {done.stderr[-2000:] or done.stdout[-2000:]}")
        return done.stdout

    def start(self) -> None:
        """Starts on the same port and folder (again after stop), returns once it accepts."""
        self._run("pg_ctl", "-D", str(self.data), "-l", str(self.dir / "server.log"), "-w",
                  "-t", "60", "-o", f"-p {self.port} -k {self.dir} -c listen_addresses=127.0.0.1"
                  " -c max_connections=200", "start")
        self.running = True

    def stop(self, mode: str = "fast") -> None:
        """`immediate` is a crash: no checkpoint, the next start replays the WAL."""
        if self.running:
            self._run("pg_ctl", "-D", str(self.data), "-m", mode, "-w", "stop")
            self.running = False

    def destroy(self) -> None:
        try:
            self.stop()
        finally:
            shutil.rmtree(self.dir, ignore_errors=True)

    def url(self, dbname: str = "postgres") -> str:
        return f"postgresql://{SUPERUSER}@127.0.0.1:{self.port}/{dbname}"

    def new_database(self) -> str:
        """A URL that sees a fresh, empty schema only (much quicker than CREATE DATABASE)."""
        import psycopg

        name = f"t_{uuid.uuid4().hex[:12]}"
        with psycopg.connect(self.url(), autocommit=True) as conn:
            conn.execute(f'CREATE SCHEMA "{name}"')
        return f"{self.url()}?options=-csearch_path%3D{name}"
