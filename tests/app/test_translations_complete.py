"""No untranslated strings: every string marked in the code and templates (extracted
with babel as ``babel.cfg`` says, plus ``scorecards/``) has a translation in every
language the app offers (``LANGUAGES``), in the merged catalogs the app loads
(``app/translations`` and every ``app/i18n/<area>``).

English is the language the strings are written in: a string with no English entry is
shown as written, so English only fails on an entry whose plural forms are incomplete.
A fuzzy entry does not count (compiling leaves it out). The failure names each missing
string, by catalog that holds it untranslated (or "in no catalog", with where it is
used), so whoever added it knows where to translate it.
"""

from __future__ import annotations

import os
import re
from collections import defaultdict
from pathlib import Path

from babel.messages.extract import extract_from_dir
from babel.messages.pofile import read_po

from app.cli.messages import KEYWORDS, extract_template
from app.config import load_config

ROOT = Path(__file__).resolve().parents[2]
SOURCE_LANGUAGE = "en"


def _marked() -> dict[str, list[str]]:
    """msgid -> where it is used (file:line), for every marked string."""
    found: dict[str, list[str]] = defaultdict(list)
    for message in extract_template(ROOT):
        if message.id:
            key = message.id if isinstance(message.id, str) else message.id[0]
            found[key] += [f"{path}:{line}" for path, line in message.locations]
    for path, line, message, _comments, _context in extract_from_dir(
        ROOT / "scorecards", [("**.py", "python")], keywords=KEYWORDS
    ):
        key = message if isinstance(message, str) else message[0]
        found[key].append(f"scorecards/{path}:{line}")
    return found


def _translated(message, language: str) -> bool:
    strings = message.string if isinstance(message.string, tuple) else (message.string,)
    filled = [bool(s and s.strip()) for s in strings]
    if language == SOURCE_LANGUAGE:
        # Empty shows the string as written; only a half-filled plural shows nothing.
        return all(filled) or not any(filled)
    return not message.fuzzy and all(filled)


def _catalog_files(language: str) -> list[tuple[str, Path]]:
    """(catalog name, .po path) of every catalog the app merges for ``language``."""
    directories = [ROOT / "app/translations", *sorted((ROOT / "app/i18n").glob("*"))]
    found = []
    for directory in directories:
        path = directory / language / "LC_MESSAGES" / "messages.po"
        if path.is_file():
            found.append((str(directory.relative_to(ROOT)), path))
    return found


def _catalogs(language: str) -> dict[str, dict[str, bool]]:
    """catalog name -> {msgid: translated?} for the catalogs of ``language``."""
    catalogs = {}
    for name, path in _catalog_files(language):
        with path.open("rb") as handle:
            catalog = read_po(handle)
        entries = {}
        for message in catalog:
            if not message.id:
                continue
            key = message.id if isinstance(message.id, str) else message.id[0]
            entries[key] = _translated(message, language)
        catalogs[name] = entries
    return catalogs


def untranslated(language: str, marked: dict[str, list[str]]) -> dict[str, list[str]]:
    """Where each missing string should be translated -> the strings, for one language."""
    catalogs = _catalogs(language)
    missing: dict[str, list[str]] = defaultdict(list)
    for msgid, places in sorted(marked.items()):
        holders = [name for name, entries in catalogs.items() if msgid in entries]
        if any(catalogs[name][msgid] for name in holders):
            continue
        if holders:
            for name in holders:
                missing[name].append(msgid)
        elif language != SOURCE_LANGUAGE:
            missing["in no catalog"].append(f"{msgid}  ({places[0]})")
    return missing


def _report(missing: dict[str, dict[str, list[str]]]) -> str:
    lines = []
    for language, by_catalog in missing.items():
        for catalog, strings in sorted(by_catalog.items()):
            lines.append(f"[{language}] {catalog}: {len(strings)} untranslated")
            lines += [f"    {s!r}" for s in strings]
    return "\n".join(lines)


def _offered_languages(tmp_path: Path) -> list[str]:
    """The app's ``LANGUAGES`` as configured for this run (every supported one by default)."""
    env = {"EGEKH_ENV": "testing", "SECRET_KEY": "t" * 40}
    if os.environ.get("LANGUAGES"):
        env["LANGUAGES"] = os.environ["LANGUAGES"]
    return list(load_config(env, tmp_path)["LANGUAGES"])


def test_every_marked_string_is_translated_in_every_offered_language(tmp_path):
    languages = _offered_languages(tmp_path)
    marked = _marked()
    assert len(marked) > 500  # the extraction found the app's strings
    missing = {language: untranslated(language, marked) for language in languages}
    missing = {language: found for language, found in missing.items() if found}
    assert not missing, "Strings without a translation:\n" + _report(missing)


GLUED = re.compile(r"(%\([a-z_]+\)[sd]|\{[a-z_]+\})-[а-яөүё]", re.I)


def test_no_mongolian_text_glues_a_suffix_to_a_name_with_a_hyphen():
    """app/i18n/GLOSSARY.md: a name, date or number filled in is never inflected with a
    hyphen ("%(name)s-ийн"), since its ending depends on how it is read; sentences are
    rephrased so it stands alone."""
    glued = []
    for catalog, path in _catalog_files("mn"):
        with path.open("rb") as handle:
            for message in read_po(handle):
                strings = message.string if isinstance(message.string, tuple) else (message.string,)
                glued += [f"{catalog}: {s!r}" for s in strings if s and GLUED.search(s)]
    assert glued == [], "\n".join(glued)
