"""``flask reports rollup``: rebuild the report summaries of every published round."""

from __future__ import annotations

import click
from flask.cli import with_appcontext

from app.extensions import db


@click.group()
def reports() -> None:
    """Public accountability reports."""


@reports.command("rollup")
@with_appcontext
def rollup_command() -> None:
    """Rebuild the summary rows of all published rounds (one transaction)."""
    from app.services.publication import rollup_published_rounds

    count = rollup_published_rounds()
    db.session.commit()
    click.echo(f"reports: {count} published rounds rolled up")


cli_group = reports
