"""Scorecards by SMS through the two gateways, with a fake gateway served locally that
receives the replies as the real ones would."""

from __future__ import annotations

import hashlib
import hmac
import json
import logging
import threading
import time
import urllib.parse
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer

import pytest
from sqlalchemy import func, select

from app.extensions import db
from app.models import Response, Round, Score
from app.models.sms import SmsMessage, SmsRespondent

ANDROID_KEY = "android-signing-key-for-tests"
RAPIDPRO_SECRET = "rapidpro-secret-for-tests"
PHONE = "+976 9911 2233"


class FakeGateway:
    """A local HTTP server standing in for the gateway's send API: it keeps every
    request it gets, and answers ``status`` (500 while it is "down")."""

    def __init__(self):
        self.requests: list[dict] = []
        self.status = 200
        gateway = self

        class Handler(BaseHTTPRequestHandler):
            def do_POST(self):  # noqa: N802 - the name http.server calls
                length = int(self.headers.get("Content-Length", "0"))
                gateway.requests.append(
                    {"path": self.path, "headers": dict(self.headers),
                     "body": self.rfile.read(length)}
                )
                self.send_response(gateway.status)
                self.send_header("Content-Length", "2")
                self.end_headers()
                self.wfile.write(b"{}")

            def log_message(self, *args):
                pass

        self.server = ThreadingHTTPServer(("127.0.0.1", 0), Handler)
        self.thread = threading.Thread(target=self.server.serve_forever, daemon=True)
        self.thread.start()
        self.url = f"http://127.0.0.1:{self.server.server_address[1]}"

    def texts(self) -> list[str]:
        """The reply texts it was asked to send, in order, from either kind of body."""
        found = []
        for request in self.requests:
            if request["headers"].get("Content-Type", "").startswith("application/json"):
                found.append(json.loads(request["body"])["textMessage"]["text"])
            else:
                found.append(urllib.parse.parse_qs(request["body"].decode())["text"][0])
        return found

    def last_reply(self) -> str:
        """The last reply as one text: its parts ("1/3 …" … "3/3 …") read in order."""
        texts = self.texts()
        head = texts[-1].split(" ", 1)[0]
        if "/" not in head or not head.replace("/", "").isdigit():
            return texts[-1]
        count = int(head.split("/")[1])
        parts = [text.split(" ", 1)[1] for text in texts[-count:]]
        return " ".join(" ".join(parts).split())

    def close(self):
        self.server.shutdown()
        self.server.server_close()
        self.thread.join()


@pytest.fixture
def gateway(base_app):
    fake = FakeGateway()
    base_app.config.update(
        SMS_ANDROID_SIGNING_KEY=ANDROID_KEY,
        SMS_ANDROID_SEND_URL=fake.url + "/message",
        SMS_ANDROID_USERNAME="sms",
        SMS_ANDROID_PASSWORD="gateway-pass",
        SMS_RAPIDPRO_SECRET=RAPIDPRO_SECRET,
        SMS_RAPIDPRO_SEND_URL=fake.url + "/send",
    )
    yield fake
    fake.close()


@pytest.fixture
def open_round(base_app, create_user, create_round):
    facilitator = create_user("facilitator", areas=["MN-061"])
    round_ = create_round(facilitator)
    round_.state = "community_scoring"
    round_.community_open = True
    db.session.commit()
    return round_


def _asked(round_: Round) -> list:
    return [ri for ri in round_.indicators if ri.asked_of("community")]


def android(client, text: str, event_id: str = "ev-1", phone: str = PHONE, key=ANDROID_KEY):
    body = json.dumps(
        {"deviceId": "ffffffffceb0b1db", "event": "sms:received", "id": event_id,
         "webhookId": "wh-1",
         "payload": {"messageId": "m-" + event_id, "message": text, "phoneNumber": phone,
                     "simNumber": 1, "receivedAt": "2026-12-01T15:46:11.000+08:00"}},
        ensure_ascii=False,
    ).encode()
    timestamp = str(int(time.time()))
    signature = hmac.new(key.encode(), body + timestamp.encode(), hashlib.sha256).hexdigest()
    return client.post(
        "/sms/android", data=body, content_type="application/json",
        headers={"X-Signature": signature, "X-Timestamp": timestamp},
    )


def rapidpro(client, text: str, message_id: str = "101", phone: str = PHONE,
             secret=RAPIDPRO_SECRET):
    return client.post(
        "/sms/rapidpro", data={"from": phone, "text": text, "id": message_id},
        headers={"Authorization": f"Token {secret}"},
    )


def _count(model) -> int:
    return db.session.scalar(select(func.count()).select_from(model))


def test_an_answered_sms_is_stored_once_and_answered_with_a_receipt(
    base_app, gateway, open_round
):
    client = base_app.test_client()
    asked = _asked(open_round)
    values = ["4", "-"] + ["5"] * (len(asked) - 2)
    reply = android(client, f"{open_round.community_code} {' '.join(values)}")
    assert reply.status_code == 200, reply.get_data(as_text=True)
    stored = db.session.scalars(select(Response).where(Response.channel == "sms")).all()
    assert len(stored) == 1
    response = stored[0]
    assert response.side == "community" and response.round_id == open_round.id
    assert response.group_id == next(g.id for g in open_round.groups if g.side == "community")
    scores = {s.round_indicator_id: s for s in response.scores}
    assert scores[asked[0].id].value == 4
    assert (scores[asked[1].id].value, scores[asked[1].id].missing_reason) == (None, "dont_know")
    # the receipt went back to the sender through the gateway's API, in Mongolian
    [request] = gateway.requests
    assert request["path"] == "/message"
    assert request["headers"]["Authorization"].startswith("Basic ")
    sent = json.loads(request["body"])
    assert sent["phoneNumbers"] == [PHONE]
    assert response.receipt in sent["textMessage"]["text"]
    assert "Баярлалаа" in sent["textMessage"]["text"]


def test_a_repeated_delivery_stores_nothing_and_sends_nothing_again(
    base_app, gateway, open_round
):
    client = base_app.test_client()
    text = f"{open_round.community_code} " + "3" * len(_asked(open_round))
    assert android(client, text, event_id="same").status_code == 200
    assert android(client, text, event_id="same").get_json()["repeated"] is True
    assert _count(Response) == 1
    assert len(gateway.texts()) == 1


def test_the_same_phone_cannot_answer_the_same_side_twice(base_app, gateway, open_round):
    client = base_app.test_client()
    text = f"{open_round.community_code} " + " ".join("3" * len(_asked(open_round)))
    assert android(client, text, event_id="a").get_json()["outcome"] == "stored"
    other_form = "99112233"  # the same number written without the country code
    second = android(client, text, event_id="b", phone=other_form)
    assert second.get_json()["outcome"] == "already_sent"
    assert _count(Response) == 1 and _count(SmsRespondent) == 1
    receipt = db.session.scalar(select(Response.receipt))
    assert receipt in gateway.last_reply()
    assert android(client, text, event_id="c", phone="+976 8811 0000").get_json()[
        "outcome"] == "stored"


def test_phone_numbers_are_never_stored(base_app, gateway, open_round):
    client = base_app.test_client()
    android(client, f"{open_round.community_code} " + "4" * len(_asked(open_round)))
    android(client, "HELP " + open_round.community_code, event_id="help")
    for model in (Response, SmsMessage, SmsRespondent):
        for row in db.session.scalars(select(model)):
            values = " ".join(str(v) for v in row.__dict__.values())
            assert "99112233" not in values and "9911 2233" not in values


def test_a_wrong_sms_is_answered_in_the_rounds_language_and_nothing_is_stored(
    base_app, gateway, open_round
):
    client = base_app.test_client()
    code = open_round.community_code
    count = len(_asked(open_round))
    reply = android(client, f"{code} 4 3", event_id="short")
    assert reply.get_json()["outcome"] == "refused"
    assert f"{count} асуулттай" in gateway.last_reply()
    android(client, f"{code} " + " ".join(["9"] + ["3"] * (count - 1)), event_id="nine")
    assert "1 дугаар хариулт" in gateway.last_reply()
    open_round.language = "en"
    db.session.commit()
    android(client, f"{code} 4 3", event_id="short-en")
    assert f"This scorecard has {count} questions; you sent 2 answers" in gateway.last_reply()
    open_round.language = "kk"
    db.session.commit()
    android(client, f"{code} 4 3", event_id="short-kk")
    assert f"{count} сұрақ бар" in gateway.last_reply()
    android(client, "ZZZZZZ 4 3", event_id="unknown")
    assert "ZZZZZZ" in gateway.last_reply()
    assert _count(Response) == 0 and _count(Score) == 0 and _count(SmsRespondent) == 0
    assert all(sms.response_id is None for sms in db.session.scalars(select(SmsMessage)))


def test_help_returns_the_questions_in_order_in_sms_sized_parts(
    base_app, gateway, open_round
):
    client = base_app.test_client()
    reply = android(client, f"HELP {open_round.community_code}", event_id="help")
    assert reply.get_json()["outcome"] == "help"
    parts = gateway.texts()
    assert len(parts) > 1
    assert all(len(part.encode("utf-16-le")) // 2 <= 70 for part in parts)
    joined = " ".join(part.split(" ", 1)[1] for part in parts)
    joined = " ".join(joined.split())
    positions = [
        joined.find(f"{n}. {' '.join(ri.indicator.text_mn.split())}")
        for n, ri in enumerate(_asked(open_round), start=1)
    ]
    assert all(p >= 0 for p in positions)
    assert positions == sorted(positions)
    assert _count(Response) == 0


def test_a_bad_signature_is_refused_logged_and_nothing_stored(
    base_app, gateway, open_round, caplog
):
    client = base_app.test_client()
    text = f"{open_round.community_code} " + "4" * len(_asked(open_round))
    with caplog.at_level(logging.WARNING, logger="app.views.sms"):
        assert android(client, text, key="not-the-key").status_code == 403
        assert rapidpro(client, text, secret="not-the-secret").status_code == 403
    assert "bad signature" in caplog.text
    assert _count(Response) == 0 and _count(SmsMessage) == 0
    assert gateway.requests == []


def test_an_unconfigured_gateway_refuses_everything(base_app, open_round):
    client = base_app.test_client()
    text = f"{open_round.community_code} " + "4" * len(_asked(open_round))
    assert android(client, text).status_code == 403
    assert _count(Response) == 0


def test_rapidpro_style_channel_stores_and_replies_form_encoded(base_app, gateway, open_round):
    client = base_app.test_client()
    text = f"{open_round.community_code} " + " ".join("2" * len(_asked(open_round)))
    reply = rapidpro(client, text, message_id="77")
    assert reply.status_code == 200 and reply.get_json()["outcome"] == "stored"
    [request] = gateway.requests
    assert request["path"] == "/send"
    assert request["headers"]["Authorization"] == f"Token {RAPIDPRO_SECRET}"
    form = urllib.parse.parse_qs(request["body"].decode())
    assert form["to"] == [PHONE] and form["id"] == ["77-1"]
    assert db.session.scalar(select(Response.receipt)) in form["text"][0]
    assert rapidpro(client, text, message_id="77").get_json()["repeated"] is True
    assert _count(Response) == 1


def test_a_reply_the_gateway_did_not_take_is_sent_on_its_retry(base_app, gateway, open_round):
    client = base_app.test_client()
    text = f"{open_round.community_code} " + "4" * len(_asked(open_round))
    gateway.status = 500
    assert android(client, text, event_id="retry").status_code == 502
    assert _count(Response) == 1  # stored: the answers are not lost
    gateway.status = 200
    gateway.requests.clear()
    again = android(client, text, event_id="retry")
    assert again.status_code == 200 and again.get_json()["repeated"] is True
    assert len(gateway.requests) == 1
    assert _count(Response) == 1


def test_a_side_with_several_groups_needs_the_group_number(base_app, gateway, open_round):
    from app.models import ParticipantGroup

    db.session.add(ParticipantGroup(round=open_round, kind="youth", side="community",
                                    label="Залуучууд"))
    db.session.commit()
    client = base_app.test_client()
    answers = " ".join("4" * len(_asked(open_round)))
    code = open_round.community_code
    assert android(client, f"{code} {answers}", event_id="g0").get_json()["outcome"] == "refused"
    assert "G2 Залуучууд" in gateway.last_reply()
    assert android(client, f"{code} G2 {answers}", event_id="g2").get_json()[
        "outcome"] == "stored"
    youth = next(g for g in open_round.groups if g.label == "Залуучууд")
    assert db.session.scalar(select(Response.group_id)) == youth.id


def test_a_closed_round_answers_so_and_stores_nothing(base_app, gateway, open_round):
    open_round.community_open = False
    db.session.commit()
    client = base_app.test_client()
    text = f"{open_round.community_code} " + "4" * len(_asked(open_round))
    assert android(client, text).get_json()["outcome"] == "closed"
    assert "хаагдсан" in gateway.last_reply()
    assert _count(Response) == 0


@pytest.mark.app_config(WTF_CSRF_ENABLED=True)
def test_gateways_need_no_csrf_token_their_secret_stands_in(base_app, gateway, open_round):
    client = base_app.test_client()
    text = f"{open_round.community_code} " + "4" * len(_asked(open_round))
    assert android(client, text, event_id="csrf-a").get_json()["outcome"] == "stored"
    assert rapidpro(client, "HELP " + open_round.community_code).status_code == 200
    # the citizen's own page still needs its token
    assert client.post(f"/j/{open_round.community_code}", data={}).status_code == 400


def test_without_a_send_url_the_reply_comes_back_in_the_webhooks_answer(
    base_app, gateway, open_round
):
    base_app.config["SMS_RAPIDPRO_SEND_URL"] = ""
    client = base_app.test_client()
    reply = rapidpro(client, "HELP " + open_round.community_code, message_id="local")
    assert reply.status_code == 200
    parts = reply.get_json()["reply"]
    assert len(parts) > 1 and parts[0].startswith(f"1/{len(parts)} ")
    assert gateway.requests == []
    again = rapidpro(client, "HELP " + open_round.community_code, message_id="local")
    assert again.get_json()["repeated"] is True and again.get_json()["reply"] == []


def test_other_gateway_events_are_ignored(base_app, gateway):
    body = json.dumps({"event": "sms:sent", "id": "x", "payload": {}}).encode()
    timestamp = "1733050000"
    signature = hmac.new(ANDROID_KEY.encode(), body + timestamp.encode(),
                         hashlib.sha256).hexdigest()
    reply = base_app.test_client().post(
        "/sms/android", data=body, content_type="application/json",
        headers={"X-Signature": signature, "X-Timestamp": timestamp},
    )
    assert reply.status_code == 200 and reply.get_json() == {"ignored": True}
    assert _count(SmsMessage) == 0
