"""Follow-up and trends: an action carried into a follow-up round is one action with one
history in public, and trend tables say which rounds or periods they compare."""

from __future__ import annotations

from sqlalchemy import select

from app.extensions import db
from app.models import Action, Area, Facility, Organisation, Round
from scorecards.lifecycle import Phase
from tests.app.views.helpers import COORDINATOR, EAST


def _open_action_round() -> tuple[Round, Action]:
    """A published Dornod round of organisation east, last of its chain, with an action
    in progress (so it has a dated update and is carried into a follow-up)."""
    followed = set(
        db.session.scalars(
            select(Round.previous_round_id).where(Round.previous_round_id.isnot(None))
        )
    )
    rounds = db.session.scalars(
        select(Round)
        .join(Facility)
        .join(Area, Area.id == Facility.area_id)
        .join(Organisation, Organisation.id == Round.organisation_id)
        .where(Round.state == Phase.PUBLISHED, Organisation.name_en.like("Eastern%"))
        .order_by(Round.id)
    ).all()
    for round_ in rounds:
        if round_.id in followed or round_.facility.area.parent.code != "MN-061":
            continue
        actions = db.session.scalars(
            select(Action).where(Action.round_id == round_.id).order_by(Action.id)
        ).all()
        for action in actions:
            if action.status == "in_progress" and action.updates:
                return round_, action
    raise AssertionError("the demo has no suitable round")


def _move(client, round_id, target):
    assert client.post(f"/rounds/{round_id}/move", data={"target": target}).status_code == 302
    db.session.expire_all()
    assert db.session.get(Round, round_id).state == target, target


def _follow_up_published(client, login, previous: Round) -> Round:
    """Drive a follow-up of ``previous`` through the pages up to its publication."""
    login(EAST)
    data = {
        "facility": previous.facility_id,
        "template": previous.template_id,
        "previous_round": previous.id,
        "period_label": "2027-H1",
        "period_start": "2027-02-01",
        "period_end": "2027-06-30",
    }
    assert client.post(f"/rounds/new?previous={previous.id}", data=data).status_code == 302
    follow = db.session.scalar(select(Round).where(Round.previous_round_id == previous.id))
    rid = follow.id
    _move(client, rid, "input_tracking")
    _move(client, rid, "community_scoring")
    group = next(g for g in follow.groups if g.side == "community")
    cells = {"group": group.id}
    for ri in follow.indicators:
        if ri.asked_of("community"):
            cells[f"c-{ri.id}-value"] = "3"
    assert client.post(f"/rounds/{rid}/tallies?side=community", data=cells).status_code == 302
    _move(client, rid, "self_assessment")
    _move(client, rid, "interface_meeting")
    client.post(f"/rounds/{rid}/meeting", data={"held_on": "2027-03-01", "place": "Сум"})
    _move(client, rid, "action_plan")
    _move(client, rid, "review")
    client.post("/auth/logout")
    login(COORDINATOR)
    assert client.post(f"/rounds/{rid}/publish", data={"confirm": "y"}).status_code == 302
    db.session.expire_all()
    assert db.session.get(Round, rid).state == Phase.PUBLISHED
    client.post("/auth/logout")
    return db.session.get(Round, rid)


def test_a_carried_action_is_shown_once_with_its_whole_history(client, login):
    previous, action = _open_action_round()
    description, update_note = action.description, action.updates[0].note
    facility_id, previous_period = previous.facility_id, previous.period_label
    follow = _follow_up_published(client, login, previous)
    carried = db.session.scalar(select(Action).where(Action.carried_from_id == action.id))
    assert carried is not None and carried.round_id == follow.id

    # The aimag report's action table (JSON download): one row for the two links.
    table = client.get("/reports/MN-061/actions.json").get_json()
    rows = table["rows"]
    assert table["meta"]["actions"].startswith("one row per action")
    ids = {row["action"] for row in rows}
    assert carried.id in ids and action.id not in ids
    row = next(r for r in rows if r["action"] == carried.id)
    assert row["periods"] == f"{previous_period}, 2027-H1" and row["period"] == "2027-H1"
    # Every published action of the aimag is counted once: links of one chain are one row.
    published = db.session.scalars(
        select(Action)
        .join(Round, Round.id == Action.round_id)
        .join(Facility, Facility.id == Round.facility_id)
        .join(Area, Area.id == Facility.area_id)
        .where(Round.state == Phase.PUBLISHED, Area.parent.has(Area.code == "MN-061"))
    ).all()
    published_ids = {a.id for a in published}
    continued = {a.carried_from_id for a in published if a.carried_from_id in published_ids}
    assert len(rows) == len(published_ids - continued)

    page = client.get("/reports/MN-061?lang=en").get_data(as_text=True)
    words = {"2024-H2": "2024, second half", "2025-H2": "2025, second half"}
    assert f"carried across rounds: {words[previous_period]} → 2027, first half" in page
    assert f'id="action-{action.id}"' not in page and f'id="action-{carried.id}"' in page

    facility_page = client.get(f"/facilities/{facility_id}?lang=en").get_data(as_text=True)
    actions_part = facility_page[facility_page.index('<ul class="actions">') :]
    entry = actions_part[: actions_part.index("</ul>")]
    items = entry.split("<li>")[1:]
    label = f"One action carried across rounds: {words[previous_period]} → 2027, first half"
    carried_count = len(
        db.session.scalars(select(Action).where(Action.round_id == follow.id)).all()
    )
    assert len([item for item in items if label in item]) == carried_count
    assert any(description in i and update_note in i and label in i for i in items)
    facility_actions = {a.id: a for a in published if a.round.facility_id == facility_id}
    continued_here = {a.carried_from_id for a in facility_actions.values()} & set(facility_actions)
    assert len(items) == len(facility_actions) - len(continued_here)


def test_trend_tables_say_what_they_compare(client, login):
    previous, _action = _open_action_round()
    first = previous.previous_round
    follow = _follow_up_published(client, login, previous)
    facility_page = client.get(f"/facilities/{follow.facility_id}?lang=en").get_data(as_text=True)
    words = {"2024-H2": "2024, second half", "2025-H2": "2025, second half",
             "2027-H1": "2027, first half"}
    periods = [words[r.period_label] for r in (first, previous, follow) if r is not None]
    assert (
        "Linked rounds of this facility, each the follow-up of the one before: "
        + " → ".join(periods)
        in facility_page
    )
    aimag = client.get("/reports/MN-061?lang=en").get_data(as_text=True)
    assert "Periods of the same aimag (Dornod)" in aimag
    trend = client.get("/reports/MN-061/trend.json").get_json()
    assert trend["meta"]["compares"] == "periods of the same aimag"
