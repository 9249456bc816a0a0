"""The scorecard a citizen or a provider fills on a phone, built per round.

Field names: ``group``, ``gender``, ``age_band``, ``disability``, ``comment``, ``uuid``;
per round indicator ``q<id>`` (the answer: a scale value, or ``na``), ``n<id>`` (the
"don't know" box beside a number input on wide scales) and ``r<id>`` (the reason).
The view fills the choices; the form only checks shape and range.
"""

from __future__ import annotations

import re
from collections.abc import Sequence
from functools import lru_cache

from flask_babel import lazy_gettext as _l
from flask_wtf import FlaskForm
from wtforms import BooleanField, HiddenField, RadioField, StringField, TextAreaField
from wtforms.fields.choices import SelectChoice
from wtforms.validators import Length, ValidationError

from scorecards.errors import DomainError
from scorecards.scales import Scale, format_value
from scorecards.vocab import AgeBand, Disability, Gender

NOT_APPLICABLE = "na"
MAX_REASON_LENGTH = 1000
MAX_COMMENT_LENGTH = 2000
_UUID = re.compile(r"^[0-9a-fA-F]{8}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{12}$")


def _one_of_choices(message):
    def check(form, field):
        if field.data in (None, ""):
            return
        if str(field.data) not in {str(tuple(choice)[0]) for choice in field.choices or []}:
            raise ValidationError(message)

    return check


def _required(message):
    def check(form, field):
        if field.data in (None, "", "None"):
            raise ValidationError(message)

    return check


def _uuid_shape(form, field):
    if not _UUID.match(field.data or ""):
        raise ValidationError(_l("This form is out of date. Please reload the page."))


class ScorecardBase(FlaskForm):
    uuid = HiddenField(validators=[_uuid_shape])
    group = RadioField(
        _l("Which group are you in?"),
        validate_choice=False,
        validators=[
            _required(_l("Choose your group.")),
            _one_of_choices(_l("Choose one of the groups listed.")),
        ],
    )
    gender = RadioField(
        _l("Gender"),
        validate_choice=False,
        choices=[
            SelectChoice(Gender.FEMALE.value, _l("Female")),
            SelectChoice(Gender.MALE.value, _l("Male")),
            SelectChoice(Gender.OTHER.value, _l("Other")),
            SelectChoice(Gender.UNDISCLOSED.value, _l("Prefer not to say")),
        ],
        validators=[_one_of_choices(_l("Choose one of the options listed."))],
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
        validators=[_one_of_choices(_l("Choose one of the options listed."))],
    )
    disability = RadioField(
        _l("Do you have a disability?"),
        validate_choice=False,
        choices=[
            SelectChoice(Disability.YES.value, _l("Yes")),
            SelectChoice(Disability.NO.value, _l("No")),
            SelectChoice(Disability.UNDISCLOSED.value, _l("Prefer not to say")),
        ],
        validators=[_one_of_choices(_l("Choose one of the options listed."))],
    )
    comment = TextAreaField(
        _l("Anything else you want to say (optional)"),
        validators=[
            Length(
                max=MAX_COMMENT_LENGTH,
                message=_l("Please keep this under %(max)d characters."),
            )
        ],
    )

    indicator_ids: tuple[int, ...] = ()
    number_input: bool = False
    scale: Scale | None = None


    def answers(self) -> dict[int, tuple[float | None, str | None, str]]:
        """(value, missing reason, reason) per round indicator, for the service."""
        result = {}
        for ri_id in self.indicator_ids:
            raw = (self[f"q{ri_id}"].data or "").strip()
            reason = self[f"r{ri_id}"].data or ""
            not_applicable = raw == NOT_APPLICABLE or (
                self.number_input and raw == "" and self[f"n{ri_id}"].data
            )
            if not_applicable:
                result[ri_id] = (None, NOT_APPLICABLE, reason)
            else:
                result[ri_id] = (float(raw.replace(",", ".")), None, reason)
        return result

    def validate(self, extra_validators=None) -> bool:
        valid = super().validate(extra_validators)
        for ri_id in self.indicator_ids:
            valid = self._validate_answer(ri_id) and valid
        return valid

    def _validate_answer(self, ri_id: int) -> bool:
        field = self[f"q{ri_id}"]
        raw = (field.data or "").strip()
        dont_know = self.number_input and bool(self[f"n{ri_id}"].data)
        if raw == "" and not dont_know:
            field.errors.append(_l('Choose an answer, or "don\'t know / not applicable".'))
            return False
        if raw == "" or raw == NOT_APPLICABLE:
            return True
        if dont_know:
            field.errors.append(_l('Give a number or tick "don\'t know", not both.'))
            return False
        scale = self.scale
        try:
            scale.validate(raw)
        except DomainError as error:
            if error.code == "value_not_on_step":
                field.errors.append(
                    _l(
                        "Choose a value from %(min)d to %(max)d in steps of %(step)s: "
                        "%(allowed)s.",
                        min=scale.min_value,
                        max=scale.max_value,
                        step=format_value(scale.step),
                        allowed=scale.allowed_values_text(),
                    )
                )
            else:
                field.errors.append(
                    _l(
                        "Choose a whole number from %(min)d to %(max)d.",
                        min=scale.min_value,
                        max=scale.max_value,
                    )
                )
            return False
        return True


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
    reason_length = Length(
        max=MAX_REASON_LENGTH, message=_l("Please keep this under %(max)d characters.")
    )
    for ri_id in indicator_ids:
        if number_input:
            attributes[f"q{ri_id}"] = StringField(
                _l("Your score (%(min)d–%(max)d)", min=scale.min_value, max=scale.max_value)
            )
            attributes[f"n{ri_id}"] = BooleanField(_l("Don't know / not applicable"))
        else:
            attributes[f"q{ri_id}"] = RadioField(validate_choice=False)
        attributes[f"r{ri_id}"] = TextAreaField(
            _l("Why? (optional)"), validators=[reason_length]
        )
    return type("ScorecardForm", (ScorecardBase,), attributes)
