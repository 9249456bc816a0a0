"""The joint action plan of a round, its progress updates and a printable one-page plan."""

from __future__ import annotations

from datetime import date

from flask import Blueprint, abort, flash, redirect, render_template, request, url_for
from flask_babel import gettext as _
from flask_babel import lazy_gettext as _l
from flask_login import current_user

from app.extensions import db
from app.models import Action
from app.permissions import can, requires
from app.services import action_plan as service
from app.views.cycle_text import error_text
from app.views.rounds import load_round, refuse
from forms.cycle import ActionForm, ActionUpdateForm
from scorecards.actions import allowed_status_targets
from scorecards.errors import DomainError
from scorecards.inputs import gap

bp = Blueprint("actions", __name__, url_prefix="/rounds")

STATUS_NAMES = {
    "planned": _l("Planned"),
    "in_progress": _l("In progress"),
    "done": _l("Done"),
    "dropped": _l("Dropped"),
}
RESPONSIBLE_NAMES = {
    "provider": _l("Service provider"),
    "soum_governor": _l("Soum governor's office"),
    "ngo": _l("NGO"),
    "community": _l("Community"),
    "aimag_department": _l("Aimag department"),
}


def _subject_label(subject) -> str:
    from app.templating import current_language

    if hasattr(subject, "indicator"):
        return f"{subject.position}. {subject.indicator.text(current_language())}"
    shortfall = gap(subject.norm, subject.actual)
    suffix = f" ({shortfall.gap:+g} {subject.unit})" if shortfall.gap is not None else ""
    label = _("Input")
    return f"{label}: {subject.item}{suffix}"


def _forms(round_):
    form = ActionForm(prefix="new")
    form.subject.choices = [(key, _subject_label(s)) for key, s in service.subjects(round_)]
    form.responsible.choices = [(k, str(v)) for k, v in RESPONSIBLE_NAMES.items()]
    return form


def _page(round_, form, status=200, update_forms=None):
    actions = service.actions_of(round_)
    today = date.today()
    return render_template(
        "actions/plan.html",
        round=round_,
        actions=actions,
        form=form,
        overdue=service.overdue_ids(actions, today),
        status_names=STATUS_NAMES,
        responsible_names=RESPONSIBLE_NAMES,
        allowed=allowed_status_targets,
        update_forms=update_forms or {},
        subject_label=_subject_label,
        today=today,
        can_edit=can(current_user, "round.edit", round_) and not round_.is_published,
    ), status


@bp.route("/<int:round_id>/actions", methods=["GET", "POST"])
@requires("round.view")
def plan(round_id: int):
    round_ = load_round(round_id)
    form = _forms(round_)
    if request.method == "POST":
        round_ = load_round(round_id, "round.edit")
        if form.validate_on_submit():
            try:
                service.add_action(
                    round_,
                    service.ActionInput(
                        subject=form.subject.data,
                        description=form.description.data,
                        responsible=form.responsible.data,
                        responsible_detail=form.responsible_detail.data or "",
                        due_date=form.due_date.data,
                        resources=form.resources.data or "",
                    ),
                )
            except DomainError as error:
                return refuse(error, round_, "actions.plan")
            db.session.commit()
            flash(_("The action is added to the plan."), "success")
            return redirect(url_for("actions.plan", round_id=round_.id))
        return _page(round_, form, 400)
    return _page(round_, form)


@bp.post("/<int:round_id>/actions/<int:action_id>/update")
@requires("round.edit")
def update(round_id: int, action_id: int):
    round_ = load_round(round_id, "round.edit")
    action = db.session.get(Action, action_id)
    if action is None or action.round_id != round_.id:
        abort(404)
    form = ActionUpdateForm(prefix=f"u{action.id}")
    if not form.validate_on_submit():
        return _page(round_, _forms(round_), 400, {action.id: form})
    try:
        service.add_update(
            action, form.on_date.data, form.status.data, form.note.data, current_user.id
        )
    except DomainError as error:
        db.session.rollback()
        form.status.errors = [error_text(error)]
        return _page(round_, _forms(round_), 400, {action.id: form})
    db.session.commit()
    flash(_("The progress update is saved."), "success")
    return redirect(url_for("actions.plan", round_id=round_.id) + f"#action-{action.id}")


@bp.get("/<int:round_id>/actions/print")
@requires("round.view")
def printable(round_id: int):
    round_ = load_round(round_id)
    actions = service.actions_of(round_)
    return render_template(
        "actions/print.html",
        round=round_,
        actions=actions,
        status_names=STATUS_NAMES,
        responsible_names=RESPONSIBLE_NAMES,
        overdue=service.overdue_ids(actions, date.today()),
        subject_label=_subject_label,
    )
