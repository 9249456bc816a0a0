"""The workspace, the round page and guarded phase moves, as facilitators use them
(factory-made organisations and rounds, on a database without the demo)."""

from __future__ import annotations

from sqlalchemy import select

from app.extensions import db
from app.models import AuditEvent, ConsensusScore, Response, Round, Tally
from scorecards.lifecycle import Phase


def test_workspace_lists_only_own_organisation_rounds_by_phase(
    east, west, make_round, create_round, create_facility, staff_client
):
    open_round = make_round()
    west_round = create_round(
        west["facilitator"], create_facility("MN-043"), phase=Phase.COMMUNITY_SCORING
    )
    page = staff_client(east["facilitator"]).get("/workspace/").get_data(as_text=True)
    assert f'/rounds/{open_round.id}"' in page
    assert 'id="phase-community_scoring"' in page
    assert f'/rounds/{west_round.id}"' not in page
    assert "Ховд" not in page  # west's aimag never appears for east


def test_workspace_of_west_does_not_show_east_round(west, make_round, staff_client):
    open_round = make_round()
    page = staff_client(west["facilitator"]).get("/workspace/").get_data(as_text=True)
    assert f'/rounds/{open_round.id}"' not in page


def test_workspace_search_by_period_and_facility(east, make_round, staff_client):
    open_round = make_round(period="2025-H2")
    other = make_round(period="2026-H1")
    client = staff_client(east["facilitator"])
    page = client.get("/workspace/?period=2025-H2").get_data(as_text=True)
    assert f'/rounds/{open_round.id}"' in page
    assert f'/rounds/{other.id}"' not in page
    page = client.get("/workspace/?facility=no-such-facility-anywhere").get_data(as_text=True)
    assert "Тохирох үнэлгээ алга." in page
    assert f'/rounds/{open_round.id}"' not in page


def test_workspace_needs_sign_in(base_app):
    assert base_app.test_client().get("/workspace/").status_code in (302, 401)


def test_round_page_of_other_organisation_is_not_found(east, west, make_round, staff_client):
    open_round = make_round()
    assert staff_client(east["facilitator"]).get(f"/rounds/{open_round.id}").status_code == 200
    assert staff_client(west["facilitator"]).get(f"/rounds/{open_round.id}").status_code == 404


def test_move_of_other_organisation_is_refused(west, make_round, staff_client):
    open_round = make_round(answered=1)
    client = staff_client(west["facilitator"])
    response = client.post(f"/rounds/{open_round.id}/move", data={"target": "self_assessment"})
    assert response.status_code == 404
    db.session.expire_all()
    assert db.session.get(Round, open_round.id).state == Phase.COMMUNITY_SCORING


def test_refused_move_says_why_and_changes_nothing(east, make_round, staff_client):
    open_round = make_round()
    # The open round has no answers yet: it cannot leave community scoring.
    response = staff_client(east["facilitator"]).post(
        f"/rounds/{open_round.id}/move", data={"target": "self_assessment"}, follow_redirects=True
    )
    page = response.get_data(as_text=True)
    assert "Иргэдийн оноо хараахан оруулаагүй байна." in page  # the reason, in Mongolian
    assert "needs_community_scores" not in page
    db.session.expire_all()
    assert db.session.get(Round, open_round.id).state == Phase.COMMUNITY_SCORING


def test_step_back_is_recorded_in_the_audit_log(east, make_round, staff_client):
    open_round = make_round()
    response = staff_client(east["facilitator"]).post(
        f"/rounds/{open_round.id}/move", data={"target": "input_tracking"}
    )
    assert response.status_code == 302
    db.session.expire_all()
    round_ = db.session.get(Round, open_round.id)
    assert round_.state == Phase.INPUT_TRACKING
    assert not round_.community_open  # collection closes on leaving scoring
    event = db.session.scalar(
        select(AuditEvent).where(
            AuditEvent.action == "round.transition", AuditEvent.entity_id == round_.id
        )
    )
    assert event.before == {"state": "community_scoring"}
    assert event.after == {"state": "input_tracking"}


def test_facilitator_cannot_publish(east, make_round, staff_client):
    round_ = make_round(Phase.REVIEW, answered=1)
    client = staff_client(east["facilitator"])
    assert client.post(f"/rounds/{round_.id}/publish", data={"confirm": "y"}).status_code == 403
    response = client.post(f"/rounds/{round_.id}/move", data={"target": "published"})
    assert response.status_code == 403
    db.session.expire_all()
    assert db.session.get(Round, round_.id).state == Phase.REVIEW


def test_coordinator_publishes_and_round_is_locked_then_unlock_needs_reason(
    east, make_round, staff_client
):
    round_ = make_round(Phase.REVIEW, answered=1)
    client = staff_client(east["coordinator"])
    assert client.post(f"/rounds/{round_.id}/publish", data={"confirm": "y"}).status_code == 302
    db.session.expire_all()
    assert db.session.get(Round, round_.id).state == Phase.PUBLISHED
    client.post(f"/rounds/{round_.id}/unlock", data={"reason": "  ", "confirm": "y"})
    db.session.expire_all()
    assert db.session.get(Round, round_.id).state == Phase.PUBLISHED
    client.post(
        f"/rounds/{round_.id}/unlock", data={"reason": "Typing error in tallies", "confirm": "y"}
    )
    db.session.expire_all()
    assert db.session.get(Round, round_.id).state == Phase.REVIEW
    event = db.session.scalar(
        select(AuditEvent).where(AuditEvent.action == "round.unlock").order_by(AuditEvent.id.desc())
    )
    assert event.note == "Typing error in tallies" and event.entity_id == round_.id


def test_round_with_no_scores_cannot_be_published(east, make_round, staff_client):
    round_ = make_round(Phase.REVIEW)
    for model in (Response, Tally, ConsensusScore):
        assert db.session.scalar(select(model).where(model.round_id == round_.id)) is None
    response = staff_client(east["admin"]).post(
        f"/rounds/{round_.id}/publish", data={"confirm": "y"}, follow_redirects=True
    )
    page = response.get_data(as_text=True)
    db.session.expire_all()
    assert db.session.get(Round, round_.id).state == Phase.REVIEW
    assert "needs_scores" not in page


def test_workspace_says_what_blocks_each_round(east, make_round, staff_client):
    open_round = make_round()
    page = staff_client(east["facilitator"]).get("/workspace/").get_data(as_text=True)
    line = page.split(f'/rounds/{open_round.id}"', 1)[1].split("</li>", 1)[0]
    # The open round has no answers yet: leaving community scoring is blocked.
    assert "Иргэдийн оноо хараахан оруулаагүй байна." in line


def test_facts_count_answers_per_side(make_round, create_meeting):
    from app.services.rounds import facts_for

    round_ = make_round(Phase.PUBLISHED, answered=2)
    create_meeting(round_)
    facts = facts_for([round_.id])[round_.id]
    assert facts.community_answer_count == 2 and facts.provider_answer_count == 0
    assert facts.indicator_count == len(round_.indicators) > 0
    assert facts.has_meeting
