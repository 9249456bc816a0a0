"""A backup restored into an empty database gives back every response.

SQLite is tested through the CLI always; PostgreSQL when TEST_DATABASE_URL points at a
PostgreSQL server and pg_dump/pg_restore are on PATH.
"""

from __future__ import annotations

import shutil
import sqlite3
import uuid

import psycopg
import pytest
from sqlalchemy import select
from sqlalchemy.engine import make_url

from app.extensions import db
from app.models import Response
from tests.conftest import make_app


def _response_uuids() -> list[str]:
    return sorted(db.session.scalars(select(Response.uuid)))


def _is_postgres(app) -> bool:
    return app.config["SQLALCHEMY_DATABASE_URI"].startswith("postgresql")


def _restore_into(url: str, backup_file, *extra):
    """Run ``flask backup restore`` against a second app on ``url``; return its UUIDs."""
    other = make_app(url)
    with other.app_context():
        arguments = ["backup", "restore", str(backup_file), *extra]
        result = other.test_cli_runner().invoke(args=arguments)
        uuids = _response_uuids() if result.exit_code == 0 else None
        db.session.remove()
        db.engine.dispose()
    return result, uuids


def test_sqlite_backup_and_restore_give_back_every_response(app, tmp_path):
    if _is_postgres(app):
        pytest.skip("SQLite backup test; see the PostgreSQL test")
    expected = _response_uuids()
    assert len(expected) > 100
    backup_file = tmp_path / "egekh.db"
    result = app.test_cli_runner().invoke(args=["backup", "create", str(backup_file)])
    assert result.exit_code == 0, result.output
    result, restored = _restore_into(f"sqlite:///{tmp_path / 'empty.db'}", backup_file)
    assert result.exit_code == 0, result.output
    assert f"{len(expected)} responses" in result.output
    assert restored == expected


def test_sqlite_backup_is_consistent_while_a_writer_is_busy(app, tmp_path):
    if _is_postgres(app):
        pytest.skip("SQLite only")
    path = make_url(app.config["SQLALCHEMY_DATABASE_URI"]).database
    writer = sqlite3.connect(path)
    writer.execute("BEGIN")
    writer.execute("UPDATE response SET comment = 'half-done' WHERE id = 1")
    backup_file = tmp_path / "during.db"
    try:
        result = app.test_cli_runner().invoke(args=["backup", "create", str(backup_file)])
    finally:
        writer.rollback()
        writer.close()
    assert result.exit_code == 0, result.output
    with sqlite3.connect(backup_file) as copy:
        assert copy.execute("PRAGMA integrity_check").fetchone()[0] == "ok"
        assert copy.execute("SELECT count(*) FROM response WHERE comment = 'half-done'").fetchone()[
            0
        ] == 0
        assert copy.execute("SELECT count(*) FROM response").fetchone()[0] == len(
            _response_uuids()
        )


def test_restore_refuses_a_database_that_is_not_empty(app, tmp_path):
    if _is_postgres(app):
        pytest.skip("SQLite only")
    backup_file = tmp_path / "egekh.db"
    app.test_cli_runner().invoke(args=["backup", "create", str(backup_file)])
    before = _response_uuids()
    db.session.delete(db.session.scalar(select(Response).where(Response.uuid == before[0])))
    db.session.commit()
    changed = _response_uuids()
    result = app.test_cli_runner().invoke(args=["backup", "restore", str(backup_file)])
    assert result.exit_code != 0 and "not empty" in result.output
    assert _response_uuids() == changed
    result = app.test_cli_runner().invoke(args=["backup", "restore", str(backup_file), "--force"])
    assert result.exit_code == 0, result.output
    assert _response_uuids() == before


def test_backup_refuses_to_overwrite_a_file(app, tmp_path):
    existing = tmp_path / "exists.db"
    existing.write_text("keep me")
    result = app.test_cli_runner().invoke(args=["backup", "create", str(existing)])
    assert result.exit_code != 0 and "already exists" in result.output
    assert existing.read_text() == "keep me"


def test_restore_refuses_a_file_that_is_not_a_backup(app, tmp_path):
    if _is_postgres(app):
        pytest.skip("SQLite only")
    junk = tmp_path / "junk.db"
    sqlite3.connect(junk).execute("CREATE TABLE x (y)").connection.commit()
    result, _ = _restore_into(f"sqlite:///{tmp_path / 'empty.db'}", junk)
    assert result.exit_code != 0 and "not an Egekh database" in result.output


@pytest.mark.skipif(shutil.which("pg_dump") is None, reason="pg_dump is not on PATH")
def test_postgres_dump_and_restore_give_back_every_response(app, tmp_path):
    if not _is_postgres(app):
        pytest.skip("set TEST_DATABASE_URL=postgresql://… to run the PostgreSQL backup test")
    expected = _response_uuids()
    assert len(expected) > 100
    dump = tmp_path / "egekh.dump"
    result = app.test_cli_runner().invoke(args=["backup", "create", str(dump)])
    assert result.exit_code == 0, result.output
    url = make_url(app.config["SQLALCHEMY_DATABASE_URI"])
    name = f"{url.database}_restore_{uuid.uuid4().hex[:8]}"
    admin_dsn = url.set(drivername="postgresql", database="postgres").render_as_string(
        hide_password=False
    )
    with psycopg.connect(admin_dsn, autocommit=True) as connection:
        connection.execute(f'CREATE DATABASE "{name}"')
    try:
        target = url.set(database=name).render_as_string(hide_password=False)
        result, restored = _restore_into(target, dump)
        assert result.exit_code == 0, result.output
        assert restored == expected
        again, _ = _restore_into(target, dump)
        assert again.exit_code != 0 and "not empty" in again.output
    finally:
        with psycopg.connect(admin_dsn, autocommit=True) as connection:
            connection.execute(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)')
