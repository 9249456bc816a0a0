"""Sentences for the account and password DomainError codes, in the user's language."""

from __future__ import annotations

from flask_babel import gettext as _

from scorecards.errors import DomainError


def account_error_message(error: DomainError) -> str:
    """The translated sentence for ``error``; an unknown code gets a generic sentence."""
    messages = {
        "password_too_short": lambda: _(
            "The password must have at least %(min)s characters.", min=error.params.get("min", 10)
        ),
        "password_too_long": lambda: _("The password is too long."),
        "password_common": lambda: _(
            "This password is one of the most common ones and easy to guess. Choose another."
        ),
        "password_personal": lambda: _(
            "The password must not contain your e-mail, your name or the name of this site."
        ),
        "password_repetitive": lambda: _(
            "The password repeats too few characters. Choose a longer, varied one."
        ),
        "password_wrong": lambda: _("The current password is not correct."),
        "password_unchanged": lambda: _("The new password must differ from the current one."),
        "email_taken": lambda: _("An account with this e-mail already exists."),
        "email_invalid": lambda: _("This is not a valid e-mail address."),
        "role_unknown": lambda: _("Choose a role from the list."),
        "organisation_required": lambda: _("Choose the organisation this person works for."),
        "area_required": lambda: _("Choose at least one area for this role."),
        "own_account": lambda: _("You cannot change your own role or deactivate yourself."),
        "last_admin": lambda: _("At least one active administrator must remain."),
    }
    make = messages.get(error.code)
    return make() if make else _("This value is not accepted.")
