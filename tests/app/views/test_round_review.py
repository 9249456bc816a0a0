"""Review of a round through its pages: the phase stepper, sending back with a comment,
confirmed publication and unlocking, and editing or withdrawing actions before
publication (on a database without the demo)."""

from __future__ import annotations

import re
import uuid

import pytest
from sqlalchemy import func, select

from app.extensions import db
from app.models import Action, ActionUpdate, AuditEvent, ConsensusScore, Round
from scorecards.lifecycle import Phase


@pytest.fixture
def people(create_user, create_organisation):
    organisation = create_organisation()
    return {
        "facilitator": create_user("facilitator", ["MN-061"], organisation=organisation),
        "coordinator": create_user("coordinator", ["MN-061"], organisation=organisation),
    }


@pytest.fixture
def make_round(people, create_round):
    """A round of the facilitator's organisation in ``phase``, with one consensus score
    (so it can be published) and one action."""
    from app.services.action_plan import ActionInput, add_action

    def make(phase: Phase = Phase.REVIEW, scored: bool = True):
        round_ = create_round(people["facilitator"])
        group = next(g for g in round_.groups if g.side == "community")
        if scored:
            db.session.add(
                ConsensusScore(
                    round_id=round_.id,
                    group_id=group.id,
                    round_indicator_id=round_.indicators[0].id,
                    value=4,
                )
            )
        add_action(
            round_,
            ActionInput(
                subject=f"ri-{round_.indicators[0].id}",
                description="Ариун цэврийн өрөөг засах",
                responsible="provider",
            ),
        )
        round_.state = phase
        db.session.commit()
        return round_

    return make


def _text(response) -> str:
    return response.get_data(as_text=True)


def _state(round_id: int) -> str:
    db.session.expire_all()
    return db.session.get(Round, round_id).state


def test_every_round_page_shows_the_stepper_with_the_current_phase_and_its_blocker(
    base_app, people, create_round, sign_in
):
    round_ = create_round(people["facilitator"])
    round_.state = Phase.COMMUNITY_SCORING
    db.session.commit()
    client = base_app.test_client()
    sign_in(client, people["facilitator"])
    for path in ("", "/indicators", "/groups", "/inputs", "/tallies", "/actions", "/meeting"):
        page = _text(client.get(f"/rounds/{round_.id}{path}"))
        steps = re.findall(r'<li class="step step-(done|current|upcoming)"', page)
        assert steps == ["done", "done", "current"] + ["upcoming"] * 4, path
        assert 'aria-current="step"' in page
        assert "Үе шат 3/7: Иргэдийн үнэлгээ." in page
        # What blocks the next step, in words: no community scores yet.
        assert "Иргэдийн оноо хараахан оруулаагүй байна." in page, path
    # The current phase's pages first; every page grouped under its phase one tap away.
    page = _text(client.get(f"/rounds/{round_.id}"))
    current = page.split('<ul class="step-pages"', 1)[1].split("</ul>", 1)[0]
    assert f"/rounds/{round_.id}/paper" in current and f"/rounds/{round_.id}/actions" not in current
    groups = page.split('<details class="all-pages">', 1)[1].split("</details>", 1)[0]
    assert groups.count('<section class="page-group') == 7
    assert groups.count("<a href=") == 17


def test_coordinator_sends_back_with_a_comment_the_facilitator_sees_until_resolved(
    base_app, people, make_round, sign_in
):
    round_ = make_round(Phase.REVIEW)
    coordinator = base_app.test_client()
    sign_in(coordinator, people["coordinator"])
    comment = "Хоёрдугаар бүлгийн зөвшилцлийн шалтгааныг бичээгүй байна."
    response = coordinator.post(f"/rounds/{round_.id}/send-back", data={"comment": comment})
    assert response.status_code == 302
    assert _state(round_.id) == Phase.ACTION_PLAN
    event = db.session.scalar(
        select(AuditEvent).where(AuditEvent.action == "round.sent_back")
    )
    assert event.entity_id == round_.id and event.after["comment"] == comment

    facilitator = base_app.test_client()
    sign_in(facilitator, people["facilitator"])
    for path in ("", "/actions", "/indicators"):
        assert comment in _text(facilitator.get(f"/rounds/{round_.id}{path}"))
    # Handing the round in for review again resolves the comment.
    facilitator.post(f"/rounds/{round_.id}/move", data={"target": "review"})
    assert _state(round_.id) == Phase.REVIEW
    assert comment not in _text(facilitator.get(f"/rounds/{round_.id}"))


def test_facilitator_marks_the_comment_resolved(base_app, people, make_round, sign_in):
    round_ = make_round(Phase.REVIEW)
    coordinator = base_app.test_client()
    sign_in(coordinator, people["coordinator"])
    coordinator.post(f"/rounds/{round_.id}/send-back", data={"comment": "Шалтгааныг нэм"})
    facilitator = base_app.test_client()
    sign_in(facilitator, people["facilitator"])
    page = _text(facilitator.get(f"/rounds/{round_.id}"))
    note_id = re.search(r"/send-back/(\d+)/resolve", page).group(1)
    facilitator.post(f"/rounds/{round_.id}/send-back/{note_id}/resolve")
    assert "Шалтгааныг нэм" not in _text(facilitator.get(f"/rounds/{round_.id}"))
    assert _state(round_.id) == Phase.ACTION_PLAN  # resolving does not move the round


def test_send_back_needs_a_comment_and_a_coordinator(base_app, people, make_round, sign_in):
    round_ = make_round(Phase.REVIEW)
    facilitator = base_app.test_client()
    sign_in(facilitator, people["facilitator"])
    assert facilitator.post(
        f"/rounds/{round_.id}/send-back", data={"comment": "x"}
    ).status_code == 403
    coordinator = base_app.test_client()
    sign_in(coordinator, people["coordinator"])
    response = coordinator.post(f"/rounds/{round_.id}/send-back", data={"comment": "  "})
    assert response.status_code == 400
    assert "Юуг засах ёстойг бичнэ үү." in _text(response)
    assert _state(round_.id) == Phase.REVIEW


def test_publication_and_unlocking_need_the_confirmation(base_app, people, make_round, sign_in):
    round_ = make_round(Phase.REVIEW)
    coordinator = base_app.test_client()
    sign_in(coordinator, people["coordinator"])
    response = coordinator.post(f"/rounds/{round_.id}/publish")
    assert response.status_code == 400
    assert "Нийтлэхийг баталгаажуулахын тулд нүдийг чагтална уу." in _text(response)
    assert _state(round_.id) == Phase.REVIEW
    # Moving straight to published by the phase form is not a way around it.
    coordinator.post(f"/rounds/{round_.id}/move", data={"target": "published"})
    assert _state(round_.id) == Phase.REVIEW
    assert coordinator.post(
        f"/rounds/{round_.id}/publish", data={"confirm": "y"}
    ).status_code == 302
    assert _state(round_.id) == Phase.PUBLISHED

    response = coordinator.post(f"/rounds/{round_.id}/unlock", data={"reason": "Алдаа"})
    assert response.status_code == 400
    assert "Түгжээг тайлахыг баталгаажуулахын тулд нүдийг чагтална уу." in _text(response)
    assert _state(round_.id) == Phase.PUBLISHED
    coordinator.post(f"/rounds/{round_.id}/unlock", data={"reason": "Алдаа", "confirm": "y"})
    assert _state(round_.id) == Phase.REVIEW


def test_action_is_edited_with_an_audit_of_what_changed(base_app, people, make_round, sign_in):
    round_ = make_round(Phase.ACTION_PLAN)
    action = db.session.scalar(select(Action).where(Action.round_id == round_.id))
    client = base_app.test_client()
    sign_in(client, people["facilitator"])
    prefix = f"e{action.id}-"
    response = client.post(
        f"/rounds/{round_.id}/actions/{action.id}/edit",
        data={
            prefix + "subject": f"ri-{round_.indicators[0].id}",
            prefix + "description": "Ариун цэврийн өрөөг 9-р сар гэхэд засах",
            prefix + "responsible": "soum_governor",
            prefix + "due_date": "2026-09-30",
        },
    )
    assert response.status_code == 302
    page = _text(client.get(f"/rounds/{round_.id}/actions"))
    assert "Ариун цэврийн өрөөг 9-р сар гэхэд засах" in page
    event = db.session.scalar(select(AuditEvent).where(AuditEvent.action == "action.edit"))
    assert event.before == {
        "description": "Ариун цэврийн өрөөг засах",
        "responsible": "provider",
        "due_date": None,
    }
    assert event.after["due_date"] == "2026-09-30"


def test_withdrawn_action_is_neither_shown_publicly_nor_printed(
    base_app, people, make_round, sign_in
):
    from app.services.action_plan import ActionInput, add_action

    round_ = make_round(Phase.REVIEW)
    action = db.session.scalar(select(Action).where(Action.round_id == round_.id))
    kept = "Номын санд ном нэмэх"
    add_action(round_, ActionInput(f"ri-{round_.indicators[1].id}", kept, "ngo"))
    db.session.commit()
    client = base_app.test_client()
    sign_in(client, people["facilitator"])
    response = client.post(
        f"/rounds/{round_.id}/actions/{action.id}/withdraw", data={f"w{action.id}-reason": ""}
    )
    assert response.status_code == 400  # a reason is needed
    client.post(
        f"/rounds/{round_.id}/actions/{action.id}/withdraw",
        data={f"w{action.id}-reason": "Давхардсан"},
    )
    printed = _text(client.get(f"/rounds/{round_.id}/actions/print"))
    assert "Ариун цэврийн өрөөг засах" not in printed and kept in printed
    coordinator = base_app.test_client()
    sign_in(coordinator, people["coordinator"])
    coordinator.post(f"/rounds/{round_.id}/publish", data={"confirm": "y"})
    assert _state(round_.id) == Phase.PUBLISHED
    public = base_app.test_client()
    report = _text(public.get("/reports/MN-061"))
    assert "Ариун цэврийн өрөөг засах" not in report and kept in report
    facility = _text(public.get(f"/facilities/{round_.facility_id}"))
    assert "Ариун цэврийн өрөөг засах" not in facility and kept in facility
    event = db.session.scalar(select(AuditEvent).where(AuditEvent.action == "action.withdraw"))
    assert event.entity_id == action.id and event.note == "Давхардсан"


def test_published_round_actions_cannot_be_edited(base_app, people, make_round, sign_in):
    round_ = make_round(Phase.PUBLISHED)
    action = db.session.scalar(select(Action).where(Action.round_id == round_.id))
    client = base_app.test_client()
    sign_in(client, people["facilitator"])
    client.post(
        f"/rounds/{round_.id}/actions/{action.id}/withdraw", data={f"w{action.id}-reason": "x"}
    )
    db.session.expire_all()
    assert db.session.get(Action, action.id).withdrawn_at is None


def test_empty_progress_update_is_refused_and_a_repeated_send_is_stored_once(
    base_app, people, make_round, sign_in
):
    round_ = make_round(Phase.ACTION_PLAN)
    action = db.session.scalar(select(Action).where(Action.round_id == round_.id))
    client = base_app.test_client()
    sign_in(client, people["facilitator"])
    url = f"/rounds/{round_.id}/actions/{action.id}/update"
    p = f"u{action.id}-"
    response = client.post(url, data={p + "on_date": "2026-05-01", p + "status": "planned"})
    assert response.status_code == 400
    assert "Мэдээ хоосон байна" in _text(response)
    count = select(func.count()).select_from(ActionUpdate)
    assert db.session.scalar(count) == 0

    send = {
        p + "on_date": "2026-05-02",
        p + "status": "in_progress",
        p + "note": "Засвар эхэлсэн",
        "client_uuid": str(uuid.uuid4()),
    }
    assert client.post(url, data=send).status_code == 302
    assert client.post(url, data=send).status_code == 302  # the network retried it
    assert db.session.scalar(count) == 1
    page = _text(client.get(f"/rounds/{round_.id}/actions"))
    assert page.count("Засвар эхэлсэн") == 1
