"""ODK Collect, KoboCollect and Enketo: the OpenRosa server of a device token, the
device-token controls on a round's collection page, and the XLSForm downloads.

OpenRosa (``/odk/key/<token>/…``): ``formList``, ``forms/<form id>.xml`` and
``submission`` (HEAD and POST), as the OpenRosa 1.0 HTTP, form list and form
submission APIs ask: every request must carry ``X-OpenRosa-Version`` (400 without),
every answer carries ``X-OpenRosa-Version: 1.0`` and ``Date``, a stored interview is
answered 201 with an ``OpenRosaResponse`` and every refusal with one whose message
(``nature="error"``) says why, in the device's language (``Accept-Language``, else
Mongolian). The token in the path is the device's only credential (ODK Collect keeps
the whole server address, so one QR code configures a tablet); the submission POST
is exempt from CSRF because it carries no session cookie and is authorised by that
token alone.
"""

from __future__ import annotations

import base64
import io
import json
import zlib
from datetime import UTC, datetime

import segno
from flask import (
    Blueprint,
    abort,
    current_app,
    flash,
    g,
    make_response,
    redirect,
    render_template,
    request,
    send_file,
    url_for,
)
from flask_babel import force_locale
from flask_babel import gettext as _
from flask_login import current_user
from werkzeug.exceptions import RequestEntityTooLarge
from werkzeug.http import http_date

from app.extensions import csrf, db, limiter
from app.messages import message_for
from app.models.devices import DeviceToken
from app.permissions import public, requires
from app.services import device_tokens, openrosa
from app.services.submissions import store_submission, write_turn
from app.views import collection as collection_views
from app.views.rounds import load_round
from scorecards.errors import DomainError
from scorecards.vocab import Side

bp = Blueprint("openrosa", __name__)

PREFIX = "/odk/key/<token>"
OPENROSA_VERSION = "1.0"
XML = "text/xml; charset=utf-8"
DEFAULT_FAILED_LIMIT = "30 per minute"
DEFAULT_SEND_LIMIT = "600 per minute"


def _failed_limit() -> str:
    """Requests with a token that is unknown or revoked, or for a form it does not reach,
    per address (``JOIN_FAILED_RATE_LIMIT``, as for join codes)."""
    return current_app.config.get("JOIN_FAILED_RATE_LIMIT", DEFAULT_FAILED_LIMIT)


def _send_limit() -> str:
    """Interviews sent per address (``CITIZEN_RATE_LIMIT``, as for phones)."""
    return current_app.config.get("CITIZEN_RATE_LIMIT", DEFAULT_SEND_LIMIT)


refused_limit = limiter.shared_limit(
    _failed_limit, scope="openrosa-refused", deduct_when=lambda r: r.status_code in (403, 404)
)


@bp.record_once
def _limit_bodies_first(state) -> None:
    """Cap submission bodies (``openrosa.MAX_BODY``) before anything reads them; a
    chunked upload is cut off as soon as it passes the cap."""

    def cap_body() -> None:
        if request.blueprint == "openrosa" and request.method == "POST":
            request.max_content_length = openrosa.MAX_BODY

    state.app.before_request_funcs.setdefault(None, []).insert(0, cap_body)


# ----------------------------------------------------------------------- OpenRosa


def _device_language() -> str:
    languages = current_app.config.get("LANGUAGES", ["mn", "en"])
    return request.accept_languages.best_match(languages) or languages[0]


def _openrosa(body: str, status: int, content_type: str = XML):
    response = make_response(body, status)
    response.headers["Content-Type"] = content_type
    response.headers["X-OpenRosa-Version"] = OPENROSA_VERSION
    response.headers["Date"] = http_date(datetime.now(UTC))
    response.headers["Content-Language"] = _device_language()
    response.headers["Cache-Control"] = "no-store"
    return response


def _message(status: int, message: str, nature: str = "error"):
    body = render_template("openrosa/response.xml", nature=nature, message=message)
    return _openrosa(body, status)


def _refusal(status: int, code: str, **params):
    """The reply for a refused request, in the tablet's language (``app.messages``,
    worded for a tablet where a phone's sentence would not fit)."""
    if code == "xml_too_large":
        params["max"] = int(params.get("max", 0)) // 1024  # announced in KB
    with force_locale(_device_language()):
        return _message(status, message_for(code, context="tablet", **params))


def _token_or_refusal(secret: str):
    """The active token, or the OpenRosa refusal to send (400 without the version
    header, 403 for an unknown or revoked token)."""
    if not request.headers.get("X-OpenRosa-Version"):
        return None, _refusal(400, "version_header")
    token = device_tokens.find(secret)
    if token is None:
        return None, _refusal(403, "token_unknown")
    if not token.active:
        return None, _refusal(403, "token_revoked")
    return token, None


@bp.get(PREFIX + "/formList")
@public
@refused_limit
def form_list(token: str):
    """The OpenRosa form list (``xformsList``): the forms this tablet may download;
    ``?formID=`` narrows it to one, as Enketo asks."""
    device, refusal = _token_or_refusal(token)
    if refusal is not None:
        return refusal
    entries = openrosa.form_entries(device)
    wanted = request.args.get("formID")
    if wanted:
        entries = [e for e in entries if e.form_id == wanted]
    body = render_template("openrosa/formList.xml", entries=entries, token=token)
    return _openrosa(body, 200)


@bp.get(PREFIX + "/forms/<form_id>.xml")
@public
@refused_limit
def form_download(token: str, form_id: str):
    """One form as the XForm that pyxform makes from its XLSForm."""
    device, refusal = _token_or_refusal(token)
    if refusal is not None:
        return refusal
    try:
        round_, side = openrosa.form_for(device, form_id)
        text = openrosa.xform(round_, side)
    except openrosa.OpenRosaRefusal as error:
        return _refusal(error.status, error.code, **error.params)
    except DomainError:
        return _refusal(404, "form_unknown")
    return _openrosa(text, 200)


def _instance_bytes() -> bytes | None:
    upload = request.files.get("xml_submission_file")
    if upload is not None:
        return upload.stream.read(openrosa.MAX_XML_BYTES + 1)
    field = request.form.get("xml_submission_file")
    return field.encode("utf-8") if field is not None else None


@bp.route(PREFIX + "/submission", methods=["HEAD", "POST"])
@public
@csrf.exempt
@limiter.limit(_send_limit)
@refused_limit
def submission(token: str):
    """HEAD: 204 with ``X-OpenRosa-Accept-Content-Length`` (Collect asks before
    sending). POST: a multipart body whose ``xml_submission_file`` part is the
    interview; 201 when it is stored or was stored before with the same content, 409
    when its instance ID was stored with other answers, 4xx with a message otherwise
    and nothing stored."""
    device, refusal = _token_or_refusal(token)
    if refusal is not None:
        return refusal
    if request.method == "HEAD":
        response = _openrosa("", 204)
        response.headers["X-OpenRosa-Accept-Content-Length"] = str(openrosa.MAX_BODY)
        return response
    try:
        data = _instance_bytes()
    except RequestEntityTooLarge:
        return _refusal(413, "body_too_large")
    if data is None:
        return _refusal(400, "file_missing")
    try:
        target, sent = openrosa.prepare(device, data)
        with write_turn():
            try:
                stored = store_submission(target, sent)
            except DomainError:
                db.session.rollback()
                raise
            device_tokens.mark_used(db.session.get(DeviceToken, device.id))
            db.session.commit()
    except openrosa.OpenRosaRefusal as error:
        return _refusal(error.status, error.code, **error.params)
    except DomainError as error:
        status = {"uuid_conflict": 409, "collection_closed": 403}.get(error.code, 400)
        with force_locale(_device_language()):
            return _message(status, message_for(error, context="tablet"))
    with force_locale(_device_language()):
        message = _("Stored. Receipt: %(receipt)s", receipt=stored.receipt)
        return _message(201, message, nature="submit_success")


# ------------------------------------------------------------- device tokens (staff)


def server_url(secret: str) -> str:
    """The server address a tablet is given: the OpenRosa root of its token."""
    return url_for("openrosa.form_list", token=secret, _external=True).removesuffix(
        "/formList"
    )


def settings_payload(url: str) -> str:
    """What the configuration QR code carries for ODK Collect and KoboCollect: the
    settings JSON compressed with zlib and encoded in base64, as Collect's
    "Scan QR code" reads it. User name and password are empty: the token is in the
    address."""
    settings = {"general": {"server_url": url, "username": "", "password": ""}, "admin": {}}
    packed = zlib.compress(json.dumps(settings, ensure_ascii=False).encode("utf-8"))
    return base64.b64encode(packed).decode("ascii")


def odk_devices(round_) -> dict:
    """What the collection page's device panel shows for ``round_``: the active tokens,
    the one just made (with its QR code) and whether the XLSForms can be made. A
    template global, registered in ``app.templating``."""
    new = g.get("odk_new_device")
    return {
        "tokens": device_tokens.tokens_for_round(round_, current_user),
        "new": new,
        "sides": [side.value for side in Side],
        "max_label": device_tokens.MAX_LABEL,
    }


@bp.post("/rounds/<int:round_id>/devices")
@requires("round.edit")
def create_device(round_id: int):
    """Make a device token and show its QR code once, on the collection page."""
    round_ = load_round(round_id, "round.edit")
    try:
        token, secret = device_tokens.create_token(
            round_, current_user, request.form.get("label", ""), request.form.get("scope", "")
        )
    except DomainError as error:
        db.session.rollback()
        field = _("Access") if error.field == "scope" else _("Device name")
        flash(_("%(field)s: %(problem)s", field=field, problem=message_for(error)), "error")
        return redirect(url_for("collection.show", round_id=round_id) + "#devices")
    db.session.commit()
    url = server_url(secret)
    g.odk_new_device = {
        "label": token.label,
        "url": url,
        "qr": segno.make(settings_payload(url), error="l").svg_data_uri(scale=4, border=2),
    }
    response = make_response(collection_views.show(round_id=round_id))
    response.headers["Cache-Control"] = "no-store"
    return response


@bp.post("/rounds/<int:round_id>/devices/<int:device_id>/revoke")
@requires("round.edit")
def revoke_device(round_id: int, device_id: int):
    """Revoke a device token: the tablet's next request is refused."""
    load_round(round_id, "round.edit")
    token = db.session.get(DeviceToken, device_id)
    if token is None or not device_tokens.may_manage(current_user, token):
        abort(404)
    try:
        device_tokens.revoke(token, current_user)
    except DomainError:
        db.session.rollback()
        flash(_("This device's access was already revoked."), "error")
    else:
        db.session.commit()
        flash(_("Access revoked: the tablet “%(label)s” can no longer send.",
                label=token.label), "success")
    return redirect(url_for("collection.show", round_id=round_id) + "#devices")


@bp.get("/rounds/<int:round_id>/collection/xlsform-<any(community, provider):side>.xlsx")
@requires("round.edit")
def xlsform_download(round_id: int, side: str):
    """The side's XLSForm, to load into KoboToolbox or ODK Central."""
    round_ = load_round(round_id, "round.edit")
    try:
        sheet = openrosa.xlsform(round_, side)
    except DomainError:
        flash(_("This side has no participant groups or no indicators yet."), "error")
        return redirect(url_for("collection.show", round_id=round_id) + "#devices")
    return send_file(
        io.BytesIO(sheet.to_xlsx()),
        mimetype="application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
        as_attachment=True,
        download_name=f"{openrosa.form_id(round_, side)}.xlsx",
    )
