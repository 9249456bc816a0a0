"""Template globals: the current language, language links, localised names."""

from __future__ import annotations

from flask import Flask, current_app, url_for
from flask_babel import get_locale

from app.i18n import LANGUAGE_NAMES, page_without_language


def current_language() -> str:
    return str(get_locale() or "mn")


def localised(obj: object, attribute: str = "name") -> str:
    """``obj.name_mn`` or ``obj.name_en`` for the current language (Mongolian as fallback)."""
    language = current_language()
    value = getattr(obj, f"{attribute}_{language}", None) or getattr(obj, f"{attribute}_mn", "")
    return value


def init_templating(app: Flask) -> None:
    from app.permissions import can
    from app.security import inline_stylesheet
    from app.services.texts import point_label, text_for

    @app.context_processor
    def inject() -> dict:
        return {
            "lang": current_language(),
            "localised": localised,
            "can": can,
            "text_for": text_for,
            "point_label": point_label,
            "inline_stylesheet": inline_stylesheet,
            "languages": [
                (code, LANGUAGE_NAMES.get(code, code)) for code in current_app.config["LANGUAGES"]
            ],
            "language_url": lambda code: url_for(
                "main.set_language", code=code, next=page_without_language()
            ),
        }

    from app.period_words import period_words

    app.add_template_filter(period_words, "period")

    @app.template_filter("number")
    def number(value: float | int | None, digits: int = 0) -> str:
        """Thousands separated by a thin space, as written in Mongolian and English alike."""
        if value is None:
            return "—"
        text = f"{value:,.{digits}f}"
        return text.replace(",", "\u202f")
