"""Small factories for web tests that need only a few rows, on a database without the demo.

One fixture per model, in the style of Indico's test fixtures: each returns a
function that creates one row with sensible defaults and returns it, flushed. A test
asks for what it needs (``create_user(role="facilitator", areas=["MN-061"])``) and
does not depend on the demo's accounts, codes or aimags. Registered as a pytest
plugin in ``tests/conftest.py``; all of them work on the ``base_app`` fixture.
"""

from __future__ import annotations

import itertools
from datetime import date

import pytest
from sqlalchemy import select

PASSWORD = "factory-pass-7391"
_numbers = itertools.count(1)


def _unique(prefix: str) -> str:
    return f"{prefix}{next(_numbers)}"


@pytest.fixture
def create_organisation(base_app):
    """``create_organisation(name=…, kind="ngo")``: an organisation."""
    from app.extensions import db
    from app.models import Organisation

    def create(name: str | None = None, kind: str = "ngo"):
        name = name or _unique("Байгууллага ")
        organisation = Organisation(name_mn=name, name_en=name, kind=kind)
        db.session.add(organisation)
        db.session.flush()
        return organisation

    return create


@pytest.fixture
def create_user(base_app, create_organisation):
    """``create_user(role="facilitator", areas=["MN-061"], organisation=None)``: an
    active account with the password ``PASSWORD``; staff roles other than
    administrator and official get an organisation of their own unless one is given."""
    from app.extensions import db
    from app.models import Area
    from app.services.accounts import create_user as create_account

    def create(
        role: str = "facilitator",
        areas: tuple[str, ...] | list[str] = (),
        organisation=None,
        email: str | None = None,
        name: str | None = None,
    ):
        if organisation is None and role in ("coordinator", "facilitator", "provider"):
            organisation = create_organisation()
        scoped = list(db.session.scalars(select(Area).where(Area.code.in_(list(areas)))))
        user = create_account(
            email or f"{_unique(role)}@example.org",
            PASSWORD,
            role,
            name or _unique("Хэрэглэгч "),
            organisation=organisation,
            areas=scoped,
        )
        db.session.commit()
        return user

    return create


@pytest.fixture
def create_facility(base_app):
    """``create_facility(soum_of="MN-061", type_code="school")``: a facility in the first
    soum of that aimag."""
    from app.extensions import db
    from app.models import Area, Facility, FacilityType

    def create(soum_of: str = "MN-061", type_code: str = "school", name: str | None = None):
        aimag = db.session.scalar(select(Area).where(Area.code == soum_of))
        soum = db.session.scalars(
            select(Area).where(Area.parent_id == aimag.id).order_by(Area.code)
        ).first()
        facility_type = db.session.scalar(
            select(FacilityType).where(FacilityType.code == type_code)
        )
        name = name or _unique("Сургууль ")
        facility = Facility(name_mn=name, name_en=name, facility_type=facility_type, area=soum)
        db.session.add(facility)
        db.session.commit()
        return facility

    return create


@pytest.fixture
def create_round(base_app, create_facility):
    """``create_round(facilitator, facility=None, period="2026-H1")``: a round in
    preparation made by the preparation service, with the template's indicators and
    one community group and one provider group."""
    from app.extensions import db
    from app.models import Template
    from app.services.preparation import GroupPlan, RoundPlan
    from app.services.preparation import create_round as create

    def make(
        facilitator,
        facility=None,
        period: str = "2026-H1",
        template_code: str | None = None,
        phase=None,
    ):
        facility = facility or create_facility()
        sector = facility.facility_type.sector.code
        template = db.session.scalar(
            select(Template).where(Template.code == (template_code or f"{sector}-standard"))
        )
        plan = RoundPlan(
            facility=facility,
            template=template,
            period_label=period,
            period_start=date(2026, 1, 1),
            period_end=date(2026, 6, 30),
            facilitators=[facilitator],
            groups=[
                GroupPlan(kind="parents", label="Эцэг эх", expected_size=10),
                GroupPlan(kind="providers", label="Багш нар", expected_size=5, side="provider"),
            ],
        )
        round_ = create(facilitator, plan)
        if phase is not None:
            round_.state = phase
            collecting = str(phase) in ("community_scoring", "self_assessment")
            round_.community_open = round_.provider_open = collecting
        db.session.commit()
        return round_

    return make


@pytest.fixture
def create_staff(create_user, create_organisation):
    """``create_staff(areas=("MN-061",))``: a dict of the people of one organisation
    working in those aimags — ``facilitator``, ``coordinator`` and ``provider`` —, plus
    an ``admin`` and an ``official`` of the same aimags and the ``organisation``."""

    def create(areas: tuple[str, ...] | list[str] = ("MN-061",)):
        organisation = create_organisation()
        people = {
            role: create_user(role, areas, organisation=organisation)
            for role in ("facilitator", "coordinator", "provider")
        }
        people["admin"] = create_user("admin")
        people["official"] = create_user("official", areas)
        people["organisation"] = organisation
        return people

    return create


@pytest.fixture
def create_response(base_app):
    """``create_response(round_, side="community", value=4, comment="", **demographics)``:
    one respondent's answers to every indicator asked of that side, stored as a phone
    send is (the round's collection for the side must be open); returns the ``Response``."""
    import uuid

    from app.extensions import db
    from app.models import Response
    from app.services.submissions import Submission, find_target, store_submission

    def create(
        round_,
        side: str = "community",
        value: float | None = 4,
        comment: str = "",
        group=None,
        **demographics,
    ):
        code = round_.community_code if side == "community" else round_.provider_code
        target = find_target(code)
        group = group or next(g for g in round_.groups if g.side == side)
        submission = Submission(
            uuid=str(uuid.uuid4()),
            group_id=group.id,
            answers={ri_id: (value, None, "") for ri_id in target.indicator_ids},
            comment=comment,
            **demographics,
        )
        stored = store_submission(target, submission)
        db.session.commit()
        return db.session.get(Response, stored.response_id)

    return create


@pytest.fixture
def create_meeting(base_app):
    """``create_meeting(round_)``: the interface meeting of a round, held on 1 June 2026."""
    from app.extensions import db
    from app.models import InterfaceMeeting

    def create(round_, place: str = "Сумын соёлын төв"):
        meeting = InterfaceMeeting(
            round=round_,
            held_on=date(2026, 6, 1),
            place=place,
            community_female=6,
            community_male=4,
            provider_female=3,
            provider_male=2,
        )
        db.session.add(meeting)
        db.session.commit()
        return meeting

    return create


@pytest.fixture
def create_input_item(base_app):
    """``create_input_item(round_, item="Ширээ", norm=30, actual=24, unit="ш")``: a line
    of the round's input tracking sheet, after its other lines."""
    from decimal import Decimal

    from app.extensions import db
    from app.models import InputItem

    def create(round_, item: str | None = None, norm=30, actual=24, unit: str = "ш"):
        line = InputItem(
            round_id=round_.id,
            position=len(round_.input_items) + 1,
            item=item or _unique("Хэрэгсэл "),
            norm=None if norm is None else Decimal(str(norm)),
            actual=None if actual is None else Decimal(str(actual)),
            unit=unit,
        )
        db.session.add(line)
        db.session.commit()
        db.session.refresh(round_)
        return line

    return create


@pytest.fixture
def create_action(base_app):
    """``create_action(round_, description=…, status="planned")``: an action of the
    round's plan on its first indicator, added by the action-plan service (the round
    must not be published yet), then given ``status``."""
    from app.extensions import db
    from app.services.action_plan import ActionInput, add_action

    def create(round_, description: str | None = None, status: str = "planned"):
        action = add_action(
            round_,
            ActionInput(
                subject=f"ri-{round_.indicators[0].id}",
                description=description or _unique("Арга хэмжээ "),
                responsible="provider",
            ),
        )
        action.status = status
        db.session.commit()
        return action

    return create


@pytest.fixture
def open_round(create_user, create_round):
    """A round collecting answers on both sides (its join codes work), made by a
    facilitator of a new organisation in Dornod (MN-061), period 2026-H2: what a citizen
    needs, without the demo's DEMO01."""
    from scorecards.lifecycle import Phase

    facilitator = create_user("facilitator", ["MN-061"])
    return create_round(facilitator, period="2026-H2", phase=Phase.COMMUNITY_SCORING)


@pytest.fixture
def sign_in():
    """``sign_in(client, user)``: sign a factory-made account in through the page."""

    def do(client, user):
        response = client.post("/auth/login", data={"email": user.email, "password": PASSWORD})
        assert response.status_code == 302, "sign-in failed"
        return response

    return do
