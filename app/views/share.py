"""Sharing reports: preview pictures for links (Open Graph and Twitter cards) and
``/embed/…`` pages that other sites may show in a frame.

The pictures are 1200×630 PNG cards of the public headline figures, drawn once per
data version and language (:mod:`app.services.share_cards`). The embed pages show the
same card with the CC BY attribution and a link back to the report; they are the only
pages any site may frame (:data:`app.security.EMBED_PREFIX`).
"""

from __future__ import annotations

from flask import Blueprint, Response, abort, render_template, request, url_for
from flask_babel import gettext as _

from app.extensions import db
from app.models import Facility
from app.permissions import public
from app.services import share_cards
from app.services.reports.aimag import find_aimag
from app.services.reports.query import privacy_k
from app.templating import current_language, localised

bp = Blueprint("share", __name__)

CARD_MAX_AGE_SECONDS = 3600


def card_texts(title: str, subtitle: str) -> dict[str, str]:
    """The words of a card in the reader's language, with the site's address."""
    host = request.host_url.removesuffix("/").split("://", 1)[-1]
    return {
        "title": title,
        "subtitle": subtitle,
        "hidden": _("hidden: fewer than %(k)s people", k=privacy_k()),
        "empty": _("No published results yet"),
        "footer": _("Egekh community scorecards · CC BY 4.0 · %(host)s", host=host),
    }


def _png(body: bytes) -> Response:
    response = Response(body, mimetype="image/png")
    response.headers["Cache-Control"] = f"public, max-age={CARD_MAX_AGE_SECONDS}"
    return response


def _aimag_or_404(code: str):
    area = find_aimag(code)
    if area is None:
        abort(404)
    return area


def _facility_or_404(facility_id: int) -> Facility:
    facility = db.session.get(Facility, facility_id)
    if facility is None:
        abort(404)
    return facility


def _aimag_card_bytes(area) -> bytes:
    """The aimag's card in the current language (from the report cache)."""
    texts = card_texts(
        area.name(current_language()), _("Citizens' scores (0–100) by sector, lowest first")
    )
    return share_cards.aimag_card(area, current_language(), texts)


def _facility_card_bytes(facility: Facility) -> bytes:
    """The facility's card in the current language (from the report cache)."""
    texts = card_texts(localised(facility), _("Citizens' scores (0–100), lowest first"))
    return share_cards.facility_card(facility, current_language(), texts)


@bp.get("/share/aimag/<code>.png")
@public
def aimag_card(code: str):
    return _png(_aimag_card_bytes(_aimag_or_404(code)))


@bp.get("/share/facility/<int:facility_id>.png")
@public
def facility_card(facility_id: int):
    return _png(_facility_card_bytes(_facility_or_404(facility_id)))


@bp.get("/share/egekh.png")
@public
def national_card():
    texts = card_texts(_("Egekh"), _("Citizens' scores (0–100) by aimag, lowest first"))
    return _png(share_cards.national_card(current_language(), texts))


@bp.get("/embed/aimag/<code>")
@public
def embed_aimag(code: str):
    area = _aimag_or_404(code)
    return render_template(
        "embed/chart.html",
        title=area.name(current_language()),
        image=url_for("share.aimag_card", code=area.code, lang=current_language()),
        link=url_for("reports.aimag", code=area.code, _external=True),
    )


@bp.get("/embed/facility/<int:facility_id>")
@public
def embed_facility(facility_id: int):
    facility = _facility_or_404(facility_id)
    return render_template(
        "embed/chart.html",
        title=localised(facility),
        image=url_for("share.facility_card", facility_id=facility.id, lang=current_language()),
        link=url_for("reports.facility", facility_id=facility.id, _external=True),
    )
