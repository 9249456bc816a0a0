"""Forms of the stored-answers pages: the list's filters and a withdrawal's reason."""

from __future__ import annotations

from flask_babel import lazy_gettext as _l
from flask_wtf import FlaskForm
from wtforms import SelectField, TextAreaField
from wtforms.fields.choices import SelectChoice

from forms.cycle import int_or_none
from scorecards.vocab import Channel, Side

EVERY = SelectChoice("", "—")
SIDE_CHOICES = [
    EVERY,
    SelectChoice(Side.COMMUNITY.value, _l("Community")),
    SelectChoice(Side.PROVIDER.value, _l("Providers")),
]
CHANNEL_CHOICES = [
    EVERY,
    SelectChoice(Channel.PHONE.value, _l("Phone")),
    SelectChoice(Channel.TABLET.value, _l("Tablet")),
    SelectChoice(Channel.PAPER.value, _l("Paper, typed in")),
    SelectChoice(Channel.IMPORT.value, _l("Imported file")),
    SelectChoice(Channel.SMS.value, _l("SMS")),
]
STATE_CHOICES = [
    EVERY,
    SelectChoice("active", _l("Counted")),
    SelectChoice("withdrawn", _l("Withdrawn")),
    SelectChoice("flagged", _l("Flagged: unusual sends still counted")),
]


class AnswerFilterForm(FlaskForm):
    """Filters of a round's list of stored responses (GET, no CSRF needed for a read).
    The group and batch choices are filled in by the view."""

    class Meta:
        csrf = False

    side = SelectField(_l("Side"), choices=SIDE_CHOICES, validate_choice=False)
    channel = SelectField(_l("Channel"), choices=CHANNEL_CHOICES, validate_choice=False)
    group = SelectField(_l("Group"), coerce=int_or_none, validate_choice=False)
    batch = SelectField(_l("Import batch"), coerce=int_or_none, validate_choice=False)
    state = SelectField(_l("Status"), choices=STATE_CHOICES, validate_choice=False)


class WithdrawForm(FlaskForm):
    """Why a response (or a whole imported file) is withdrawn; the service checks it."""

    reason = TextAreaField(_l("Reason for withdrawing"))
