"""The open data page: what the data are, how they are made, their licence, and the
codebook of the downloads' columns."""

from __future__ import annotations

from flask import Blueprint, Response, current_app, render_template

from app.permissions import public
from app.services import downloads
from app.services.reports.query import GROUPINGS, privacy_k
from app.services.reports.tables import sectors
from scorecards.exports import content_disposition

bp = Blueprint("open_data", __name__)


@bp.get("/data")
@public
def data_page():
    return render_template(
        "open_data/data.html",
        k=privacy_k(),
        groupings=GROUPINGS,
        sectors=sectors(),
    )


@bp.get("/data/codebook.<any(csv, xlsx):fmt>")
@public
def codebook(fmt: str):
    """Every column code of the downloads with its name in each offered language: the
    key to the CSV files, whose header keeps the codes."""
    body = downloads.codebook(fmt, list(current_app.config["LANGUAGES"]))
    return Response(
        body,
        content_type=downloads.FORMATS[fmt],
        headers={"Content-Disposition": content_disposition(f"egekh-codebook.{fmt}")},
    )
