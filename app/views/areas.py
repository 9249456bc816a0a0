"""The national overview and the aimag pages (published results only for the public)."""

from __future__ import annotations

from flask import Blueprint, abort, render_template
from flask_login import current_user
from sqlalchemy import select

from app.extensions import db
from app.models import Area
from app.permissions import public
from app.services.overview import aimag_facilities, national_overview
from scorecards.lifecycle import Phase

bp = Blueprint("areas", __name__, url_prefix="/aimags")


@bp.get("/")
@public
def overview():
    return render_template("areas/overview.html", overview=national_overview())


@bp.get("/<code>")
@public
def aimag(code: str):
    area = db.session.scalar(select(Area).where(Area.code == code.upper()))
    if area is None or not area.is_top_level:
        abort(404)
    rows = aimag_facilities(area, viewer=current_user)
    include_unpublished = any(
        round_.state != Phase.PUBLISHED for row in rows for round_ in row.rounds
    )
    return render_template(
        "areas/aimag.html", area=area, rows=rows, include_unpublished=include_unpublished
    )
