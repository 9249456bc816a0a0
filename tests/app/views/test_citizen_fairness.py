"""Fair counting: one response per phone, shared-tablet mode, rate limits, races."""

import pytest
from sqlalchemy import select

from app.extensions import db
from app.models import Response
from app.services import submissions
from app.services.submissions import Submission, find_target, store_submission
from tests.app.citizen_helpers import answers, counts, demo_round, side_indicators


def test_a_phone_that_already_sent_sees_its_receipt_instead_of_a_new_form(client):
    data = answers()
    client.post("/j/DEMO01", data=data)
    stored = db.session.scalar(select(Response).where(Response.uuid == data["uuid"]))
    page = client.get("/j/DEMO01").get_data(as_text=True)
    assert "Та хариултаа аль хэдийн илгээсэн байна" in page
    assert stored.receipt in page
    assert 'name="q' not in page


def test_a_second_response_from_the_same_phone_is_refused(client):
    client.post("/j/DEMO01", data=answers())
    before = counts()
    response = client.post("/j/DEMO01", data=answers())
    assert response.status_code == 409
    json_response = client.post("/j/DEMO01/submit.json", json=answers())
    assert json_response.status_code == 409
    assert json_response.get_json()["error"]["code"] == "already_sent"
    assert counts() == before


def test_the_phone_that_sent_community_answers_can_still_fill_the_provider_side(client):
    client.post("/j/DEMO01", data=answers())
    assert 'name="group"' in client.get("/j/DEMO02").get_data(as_text=True)


def test_a_forged_done_cookie_is_ignored(client):
    client.set_cookie("egekh_done", "eyJ4IjoxfQ.forged", path="/j")
    assert 'name="group"' in client.get("/j/DEMO01").get_data(as_text=True)


def test_shared_tablet_mode_gives_a_fresh_form_after_each_send(client):
    round_ = demo_round()
    round_.shared_device = True
    db.session.commit()
    first, second = answers(), answers()
    response = client.post("/j/DEMO01", data=first)
    thanks = client.get(response.headers["Location"]).get_data(as_text=True)
    assert "Дараагийн оролцогч" in thanks
    assert 'name="group"' in client.get("/j/DEMO01").get_data(as_text=True)
    assert client.post("/j/DEMO01", data=second).status_code == 303
    channels = db.session.scalars(
        select(Response.channel).where(Response.uuid.in_([first["uuid"], second["uuid"]]))
    ).all()
    assert channels == ["tablet", "tablet"]


@pytest.mark.app_config(RATELIMIT_ENABLED=True, CITIZEN_RATE_LIMIT="2 per minute")
def test_too_many_sends_from_one_address_get_a_friendly_page(app):
    phones = [app.test_client() for _ in range(3)]
    statuses = [phone.post("/j/DEMO01", data=answers()).status_code for phone in phones]
    assert statuses[:2] == [303, 303]
    assert statuses[2] == 429
    before = counts()
    response = app.test_client().post("/j/DEMO01", data=answers())
    assert response.status_code == 429
    assert "Нэг минут хүлээгээд" in response.get_data(as_text=True)
    assert counts() == before


def _submission(data) -> Submission:
    indicators = side_indicators(demo_round(), "community")
    return Submission(
        uuid=data["uuid"],
        group_id=int(data["group"]),
        answers={ri.id: (4.0, None, "") for ri in indicators},
    )


def test_a_repeated_or_concurrent_send_of_a_uuid_is_read_back_not_stored_again(
    app, monkeypatch
):
    data = answers()
    target = find_target("DEMO01")
    first = store_submission(target, _submission(data))
    db.session.commit()
    real_existing = submissions._existing
    calls = []

    def spy(*args):
        calls.append(args)
        return real_existing(*args)

    monkeypatch.setattr(submissions, "_existing", spy)
    before = counts()
    second = store_submission(find_target("DEMO01"), _submission(data))
    db.session.commit()
    assert len(calls) == 1  # the insert hit the unique UUID and the row was read back
    assert second.receipt == first.receipt and not second.created
    assert counts() == before


def test_the_service_refuses_a_malformed_uuid(app):
    from scorecards.errors import DomainError

    data = answers(uuid="not-a-uuid")
    with pytest.raises(DomainError) as caught:
        store_submission(find_target("DEMO01"), _submission(data))
    assert caught.value.code == "uuid_invalid"


def test_find_target_reads_the_side_from_the_code(app):
    assert find_target("demo01").side == "community"
    assert find_target("DEMO-02").side == "provider"
    assert find_target("??") is None
    assert find_target("ZZZZZZ") is None
