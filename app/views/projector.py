"""The projector view: live counts in the room, refreshing itself (aggregates only)."""

from __future__ import annotations

from flask import Blueprint, jsonify, render_template

from app.permissions import requires
from app.services.live import live_counts
from app.templating import current_language
from app.views.rounds import load_round

bp = Blueprint("projector", __name__, url_prefix="/rounds")


@bp.get("/<int:round_id>/projector")
@requires("round.edit")
def show(round_id: int):
    round_ = load_round(round_id, "round.edit")
    return render_template(
        "projector/show.html", round=round_, live=live_counts(round_, current_language())
    )


@bp.get("/<int:round_id>/projector.json")
@requires("round.edit")
def data(round_id: int):
    round_ = load_round(round_id, "round.edit")
    response = jsonify(live_counts(round_, current_language()))
    response.headers["Cache-Control"] = "no-store"
    return response
