"""Forms of the facilitator's cycle pages. Choices are filled in by the views."""

from __future__ import annotations

from collections.abc import Sequence
from functools import lru_cache

from flask_babel import lazy_gettext as _l
from flask_wtf import FlaskForm
from flask_wtf.file import FileField
from wtforms import (
    BooleanField,
    DateField,
    DecimalField,
    FieldList,
    FormField,
    HiddenField,
    IntegerField,
    SelectField,
    SelectMultipleField,
    StringField,
    TextAreaField,
)
from wtforms.fields.choices import SelectChoice
from wtforms.validators import (
    DataRequired,
    InputRequired,
    Length,
    NumberRange,
    Optional,
    ValidationError,
)

from scorecards.vocab import ActionStatus, GroupKind, Responsible, Side

REQUIRED = _l("This field is required.")

GROUP_KINDS = [
    (GroupKind.WOMEN.value, _l("Women")),
    (GroupKind.MEN.value, _l("Men")),
    (GroupKind.YOUTH.value, _l("Youth")),
    (GroupKind.PARENTS.value, _l("Parents")),
    (GroupKind.STUDENTS.value, _l("Students")),
    (GroupKind.PATIENTS.value, _l("Patients")),
    (GroupKind.ELDERLY.value, _l("Elderly people")),
    (GroupKind.DISABILITY.value, _l("People with disabilities")),
    (GroupKind.HERDERS.value, _l("Herders")),
    (GroupKind.MIXED.value, _l("Mixed group")),
    (GroupKind.PROVIDERS.value, _l("Service providers")),
]
SIDES = [(Side.COMMUNITY.value, _l("Community")), (Side.PROVIDER.value, _l("Providers"))]


def _select_choices(pairs) -> list[SelectChoice]:
    """(value, label) pairs as WTForms choices (tuples are deprecated)."""
    return [SelectChoice(value, label) for value, label in pairs]


ASKED_OF = [
    SelectChoice("both", _l("Both sides")),
    SelectChoice(Side.COMMUNITY.value, _l("Community only")),
    SelectChoice(Side.PROVIDER.value, _l("Providers only")),
]


def int_or_none(value):
    """A select's submitted id as an int, or ``None`` for empty or not a number."""
    if value in (None, "", "None"):
        return None
    try:
        return int(value)
    except (TypeError, ValueError):
        return None


class WorkspaceFilterForm(FlaskForm):
    """Search of the workspace (GET, no CSRF needed for a read)."""

    class Meta:
        csrf = False

    aimag = SelectField(_l("Aimag"), coerce=int_or_none, validate_choice=False)
    soum = SelectField(_l("Soum or district"), coerce=int_or_none, validate_choice=False)
    facility = StringField(_l("Facility"), validators=[Optional(), Length(max=100)])
    sector = SelectField(_l("Sector"), coerce=int_or_none, validate_choice=False)
    period = StringField(_l("Period"), validators=[Optional(), Length(max=20)])


class MoveForm(FlaskForm):
    target = HiddenField(validators=[DataRequired()])


class UnlockForm(FlaskForm):
    reason = TextAreaField(
        _l("Reason for unlocking"),
        validators=[DataRequired(message=_l("Give a reason.")), Length(max=2000)],
    )


class GroupRowForm(FlaskForm):
    """One planned group; rows without a name are ignored."""

    class Meta:
        csrf = False

    kind = SelectField(
        _l("Group"),
        choices=_select_choices(GROUP_KINDS),
        default="mixed",
        validate_choice=False,
    )

    def validate_kind(self, field):
        if (self.group_name.data or "").strip() and field.data not in set(GroupKind):
            raise ValidationError(_l("Not a valid choice."))

    group_name = StringField(_l("Name"), validators=[Optional(), Length(max=120)])
    expected_size = IntegerField(
        _l("Expected size"),
        validators=[Optional(), NumberRange(min=0, max=500, message=_l("Between 0 and 500."))],
    )


class RoundCreateForm(FlaskForm):
    aimag = SelectField(_l("Aimag"), coerce=int_or_none, validate_choice=False)
    soum = SelectField(_l("Soum or district"), coerce=int_or_none, validate_choice=False)
    facility = SelectField(_l("Facility"), coerce=int_or_none)
    new_facility_name = StringField(_l("Or add a facility: name"), validators=[Length(max=200)])
    new_facility_type = SelectField(_l("Facility type"), coerce=int_or_none)
    template = SelectField(_l("Template"), coerce=int)
    period_label = StringField(
        _l("Period"),
        validators=[DataRequired(message=REQUIRED), Length(max=20)],
        description=_l("For example 2026-H2"),
    )
    period_start = DateField(_l("Start"), validators=[InputRequired(message=REQUIRED)])
    period_end = DateField(_l("End"), validators=[InputRequired(message=REQUIRED)])
    facilitators = SelectMultipleField(_l("Facilitators"), coerce=int)
    previous_round = SelectField(_l("Follow-up of"), coerce=int_or_none)
    # Choices (the offered languages) are filled in by the view; "" = the default.
    language = SelectField(
        _l("Language of the scorecard"),
        default="",
        description=_l("The join link and QR code open the citizens' pages in it."),
    )
    groups = FieldList(FormField(GroupRowForm), min_entries=5, max_entries=20)

    def validate_period_end(self, field):
        if self.period_start.data and field.data and field.data < self.period_start.data:
            raise ValidationError(_l("The end is before the start."))

    def validate_facility(self, field):
        if not field.data and not (self.new_facility_name.data or "").strip():
            raise ValidationError(_l("Choose a facility or add one."))

    def validate_new_facility_type(self, field):
        if (self.new_facility_name.data or "").strip() and not self.facility.data:
            if not field.data:
                raise ValidationError(_l("Choose the type of the new facility."))
            if not self.soum.data:
                self.soum.errors.append(_l("Choose the soum or district of the new facility."))
                raise ValidationError(_l("Choose the soum or district of the new facility."))


class RoundLanguageForm(FlaskForm):
    # Choices (the offered languages) are filled in by the view; "" = the default.
    language = SelectField(_l("Language of the scorecard"))


class LibraryIndicatorForm(FlaskForm):
    indicator = SelectField(_l("Indicator from the library"), coerce=int)


class ProposedIndicatorForm(FlaskForm):
    text_mn = StringField(
        _l("Indicator (Mongolian)"),
        validators=[DataRequired(message=REQUIRED), Length(max=300)],
    )
    text_en = StringField(_l("Indicator (English)"), validators=[Optional(), Length(max=300)])
    translated_languages: tuple[str, ...] = ()
    origin = SelectField(
        _l("Proposed by"),
        choices=[
            SelectChoice(Side.COMMUNITY.value, _l("Community")),
            SelectChoice(Side.PROVIDER.value, _l("Providers")),
        ],
    )
    groups = SelectMultipleField(_l("Proposing groups"), coerce=int)
    asked_of = SelectField(
        _l("Asked of"),
        choices=ASKED_OF,
        default="both",
        description=_l("Who scores this indicator: the community, the providers, or both."),
    )


INDICATOR_LABELS = {"kk": _l("Indicator (Kazakh)")}
"""The label of a proposed indicator's text in a language without a column."""


def proposed_indicator_form(languages: Sequence[str]) -> type[ProposedIndicatorForm]:
    """:class:`ProposedIndicatorForm` with an optional ``text_<code>`` field per language
    in ``languages`` (the offered languages without a column: Kazakh), listed in
    ``translated_languages`` for the template. Built once per languages."""
    return _proposed_indicator_form(tuple(languages))


@lru_cache(maxsize=8)
def _proposed_indicator_form(languages: tuple[str, ...]) -> type[ProposedIndicatorForm]:
    attributes: dict[str, object] = {"translated_languages": languages}
    for code in languages:
        label = INDICATOR_LABELS.get(code) or _l("Indicator (%(language)s)", language=code)
        attributes[f"text_{code}"] = StringField(label, validators=[Optional(), Length(max=300)])
    return type("ProposedIndicatorForm", (ProposedIndicatorForm,), attributes)


class DropIndicatorForm(FlaskForm):
    """Removing an indicator needs the box ticked (a plain POST, no script needed)."""

    confirm = BooleanField(
        _l("Yes, remove this indicator from the round"),
        validators=[DataRequired(message=_l("Tick the box to confirm the removal."))],
    )


class GroupForm(FlaskForm):
    kind = SelectField(_l("Kind"), choices=_select_choices(GROUP_KINDS))
    side = SelectField(_l("Side"), choices=_select_choices(SIDES))
    label = StringField(_l("Name"), validators=[DataRequired(message=REQUIRED), Length(max=120)])
    # Shown to citizens reading Kazakh (a translation row); empty: the name above.
    label_kk = StringField(_l("Name (Kazakh)"), validators=[Optional(), Length(max=120)])
    expected_size = IntegerField(
        _l("Expected size"),
        default=0,
        validators=[InputRequired(message=REQUIRED), NumberRange(min=0, max=500)],
    )
    count_female = IntegerField(
        _l("Women"), default=0, validators=[Optional(), NumberRange(0, 500)]
    )
    count_male = IntegerField(_l("Men"), default=0, validators=[Optional(), NumberRange(0, 500)])
    count_other = IntegerField(_l("Other"), default=0, validators=[Optional(), NumberRange(0, 500)])


class InputRowForm(FlaskForm):
    class Meta:
        csrf = False

    item_id = HiddenField()
    item = StringField(_l("Item"), validators=[Optional(), Length(max=200)])
    norm = DecimalField(
        _l("Norm"), validators=[Optional(), NumberRange(min=0, message=_l("Not negative."))]
    )
    actual = DecimalField(
        _l("Actual"), validators=[Optional(), NumberRange(min=0, message=_l("Not negative."))]
    )
    unit = StringField(_l("Unit"), validators=[Optional(), Length(max=40)])
    source = StringField(_l("Source"), validators=[Optional(), Length(max=200)])
    note = StringField(_l("Note"), validators=[Optional(), Length(max=2000)])


class InputSheetForm(FlaskForm):
    rows = FieldList(FormField(InputRowForm), min_entries=0, max_entries=200)


class ImportUploadForm(FlaskForm):
    file = FileField(_l("CSV or XLSX file"))
    kind = SelectField(
        _l("What the file holds"),
        choices=[
            SelectChoice("responses", _l("Paper scorecards, one respondent per row")),
            SelectChoice("tallies", _l("Tallies per group")),
        ],
    )
    side = SelectField(
        _l("Side"),
        choices=[
            SelectChoice("community", _l("Community")),
            SelectChoice("provider", _l("Providers")),
        ],
    )


class ImportChoiceForm(FlaskForm):
    choice = HiddenField(validators=[DataRequired()])


class MeetingForm(FlaskForm):
    held_on = DateField(_l("Date"), validators=[InputRequired(message=REQUIRED)])
    place = StringField(_l("Place"), validators=[Optional(), Length(max=200)])
    community_female = IntegerField(
        _l("Community, women"), default=0, validators=[Optional(), NumberRange(0, 10000)]
    )
    community_male = IntegerField(
        _l("Community, men"), default=0, validators=[Optional(), NumberRange(0, 10000)]
    )
    provider_female = IntegerField(
        _l("Providers, women"), default=0, validators=[Optional(), NumberRange(0, 10000)]
    )
    provider_male = IntegerField(
        _l("Providers, men"), default=0, validators=[Optional(), NumberRange(0, 10000)]
    )
    officials = IntegerField(
        _l("Officials"), default=0, validators=[Optional(), NumberRange(0, 10000)]
    )
    notes = TextAreaField(_l("Notes"), validators=[Optional(), Length(max=20000)])
    decisions = TextAreaField(_l("Decisions"), validators=[Optional(), Length(max=20000)])


class ActionForm(FlaskForm):
    subject = SelectField(_l("Answers"), validators=[DataRequired(message=REQUIRED)])
    description = TextAreaField(
        _l("What"), validators=[DataRequired(message=REQUIRED), Length(max=4000)]
    )
    responsible = SelectField(
        _l("Responsible"), choices=_select_choices((r.value, r.value) for r in Responsible)
    )
    responsible_detail = StringField(_l("Who exactly"), validators=[Optional(), Length(max=200)])
    due_date = DateField(_l("Due date"), validators=[Optional()])
    resources = TextAreaField(_l("Resources"), validators=[Optional(), Length(max=4000)])


class ActionUpdateForm(FlaskForm):
    on_date = DateField(_l("Date"), validators=[InputRequired(message=REQUIRED)])
    status = SelectField(
        _l("Status"), choices=_select_choices((s.value, s.value) for s in ActionStatus)
    )
    note = TextAreaField(_l("Note"), validators=[Optional(), Length(max=4000)])
