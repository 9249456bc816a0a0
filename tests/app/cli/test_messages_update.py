"""``flask messages update`` keeps every catalog's translations and routes each new
string to one place, so a translator finds it and nothing translated is lost."""

from babel.messages.catalog import Catalog
from babel.messages.pofile import read_po, write_po

from app.cli.messages import update_catalogs


def _write(path, language, entries):
    catalog = Catalog(locale=language)
    for msgid, msgstr in entries.items():
        catalog.add(msgid, msgstr, [("old.py", 1)])
    path.parent.mkdir(parents=True, exist_ok=True)
    with path.open("wb") as handle:
        write_po(handle, catalog)


def _read(path):
    with path.open("rb") as handle:
        return {message.id: message for message in read_po(handle) if message.id}


def test_new_strings_go_to_the_default_catalog_and_translations_stay(tmp_path):
    default, area = tmp_path / "translations", tmp_path / "i18n" / "reports"
    for language in ("mn", "en"):
        mongolian = language == "mn"
        _write(default / language / "LC_MESSAGES" / "messages.po", language,
               {"Sign in": "Нэвтрэх" if mongolian else "Sign in"})
        _write(area / language / "LC_MESSAGES" / "messages.po", language,
               {"Report": "Тайлан" if mongolian else "Report", "Gone from code": "Хуучин"})
    template = Catalog()
    template.add("Sign in", None, [("app/views/auth.py", 10)])
    template.add("Report", None, [("app/views/reports.py", 20)])
    template.add("A new sentence", None, [("app/views/new.py", 5)])

    added = update_catalogs(template, [default, area])

    mn_default = _read(default / "mn" / "LC_MESSAGES" / "messages.po")
    mn_area = _read(area / "mn" / "LC_MESSAGES" / "messages.po")
    assert mn_default["Sign in"].string == "Нэвтрэх"
    assert mn_default["A new sentence"].string == ""
    assert "A new sentence" not in mn_area and "Report" not in mn_default
    assert mn_area["Report"].string == "Тайлан"
    assert mn_area["Report"].locations == [("app/views/reports.py", 20)]
    assert mn_area["Gone from code"].string == "Хуучин"
    assert added[default / "en" / "LC_MESSAGES" / "messages.po"] == 1
    assert added[area / "en" / "LC_MESSAGES" / "messages.po"] == 0
