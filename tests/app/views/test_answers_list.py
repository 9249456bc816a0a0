"""The stored-answers list of a round and correcting a paper form through it (factory-made
organisations and rounds, on a database without the demo)."""

from __future__ import annotations

from sqlalchemy import select

from app.extensions import db
from app.models import AuditEvent, Response, Score, User
from app.services.meeting import comparison
from tests.app.views.answer_helpers import (
    community_codes,
    community_group,
    import_forms,
    response_by_ref,
    send_from_phone,
    type_paper_forms,
)


def _stored(client, round_):
    """Two paper forms, an imported file of two forms and a phone send."""
    n = len(community_codes(round_))
    type_paper_forms(client, round_, [("P1", "female", ["2"] * n), ("P2", "male", ["3"] * n)])
    job = import_forms(client, round_, [("I1", ["4"] * n), ("I2", ["5"] * n)], "хуудас.csv")
    phone = send_from_phone(client, round_)
    return job, phone


def test_list_shows_every_response_with_its_channel_typist_and_batch(
    east, staff_client, make_round
):
    client = staff_client(east["facilitator"])
    round_ = make_round()
    job, phone = _stored(client, round_)
    page = client.get(f"/rounds/{round_.id}/answers")
    assert page.status_code == 200
    html = page.get_data(as_text=True)
    assert "Хадгалсан хариултууд" in html  # Mongolian first
    assert "5 хариулт" in html
    for ref in ("P1", "P2", "I1", "I2"):
        assert f"<td>{ref}</td>" in html
    assert phone["receipt"] in html
    assert "хуудас.csv" in html
    typist = db.session.scalar(
        select(User.display_name)
        .join(Response, Response.entered_by_id == User.id)
        .where(Response.respondent_ref == "P1")
    )
    assert typist and f"<td>{typist}</td>" in html
    assert html.count("<td>Цаасан маягт, гараар</td>") == 2  # the channel, in Mongolian
    # The round's page links to the list.
    assert f"/rounds/{round_.id}/answers" in client.get(f"/rounds/{round_.id}").get_data(
        as_text=True
    )


def test_filters_narrow_the_list(east, staff_client, make_round):
    client = staff_client(east["facilitator"])
    round_ = make_round()
    job, phone = _stored(client, round_)
    base = f"/rounds/{round_.id}/answers"

    def refs(query: str) -> set[str]:
        html = client.get(f"{base}?{query}").get_data(as_text=True)
        return {ref for ref in ("P1", "P2", "I1", "I2") if f"<td>{ref}</td>" in html} | (
            {"phone"} if phone["receipt"] in html else set()
        )

    assert refs("channel=paper") == {"P1", "P2"}
    assert refs("channel=import") == {"I1", "I2"}
    assert refs(f"batch={job.id}") == {"I1", "I2"}
    assert refs("channel=phone") == {"phone"}
    assert refs("side=provider") == set()
    assert refs(f"side=community&group={community_group(round_).id}") == {
        "P1",
        "P2",
        "I1",
        "I2",
        "phone",
    }
    assert refs("state=withdrawn") == set()
    assert refs("state=active") == {"P1", "P2", "I1", "I2", "phone"}
    # Rubbish in a filter is ignored, not a server error.
    assert client.get(f"{base}?group=abc&batch=&side=x&page=-3").status_code == 200


def test_list_is_paginated(east, staff_client, make_round):
    client = staff_client(east["facilitator"])
    round_ = make_round()
    n = len(community_codes(round_))
    import_forms(client, round_, [(f"N{i}", ["3"] * n) for i in range(55)], "big.csv")
    first = client.get(f"/rounds/{round_.id}/answers").get_data(as_text=True)
    second = client.get(f"/rounds/{round_.id}/answers?page=2").get_data(as_text=True)
    assert "Хуудас 1 / 2" in first
    shown = lambda html: sum(f"<td>N{i}</td>" in html for i in range(55))  # noqa: E731
    assert shown(first) == 50 and shown(second) == 5


def test_correcting_a_paper_form_changes_the_meeting_figures(east, staff_client, make_round):
    client = staff_client(east["facilitator"])
    round_ = make_round()
    codes = community_codes(round_)
    n = len(codes)
    type_paper_forms(client, round_, [("P1", "female", ["2"] * n), ("P2", "male", ["4"] * n)])
    first_ri = next(ri for ri in round_.indicators if ri.indicator.code == codes[0])
    before = {row.ri.id: row for row in comparison(round_)}[first_ri.id].community
    assert (before.count, before.mean) == (2, 3.0)

    form = response_by_ref(round_, "P1")
    page = client.get(f"/rounds/{round_.id}/answers/{form.id}")
    assert page.status_code == 200
    assert f'name="{codes[0]}" value="2"' in page.get_data(as_text=True)
    data = {
        "respondent_id": "P1",
        "group": str(community_group(round_).id),
        "gender": "male",
        "age_band": "60_plus",
        "disability": "yes",
        codes[0]: "5",
        f"{codes[0]}_reason": "Засвар хийсэн",
        codes[1]: "na",
        "comment": "Цаасан дээрх тайлбар",
    }
    data |= {code: "2" for code in codes[2:]}
    answer = client.post(f"/rounds/{round_.id}/answers/{form.id}", data=data)
    assert answer.status_code == 302
    db.session.expire_all()
    form = db.session.get(Response, form.id)
    assert (form.gender, form.age_band, form.disability) == ("male", "60_plus", "yes")
    assert form.comment == "Цаасан дээрх тайлбар" and form.corrected_at is not None
    scores = {s.round_indicator_id: s for s in form.scores}
    assert scores[first_ri.id].value == 5 and scores[first_ri.id].reason == "Засвар хийсэн"
    second_ri = next(ri for ri in round_.indicators if ri.indicator.code == codes[1])
    assert (scores[second_ri.id].value, scores[second_ri.id].missing_reason) == (None, "na")
    after = {row.ri.id: row for row in comparison(round_)}[first_ri.id].community
    assert (after.count, after.mean) == (2, 4.5)  # (5 + 4) / 2
    # The meeting page itself reads the same figures.
    assert client.get(f"/rounds/{round_.id}/meeting").status_code == 200
    event = db.session.scalar(
        select(AuditEvent).where(
            AuditEvent.action == "response.correct", AuditEvent.entity_id == form.id
        )
    )
    assert (
        event is not None and event.before["gender"] == "female" and event.after["gender"] == "male"
    )
    assert event.before["scores"][str(first_ri.id)][0] == 2
    assert event.after["scores"][str(first_ri.id)][0] == 5


def test_a_bad_correction_says_why_and_changes_nothing(east, staff_client, make_round):
    client = staff_client(east["facilitator"])
    round_ = make_round()
    codes = community_codes(round_)
    n = len(codes)
    type_paper_forms(client, round_, [("P1", "female", ["2"] * n), ("P2", "male", ["4"] * n)])
    form = response_by_ref(round_, "P1")
    before = sorted((s.round_indicator_id, s.value) for s in form.scores)
    data = {
        "respondent_id": "P2",  # another stored form's number
        "group": str(community_group(round_).id),
        "gender": "female",
        "age_band": "35_59",
        codes[0]: "9",  # outside the 1–5 scale
        "comment": '=HYPERLINK("x")',
    }
    answer = client.post(f"/rounds/{round_.id}/answers/{form.id}", data=data)
    assert answer.status_code == 400
    html = answer.get_data(as_text=True)
    assert "Юу ч хадгалагдсангүй" in html
    assert html.count('aria-invalid="true"') == 3
    db.session.expire_all()
    form = db.session.get(Response, form.id)
    assert form.respondent_ref == "P1" and form.corrected_at is None and form.comment == ""
    assert sorted((s.round_indicator_id, s.value) for s in form.scores) == before
    assert (
        db.session.scalar(select(AuditEvent).where(AuditEvent.action == "response.correct")) is None
    )
    # Its own number is not a duplicate of itself; English when chosen.
    client.get("/lang/en")
    data |= {"respondent_id": "P1", codes[0]: "abc", "comment": ""}
    html = client.post(f"/rounds/{round_.id}/answers/{form.id}", data=data).get_data(as_text=True)
    assert "Enter a number." in html and "already been entered" not in html


def test_a_citizens_phone_response_is_shown_but_not_editable(east, staff_client, make_round):
    client = staff_client(east["facilitator"])
    round_ = make_round()
    phone = send_from_phone(client, round_, value="3")
    stored = db.session.scalar(select(Response).where(Response.receipt == phone["receipt"]))
    page = client.get(f"/rounds/{round_.id}/answers/{stored.id}").get_data(as_text=True)
    assert "засах боломжгүй" in page and 'name="respondent_id"' not in page
    answer = client.post(
        f"/rounds/{round_.id}/answers/{stored.id}",
        data={"respondent_id": "X", "group": str(community_group(round_).id)},
        follow_redirects=True,
    )
    assert "Иргэний өөрийн илгээсэн хариултыг засах боломжгүй" in answer.get_data(as_text=True)
    db.session.expire_all()
    assert db.session.get(Response, stored.id).respondent_ref is None
    assert db.session.scalar(select(Score.value).where(Score.response_id == stored.id)) == 3


def test_another_organisations_facilitator_cannot_see_or_change_answers(
    west, east, staff_client, make_round
):
    client = staff_client(east["facilitator"])
    round_ = make_round()
    n = len(community_codes(round_))
    type_paper_forms(client, round_, [("P1", "female", ["2"] * n)])
    form = response_by_ref(round_, "P1")
    client = staff_client(west["facilitator"])
    assert client.get(f"/rounds/{round_.id}/answers").status_code == 404
    assert client.get(f"/rounds/{round_.id}/answers/{form.id}").status_code == 404
    withdraw = client.post(f"/rounds/{round_.id}/answers/{form.id}/withdraw", data={"reason": "x"})
    assert withdraw.status_code == 404
    db.session.expire_all()
    assert db.session.get(Response, form.id).withdrawn_at is None
    # An official of the aimag may see the round but not its stored answers.
    client = staff_client(east["official"])
    assert client.get(f"/rounds/{round_.id}/answers").status_code == 403


def test_a_response_of_another_round_is_not_found_through_this_one(east, staff_client, make_round):
    client = staff_client(east["facilitator"])
    round_ = make_round()
    n = len(community_codes(round_))
    type_paper_forms(client, round_, [("P1", "female", ["2"] * n)])
    form = response_by_ref(round_, "P1")
    other = make_round(answered=1).id
    assert client.get(f"/rounds/{other}/answers/{form.id}").status_code == 404
