"""The script's JSON endpoint: same rules, JSON answers, CSRF in a header, 64 KB limit."""

import re

import pytest

from tests.app.citizen_helpers import answers, counts, demo_round, side_indicators

URL = "/j/DEMO01/submit.json"


def test_json_send_stores_once_and_a_retry_returns_the_same_receipt(client):
    data = answers()
    before = counts()
    first = client.post(URL, json=data)
    assert first.status_code == 201
    receipt = first.get_json()["receipt"]
    second = client.post(URL, json=data)
    assert second.status_code == 200
    assert second.get_json()["receipt"] == receipt
    assert counts()[0] == before[0] + 1
    assert client.get(first.get_json()["thanks_url"]).status_code == 200


def test_malformed_json_gets_a_json_error_in_mongolian_and_nothing_stored(client):
    before = counts()
    response = client.post(URL, data="{not json", content_type="application/json")
    assert response.status_code == 400
    assert "Хариултыг уншиж чадсангүй" in response.get_json()["error"]["message"]
    for body in ("[1, 2]", '{"group": [1]}', '"text"'):
        response = client.post(URL, data=body, content_type="application/json")
        assert response.status_code == 400
    assert counts() == before


def test_malformed_json_error_in_english_when_chosen(client):
    client.get("/lang/en")
    response = client.post(URL, data="{", content_type="application/json")
    assert response.get_json()["error"]["message"].startswith("The answers could not be read")


def test_body_over_64_kb_gets_413_and_nothing_stored(client):
    before = counts()
    response = client.post(URL, json=answers(comment="x" * (65 * 1024)))
    assert response.status_code == 413
    assert response.get_json()["error"]["code"] == "too_large"
    assert counts() == before


def test_invalid_answers_come_back_per_field(client):
    ri = side_indicators(demo_round(), "community")[0]
    data = answers(**{f"q{ri.id}": "9"})
    del data["group"]
    before = counts()
    response = client.post(URL, json=data)
    assert response.status_code == 422
    fields = response.get_json()["error"]["fields"]
    assert set(fields) == {"group", f"q{ri.id}"}
    assert counts() == before


def test_indicator_not_in_the_round_is_refused(client):
    before = counts()
    response = client.post(URL, json=answers(q424242="3"))
    assert response.status_code == 422
    assert counts() == before


def test_same_uuid_different_content_is_409_and_first_kept(app):
    data = answers()
    app.test_client().post(URL, json=data)
    before = counts()
    ri = side_indicators(demo_round(), "community")[0]
    response = app.test_client().post(URL, json={**data, f"q{ri.id}": "2"})
    assert response.status_code == 409
    assert response.get_json()["error"]["code"] == "uuid_conflict"
    assert counts() == before


def test_unknown_code_is_a_json_404(client):
    response = client.post("/j/ZZZZZZ/submit.json", json=answers())
    assert response.status_code == 404
    assert response.get_json()["error"]["code"] == "unknown_code"


@pytest.mark.app_config(WTF_CSRF_ENABLED=True)
def test_json_needs_the_csrf_token_from_the_page_in_a_header(client):
    before = counts()
    assert client.post(URL, json=answers()).status_code == 400
    assert counts() == before
    page = client.get("/j/DEMO01").get_data(as_text=True)
    token = re.search(r'data-csrf="([^"]+)"', page).group(1)
    response = client.post(URL, json=answers(), headers={"X-CSRFToken": token})
    assert response.status_code == 201


@pytest.mark.app_config(WTF_CSRF_ENABLED=True)
def test_html_form_needs_the_csrf_token(client):
    before = counts()
    assert client.post("/j/DEMO01", data=answers()).status_code == 400
    assert counts() == before
    page = client.get("/j/DEMO01").get_data(as_text=True)
    token = re.search(r'name="csrf_token" value="([^"]+)"', page).group(1)
    assert client.post("/j/DEMO01", data=answers(csrf_token=token)).status_code == 303


@pytest.mark.app_config(WTF_CSRF_ENABLED=True)
def test_body_limit_holds_before_the_csrf_check_reads_the_form(client):
    before = counts()
    page = client.get("/j/DEMO01").get_data(as_text=True)
    token = re.search(r'name="csrf_token" value="([^"]+)"', page).group(1)
    response = client.post("/j/DEMO01", data=answers(csrf_token=token, comment="x" * 70000))
    assert response.status_code == 413
    assert "хэт том" in response.get_data(as_text=True)
    assert counts() == before


@pytest.mark.parametrize("send", ["form", "json"])
def test_blank_reasons_and_comments_are_stored_as_no_text(client, send):
    from sqlalchemy import select

    from app.extensions import db
    from app.models import Response, Score

    data = answers()
    first_reason = next(k for k in data if k.startswith("r"))
    for key in data:
        if key.startswith("r") and key != first_reason:
            data[key] = "\r\n  "  # what an untouched box may send
    data["comment"] = "  \n"
    data[first_reason] = "  Багш дутуу \n"
    if send == "json":
        assert client.post(URL, json=data).status_code == 201
    else:
        assert client.post("/j/DEMO01", data=data).status_code == 303
    stored = db.session.scalar(select(Response).where(Response.uuid == data["uuid"]))
    reasons = db.session.scalars(select(Score.reason).where(Score.response_id == stored.id))
    assert sorted(r for r in reasons if r) == ["Багш дутуу"]
    assert stored.comment == ""
