"""A round's page and its phase moves: review, publication, unlocking."""

from __future__ import annotations

from flask import Blueprint, abort, flash, redirect, render_template, url_for
from flask_babel import gettext as _
from flask_login import current_user

from app.extensions import db
from app.models import Round
from app.permissions import authorize, can, requires
from app.services import rounds as service
from app.services.counts import round_counts
from app.views.cycle_text import NEXT_STEPS, PHASE_NAMES, error_text, init_cycle_templating
from forms.cycle import MoveForm, UnlockForm
from scorecards.errors import DomainError
from scorecards.lifecycle import Phase

bp = Blueprint("rounds", __name__, url_prefix="/rounds")
bp.record_once(init_cycle_templating)


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
    flash(error_text(error), "error")
    return redirect(url_for(endpoint, round_id=round_.id))


@bp.get("/<int:round_id>")
@requires("round.view")
def show(round_id: int):
    round_ = load_round(round_id)
    can_edit = can(current_user, "round.edit", round_)
    return render_template(
        "rounds/show.html",
        round=round_,
        facts=service.round_facts(round_),
        counts=round_counts([round_.id])[round_.id],
        moves=service.possible_moves(round_) if can_edit else [],
        can_edit=can_edit,
        can_publish=can(current_user, "round.publish", round_),
        phase_names=PHASE_NAMES,
        next_steps=NEXT_STEPS,
        error_text=error_text,
        unlock_form=UnlockForm(),
        move_form=MoveForm(),
    )


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
    try:
        if target is Phase.PUBLISHED:
            service.publish(round_)
        else:
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
        flash(error_text("reason_required"), "error")
        return redirect(url_for("rounds.show", round_id=round_.id))
    try:
        service.unlock(round_, form.reason.data)
    except DomainError as error:
        return refuse(error, round_)
    db.session.commit()
    flash(_("The round is unlocked and back in review."), "success")
    return redirect(url_for("rounds.show", round_id=round_.id))
