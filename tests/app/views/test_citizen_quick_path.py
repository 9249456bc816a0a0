"""The script's shape is stored without the form; both paths store the same rows, and a
change to what a round asks is seen by the next submission, whatever was cached."""

from __future__ import annotations

import uuid

import pytest
from sqlalchemy import select

from app.extensions import db
from app.models import Indicator, ParticipantGroup, Response, Round, RoundIndicator, Score
from app.services.submissions import GroupChoice, JoinTarget, read_submission
from scorecards.scales import Scale, ScaleKind, ScalePoint
from scorecards.vocab import Side
from tests.app.citizen_helpers import answers, counts, demo_round, side_indicators

JSON_URL = "/j/DEMO01/submit.json"
FORM_URL = "/j/DEMO01"


def _stored(response_uuid: str) -> tuple[tuple, set[tuple]]:
    response = db.session.scalar(select(Response).where(Response.uuid == response_uuid))
    assert response is not None, "the response was not stored"
    scores = db.session.scalars(select(Score).where(Score.response_id == response.id)).all()
    return (
        (
            response.side, response.channel, response.group_id, response.gender,
            response.age_band, response.disability, response.comment, response.content_hash,
        ),
        {(s.round_indicator_id, s.value, s.missing_reason, s.reason) for s in scores},
    )


def test_script_send_and_form_send_store_identical_rows(app):
    data = answers(comment="Эмч цагтаа ирдэг", age_band="")
    json_uuid, form_uuid = str(uuid.uuid4()), str(uuid.uuid4())
    assert app.test_client().post(JSON_URL, json={**data, "uuid": json_uuid}).status_code == 201
    assert app.test_client().post(FORM_URL, data={**data, "uuid": form_uuid}).status_code == 303
    by_script, by_form = _stored(json_uuid), _stored(form_uuid)
    assert by_script == by_form
    assert by_script[0][4] == "undisclosed"  # an empty age band is "prefer not to say"
    assert any(missing == "na" and value is None for _, value, missing, _ in by_script[1])


@pytest.mark.parametrize("written", [" 4", "4.0", "4,0", 4])
def test_answers_written_otherwise_still_go_through_the_form(client, written):
    ri = side_indicators(demo_round(), "community")[0]
    data = answers(**{f"q{ri.id}": written})
    response = client.post(JSON_URL, json=data)
    assert response.status_code == 201
    _, scores = _stored(data["uuid"])
    assert (ri.id, 4.0) in {(s[0], s[1]) for s in scores}


def test_group_added_while_collection_is_open_is_accepted_at_once(app):
    assert app.test_client().post(JSON_URL, json=answers()).status_code == 201  # shape cached
    round_ = demo_round()
    group = ParticipantGroup(round=round_, kind="youth", side="community", label="Залуучууд")
    db.session.add(group)
    db.session.commit()
    assert "Залуучууд" in app.test_client().get(FORM_URL).get_data(as_text=True)
    data = answers(group=str(group.id))
    assert app.test_client().post(JSON_URL, json=data).status_code == 201
    assert _stored(data["uuid"])[0][2] == group.id


def test_indicator_added_while_open_must_be_answered_at_once(app):
    assert app.test_client().post(JSON_URL, json=answers()).status_code == 201
    round_ = demo_round()
    asked = {ri.indicator_id for ri in round_.indicators}
    extra = db.session.scalars(
        select(Indicator).where(
            Indicator.sector_id == round_.template.sector_id, Indicator.id.not_in(asked)
        )
    ).first()
    assert extra is not None, "the demo library has no spare indicator for this sector"
    added = RoundIndicator(indicator=extra, position=99)
    round_.indicators.append(added)
    db.session.commit()
    before = counts()
    unanswered = answers()
    del unanswered[f"q{added.id}"], unanswered[f"r{added.id}"]
    refused = app.test_client().post(JSON_URL, json=unanswered)
    assert refused.status_code == 422
    assert f"q{added.id}" in refused.get_json()["error"]["fields"]
    assert counts() == before
    data = answers(**{f"q{added.id}": "5"})
    assert app.test_client().post(JSON_URL, json=data).status_code == 201


def test_every_change_to_what_a_round_asks_renews_its_shape_key(app):
    round_ = demo_round()

    def key() -> int:
        db.session.expire_all()
        return db.session.scalar(select(Round.shape_key).where(Round.id == round_.id))

    first = key()
    assert first != 0
    round_.title_en = "A new title"
    db.session.commit()
    assert key() == first  # a title is not part of the shape
    group = round_.groups[0]
    group.label = "Renamed group"
    db.session.commit()
    second = key()
    assert second != first
    round_ = demo_round()
    ri = round_.indicators[-1]
    ri.side = "provider" if ri.side != "provider" else None
    db.session.commit()
    third = key()
    assert third not in (first, second)
    round_ = demo_round()
    extra = ParticipantGroup(round=round_, kind="youth", side="community", label="Extra")
    db.session.add(extra)
    db.session.commit()
    fourth = key()
    db.session.delete(extra)
    db.session.commit()
    assert len({first, second, third, fourth, key()}) == 5


FACES = Scale(
    code="faces5", kind=ScaleKind.FACES, min_value=1, max_value=5, positive_from=4,
    name_mn="Царай", name_en="Faces",
    points=tuple(ScalePoint(v, str(v), str(v)) for v in range(1, 6)),
)
WIDE = Scale(
    code="pct", kind=ScaleKind.NUMERIC, min_value=0, max_value=100, positive_from=60,
    name_mn="Хувь", name_en="Percent", points=(),
)
UUID = "0b6cbe0e-8f7e-4a53-9d53-0a5e4b3f6c11"


def _target(scale: Scale = FACES, shared: bool = False) -> JoinTarget:
    return JoinTarget(
        side=Side.COMMUNITY, code="K7M2QX", round_id=1, state="community_scoring",
        side_open=True, shared_device=shared, indicator_ids=(11, 12),
        groups=(GroupChoice(5, "Эцэг эх"),), scale=scale,
    )


def _payload(**changes) -> dict:
    body = {"uuid": UUID, "group": "5", "gender": "female", "age_band": "", "disability": "no",
            "comment": "", "q11": "3", "r11": "", "q12": "na", "r12": "Мэдэхгүй",
            "csrf_token": "ignored"}
    body.update(changes)
    return {k: v for k, v in body.items() if v is not None}


def test_the_scripts_shape_reads_as_one_submission():
    submission = read_submission(_payload(), _target(shared=True))
    assert submission.uuid == UUID
    assert submission.group_id == 5
    assert submission.answers == {11: (3.0, None, ""), 12: (None, "na", "Мэдэхгүй")}
    assert submission.demographics == {
        "gender": "female", "age_band": "undisclosed", "disability": "no"
    }
    assert submission.channel == "tablet"
    assert read_submission(_payload(), _target()).channel == "phone"


def test_concurrent_sends_are_each_stored_once_with_their_receipt(app):
    """Sixteen phones sending at once (two of them twice) through one server process."""
    from concurrent.futures import ThreadPoolExecutor

    bodies = [answers() for _ in range(16)]
    bodies += [bodies[0], bodies[5]]
    before = counts()

    def send(body):
        with app.app_context():
            reply = app.test_client().post(JSON_URL, json=body)
            return reply.status_code, reply.get_json()["receipt"]

    with ThreadPoolExecutor(max_workers=8) as pool:
        results = list(pool.map(send, bodies))
    assert all(status in (200, 201) for status, _ in results)
    assert [status for status, _ in results].count(201) == 16
    assert results[0][1] == results[16][1] and results[5][1] == results[17][1]
    db.session.expire_all()
    indicators = len(side_indicators(demo_round(), "community"))
    assert counts() == (before[0] + 16, before[1] + 16 * indicators)
