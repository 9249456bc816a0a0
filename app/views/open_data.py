"""The open data page: what the data are, how they are made, and their licence."""

from __future__ import annotations

from flask import Blueprint, render_template

from app.permissions import public
from app.services import report_pages
from app.services.reports import GROUPINGS, privacy_k

bp = Blueprint("open_data", __name__)


@bp.get("/data")
@public
def data_page():
    return render_template(
        "open_data/data.html",
        k=privacy_k(),
        groupings=GROUPINGS,
        sectors=report_pages.sectors(),
    )
