"""Command-line tools: every module here that defines ``cli_group`` adds it to ``flask``."""

import importlib
import pkgutil

import click
from flask import Flask


def register_cli(app: Flask) -> None:
    for module_info in sorted(pkgutil.iter_modules(__path__), key=lambda m: m.name):
        module = importlib.import_module(f"{__name__}.{module_info.name}")
        command = getattr(module, "cli_group", None)
        if isinstance(command, click.Command):
            app.cli.add_command(command)
