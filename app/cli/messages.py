"""``flask messages update``: bring every catalog in line with the strings marked in the code.

Translations live in ``app/translations`` and in one directory per area under
``app/i18n/``. A string already held by a catalog stays there (its translation and its
place are kept; only its source locations are refreshed); a string that no catalog
holds yet is added, untranslated, to ``app/translations`` in every language, so it
shows up for a translator. Nothing is removed: strings translated through a variable
(a status or label looked up at run time) are not found by extraction, and dropping
them would lose their translations.
"""

from __future__ import annotations

from pathlib import Path

import click
from babel.messages.catalog import Catalog
from babel.messages.extract import extract_from_dir
from babel.messages.frontend import parse_mapping_cfg
from babel.messages.pofile import read_po, write_po

PROJECT_DIR = Path(__file__).resolve().parents[2]
KEYWORDS = {"_": None, "gettext": None, "ngettext": (1, 2), "lazy_gettext": None, "_l": None,
            "lazy_pgettext": ((1, "c"), 2)}


@click.group()
def messages() -> None:
    """Translation catalogs."""


def extract_template(project_dir: Path) -> Catalog:
    """Every marked string in the code and templates (``babel.cfg``), with its locations."""
    with (project_dir / "babel.cfg").open(encoding="utf-8") as handle:
        method_map, options_map = parse_mapping_cfg(handle)
    template = Catalog()
    for filename, lineno, message, comments, context in extract_from_dir(
        project_dir, method_map, options_map, keywords=KEYWORDS
    ):
        template.add(message, None, [(filename, lineno)], auto_comments=comments, context=context)
    return template


def catalog_directories(project_dir: Path) -> list[Path]:
    """``app/translations`` first (it receives new strings), then each area's directory."""
    app_dir = project_dir / "app"
    areas = sorted(path for path in (app_dir / "i18n").glob("*") if path.is_dir())
    return [app_dir / "translations", *areas]


def update_catalogs(template: Catalog, directories: list[Path]) -> dict[Path, int]:
    """Refresh the locations of held strings and add the strings no catalog holds to the
    first directory's catalogs; return how many strings each .po file received."""
    files = {
        directory: sorted(directory.glob("*/LC_MESSAGES/messages.po")) for directory in directories
    }
    catalogs = {}
    for paths in files.values():
        for path in paths:
            with path.open("rb") as handle:
                catalogs[path] = read_po(handle)
    held = {message.id for catalog in catalogs.values() for message in catalog if message.id}
    added: dict[Path, int] = {}
    for directory, paths in files.items():
        for path in paths:
            catalog = catalogs[path]
            count = 0
            for message in template:
                if not message.id:
                    continue
                existing = catalog.get(message.id, message.context)
                if existing is not None:
                    existing.locations = list(message.locations)
                elif directory == directories[0] and message.id not in held:
                    catalog.add(message.id, None, list(message.locations),
                                auto_comments=message.auto_comments, context=message.context)
                    count += 1
            with path.open("wb") as handle:
                write_po(handle, catalog, width=100, omit_header=False)
            added[path] = count
    return added


@messages.command("update")
def update_command() -> None:
    """Add new marked strings to the catalogs; say how many need translating."""
    added = update_catalogs(extract_template(PROJECT_DIR), catalog_directories(PROJECT_DIR))
    for path, count in added.items():
        if count:
            click.echo(f"{path.relative_to(PROJECT_DIR)}: {count} new strings to translate")
    click.echo(f"messages: {len(added)} catalogs checked")


cli_group = messages
