"""The facilitator's collection controls for one round: codes, short links, QR codes,
opening and closing each side, shared-tablet mode, the language the links open in."""

from __future__ import annotations

import io

import segno
from flask import (
    Blueprint,
    abort,
    current_app,
    flash,
    redirect,
    render_template,
    request,
    send_file,
    url_for,
)
from flask_babel import gettext as _

from app.extensions import db
from app.i18n import round_language_choices
from app.messages import message_for
from app.models import Round
from app.permissions import requires
from app.services.collection import (
    response_counts,
    set_round_language,
    set_shared_device,
    set_side_open,
)
from app.views.rounds import load_round
from forms.cycle import RoundLanguageForm
from scorecards.errors import DomainError
from scorecards.lifecycle import can_collect
from scorecards.vocab import Side

bp = Blueprint("collection", __name__, url_prefix="/rounds")


def _round(round_id: int) -> Round:
    """The round to edit: 404 when the user may not see it (another organisation's
    round, as on every other round page), 403 when they may see it but not edit it."""
    return load_round(round_id, "round.edit")


def _side(value: str) -> Side:
    try:
        return Side(value)
    except ValueError:
        abort(404)


def short_link(round_: Round, side: Side) -> str:
    """The side's join link; with ``?lang=`` when the round has a language of its own, so
    the link and its QR code open the scorecard in it (a Bayan-Ölgii round in Kazakh)."""
    code = round_.community_code if side == Side.COMMUNITY else round_.provider_code
    offered = current_app.config["LANGUAGES"]
    language = round_.language if round_.language in offered else None
    return url_for("citizen.scorecard", code=code, lang=language, _external=True)


@bp.get("/<int:round_id>/collection")
@requires("round.edit")
def show(round_id: int):
    round_ = _round(round_id)
    sides = [
        {
            "side": side,
            "code": round_.community_code if side == Side.COMMUNITY else round_.provider_code,
            "link": short_link(round_, side),
            "open": round_.community_open if side == Side.COMMUNITY else round_.provider_open,
            "can_open": can_collect(round_.phase, side),
        }
        for side in Side
    ]
    language_form = RoundLanguageForm(language=round_.language or "")
    language_form.language.choices = round_language_choices()
    return render_template(
        "collection/round.html",
        round=round_,
        sides=sides,
        counts=response_counts(round_),
        language_form=language_form,
    )


@bp.get("/<int:round_id>/collection/qr-<side>.<any(svg, png):kind>")
@requires("round.edit")
def qr(round_id: int, side: str, kind: str):
    """The side's short link as a QR code, to print or project."""
    round_ = _round(round_id)
    link = short_link(round_, _side(side))
    buffer = io.BytesIO()
    segno.make(link, error="m").save(
        buffer, kind=kind, scale=10 if kind == "png" else 8, border=2,
        **({"title": link} if kind == "svg" else {}),
    )
    buffer.seek(0)
    mimetype = "image/svg+xml" if kind == "svg" else "image/png"
    return send_file(buffer, mimetype=mimetype, download_name=f"egekh-{side}-qr.{kind}")


@bp.post("/<int:round_id>/collection/<side>")
@requires("round.edit")
def set_open(round_id: int, side: str):
    round_ = _round(round_id)
    wanted = request.form.get("open")
    if wanted not in ("0", "1"):
        abort(400)
    try:
        set_side_open(round_, _side(side), wanted == "1")
    except DomainError as error:
        db.session.rollback()
        flash(message_for(error), "error")
        return redirect(url_for("collection.show", round_id=round_id))
    db.session.commit()
    flash(_("Collection opened.") if wanted == "1" else _("Collection closed."), "success")
    return redirect(url_for("collection.show", round_id=round_id))


@bp.post("/<int:round_id>/collection/shared-device")
@requires("round.edit")
def shared_device(round_id: int):
    round_ = _round(round_id)
    wanted = request.form.get("shared")
    if wanted not in ("0", "1"):
        abort(400)
    try:
        set_shared_device(round_, wanted == "1")
    except DomainError as error:
        db.session.rollback()
        flash(message_for(error), "error")
        return redirect(url_for("collection.show", round_id=round_id))
    db.session.commit()
    flash(
        _("Shared tablet mode is on: the form starts afresh after each send.")
        if wanted == "1"
        else _("Shared tablet mode is off: one response per phone."),
        "success",
    )
    return redirect(url_for("collection.show", round_id=round_id))


@bp.post("/<int:round_id>/collection/language")
@requires("round.edit")
def language(round_id: int):
    """Choose the language the join links and QR codes open the scorecard in."""
    round_ = _round(round_id)
    form = RoundLanguageForm()
    form.language.choices = round_language_choices()
    if not form.validate_on_submit():
        flash(_("Choose one of the offered languages."), "error")
        return redirect(url_for("collection.show", round_id=round_id))
    set_round_language(round_, form.language.data or None)
    db.session.commit()
    flash(_("The join links and QR codes now open in the chosen language."), "success")
    return redirect(url_for("collection.show", round_id=round_id))
