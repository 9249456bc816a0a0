"""A minimal stand-in for the citizen submission endpoint, for bench/faults.py only.

Used with ``python bench/faults.py --stand-in`` while the real citizen flow is not in
the build, so the fault bench itself (workers killed, pool restarted, counting) can be
exercised. It implements the contract documented at the top of bench/faults.py:
``GET /j/<code>`` gives a page with a CSRF token, ``POST /j/<code>/submit.json``
stores one scorecard idempotently by its client UUID. It is never part of the app.
"""

from __future__ import annotations

from flask import Blueprint, abort, jsonify, render_template_string, request
from sqlalchemy import select
from sqlalchemy.exc import IntegrityError

from app import create_app
from app.extensions import db
from app.models import Response, Round, RoundIndicator, Score
from app.permissions import public
from scorecards.codes import receipt_for
from scorecards.submissions import content_fingerprint

stand_in = Blueprint("bench_stand_in", __name__)


def _round(code: str) -> Round:
    round_ = db.session.scalar(select(Round).where(Round.community_code == code.upper()))
    if round_ is None or not round_.community_open:
        abort(404)
    return round_


@stand_in.get("/j/<code>")
@public
def join(code: str):
    _round(code)
    return render_template_string(
        '<form method="post"><input type="hidden" name="csrf_token" value="{{ csrf_token() }}">'
        "</form>"
    )


@stand_in.post("/j/<code>/submit.json")
@public
def submit_json(code: str):
    round_ = _round(code)
    body = request.get_json(silent=True) or {}
    uuid_ = str(body.get("uuid", ""))
    if len(uuid_) != 36:
        abort(400)
    existing = db.session.scalar(select(Response).where(Response.uuid == uuid_))
    if existing is not None:
        return jsonify({"uuid": uuid_, "receipt": existing.receipt, "stored": "already"})
    valid = {
        ri.id
        for ri in db.session.scalars(
            select(RoundIndicator).where(RoundIndicator.round_id == round_.id)
        )
    }
    answers = {int(k): float(v["value"]) for k, v in body.get("answers", {}).items()}
    if not answers or not set(answers) <= valid:
        abort(400)
    group_id = body.get("group_id")
    response = Response(
        uuid=uuid_,
        receipt=receipt_for(uuid_),
        content_hash=content_fingerprint(
            "community", group_id, {}, {k: (v, None, "") for k, v in answers.items()}, ""
        ),
        round_id=round_.id,
        side="community",
        channel="phone",
        group_id=group_id,
    )
    response.scores = [Score(round_indicator_id=k, value=v) for k, v in answers.items()]
    db.session.add(response)
    try:
        db.session.commit()
    except IntegrityError:  # the same UUID committed by a concurrent retry
        db.session.rollback()
    return jsonify({"uuid": uuid_, "receipt": receipt_for(uuid_), "stored": "now"}), 201


app = create_app()
if "bench_stand_in" not in app.blueprints and not any(
    rule.rule == "/j/<code>/submit.json" for rule in app.url_map.iter_rules()
):
    app.register_blueprint(stand_in)
