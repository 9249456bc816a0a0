"""Filling and sending the scorecard without JavaScript, and every kind of bad input."""

import re

from sqlalchemy import select

from app.extensions import db
from app.models import Response
from scorecards.codes import receipt_for
from tests.app.citizen_helpers import (
    answers,
    counts,
    demo_round,
    side_groups,
    side_indicators,
)


def _stored(uuid: str) -> Response | None:
    return db.session.scalar(select(Response).where(Response.uuid == uuid))


def test_scorecard_shows_group_demographics_and_every_indicator_with_faces(client):
    page = client.get("/j/DEMO01").get_data(as_text=True)
    round_ = demo_round()
    for group in side_groups(round_, "community"):
        assert f'value="{group.id}"' in page and group.label in page
    for group in side_groups(round_, "provider"):
        assert f'name="group" type="radio" value="{group.id}"' not in page
    indicators = side_indicators(round_, "community")
    for ri in indicators:
        assert ri.indicator.text_mn in page
        assert page.count(f'name="q{ri.id}" type="radio"') == 6
        assert f'name="r{ri.id}"' in page
    for face, words in (("😞", "Маш муу"), ("😀", "Маш сайн")):
        assert face in page and words in page
    assert page.count("Мэдэхгүй / хамаарахгүй") == len(indicators)
    assert page.count("Хэлэхийг хүсэхгүй") == 3
    assert "таны нэр, утасны дугаарыг" in page  # the one-line anonymity note
    assert re.search(r'name="uuid" type="hidden" value="[0-9a-f-]{36}"', page)


def test_each_page_load_gets_a_fresh_uuid(client):
    pattern = r'name="uuid" type="hidden" value="([0-9a-f-]{36})"'
    first = re.search(pattern, client.get("/j/DEMO01").get_data(as_text=True)).group(1)
    second = re.search(pattern, client.get("/j/DEMO01").get_data(as_text=True)).group(1)
    assert first != second


def test_sending_stores_one_response_with_its_scores_and_shows_the_receipt(client):
    data = answers(comment="Сургуулийн бие засах газар дулаан болоосой")
    before = counts()
    response = client.post("/j/DEMO01", data=data)
    assert response.status_code == 303
    indicators = side_indicators(demo_round(), "community")
    assert counts() == (before[0] + 1, before[1] + len(indicators))
    stored = _stored(data["uuid"])
    assert stored.side == "community" and stored.channel == "phone"
    assert stored.receipt == receipt_for(data["uuid"])
    assert stored.gender == "female" and stored.age_band == "35_59"
    assert stored.comment == data["comment"]
    by_indicator = {s.round_indicator_id: s for s in stored.scores}
    first, second = indicators[0].id, indicators[1].id
    assert by_indicator[first].value == 4 and by_indicator[first].reason == "Багш дутуу"
    assert by_indicator[second].value is None and by_indicator[second].missing_reason == "na"
    thanks = client.get(response.headers["Location"]).get_data(as_text=True)
    assert stored.receipt in thanks
    assert f'href="/facilities/{demo_round().facility_id}"' in thanks


def test_demographics_left_empty_are_stored_as_prefer_not_to_say(client):
    data = answers()
    for key in ("gender", "age_band", "disability"):
        del data[key]
    client.post("/j/DEMO01", data=data)
    stored = _stored(data["uuid"])
    assert (stored.gender, stored.age_band, stored.disability) == ("undisclosed",) * 3


def test_missing_answer_is_shown_next_to_its_question_and_typed_values_are_kept(client):
    ri = side_indicators(demo_round(), "community")[2]
    data = answers(comment="<b>миний санал</b>")
    del data[f"q{ri.id}"]
    before = counts()
    response = client.post("/j/DEMO01", data=data)
    assert response.status_code == 422
    assert counts() == before
    page = response.get_data(as_text=True)
    block = page.split(f'id="f-q{ri.id}"')[1].split("</fieldset>")[0]
    assert "Хариултаа сонгоно уу" in block
    assert data["uuid"] in page
    first = side_indicators(demo_round(), "community")[0]
    checked = re.search(rf'<input checked id="q{first.id}-3"[^>]*>', page)
    assert checked and 'value="4"' in checked.group(0)
    assert "Багш дутуу" in page
    assert "&lt;b&gt;миний санал&lt;/b&gt;" in page and "<b>миний санал</b>" not in page


def test_missing_group_is_refused(client):
    data = answers()
    del data["group"]
    before = counts()
    response = client.post("/j/DEMO01", data=data)
    assert response.status_code == 422
    block = response.get_data(as_text=True).split('id="f-group"')[1].split("</fieldset>")[0]
    assert "Бүлгээ сонгоно уу" in block
    assert counts() == before


def test_out_of_range_value_is_refused(client):
    ri = side_indicators(demo_round(), "community")[0]
    before = counts()
    response = client.post("/j/DEMO01", data=answers(**{f"q{ri.id}": "7"}))
    assert response.status_code == 422
    assert "Бүхэл тоо сонгоно уу: 1–5." in response.get_data(as_text=True)
    assert counts() == before


def test_forged_group_from_the_other_side_is_refused(client):
    provider_group = side_groups(demo_round(), "provider")[0]
    before = counts()
    response = client.post("/j/DEMO01", data=answers(group=str(provider_group.id)))
    assert response.status_code == 422
    assert counts() == before


def test_forged_demographic_value_is_refused(client):
    before = counts()
    response = client.post("/j/DEMO01", data=answers(gender="robot"))
    assert response.status_code == 422
    assert counts() == before


def test_answer_for_an_indicator_not_in_the_round_is_refused(client):
    before = counts()
    response = client.post("/j/DEMO01", data=answers(q999999="3"))
    assert response.status_code == 422
    assert "энэ хуудсанд байхгүй" in response.get_data(as_text=True)
    assert counts() == before


def test_forged_side_field_is_ignored_the_code_decides(client):
    data = answers(side="provider")
    client.post("/j/DEMO01", data=data)
    assert _stored(data["uuid"]).side == "community"


def test_body_over_64_kb_is_refused_and_nothing_stored(client):
    before = counts()
    response = client.post("/j/DEMO01", data=answers(comment="я" * 40000))
    assert response.status_code == 413
    assert counts() == before


def test_free_text_is_stored_as_typed(client):
    text = "<script>alert(1)</script> & «хашилт»"
    data = answers(comment=text)
    client.post("/j/DEMO01", data=data)
    assert _stored(data["uuid"]).comment == text


def test_double_submit_of_the_same_page_stores_one_response(client):
    data = answers()
    before = counts()
    first = client.post("/j/DEMO01", data=data)
    second = client.post("/j/DEMO01", data=data)
    assert first.status_code == second.status_code == 303
    assert first.headers["Location"] == second.headers["Location"]
    assert counts()[0] == before[0] + 1


def test_same_uuid_with_different_content_is_refused_and_the_first_kept(app):
    data = answers()
    client = app.test_client()
    client.post("/j/DEMO01", data=data)
    after_first = counts()
    other = app.test_client()  # another phone, so the cookie does not decide
    ri = side_indicators(demo_round(), "community")[0]
    response = other.post("/j/DEMO01", data={**data, f"q{ri.id}": "1"})
    assert response.status_code == 409
    assert "Эхнийх нь хадгалагдсан" in response.get_data(as_text=True)
    assert counts() == after_first
    score = {s.round_indicator_id: s for s in _stored(data["uuid"]).scores}[ri.id]
    assert score.value == 4


def test_provider_code_stores_a_provider_response_with_the_provider_group(client):
    provider_group = side_groups(demo_round(), "provider")[0]
    page = client.get("/j/DEMO02").get_data(as_text=True)
    assert f'value="{provider_group.id}"' in page
    for group in side_groups(demo_round(), "community"):
        assert f'name="group" type="radio" value="{group.id}"' not in page
    data = answers("provider")
    assert client.post("/j/demo02", data=data).status_code == 303
    stored = _stored(data["uuid"])
    assert stored.side == "provider" and stored.group_id == provider_group.id


def test_community_group_on_the_provider_code_is_refused(client):
    community_group = side_groups(demo_round(), "community")[0]
    before = counts()
    response = client.post("/j/DEMO02", data=answers("provider", group=str(community_group.id)))
    assert response.status_code == 422
    assert counts() == before
