"""Every string of the citizen flow and the collection page has a Mongolian translation."""

from pathlib import Path

from babel.messages.extract import extract_from_file
from babel.messages.pofile import read_po

ROOT = Path(__file__).resolve().parents[2]
SOURCES = [
    *sorted((ROOT / "app/templates/citizen").glob("*.html")),
    *sorted((ROOT / "app/templates/collection").glob("*.html")),
    ROOT / "app/views/citizen.py",
    ROOT / "app/views/citizen_text.py",
    ROOT / "app/views/collection.py",
    ROOT / "forms/scorecard.py",
]
KEYWORDS = {"_": None, "gettext": None, "_l": None, "lazy_gettext": None, "ngettext": (1, 2)}


def _msgids() -> set[str]:
    found = set()
    for path in SOURCES:
        method = "jinja2" if path.suffix == ".html" else "python"
        for _line, message, _comments, _context in extract_from_file(
            method, str(path), keywords=KEYWORDS
        ):
            found.add(message if isinstance(message, str) else message[0])
    return found


def _catalog(language: str) -> dict[str, str]:
    merged = {}
    for directory in (ROOT / "app/translations", ROOT / "app/i18n/citizen"):
        path = directory / language / "LC_MESSAGES" / "messages.po"
        with path.open("rb") as handle:
            merged.update({m.id: m.string for m in read_po(handle) if m.id and m.string})
    return merged


def test_every_citizen_string_has_a_mongolian_and_an_english_entry():
    ids = _msgids()
    assert len(ids) > 60
    for language in ("mn", "en"):
        catalog = _catalog(language)
        missing = sorted(i for i in ids if i not in catalog)
        assert missing == [], f"{language}: {missing}"


# The test app context is shared by all requests of a test and Flask-Babel caches the
# locale on ``g``, so each language is checked in its own test.
def test_mongolian_is_the_default_language_of_the_scorecard(client):
    page = client.get("/j/DEMO01").get_data(as_text=True)
    assert '<html lang="mn">' in page
    assert "Хариултаа илгээх" in page and "Send my answers" not in page


def test_english_scorecard_when_english_is_chosen(client):
    client.get("/lang/en")
    page = client.get("/j/DEMO01").get_data(as_text=True)
    assert '<html lang="en">' in page
    assert "Send my answers" in page and "Хариултаа илгээх" not in page
