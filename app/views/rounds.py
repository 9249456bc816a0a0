"""A round's page and its phase moves: review (sending back with a comment), publication
and unlocking (both confirmed), and the phase stepper every round page shows."""

from __future__ import annotations

from flask import Blueprint, abort, flash, redirect, render_template, url_for
from flask_babel import gettext as _
from flask_login import current_user
from flask_wtf import FlaskForm

from app.extensions import db
from app.messages import PHASE_NAMES, message_for
from app.models import Round
from app.permissions import authorize, can, requires
from app.services import rounds as service
from app.services.counts import round_counts
from forms.cycle import MoveForm
from forms.review import PublishForm, SendBackForm, UnlockForm
from scorecards.errors import DomainError
from scorecards.lifecycle import Phase

bp = Blueprint("rounds", __name__, url_prefix="/rounds")


def load_round(round_id: int, action: str = "round.view") -> Round:
    """The round, or 404 when the user may not see it (its existence is not revealed);
    403 when they may see it but not do ``action``."""
    round_ = db.session.get(Round, round_id)
    if round_ is None or not can(current_user, "round.view", round_):
        abort(404)
    if action != "round.view":
        authorize(action, round_)
    return round_


def refuse(error: DomainError, round_: Round, endpoint: str = "rounds.show"):
    db.session.rollback()
    flash(message_for(error), "error")
    return redirect(url_for(endpoint, round_id=round_.id))


def _show(round_, publish_form=None, unlock_form=None, send_back_form=None, status=200):
    can_edit = can(current_user, "round.edit", round_)
    return render_template(
        "rounds/show.html",
        round=round_,
        facts=service.round_facts(round_),
        counts=round_counts([round_.id])[round_.id],
        moves=service.possible_moves(round_) if can_edit else [],
        can_edit=can_edit,
        can_publish=can(current_user, "round.publish", round_),
        unlock_form=unlock_form or UnlockForm(formdata=None),
        publish_form=publish_form or PublishForm(formdata=None),
        send_back_form=send_back_form or SendBackForm(formdata=None),
        move_form=MoveForm(),
    ), status


@bp.get("/<int:round_id>")
@requires("round.view")
def show(round_id: int):
    return _show(load_round(round_id))


@bp.post("/<int:round_id>/move")
@requires("round.edit")
def move(round_id: int):
    round_ = load_round(round_id, "round.edit")
    form = MoveForm()
    if not form.validate_on_submit() or form.target.data not in set(Phase):
        abort(400)
    target = Phase(form.target.data)
    if target is Phase.PUBLISHED:
        authorize("round.publish", round_)
        flash(_("Publish with the publication form: it asks you to confirm."), "error")
        return redirect(url_for("rounds.show", round_id=round_.id, _anchor="publish"))
    try:
        service.move_round(round_, target)
    except DomainError as error:
        return refuse(error, round_)
    db.session.commit()
    flash(_("The round is now in: %(phase)s.", phase=PHASE_NAMES[target]), "success")
    return redirect(url_for("rounds.show", round_id=round_.id))


@bp.post("/<int:round_id>/publish")
@requires("round.publish")
def publish(round_id: int):
    round_ = load_round(round_id, "round.publish")
    form = PublishForm()
    if not form.validate_on_submit():
        return _show(round_, publish_form=form, status=400)
    try:
        service.publish(round_)
    except DomainError as error:
        return refuse(error, round_)
    db.session.commit()
    flash(_("The round is published and locked."), "success")
    return redirect(url_for("rounds.show", round_id=round_.id))


@bp.post("/<int:round_id>/unlock")
@requires("round.publish")
def unlock(round_id: int):
    round_ = load_round(round_id, "round.publish")
    form = UnlockForm()
    if not form.validate_on_submit():
        return _show(round_, unlock_form=form, status=400)
    try:
        service.unlock(round_, form.reason.data)
    except DomainError as error:
        return refuse(error, round_)
    db.session.commit()
    flash(_("The round is unlocked and back in review."), "success")
    return redirect(url_for("rounds.show", round_id=round_.id))


@bp.post("/<int:round_id>/send-back")
@requires("round.publish")
def send_back(round_id: int):
    """A coordinator sends a round in review back to the facilitator with a comment."""
    round_ = load_round(round_id, "round.publish")
    form = SendBackForm()
    if not form.validate_on_submit():
        return _show(round_, send_back_form=form, status=400)
    try:
        service.send_back(round_, form.comment.data, current_user._get_current_object())
    except DomainError as error:
        return refuse(error, round_)
    db.session.commit()
    flash(_("The round is sent back to the facilitator with your comment."), "success")
    return redirect(url_for("rounds.show", round_id=round_.id))


@bp.post("/<int:round_id>/send-back/<int:note_id>/resolve")
@requires("round.edit")
def resolve_send_back(round_id: int, note_id: int):
    """The facilitator marks a coordinator's comment as dealt with."""
    round_ = load_round(round_id, "round.edit")
    if not FlaskForm().validate_on_submit():
        abort(400)
    service.resolve_send_back(round_, note_id, current_user._get_current_object())
    db.session.commit()
    flash(_("The comment is marked as resolved."), "success")
    return redirect(url_for("rounds.show", round_id=round_.id))
