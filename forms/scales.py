"""Forms for scales made by users and for the scales a round scores on.

Shape only: the rules of a scale (at least two points, labels unique, the step
dividing the range…) are the domain's (``scorecards.scales.labelled_scale`` and
``range_scale``), so the same message names the field whichever way a scale is made.
Numbers are typed as text so a comma works as the decimal mark ("0,5").
"""

from __future__ import annotations

from flask_babel import lazy_gettext as _l
from wtforms import FieldList, FormField, SelectField, StringField
from wtforms.fields.choices import SelectChoice
from wtforms.validators import Length

from forms.i18n import TranslatedForm
from scorecards.scales import COLOUR_MARKS, FACE_MARKS, MAX_POINTS

MARK_NAMES = {
    "face1": _l("Face: very unhappy"),
    "face2": _l("Face: unhappy"),
    "face3": _l("Face: neutral"),
    "face4": _l("Face: happy"),
    "face5": _l("Face: very happy"),
    "red": _l("Colour: red"),
    "amber": _l("Colour: amber"),
    "yellow": _l("Colour: yellow"),
    "green": _l("Colour: green"),
    "blue": _l("Colour: blue"),
    "grey": _l("Colour: grey"),
}


def _mark_choices() -> list[SelectChoice]:
    return [SelectChoice("", _l("None"))] + [
        SelectChoice(code, MARK_NAMES[code]) for code in (*FACE_MARKS, *COLOUR_MARKS)
    ]


class PointForm(TranslatedForm):
    class Meta:
        csrf = False

    label_mn = StringField(_l("Label (Mongolian)"), validators=[Length(max=80)])
    label_en = StringField(_l("Label (English)"), validators=[Length(max=80)])
    label_kk = StringField(_l("Label (Kazakh)"), validators=[Length(max=80)])
    mark = SelectField(_l("Face or colour"), choices=_mark_choices, validate_choice=True)


class ScaleNames(TranslatedForm):
    name_mn = StringField(_l("Name (Mongolian)"), validators=[Length(max=120)])
    name_en = StringField(_l("Name (English)"), validators=[Length(max=120)])


class LabelledScaleForm(ScaleNames):
    """Ordered labelled points, lowest first; blank rows at the end are ignored."""

    points = FieldList(FormField(PointForm), min_entries=MAX_POINTS, max_entries=MAX_POINTS)
    positive_from = SelectField(
        _l("Positive from point"),
        choices=[SelectChoice(str(n), str(n)) for n in range(1, MAX_POINTS + 1)],
        validate_choice=True,
    )

    def labels(self) -> list[tuple[str, str, str]]:
        """(label_mn, label_en, mark) of each typed point, trailing blank rows dropped."""
        rows = [
            (row.form.label_mn.data or "", row.form.label_en.data or "", row.form.mark.data or "")
            for row in self.points
        ]
        while rows and not any(text.strip() for text in rows[-1]):
            rows.pop()
        return rows


class RangeScaleForm(ScaleNames):
    min_value = StringField(_l("Minimum"), validators=[Length(max=12)])
    max_value = StringField(_l("Maximum"), validators=[Length(max=12)])
    step = StringField(_l("Step"), default="1", validators=[Length(max=12)])
    positive_from = StringField(_l("Positive from"), validators=[Length(max=12)])
    low_label_mn = StringField(_l("Label of the minimum (Mongolian)"), [Length(max=80)])
    low_label_en = StringField(_l("Label of the minimum (English)"), [Length(max=80)])
    high_label_mn = StringField(_l("Label of the maximum (Mongolian)"), [Length(max=80)])
    high_label_en = StringField(_l("Label of the maximum (English)"), [Length(max=80)])
    low_label_kk = StringField(_l("Label of the minimum (Kazakh)"), [Length(max=80)])
    high_label_kk = StringField(_l("Label of the maximum (Kazakh)"), [Length(max=80)])


SAME_SCALE = "same"


class RoundScalesForm(TranslatedForm):
    """The scale of a round's votes and tallies, and of its consensus scores
    (``SAME_SCALE``: the same as the votes'). The view fills the choices."""

    scale = SelectField(_l("Scale of votes and tallies"), validate_choice=True)
    consensus_scale = SelectField(_l("Scale of consensus scores"), validate_choice=True)
