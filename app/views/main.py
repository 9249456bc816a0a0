"""Home page, language choice and the health check."""

from __future__ import annotations

from urllib.parse import urlsplit

from flask import Blueprint, abort, current_app, jsonify, redirect, render_template, request
from sqlalchemy import text

from app.extensions import db
from app.i18n import remember_language
from app.permissions import public
from app.services.overview import national_overview
from scorecards.counts import total

bp = Blueprint("main", __name__)


def safe_next(target: str | None, default: str = "/") -> str:
    """Only same-site paths are followed after a redirect (no open redirects).

    A target with a control character (CR/LF would split the ``Location`` header, a
    server error) or a backslash (browsers read ``/\\host`` as ``//host``) gives
    ``default``.
    """
    if not target or any(ord(char) < 32 or ord(char) == 127 for char in target):
        return default
    if "\\" in target:
        return default
    parts = urlsplit(target)
    if parts.scheme or parts.netloc or not target.startswith("/") or target.startswith("//"):
        return default
    return target


@bp.get("/")
@public
def home():
    overview = national_overview()
    totals = {
        "facilities": sum(row.facilities for row in overview),
        "rounds": sum(row.rounds for row in overview),
        "counts": total(row.counts for row in overview),
    }
    return render_template("main/home.html", overview=overview, totals=totals)


@bp.get("/lang/<code>")
@public
def set_language(code: str):
    """Remember the chosen language in a cookie for a year, then go back."""
    if code not in current_app.config["LANGUAGES"]:
        abort(404)
    response = redirect(safe_next(request.args.get("next")))
    remember_language(response, code)
    return response


@bp.get("/healthz")
@public
def health():
    """For the reverse proxy: 200 when the database answers."""
    db.session.execute(text("SELECT 1"))
    return jsonify({"status": "ok"})
