"""Free text, seen and moderated: staff of the round read every reason and comment on the
meeting page and in the export; a facilitator approves or hides each text (one by one, in
bulk, with filters, audit-logged); only approved texts of published rounds are public,
and a text hidden after publication is gone from the next public page. (Factory-made
organisations and rounds, on a database without the demo; ``client`` is a visitor.)"""

from __future__ import annotations

import csv
import io
import uuid

import pytest
from openpyxl import load_workbook
from sqlalchemy import select

from app.extensions import db
from app.models import AuditEvent, ConsensusScore, Response, Score
from app.services import moderation
from scorecards.lifecycle import Phase
from scorecards.moderation import TextStatus
from tests.app.citizen_helpers import answers, side_indicators


@pytest.fixture
def client(base_app):
    """A visitor: public pages and the citizen's scorecard are read without signing in."""
    return base_app.test_client()


@pytest.fixture
def published_round(make_round, create_response, move_to):
    """A published round of east with five citizens' and two providers' answers and one
    group's consensus score."""

    def make():
        round_ = make_round()
        for _ in range(5):
            create_response(round_, gender="female", age_band="35_59")
        for _ in range(2):
            create_response(round_, side="provider")
        group = next(g for g in round_.groups if g.side == "community")
        db.session.add(
            ConsensusScore(
                round_id=round_.id,
                group_id=group.id,
                round_indicator_id=round_.indicators[0].id,
                value=3,
            )
        )
        db.session.commit()
        return move_to(round_, Phase.PUBLISHED)

    return make


def _aimag_code(round_) -> str:
    area = round_.facility.area
    return (area.parent or area).code


def _plant_texts(round_) -> dict[str, str]:
    """Fresh, unreviewed texts on a (published) round: a citizen's reason, a provider's
    reason, a citizen's closing comment and a group's consensus reason. A published round
    is locked for entry, so the fixture writes them directly; everything after goes
    through the pages. Returns name -> text ref."""
    tag = uuid.uuid4().hex[:6]
    refs = {}
    for side in ("community", "provider"):
        score = db.session.scalar(
            select(Score)
            .join(Response, Response.id == Score.response_id)
            .where(Response.round_id == round_.id, Response.side == side)
            .order_by(Score.id)
            .limit(1)
        )
        score.reason = f"{side} шалтгаан {tag}"
        score.reason_approved = False
        refs[f"{side}_reason"] = f"reason-{score.id}"
        if side == "community":
            score.response.comment = f"Эцсийн санал {tag}"
            score.response.comment_approved = False
            refs["comment"] = f"comment-{score.response.id}"
    consensus = db.session.scalar(
        select(ConsensusScore)
        .where(ConsensusScore.round_id == round_.id)
        .order_by(ConsensusScore.id)
        .limit(1)
    )
    consensus.reason = f"Бүлгийн тохиролцоо {tag}"
    consensus.reason_approved = False
    refs["consensus"] = f"consensus-{consensus.id}"
    db.session.commit()
    return refs


def _text_of(ref: str) -> str:
    kind, row_id = ref.split("-")
    model, column = {
        "reason": (Score, "reason"),
        "comment": (Response, "comment"),
        "consensus": (ConsensusScore, "reason"),
    }[kind]
    return getattr(db.session.get(model, int(row_id)), column)


def _status(ref: str) -> TextStatus:
    db.session.expire_all()
    kind, row_id = ref.split("-")
    row = {"reason": Score, "comment": Response, "consensus": ConsensusScore}[kind]
    row = db.session.get(row, int(row_id))
    if kind == "comment":
        return moderation.status_of(row.comment_approved, row.comment_hidden)
    return moderation.status_of(row.reason_approved, row.reason_hidden)


def _facility_page(client, round_) -> str:
    page = client.get(f"/facilities/{round_.facility_id}")
    assert page.status_code == 200
    return page.get_data(as_text=True)


def _aimag_report(client, round_) -> str:
    page = client.get(f"/reports/{_aimag_code(round_)}?period={round_.period_label}")
    assert page.status_code == 200
    return page.get_data(as_text=True)


def _public_pages(client, round_) -> str:
    return _facility_page(client, round_) + _aimag_report(client, round_)


def test_staff_see_every_new_text_on_the_meeting_page_and_in_the_export(
    client, east, staff_client, make_round
):
    round_ = make_round()
    data = answers(round_=round_, comment="Сургуулийн цай хүйтэн байна")
    first = side_indicators(round_, "community")[0]
    data[f"r{first.id}"] = "Багш нар цагтаа ирдэггүй"
    assert client.post(f"/j/{round_.community_code}", data=data).status_code == 303

    staff = staff_client(east["facilitator"])
    page = staff.get(f"/rounds/{round_.id}/meeting").get_data(as_text=True)
    assert "Сургуулийн цай хүйтэн байна" in page and "Багш нар цагтаа ирдэггүй" in page
    assert "Not reviewed yet" in page or "Хянаагүй" in page
    assert f"/rounds/{round_.id}/texts" in page

    export = staff.get(f"/rounds/{round_.id}/export/texts.csv")
    assert export.status_code == 200
    rows = list(csv.DictReader(io.StringIO(export.get_data(as_text=True).lstrip("\ufeff"))))
    assert set(rows[0]) >= {"indicator", "side", "group", "kind", "text", "status", "approved"}
    comment = next(r for r in rows if r["text"] == "Сургуулийн цай хүйтэн байна")
    assert comment["kind"] == "comment" and comment["side"] == "community"
    assert comment["status"] == "pending" and comment["indicator"] == ""
    reason = next(r for r in rows if r["text"] == "Багш нар цагтаа ирдэггүй")
    assert reason["kind"] == "reason" and reason["indicator"] == first.indicator.code
    assert reason["group"] == next(g.label for g in round_.groups if g.id == int(data["group"]))

    workbook = load_workbook(io.BytesIO(staff.get(f"/rounds/{round_.id}/export.xlsx").data))
    texts = [
        str(cell.value)
        for sheet in workbook.worksheets
        for row in sheet.iter_rows()
        for cell in row
        if cell.value is not None
    ]
    assert "Сургуулийн цай хүйтэн байна" in texts


def test_unapproved_text_is_not_public_until_approved_and_hiding_removes_it(
    client, east, staff_client, published_round
):
    round_ = published_round()
    refs = _plant_texts(round_)
    words = {name: _text_of(ref) for name, ref in refs.items()}
    public = _public_pages(client, round_)
    assert not any(text in public for text in words.values())

    staff = staff_client(east["facilitator"])
    page = staff.get(f"/rounds/{round_.id}/texts?status=pending")
    assert page.status_code == 200
    assert all(text in page.get_data(as_text=True) for text in words.values())
    response = staff.post(
        f"/rounds/{round_.id}/texts?status=pending", data={"one": f"approve:{refs['comment']}"}
    )
    assert response.status_code == 302 and "status=pending" in response.location
    assert _status(refs["comment"]) == TextStatus.APPROVED

    public = _public_pages(client, round_)
    assert words["comment"] in _facility_page(client, round_)
    assert words["community_reason"] not in public and words["consensus"] not in public

    # The aimag report samples a few texts per facility, groups' consensus reasons first.
    staff = staff_client(east["facilitator"])
    staff.post(f"/rounds/{round_.id}/texts", data={"one": f"approve:{refs['consensus']}"})
    assert words["consensus"] in _aimag_report(client, round_)
    assert words["consensus"] in _facility_page(client, round_)

    staff = staff_client(east["facilitator"])
    staff.post(f"/rounds/{round_.id}/texts", data={"one": f"hide:{refs['comment']}"})
    staff.post(f"/rounds/{round_.id}/texts", data={"one": f"hide:{refs['consensus']}"})
    assert _status(refs["comment"]) == TextStatus.HIDDEN
    hidden = staff.get(f"/rounds/{round_.id}/texts?status=hidden").get_data(as_text=True)
    pending = staff.get(f"/rounds/{round_.id}/texts?status=pending").get_data(as_text=True)
    assert words["comment"] in hidden and words["comment"] not in pending
    assert words["community_reason"] in pending and words["community_reason"] not in hidden
    public = _public_pages(client, round_)
    assert words["comment"] not in public and words["consensus"] not in public

    events = db.session.scalars(
        select(AuditEvent)
        .where(AuditEvent.entity == "response", AuditEvent.entity_id == int(refs["comment"][8:]))
        .order_by(AuditEvent.id)
    ).all()
    assert [e.action for e in events if e.action.startswith("text.")] == [
        "text.approve",
        "text.hide",
    ]
    approve, hide = (e for e in events if e.action.startswith("text."))
    assert approve.before["status"] == "pending" and approve.after["status"] == "approved"
    assert hide.before["status"] == "approved" and hide.after["status"] == "hidden"
    assert approve.user_id is not None


def test_bulk_approval_of_selected_and_of_every_text_shown(
    client, east, staff_client, published_round
):
    round_ = published_round()
    refs = _plant_texts(round_)
    words = {name: _text_of(ref) for name, ref in refs.items()}
    staff = staff_client(east["facilitator"])

    selected = [refs["community_reason"], refs["consensus"]]
    response = staff.post(
        f"/rounds/{round_.id}/texts?status=pending",
        data={"bulk": "approve_selected", "selected": selected, "shown": list(refs.values())},
    )
    assert response.status_code == 302
    assert [_status(r) for r in selected] == [TextStatus.APPROVED] * 2
    assert _status(refs["provider_reason"]) == TextStatus.PENDING

    # "Every text shown" covers only what the page showed: the provider reason matches the
    # filter but was not on the page the facilitator saw, so it stays unreviewed.
    response = staff.post(
        f"/rounds/{round_.id}/texts?status=pending",
        data={"bulk": "hide_shown", "shown": [refs["comment"]]},
    )
    assert response.status_code == 302
    assert _status(refs["comment"]) == TextStatus.HIDDEN
    assert _status(refs["provider_reason"]) == TextStatus.PENDING

    page = staff.get(f"/rounds/{round_.id}/texts?side=provider&status=pending")
    body = page.get_data(as_text=True)
    assert words["provider_reason"] in body and words["community_reason"] not in body
    shown = [ref for ref in refs.values() if f'name="shown" value="{ref}"' in body]
    assert shown == [refs["provider_reason"]]
    staff.post(
        f"/rounds/{round_.id}/texts?side=provider&status=pending",
        data={"bulk": "approve_shown", "shown": shown},
    )
    assert _status(refs["provider_reason"]) == TextStatus.APPROVED
    actions = db.session.scalars(
        select(AuditEvent.action).where(AuditEvent.action.in_(["text.approve", "text.hide"]))
    ).all()
    assert sorted(actions) == ["text.approve"] * 3 + ["text.hide"]

    facility = _facility_page(client, round_)
    assert words["community_reason"] in facility and words["consensus"] in facility
    assert words["provider_reason"] in facility and words["comment"] not in facility
    assert words["consensus"] in _aimag_report(client, round_)


def test_approved_text_of_an_unpublished_round_is_not_public(
    client, east, staff_client, make_round
):
    round_ = make_round()
    data = answers(round_=round_, comment="Нийтлэгдээгүй санал")
    assert client.post(f"/j/{round_.community_code}", data=data).status_code == 303
    stored = db.session.scalar(select(Response).where(Response.uuid == data["uuid"]))
    staff = staff_client(east["facilitator"])
    staff.post(f"/rounds/{round_.id}/texts", data={"one": f"approve:comment-{stored.id}"})
    assert _status(f"comment-{stored.id}") == TextStatus.APPROVED
    assert round_.state != Phase.PUBLISHED
    assert "Нийтлэгдээгүй санал" not in _public_pages(client, round_)


def test_withdrawn_forms_and_other_rounds_texts_cannot_be_moderated(
    east, staff_client, published_round, make_round
):
    round_ = published_round()
    refs = _plant_texts(round_)
    other = make_round()
    staff = staff_client(east["facilitator"])
    response = staff.post(f"/rounds/{other.id}/texts", data={"one": f"approve:{refs['comment']}"})
    assert response.status_code == 302
    assert _status(refs["comment"]) == TextStatus.PENDING
    page = staff.get(response.location).get_data(as_text=True)
    assert "not part of this round" in page or "энэ үнэлгээнд хамаарахгүй" in page

    comment = db.session.get(Response, int(refs["comment"][8:]))
    comment.withdrawn_at = comment.submitted_at
    db.session.commit()
    assert _text_of(refs["comment"]) not in staff.get(f"/rounds/{round_.id}/texts").get_data(
        as_text=True
    )
    staff.post(f"/rounds/{round_.id}/texts", data={"one": f"approve:{refs['comment']}"})
    assert _status(refs["comment"]) == TextStatus.PENDING


def test_a_decision_needs_valid_filters_texts_and_a_choice(east, staff_client, published_round):
    round_ = published_round()
    refs = _plant_texts(round_)
    staff = staff_client(east["facilitator"])
    shown = list(refs.values())
    for query, data in (
        ("?indicator=999999", {"bulk": "approve_shown", "shown": shown}),
        ("", {"shown": shown}),
        ("", {"bulk": "approve_selected", "shown": shown}),
        ("", {"bulk": "publish_all", "shown": shown}),
        ("", {"one": "approve:score-1"}),
    ):
        response = staff.post(f"/rounds/{round_.id}/texts{query}", data=data)
        assert response.status_code == 400, (query, data)
    assert {_status(ref) for ref in shown} == {TextStatus.PENDING}
    assert staff.get(f"/rounds/{round_.id}/texts?indicator=abc").status_code == 200


def test_only_the_rounds_editors_may_moderate(client, east, west, staff_client, published_round):
    round_ = published_round()
    refs = _plant_texts(round_)
    url = f"/rounds/{round_.id}/texts"
    data = {"one": f"approve:{refs['comment']}"}

    anonymous_get, anonymous_post = client.get(url), client.post(url, data=data)
    assert anonymous_get.status_code == 302 and "/auth/login" in anonymous_get.location
    assert anonymous_post.status_code == 302 and "/auth/login" in anonymous_post.location

    staff = staff_client(west["facilitator"])
    assert staff.get(url).status_code == 404
    assert staff.post(url, data=data).status_code == 404
    page = staff.get(f"/rounds/{round_.id}/meeting")
    assert page.status_code == 404
    assert staff.get(f"/rounds/{round_.id}/export/texts.csv").status_code == 404

    staff = staff_client(east["official"])
    assert staff.get(url).status_code == 403
    assert staff.post(url, data=data).status_code == 403
    assert _status(refs["comment"]) == TextStatus.PENDING

    staff = staff_client(east["coordinator"])
    assert staff.post(url, data=data).status_code == 302
    assert _status(refs["comment"]) == TextStatus.APPROVED


def test_public_texts_never_name_the_group_or_the_respondent(
    client, east, staff_client, published_round
):
    round_ = published_round()
    refs = _plant_texts(round_)
    comment = db.session.get(Response, int(refs["comment"][8:]))
    comment.group.label = "Батын гэр бүлийн бүлэг"
    db.session.commit()
    staff = staff_client(east["facilitator"])
    staff.post(
        f"/rounds/{round_.id}/texts",
        data={"bulk": "approve_shown", "shown": list(refs.values())},
    )
    page = client.get(f"/facilities/{round_.facility_id}").get_data(as_text=True)
    start = page.index(_text_of(refs["comment"]))
    quote = page[start : page.index("</blockquote>", start)]
    assert comment.group.label not in quote
    assert "Батын гэр бүлийн бүлэг" not in _public_pages(client, round_)
    for demographic in ("35_59", "Эмэгтэй", "Woman"):
        assert demographic not in quote
