"""Language choice: Mongolian first, English second; the choice is kept in a cookie.

Translations live in ``app/translations`` and, per area of the product, in
``app/i18n/<area>/``; Flask-Babel merges every directory listed here.
"""

from __future__ import annotations

from pathlib import Path

from flask import current_app, request

LANGUAGE_COOKIE = "lang"


def translation_directories(app_dir: Path) -> str:
    directories = [app_dir / "translations"]
    directories += sorted(path for path in (app_dir / "i18n").glob("*") if path.is_dir())
    return ";".join(str(path) for path in directories)


def select_locale() -> str:
    """The ``lang`` query parameter, then the cookie, then the first configured language."""
    languages = current_app.config["LANGUAGES"]
    for candidate in (request.args.get("lang"), request.cookies.get(LANGUAGE_COOKIE)):
        if candidate in languages:
            return candidate
    return languages[0]
