"""Joining a scorecard by code, and what an unknown or closed code shows (a factory-made
round, on a database without the demo)."""

import pytest

from app.extensions import db
from tests.app.citizen_helpers import answers, counts


@pytest.fixture
def client(base_app):
    """A citizen's phone: nobody signed in."""
    return base_app.test_client()


def test_join_box_sends_a_typed_code_to_its_scorecard_case_insensitively(client, open_round):
    page = client.get("/j")
    assert page.status_code == 200
    assert 'name="code"' in page.get_data(as_text=True)
    code = open_round.community_code
    typed = f"{code[:2].lower()} {code[2:4].lower()}-{code[4:].lower()}"
    response = client.get(f"/j?code={typed}")
    assert response.status_code == 302
    assert response.headers["Location"].endswith(f"/j/{code}")


def test_join_box_explains_a_malformed_code_in_mongolian(client):
    response = client.get("/j?code=%21%21")
    assert response.status_code == 400
    page = response.get_data(as_text=True)
    assert "Энэ код буруу байна" in page
    assert 'aria-invalid="true"' in page


def test_lower_case_code_opens_the_community_scorecard(client, open_round):
    round_ = open_round
    response = client.get(f"/j/{round_.community_code.lower()}")
    assert response.status_code == 200
    page = response.get_data(as_text=True)
    assert round_.facility.name_mn in page
    assert round_.title_mn.replace("2026-H2", "2026 оны II хагас") in page  # the period in words
    assert '<html lang="mn">' in page


def test_unknown_code_gets_a_clear_page_and_stores_nothing(client, open_round):
    before = counts()
    response = client.get("/j/ZZZZZZ")
    assert response.status_code == 404
    assert "Ийм кодтой үнэлгээний хуудас алга" in response.get_data(as_text=True)
    response = client.post("/j/ZZZZZZ", data=answers(round_=open_round))
    assert response.status_code == 404
    assert counts() == before


def test_unknown_code_page_in_english_when_chosen(client):
    client.get("/lang/en")
    response = client.get("/j/ZZZZZZ")
    assert "There is no scorecard with this code" in response.get_data(as_text=True)


@pytest.mark.parametrize("change", ["side_closed", "phase"])
def test_closed_round_gets_a_clear_page_and_stores_nothing(client, open_round, change):
    round_ = open_round
    code = round_.community_code
    data = answers(round_=round_)
    if change == "side_closed":
        round_.community_open = False
    else:
        round_.state = "interface_meeting"
    db.session.commit()
    before = counts()
    response = client.get(f"/j/{code}")
    assert response.status_code == 403
    assert "Энэ үнэлгээний хуудас хаалттай" in response.get_data(as_text=True)
    assert client.post(f"/j/{code}", data=data).status_code == 403
    assert client.post(f"/j/{code}/submit.json", json=data).status_code == 403
    assert counts() == before


def test_closing_one_side_leaves_the_other_open(client, open_round):
    round_ = open_round
    assert client.get(f"/j/{round_.community_code}").status_code == 200
    round_.community_open = False
    db.session.commit()
    assert client.get(f"/j/{round_.community_code}").status_code == 403
    assert client.get(f"/j/{round_.provider_code}").status_code == 200


def test_service_worker_is_served_with_a_scope_covering_every_scorecard(client):
    response = client.get("/j/sw.js")
    assert response.status_code == 200
    assert response.headers["Service-Worker-Allowed"] == "/j/"
    assert "javascript" in response.headers["Content-Type"]
    assert b"caches" in response.data


def test_scorecard_page_carries_the_script_texts_translated(client, open_round):
    page = client.get(f"/j/{open_round.community_code}").get_data(as_text=True)
    assert 'data-msg-queued="Энэ утсанд хадгалагдлаа' in page
    assert 'src="/static/js/scorecard.js"' in page
    assert "<script>" not in page and "style=" not in page
