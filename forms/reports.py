"""An official's public answer to one action of a joint action plan."""

from flask_babel import lazy_gettext as _l
from flask_wtf import FlaskForm
from wtforms import DateField, StringField, SubmitField, TextAreaField
from wtforms.validators import DataRequired, Length, Optional


class OfficialResponseForm(FlaskForm):
    office = StringField(
        _l("Office"),
        validators=[DataRequired(message=_l("Name the office that answers.")), Length(max=200)],
    )
    body = TextAreaField(
        _l("Response"),
        validators=[
            DataRequired(message=_l("Write what the office will do.")),
            Length(max=4000, message=_l("Keep the response under 4000 characters.")),
        ],
    )
    commitment_date = DateField(
        _l("Committed by (date)"),
        validators=[Optional()],
        format="%Y-%m-%d",
    )
    submit = SubmitField(_l("Publish response"))
