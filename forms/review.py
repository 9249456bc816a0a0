"""Forms of review and answering: confirmed publication and unlocking, sending a round back,
withdrawing an action, and the filters of an official's inbox."""

from __future__ import annotations

from flask_babel import lazy_gettext as _l
from flask_wtf import FlaskForm
from wtforms import BooleanField, SelectField, TextAreaField
from wtforms.validators import DataRequired, Length

from forms.cycle import int_or_none


class PublishForm(FlaskForm):
    """Publishing needs the box ticked: the server refuses a publication without it."""

    confirm = BooleanField(
        _l("I have checked this round: publish its figures and lock it"),
        validators=[DataRequired(message=_l("Tick the box to confirm the publication."))],
    )


class UnlockForm(FlaskForm):
    """Unlocking needs a reason and the box ticked."""

    reason = TextAreaField(
        _l("Reason for unlocking"),
        validators=[DataRequired(message=_l("Give a reason.")), Length(max=2000)],
    )
    confirm = BooleanField(
        _l("Yes, take this round out of every public report now"),
        validators=[DataRequired(message=_l("Tick the box to confirm the unlocking."))],
    )


class SendBackForm(FlaskForm):
    comment = TextAreaField(
        _l("What the facilitator should fix"),
        validators=[
            DataRequired(message=_l("Write what should be fixed.")),
            Length(max=4000, message=_l("Keep the comment under 4000 characters.")),
        ],
    )


class WithdrawActionForm(FlaskForm):
    reason = TextAreaField(
        _l("Why is this action withdrawn?"),
        validators=[DataRequired(message=_l("Give a reason.")), Length(max=2000)],
    )


class InboxFilterForm(FlaskForm):
    """Filters of the inbox (GET, no CSRF needed for a read)."""

    class Meta:
        csrf = False

    status = SelectField(_l("Status"), default="open", validate_choice=False)
    soum = SelectField(_l("Soum or district"), coerce=int_or_none, validate_choice=False)
    facility = SelectField(_l("Facility"), coerce=int_or_none, validate_choice=False)
    overdue = BooleanField(_l("Overdue only"))
