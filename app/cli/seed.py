"""``flask seed geography|library|demo|all``: each is safe to run twice."""

from __future__ import annotations

import click
from flask.cli import with_appcontext

from app.extensions import db


@click.group()
def seed() -> None:
    """Load reference and demo data."""


@seed.command("geography")
@with_appcontext
def seed_geography_command() -> None:
    """The 361 administrative units (aimags, capital, districts, soums)."""
    from app.services.geography import seed_geography

    created, updated = seed_geography()
    db.session.commit()
    click.echo(f"geography: {created} created, {updated} updated")


@seed.command("library")
@with_appcontext
def seed_library_command() -> None:
    """Sectors, facility types, scales, the indicator library and templates."""
    from app.services.library import seed_library

    created = seed_library()
    db.session.commit()
    click.echo("library: " + ", ".join(f"{count} {name}" for name, count in created.items()))


@seed.command("demo")
@with_appcontext
def seed_demo_command() -> None:
    """The deterministic demo (organisations, accounts, facilities, rounds, answers)."""
    from app.services.demo import seed_demo

    summary = seed_demo()
    db.session.commit()
    if summary is None:
        click.echo("demo: already present, nothing created")
    else:
        click.echo(
            f"demo: {summary.facilities} facilities, {summary.rounds} rounds, "
            f"{summary.responses} responses, {summary.scores} scores"
        )


@seed.command("all")
@click.pass_context
def seed_all_command(ctx: click.Context) -> None:
    """Geography, library and demo, in that order."""
    ctx.invoke(seed_geography_command)
    ctx.invoke(seed_library_command)
    ctx.invoke(seed_demo_command)


cli_group = seed
