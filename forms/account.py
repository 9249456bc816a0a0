"""Changing one's own password."""

from flask_babel import lazy_gettext as _l
from wtforms import PasswordField
from wtforms.validators import DataRequired, EqualTo, Length

from forms.i18n import TranslatedForm

MAX_PASSWORD_LENGTH = 1024


class ChangePasswordForm(TranslatedForm):
    current_password = PasswordField(
        _l("Current password"),
        validators=[
            DataRequired(message=_l("Enter your current password.")),
            Length(max=MAX_PASSWORD_LENGTH),
        ],
    )
    new_password = PasswordField(
        _l("New password"),
        description=_l("At least 10 characters; a few unrelated words make a good password."),
        validators=[
            DataRequired(message=_l("Enter a new password.")),
            Length(max=MAX_PASSWORD_LENGTH),
        ],
    )
    confirm = PasswordField(
        _l("New password again"),
        validators=[
            DataRequired(message=_l("Enter the new password again.")),
            EqualTo("new_password", message=_l("The two new passwords differ.")),
        ],
    )


class SetPasswordForm(TranslatedForm):
    """Choosing a first password from an invitation link."""

    new_password = ChangePasswordForm.new_password
    confirm = ChangePasswordForm.confirm
