"""What the coded columns of an import accept: the labels the app shows, in every
offered language, passed to ``scorecards.imports`` (which owns no translations).

The paper-form page, the phone scorecard and the template word some values
differently ("Not said" / "Prefer not to say", "60 and over" / "60 or older"); a
typist copies whichever they see, so every one of them is accepted, in Mongolian and
English, besides the codes.
"""

from __future__ import annotations

from flask_babel import force_locale
from flask_babel import lazy_gettext as _l

from app.services import answers
from app.views.cycle_text import AGE_NAMES, GENDER_NAMES
from forms.scorecard import NOT_APPLICABLE, ScorecardBase
from scorecards.imports import AcceptedValue

LANGUAGES = ("mn", "en")
"""The offered languages, Mongolian first (as in the accepted-values sheet)."""

_MISSING_LABELS = (
    (NOT_APPLICABLE, _l("Don't know / not applicable")),
    (NOT_APPLICABLE, _l("N/A")),
)


def _choices(field) -> list[tuple[str, object]]:
    return [(choice.value, choice.label) for choice in field.kwargs["choices"]]


def _sources() -> list[tuple[str, str, object]]:
    """(column, code, label as shown, lazily translated) of every coded value."""
    sources: list[tuple[str, str, object]] = []
    for column, names, field in (
        ("gender", GENDER_NAMES, ScorecardBase.gender),
        ("age_band", AGE_NAMES, ScorecardBase.age_band),
        ("disability", {}, ScorecardBase.disability),
    ):
        sources += [(column, code, label) for code, label in names.items()]
        sources += [(column, code, label) for code, label in _choices(field)]
    sources += [("score", code, label) for code, label in _MISSING_LABELS]
    return sources


def accepted_values() -> tuple[AcceptedValue, ...]:
    """Every label the app shows for a coded column, as (code, Mongolian, English) rows;
    rows equal in both languages to an earlier one are left out."""
    sources = _sources()
    texts = {}
    for language in LANGUAGES:
        with force_locale(language):
            texts[language] = [str(label) for _, _, label in sources]
    values: list[AcceptedValue] = []
    for (column, code, _label), mn, en in zip(sources, texts["mn"], texts["en"], strict=True):
        value = AcceptedValue(column, code, mn, en)
        if value not in values:
            values.append(value)
    # the template's own header for the missing column (Mongolian only)
    values.append(AcceptedValue("score", NOT_APPLICABLE, answers.HEADERS_MN["na"], "na"))
    return tuple(values)


def accepted_sheet_header() -> list[str]:
    """The header row of the accepted-values sheet, in the user's language."""
    return [
        str(_l("Column")),
        str(_l("Code")),
        str(_l("Label (Mongolian)")),
        str(_l("Label (English)")),
    ]


def accepted_sheet_name() -> str:
    """The accepted-values sheet's name (Mongolian first, as the template's sheets)."""
    return "Зөвшөөрөгдөх утгууд"


_RANGE_WORDS = {
    "score_min": _l("Lowest score"),
    "score_max": _l("Highest score"),
    "score_step": _l("Step between scores"),
}


def range_words() -> dict[str, tuple[str, str]]:
    """The words of a range scale's rows in the accepted-values sheet (its minimum,
    maximum and step), in Mongolian and English."""
    texts: dict[str, list[str]] = {key: [] for key in _RANGE_WORDS}
    for language in LANGUAGES:
        with force_locale(language):
            for key, word in _RANGE_WORDS.items():
                texts[key].append(str(word))
    return {key: (mn, en) for key, (mn, en) in texts.items()}
