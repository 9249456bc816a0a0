"""Template globals: the current language, language links, localised names."""

from __future__ import annotations

from flask import Flask, request, url_for
from flask_babel import get_locale


def current_language() -> str:
    return str(get_locale() or "mn")


def localised(obj: object, attribute: str = "name") -> str:
    """``obj.name_mn`` or ``obj.name_en`` for the current language (Mongolian as fallback)."""
    language = current_language()
    value = getattr(obj, f"{attribute}_{language}", None) or getattr(obj, f"{attribute}_mn", "")
    return value


def init_templating(app: Flask) -> None:
    from app.permissions import can

    @app.context_processor
    def inject() -> dict:
        return {
            "lang": current_language(),
            "localised": localised,
            "can": can,
            "language_url": lambda code: url_for(
                "main.set_language", code=code, next=request.full_path.rstrip("?")
            ),
        }

    @app.template_filter("number")
    def number(value: float | int | None, digits: int = 0) -> str:
        """Thousands separated by a thin space, as written in Mongolian and English alike."""
        if value is None:
            return "—"
        text = f"{value:,.{digits}f}"
        return text.replace(",", "\u202f")
