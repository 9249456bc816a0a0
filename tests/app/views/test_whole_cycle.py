"""One round through every phase, from preparation to its follow-up round."""

from __future__ import annotations

from sqlalchemy import select

from app.extensions import db
from app.models import Action, Area, AuditEvent, Facility, Round, Template
from scorecards.lifecycle import Phase
from tests.app.views.helpers import COORDINATOR, EAST


def _move(client, round_id, target):
    response = client.post(f"/rounds/{round_id}/move", data={"target": target})
    assert response.status_code == 302
    db.session.expire_all()
    return db.session.get(Round, round_id)


def test_whole_cycle_from_preparation_to_follow_up(client, login):
    login(EAST)
    soum = db.session.scalar(select(Area).where(Area.code == "2104"))
    facility = db.session.scalar(select(Facility).where(Facility.area_id == soum.id).limit(1))
    template = db.session.scalar(
        select(Template).where(Template.sector_id == facility.facility_type.sector_id)
    )
    # Preparation
    response = client.post(
        "/rounds/new",
        data={
            "facility": facility.id,
            "template": template.id,
            "period_label": "2027-H1",
            "period_start": "2027-02-01",
            "period_end": "2027-06-30",
            "groups-0-kind": "women",
            "groups-0-group_name": "Эхчүүд",
            "groups-0-expected_size": "12",
            "groups-1-kind": "providers",
            "groups-1-group_name": "Ажилтнууд",
            "groups-1-expected_size": "5",
        },
    )
    assert response.status_code == 302
    round_ = db.session.scalar(
        select(Round).where(Round.period_label == "2027-H1", Round.facility_id == facility.id)
    )
    rid = round_.id
    women = next(g for g in round_.groups if g.side == "community")
    staff = next(g for g in round_.groups if g.side == "provider")
    ri = round_.indicators[0]
    # Scoring before its phase is refused.
    assert (
        client.post(
            f"/rounds/{rid}/tallies", data={"group": women.id, f"t-{ri.id}-2": "3"}
        ).status_code
        == 302
    )
    assert _move(client, rid, "input_tracking").state == Phase.INPUT_TRACKING
    client.post(
        f"/rounds/{rid}/inputs",
        data={"rows-0-item": "Эмчийн орон тоо", "rows-0-norm": "4", "rows-0-actual": "2"},
    )
    assert _move(client, rid, "community_scoring").state == Phase.COMMUNITY_SCORING
    # Leaving community scoring without scores is refused.
    assert _move(client, rid, "self_assessment").state == Phase.COMMUNITY_SCORING
    assert (
        client.post(
            f"/rounds/{rid}/tallies",
            data={
                "group": women.id,
                f"t-{ri.id}-2": "7",
                f"t-{ri.id}-4": "3",
                f"c-{ri.id}-value": "2",
                f"c-{ri.id}-reason": "Эмч байдаггүй",
            },
        ).status_code
        == 302
    )
    assert _move(client, rid, "self_assessment").state == Phase.SELF_ASSESSMENT
    assert (
        client.post(
            f"/rounds/{rid}/paper",
            data={
                "side": "provider",
                "rows": 1,
                "r-0-respondent_id": "S1",
                "r-0-group": staff.id,
                f"r-0-{ri.indicator.code}": "5",
            },
        ).status_code
        == 302
    )
    assert _move(client, rid, "interface_meeting").state == Phase.INTERFACE_MEETING
    page = client.get(f"/rounds/{rid}/meeting").get_data(as_text=True)
    assert "2.6" in page and "5.0" in page and "-2.4" in page  # community 2.6, provider 5
    assert _move(client, rid, "action_plan").state == Phase.INTERFACE_MEETING  # no record yet
    client.post(
        f"/rounds/{rid}/meeting",
        data={"held_on": "2027-03-01", "place": "Сум", "community_female": "10"},
    )
    assert _move(client, rid, "action_plan").state == Phase.ACTION_PLAN
    item = db.session.get(Round, rid).input_items[0]
    client.post(
        f"/rounds/{rid}/actions",
        data={
            "new-subject": f"in-{item.id}",
            "new-description": "Эмч томилох",
            "new-responsible": "soum_governor",
            "new-due_date": "2027-09-01",
        },
    )
    assert _move(client, rid, "review").state == Phase.REVIEW
    # Review and publication by the coordinator.
    client.post("/auth/logout")
    login(COORDINATOR)
    assert client.post(f"/rounds/{rid}/publish", data={"confirm": "y"}).status_code == 302
    db.session.expire_all()
    assert db.session.get(Round, rid).state == Phase.PUBLISHED
    # Locked: the facilitator's edits no longer land.
    client.post("/auth/logout")
    login(EAST)
    client.post(f"/rounds/{rid}/meeting", data={"held_on": "2027-03-02", "place": "Өөр"})
    db.session.expire_all()
    from app.services.meeting import meeting_of

    assert meeting_of(db.session.get(Round, rid)).place == "Сум"
    # Follow-up round carries indicators, groups, inputs and the open action.
    response = client.post(
        f"/rounds/new?previous={rid}",
        data={
            "facility": facility.id,
            "template": template.id,
            "period_label": "2027-H2",
            "period_start": "2027-08-01",
            "period_end": "2027-12-31",
            "previous_round": rid,
        },
    )
    assert response.status_code == 302
    follow = db.session.scalar(select(Round).where(Round.previous_round_id == rid))
    assert follow.round_number == 2 and follow.state == Phase.PREPARATION
    assert {g.label for g in follow.groups} == {"Эхчүүд", "Ажилтнууд"}
    carried = db.session.scalar(select(Action).where(Action.round_id == follow.id))
    assert carried.description == "Эмч томилох" and carried.input_item.item == "Эмчийн орон тоо"
    moves = db.session.scalars(
        select(AuditEvent.after).where(
            AuditEvent.entity == "round",
            AuditEvent.entity_id == rid,
            AuditEvent.action == "round.transition",
        )
    ).all()
    assert [m["state"] for m in moves] == [
        "input_tracking",
        "community_scoring",
        "self_assessment",
        "interface_meeting",
        "action_plan",
        "review",
        "published",
    ]
