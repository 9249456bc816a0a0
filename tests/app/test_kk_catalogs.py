"""Kazakh catalogs are complete: every string a Mongolian catalog translates has a
non-empty Kazakh translation in the same catalog directory, with the same placeholders
(a missing or renamed ``%(name)s`` would break the page or show a raw code)."""

from __future__ import annotations

import re
from pathlib import Path

import pytest
from babel.messages.pofile import read_po

ROOT = Path(__file__).resolve().parents[2]
DIRECTORIES = [
    ROOT / "app/translations",
    *sorted(path for path in (ROOT / "app/i18n").iterdir() if path.is_dir()),
]
PLACEHOLDER = re.compile(r"%\([a-z_0-9]+\)[sdf]|%[sd]|%%")


def _catalog(directory: Path, language: str):
    path = directory / language / "LC_MESSAGES" / "messages.po"
    if not path.exists():
        return None
    with path.open("rb") as handle:
        return read_po(handle)


def _key(message) -> str:
    return message.id if isinstance(message.id, str) else message.id[0]


def _placeholders(text: str) -> list[str]:
    return sorted(PLACEHOLDER.findall(text))


@pytest.mark.parametrize("directory", DIRECTORIES, ids=lambda path: path.name)
def test_every_mongolian_string_has_a_kazakh_translation(directory):
    mongolian = _catalog(directory, "mn")
    if mongolian is None:
        pytest.skip("no Mongolian catalog here")
    kazakh = _catalog(directory, "kk")
    assert kazakh is not None, f"{directory.name}: no kk/LC_MESSAGES/messages.po"
    assert not kazakh.fuzzy, f"{directory.name}: the kk catalog is marked fuzzy (not compiled)"
    translated = {_key(m): m.string for m in kazakh if m.id}
    missing = []
    for message in mongolian:
        if not message.id:
            continue
        text = translated.get(_key(message))
        forms = [text] if isinstance(text, str) else list(text or [])
        if not forms or not all(forms):
            missing.append(_key(message))
    assert missing == [], f"{directory.name}: {missing}"


@pytest.mark.parametrize("directory", DIRECTORIES, ids=lambda path: path.name)
def test_kazakh_placeholders_match_the_msgid(directory):
    kazakh = _catalog(directory, "kk")
    if kazakh is None:
        pytest.skip("no Kazakh catalog here")
    wrong = []
    for message in kazakh:
        if not message.id or not message.string:
            continue
        if isinstance(message.id, str):
            if _placeholders(message.string) != _placeholders(message.id):
                wrong.append(message.id)
            continue
        allowed = {tuple(_placeholders(text)) for text in message.id}
        if any(tuple(_placeholders(form)) not in allowed for form in message.string):
            wrong.append(message.id[0])
    assert wrong == [], f"{directory.name}: {wrong}"
