"""Preparing a round: creating it, a new facility, indicators, groups and follow-ups
(factory-made organisations and rounds, on a database without the demo)."""

from __future__ import annotations

from sqlalchemy import select

from app.extensions import db
from app.models import Action, Area, Facility, FacilityType, Round, Template
from scorecards.lifecycle import Phase


def _dornod_soum() -> Area:
    aimag = db.session.scalar(select(Area).where(Area.code == "MN-061"))
    return db.session.scalars(
        select(Area).where(Area.parent_id == aimag.id).order_by(Area.code)
    ).first()


def _round(round_id: int) -> Round:
    db.session.expire_all()
    return db.session.get(Round, round_id)


def _form(facility_id, template_id, **extra):
    data = {
        "facility": facility_id or "",
        "template": template_id,
        "period_label": "2027-H1",
        "period_start": "2027-02-01",
        "period_end": "2027-06-30",
        "groups-0-kind": "women",
        "groups-0-group_name": "Эмэгтэйчүүд",
        "groups-0-expected_size": "15",
        "groups-1-kind": "providers",
        "groups-1-group_name": "Багш нар",
        "groups-1-expected_size": "6",
    }
    data.update(extra)
    return data


def test_create_round_from_template_with_groups_and_codes(east, create_facility, staff_client):
    client = staff_client(east["facilitator"])
    facility = create_facility()
    template = db.session.scalar(
        select(Template).where(Template.sector_id == facility.facility_type.sector_id)
    )
    response = client.post("/rounds/new", data=_form(facility.id, template.id))
    assert response.status_code == 302, response.get_data(as_text=True)
    round_ = db.session.scalar(select(Round).order_by(Round.id.desc()))
    assert round_.facility_id == facility.id and round_.state == Phase.PREPARATION
    assert [ri.indicator_id for ri in round_.indicators] == [
        item.indicator_id for item in template.items
    ]
    assert {(g.label, g.side, g.expected_size) for g in round_.groups} == {
        ("Эмэгтэйчүүд", "community", 15),
        ("Багш нар", "provider", 6),
    }
    assert round_.community_code != round_.provider_code and len(round_.community_code) == 6


def test_create_round_with_a_new_facility(east, staff_client):
    client = staff_client(east["facilitator"])
    soum = _dornod_soum()
    kind = db.session.scalar(select(FacilityType).where(FacilityType.code == "kindergarten"))
    template = db.session.scalar(select(Template).limit(1))
    data = _form(
        None,
        template.id,
        soum=soum.id,
        new_facility_name="Шинэ цэцэрлэг",
        new_facility_type=kind.id,
    )
    assert client.post("/rounds/new", data=data).status_code == 302
    facility = db.session.scalar(select(Facility).where(Facility.name_mn == "Шинэ цэцэрлэг"))
    assert facility.area_id == soum.id


def test_create_round_refuses_bad_dates_and_stores_nothing(east, create_facility, staff_client):
    client = staff_client(east["facilitator"])
    facility = create_facility()
    before = db.session.scalar(select(db.func.count(Round.id)))
    template = db.session.scalar(
        select(Template).where(Template.sector_id == facility.facility_type.sector_id)
    )
    data = _form(facility.id, template.id, period_end="2026-01-01")
    response = client.post("/rounds/new", data=data)
    assert response.status_code == 400
    assert 'class="error"' in response.get_data(as_text=True)
    assert db.session.scalar(select(db.func.count(Round.id))) == before


def test_west_cannot_create_a_round_at_an_east_facility(west, create_facility, staff_client):
    client = staff_client(west["facilitator"])
    facility = create_facility("MN-061")
    template = db.session.scalar(
        select(Template).where(Template.sector_id == facility.facility_type.sector_id)
    )
    response = client.post("/rounds/new", data=_form(facility.id, template.id))
    assert response.status_code == 400  # the facility is not among west's choices
    assert db.session.scalar(select(Round).where(Round.period_label == "2027-H1")) is None


def test_follow_up_carries_indicators_groups_and_open_actions(
    east, make_round, create_action, staff_client
):
    previous = make_round(Phase.ACTION_PLAN, answered=1)
    open_actions = [
        create_action(previous, "Засвар хийх", "planned"),
        create_action(previous, "Ном авах", "in_progress"),
    ]
    create_action(previous, "Хаалга будах", "done")
    create_action(previous, "Хашаа барих", "dropped")
    previous.state = Phase.PUBLISHED
    db.session.commit()
    client = staff_client(east["facilitator"])
    data = _form(previous.facility_id, previous.template_id, previous_round=previous.id)
    data = {k: v for k, v in data.items() if not k.startswith("groups-")}
    response = client.post(f"/rounds/new?previous={previous.id}", data=data)
    assert response.status_code == 302, response.get_data(as_text=True)
    follow = db.session.scalar(select(Round).where(Round.previous_round_id == previous.id))
    assert follow.round_number == previous.round_number + 1
    assert [ri.indicator_id for ri in follow.indicators] == [
        ri.indicator_id for ri in previous.indicators
    ]
    assert {g.label for g in follow.groups} == {g.label for g in previous.groups}
    carried = db.session.scalars(select(Action).where(Action.round_id == follow.id)).all()
    assert sorted(a.carried_from_id for a in carried) == sorted(a.id for a in open_actions)


def test_indicator_list_can_be_reordered_dropped_and_extended(east, make_round, staff_client):
    client = staff_client(east["facilitator"])
    round_ = make_round()
    first, second = round_.indicators[0], round_.indicators[1]
    client.post(f"/rounds/{round_.id}/indicators/{second.id}/move", data={"direction": "up"})
    db.session.expire_all()
    assert [ri.id for ri in _round(round_.id).indicators[:2]] == [second.id, first.id]
    group = round_.groups[0]
    response = client.post(
        f"/rounds/{round_.id}/indicators/propose",
        data={
            "new-text_mn": "Усны цорго ажилладаг",
            "new-origin": "community",
            "new-groups": [group.id],
        },
    )
    assert response.status_code == 302
    db.session.expire_all()
    added = _round(round_.id).indicators[-1]
    assert added.indicator.text_mn == "Усны цорго ажилладаг"
    assert [g.id for g in added.proposed_by] == [group.id]
    count = len(_round(round_.id).indicators)
    client.post(f"/rounds/{round_.id}/indicators/{added.id}/drop", data={"confirm": "y"})
    db.session.expire_all()
    assert len(_round(round_.id).indicators) == count - 1


def test_other_organisation_cannot_touch_indicators_or_groups(west, make_round, staff_client):
    client = staff_client(west["facilitator"])
    round_ = make_round()
    ri = round_.indicators[0]
    assert client.get(f"/rounds/{round_.id}/indicators").status_code == 404
    assert client.get(f"/rounds/{round_.id}/groups").status_code == 404
    assert client.post(f"/rounds/{round_.id}/indicators/{ri.id}/drop").status_code == 404
    assert (
        client.post(
            f"/rounds/{round_.id}/groups",
            data={"kind": "men", "side": "community", "label": "x", "expected_size": 3},
        ).status_code
        == 404
    )
    after = _round(round_.id)
    assert len(after.indicators) == len(round_.indicators) and len(after.groups) == 2


def test_group_label_must_be_unique(east, make_round, staff_client):
    client = staff_client(east["facilitator"])
    round_ = make_round()
    label = round_.groups[0].label
    count = len(round_.groups)
    response = client.post(
        f"/rounds/{round_.id}/groups",
        data={"kind": "men", "side": "community", "label": label, "expected_size": 3},
    )
    assert response.status_code == 400
    assert len(_round(round_.id).groups) == count


def test_published_round_indicators_are_locked(east, make_round, staff_client):
    client = staff_client(east["facilitator"])
    round_ = make_round(Phase.PUBLISHED, answered=1)
    ri = round_.indicators[-1]
    client.post(f"/rounds/{round_.id}/indicators/{ri.id}/move", data={"direction": "up"})
    db.session.expire_all()
    assert db.session.get(type(ri), ri.id).position == ri.position
