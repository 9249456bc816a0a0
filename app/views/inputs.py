"""The input tracking sheet of a round."""

from __future__ import annotations

from flask import Blueprint, flash, redirect, render_template, request, url_for
from flask_babel import gettext as _
from flask_login import current_user

from app.extensions import db
from app.permissions import can, requires
from app.services import inputs as service
from app.templating import current_language
from app.views.rounds import load_round, refuse
from forms.cycle import InputSheetForm
from scorecards.errors import DomainError

bp = Blueprint("inputs", __name__, url_prefix="/rounds")

BLANK_ROWS = 3


def _form_for(round_, formdata=None) -> InputSheetForm:
    form = InputSheetForm(formdata=formdata)
    if formdata is None:
        for item in round_.input_items:
            form.rows.append_entry(
                {
                    "item_id": str(item.id),
                    "item": item.item,
                    "norm": item.norm,
                    "actual": item.actual,
                    "unit": item.unit,
                    "source": item.source,
                    "note": item.note,
                }
            )
        for _blank in range(BLANK_ROWS):
            form.rows.append_entry({})
    return form


@bp.route("/<int:round_id>/inputs", methods=["GET", "POST"])
@requires("round.view")
def sheet(round_id: int):
    round_ = load_round(round_id)
    can_edit = can(current_user, "round.edit", round_)
    if request.method == "POST":
        round_ = load_round(round_id, "round.edit")
        form = _form_for(round_, request.form)
        if form.validate_on_submit():
            rows = [
                service.SheetRow(
                    item_id=int(r.form.item_id.data)
                    if (r.form.item_id.data or "").isdigit()
                    else None,
                    item=r.form.item.data or "",
                    norm=r.form.norm.data,
                    actual=r.form.actual.data,
                    unit=r.form.unit.data or "",
                    source=r.form.source.data or "",
                    note=r.form.note.data or "",
                )
                for r in form.rows
            ]
            try:
                service.save_sheet(round_, rows)
            except DomainError as error:
                return refuse(error, round_, "inputs.sheet")
            db.session.commit()
            flash(_("The input tracking sheet is saved."), "success")
            return redirect(url_for("inputs.sheet", round_id=round_.id))
        status = 400
    else:
        form = _form_for(round_)
        status = 200
    return render_template(
        "inputs/sheet.html",
        round=round_,
        form=form,
        lines={line.item.id: line.gap for line in service.sheet(round_)},
        suggestions=service.localised_suggestions(round_, current_language()),
        can_edit=can_edit and not round_.is_published,
    ), status


@bp.post("/<int:round_id>/inputs/common")
@requires("round.edit")
def add_common(round_id: int):
    round_ = load_round(round_id, "round.edit")
    try:
        added = service.add_common_items(round_, current_language())
    except DomainError as error:
        return refuse(error, round_, "inputs.sheet")
    db.session.commit()
    flash(_("%(num)d common items added.", num=added), "success")
    return redirect(url_for("inputs.sheet", round_id=round_.id))
