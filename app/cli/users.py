"""``flask users create``: make a staff account from the command line."""

from __future__ import annotations

import click
from flask.cli import with_appcontext
from sqlalchemy import select

from app.extensions import db
from app.models import Area, Organisation
from app.services.accounts import create_user
from scorecards.errors import DomainError
from scorecards.vocab import Role


@click.group()
def users() -> None:
    """Manage staff accounts."""


@users.command("create")
@click.option("--email", required=True)
@click.option("--name", "display_name", required=True)
@click.option("--role", type=click.Choice([r.value for r in Role]), required=True)
@click.option("--organisation", "organisation_name", help="Organisation name (Mongolian)")
@click.option("--area", "area_codes", multiple=True, help="Area code in scope, e.g. MN-061")
@click.password_option()
@with_appcontext
def create_user_command(email, display_name, role, organisation_name, area_codes, password) -> None:
    """Create a user; the password is asked twice and never echoed."""
    organisation = None
    if organisation_name:
        organisation = db.session.scalar(
            select(Organisation).where(Organisation.name_mn == organisation_name)
        )
        if organisation is None:
            raise click.ClickException(f"no organisation named {organisation_name!r}")
    areas = []
    for code in area_codes:
        area = db.session.scalar(select(Area).where(Area.code == code))
        if area is None:
            raise click.ClickException(f"no area with code {code!r}")
        areas.append(area)
    try:
        user = create_user(email, password, role, display_name, organisation, areas)
    except DomainError as error:
        raise click.ClickException(f"{error.field}: {error.code}") from None
    db.session.commit()
    click.echo(f"created {user.email} ({user.role})")


cli_group = users
