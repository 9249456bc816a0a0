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

    def make(facilitator, facility=None, period: str = "2026-H1", template_code: str | None = None):
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
        db.session.commit()
        return round_

    return make


@pytest.fixture
def sign_in():
    """``sign_in(client, user)``: sign a factory-made account in through the page."""

    def do(client, user):
        response = client.post("/auth/login", data={"email": user.email, "password": PASSWORD})
        assert response.status_code == 302, "sign-in failed"
        return response

    return do
