"""An official's inbox: the actions of their aimag to answer, overdue first, filters,
their office remembered, and their answers' history (on a database without the demo)."""

from __future__ import annotations

import re
from datetime import date, timedelta

import pytest
from sqlalchemy import func, select

from app.extensions import db
from app.models import Action, Area, ConsensusScore, Facility, FacilityType, OfficialResponse
from app.services.action_plan import ActionInput, add_action
from scorecards.lifecycle import Phase

TODAY = date.today()


@pytest.fixture
def world(create_user, create_organisation, create_round, create_facility):
    """Dornod: two facilities in two soums, rounds with actions; an action in Khovd."""
    organisation = create_organisation()
    facilitator = create_user("facilitator", ["MN-061", "MN-043"], organisation=organisation)
    official = create_user("official", ["MN-061"])
    school = create_facility("MN-061", name="Хэрлэн сургууль")
    bayandun = db.session.scalar(select(Area).where(Area.code == "2104"))
    clinic = Facility(
        name_mn="Баяндун эмнэлэг",
        name_en="Bayandun clinic",
        facility_type=db.session.scalar(select(FacilityType).where(FacilityType.code == "school")),
        area=bayandun,
    )
    db.session.add(clinic)
    db.session.commit()

    def plan(facility, phase, actions):
        round_ = create_round(facilitator, facility=facility)
        for description, due in actions:
            add_action(
                round_,
                ActionInput(
                    subject=f"ri-{round_.indicators[0].id}",
                    description=description,
                    responsible="soum_governor",
                    due_date=due,
                ),
            )
        if phase is Phase.PUBLISHED:  # through the publication service, as people do
            from app.services.rounds import publish

            group = next(g for g in round_.groups if g.side == "community")
            db.session.add(ConsensusScore(round_id=round_.id, group_id=group.id,
                                          round_indicator_id=round_.indicators[0].id, value=4))
            round_.state = Phase.REVIEW
            db.session.flush()
            publish(round_)
        else:
            round_.state = phase
        db.session.commit()
        return round_

    plan(school, Phase.PUBLISHED, [
        ("Later action", TODAY + timedelta(days=30)),
        ("Overdue action", TODAY - timedelta(days=3)),
    ])
    plan(clinic, Phase.ACTION_PLAN, [("Clinic action", TODAY + timedelta(days=5))])
    plan(create_facility("MN-061"), Phase.PREPARATION, [("Not agreed yet", None)])
    plan(create_facility("MN-043"), Phase.PUBLISHED, [("Khovd action", None)])
    withdrawn = plan(create_facility("MN-061"), Phase.REVIEW, [("Withdrawn action", None)])
    from app.services.action_plan import withdraw_action

    withdraw_action(withdrawn_action := withdrawn_action_of(withdrawn), "Давхардсан")
    db.session.commit()
    return {"official": official, "facilitator": facilitator, "bayandun": bayandun,
            "clinic": clinic, "withdrawn": withdrawn_action}


def withdrawn_action_of(round_):
    return db.session.scalar(select(Action).where(Action.round_id == round_.id))


def _titles(page: str) -> list[str]:
    listed = page.split('<ul class="inbox">', 1)[1].split('<section id="history">', 1)[0]
    return re.findall(r"<h2>([^<]+)</h2>", listed)


def _office_prefilled(page: str, action_id: int) -> str:
    tag = re.search(rf'<input[^>]*name="a{action_id}-office"[^>]*>', page).group(0)
    return re.search(r'value="([^"]*)"', tag).group(1)


def _action_id(description: str) -> int:
    return db.session.scalar(select(Action.id).where(Action.description == description))


def test_inbox_lists_the_aimags_agreed_actions_overdue_first(base_app, world, sign_in):
    client = base_app.test_client()
    sign_in(client, world["official"])
    page = client.get("/inbox/").get_data(as_text=True)
    assert _titles(page) == ["Overdue action", "Clinic action", "Later action"]
    assert "Хугацаа хэтэрсэн" in page.split("Overdue action", 1)[1].split("</li>", 1)[0]
    for hidden in ("Khovd action", "Not agreed yet", "Withdrawn action"):
        assert hidden not in page


def test_inbox_filters(base_app, world, sign_in):
    client = base_app.test_client()
    sign_in(client, world["official"])
    page = client.get("/inbox/?overdue=y").get_data(as_text=True)
    assert _titles(page) == ["Overdue action"]
    page = client.get(f"/inbox/?soum={world['bayandun'].id}").get_data(as_text=True)
    assert _titles(page) == ["Clinic action"]
    page = client.get(f"/inbox/?facility={world['clinic'].id}").get_data(as_text=True)
    assert _titles(page) == ["Clinic action"]
    action = db.session.get(Action, _action_id("Later action"))
    action.status = "done"
    db.session.commit()
    assert "Later action" not in _titles(client.get("/inbox/").get_data(as_text=True))
    page = client.get("/inbox/?status=done").get_data(as_text=True)
    assert _titles(page) == ["Later action"]


def test_answer_remembers_the_office_and_shows_in_the_history(base_app, world, sign_in):
    client = base_app.test_client()
    sign_in(client, world["official"])
    action_id = _action_id("Overdue action")
    prefix = f"a{action_id}-"
    page = client.get("/inbox/").get_data(as_text=True)
    assert _office_prefilled(page, action_id) == ""
    response = client.post(
        f"/inbox/actions/{action_id}/answer",
        data={prefix + "office": "Дорнод аймгийн Боловсролын газар",
              prefix + "body": "Төсөвт тусгана.", prefix + "commitment_date": "2026-12-20"},
    )
    assert response.status_code == 302
    page = client.get("/inbox/").get_data(as_text=True)
    other = _action_id("Clinic action")
    assert _office_prefilled(page, other) == "Дорнод аймгийн Боловсролын газар"
    history = page.split('id="history"', 1)[1]
    assert "Төсөвт тусгана." in history and "Overdue action" in history
    report = base_app.test_client().get("/reports/MN-061").get_data(as_text=True)
    assert "Төсөвт тусгана." in report


def test_bad_answers_change_nothing(base_app, world, sign_in, create_user):
    client = base_app.test_client()
    sign_in(client, world["official"])
    action_id = _action_id("Overdue action")
    response = client.post(
        f"/inbox/actions/{action_id}/answer", data={f"a{action_id}-office": "Газар"}
    )
    assert response.status_code == 400
    assert "Алба юу хийхийг бичнэ үү." in response.get_data(as_text=True)  # next to the field
    for description in ("Khovd action", "Withdrawn action", "Not agreed yet"):
        other = _action_id(description)
        response = client.post(
            f"/inbox/actions/{other}/answer",
            data={f"a{other}-office": "Газар", f"a{other}-body": "Хариу"},
        )
        assert response.status_code == 404, description
    assert db.session.scalar(select(func.count()).select_from(OfficialResponse)) == 0
    facilitator = base_app.test_client()
    sign_in(facilitator, world["facilitator"])
    assert facilitator.get("/inbox/").status_code == 403
