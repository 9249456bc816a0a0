"""Account e-mails: asking for a password reset link, e-mail preferences, e-mailing an
invitation link. (Choosing the new password reuses ``forms.account.SetPasswordForm``.)"""

from flask_babel import lazy_gettext as _l
from wtforms import BooleanField, EmailField, HiddenField, SelectField
from wtforms.validators import DataRequired, Email, Length

from forms.i18n import TranslatedForm


class ResetRequestForm(TranslatedForm):
    email = EmailField(
        _l("E-mail"),
        validators=[
            DataRequired(message=_l("Enter your e-mail address.")),
            Email(message=_l("This is not a valid e-mail address."), check_deliverability=False),
            Length(max=254),
        ],
    )


class NotificationSettingsForm(TranslatedForm):
    """The view fills ``email_language.choices`` with the offered languages."""

    notify_email = BooleanField(_l("Send me e-mail notifications"))
    email_language = SelectField(
        _l("Language of the e-mails"),
        validate_choice=True,
        validators=[DataRequired(message=_l("Choose a language from the list."))],
    )


class EmailInvitationForm(TranslatedForm):
    """The invitation link shown to the administrator, sent back to be e-mailed."""

    link = HiddenField(validators=[DataRequired(), Length(max=500)])
