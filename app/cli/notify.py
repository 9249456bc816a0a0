"""``flask notify send``: record what people should hear about and send the e-mails."""

from __future__ import annotations

import click
from flask.cli import with_appcontext


@click.group()
def notify() -> None:
    """E-mail notifications and the outbox."""


@notify.command("send")
@with_appcontext
def send_command() -> None:
    """Record new events, gather them into e-mails and send every queued e-mail.

    Safe to run as often as wanted (cron, a systemd timer): nothing is sent twice, and
    an e-mail that could not be sent stays queued for the next run. Exits with status 1
    when an e-mail could not be sent."""
    from app.services.notifications import run

    report = run()
    delivery = report.delivery
    click.echo(
        f"notify: {report.events} new events, {report.composed} e-mails composed, "
        f"{delivery.sent} sent, {delivery.failed} failed"
    )
    for error in delivery.errors:
        click.echo(f"notify: not sent, queued for the next run: {error}", err=True)
    if delivery.failed:
        raise SystemExit(1)


cli_group = notify
