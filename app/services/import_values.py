"""What the coded columns of an import accept: the labels the app shows, in every
offered language, passed to ``scorecards.imports`` (which owns no translations).

A demographic answer's label is the one stored per language (``demographic_label``,
edited on the catalogue's answers page) in every offered language, Kazakh included.
Older wordings of the same answers (the paper-form page said "Woman" and "Not said",
the phone form's built-in wording "Prefer not to say") stay accepted: a typist copies
whatever a printed sheet shows. Codes are always accepted.
"""

from __future__ import annotations

from flask import current_app
from flask_babel import force_locale, lazy_pgettext
from flask_babel import lazy_gettext as _l

from app.services import answers
from app.services.texts import (
    DEMOGRAPHIC_KINDS,
    demographic_codes,
    demographic_label,
    point_label,
)
from forms.scorecard import NOT_APPLICABLE, ScorecardBase
from scorecards.imports import AcceptedValue
from scorecards.scales import Scale, format_value

COLUMN_LANGUAGES = ("mn", "en")
"""The languages of the sheet's own label columns, Mongolian first; every other offered
language gets a column after them (``label_more``)."""

_MISSING_LABELS = (
    (NOT_APPLICABLE, _l("Don't know / not applicable")),
    (NOT_APPLICABLE, _l("N/A")),
)

# Wordings pages used before the labels were stored per language, still accepted.
_OLDER_WORDINGS = (
    ("gender", "female", _l("Woman")),
    ("gender", "male", _l("Man")),
    ("gender", "undisclosed", _l("Not said")),
    ("age_band", "60_plus", _l("60 and over")),
    ("age_band", "undisclosed", _l("Not said")),
    ("disability", "undisclosed", _l("Not said")),
)


def languages() -> list[str]:
    """Mongolian, English, then every other offered language (LANGUAGES order)."""
    offered = list(current_app.config["LANGUAGES"])
    return [*COLUMN_LANGUAGES, *(code for code in offered if code not in COLUMN_LANGUAGES)]


def _translated(column: str, code: str, label) -> AcceptedValue:
    """An accepted value from a lazily translated label, in each language."""
    texts = []
    for language in languages():
        with force_locale(language):
            texts.append(str(label))
    return AcceptedValue(column, code, texts[0], texts[1], tuple(texts[2:]))


def point_labels(scale: Scale) -> dict[str, tuple[str, ...]]:
    """Each labelled point's label in every offered language after Mongolian and
    English (its stored translation, Kazakh), keyed by the point as written ("3")."""
    further = languages()[2:]
    labels: dict[str, tuple[str, ...]] = {}
    for value in scale.point_values():
        if scale.label(value, "mn") or scale.label(value, "en"):
            texts = tuple(point_label(scale, value, language) or "" for language in further)
            if any(texts):
                labels[format_value(value)] = texts
    return labels


def accepted_values(scale: Scale | None = None) -> tuple[AcceptedValue, ...]:
    """Every label the app shows for a coded column, as (code, Mongolian, English,
    other languages) rows; rows equal in every language to an earlier one are left out.

    The stored labels of the demographic answers come first (one row per answer), then
    the form's built-in and the older wordings, then the missing-score words. With
    ``scale``, its points' labels in the further languages (Kazakh) are accepted too
    (the scale itself brings Mongolian and English)."""
    codes = languages()
    values: list[AcceptedValue] = []
    for kind in DEMOGRAPHIC_KINDS:
        for code in demographic_codes(kind):
            labels = [demographic_label(kind, code, language) for language in codes]
            values.append(AcceptedValue(kind, code, labels[0], labels[1], tuple(labels[2:])))
    for kind in DEMOGRAPHIC_KINDS:
        for choice in getattr(ScorecardBase, kind).kwargs["choices"]:
            values.append(_translated(kind, choice.value, choice.label))
    values += [_translated(kind, code, label) for kind, code, label in _OLDER_WORDINGS]
    values += [_translated("score", code, label) for code, label in _MISSING_LABELS]
    if scale is not None:
        values += [
            AcceptedValue("score", code, "", "", further)
            for code, further in point_labels(scale).items()
        ]
    unique: list[AcceptedValue] = []
    for value in values:
        if value not in unique:
            unique.append(value)
    # the template's own header for the missing column (Mongolian only)
    unique.append(AcceptedValue("score", NOT_APPLICABLE, answers.HEADERS_MN["na"], "na"))
    return tuple(unique)


_LANGUAGE_COLUMNS = {
    "mn": _l("Label (Mongolian)"),
    "en": _l("Label (English)"),
    "kk": lazy_pgettext("accepted values", "Label (Kazakh)"),
}


def accepted_sheet_header() -> list[str]:
    """The header row of the accepted-values sheet, in the user's language: a label
    column per offered language (Mongolian and English first)."""
    return [
        str(_l("Column")),
        str(_l("Code")),
        *(str(_LANGUAGE_COLUMNS.get(code, code)) for code in languages()),
    ]


def accepted_sheet_name() -> str:
    """The accepted-values sheet's name (Mongolian first, as the template's sheets)."""
    return "Зөвшөөрөгдөх утгууд"


_RANGE_WORDS = {
    "score_min": _l("Lowest score"),
    "score_max": _l("Highest score"),
    "score_step": _l("Step between scores"),
}


def range_words() -> dict[str, tuple[str, ...]]:
    """The words of a range scale's rows in the accepted-values sheet (its minimum,
    maximum and step), in Mongolian, English and every other offered language."""
    texts: dict[str, list[str]] = {key: [] for key in _RANGE_WORDS}
    for language in languages():
        with force_locale(language):
            for key, word in _RANGE_WORDS.items():
                texts[key].append(str(word))
    return {key: tuple(words) for key, words in texts.items()}
