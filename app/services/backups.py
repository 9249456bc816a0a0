"""Backing up and restoring the database, consistent while the app keeps running.

SQLite: the online backup API (``sqlite3.Connection.backup``) copies a consistent
snapshot page by page while other connections go on reading and writing; a restore
copies the file back the same way onto an empty database.

PostgreSQL: ``pg_dump --format=custom`` takes a consistent snapshot of a running
database (one repeatable-read transaction); ``pg_restore`` loads it into an empty
database. Both tools must be on PATH and of the server's major version or newer.
"""

from __future__ import annotations

import os
import shutil
import sqlite3
import subprocess
from datetime import UTC, datetime
from pathlib import Path

from sqlalchemy.engine import URL, make_url


class BackupError(RuntimeError):
    """The backup or restore could not be done; the message says why and what to do."""


def default_backup_path(instance_path: Path, url: URL) -> Path:
    stamp = datetime.now(UTC).strftime("%Y%m%d-%H%M%S")
    suffix = ".db" if url.get_backend_name() == "sqlite" else ".dump"
    return instance_path / "backups" / f"egekh-{stamp}{suffix}"


def _sqlite_path(url: URL) -> Path:
    if not url.database or url.database == ":memory:":
        raise BackupError("an in-memory SQLite database cannot be backed up")
    return Path(url.database)


def _sqlite_tables(connection: sqlite3.Connection) -> list[str]:
    rows = connection.execute(
        "SELECT name FROM sqlite_master WHERE type = 'table' AND name NOT LIKE 'sqlite_%'"
    )
    return [name for (name,) in rows]


def _check_sqlite_file(path: Path) -> None:
    with sqlite3.connect(f"file:{path}?mode=ro", uri=True) as connection:
        result = connection.execute("PRAGMA integrity_check").fetchone()[0]
        if result != "ok":
            raise BackupError(f"{path} failed the integrity check: {result}")
        if "alembic_version" not in _sqlite_tables(connection):
            raise BackupError(f"{path} is not an Egekh database (no alembic_version table)")


def _postgres_dsn(url: URL) -> str:
    return url.set(drivername="postgresql").render_as_string(hide_password=False)


def _run(command: list[str]) -> None:
    tool = command[0]
    if shutil.which(tool) is None:
        raise BackupError(f"{tool} is not on PATH: install the PostgreSQL client tools")
    completed = subprocess.run(command, capture_output=True, text=True, check=False)
    if completed.returncode != 0:
        raise BackupError(f"{tool} failed: {completed.stderr.strip()}")


def create_backup(database_url: str, target: Path) -> Path:
    """Write a consistent copy of the database at ``database_url`` to ``target``."""
    url = make_url(database_url)
    target.parent.mkdir(parents=True, exist_ok=True)
    if target.exists():
        raise BackupError(f"{target} already exists; choose a new file name")
    if url.get_backend_name() == "sqlite":
        source = _sqlite_path(url)
        if not source.exists():
            raise BackupError(f"no database at {source}")
        partial = target.with_name(target.name + ".partial")
        with sqlite3.connect(source) as src, sqlite3.connect(partial) as dst:
            src.backup(dst, pages=1024)
        partial.replace(target)
        _check_sqlite_file(target)
    elif url.get_backend_name() == "postgresql":
        _run(["pg_dump", "--format=custom", "--no-owner", f"--file={target}", _postgres_dsn(url)])
    else:
        raise BackupError(f"no backup method for {url.get_backend_name()}")
    os.chmod(target, 0o600)
    return target


def database_is_empty(database_url: str) -> bool:
    """True when the database has no tables at all (a new file or a new PostgreSQL database)."""
    url = make_url(database_url)
    if url.get_backend_name() == "sqlite":
        path = _sqlite_path(url)
        if not path.exists() or path.stat().st_size == 0:
            return True
        with sqlite3.connect(path) as connection:
            return not _sqlite_tables(connection)
    import psycopg

    with psycopg.connect(_postgres_dsn(url)) as connection:
        count = connection.execute(
            "SELECT count(*) FROM information_schema.tables WHERE table_schema = 'public'"
        ).fetchone()[0]
    return count == 0


def restore_backup(database_url: str, source: Path, force: bool = False) -> None:
    """Load the backup at ``source`` into the database at ``database_url``.

    Refuses a database that already has tables unless ``force``; then its content is
    replaced entirely. Stop the app servers before restoring.
    """
    url = make_url(database_url)
    if not source.exists():
        raise BackupError(f"no backup file at {source}")
    if not force and not database_is_empty(database_url):
        raise BackupError(
            "the target database is not empty; restore into a new database, "
            "or pass --force to replace everything in it"
        )
    if url.get_backend_name() == "sqlite":
        _check_sqlite_file(source)
        target = _sqlite_path(url)
        target.parent.mkdir(parents=True, exist_ok=True)
        with sqlite3.connect(f"file:{source}?mode=ro", uri=True) as src, sqlite3.connect(
            target
        ) as dst:
            src.backup(dst)
    elif url.get_backend_name() == "postgresql":
        command = ["pg_restore", "--no-owner", "--exit-on-error", "--single-transaction"]
        if force:
            command += ["--clean", "--if-exists"]
        _run([*command, f"--dbname={_postgres_dsn(url)}", str(source)])
    else:
        raise BackupError(f"no restore method for {url.get_backend_name()}")
