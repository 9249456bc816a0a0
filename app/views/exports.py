"""Download a round's data: one XLSX with a sheet per part, or one CSV per part."""

from __future__ import annotations

from flask import Blueprint, Response, abort, render_template
from flask_babel import lazy_gettext as _l

from app.permissions import requires
from app.services import round_export
from app.services.audit import record
from app.templating import current_language
from app.views.rounds import load_round
from scorecards.exports import (
    CSV_TYPE,
    XLSX_TYPE,
    content_disposition,
    frame_to_csv,
    round_workbook,
)

bp = Blueprint("exports", __name__, url_prefix="/rounds")

SHEET_NAMES = {
    "responses": _l("Responses"),
    "tallies": _l("Tallies"),
    "consensus": _l("Consensus"),
    "texts": _l("Free text"),
    "inputs": _l("Input tracking"),
    "meeting": _l("Meeting"),
    "actions": _l("Actions"),
}


@bp.get("/<int:round_id>/export")
@requires("round.edit")
def index(round_id: int):
    round_ = load_round(round_id, "round.edit")
    return render_template("exports/index.html", round=round_, parts=SHEET_NAMES)


@bp.get("/<int:round_id>/export.xlsx")
@requires("round.edit")
def workbook(round_id: int):
    round_ = load_round(round_id, "round.edit")
    frames = round_export.round_frames(round_)
    body = round_workbook(
        {str(SHEET_NAMES[part]): frame for part, frame in frames.items()},
        labels=round_export.column_labels(round_, current_language()),
    )
    record("round.export", "round", round_.id, after={"format": "xlsx"})
    from app.extensions import db

    db.session.commit()
    return Response(
        body,
        content_type=XLSX_TYPE,
        headers={"Content-Disposition": content_disposition(f"egekh-round-{round_.id}.xlsx")},
    )


@bp.get("/<int:round_id>/export/<part>.csv")
@requires("round.edit")
def csv(round_id: int, part: str):
    round_ = load_round(round_id, "round.edit")
    if part not in round_export.FRAMES:
        abort(404)
    body = frame_to_csv(round_export.FRAMES[part](round_))
    record("round.export", "round", round_.id, after={"format": "csv", "part": part})
    from app.extensions import db

    db.session.commit()
    return Response(
        body,
        content_type=CSV_TYPE,
        headers={"Content-Disposition": content_disposition(f"egekh-round-{round_.id}-{part}.csv")},
    )
