"""The citizen's and the provider's scorecard: join by code, fill, send, get a receipt.

Works as plain HTML forms; ``static/js/scorecard.js`` adds autosave and an offline
queue on top, sending the same fields as JSON to ``/j/<code>/submit.json``.
"""

from __future__ import annotations

import json
import re
import secrets
import uuid as uuid_module
from pathlib import Path

from flask import (
    Blueprint,
    current_app,
    g,
    jsonify,
    make_response,
    redirect,
    render_template,
    request,
    url_for,
)
from flask_babel import gettext as _
from itsdangerous import BadSignature, URLSafeSerializer
from werkzeug.exceptions import RequestEntityTooLarge
from wtforms.fields.choices import SelectChoice

from app.extensions import db, limiter
from app.hashing import keyed_hash
from app.messages import message_for
from app.permissions import public
from app.services.submissions import (
    JoinTarget,
    Submission,
    find_target,
    indicators_for,
    read_submission,
    receipt_exists,
    store_submission,
    write_turn,
)
from app.services.texts import DEMOGRAPHIC_KINDS, demographic_choices, group_label, point_label
from app.templating import current_language
from app.views.citizen_text import point_symbols
from forms.scorecard import NOT_APPLICABLE, scorecard_form_class
from scorecards.answer_check import Problem, Refused
from scorecards.codes import normalise_join_code, receipt_for
from scorecards.errors import DomainError
from scorecards.scales import Scale, format_value

bp = Blueprint("citizen", __name__, url_prefix="/j")

BODY_LIMIT = 64 * 1024
DONE_COOKIE = "egekh_done"
DONE_COOKIE_AGE = 365 * 24 * 3600
DONE_COOKIE_ENTRIES = 20
DEFAULT_RATE_LIMIT = "600 per minute"


DEFAULT_JOIN_RATE_LIMIT = "600 per minute"
DEFAULT_JOIN_FAILED_RATE_LIMIT = "30 per minute"


def _rate_limit() -> str:
    """Scorecard sends per address (``CITIZEN_RATE_LIMIT``, 600 a minute): a hall of 300
    phones behind one address sending within a minute is never refused; unusual sends
    are flagged for the facilitator instead (``app.services.response_flags``)."""
    return current_app.config.get("CITIZEN_RATE_LIMIT", DEFAULT_RATE_LIMIT)


def _join_rate_limit() -> str:
    """Scorecard pages opened per address (``JOIN_RATE_LIMIT``): generous, so a hall of
    phones behind one address is served, yet one machine cannot flood the page."""
    return current_app.config.get("JOIN_RATE_LIMIT", DEFAULT_JOIN_RATE_LIMIT)


def _join_failed_rate_limit() -> str:
    """Lookups of codes that do not exist per address (``JOIN_FAILED_RATE_LIMIT``).

    Counted apart from the rest, on every route that looks a code up, so guessing codes
    is slow (30 a minute by default) while people who typed a code right are never
    counted. Once an address is over it, every lookup from it is refused (429) for the
    rest of the window, found or not, so the answer tells a guesser nothing.
    """
    return current_app.config.get("JOIN_FAILED_RATE_LIMIT", DEFAULT_JOIN_FAILED_RATE_LIMIT)


def _code_not_found(response) -> bool:
    return response.status_code == 404


unknown_code_limit = limiter.shared_limit(
    _join_failed_rate_limit, scope="join-unknown-code", deduct_when=_code_not_found
)


@bp.record_once
def _limit_bodies_first(state) -> None:
    """Cap citizen POST bodies at 64 KB before anything (CSRF included) reads them."""

    def cap_body() -> None:
        if request.blueprint == "citizen" and request.method == "POST":
            request.max_content_length = BODY_LIMIT

    state.app.before_request_funcs.setdefault(None, []).insert(0, cap_body)


# -- the signed "already sent" cookie -----------------------------------------


def _serializer() -> URLSafeSerializer:
    return URLSafeSerializer(current_app.config["SECRET_KEY"], salt="citizen-done")


def _done_map() -> dict[str, str]:
    raw = request.cookies.get(DONE_COOKIE)
    if not raw:
        return {}
    try:
        value = _serializer().loads(raw)
    except BadSignature:
        return {}
    return value if isinstance(value, dict) else {}


def _done_key(target: JoinTarget) -> str:
    return f"{target.round_id}:{target.side.value}"


def _done_receipt(target: JoinTarget) -> str | None:
    """The receipt this phone got for this round and side, unless it is a shared tablet."""
    if target.shared_device:
        return None
    return _done_map().get(_done_key(target))


def _remember_done(response, target: JoinTarget, receipt: str):
    if target.shared_device:
        return response
    done = _done_map()
    done[_done_key(target)] = receipt
    done = dict(list(done.items())[-DONE_COOKIE_ENTRIES:])
    response.set_cookie(
        DONE_COOKIE,
        _serializer().dumps(done),
        max_age=DONE_COOKIE_AGE,
        httponly=True,
        samesite="Lax",
        secure=current_app.config.get("SESSION_COOKIE_SECURE", False),
        path="/j",
    )
    return response


# -- the device cookie and the address, for flagging bursts ----------------------

DEVICE_COOKIE = "egekh_device"
_DEVICE_ID = re.compile(r"^[A-Za-z0-9_-]{16,64}$")


def _device_id() -> str:
    """This browser's random id from its ``egekh_device`` cookie, or a new one (set on
    the response by ``_keep_device``). It only tells sends of one browser apart for
    ``app.services.response_flags``; it is stored as a keyed hash, never as sent."""
    value = request.cookies.get(DEVICE_COOKIE, "")
    if _DEVICE_ID.match(value):
        return value
    if "egekh_device" not in g:
        g.egekh_device = secrets.token_urlsafe(16)
    return g.egekh_device


@bp.after_request
def _keep_device(response):
    """Give a browser that had no device id the one minted for it in this request."""
    minted = g.pop("egekh_device", None)
    if minted:
        response.set_cookie(
            DEVICE_COOKIE,
            minted,
            max_age=DONE_COOKIE_AGE,
            httponly=True,
            samesite="Lax",
            secure=current_app.config.get("SESSION_COOKIE_SECURE", False),
            path="/j",
        )
    return response


def _with_source(submission: Submission) -> Submission:
    """The submission with keyed hashes of its device and client address."""
    submission.device_hash = keyed_hash("device", _device_id())
    submission.address_hash = keyed_hash("address", request.remote_addr or "")
    return submission


# -- building the form --------------------------------------------------------


def _build_form(target: JoinTarget):
    """The scorecard form of the target's side, filled from the request; a side with
    one group gets it without a question."""
    scale = target.scale
    form = scorecard_form_class(target.indicator_ids, scale)()
    only = target.single_group
    if only is not None and not form.group.data:
        form.group.data = str(only.id)
    language = current_language()
    form.group.choices = [SelectChoice(str(g.id), group_label(g, language)) for g in target.groups]
    for kind in DEMOGRAPHIC_KINDS:  # labels as stored per language (the catalogue edits them)
        form[kind].choices = [
            SelectChoice(code, label) for code, label in demographic_choices(kind, language)
        ]
    points = [
        SelectChoice(str(v), point_label(scale, v, language) or str(v))
        for v in scale.point_values()
    ]
    points.append(SelectChoice(NOT_APPLICABLE, _("Don't know / not applicable")))
    if not form.number_input:
        for ri_id in target.indicator_ids:
            form[f"q{ri_id}"].choices = points
    if not form.uuid.data:
        form.uuid.data = str(uuid_module.uuid4())
    return form, scale


def problem_message(problem: Problem | DomainError, scale: Scale) -> str:
    """The user's-language sentence for one problem the answer checker found.

    A value that is not a number or is off the scale's range names the range (and the
    step when the scale has one other than 1); everything else is worded by
    ``app.messages``.
    """
    code, params = problem.code, problem.params
    value_codes = ("value_not_number", "value_out_of_range", "value_not_on_step")
    if code in value_codes and (code == "value_not_on_step" or scale.step != 1):
        return _(
            "Choose a value from %(min)d to %(max)d in steps of %(step)s: %(allowed)s.",
            min=scale.min_value,
            max=scale.max_value,
            step=format_value(scale.step),
            allowed=scale.allowed_values_text(),
        )
    if code in value_codes:
        return message_for("value_out_of_range", min=scale.min_value, max=scale.max_value)
    return message_for(code, **params)


def _attach_problems(form, refused: Refused, scale: Scale) -> str | None:
    """Put each problem's message next to its field; return the messages of problems
    no field on the page shows (an answer to a question not asked, a bad uuid)."""
    loose: list[str] = []
    for problem in refused.problems:
        message = problem_message(problem, scale)
        name = problem.field
        if name and name in form._fields and name != "uuid":
            form[name].errors = [*form[name].errors, message]
        elif message not in loose:
            loose.append(message)
    return " ".join(loose) or None


def _problem_fields(refused: Refused, scale: Scale) -> dict[str, list[str]]:
    """Each field's messages, for a JSON answer (problems of no field under ``""``)."""
    fields: dict[str, list[str]] = {}
    for problem in refused.problems:
        fields.setdefault(problem.field or "", []).append(problem_message(problem, scale))
    return fields


def _page(target, form, scale, status=200, form_error=None):
    indicators = indicators_for(target)
    html = render_template(
        "citizen/scorecard.html",
        target=target,
        form=form,
        indicators=indicators,
        scale=scale,
        faces=point_symbols(scale),
        scale_step=format_value(scale.step),
        form_error=form_error,
        lang=current_language(),
    )
    response = make_response(html, status)
    response.headers["Cache-Control"] = "no-store" if status != 200 else "private, no-cache"
    return response


def _unknown_page():
    return render_template("citizen/unknown.html"), 404


def _closed_page(target: JoinTarget):
    return render_template("citizen/closed.html", target=target), 403


def _already_page(target: JoinTarget, receipt: str, status: int = 200):
    return render_template("citizen/already.html", target=target, receipt=receipt), status


def _store(target: JoinTarget, submission: Submission):
    """Store the submission and commit; on a refusal roll back and raise ``DomainError``.

    On SQLite the threads of one server process take turns (``write_turn``), so they
    queue in order instead of in SQLite's busy-wait back-off.
    """
    submission = _with_source(submission)
    with write_turn():
        try:
            stored = store_submission(target, submission)
        except DomainError:
            db.session.rollback()
            raise
        db.session.commit()
    return stored


# -- pages ----------------------------------------------------------------------


@bp.get("")
@bp.get("/")
@public
def join():
    """A box to type the code; ``?code=`` sends the person on to the scorecard.

    A code typed on a Cyrillic keyboard is turned into its Latin letters
    (``scorecards.codes.normalise_join_code``); a code that still is not one says that
    the code is written in Latin letters and digits, as on the poster.
    """
    typed = request.args.get("code")
    error = None
    if typed is not None:
        try:
            return redirect(url_for("citizen.scorecard", code=normalise_join_code(typed)))
        except DomainError:
            error = _(
                "This code is not valid. Type the code as it is on the poster, in Latin "
                "letters and digits, for example K7M2QX."
            )
    status = 400 if error else 200
    return render_template("citizen/join.html", typed=typed or "", error=error), status


@bp.get("/<code>")
@public
@limiter.limit(_join_rate_limit)
@unknown_code_limit
def scorecard(code: str):
    target = find_target(code)
    if target is None:
        return _unknown_page()
    if not target.is_open:
        return _closed_page(target)
    receipt = _done_receipt(target)
    if receipt:
        return _already_page(target, receipt)
    _device_id()  # a browser opening the scorecard gets its device id now
    form, scale = _build_form(target)
    return _page(target, form, scale)


@bp.post("/<code>")
@public
@limiter.limit(_rate_limit)
@unknown_code_limit
def send(code: str):
    """The no-JavaScript send: validate, store once, then redirect to the receipt."""
    target = find_target(code)
    if target is None:
        return _unknown_page()
    if not target.is_open:
        return _closed_page(target)
    form, scale = _build_form(target)
    done = _done_receipt(target)
    if done and receipt_for(form.uuid.data or "") != done:
        return _already_page(target, done, 409)
    # Each field's first value, as the form reads it.
    reading = read_submission(request.form.to_dict(), target)
    if isinstance(reading, Refused):
        return _page(target, form, scale, 422, _attach_problems(form, reading, scale))
    try:
        stored = _store(target, reading)
    except DomainError as error:
        if error.code == "collection_closed":
            return _closed_page(target)
        status = 409 if error.code == "uuid_conflict" else 422
        return _page(target, form, scale, status, problem_message(error, scale))
    response = redirect(
        url_for("citizen.thanks", code=target.code, r=stored.receipt), code=303
    )
    return _remember_done(response, target, stored.receipt)


def _json_error(status: int, message: str, fields: dict | None = None, code: str = ""):
    body = {"error": {"status": status, "code": code, "message": message}}
    if fields:
        body["error"]["fields"] = fields
    return jsonify(body), status


def _json_fields(payload: object) -> dict[str, str] | None:
    """The JSON object as text fields, as a form would send them (a ticked box is
    ``"y"``, an unticked one or ``null`` is left out); ``None`` when it is not a flat
    object of scalars."""
    if not isinstance(payload, dict):
        return None
    fields: dict[str, str] = {}
    for key, value in payload.items():
        if isinstance(value, str):
            fields[key] = value
        elif isinstance(value, bool):
            if value:
                fields[key] = "y"
        elif isinstance(value, int | float):
            fields[key] = str(value)
        elif value is not None:
            return None
    return fields


@bp.post("/<code>/submit.json")
@public
@limiter.limit(_rate_limit)
@unknown_code_limit
def send_json(code: str):
    """The script's send: the same fields as the form, as one JSON object.

    Answers 201 with the receipt for a new response, 200 for a repeat of one already
    stored, 4xx with ``error.message`` (and ``error.fields``) in the user's language.
    The fields are read and checked once (``read_submission``): a refusal lists every
    problem, each next to its field.
    """
    try:
        raw = request.get_data(cache=False)
    except RequestEntityTooLarge:
        message = _("What you sent is too large. Nothing was stored.")
        return _json_error(413, message, code="too_large")
    try:
        payload = json.loads(raw.decode("utf-8"))
    except (UnicodeDecodeError, ValueError, RecursionError):
        payload = None  # RecursionError: arrays or objects nested too deeply to read
    fields = _json_fields(payload)
    if fields is None:
        return _json_error(
            400,
            _("The answers could not be read. Nothing was stored; please try again."),
            code="malformed",
        )
    target = find_target(code)
    if target is None:
        return _json_error(404, _("There is no scorecard with this code."), code="unknown_code")
    if not target.is_open:
        return _json_error(
            403, _("This scorecard is closed. Your answers were not stored."), code="closed"
        )
    done = _done_receipt(target)
    if done and receipt_for(fields.get("uuid", "")) != done:
        return _json_error(
            409,
            _("You have already sent your answers from this phone (receipt %(receipt)s).",
              receipt=done),
            code="already_sent",
        )
    reading = read_submission(fields, target)
    if isinstance(reading, Refused):
        scale = target.scale
        codes = {problem.code for problem in reading.problems}
        single = len(reading.problems) == 1
        return _json_error(
            422,
            problem_message(reading.problems[0], scale)
            if single
            else _("Some answers need your attention."),
            fields=_problem_fields(reading, scale),
            code=codes.pop() if len(codes) == 1 else "invalid",
        )
    try:
        stored = _store(target, reading)
    except DomainError as error:
        status = {"uuid_conflict": 409, "collection_closed": 403}.get(error.code, 422)
        message = problem_message(error, target.scale)
        fields = {error.field: [message]} if error.field else None
        return _json_error(status, message, fields=fields, code=error.code)
    return _json_stored(target, stored)


def _json_stored(target: JoinTarget, stored):
    """201 with the receipt for a new response, 200 for a repeat of a stored one."""
    response = jsonify(
        {
            "receipt": stored.receipt,
            "created": stored.created,
            "thanks_url": url_for("citizen.thanks", code=target.code, r=stored.receipt),
        }
    )
    response.status_code = 201 if stored.created else 200
    return _remember_done(response, target, stored.receipt)


@bp.get("/<code>/thanks")
@public
@unknown_code_limit
def thanks(code: str):
    target = find_target(code)
    if target is None:
        return _unknown_page()
    receipt = (request.args.get("r") or "").strip().upper()
    if not receipt_exists(target.round_id, receipt):
        return _unknown_page()
    return render_template("citizen/thanks.html", target=target, receipt=receipt)


@bp.get("/sw.js")
@public
def service_worker():
    """The service worker, served under /j/ so its scope covers every scorecard."""
    # Read whole (it is small) rather than streamed, so no file handle is left open.
    script = (Path(current_app.static_folder) / "js" / "sw.js").read_bytes()
    response = current_app.response_class(script, mimetype="text/javascript")
    response.headers["Service-Worker-Allowed"] = "/j/"
    response.headers["Cache-Control"] = "no-cache"
    return response
