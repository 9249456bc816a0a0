"""Scales: the list, new ordered labelled or numeric range scales, editing (a new
version when in use), and the scales a round scores its votes and consensus on."""

from __future__ import annotations

from flask import Blueprint, abort, flash, redirect, render_template, request, url_for
from flask_babel import gettext as _
from flask_login import current_user
from sqlalchemy import select
from wtforms.fields.choices import SelectChoice

from app.extensions import db
from app.messages import message_for
from app.models import Scale
from app.permissions import can, requires
from app.services import scales as service
from app.services.texts import extra_languages
from app.templating import current_language
from app.views.rounds import load_round
from forms.scales import SAME_SCALE, LabelledScaleForm, RangeScaleForm, RoundScalesForm
from scorecards import scales
from scorecards.errors import DomainError
from scorecards.scales import format_value

bp = Blueprint("scales", __name__)

KINDS = ("points", "range")


def _attach(form, error: DomainError) -> str | None:
    """Put the error's message on the field it names; return it when no field fits."""
    message = message_for(error)
    name = error.field or ""
    if name.startswith("points-"):
        _, index, attribute = name.split("-", 2)
        target = getattr(form.points[int(index)].form, attribute, None)
    else:
        target = getattr(form, name, None) if name and name != "points" else None
    if target is None or not hasattr(target, "errors"):
        return message
    target.errors = [*target.errors, message]
    return None


def _domain(form, kind: str, code: str) -> scales.Scale:
    if kind == "points":
        return scales.labelled_scale(
            code,
            form.name_mn.data,
            form.name_en.data,
            form.labels(),
            int(form.positive_from.data or 0),
        )
    return scales.range_scale(
        code,
        form.name_mn.data,
        form.name_en.data,
        form.min_value.data,
        form.max_value.data,
        form.step.data,
        form.positive_from.data,
        (form.low_label_mn.data, form.low_label_en.data),
        (form.high_label_mn.data, form.high_label_en.data),
    )


def _kind_of(scale: scales.Scale) -> str:
    """Ordered labelled points (1…n, every point labelled) or a numeric range."""
    if scale.min_value == 1 and scale.step == 1 and scale.labelled and scale.max_value <= 11:
        return "points"
    return "range"


def _fill(form, kind: str, scale: scales.Scale) -> None:
    form.name_mn.data, form.name_en.data = scale.name_mn, scale.name_en
    if kind == "points":
        for row, point in zip(form.points, scale.points, strict=False):
            row.form.label_mn.data = point.label_mn
            row.form.label_en.data = point.label_en
            row.form.mark.data = point.mark
        form.positive_from.data = str(scale.positive_from)
        return
    form.min_value.data = str(scale.min_value)
    form.max_value.data = str(scale.max_value)
    form.step.data = format_value(scale.step)
    form.positive_from.data = str(scale.positive_from)
    low, high = scale.point(scale.min_value), scale.point(scale.max_value)
    if low is not None:
        form.low_label_mn.data, form.low_label_en.data = low.label_mn, low.label_en
    if high is not None:
        form.high_label_mn.data, form.high_label_en.data = high.label_mn, high.label_en


def _fill_translated(form, kind: str, row: Scale) -> None:
    """Put the points' Kazakh labels (stored as translations) into the form."""
    labels = service.translated_labels(row, "kk")
    if kind == "points":
        for row_form, point in zip(form.points, row.points, strict=False):
            row_form.form.label_kk.data = labels.get(point.value, "")
        return
    form.low_label_kk.data = labels.get(row.min_value, "")
    form.high_label_kk.data = labels.get(row.max_value, "")


def _typed_translated(form, kind: str, scale: scales.Scale) -> dict[int, str]:
    """The Kazakh label typed for each point of ``scale``, by value."""
    if kind == "points":
        return {
            point.value: row_form.form.label_kk.data or ""
            for row_form, point in zip(form.points, scale.points, strict=False)
        }
    return {
        scale.min_value: form.low_label_kk.data or "",
        scale.max_value: form.high_label_kk.data or "",
    }


def _same_as_stored(kind: str, current: scales.Scale, wanted: scales.Scale) -> bool:
    """Whether the typed scale is what the page showed (names, points, labels in
    Mongolian and English, marks, threshold): then only translations changed."""
    shown = LabelledScaleForm(formdata=None) if kind == "points" else RangeScaleForm(formdata=None)
    _fill(shown, kind, current)
    return _domain(shown, kind, current.code) == wanted


def _form(kind: str):
    return LabelledScaleForm() if kind == "points" else RangeScaleForm()


@bp.get("/catalogue/scales")
@requires("scale.manage")
def index():
    rows = db.session.scalars(select(Scale).order_by(Scale.name_en, Scale.version)).all()
    replaced = service.replaced_ids()
    return render_template(
        "scales/index.html",
        rows=[(row, row.domain(), row.id not in replaced) for row in rows],
        in_use={row.id for row in rows if service.in_use(row)},
        format_value=format_value,
    )


@bp.route("/catalogue/scales/new/<any(points, range):kind>", methods=["GET", "POST"])
@requires("scale.manage")
def new(kind: str):
    form = _form(kind)
    status, form_error = 200, None
    if request.method == "POST" and form.validate_on_submit():
        try:
            wanted = _domain(form, kind, "new")
            row = service.create_scale(wanted)
            if "kk" in extra_languages():
                service.save_translated_labels(row, "kk", _typed_translated(form, kind, wanted))
        except DomainError as error:
            db.session.rollback()
            form_error = _attach(form, error)
            status = 400
        else:
            db.session.commit()
            flash(_("The scale %(name)s is saved.", name=row.name_en), "success")
            return redirect(url_for("scales.index"))
    elif request.method == "POST":
        status = 400
    return render_template(
        "scales/form.html", form=form, kind=kind, row=None, form_error=form_error
    ), status


@bp.route("/catalogue/scales/<int:scale_id>/edit", methods=["GET", "POST"])
@requires("scale.manage")
def edit(scale_id: int):
    row = db.session.get(Scale, scale_id)
    if row is None:
        abort(404)
    current = row.domain()
    kind = _kind_of(current)
    form = _form(kind)
    if request.method == "GET":
        _fill(form, kind, current)
        _fill_translated(form, kind, row)
    status, form_error = 200, None
    if request.method == "POST" and form.validate_on_submit():
        try:
            wanted = _domain(form, kind, row.code)
            if _same_as_stored(kind, current, wanted):
                # Only Kazakh labels were typed: translations, saved on this row.
                result = service.SaveResult(row, False)
            else:
                result = service.update_scale(row, wanted)
            if "kk" in extra_languages():
                labels = _typed_translated(form, kind, wanted)
                service.save_translated_labels(result.scale, "kk", labels)
        except DomainError as error:
            db.session.rollback()
            form_error = _attach(form, error)
            status = 400
        else:
            db.session.commit()
            if result.new_version:
                flash(
                    _(
                        "The scale is in use, so a new version (%(version)s) was made. Rounds "
                        "and templates keep the version they started with; new rounds can "
                        "choose the new one.",
                        version=result.scale.version,
                    ),
                    "success",
                )
            else:
                flash(_("The scale %(name)s is saved.", name=result.scale.name_en), "success")
            return redirect(url_for("scales.index"))
    elif request.method == "POST":
        status = 400
    return render_template(
        "scales/form.html",
        form=form,
        kind=kind,
        row=row,
        in_use=service.in_use(row),
        form_error=form_error,
    ), status


def _scale_choices(round_) -> list[SelectChoice]:
    language = current_language()
    rows = service.current_scales()
    for kept in (round_.scale, round_.consensus_scale):
        if kept is not None and kept not in rows:
            rows.append(kept)
    return [
        SelectChoice(
            str(row.id),
            f"{row.name_en if language == 'en' else row.name_mn} "
            f"({row.domain().allowed_values_text()})",
        )
        for row in rows
    ]


@bp.route("/rounds/<int:round_id>/scales", methods=["GET", "POST"])
@requires("round.view")
def round_scales(round_id: int):
    round_ = load_round(round_id)
    form = RoundScalesForm()
    choices = _scale_choices(round_)
    form.scale.choices = choices
    form.consensus_scale.choices = [SelectChoice(SAME_SCALE, _("The same as the votes"))] + choices
    if request.method == "GET":
        form.scale.data = str(round_.scale_id)
        form.consensus_scale.data = (
            str(round_.consensus_scale_id) if round_.consensus_scale_id else SAME_SCALE
        )
    status = 200
    if request.method == "POST":
        round_ = load_round(round_id, "round.edit")
        if form.validate_on_submit():
            consensus = form.consensus_scale.data
            try:
                service.set_round_scales(
                    round_,
                    int(form.scale.data),
                    None if consensus == SAME_SCALE else int(consensus),
                )
            except DomainError as error:
                db.session.rollback()
                target = form.consensus_scale if error.field == "consensus_scale" else form.scale
                target.errors = [*target.errors, message_for(error)]
                status = 400
            else:
                db.session.commit()
                flash(_("The round's scales are saved."), "success")
                return redirect(url_for("scales.round_scales", round_id=round_.id))
        else:
            status = 400
    return render_template(
        "scales/round.html",
        round=round_,
        form=form,
        votes=round_.scale.domain(),
        agreed=round_.agreed_scale.domain(),
        has_answers=service.round_has_answers(round_),
        can_edit=can(current_user, "round.edit", round_),
    ), status
