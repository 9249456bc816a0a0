"""Command-line tools: ``flask seed …`` and ``flask users …``."""

from flask import Flask


def register_cli(app: Flask) -> None:
    from app.cli.seed import seed
    from app.cli.users import users

    app.cli.add_command(seed)
    app.cli.add_command(users)
