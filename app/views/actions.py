"""The joint action plan of a round: adding, editing and withdrawing actions before
publication, their progress updates, and a printable one-page plan."""

from __future__ import annotations

import uuid
from datetime import date

from flask import Blueprint, abort, flash, redirect, render_template, request, url_for
from flask_babel import gettext as _
from flask_babel import lazy_gettext as _l
from flask_login import current_user
from sqlalchemy.exc import IntegrityError

from app.extensions import db
from app.messages import ACTION_STATUS_NAMES, message_for
from app.models import Action
from app.permissions import can, requires
from app.services import action_plan as service
from app.views.rounds import load_round, refuse
from forms.cycle import ActionForm, ActionUpdateForm
from forms.review import WithdrawActionForm
from scorecards.actions import allowed_status_targets
from scorecards.errors import DomainError
from scorecards.inputs import gap

bp = Blueprint("actions", __name__, url_prefix="/rounds")

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


def _subject_key(action) -> str:
    if action.round_indicator_id:
        return f"ri-{action.round_indicator_id}"
    return f"in-{action.input_item_id}" if action.input_item_id else ""


def _edit_form(round_, action, formdata=None):
    """The edit form of ``action``, filled with what it says now (or with ``formdata``)."""
    data = {
        "subject": _subject_key(action),
        "description": action.description,
        "responsible": action.responsible,
        "responsible_detail": action.responsible_detail,
        "due_date": action.due_date,
        "resources": action.resources,
    }
    form = ActionForm(formdata=formdata, prefix=f"e{action.id}", data=data)
    form.subject.choices = [(key, _subject_label(s)) for key, s in service.subjects(round_)]
    form.responsible.choices = [(k, str(v)) for k, v in RESPONSIBLE_NAMES.items()]
    return form


def _action_of(round_, action_id: int) -> Action:
    action = db.session.get(Action, action_id)
    if action is None or action.round_id != round_.id or action.withdrawn_at is not None:
        abort(404)
    return action


def _page(round_, form, status=200, update_forms=None, edit_forms=None, withdraw_forms=None):
    actions = service.actions_of(round_)
    today = date.today()
    return render_template(
        "actions/plan.html",
        round=round_,
        actions=actions,
        withdrawn=service.actions_of(round_, withdrawn=True),
        edit_forms=edit_forms or {},
        withdraw_forms=withdraw_forms or {},
        edit_form_for=lambda action: _edit_form(round_, action),
        new_uuid=lambda: str(uuid.uuid4()),
        form=form,
        overdue=service.overdue_ids(actions, today),
        status_names=ACTION_STATUS_NAMES,
        responsible_names=RESPONSIBLE_NAMES,
        allowed=allowed_status_targets,
        update_forms=update_forms or {},
        subject_label=_subject_label,
        today=today,
        can_edit=can(current_user, "round.edit", round_) and not round_.is_published,
    ), status



def _action_input(form) -> service.ActionInput:
    """What the add and the edit forms of an action say, as the service takes it."""
    return service.ActionInput(
        subject=form.subject.data,
        description=form.description.data,
        responsible=form.responsible.data,
        responsible_detail=form.responsible_detail.data or "",
        due_date=form.due_date.data,
        resources=form.resources.data or "",
    )

@bp.route("/<int:round_id>/actions", methods=["GET", "POST"])
@requires("round.view")
def plan(round_id: int):
    round_ = load_round(round_id)
    form = _forms(round_)
    if request.method == "POST":
        round_ = load_round(round_id, "round.edit")
        if form.validate_on_submit():
            try:
                service.add_action(round_, _action_input(form))
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
    action = _action_of(round_, action_id)
    form = ActionUpdateForm(prefix=f"u{action.id}")
    if not form.validate_on_submit():
        return _page(round_, _forms(round_), 400, {action.id: form})
    try:
        service.add_update(
            action,
            form.on_date.data,
            form.status.data,
            form.note.data,
            current_user.id,
            client_uuid=request.form.get("client_uuid"),
        )
        db.session.commit()
    except DomainError as error:
        db.session.rollback()
        field = form.note if error.code == "update_empty" else form.status
        field.errors = [message_for(error)]
        return _page(round_, _forms(round_), 400, {action.id: form})
    except IntegrityError:
        # The same send arrived twice at once: the other one stored it.
        db.session.rollback()
    flash(_("The progress update is saved."), "success")
    return redirect(url_for("actions.plan", round_id=round_.id) + f"#action-{action.id}")


@bp.post("/<int:round_id>/actions/<int:action_id>/edit")
@requires("round.edit")
def edit(round_id: int, action_id: int):
    """Change what an action says, before the round is published (audit-logged)."""
    round_ = load_round(round_id, "round.edit")
    action = _action_of(round_, action_id)
    form = _edit_form(round_, action, request.form)
    if not form.validate_on_submit():
        return _page(round_, _forms(round_), 400, edit_forms={action.id: form})
    try:
        changed = service.edit_action(action, _action_input(form))
    except DomainError as error:
        return refuse(error, round_, "actions.plan")
    db.session.commit()
    flash(_("The action is changed.") if changed else _("Nothing was changed."), "success")
    return redirect(url_for("actions.plan", round_id=round_.id) + f"#action-{action.id}")


@bp.post("/<int:round_id>/actions/<int:action_id>/withdraw")
@requires("round.edit")
def withdraw(round_id: int, action_id: int):
    """Withdraw an action before publication: never shown publicly or printed."""
    round_ = load_round(round_id, "round.edit")
    action = _action_of(round_, action_id)
    form = WithdrawActionForm(prefix=f"w{action.id}")
    if not form.validate_on_submit():
        return _page(round_, _forms(round_), 400, withdraw_forms={action.id: form})
    try:
        service.withdraw_action(action, form.reason.data)
    except DomainError as error:
        return refuse(error, round_, "actions.plan")
    db.session.commit()
    flash(_("The action is withdrawn: it is not shown or printed any more."), "success")
    return redirect(url_for("actions.plan", round_id=round_.id))


@bp.get("/<int:round_id>/actions/print")
@requires("round.view")
def printable(round_id: int):
    round_ = load_round(round_id)
    actions = service.actions_of(round_)
    return render_template(
        "actions/print.html",
        round=round_,
        actions=actions,
        status_names=ACTION_STATUS_NAMES,
        responsible_names=RESPONSIBLE_NAMES,
        overdue=service.overdue_ids(actions, date.today()),
        subject_label=_subject_label,
    )
