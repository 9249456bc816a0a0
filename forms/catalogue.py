"""The catalogue's forms: sectors, facility types, library indicators and templates.

Choices (sectors, facility types, scales, indicators) are filled in by the views.
Every message names the field it is about.
"""

from collections.abc import Sequence
from functools import lru_cache

from flask_babel import lazy_gettext as _l
from flask_wtf import FlaskForm
from wtforms import SelectField, SelectMultipleField, StringField, TextAreaField
from wtforms.fields.choices import SelectChoice
from wtforms.validators import DataRequired, Length, Optional

from forms.i18n import TranslatedForm
from scorecards.catalogue import CODE_MAX_LENGTH


def int_or_zero(value) -> int:
    """A select's value as an id; anything else (the empty choice) is 0."""
    try:
        return int(value)
    except (TypeError, ValueError):
        return 0


def _code_field(label):
    return StringField(label, validators=[Optional(), Length(max=CODE_MAX_LENGTH)])


class SectorForm(TranslatedForm):
    code = StringField(
        _l("Code"),
        validators=[
            DataRequired(message=_l("Enter the sector's code.")),
            Length(max=CODE_MAX_LENGTH),
        ],
    )
    name_mn = StringField(
        _l("Name (Mongolian)"),
        validators=[DataRequired(message=_l("Enter the name in Mongolian.")), Length(max=120)],
    )
    name_en = StringField(_l("Name (English)"), validators=[Optional(), Length(max=120)])
    translated_languages: tuple[str, ...] = ()


class FacilityTypeForm(TranslatedForm):
    code = StringField(
        _l("Code"),
        validators=[
            DataRequired(message=_l("Enter the facility type's code.")),
            Length(max=CODE_MAX_LENGTH),
        ],
    )
    sector = SelectField(_l("Sector"), coerce=int_or_zero)
    name_mn = StringField(
        _l("Name (Mongolian)"),
        validators=[DataRequired(message=_l("Enter the name in Mongolian.")), Length(max=120)],
    )
    name_en = StringField(_l("Name (English)"), validators=[Optional(), Length(max=120)])
    translated_languages: tuple[str, ...] = ()


NAME_LABELS = {"kk": _l("Name (Kazakh)")}
"""The label of the name field of a language without a column, where it has one."""


def with_name_translations(form_class: type, languages: Sequence[str]) -> type:
    """``form_class`` (a sector's or facility type's form) with an optional ``name_<code>``
    field per language in ``languages`` (the offered languages without a column: Kazakh).

    ``translated_languages`` on the class lists them for the template. Classes are kept
    per (form, languages), so each is built once per process."""
    return _with_name_translations(form_class, tuple(languages))


@lru_cache(maxsize=32)
def _with_name_translations(form_class: type, languages: tuple[str, ...]) -> type:
    attributes: dict[str, object] = {"translated_languages": languages}
    for code in languages:
        label = NAME_LABELS.get(code) or _l("Name (%(language)s)", language=code)
        attributes[f"name_{code}"] = StringField(
            label, validators=[Optional(), Length(max=120)]
        )
    return type(form_class.__name__, (form_class,), attributes)


class IndicatorForm(TranslatedForm):
    """A library indicator: its text and hint in every offered language."""

    code = _code_field(_l("Code (empty: the sector's next number)"))
    sector = SelectField(_l("Sector"), coerce=int_or_zero)
    facility_types = SelectMultipleField(_l("Facility types"), coerce=int)
    text_mn = TextAreaField(
        _l("Indicator (Mongolian)"),
        validators=[
            DataRequired(message=_l("Enter the indicator in Mongolian.")),
            Length(max=500),
        ],
    )
    text_en = TextAreaField(_l("Indicator (English)"), validators=[Optional(), Length(max=500)])
    hint_mn = TextAreaField(_l("Hint (Mongolian)"), validators=[Optional(), Length(max=500)])
    hint_en = TextAreaField(_l("Hint (English)"), validators=[Optional(), Length(max=500)])
    text_kk = TextAreaField(_l("Indicator (Kazakh)"), validators=[Optional(), Length(max=500)])
    hint_kk = TextAreaField(_l("Hint (Kazakh)"), validators=[Optional(), Length(max=500)])


class IndicatorSearchForm(TranslatedForm):
    class Meta:
        csrf = False

    sector = SelectField(_l("Sector"), coerce=int_or_zero, default=0)
    facility_type = SelectField(_l("Facility type"), coerce=int_or_zero, default=0)
    q = StringField(_l("Text or code"), validators=[Optional(), Length(max=200)])
    status = SelectField(
        _l("Status"),
        default="current",
        choices=[
            SelectChoice("current", _l("Offered for new use")),
            SelectChoice("retired", _l("Retired")),
            SelectChoice("all", _l("Every version")),
        ],
    )


class TemplateForm(TranslatedForm):
    """A template's heading; its indicators are added, moved and removed one by one."""

    code = _code_field(_l("Code (empty: made from the sector)"))
    name_mn = StringField(
        _l("Name (Mongolian)"),
        validators=[DataRequired(message=_l("Enter the name in Mongolian.")), Length(max=200)],
    )
    name_en = StringField(_l("Name (English)"), validators=[Optional(), Length(max=200)])
    sector = SelectField(_l("Sector"), coerce=int_or_zero)
    facility_types = SelectMultipleField(_l("Facility types"), coerce=int)
    scale = SelectField(_l("Scale"), coerce=int_or_zero)
    consensus_scale = SelectField(_l("Consensus scale"), coerce=int_or_zero, default=0)


class TemplateIndicatorForm(FlaskForm):
    indicator = SelectField(_l("Indicator from the library"), coerce=int_or_zero)


class ConfirmForm(FlaskForm):
    """A button that changes something: only the CSRF token."""


def demographic_labels_form(
    fields: Sequence[tuple[str, str, bool]], max_length: int
) -> type[TranslatedForm]:
    """The answers page's form: one text field per (answer, language).

    ``fields`` holds (field name, label, required) as the view lays them out (the
    view knows the answers and the offered languages); a required field is an answer's
    Mongolian label, which every page falls back to. Every label has at most
    ``max_length`` characters."""
    attributes: dict[str, object] = {}
    for name, label, required in fields:
        first = (
            DataRequired(message=_l("Enter the label in Mongolian."))
            if required
            else Optional()
        )
        attributes[name] = StringField(
            label,
            validators=[
                first,
                Length(max=max_length, message=_l("A label has at most %(max)d characters.")),
            ],
        )
    return type("DemographicLabelsForm", (TranslatedForm,), attributes)
