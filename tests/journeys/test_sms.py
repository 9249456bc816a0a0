"""A scorecard by SMS, from an empty database, through the pages and the gateways'
endpoints only.

The operator configures the two gateways (their secrets and send addresses, as in the
README's configuration table); the facilitator prepares a three-question round with
one parents' group and opens collection. A parent with a basic phone asks for the
questions ("HELP <code>") through SMS Gateway for Android and gets them back in
70-character parts, then sends the code and three answers: the answers are stored once
(the gateway's retry of the same message stores nothing) and the receipt comes back.
A second parent sends two answers through the RapidPro-style channel and is told,
in Mongolian, how many are needed; nothing of theirs is stored. The facilitator sees
exactly one response, by SMS, with the receipt the parent got, on the round's stored
answers page; the provider's scorecard does not ask the provider to choose their only
group, and their answers go without choosing it.
"""

from __future__ import annotations

import hashlib
import hmac
import html
import json
import re
import time

from tests.app.views.test_sms_gateways import FakeGateway
from tests.journeys import steps
from tests.journeys.browser import Person, squash
from tests.journeys.steps import GroupPlan, RoundSheet

ANDROID_KEY = "journey-android-signing-key"
RAPIDPRO_SECRET = "journey-rapidpro-secret"
PARENTS = "Эцэг эхчүүд"


def gateway_phone_delivers(person: Person, event_id: str, phone: str, text: str):
    """SMS Gateway for Android posts its signed ``sms:received`` webhook."""
    body = json.dumps(
        {"deviceId": "journey-phone", "event": "sms:received", "id": event_id,
         "payload": {"messageId": event_id, "message": text, "phoneNumber": phone,
                     "simNumber": 1, "receivedAt": "2026-12-01T10:00:00.000+08:00"}},
        ensure_ascii=False,
    ).encode()
    timestamp = str(int(time.time()))
    signature = hmac.new(ANDROID_KEY.encode(), body + timestamp.encode(),
                         hashlib.sha256).hexdigest()
    return person.client.post(
        "/sms/android", data=body, content_type="application/json",
        headers={"X-Signature": signature, "X-Timestamp": timestamp},
    )


def facilitator_adds_provider_group(facilitator: Person, round_id: int, label: str) -> None:
    """Groups page: the providers' one group (the staff who score themselves)."""
    page = facilitator.open(f"/rounds/{round_id}/groups")
    form = page.form(field="label")
    page = facilitator.submit(
        form,
        {"kind": "providers", "side": "provider", "label": label, "expected_size": "6",
         "count_female": "0", "count_male": "0", "count_other": "0"},
    )
    assert "The group is saved" in page, page.text[:800]


def rapidpro_delivers(person: Person, message_id: str, phone: str, text: str):
    return person.client.post(
        "/sms/rapidpro", data={"from": phone, "text": text, "id": message_id},
        headers={"Authorization": f"Token {RAPIDPRO_SECRET}"},
    )


def test_a_basic_phone_answers_by_sms_and_the_facilitator_sees_it_once(base_app):
    gateway = FakeGateway()
    try:
        base_app.config.update(
            SMS_ANDROID_SIGNING_KEY=ANDROID_KEY,
            SMS_ANDROID_SEND_URL=gateway.url + "/message",
            SMS_RAPIDPRO_SECRET=RAPIDPRO_SECRET,
            SMS_RAPIDPRO_SEND_URL=gateway.url + "/send",
        )
        _journey(base_app, gateway)
    finally:
        gateway.close()


def _journey(app, gateway: FakeGateway) -> None:
    people = steps.staff_from_empty_database(app)
    facilitator = people.facilitator
    round_id = steps.facilitator_creates_round(
        facilitator, "Баянтүмэний 1-р сургууль",
        ("2026-H2", "2026-09-01", "2026-12-31"), [GroupPlan("parents", PARENTS, 20)],
    )
    steps.facilitator_keeps_only(facilitator, round_id, {"E01", "E02", "E03"})
    facilitator_adds_provider_group(facilitator, round_id, "Багш нар")
    sheet = RoundSheet(round_id, steps.reads_indicators(facilitator, round_id))
    steps.moves_round(facilitator, round_id, "input_tracking", "Input tracking")
    steps.moves_round(facilitator, round_id, "community_scoring", "Community scoring")
    steps.opens_collection(facilitator, sheet)
    code = sheet.community_code

    phone = Person(app, "gateway phone")
    reply = gateway_phone_delivers(phone, "ev-help", "+976 9900 1122", f"ТУСЛАМЖ {code}")
    assert reply.status_code == 200 and reply.get_json()["outcome"] == "help"
    parts = gateway.texts()
    assert len(parts) > 1 and all(len(p) <= 70 for p in parts)
    questions = gateway.last_reply()
    # the same questions, in the same order, as the phone page shows them
    on_the_page = Person(app, "a phone").get(f"/j/{code}")
    legends = [squash(text) for text in re.findall(r"<legend>([^<]+)</legend>", on_the_page.html)
               if re.match(r"\d+\. ", squash(text))]
    assert len(legends) == 3, legends
    positions = [questions.find(html.unescape(legend)) for legend in legends]
    assert all(p >= 0 for p in positions) and positions == sorted(positions), questions
    gateway.requests.clear()

    sent = gateway_phone_delivers(phone, "ev-1", "+976 9900 1122", f"{code.lower()} 4 - 5")
    assert sent.status_code == 200 and sent.get_json()["outcome"] == "stored"
    receipt = sent.get_json()["receipt"]
    assert receipt in gateway.last_reply()
    retry = gateway_phone_delivers(phone, "ev-1", "+976 9900 1122", f"{code.lower()} 4 - 5")
    assert retry.status_code == 200 and retry.get_json()["repeated"] is True

    other = Person(app, "aggregator")
    wrong = rapidpro_delivers(other, "rp-1", "+976 8800 3344", f"{code} 4 3")
    assert wrong.get_json()["outcome"] == "refused"
    assert "3 асуулттай" in gateway.last_reply() and "2 хариулт" in gateway.last_reply()

    page = facilitator.open(f"/rounds/{round_id}/answers")
    table = page.table_with("Receipt")
    rows = [row for row in table if row and re.fullmatch(r"[A-Z0-9]{4}-[A-Z0-9]{4}", row[0])]
    assert [row[0] for row in rows] == [receipt]
    assert "SMS" in rows[0]
    filters = page.form(field="channel")
    assert filters.option_value("channel", "SMS") == "sms"

    citizen = Person(app, "provider's phone")
    page = citizen.get(f"/j/{sheet.provider_code}")
    assert 'name="group" type="radio"' not in page.html
    assert "Бүлэг: Багш нар" in page.text
    form = page.form(field="uuid")
    answers = {name: "4" for name in form.names() if re.fullmatch(r"q\d+", name)}
    assert len(answers) == 3
    page = citizen.submit(form, answers)
    assert page.url.endswith("/thanks"), page.text[:800]
