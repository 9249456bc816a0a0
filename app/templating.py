"""Everything templates see beyond a view's own values, registered in one place: the
current language and its links, localised names, the labels and sentences of
``app.messages``, and the filters (numbers, periods, dates and times).

Helpers stay in the module that owns them (a blueprint's labels, a service's notes) and
are registered here, so this module lists every name a template can use.
"""

from __future__ import annotations

import json
from datetime import UTC, date, datetime
from zoneinfo import ZoneInfo

from flask import Flask, current_app, url_for
from flask_babel import format_date, get_locale

from app.i18n import LANGUAGE_NAMES, page_without_language

LOCAL_ZONE = ZoneInfo("Asia/Ulaanbaatar")


def current_language() -> str:
    return str(get_locale() or "mn")


def localised(obj: object, attribute: str = "name") -> str:
    """``obj.name_mn`` or ``obj.name_en`` for the current language (Mongolian as fallback).

    A sector's or facility type's name in a language without a column (Kazakh) is its
    stored translation (``app.services.texts.text_for``), with the same fallbacks."""
    from app.models import FacilityType, Sector

    language = current_language()
    if isinstance(obj, Sector | FacilityType):
        from app.services.texts import text_for

        return text_for(obj, attribute, language)
    value = getattr(obj, f"{attribute}_{language}", None) or getattr(obj, f"{attribute}_mn", "")
    return value


def local_time(value: datetime | None) -> str:
    """A stored naive-UTC time as Ulaanbaatar's wall clock (UTC+8, no daylight saving
    since 2017), to the minute: "2026-12-01 21:43"."""
    if value is None:
        return ""
    return value.replace(tzinfo=UTC).astimezone(LOCAL_ZONE).strftime("%Y-%m-%d %H:%M")


def day(value: date | str | None) -> str:
    """A date (or the date part of an ISO text) in the language's medium form."""
    if not value:
        return ""
    if isinstance(value, str):
        value = date.fromisoformat(value[:10])
    return format_date(value, "medium")


def tojson_pretty(value: object) -> str:
    """Audit before/after as readable JSON text (escaped by the template like any text)."""
    return json.dumps(value, ensure_ascii=False, indent=1, sort_keys=True, default=str)


def init_templating(app: Flask) -> None:
    from app import messages
    from app.permissions import can
    from app.security import inline_stylesheet
    from app.services.reports.texts import consensus_hidden_notes, method_note
    from app.services.rounds import stepper_state
    from app.services.texts import demographic_label, point_label, text_for

    @app.context_processor
    def inject() -> dict:
        return {
            "lang": current_language(),
            "localised": localised,
            "can": can,
            "text_for": text_for,
            "point_label": point_label,
            "demographic_label": lambda kind, code: demographic_label(
                kind, str(code), current_language()
            ),
            "inline_stylesheet": inline_stylesheet,
            "languages": [
                (code, LANGUAGE_NAMES.get(code, code)) for code in current_app.config["LANGUAGES"]
            ],
            "language_url": lambda code: url_for(
                "main.set_language", code=code, next=page_without_language()
            ),
        }

    from app.views.admin import role_label_text
    from app.views.moderation import TEXT_KIND_NAMES, TEXT_STATUS_NAMES
    from app.views.openrosa import odk_devices
    from forms.cycle import GROUP_KINDS

    # Sentences and labels for codes (``app.messages``) and the words of the round
    # pages, the moderation of free text, the reports and the admin pages: the same for
    # every request, so globals rather than a context processor.
    labels = {
        "message_for": messages.message_for,
        "phase_name": messages.phase_name,
        "next_step": messages.next_step,
        "step_name": messages.step_name,
        "round_stepper": stepper_state,
        "action_status_name": messages.action_status_name,
        "status_label": messages.action_status_name,
        "side_label": messages.side_name,
        "text_side_names": messages.SIDE_NAMES,
        "text_kind_names": TEXT_KIND_NAMES,
        "text_status_names": TEXT_STATUS_NAMES,
        "group_kind_names": dict(GROUP_KINDS),
        "role_label": role_label_text,
        "method_note": method_note,
        "consensus_notes": lambda hidden, k: consensus_hidden_notes(
            hidden.get("not_recorded", 0), hidden.get("below_k", 0), k
        ),
        "odk_devices": odk_devices,
    }
    for name, value in labels.items():
        app.add_template_global(value, name)
    app.add_template_filter(local_time, "local_time")
    app.add_template_filter(day, "day")
    app.add_template_filter(tojson_pretty, "tojson_pretty")

    from app.period_words import period_words

    app.add_template_filter(period_words, "period")

    @app.template_filter("number")
    def number(value: float | int | None, digits: int = 0) -> str:
        """Thousands separated by a thin space, as written in Mongolian and English alike."""
        if value is None:
            return "—"
        text = f"{value:,.{digits}f}"
        return text.replace(",", "\u202f")
