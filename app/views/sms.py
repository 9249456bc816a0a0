"""The gateways' webhooks: an SMS scorecard arrives here and its reply goes back.

``POST /sms/android`` (SMS Gateway for Android) and ``POST /sms/rapidpro`` (a
RapidPro-style external channel). These are machine endpoints: a gateway has no
session or CSRF token, so they are exempt from CSRF and authenticated instead by the
gateway's own secret (a signature or a token, ``app.services.sms``); a request that
fails it is refused with 403 and logged, and nothing is read from it.
"""

from __future__ import annotations

import logging

from flask import Blueprint, jsonify, request

from app.extensions import csrf, limiter
from app.permissions import public
from app.services import sms
from scorecards.errors import DomainError

bp = Blueprint("sms", __name__, url_prefix="/sms")
log = logging.getLogger(__name__)

BODY_LIMIT = 16 * 1024
DEFAULT_RATE_LIMIT = "600 per minute"


def _rate_limit() -> str:
    """Deliveries per gateway address (``SMS_RATE_LIMIT``): a ceiling against floods; a
    gateway relays a whole hall's messages from one address."""
    from flask import current_app

    return current_app.config.get("SMS_RATE_LIMIT", DEFAULT_RATE_LIMIT)


@bp.post("/<any(android, rapidpro):gateway>")
@public
@csrf.exempt
@limiter.limit(_rate_limit)
def receive(gateway: str):
    """One delivered SMS: 200 with what became of it and the reply's parts (sent to the
    sender through the gateway's send URL when one is set),
    403 for a bad signature or an unconfigured gateway, 400 for a body that is not a
    message, 502 when the reply could not be handed to the gateway (it retries; the
    message is not stored twice)."""
    adapter = sms.GATEWAYS[gateway]
    request.max_content_length = BODY_LIMIT
    body = request.get_data(cache=True)
    if not adapter.configured() or not adapter.verify(body, request.headers):
        log.warning(
            "sms: refused a %s delivery from %s: %s", gateway, request.remote_addr,
            "bad signature" if adapter.configured() else "gateway not configured",
        )
        return jsonify({"error": "refused"}), 403
    try:
        inbound = adapter.read(body, request.form)
    except DomainError:
        return jsonify({"error": "not a message"}), 400
    if inbound is None:
        return jsonify({"ignored": True}), 200
    outcome = sms.receive(inbound)
    try:
        sms.deliver_reply(inbound, outcome)
    except sms.GatewayError as error:
        log.warning("sms: reply to %s message %s not sent: %s", gateway, inbound.message_id,
                    error)
        return jsonify({"outcome": outcome.outcome, "replied": False}), 502
    return jsonify(
        {"outcome": outcome.outcome, "repeated": outcome.repeated, "receipt": outcome.receipt,
         "reply": list(outcome.parts)}
    ), 200
