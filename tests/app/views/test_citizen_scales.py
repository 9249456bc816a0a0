"""Rounds on other scales: words for 0–10 and red/amber/green, a number box for 0–100
(a factory-made round, on a database without the demo)."""

import pytest
from sqlalchemy import select

from app.extensions import db
from app.models import Response, Scale
from tests.app.citizen_helpers import answers, counts, side_indicators


@pytest.fixture
def client(base_app):
    """A citizen's phone: nobody signed in."""
    return base_app.test_client()


def _use_scale(round_, code: str) -> None:
    round_.scale = db.session.scalar(select(Scale).where(Scale.code == code))
    db.session.commit()


def _stored(uuid: str) -> Response | None:
    return db.session.scalar(select(Response).where(Response.uuid == uuid))


def test_traffic_light_scale_shows_its_words_and_no_faces(base_app, client, open_round):
    _use_scale(open_round, "rag")
    page = client.get(f"/j/{open_round.community_code}").get_data(as_text=True)
    ri = side_indicators(open_round, "community")[0]
    assert page.count(f'name="q{ri.id}" type="radio"') == 4  # three lights + don't know
    assert "Ногоон — сайн" in page and "😀" not in page
    data = answers(round_=open_round, value="3")
    assert client.post(f"/j/{open_round.community_code}", data=data).status_code == 303
    before = counts()
    another_phone = base_app.test_client()
    assert (
        another_phone.post(
            f"/j/{open_round.community_code}", data=answers(round_=open_round, value="4")
        ).status_code
        == 422
    )
    assert counts() == before


def test_zero_to_ten_scale_offers_eleven_points(client, open_round):
    _use_scale(open_round, "zero10")
    page = client.get(f"/j/{open_round.community_code}").get_data(as_text=True)
    ri = side_indicators(open_round, "community")[0]
    assert page.count(f'name="q{ri.id}" type="radio"') == 12
    assert "Бүрэн хангалттай" in page
    data = answers(round_=open_round, value="0")
    assert client.post(f"/j/{open_round.community_code}", data=data).status_code == 303
    scores = {s.round_indicator_id: s for s in _stored(data["uuid"]).scores}
    assert scores[ri.id].value == 0.0 and scores[ri.id].missing_reason is None


def test_zero_to_hundred_scale_uses_a_number_box_with_a_dont_know_box(client, open_round):
    _use_scale(open_round, "zero100")
    indicators = side_indicators(open_round, "community")
    page = client.get(f"/j/{open_round.community_code}").get_data(as_text=True)
    first = indicators[0]
    assert f'name="q{first.id}" step="1" type="number"' in page
    assert f'name="q{first.id}" type="radio"' not in page
    assert f'name="n{first.id}"' in page
    data = answers(round_=open_round, value="85")
    data[f"q{indicators[1].id}"] = ""
    data[f"n{indicators[1].id}"] = "y"
    assert client.post(f"/j/{open_round.community_code}", data=data).status_code == 303
    scores = {s.round_indicator_id: s for s in _stored(data["uuid"]).scores}
    assert scores[first.id].value == 85
    assert scores[indicators[1].id].value is None
    assert scores[indicators[1].id].missing_reason == "na"


def test_zero_to_hundred_refuses_out_of_range_fractions_and_both_answers(client, open_round):
    _use_scale(open_round, "zero100")
    indicators = side_indicators(open_round, "community")
    first = indicators[0]
    before = counts()
    whole = "Бүхэл тоо сонгоно уу: 0–100."
    between_steps = "Утга сонгоно уу (0–100, алхам 1): 0, 1, 2, … 100."
    for bad, message in (("101", whole), ("-1", whole), ("55.5", between_steps), ("abc", whole)):
        data = answers(round_=open_round, value="50")
        data[f"q{indicators[1].id}"] = "50"
        data[f"q{first.id}"] = bad
        response = client.post(f"/j/{open_round.community_code}", data=data)
        assert response.status_code == 422, bad
        block = response.get_data(as_text=True).split(f'id="f-q{first.id}"')[1]
        assert message in block.split("</fieldset>")[0], bad
    data = answers(round_=open_round, value="50")
    data[f"q{indicators[1].id}"] = "50"
    data[f"n{first.id}"] = "y"
    response = client.post(f"/j/{open_round.community_code}", data=data)
    assert response.status_code == 422
    assert "зөвхөн нэгийг" in response.get_data(as_text=True)
    assert counts() == before
