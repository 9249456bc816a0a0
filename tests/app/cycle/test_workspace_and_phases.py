"""The workspace, the round page and guarded phase moves, as facilitators use them."""

from __future__ import annotations

from sqlalchemy import select

from app.extensions import db
from app.models import AuditEvent, Round
from scorecards.lifecycle import Phase
from tests.app.cycle.helpers import ADMIN, COORDINATOR, EAST, WEST, east_round, open_demo_round


def test_workspace_lists_only_own_organisation_rounds_by_phase(client, login):
    login(EAST)
    page = client.get("/workspace/").get_data(as_text=True)
    demo = open_demo_round()
    assert f"/rounds/{demo.id}" in page
    assert 'id="phase-community_scoring"' in page
    assert "Ховд" not in page  # west's aimag never appears for east


def test_workspace_of_west_does_not_show_east_round(client, login):
    login(WEST)
    page = client.get("/workspace/").get_data(as_text=True)
    assert f'/rounds/{open_demo_round().id}"' not in page


def test_workspace_search_by_period_and_facility(client, login):
    login(EAST)
    demo = open_demo_round()
    page = client.get(f"/workspace/?period={demo.period_label}").get_data(as_text=True)
    assert f'/rounds/{demo.id}"' in page
    page = client.get("/workspace/?facility=no-such-facility-anywhere").get_data(as_text=True)
    assert "Тохирох үнэлгээ алга." in page


def test_workspace_needs_sign_in(client):
    assert client.get("/workspace/").status_code in (302, 401)


def test_round_page_of_other_organisation_is_not_found(client, login):
    login(WEST)
    assert client.get(f"/rounds/{open_demo_round().id}").status_code == 404


def test_move_of_other_organisation_is_refused(client, login):
    login(WEST)
    demo = open_demo_round()
    response = client.post(f"/rounds/{demo.id}/move", data={"target": "self_assessment"})
    assert response.status_code == 404
    db.session.expire_all()
    assert open_demo_round().state == Phase.COMMUNITY_SCORING


def test_refused_move_says_why_and_changes_nothing(client, login):
    login(EAST)
    demo = open_demo_round()
    # The open round has no answers yet: it cannot leave community scoring.
    response = client.post(
        f"/rounds/{demo.id}/move", data={"target": "self_assessment"}, follow_redirects=True
    )
    page = response.get_data(as_text=True)
    assert "Иргэдийн оноо хараахан оруулаагүй байна." in page  # the reason, in Mongolian
    assert "needs_community_scores" not in page
    db.session.expire_all()
    assert open_demo_round().state == Phase.COMMUNITY_SCORING


def test_step_back_is_recorded_in_the_audit_log(client, login):
    login(EAST)
    demo = open_demo_round()
    response = client.post(f"/rounds/{demo.id}/move", data={"target": "input_tracking"})
    assert response.status_code == 302
    db.session.expire_all()
    round_ = db.session.get(Round, demo.id)
    assert round_.state == Phase.INPUT_TRACKING
    assert not round_.community_open  # collection closes on leaving scoring
    event = db.session.scalar(
        select(AuditEvent).where(AuditEvent.entity == "round", AuditEvent.entity_id == demo.id)
    )
    assert event.before == {"state": "community_scoring"}
    assert event.after == {"state": "input_tracking"}


def test_facilitator_cannot_publish(client, login):
    round_ = east_round(Phase.REVIEW)
    login(EAST)
    assert client.post(f"/rounds/{round_.id}/publish", data={"confirm": "y"}).status_code == 403
    response = client.post(f"/rounds/{round_.id}/move", data={"target": "published"})
    assert response.status_code == 403


def test_coordinator_publishes_and_round_is_locked_then_unlock_needs_reason(client, login):
    round_ = east_round(Phase.REVIEW)
    login(COORDINATOR)
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


def test_round_with_no_scores_cannot_be_published(client, login, app):
    from app.models import ConsensusScore, Response, Tally

    round_ = east_round(Phase.REVIEW)
    for model in (Response, Tally, ConsensusScore):
        db.session.execute(model.__table__.delete().where(model.round_id == round_.id))
    db.session.commit()
    login(ADMIN)
    response = client.post(
        f"/rounds/{round_.id}/publish", data={"confirm": "y"}, follow_redirects=True
    )
    page = response.get_data(as_text=True)
    db.session.expire_all()
    assert db.session.get(Round, round_.id).state == Phase.REVIEW
    assert "needs_scores" not in page


def test_workspace_says_what_blocks_each_round(client, login):
    login(EAST)
    page = client.get("/workspace/").get_data(as_text=True)
    demo_line = page.split(f'/rounds/{open_demo_round().id}"', 1)[1].split("</li>", 1)[0]
    # The open demo round has no answers yet: leaving community scoring is blocked.
    assert "Иргэдийн оноо хараахан оруулаагүй байна." in demo_line


def test_facts_count_answers_per_side(app):
    from app.services.rounds import facts_for

    round_ = east_round(Phase.PUBLISHED)
    facts = facts_for([round_.id])[round_.id]
    assert facts.community_answer_count > 0 and facts.indicator_count == len(round_.indicators)
    assert facts.has_meeting
