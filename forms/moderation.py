"""Forms of the free-text moderation page. Choices of indicators and texts are filled in
by the view from the round."""

from __future__ import annotations

from flask_babel import lazy_gettext as _l
from flask_wtf import FlaskForm
from wtforms import SelectField, SelectMultipleField, StringField
from wtforms.fields.choices import SelectChoice
from wtforms.validators import Optional, Regexp

from scorecards.moderation import TextKind, TextStatus
from scorecards.vocab import Side

SIDE_CHOICES = [
    SelectChoice("", _l("Both sides")),
    SelectChoice(Side.COMMUNITY.value, _l("Community")),
    SelectChoice(Side.PROVIDER.value, _l("Providers")),
]
STATUS_CHOICES = [
    SelectChoice("", _l("Every state")),
    SelectChoice(TextStatus.PENDING.value, _l("Not reviewed yet")),
    SelectChoice(TextStatus.APPROVED.value, _l("Approved for publication")),
    SelectChoice(TextStatus.HIDDEN.value, _l("Hidden")),
]
KIND_CHOICES = [
    SelectChoice("", _l("Every kind")),
    SelectChoice(TextKind.REASON.value, _l("Reason given with a score")),
    SelectChoice(TextKind.COMMENT.value, _l("Closing comment")),
    SelectChoice(TextKind.CONSENSUS.value, _l("Group consensus reason")),
]
BULK_CHOICES = [
    SelectChoice("approve_selected", _l("Approve the selected texts")),
    SelectChoice("hide_selected", _l("Hide the selected texts")),
    SelectChoice("approve_shown", _l("Approve every text shown")),
    SelectChoice("hide_shown", _l("Hide every text shown")),
]


def _indicator_or_none(value):
    if value in (None, "", "None"):
        return None
    try:
        return int(value)
    except (TypeError, ValueError):
        return -1  # not an indicator of the round: refused by the choices


class TextFilterForm(FlaskForm):
    """Which texts the moderation page shows (GET, a read: no CSRF)."""

    class Meta:
        csrf = False

    side = SelectField(_l("Side"), choices=SIDE_CHOICES, validators=[Optional()])
    indicator = SelectField(_l("Indicator"), coerce=_indicator_or_none, validators=[Optional()])
    status = SelectField(_l("State"), choices=STATUS_CHOICES, validators=[Optional()])
    kind = SelectField(_l("Kind of text"), choices=KIND_CHOICES, validators=[Optional()])


class ModerationForm(FlaskForm):
    """Approve or hide texts: several at once (``bulk`` with the ticked ``selected``, or
    every text the filters show), or one (``one`` = ``approve:reason-12``)."""

    # The texts ticked, and the texts the page showed: a decision applies only to texts
    # the facilitator saw (the view keeps those that still match), never to one that
    # arrived after the page was drawn.
    selected = SelectMultipleField(_l("Selected texts"), validate_choice=False)
    shown = SelectMultipleField(validate_choice=False)
    bulk = SelectField(_l("Decision"), choices=BULK_CHOICES, validators=[Optional()])
    one = StringField(
        validators=[
            Optional(),
            Regexp(
                r"^(approve|hide):(reason|comment|consensus)-[1-9][0-9]{0,17}\Z",
                message=_l("Unknown text."),
            ),
        ]
    )
