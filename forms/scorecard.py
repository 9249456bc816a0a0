"""The scorecard a citizen or a provider fills on a phone, built per round.

Field names: ``group``, ``gender``, ``age_band``, ``disability``, ``comment``, ``uuid``;
per round indicator ``q<id>`` (the answer: a scale value, or ``na``), ``n<id>`` (the
"don't know" box beside a number input on wide scales) and ``r<id>`` (the reason).
The view fills the choices. The form draws the page, keeps what was typed and checks
the CSRF token; the answers themselves are checked by ``scorecards.answer_check``
(one set of rules and limits for every way a scorecard arrives), whose problems the
view puts next to these fields.
"""

from __future__ import annotations

from collections.abc import Sequence
from functools import lru_cache

from flask_babel import lazy_gettext as _l
from flask_wtf import FlaskForm
from wtforms import BooleanField, HiddenField, RadioField, StringField, TextAreaField
from wtforms.fields.choices import SelectChoice

from scorecards.answer_check import MAX_COMMENT_LENGTH, MAX_REASON_LENGTH, NOT_APPLICABLE
from scorecards.scales import Scale
from scorecards.vocab import AgeBand, Disability, Gender

__all__ = ["MAX_COMMENT_LENGTH", "MAX_REASON_LENGTH", "NOT_APPLICABLE", "ScorecardBase"]


class ScorecardBase(FlaskForm):
    uuid = HiddenField()
    group = RadioField(_l("Which group are you in?"), validate_choice=False)
    gender = RadioField(
        _l("Gender"),
        validate_choice=False,
        choices=[
            SelectChoice(Gender.FEMALE.value, _l("Female")),
            SelectChoice(Gender.MALE.value, _l("Male")),
            SelectChoice(Gender.OTHER.value, _l("Other")),
            SelectChoice(Gender.UNDISCLOSED.value, _l("Prefer not to say")),
        ],
    )
    age_band = RadioField(
        _l("Age"),
        validate_choice=False,
        choices=[
            SelectChoice(AgeBand.UNDER_18.value, _l("Under 18")),
            SelectChoice(AgeBand.AGE_18_34.value, _l("18–34")),
            SelectChoice(AgeBand.AGE_35_59.value, _l("35–59")),
            SelectChoice(AgeBand.AGE_60_PLUS.value, _l("60 or older")),
            SelectChoice(AgeBand.UNDISCLOSED.value, _l("Prefer not to say")),
        ],
    )
    disability = RadioField(
        _l("Do you have a disability?"),
        validate_choice=False,
        choices=[
            SelectChoice(Disability.YES.value, _l("Yes")),
            SelectChoice(Disability.NO.value, _l("No")),
            SelectChoice(Disability.UNDISCLOSED.value, _l("Prefer not to say")),
        ],
    )
    comment = TextAreaField(_l("Anything else you want to say (optional)"))

    indicator_ids: tuple[int, ...] = ()
    number_input: bool = False
    scale: Scale | None = None
    max_reason: int = MAX_REASON_LENGTH
    max_comment: int = MAX_COMMENT_LENGTH


def scorecard_form_class(indicator_ids: Sequence[int], scale: Scale) -> type[ScorecardBase]:
    """A form class with one answer and one reason field per round indicator.

    Classes are kept per (indicators, scale), so each shape is built once per process.
    """
    return _form_class(tuple(indicator_ids), scale)


@lru_cache(maxsize=256)
def _form_class(indicator_ids: tuple[int, ...], scale: Scale) -> type[ScorecardBase]:
    number_input = scale.wants_number_box
    attributes: dict[str, object] = {
        "indicator_ids": tuple(indicator_ids),
        "number_input": number_input,
        "scale": scale,
    }
    for ri_id in indicator_ids:
        if number_input:
            attributes[f"q{ri_id}"] = StringField(
                _l("Your score (%(min)d–%(max)d)", min=scale.min_value, max=scale.max_value)
            )
            attributes[f"n{ri_id}"] = BooleanField(_l("Don't know / not applicable"))
        else:
            attributes[f"q{ri_id}"] = RadioField(validate_choice=False)
        attributes[f"r{ri_id}"] = TextAreaField(_l("Why? (optional)"))
    return type("ScorecardForm", (ScorecardBase,), attributes)
