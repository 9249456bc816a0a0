"""Withdrawing a response or a whole imported file: the rows stay, marked, and leave
every figure; a published round refuses; the citizen's resend does not bring it back
(factory-made organisations and rounds, on a database without the demo)."""

from __future__ import annotations

import pytest
from sqlalchemy import func, select

from app.extensions import db
from app.models import AuditEvent, Response, Round
from app.models.reports import ResultDistribution, ResultSummary
from app.services.meeting import comparison
from app.services.rounds import round_facts
from scorecards.lifecycle import Phase
from tests.app.views.answer_helpers import (
    community_codes,
    community_group,
    import_forms,
    response_by_ref,
    send_from_phone,
    type_paper_forms,
)


def _first_ri(round_):
    code = community_codes(round_)[0]
    return next(ri for ri in round_.indicators if ri.indicator.code == code)


def test_withdrawn_form_leaves_counts_meeting_projector_and_export(east, staff_client, make_round):
    client = staff_client(east["facilitator"])
    round_ = make_round()
    n = len(community_codes(round_))
    type_paper_forms(client, round_, [("P1", "female", ["1"] * n), ("P2", "male", ["5"] * n)])
    ri = _first_ri(round_)
    assert round_facts(round_).community_answer_count == 2
    form = response_by_ref(round_, "P1")
    receipt = form.receipt
    assert receipt in client.get(f"/rounds/{round_.id}/export/responses.csv").data.decode(
        "utf-8-sig"
    )

    refused = client.post(f"/rounds/{round_.id}/answers/{form.id}/withdraw", data={"reason": "  "})
    assert refused.status_code == 302
    assert "Шалтгааныг бичнэ үү" in client.get(refused.headers["Location"]).get_data(as_text=True)
    db.session.expire_all()
    assert db.session.get(Response, form.id).withdrawn_at is None

    answer = client.post(
        f"/rounds/{round_.id}/answers/{form.id}/withdraw",
        data={"reason": "Хоёр удаа бичигдсэн"},
    )
    assert answer.status_code == 302
    db.session.expire_all()
    form = db.session.get(Response, form.id)
    assert form.withdrawn_at is not None and form.withdrawn_reason == "Хоёр удаа бичигдсэн"
    assert form.withdrawn_by_id is not None and form.withdrawn_ref == "P1"
    assert len(form.scores) == n  # nothing deleted
    assert round_facts(round_).community_answer_count == 1
    row = {r.ri.id: r for r in comparison(round_)}[ri.id].community
    assert (row.count, row.mean) == (1, 5.0)
    live = client.get(f"/rounds/{round_.id}/projector.json").get_json()
    group = next(g for g in live["groups"] if g["id"] == community_group(round_).id)
    assert (group["female"], group["male"], group["total"]) == (0, 1, 1)
    export = client.get(f"/rounds/{round_.id}/export/responses.csv").data.decode("utf-8-sig")
    assert receipt not in export
    listed = client.get(f"/rounds/{round_.id}/answers?state=withdrawn").get_data(as_text=True)
    assert "<td>P1</td>" in listed and "Хоёр удаа бичигдсэн" in listed
    event = db.session.scalar(
        select(AuditEvent).where(
            AuditEvent.action == "response.withdraw", AuditEvent.entity_id == form.id
        )
    )
    assert event is not None and event.note == "Хоёр удаа бичигдсэн" and event.user_id is not None

    # The same paper form may be typed in again; withdrawing twice is refused.
    type_paper_forms(client, round_, [("P1", "female", ["2"] * n)])
    assert round_facts(round_).community_answer_count == 2
    again = client.post(
        f"/rounds/{round_.id}/answers/{form.id}/withdraw",
        data={"reason": "дахин"},
        follow_redirects=True,
    )
    assert "аль хэдийн буцаан татсан" in again.get_data(as_text=True)


def test_a_withdrawn_phone_response_is_not_brought_back_by_a_resend(east, staff_client, make_round):
    client = staff_client(east["facilitator"])
    round_ = make_round()
    body = send_from_phone(client, round_)
    stored = db.session.scalar(select(Response).where(Response.receipt == body["receipt"]))
    answer = client.post(
        f"/rounds/{round_.id}/answers/{stored.id}/withdraw", data={"reason": "Туршилтын илгээлт"}
    )
    assert answer.status_code == 302
    receipt = body.pop("receipt")
    resend = client.post(f"/j/{round_.community_code}/submit.json", json=body)
    assert resend.status_code == 200 and resend.get_json()["receipt"] == receipt
    db.session.expire_all()
    rows = db.session.scalars(select(Response).where(Response.uuid == body["uuid"])).all()
    assert len(rows) == 1 and rows[0].withdrawn_at is not None
    assert round_facts(round_).community_answer_count == 0


def test_withdrawing_an_import_batch(east, staff_client, make_round):
    client = staff_client(east["facilitator"])
    round_ = make_round()
    n = len(community_codes(round_))
    type_paper_forms(client, round_, [("P1", "female", ["3"] * n)])
    wrong = import_forms(client, round_, [("I1", ["1"] * n), ("I2", ["1"] * n)], "буруу.csv")
    import_forms(client, round_, [("J1", ["4"] * n)], "зөв.csv")
    assert round_facts(round_).community_answer_count == 4
    page = client.get(f"/rounds/{round_.id}/answers").get_data(as_text=True)
    assert "буруу.csv" in page and "зөв.csv" in page

    refused = client.post(
        f"/rounds/{round_.id}/answers/batches/{wrong.id}/withdraw", data={"reason": ""}
    )
    assert refused.status_code == 302
    assert round_facts(round_).community_answer_count == 4

    answer = client.post(
        f"/rounds/{round_.id}/answers/batches/{wrong.id}/withdraw",
        data={"reason": "Өөр сумын файл"},
        follow_redirects=True,
    )
    assert "2 импортолсон маягтыг буцаан татлаа" in answer.get_data(as_text=True)
    db.session.expire_all()
    withdrawn = db.session.scalars(select(Response).where(Response.import_job_id == wrong.id)).all()
    assert len(withdrawn) == 2
    assert all(r.withdrawn_at and r.withdrawn_reason == "Өөр сумын файл" for r in withdrawn)
    assert {r.withdrawn_ref for r in withdrawn} == {"I1", "I2"}
    assert {r.respondent_ref for r in withdrawn} == {None}
    assert response_by_ref(round_, "J1").withdrawn_at is None
    assert round_facts(round_).community_answer_count == 2
    row = {r.ri.id: r for r in comparison(round_)}[_first_ri(round_).id].community
    assert (row.count, row.mean) == (2, 3.5)
    event = db.session.scalar(
        select(AuditEvent).where(
            AuditEvent.action == "import.withdraw", AuditEvent.entity_id == wrong.id
        )
    )
    assert event.after["withdrawn"] == 2 and event.note == "Өөр сумын файл"
    # Nothing of it counts any more: a second withdrawal is refused with a reason.
    again = client.post(
        f"/rounds/{round_.id}/answers/batches/{wrong.id}/withdraw",
        data={"reason": "дахин"},
        follow_redirects=True,
    )
    assert "татах зүйл алга" in again.get_data(as_text=True)
    # The corrected file can now be imported with the same form numbers.
    import_forms(client, round_, [("I1", ["2"] * n), ("I2", ["2"] * n)], "засварласан.csv")
    assert round_facts(round_).community_answer_count == 4


def test_the_command_line_import_records_its_batch(base_app, tmp_path, make_round):
    round_ = make_round()
    group = community_group(round_)
    codes = community_codes(round_)
    path = tmp_path / "forms.csv"
    path.write_text(
        ",".join(["respondent_id", "group", *codes])
        + "\n"
        + ",".join(["C1", group.label, *(["3"] * len(codes))])
        + "\n",
        encoding="utf-8",
    )
    result = base_app.test_cli_runner().invoke(args=["rounds", "import", str(round_.id), str(path)])
    assert result.exit_code == 0, result.output
    db.session.expire_all()
    stored = response_by_ref(round_, "C1")
    assert stored.import_job_id is not None
    from app.models.imports import ImportJob

    job = db.session.get(ImportJob, stored.import_job_id)
    assert (job.state, job.imported, job.filename) == ("done", 1, "forms.csv")


def _paper_response(round_) -> Response:
    return db.session.scalar(
        select(Response)
        .where(Response.round_id == round_.id, Response.channel == "paper", Response.counted())
        .order_by(Response.id)
        .limit(1)
    )


@pytest.fixture
def typed_round(east, make_round, move_to, staff_client):
    """``typed_round(phase)``: a round of east with six paper forms typed in by its
    facilitator (scores 1 to 5 and 3), then put in ``phase``."""

    def make(phase: Phase):
        round_ = make_round()
        n = len(community_codes(round_))
        forms = [(f"P{i}", "female", [str(v)] * n) for i, v in enumerate((1, 2, 3, 4, 5, 3))]
        type_paper_forms(staff_client(east["facilitator"]), round_, forms)
        return move_to(round_, phase)

    return make


def test_a_published_round_refuses_corrections_and_withdrawals(east, staff_client, typed_round):
    round_ = typed_round(Phase.PUBLISHED)
    client = staff_client(east["facilitator"])
    form = _paper_response(round_)
    before = (form.gender, sorted((s.round_indicator_id, s.value) for s in form.scores))
    page = client.get(f"/rounds/{round_.id}/answers/{form.id}").get_data(as_text=True)
    assert "нийтлэгдсэн" in page and "/withdraw" not in page
    answer = client.post(
        f"/rounds/{round_.id}/answers/{form.id}/withdraw",
        data={"reason": "алдаа"},
        follow_redirects=True,
    )
    assert "Энэ үнэлгээ нийтлэгдэж түгжигдсэн" in answer.get_data(as_text=True)
    codes = [ri.indicator.code for ri in round_.indicators if ri.asked_of(form.side)]
    answer = client.post(
        f"/rounds/{round_.id}/answers/{form.id}",
        data={"respondent_id": "Z9", "group": str(form.group_id), "gender": "other", codes[0]: "1"},
        follow_redirects=True,
    )
    assert "Энэ үнэлгээ нийтлэгдэж түгжигдсэн" in answer.get_data(as_text=True)
    db.session.expire_all()
    form = db.session.get(Response, form.id)
    assert form.withdrawn_at is None and form.corrected_at is None
    assert (form.gender, sorted((s.round_indicator_id, s.value) for s in form.scores)) == before
    assert (
        db.session.scalar(select(func.count(AuditEvent.id)).where(AuditEvent.entity == "response"))
        == 0
    )


def test_a_form_opened_before_the_round_was_published_is_refused(east, staff_client, typed_round):
    round_ = typed_round(Phase.REVIEW)
    form = _paper_response(round_)
    client = staff_client(east["facilitator"])
    page = client.get(f"/rounds/{round_.id}/answers/{form.id}")
    assert page.status_code == 200 and "/withdraw" in page.get_data(as_text=True)
    coordinator = staff_client(east["coordinator"])
    published = coordinator.post(f"/rounds/{round_.id}/publish", data={"confirm": "y"})
    assert published.status_code == 302
    db.session.expire_all()
    assert db.session.get(Round, round_.id).is_published
    answer = client.post(
        f"/rounds/{round_.id}/answers/{form.id}/withdraw",
        data={"reason": "алдаа"},
        follow_redirects=True,
    )
    assert "Энэ үнэлгээ нийтлэгдэж түгжигдсэн" in answer.get_data(as_text=True)
    db.session.expire_all()
    assert db.session.get(Response, form.id).withdrawn_at is None


def _public_individual_n(round_id: int, ri_id: int) -> int:
    return db.session.scalar(
        select(func.coalesce(func.sum(ResultSummary.n), 0)).where(
            ResultSummary.round_id == round_id,
            ResultSummary.round_indicator_id == ri_id,
            ResultSummary.source == "individual",
            ResultSummary.breakdown == "all",
        )
    )


def _public_count_at(round_id: int, ri_id: int, point: float) -> int:
    return db.session.scalar(
        select(func.coalesce(func.sum(ResultDistribution.count), 0)).where(
            ResultDistribution.round_id == round_id,
            ResultDistribution.round_indicator_id == ri_id,
            ResultDistribution.source == "individual",
            ResultDistribution.breakdown == "all",
            ResultDistribution.point == int(point),
        )
    )


def test_a_withdrawn_response_leaves_the_public_figures_after_republishing(
    east, staff_client, typed_round
):
    round_ = typed_round(Phase.PUBLISHED)
    form = db.session.scalar(
        select(Response)
        .where(Response.round_id == round_.id, Response.side == "community", Response.counted())
        .order_by(Response.id)
        .limit(1)
    )
    scored = next(s for s in form.scores if s.value is not None)
    ri_id = scored.round_indicator_id
    n_before = _public_individual_n(round_.id, ri_id)
    at_point_before = _public_count_at(round_.id, ri_id, scored.value)
    assert n_before > 0 and at_point_before > 0
    coordinator = staff_client(east["coordinator"])
    unlocked = coordinator.post(
        f"/rounds/{round_.id}/unlock", data={"reason": "Маягт буруу", "confirm": "y"}
    )
    assert unlocked.status_code == 302
    client = staff_client(east["facilitator"])
    answer = client.post(
        f"/rounds/{round_.id}/answers/{form.id}/withdraw", data={"reason": "Давхардсан"}
    )
    assert answer.status_code == 302
    published = coordinator.post(f"/rounds/{round_.id}/publish", data={"confirm": "y"})
    assert published.status_code == 302
    db.session.expire_all()
    assert db.session.get(Round, round_.id).is_published
    assert _public_individual_n(round_.id, ri_id) == n_before - 1
    assert _public_count_at(round_.id, ri_id, scored.value) == at_point_before - 1
