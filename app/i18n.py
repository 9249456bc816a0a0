"""Language choice: Mongolian first, English second, Kazakh third; kept in a cookie.

Translations live in ``app/translations`` and, per area of the product, in
``app/i18n/<area>/``; Flask-Babel merges every directory listed here.
"""

from __future__ import annotations

from pathlib import Path
from urllib.parse import urlencode

from flask import Flask, Response, current_app, request
from flask_babel import gettext as _

LANGUAGE_COOKIE = "lang"
# How the language switcher names each language: in that language, so a reader finds
# their own without knowing the others.
LANGUAGE_NAMES = {"mn": "Монгол", "en": "English", "kk": "Қазақша"}
CITIZEN_BLUEPRINT = "citizen"


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


def remember_link_language(response: Response) -> Response:
    """On the citizen pages, a language given in the link (``?lang=kk`` on a round's
    join link and QR code) is kept in the cookie, as if chosen from the switcher: the
    pages that follow (the receipt after sending) stay in it until the person switches.
    Elsewhere ``?lang=`` shows one page in that language and is not remembered."""
    code = request.args.get("lang")
    if (
        request.blueprint == CITIZEN_BLUEPRINT
        and code in current_app.config["LANGUAGES"]
        and request.cookies.get(LANGUAGE_COOKIE) != code
        and response.status_code < 400
    ):
        remember_language(response, code)
    return response


def remember_language(response, code: str) -> None:
    """Keep ``code`` as the person's language for a year (a cookie only this site reads)."""
    response.set_cookie(
        LANGUAGE_COOKIE,
        code,
        max_age=365 * 24 * 3600,
        samesite="Lax",
        secure=current_app.config["SESSION_COOKIE_SECURE"],
        httponly=True,
    )


def page_without_language() -> str:
    """This page's path and query without ``lang``, where the switcher returns to (with
    ``lang`` kept, a link's language would override the one just chosen)."""
    query = [(key, value) for key, value in request.args.items(multi=True) if key != "lang"]
    return request.path + (f"?{urlencode(query)}" if query else "")


def init_language(app: Flask) -> None:
    """Keep a link's language for the pages that follow it."""
    app.after_request(remember_link_language)


def round_language_choices() -> list[tuple[str, str]]:
    """Choices for a round's citizen language: "" (the platform default, named) and each
    offered language by its own name."""
    languages = current_app.config["LANGUAGES"]
    default = _("The default (%(language)s)", language=LANGUAGE_NAMES.get(languages[0]))
    return [("", default), *((code, LANGUAGE_NAMES.get(code, code)) for code in languages)]
