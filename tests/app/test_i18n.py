"""Every string marked for translation has a Mongolian translation."""

from pathlib import Path

from babel.messages.extract import extract_from_dir
from babel.messages.frontend import parse_mapping_cfg
from babel.messages.mofile import read_mo

ROOT = Path(__file__).resolve().parents[2]
KEYWORDS = {"_": None, "gettext": None, "ngettext": (1, 2), "lazy_gettext": None, "_l": None}


def extracted_ids() -> set[str]:
    with (ROOT / "babel.cfg").open() as handle:
        method_map, options_map = parse_mapping_cfg(handle)
    ids = set()
    for _, _, message, _, _ in extract_from_dir(ROOT, method_map, options_map, keywords=KEYWORDS):
        ids.add(message[0] if isinstance(message, tuple) else message)
    return ids


def merged_catalog(language: str) -> dict[str, str]:
    messages: dict[str, str] = {}
    for mo in ROOT.glob(f"app/**/{language}/LC_MESSAGES/messages.mo"):
        with mo.open("rb") as handle:
            for message in read_mo(handle):
                if message.id:
                    key, value = message.id, message.string
                    if isinstance(key, (list, tuple)):
                        key, value = key[0], value[0]
                    messages[key] = value
    return messages


def test_every_marked_string_is_translated_into_mongolian():
    catalog = merged_catalog("mn")
    missing = sorted(m for m in extracted_ids() if not catalog.get(m))
    assert missing == []


def test_mongolian_is_the_default_language(client):
    assert '<html lang="mn">' in client.get("/").get_data(as_text=True)
