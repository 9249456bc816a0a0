"""Scorecards by SMS: a message from a gateway becomes a stored response (through the
same checker and ``store_submission`` as a phone's send) or a short reply saying what
is wrong, in the round's language; "HELP <code>" returns the questions.

Two open-source gateways deliver messages, each with its own secret:

* **SMS Gateway for Android** (github.com/capcom6/android-sms-gateway; a phone with a
  local SIM at the facilitator's office). Its webhook posts JSON for the event
  ``sms:received``: ``{"event": "sms:received", "id": <event id>, "deviceId": …,
  "payload": {"messageId", "message", "phoneNumber", "simNumber", "receivedAt"}}``,
  signed in ``X-Signature`` (hex HMAC-SHA256 with the webhook signing key over the raw
  body followed by the ``X-Timestamp`` header; docs "Webhooks › Payload Signing" of
  android-sms-gateway/docs-web). The event ``id`` is the message id here: the docs
  warn that ``payload.messageId`` is derived from the content, so two people sending
  the same answers would share it. Replies go through the app's API:
  ``POST <send URL>`` (``http://<phone>:8080/message`` on the local server, or
  ``…/3rdparty/v1/messages``) with basic auth and ``{"textMessage": {"text": …},
  "phoneNumbers": [...]}`` (docs "Sending Messages").
* **A RapidPro-style external HTTP channel** (nyaruka/courier ``handlers/external``):
  the aggregator posts a form with ``from``, ``text`` and ``id``; replies are POSTed
  form-encoded to the configured send URL with ``id``, ``text``, ``to``,
  ``to_no_plus``, ``from`` and ``channel``, as courier's external channel sends them.
  The channel is authenticated by its secret in ``Authorization: Token <secret>`` on
  both directions (courier's ``send_authorization`` header).

A gateway's delivery is idempotent on its message id: a repeated delivery stores
nothing and sends again only a reply that did not go. One response per phone number
per round and side; numbers are kept only as keyed hashes. Everything a message
stores (the response, its scores, the number's hash, the message row) is committed
together, or nothing is.
"""

from __future__ import annotations

import base64
import hashlib
import hmac
import json
import logging
import urllib.parse
import urllib.request
import uuid as uuid_module
from dataclasses import dataclass

from flask import current_app
from flask_babel import force_locale
from flask_babel import gettext as _
from sqlalchemy import select
from sqlalchemy.exc import IntegrityError

from app.extensions import db
from app.hashing import keyed_hash
from app.messages import message_for
from app.models import Response, Round
from app.models._types import utcnow
from app.models.sms import SmsMessage, SmsRespondent
from app.services.submissions import (
    JoinTarget,
    find_target,
    indicators_for,
    read_submission,
    store_submission,
    write_turn,
)
from app.services.texts import group_label, point_label
from scorecards.answer_check import Refused
from scorecards.errors import DomainError
from scorecards.scales import format_value
from scorecards.sms import (
    SmsRequest,
    answer_field,
    normalise_sender,
    parse_message,
    split_message,
    spread_answers,
    zero_is_a_value,
)
from scorecards.vocab import Channel

log = logging.getLogger(__name__)

SEND_TIMEOUT_SECONDS = 10
MAX_MESSAGE_ID = 100
# Names the UUIDs of SMS responses: uuid5(namespace, "<gateway>:<message id>"), so a
# repeated delivery is the same response whatever else happened.
SMS_NAMESPACE = uuid_module.UUID("6f1d8a52-3c1e-4b7a-9d3e-2a6c5e0b7f41")


class GatewayError(RuntimeError):
    """A reply could not be handed to the gateway (it is sent again on a retry)."""


@dataclass(frozen=True)
class Inbound:
    """One received SMS as a gateway delivered it. ``sender`` is used to reply and to
    make the keyed hash, and is never stored."""

    gateway: str
    message_id: str
    sender: str
    text: str


@dataclass(frozen=True)
class Outcome:
    """What became of a message: the reply's parts (sent in order), and whether this
    delivery was one already handled (nothing stored again)."""

    outcome: str
    parts: tuple[str, ...]
    repeated: bool = False
    receipt: str | None = None


# -- gateways -----------------------------------------------------------------------------


class AndroidGateway:
    """SMS Gateway for Android (capcom6/android-sms-gateway): signed JSON webhook in,
    its HTTP API out. Config: ``SMS_ANDROID_SIGNING_KEY``, ``SMS_ANDROID_SEND_URL``,
    ``SMS_ANDROID_USERNAME``, ``SMS_ANDROID_PASSWORD``."""

    name = "android"

    @staticmethod
    def configured() -> bool:
        return bool(current_app.config.get("SMS_ANDROID_SIGNING_KEY"))

    @staticmethod
    def verify(body: bytes, headers) -> bool:
        """Whether ``X-Signature`` is the HMAC-SHA256 (hex) of the raw body followed by
        ``X-Timestamp``, under the signing key. A replayed delivery is harmless (the
        message id makes it a repeat), so the timestamp's age is not judged: the app
        retries a failed delivery for up to two days with its first signature."""
        key = current_app.config.get("SMS_ANDROID_SIGNING_KEY") or ""
        signature = (headers.get("X-Signature") or "").strip().lower()
        timestamp = (headers.get("X-Timestamp") or "").strip()
        if not key or not signature or not timestamp.isdigit():
            return False
        expected = hmac.new(key.encode(), body + timestamp.encode(), hashlib.sha256).hexdigest()
        return hmac.compare_digest(expected, signature)

    @staticmethod
    def read(body: bytes, form) -> Inbound | None:
        """The received SMS in a webhook body; ``None`` for another event or a body
        that is not one (answered 200 and ignored, or 400)."""
        try:
            event = json.loads(body.decode("utf-8"))
        except (UnicodeDecodeError, ValueError, RecursionError):
            raise DomainError("sms_body_unreadable") from None
        if not isinstance(event, dict) or event.get("event") != "sms:received":
            return None
        payload = event.get("payload")
        if not isinstance(payload, dict):
            raise DomainError("sms_body_unreadable")
        message_id = event.get("id") or payload.get("messageId")
        sender, text = payload.get("phoneNumber"), payload.get("message")
        if not all(isinstance(v, str) and v for v in (message_id, sender)) or not isinstance(
            text, str
        ):
            raise DomainError("sms_body_unreadable")
        return Inbound("android", message_id[:MAX_MESSAGE_ID], sender, text)

    @staticmethod
    def send_url() -> str:
        return current_app.config.get("SMS_ANDROID_SEND_URL") or ""

    @staticmethod
    def send(to: str, parts: tuple[str, ...], message_id: str) -> None:
        url = AndroidGateway.send_url()
        user = current_app.config.get("SMS_ANDROID_USERNAME") or ""
        password = current_app.config.get("SMS_ANDROID_PASSWORD") or ""
        token = base64.b64encode(f"{user}:{password}".encode()).decode()
        for part in parts:
            body = json.dumps(
                {"textMessage": {"text": part}, "phoneNumbers": [to]}, ensure_ascii=False
            ).encode()
            _post(url, body, {"Content-Type": "application/json",
                              "Authorization": f"Basic {token}"})


class RapidProGateway:
    """A RapidPro-style external HTTP channel (nyaruka/courier ``handlers/external``):
    form-encoded ``from``, ``text``, ``id`` in, form-encoded replies POSTed out.
    Config: ``SMS_RAPIDPRO_SECRET``, ``SMS_RAPIDPRO_SEND_URL``."""

    name = "rapidpro"

    @staticmethod
    def configured() -> bool:
        return bool(current_app.config.get("SMS_RAPIDPRO_SECRET"))

    @staticmethod
    def verify(body: bytes, headers) -> bool:
        """Whether ``Authorization`` is ``Token <SMS_RAPIDPRO_SECRET>`` (constant time)."""
        secret = current_app.config.get("SMS_RAPIDPRO_SECRET") or ""
        given = (headers.get("Authorization") or "").strip()
        if not secret or not given.startswith("Token "):
            return False
        return hmac.compare_digest(given[6:].strip().encode(), secret.encode())

    @staticmethod
    def read(body: bytes, form) -> Inbound | None:
        message_id = (form.get("id") or "").strip()
        sender = (form.get("from") or form.get("sender") or "").strip()
        text = form.get("text")
        if not message_id or not sender or text is None:
            raise DomainError("sms_body_unreadable")
        return Inbound("rapidpro", message_id[:MAX_MESSAGE_ID], sender, text)

    @staticmethod
    def send_url() -> str:
        return current_app.config.get("SMS_RAPIDPRO_SEND_URL") or ""

    @staticmethod
    def send(to: str, parts: tuple[str, ...], message_id: str) -> None:
        url = RapidProGateway.send_url()
        secret = current_app.config.get("SMS_RAPIDPRO_SECRET") or ""
        for number, part in enumerate(parts, start=1):
            body = urllib.parse.urlencode(
                {
                    "id": f"{message_id}-{number}",
                    "text": part,
                    "to": to,
                    "to_no_plus": to.removeprefix("+"),
                    "from": current_app.config.get("SMS_RAPIDPRO_ADDRESS", ""),
                    "channel": "egekh",
                }
            ).encode()
            _post(url, body, {"Content-Type": "application/x-www-form-urlencoded",
                              "Authorization": f"Token {secret}"})


GATEWAYS = {gateway.name: gateway for gateway in (AndroidGateway, RapidProGateway)}


def _post(url: str, body: bytes, headers: dict[str, str]) -> None:
    request = urllib.request.Request(url, data=body, headers=headers, method="POST")
    try:
        with urllib.request.urlopen(request, timeout=SEND_TIMEOUT_SECONDS) as reply:  # noqa: S310
            status = reply.status
    except OSError as error:  # URLError and HTTPError are OSErrors
        raise GatewayError(f"the gateway refused or did not answer: {error}") from None
    if not 200 <= status < 300:
        raise GatewayError(f"the gateway answered {status}")


# -- receiving ---------------------------------------------------------------------------


def platform_language() -> str:
    """The first offered language (``LANGUAGES``): replies to a message whose round is
    unknown are in it."""
    return current_app.config["LANGUAGES"][0]


def round_language(round_id: int | None) -> str:
    """The round's language for citizens when it has one and it is offered, else the
    platform's."""
    offered = current_app.config["LANGUAGES"]
    if round_id is not None:
        chosen = db.session.scalar(select(Round.language).where(Round.id == round_id))
        if chosen in offered:
            return chosen
    return platform_language()


def receive(inbound: Inbound) -> Outcome:
    """Handle one delivered SMS and commit; the caller sends ``parts`` back (see
    ``deliver_reply``). A repeated delivery returns the reply it had, stores nothing."""
    sender_hash = keyed_hash("sms-sender", normalise_sender(inbound.sender))
    earlier = _earlier(inbound)
    if earlier is not None:
        return earlier
    request = parse_message(inbound.text)
    with write_turn():
        try:
            outcome, round_id, response_id = _handle(inbound, request, sender_hash)
            db.session.add(
                SmsMessage(
                    gateway=inbound.gateway,
                    message_id=inbound.message_id,
                    sender_hash=sender_hash,
                    round_id=round_id,
                    outcome=outcome.outcome,
                    response_id=response_id,
                    reply="\n\n".join(outcome.parts),
                )
            )
            db.session.commit()
        except IntegrityError:
            # The same message delivered twice at once, or two messages of one number
            # for one round stored at once: the first one wins, this one is a repeat.
            db.session.rollback()
            again = _earlier(inbound)
            if again is not None:
                return again
            target = find_target(request.code or "")
            language = round_language(target.round_id if target else None)
            with force_locale(language):
                return Outcome("already_sent", tuple(split_message(_already_text(None))))
    return outcome


def _earlier(inbound: Inbound) -> Outcome | None:
    row = db.session.scalar(
        select(SmsMessage).where(
            SmsMessage.gateway == inbound.gateway, SmsMessage.message_id == inbound.message_id
        )
    )
    if row is None:
        return None
    parts = () if row.replied_at is not None else tuple(row.reply.split("\n\n"))
    return Outcome(row.outcome, parts, repeated=True)


def mark_replied(inbound: Inbound) -> None:
    """Record that the gateway took the reply to ``inbound`` (it is not sent again)."""
    row = db.session.scalar(
        select(SmsMessage).where(
            SmsMessage.gateway == inbound.gateway, SmsMessage.message_id == inbound.message_id
        )
    )
    if row is not None and row.replied_at is None:
        row.replied_at = utcnow()
        db.session.commit()


def deliver_reply(inbound: Inbound, outcome: Outcome) -> None:
    """Send the reply's parts to the sender through the gateway that delivered the
    message, then mark it sent. A gateway without a send URL takes the reply from the
    webhook's answer instead (``reply`` in its JSON), as a local trial does. Raises
    ``GatewayError`` when the gateway did not take it: the webhook is then answered
    502, so the gateway delivers the message again and the reply is sent on that retry
    (nothing is stored twice)."""
    if not outcome.parts:
        return
    adapter = GATEWAYS[inbound.gateway]
    if adapter.send_url():
        adapter.send(inbound.sender, outcome.parts, inbound.message_id)
    mark_replied(inbound)


def _handle(
    inbound: Inbound, request: SmsRequest, sender_hash: str
) -> tuple[Outcome, int | None, int | None]:
    """(outcome, round id, response id) of a new message; adds rows, commits nothing."""
    target = find_target(request.code) if request.code else None
    language = round_language(target.round_id if target else None)
    with force_locale(language):
        if request.kind == "unreadable" or (request.kind == "help" and not request.code_text):
            return _reply("unreadable", _how_to_text()), None, None
        if target is None:
            return _reply("unknown_code", _unknown_code_text(request.code_text)), None, None
        if request.kind == "help":
            return _reply("help", help_text(target, language)), target.round_id, None
        if not target.is_open:
            text = message_for("collection_closed")
            return _reply("closed", text), target.round_id, None
        done = _already_sent(target, sender_hash)
        if done is not None:
            return _reply("already_sent", _already_text(done)), target.round_id, None
        return _store(inbound, request, target, sender_hash, language)


def _reply(outcome: str, text: str, receipt: str | None = None) -> Outcome:
    return Outcome(outcome, tuple(split_message(text)), receipt=receipt)


def _already_sent(target: JoinTarget, sender_hash: str) -> str | None:
    """The receipt of this number's earlier SMS response to the round side, if any."""
    return db.session.scalar(
        select(Response.receipt)
        .join(SmsRespondent, SmsRespondent.response_id == Response.id)
        .where(
            SmsRespondent.round_id == target.round_id,
            SmsRespondent.side == target.side.value,
            SmsRespondent.sender_hash == sender_hash,
        )
    )


def _store(
    inbound: Inbound, request: SmsRequest, target: JoinTarget, sender_hash: str, language: str
) -> tuple[Outcome, int | None, int | None]:
    asked = target.indicator_ids
    answers = spread_answers(request.answers, len(asked))
    if len(answers) != len(asked):
        return _reply("refused", _count_text(target, len(answers))), target.round_id, None
    group_text = ""
    if request.group is not None:
        if not 1 <= request.group <= len(target.groups):
            return _reply("refused", _group_text(target, language)), target.round_id, None
        group_text = str(target.groups[request.group - 1].id)
    elif target.single_group is None:
        return _reply("refused", _group_text(target, language)), target.round_id, None
    zero = zero_is_a_value(target.scale.min_value)
    fields = {
        "uuid": str(uuid_module.uuid5(SMS_NAMESPACE, f"{inbound.gateway}:{inbound.message_id}")),
        "group": group_text,
        **{f"q{ri_id}": answer_field(typed, zero) for ri_id, typed in zip(asked, answers,
                                                                          strict=True)},
    }
    reading = read_submission(fields, target, channel=Channel.SMS)
    if isinstance(reading, Refused):
        return _reply("refused", _refusal_text(target, reading)), target.round_id, None
    reading.device_hash = sender_hash
    try:
        stored = store_submission(target, reading)
    except DomainError as error:
        db.session.rollback()
        if error.code == "collection_closed":
            text = message_for("collection_closed")
            return _reply("closed", text), target.round_id, None
        raise
    db.session.add(
        SmsRespondent(
            round_id=target.round_id,
            side=target.side.value,
            sender_hash=sender_hash,
            response_id=stored.response_id,
        )
    )
    text = _("Thank you, your answers are stored. Receipt: %(receipt)s", receipt=stored.receipt)
    outcome = _reply("stored", text, stored.receipt)
    return outcome, target.round_id, stored.response_id


# -- texts ----------------------------------------------------------------------------------


def _how_to_text() -> str:
    return _(
        "Send the code from the poster, then one answer per question, e.g. K7M2QX 4 3 5. "
        "Send HELP and the code for the questions."
    )


def _unknown_code_text(code_text: str) -> str:
    return _(
        "There is no scorecard with the code %(code)s. Check the code on the poster and "
        "send it again.",
        code=code_text[:12],
    )


def _already_text(receipt: str | None) -> str:
    if receipt:
        return _(
            "Answers from this phone for this scorecard are already stored (receipt "
            "%(receipt)s). Nothing new was stored.",
            receipt=receipt,
        )
    return _("Answers from this phone for this scorecard are already stored.")


def _count_text(target: JoinTarget, count: int) -> str:
    return _(
        "This scorecard has %(asked)d questions; you sent %(count)d answers. Nothing was "
        "stored. Send HELP %(code)s for the questions.",
        asked=len(target.indicator_ids),
        count=count,
        code=target.code,
    )


def _group_text(target: JoinTarget, language: str) -> str:
    groups = ", ".join(_group_choices(target, language))
    return _(
        "Put your group after the code, e.g. %(code)s G1 4 3 5. Groups: %(groups)s. "
        "Nothing was stored.",
        code=target.code,
        groups=groups,
    )


def _group_choices(target: JoinTarget, language: str) -> list[str]:
    by_id = {group.id: group for group in target.round.groups}
    return [
        f"G{n} {group_label(by_id[g.id], language) if g.id in by_id else g.label}"
        for n, g in enumerate(target.groups, start=1)
    ]


def _allowed_text(target: JoinTarget) -> str:
    scale = target.scale
    values = scale.allowed_values_text()
    if zero_is_a_value(scale.min_value):
        return _("%(values)s, or - for don't know", values=values)
    return _("%(values)s, or 0 or - for don't know", values=values)


def _refusal_text(target: JoinTarget, refused: Refused) -> str:
    """The first answers that could not be read, by their number in the message."""
    position = {f"q{ri_id}": n for n, ri_id in enumerate(target.indicator_ids, start=1)}
    numbers = [position[p.field] for p in refused.problems if p.field in position]
    if not numbers:
        return _("These answers could not be stored. Send HELP %(code)s for the questions.",
                 code=target.code)
    return _(
        "Answer %(numbers)s is not on the scale. Use %(allowed)s. Nothing was stored.",
        numbers=", ".join(str(n) for n in numbers[:5]),
        allowed=_allowed_text(target),
    )


def help_text(target: JoinTarget, language: str) -> str:
    """The questions of the target's side in order, with the scale and how to answer,
    in ``language`` (the caller has forced that locale): one line per question, so
    ``split_message`` keeps a question whole in a part where it fits."""
    round_ = target.round
    scale = target.scale
    # Place names are kept in Mongolian Cyrillic except in English.
    facility = round_.facility.name("en" if language == "en" else "mn")
    lines = [
        _("%(facility)s: %(count)d questions.", facility=facility,
          count=len(target.indicator_ids)),
        _("Reply: %(code)s and one answer per question (%(allowed)s).",
          code=target.code, allowed=_allowed_text(target)),
    ]
    words = [
        f"{format_value(value)} {label}"
        for value in scale.point_values()
        if (label := point_label(scale, value, language))
    ]
    if words and len(words) <= 11:
        lines.append("; ".join(words))
    if target.single_group is None:
        lines.append(
            _("Groups: %(groups)s. Put yours after the code, e.g. %(code)s G1 …",
              groups=", ".join(_group_choices(target, language)), code=target.code)
        )
    for n, ri in enumerate(indicators_for(target), start=1):
        lines.append(f"{n}. {ri.indicator.text(language)}")
    return "\n".join(lines)
