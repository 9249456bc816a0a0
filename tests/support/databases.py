"""Seeded template databases, built once and kept across runs, and fresh copies of them.

Two templates exist: ``demo`` (migrations, geography, indicator library and the demo
seed) for the pages that show the demo, and ``base`` (migrations, geography and the
library only) for the journeys that start where a new user starts. A template is
named after a fingerprint of the code that builds it (migrations, models, seeds and
the publication path the demo goes through), so a change to any of them builds a new
one and an unchanged tree reuses the last: the first web test of a run no longer
waits for the seed. Builds are serialised between processes (pytest-xdist workers,
two runs side by side) with a file lock on SQLite and an advisory lock on PostgreSQL.
"""

from __future__ import annotations

import fcntl
import hashlib
import shutil
import sqlite3
import time
import uuid
from collections import deque
from concurrent.futures import Future, ThreadPoolExecutor
from contextlib import closing
from pathlib import Path

import psycopg
from sqlalchemy.engine import make_url

ROOT = Path(__file__).resolve().parents[2]
KINDS = ("demo", "base")
STALE_SECONDS = 3600  # a template unused by this tree is removed after an hour

# What a template is made of: change any of these and a new template is built.
_FINGERPRINTED = (
    "migrations/versions",
    "app/models",
    "app/data",
    "app/services/demo.py",
    "app/services/demo_data.py",
    "app/services/geography.py",
    "app/services/library.py",
    "app/services/publication.py",
    "app/services/rounds.py",
    "app/services/audit.py",
    "app/services/texts.py",
    "scorecards",
    "tests/conftest.py",  # the password hashing parameters of the accounts it holds
    "tests/support/databases.py",
)


def fingerprint() -> str:
    """A short hash of every file that decides what a template database holds."""
    digest = hashlib.sha256()
    for entry in _FINGERPRINTED:
        path = ROOT / entry
        files = sorted(path.rglob("*")) if path.is_dir() else [path]
        for file in files:
            if file.is_file() and "__pycache__" not in file.parts:
                digest.update(str(file.relative_to(ROOT)).encode())
                digest.update(file.read_bytes())
    return digest.hexdigest()[:12]


def _migrate_and_seed(url: str, kind: str) -> None:
    from flask_migrate import upgrade

    from app import create_app
    from app.extensions import db
    from app.services.demo import seed_demo
    from app.services.geography import seed_geography
    from app.services.library import seed_library

    application = create_app({"TESTING": True, "SQLALCHEMY_DATABASE_URI": url})
    with application.app_context():
        upgrade()
        seed_geography()
        seed_library()
        if kind == "demo":
            seed_demo()
        db.session.commit()
        db.session.remove()
        db.engine.dispose()
    _compact(url)


def _compact(url: str) -> None:
    """Rewrite the template without the dead rows the seed left behind, with fresh
    planner statistics. Publishing the demo rewrites each aimag's rows once per round,
    so on PostgreSQL the demo template is 85 MB before and 48 MB after: every copy of
    it is that much less to write."""
    parsed = make_url(url)
    if parsed.get_backend_name() == "sqlite":
        with closing(sqlite3.connect(parsed.database)) as connection:
            connection.execute("VACUUM")
            connection.execute("ANALYZE")
        return
    dsn = parsed.set(drivername="postgresql").render_as_string(hide_password=False)
    with psycopg.connect(dsn, autocommit=True) as connection:
        connection.execute("VACUUM (FULL, ANALYZE)")


class _Ahead:
    """Copies made ahead and removed after their test, on threads of their own.

    On PostgreSQL a copy of the demo template (48 MB) takes about a second to
    create and as long to drop (the server checkpoints); one at a time, beside tests
    that take a fifth of that, the copies would set the pace. So ``AHEAD`` copies are
    kept ready and ``THREADS`` creations and drops run at once (on 2 cores, three at
    once did a create-and-drop in 1.0–1.5 s against 2.2 s one after another). What is
    still queued is finished, and every spare dropped, when the run ends (:meth:`close`).
    """

    AHEAD = 2
    THREADS = 3

    def _start(self) -> None:
        self._threads = ThreadPoolExecutor(self.THREADS, thread_name_prefix="egekh-db")
        self._spares: deque[Future] = deque()
        self._removals: list[Future] = []

    def _make(self) -> str:
        raise NotImplementedError

    def _remove(self, url: str) -> None:
        raise NotImplementedError

    def fresh(self) -> str:
        """A new copy of the template for one test (its URL); the next are started."""
        while len(self._spares) <= self.AHEAD:
            self._spares.append(self._threads.submit(self._make))
        return self._spares.popleft().result()

    def drop(self, url: str) -> None:
        """Remove a copy once the test is done with it (in the background)."""
        self._removals.append(self._threads.submit(self._remove, url))

    def close(self) -> None:
        while self._spares:
            spare = self._spares.popleft().result()
            self._removals.append(self._threads.submit(self._remove, spare))
        self._threads.shutdown(wait=True)
        failed = [future.exception() for future in self._removals if future.exception()]
        self._removals.clear()
        if failed:
            raise failed[0]


class SqliteDatabases(_Ahead):
    """Templates under ``.pytest_cache/egekh-db/``; copies in the run's temporary folder."""

    def __init__(self, directory: Path, kind: str = "demo") -> None:
        self._start()
        self.directory = directory
        self.kind = kind
        self.cache = ROOT / ".pytest_cache" / "egekh-db"
        self.template = self.cache / f"{kind}-{fingerprint()}.db"

    def build_template(self) -> None:
        self.cache.mkdir(parents=True, exist_ok=True)
        with open(self.cache / f"{self.kind}.lock", "w") as lock:
            fcntl.flock(lock, fcntl.LOCK_EX)
            if self.template.exists():
                return
            for old in self.cache.glob(f"{self.kind}-*.db*"):
                # Older templates may still be copied by a run of an earlier tree.
                if time.time() - old.stat().st_mtime > STALE_SECONDS:
                    old.unlink(missing_ok=True)
            building = self.template.with_suffix(f".{uuid.uuid4().hex}.tmp")
            _migrate_and_seed(f"sqlite:///{building}", self.kind)
            building.replace(self.template)

    def _make(self) -> str:
        target = self.directory / f"{uuid.uuid4().hex}.db"
        shutil.copyfile(self.template, target)
        return f"sqlite:///{target}"

    def _remove(self, url: str) -> None:
        path = Path(make_url(url).database)
        for suffix in ("", "-wal", "-shm"):
            Path(f"{path}{suffix}").unlink(missing_ok=True)


class PostgresDatabases(_Ahead):
    """A template ``<db>_tpl_<kind>_<fingerprint>`` kept on the server; copies named
    ``<db>_<worker>_…`` are dropped when the run ends."""

    def __init__(self, url: str, worker: str, kind: str = "demo") -> None:
        self._start()
        parsed = make_url(url)
        name = parsed.database or "egekh"
        self.base = f"{name}_{worker}".replace("-", "_")
        self.server = parsed.set(drivername="postgresql+psycopg")
        self.admin_dsn = parsed.set(drivername="postgresql", database="postgres").render_as_string(
            hide_password=False
        )
        self.kind = kind
        self.template_prefix = f"{name}_tpl_{kind}_"
        self.template = f"{self.template_prefix}{fingerprint()}"
        self.lock_key = int(hashlib.sha256(self.template_prefix.encode()).hexdigest()[:15], 16)

    def _execute(self, sql: str) -> None:
        with psycopg.connect(self.admin_dsn, autocommit=True) as connection:
            connection.execute(sql)

    def _url(self, name: str) -> str:
        return self.server.set(database=name).render_as_string(hide_password=False)

    def build_template(self) -> None:
        with psycopg.connect(self.admin_dsn, autocommit=True) as connection:
            connection.execute("SELECT pg_advisory_lock(%s)", (self.lock_key,))
            try:
                names = {
                    row[0]
                    for row in connection.execute(
                        "SELECT datname FROM pg_database WHERE datname LIKE %s",
                        (self.template_prefix + "%",),
                    )
                }
                if self.template in names:
                    return
                for old in names:
                    try:
                        connection.execute(f'DROP DATABASE IF EXISTS "{old}"')
                    except psycopg.Error:
                        pass  # still in use by another run; a later build drops it
                building = f"{self.template_prefix}build_{uuid.uuid4().hex[:8]}"
                connection.execute(f'CREATE DATABASE "{building}"')
                try:
                    _migrate_and_seed(self._url(building), self.kind)
                except BaseException:
                    connection.execute(f'DROP DATABASE IF EXISTS "{building}" WITH (FORCE)')
                    raise
                connection.execute(f'ALTER DATABASE "{building}" RENAME TO "{self.template}"')
            finally:
                connection.execute("SELECT pg_advisory_unlock(%s)", (self.lock_key,))

    def _make(self) -> str:
        name = f"{self.base}_{uuid.uuid4().hex[:12]}"
        for attempt in range(20):
            try:
                self._execute(f'CREATE DATABASE "{name}" TEMPLATE "{self.template}"')
                break
            except psycopg.errors.ObjectInUse:
                # Another worker is copying the same template at this instant.
                if attempt == 19:
                    raise
                time.sleep(0.1 * (attempt + 1))
        return self._url(name)

    def _remove(self, url: str) -> None:
        self._execute(f'DROP DATABASE IF EXISTS "{make_url(url).database}" WITH (FORCE)')


def database_factory(tmp_directory: Path, url: str, worker: str, kind: str):
    """The factory for ``kind`` on the database ``url`` names (SQLite when empty)."""
    if kind not in KINDS:
        raise ValueError(kind)
    if url.startswith(("postgres://", "postgresql")):
        return PostgresDatabases(url, worker=worker, kind=kind)
    return SqliteDatabases(tmp_directory, kind=kind)
