"""Administrators' forms: inviting and editing staff accounts, filtering users and the audit log.

Choices (organisations, areas) are filled in by the views.
"""

from flask_babel import lazy_gettext as _l
from wtforms import (
    DateField,
    EmailField,
    IntegerField,
    SelectField,
    SelectMultipleField,
    StringField,
)
from wtforms.fields.choices import SelectChoice
from wtforms.validators import (
    DataRequired,
    Email,
    Length,
    NumberRange,
    Optional,
    ValidationError,
)

from forms.i18n import TranslatedForm
from scorecards.vocab import OrganisationKind, Role


def role_choices():
    """The roles from the least privileged to the most (an invitation starts at the first)."""
    return [
        (Role.PROVIDER.value, _l("Service provider")),
        (Role.OFFICIAL.value, _l("Official")),
        (Role.FACILITATOR.value, _l("Facilitator")),
        (Role.COORDINATOR.value, _l("Coordinator (reviews and publishes)")),
        (Role.ADMIN.value, _l("Administrator")),
    ]


LEAST_PRIVILEGED_ROLE = Role.PROVIDER.value


def _coerce_int_or_zero(value) -> int:
    try:
        return int(value)
    except (TypeError, ValueError):
        return 0


class AccountFields(TranslatedForm):
    display_name = StringField(
        _l("Name"),
        validators=[DataRequired(message=_l("Enter the person's name.")), Length(max=120)],
    )
    role = SelectField(
        _l("Role"),
        choices=role_choices,
        validators=[DataRequired(message=_l("Choose a role from the list."))],
        validate_choice=True,
    )
    organisation_id = SelectField(
        _l("Organisation"), coerce=_coerce_int_or_zero, validate_choice=True, default=0
    )
    area_ids = SelectMultipleField(
        _l("Areas"),
        coerce=_coerce_int_or_zero,
        description=_l("Facilitators, coordinators and officials see only these aimags or soums."),
    )

    def validate_area_ids(self, field):
        valid = {value for value, _label in _flat_choices(field.choices)}
        if any(value not in valid for value in field.data or []):
            raise ValidationError(_l("Choose areas from the list."))


def _flat_choices(choices):
    if isinstance(choices, dict):
        for group in choices.values():
            yield from group
    else:
        yield from choices or []


class InviteForm(AccountFields):
    role = SelectField(
        _l("Role"),
        choices=role_choices,
        default=LEAST_PRIVILEGED_ROLE,
        validators=[DataRequired(message=_l("Choose a role from the list."))],
        validate_choice=True,
    )
    email = EmailField(
        _l("E-mail"),
        validators=[
            DataRequired(message=_l("Enter your e-mail address.")),
            Email(message=_l("This is not a valid e-mail address."), check_deliverability=False),
            Length(max=254),
        ],
    )


class EditUserForm(AccountFields):
    pass


def organisation_kind_choices():
    return [
        (OrganisationKind.NGO.value, _l("Non-governmental organisation")),
        (OrganisationKind.GOVERNMENT.value, _l("Government office")),
        (OrganisationKind.PROVIDER.value, _l("Service provider")),
        (OrganisationKind.DONOR.value, _l("Donor")),
    ]


class OrganisationForm(TranslatedForm):
    name_mn = StringField(
        _l("Name (Mongolian)"),
        validators=[DataRequired(message=_l("Enter the organisation's name.")), Length(max=200)],
    )
    name_en = StringField(_l("Name (English)"), validators=[Optional(), Length(max=200)])
    kind = SelectField(_l("Kind"), choices=organisation_kind_choices, validate_choice=True)


class UserFilterForm(TranslatedForm):
    class Meta:
        csrf = False

    role = SelectField(
        _l("Role"), choices=lambda: [("", _l("All roles")), *role_choices()], default=""
    )
    organisation_id = SelectField(_l("Organisation"), coerce=_coerce_int_or_zero, default=0)
    status = SelectField(
        _l("Status"),
        default="",
        choices=[
            SelectChoice("", _l("All")),
            SelectChoice("active", _l("Active")),
            SelectChoice("inactive", _l("Deactivated")),
            SelectChoice("invited", _l("Invited, not yet signed in")),
            SelectChoice("locked", _l("Locked after failed sign-ins")),
        ],
    )
    q = StringField(_l("Name or e-mail"), validators=[Optional(), Length(max=100)])


class AuditFilterForm(TranslatedForm):
    class Meta:
        csrf = False

    user = StringField(_l("User e-mail"), validators=[Optional(), Length(max=254)])
    # Choices (the recorded actions and things, in words) are filled in by the view; a
    # code prefix such as "user." typed into the address still filters.
    action = SelectField(_l("Action"), validators=[Optional(), Length(max=60)],
                         validate_choice=False, default="")
    entity = SelectField(_l("Changed"), validators=[Optional(), Length(max=60)],
                         validate_choice=False, default="")
    entity_id = IntegerField(
        _l("Entity id"), validators=[Optional(), NumberRange(min=0, max=2**31 - 1)]
    )
    date_from = DateField(_l("From"), validators=[Optional()])
    date_to = DateField(_l("To"), validators=[Optional()])
