"""Sentences for the citizen pages: domain error codes and scale faces, translated here."""

from __future__ import annotations

from flask_babel import gettext as _

from scorecards.errors import DomainError

FACES = {1: "😞", 2: "🙁", 3: "😐", 4: "🙂", 5: "😀"}
# What a point's mark (``scorecards.scales.MARKS``) shows beside its label.
MARK_SYMBOLS = {
    "face1": "😞",
    "face2": "🙁",
    "face3": "😐",
    "face4": "🙂",
    "face5": "😀",
    "red": "🔴",
    "amber": "🟠",
    "yellow": "🟡",
    "green": "🟢",
    "blue": "🔵",
    "grey": "⚪",
}


def point_symbols(scale) -> dict[int, str]:
    """The symbol beside each point of ``scale``: its marks when it has any (users'
    scales), else the five faces on the built-in faces scale, else none."""
    marked = {p.value: MARK_SYMBOLS[p.mark] for p in scale.points if p.mark in MARK_SYMBOLS}
    if marked:
        return marked
    return FACES if scale.kind == "faces" else {}


def domain_message(error: DomainError) -> str:
    """The user's-language sentence for a refused submission."""
    params = error.params
    messages = {
        "collection_closed": lambda: _(
            "This scorecard is closed. Your answers were not stored."
        ),
        "group_required": lambda: _("Choose your group."),
        "group_invalid": lambda: _("Choose one of the groups listed."),
        "choice_invalid": lambda: _("Choose one of the options listed."),
        "text_too_long": lambda: _(
            "Please keep this under %(max)d characters.", max=params.get("max", 0)
        ),
        "indicator_not_in_round": lambda: _(
            "An answer was sent for a question that is not on this scorecard. "
            "Please reload the page."
        ),
        "answer_required": lambda: _('Choose an answer, or "don\'t know / not applicable".'),
        "value_not_number": lambda: _("Enter a number."),
        "value_not_integer": lambda: _("Enter a whole number."),
        "value_out_of_range": lambda: _(
            "Choose a whole number from %(min)d to %(max)d.",
            min=params.get("min", 0),
            max=params.get("max", 0),
        ),
        "value_not_on_step": lambda: _(
            "Choose one of the scale's values: %(allowed)s.",
            allowed=params.get("allowed", ""),
        ),
        "value_and_missing": lambda: _('Give a number or tick "don\'t know", not both.'),
        "uuid_invalid": lambda: _("This form is out of date. Please reload the page."),
        "uuid_conflict": lambda: _(
            "A different response was already sent from this form (receipt %(receipt)s). "
            "The first one is kept; please reload the page to start a new one.",
            receipt=params.get("receipt", ""),
        ),
    }
    maker = messages.get(error.code)
    return maker() if maker else _("These answers could not be stored. Please check them.")
