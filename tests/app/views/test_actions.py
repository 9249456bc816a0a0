"""The joint action plan: adding actions, status moves, updates, overdue, printing
(factory-made organisations and rounds, on a database without the demo)."""

from __future__ import annotations

from datetime import date, timedelta

from sqlalchemy import select

from app.extensions import db
from app.models import Action, ActionUpdate
from scorecards.lifecycle import Phase


def _add(client, round_, subject, **extra):
    data = {
        "new-subject": subject,
        "new-description": "Эмчийн хуваарь байршуулах",
        "new-responsible": "provider",
        "new-due_date": "2026-12-01",
    }
    data.update(extra)
    return client.post(f"/rounds/{round_.id}/actions", data=data)


def test_action_tied_to_indicator_or_input_gap(east, staff_client, make_round, create_input_item):
    client = staff_client(east["facilitator"])
    round_ = make_round()
    create_input_item(round_)
    ri = round_.indicators[0]
    assert _add(client, round_, f"ri-{ri.id}").status_code == 302
    item = round_.input_items[0]
    assert _add(client, round_, f"in-{item.id}").status_code == 302
    actions = db.session.scalars(select(Action).where(Action.round_id == round_.id)).all()
    assert {(a.round_indicator_id, a.input_item_id) for a in actions} == {
        (ri.id, None),
        (None, item.id),
    }


def test_action_needs_what_and_a_known_subject(east, staff_client, make_round):
    client = staff_client(east["facilitator"])
    round_ = make_round()
    assert _add(client, round_, "ri-999999").status_code == 400
    assert (
        _add(client, round_, f"ri-{round_.indicators[0].id}", **{"new-description": ""}).status_code
        == 400
    )
    assert db.session.scalar(select(Action).where(Action.round_id == round_.id)) is None


def test_status_moves_follow_the_rules_with_dated_updates(east, staff_client, make_round):
    client = staff_client(east["facilitator"])
    round_ = make_round()
    _add(client, round_, f"ri-{round_.indicators[0].id}")
    action = db.session.scalar(select(Action).where(Action.round_id == round_.id))
    url = f"/rounds/{round_.id}/actions/{action.id}/update"
    p = f"u{action.id}-"
    assert (
        client.post(
            url, data={p + "on_date": "2026-11-01", p + "status": "done", p + "note": "Хийгдсэн"}
        ).status_code
        == 302
    )
    db.session.expire_all()
    action = db.session.get(Action, action.id)
    assert action.status == "done" and action.completed_on == date(2026, 11, 1)
    # done -> dropped is not an allowed move: refused with the reason, nothing changes
    response = client.post(url, data={p + "on_date": "2026-11-02", p + "status": "dropped"})
    assert response.status_code == 400
    db.session.expire_all()
    assert db.session.get(Action, action.id).status == "done"
    assert (
        len(
            db.session.scalars(
                select(ActionUpdate).where(ActionUpdate.action_id == action.id)
            ).all()
        )
        == 1
    )


def test_overdue_actions_stand_out_on_the_plan_and_the_print(east, staff_client, make_round):
    client = staff_client(east["facilitator"])
    round_ = make_round()
    late = (date.today() - timedelta(days=3)).isoformat()
    _add(client, round_, f"ri-{round_.indicators[0].id}", **{"new-due_date": late})
    page = client.get(f"/rounds/{round_.id}/actions").get_data(as_text=True)
    assert 'class="action overdue"' in page
    printed = client.get(f"/rounds/{round_.id}/actions/print").get_data(as_text=True)
    assert 'class="overdue"' in printed


def test_actions_of_published_round_are_locked(
    east, staff_client, make_round, create_action, move_to
):
    client = staff_client(east["facilitator"])
    round_ = make_round(Phase.ACTION_PLAN, answered=1)
    create_action(round_)
    move_to(round_, Phase.PUBLISHED)
    count = len(db.session.scalars(select(Action).where(Action.round_id == round_.id)).all())
    assert count == 1
    _add(client, round_, f"ri-{round_.indicators[0].id}")
    db.session.expire_all()
    assert (
        len(db.session.scalars(select(Action).where(Action.round_id == round_.id)).all()) == count
    )


def test_other_organisation_cannot_see_or_change_the_plan(west, staff_client, make_round):
    client = staff_client(west["facilitator"])
    round_ = make_round()
    assert client.get(f"/rounds/{round_.id}/actions").status_code == 404
    assert client.get(f"/rounds/{round_.id}/actions/print").status_code == 404
    assert _add(client, round_, f"ri-{round_.indicators[0].id}").status_code == 404
