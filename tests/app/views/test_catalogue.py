"""The catalogue pages and services: versions when in use, retiring, refusals that name
the field and store nothing, missing translations shown as such, the seeded sectors."""

from __future__ import annotations

import re

from sqlalchemy import func, select

from app.extensions import db
from app.models import (
    AuditEvent,
    FacilityType,
    Indicator,
    Round,
    Sector,
    Template,
)
from app.services import catalogue as service
from app.services.library import seed_library
from app.services.preparation import propose_indicator

ADMIN, COORDINATOR, FACILITATOR = (
    "admin@egekh.demo", "coordinator@egekh.demo", "facilitator@egekh.demo",
)


def _count(model, *where) -> int:
    return db.session.scalar(select(func.count()).select_from(model).where(*where))


def _english(client, login, email: str) -> None:
    client.get("/lang/en")
    login(email)


def _template(code: str) -> Template:
    return db.session.scalar(select(Template).where(Template.code == code))


def test_child_protection_is_seeded_and_seeding_again_creates_nothing(app):
    sector = db.session.scalar(select(Sector).where(Sector.code == "child_protection"))
    assert sector.name_en == "Child protection and family services"
    types = set(db.session.scalars(select(FacilityType.code).where(FacilityType.sector == sector)))
    assert types == {
        "children_family_department", "child_protection_centre", "multidisciplinary_team"
    }
    indicators = db.session.scalars(select(Indicator).where(Indicator.sector == sector)).all()
    assert len(indicators) >= 12
    assert all(i.text_mn and i.text_en and i.hint_mn and i.hint_en for i in indicators)
    template = _template("child-protection-standard")
    assert [item.indicator.code for item in template.items] == [f"C{n:02d}" for n in range(1, 13)]
    assert {t.code for t in template.facility_types} == types
    assert _template("health-percent-100").scale.code == "zero100"
    assert set(seed_library().values()) == {0}
    assert set(seed_library().values()) == {0}


def test_the_seed_leaves_edited_rows_alone(app):
    indicator = db.session.scalar(select(Indicator).where(Indicator.code == "C03"))
    values = service.IndicatorValues(
        sector=indicator.sector, facility_types=indicator.facility_types,
        text_mn="Хүүхдэд ээлтэй өрөө бий", text_en="",
    )
    saved, new_version = service.update_indicator(indicator, values)
    assert (saved.id, new_version) == (indicator.id, False)  # no round uses C03
    seed_library()
    assert indicator.text_mn == "Хүүхдэд ээлтэй өрөө бий" and indicator.text_en == ""


def test_editing_an_indicator_in_use_makes_a_version_and_rounds_keep_theirs(
    app, client, login
):
    round_ = db.session.scalar(select(Round).where(Round.community_code == "DEMO01"))
    ri = round_.indicators[0]
    old = ri.indicator
    old_text = old.text_en
    template = round_.template
    _english(client, login, COORDINATOR)
    page = client.get(f"/catalogue/indicators/{old.id}").get_data(as_text=True)
    assert "Used by rounds" in page
    response = client.post(
        f"/catalogue/indicators/{old.id}",
        data={
            "sector": old.sector_id,
            "facility_types": [t.id for t in old.facility_types],
            "text_mn": old.text_mn,
            "text_en": old_text + " (revised)",
            "hint_mn": old.hint_mn,
            "hint_en": old.hint_en,
        },
        follow_redirects=True,
    )
    body = response.get_data(as_text=True)
    assert response.status_code == 200
    assert f"a new version ({old.code}-v2) was made" in body
    db.session.expire_all()
    new = db.session.scalar(select(Indicator).where(Indicator.code == f"{old.code}-v2"))
    assert (new.version, new.lineage, new.text_en) == (2, old.code, old_text + " (revised)")
    assert old.superseded_at is not None and old.text_en == old_text
    assert db.session.get(type(ri), ri.id).indicator_id == old.id  # the round keeps it
    # the template the round started with is kept; a new version holds the new indicator
    assert template.superseded_at is not None and round_.template_id == template.id
    current = db.session.scalar(
        select(Template).where(Template.lineage == template.code, Template.version == 2)
    )
    assert new.id in [item.indicator_id for item in current.items]
    assert old.id not in [item.indicator_id for item in current.items]
    assert _count(AuditEvent, AuditEvent.action == "catalogue.indicator_version") == 1
    # a superseded version cannot be edited any more
    response = client.post(
        f"/catalogue/indicators/{old.id}",
        data={"sector": old.sector_id, "text_mn": "x"},
    )
    assert response.status_code == 400
    assert "This is an old version" in response.get_data(as_text=True)


def test_round_creation_offers_only_the_newest_active_version(app, client, login):
    template = _template("education-standard")
    assert service.template_in_use(template)
    new, made = service.update_template(
        template,
        service.TemplateValues(
            name_mn=template.name_mn, name_en="Schools, revised", sector=template.sector,
            facility_types=template.facility_types, scale=template.scale,
        ),
    )
    assert made and new.version == 2 and new.code == "education-standard-v2"
    assert [i.indicator_id for i in new.items] == [i.indicator_id for i in template.items]
    service.set_template_retired(_template("education-rag"), True)
    db.session.commit()
    _english(client, login, FACILITATOR)
    page = client.get("/rounds/new").get_data(as_text=True)
    select_ = re.search(r'<select[^>]*name="template".*?</select>', page, re.S).group(0)
    options = re.findall(r'<option[^>]*value="(\d+)"[^>]*>([^<]*)</option>', select_)
    template_ids = {int(v) for v, _label in options}
    assert new.id in template_ids
    assert template.id not in template_ids
    assert _template("education-rag").id not in template_ids
    assert "Schools, revised (v2)" in page


def test_editing_a_template_not_in_use_changes_it_in_place(app, client, login):
    _english(client, login, COORDINATOR)
    template = _template("child-protection-standard")
    first, second = template.items[0].indicator_id, template.items[1].indicator_id
    response = client.post(
        f"/catalogue/templates/{template.id}/indicators/{second}/move",
        data={"direction": "up"}, follow_redirects=True,
    )
    assert "The order is saved" in response.get_data(as_text=True)
    db.session.expire_all()
    assert [i.indicator_id for i in template.items][:2] == [second, first]
    assert template.version == 1 and template.superseded_at is None
    client.post(f"/catalogue/templates/{template.id}/indicators/{first}/remove")
    db.session.expire_all()
    assert first not in [i.indicator_id for i in template.items]
    assert [i.position for i in template.items] == list(range(1, 12))


def test_retired_indicators_are_not_offered_for_new_templates_or_rounds(app, client, login):
    indicator = db.session.scalar(select(Indicator).where(Indicator.code == "C12"))
    _english(client, login, COORDINATOR)
    client.post(f"/catalogue/indicators/{indicator.id}/retire")
    db.session.expire_all()
    assert indicator.retired_at is not None
    template = service.create_template(
        service.TemplateValues(
            name_mn="Туршилт", name_en="Trial", sector=indicator.sector, facility_types=[],
            scale=_template("child-protection-standard").scale,
        )
    )
    db.session.commit()
    page = client.get(f"/catalogue/templates/{template.id}").get_data(as_text=True)
    assert "C11 —" in page and "C12 —" not in page
    found = service.search_indicators(indicator.sector_id, text="C12")
    assert found == []
    assert service.search_indicators(indicator.sector_id, text="C12", status="retired") == [
        indicator
    ]
    client.post(f"/catalogue/indicators/{indicator.id}/restore")
    db.session.expire_all()
    assert indicator.retired_at is None


def test_bad_input_names_the_field_and_stores_nothing(app, client, login):
    _english(client, login, ADMIN)
    before = (_count(Sector), _count(FacilityType), _count(Indicator), _count(Template))
    events = _count(AuditEvent)
    response = client.post(
        "/catalogue/sectors",
        data={"sector-code": "health", "sector-name_mn": "Давхар", "sector-name_en": "Twice"},
    )
    assert response.status_code == 400
    assert "This code is already used." in response.get_data(as_text=True)
    response = client.post(
        "/catalogue/sectors",
        data={"sector-code": "bad code!", "sector-name_mn": "Муу", "sector-name_en": ""},
    )
    assert response.status_code == 400
    assert "Use letters, digits" in response.get_data(as_text=True)
    response = client.post(
        "/catalogue/facility-types",
        data={"type-code": "x", "type-sector": 9999, "type-name_mn": "Х"},
    )
    assert response.status_code == 400
    health = db.session.scalar(select(Sector).where(Sector.code == "health"))
    school = db.session.scalar(select(FacilityType).where(FacilityType.code == "school"))
    response = client.post(
        "/catalogue/indicators/new",
        data={"sector": health.id, "facility_types": [school.id], "text_mn": "Шинэ"},
    )
    assert response.status_code == 400
    assert "Choose facility types of the chosen sector only." in response.get_data(as_text=True)
    h01 = db.session.scalar(select(Indicator).where(Indicator.code == "H01"))
    response = client.post(
        "/catalogue/indicators/new",
        data={"sector": health.id, "text_mn": h01.text_mn},
    )
    assert "The library already has an indicator with this text (H01)." in (
        response.get_data(as_text=True)
    )
    response = client.post(
        "/catalogue/templates/new",
        data={"code": "mine-v2", "name_mn": "Миний", "sector": health.id,
              "scale": _template("health-standard").scale_id},
    )
    assert "Codes ending in -v and a number are kept for versions." in (
        response.get_data(as_text=True)
    )
    db.session.rollback()
    assert (_count(Sector), _count(FacilityType), _count(Indicator), _count(Template)) == before
    assert _count(AuditEvent) == events


def test_a_missing_translation_is_shown_as_such(app, client, login):
    health = db.session.scalar(select(Sector).where(Sector.code == "health"))
    indicator = service.create_indicator(
        service.IndicatorValues(sector=health, facility_types=[], text_mn="Зөвхөн монгол",
                                text_en="")
    )
    db.session.commit()
    assert re.fullmatch(r"H\d\d", indicator.code) and int(indicator.code[1:]) > 12
    _english(client, login, COORDINATOR)
    page = client.get("/catalogue/indicators?q=Зөвхөн").get_data(as_text=True)
    row = re.search(rf'<tr id="indicator-{indicator.id}">(.*?)</tr>', page, re.S).group(1)
    cells = re.findall(r"<td[^>]*>(.*?)</td>", row, re.S)
    assert "Зөвхөн монгол" in cells[1]
    assert "not translated" in cells[2] and "Зөвхөн" not in cells[2]


def test_promoting_a_proposed_indicator_and_who_may_use_the_catalogue(app, client, login):
    round_ = db.session.scalar(select(Round).where(Round.community_code == "DEMO01"))
    standard = round_.indicators[0]
    login(FACILITATOR)
    assert client.get("/catalogue/indicators").status_code == 403
    assert client.post(
        f"/catalogue/rounds/{round_.id}/indicators/{standard.id}/promote"
    ).status_code == 403
    client.post("/auth/logout")
    _english(client, login, COORDINATOR)
    assert client.get("/catalogue/sectors").status_code == 403
    response = client.post(
        f"/catalogue/rounds/{round_.id}/indicators/{standard.id}/promote", follow_redirects=True
    )
    assert "Only indicators proposed in a round can be promoted." in response.get_data(
        as_text=True
    )
    proposed = propose_indicator(
        round_, "Малчдад зориулсан цаг", "Hours for herders", "community", round_.groups[:1]
    )
    db.session.commit()
    page = client.get(f"/rounds/{round_.id}/indicators").get_data(as_text=True)
    assert "Add to the library" in page
    response = client.post(
        f"/catalogue/rounds/{round_.id}/indicators/{proposed.id}/promote", follow_redirects=True
    )
    assert "is now in the library" in response.get_data(as_text=True)
    db.session.expire_all()
    assert proposed.indicator.in_library
    found = service.search_indicators(text=proposed.indicator.text_mn)
    assert proposed.indicator in found
    assert _count(AuditEvent, AuditEvent.action == "catalogue.indicator_promote") == 1
