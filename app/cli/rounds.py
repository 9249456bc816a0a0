"""``flask rounds import``: import paper scorecards or tallies from a file, with progress."""

from __future__ import annotations

from pathlib import Path

import click
from flask.cli import with_appcontext

from app.extensions import db
from app.models import Round
from app.services.file_imports import command_line_job, fail_import, import_rows, preview
from app.services.rounds import ensure_collecting
from scorecards.errors import DomainError


@click.group("rounds")
def cli_group() -> None:
    """Work with scorecard rounds."""


@cli_group.command("import")
@click.argument("round_id", type=int)
@click.argument("path", type=click.Path(exists=True, dir_okay=False, path_type=Path))
@click.option("--kind", type=click.Choice(["responses", "tallies"]), default="responses")
@click.option("--side", type=click.Choice(["community", "provider"]), default="community")
@click.option(
    "--valid-only",
    is_flag=True,
    help="Import the valid rows even when other rows have problems (otherwise: nothing).",
)
@with_appcontext
def import_command(round_id: int, path: Path, kind: str, side: str, valid_only: bool) -> None:
    """Check FILE against round ROUND_ID, list its problems, then import.

    The rows go through the uploads' path (``file_imports.import_rows``): stored in
    short transactions, so citizens can send meanwhile, and counted only once all are
    in; on an error or Ctrl-C nothing counts and what was stored is removed.
    """
    round_ = db.session.get(Round, round_id)
    if round_ is None:
        raise click.ClickException(f"no round {round_id}")
    try:
        ensure_collecting(round_)
        result = preview(round_, kind, side, path.read_bytes(), path.name)
    except DomainError as error:
        raise click.ClickException(f"{error.code} {error.params or ''}".strip()) from None
    for problem in result.problems[:50]:
        click.echo(
            f"row {problem.row_number} {problem.column_letter} {problem.column!r}: "
            f"{problem.code} {problem.value!r}",
            err=True,
        )
    if len(result.problems) > 50:
        click.echo(f"… and {len(result.problems) - 50} more problems", err=True)
    click.echo(f"{result.rows_seen} rows, {len(result.valid_rows)} valid")
    if result.blocked or not result.valid_rows:
        raise click.ClickException("nothing to import")
    if result.problems and not valid_only:
        raise click.ClickException("the file has problems: nothing imported (see --valid-only)")
    rows = result.valid_rows
    job = command_line_job(round_, kind, side, path.name, result.rows_seen, len(rows))
    job_id = job.id
    try:
        with click.progressbar(length=len(rows), label="Importing") as bar:
            done = [0]

            def advance(count: int) -> None:
                bar.update(count - done[0])
                done[0] = count

            stored = import_rows(job, rows, advance, action="import.cli")
    except BaseException as error:
        fail_import(job_id, error)
        if isinstance(error, DomainError):
            raise click.ClickException(f"{error.code}: nothing imported") from None
        raise
    click.echo(f"imported {stored} rows")


@cli_group.command("import-reap")
@click.option(
    "--minutes",
    type=click.IntRange(min=1),
    default=None,
    help="Age in minutes after which an import still running is taken for dead "
    "(default: IMPORT_STUCK_MINUTES).",
)
@with_appcontext
def import_reap_command(minutes: int | None) -> None:
    """Mark failed every upload stuck "importing" (its process died) and drop its file.

    The import pages do the same when opened; run this from cron to tidy up without them.
    """
    from app.services.file_imports import reap_stuck_imports

    count = reap_stuck_imports(minutes)
    click.echo(f"{count} stuck import(s) marked failed")
