"""``flask backup create [PATH]`` and ``flask backup restore PATH [--force]``."""

from __future__ import annotations

from pathlib import Path

import click
from flask import current_app
from flask.cli import with_appcontext
from sqlalchemy import func, select
from sqlalchemy.engine import make_url

from app.extensions import db
from app.services.backups import BackupError, create_backup, default_backup_path, restore_backup


@click.group()
def backup() -> None:
    """Back up and restore the database (SQLite or PostgreSQL)."""


def _database_url() -> str:
    return current_app.config["SQLALCHEMY_DATABASE_URI"]


@backup.command("create")
@click.argument("path", required=False, type=click.Path(dir_okay=False, path_type=Path))
@with_appcontext
def create_command(path: Path | None) -> None:
    """Write a consistent backup while the app keeps running (default: instance/backups/)."""
    url = _database_url()
    target = path or default_backup_path(Path(current_app.instance_path), make_url(url))
    try:
        written = create_backup(url, target)
    except BackupError as error:
        raise click.ClickException(str(error)) from None
    click.echo(f"backup written to {written} ({written.stat().st_size} bytes)")


@backup.command("restore")
@click.argument("path", type=click.Path(dir_okay=False, exists=True, path_type=Path))
@click.option("--force", is_flag=True, help="Replace the content of a database that is not empty.")
@with_appcontext
def restore_command(path: Path, force: bool) -> None:
    """Load a backup into the configured database (which must be empty, unless --force).

    Stop the app servers first.
    """
    db.session.remove()
    db.engine.dispose()
    try:
        restore_backup(_database_url(), path, force=force)
    except BackupError as error:
        raise click.ClickException(str(error)) from None
    db.engine.dispose()
    from app.models import Response

    responses = db.session.scalar(select(func.count()).select_from(Response))
    click.echo(f"restored {path}: {responses} responses")


cli_group = backup
