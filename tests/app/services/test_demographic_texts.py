"""Demographic answers, sector and facility-type names and input-tracking suggestions
in every offered language: stored per language, seeded with Mongolian, English and
Kazakh, edited on the catalogue pages, and read through one function by the citizen
form, the paper-form and answer pages, imports and the XLSForm."""

from __future__ import annotations

import pytest
from sqlalchemy import func, select

from app.extensions import db
from app.models import AuditEvent, DemographicOption, Sector, TextTranslation
from app.services import import_values, inputs, openrosa
from app.services.library import seed_library
from app.services.texts import (
    demographic_choices,
    demographic_label,
    demographic_options,
    set_demographic_label,
    set_text,
)
from scorecards.lifecycle import Phase
from scorecards.vocab import AgeBand, Disability, Gender
from tests.support.factories import PASSWORD

KINDS = {"gender": Gender, "age_band": AgeBand, "disability": Disability}
# Texts from the catalogs before this change (the phone form's wording): what the
# seeded labels must say, so pages read as they did.
FEMALE = {"mn": "Эмэгтэй", "en": "Female", "kk": "Әйел"}
OLDER_KK = {"mn": "60 ба түүнээс дээш", "en": "60 or older", "kk": "60 және одан жоғары"}
NEW_FEMALE_KK = "Әйел адам"


def _option(kind: str, code: str) -> DemographicOption:
    return db.session.scalar(
        select(DemographicOption).where(
            DemographicOption.kind == kind, DemographicOption.code == code
        )
    )


def _labels(option: DemographicOption) -> dict[str, str]:
    rows = db.session.scalars(
        select(TextTranslation).where(
            TextTranslation.entity == "demographic_option",
            TextTranslation.entity_id == option.id,
        )
    )
    return {row.language: row.text for row in rows}


@pytest.fixture
def open_round(create_user, create_facility, create_round):
    """A school round in Bayan-Ölgii collecting community scorecards."""
    facilitator = create_user("facilitator", areas=["MN-071"])
    round_ = create_round(facilitator, facility=create_facility(soum_of="MN-071"))
    round_.state = Phase.COMMUNITY_SCORING
    round_.community_open = round_.provider_open = True
    db.session.commit()
    return facilitator, round_


# ------------------------------------------------------------------------ seeding


def test_every_answer_is_seeded_in_mongolian_english_and_kazakh(base_app):
    options = demographic_options()
    assert {(o.kind, o.code) for o in options} == {
        (kind, member.value) for kind, enum in KINDS.items() for member in enum
    }
    for option in options:
        labels = _labels(option)
        assert set(labels) == {"mn", "en", "kk"}, (option.kind, option.code, labels)
        assert all(text.strip() for text in labels.values())
    assert _labels(_option("gender", "female")) == FEMALE
    assert _labels(_option("age_band", "60_plus")) == OLDER_KK


def test_seeding_again_adds_nothing_and_keeps_an_edited_label(base_app):
    option = _option("gender", "female")
    set_demographic_label(option, "kk", NEW_FEMALE_KK)
    db.session.delete(
        db.session.scalar(
            select(TextTranslation).where(
                TextTranslation.entity == "demographic_option",
                TextTranslation.entity_id == _option("gender", "male").id,
                TextTranslation.language == "kk",
            )
        )
    )
    db.session.commit()
    created = seed_library()
    db.session.commit()
    assert created["demographic labels"] == 1  # only the removed one comes back
    assert _labels(option)["kk"] == NEW_FEMALE_KK
    assert _labels(_option("gender", "male"))["kk"] == "Ер"
    assert seed_library()["demographic labels"] == 0


def test_a_missing_label_falls_back_to_mongolian_then_the_code(base_app):
    option = _option("disability", "yes")
    set_demographic_label(option, "kk", "")
    db.session.commit()
    assert demographic_label("disability", "yes", "kk") == "Тийм"
    assert demographic_label("disability", "yes", "en") == "Yes"
    assert demographic_label("gender", "no_such_code", "kk") == "no_such_code"
    assert [code for code, _ in demographic_choices("age_band", "kk")] == [a.value for a in AgeBand]


def test_a_database_not_yet_seeded_shows_the_shipped_labels(base_app):
    db.session.execute(
        TextTranslation.__table__.delete().where(
            TextTranslation.entity == "demographic_option"
        )
    )
    db.session.execute(DemographicOption.__table__.delete())
    db.session.commit()
    assert demographic_label("gender", "female", "kk") == "Әйел"
    assert demographic_label("gender", "female", "mn") == "Эмэгтэй"


# ------------------------------------------------------------------ the answers page


def _field(option: DemographicOption, language: str) -> str:
    return f"o{option.id}_{language}"


def _all_fields() -> dict[str, str]:
    """What the page sends untouched: every stored label in every language."""
    return {
        _field(option, language): text
        for option in demographic_options()
        for language, text in _labels(option).items()
    }


def test_an_administrator_edits_a_kazakh_label_and_the_citizen_form_shows_it(
    base_app, create_user, sign_in, open_round
):
    admin = create_user("admin")
    client = base_app.test_client()
    sign_in(client, admin)
    female = _option("gender", "female")
    data = _all_fields() | {_field(female, "kk"): NEW_FEMALE_KK}
    response = client.post("/catalogue/answers", data=data)
    assert response.status_code == 302
    assert _labels(female)["kk"] == NEW_FEMALE_KK
    event = db.session.scalar(
        select(AuditEvent).where(AuditEvent.action == "catalogue.demographic_label_update")
    )
    assert event.entity_id == female.id and event.user_id == admin.id
    assert event.before["kk"] == "Әйел" and event.after["kk"] == NEW_FEMALE_KK

    _facilitator, round_ = open_round
    citizen = base_app.test_client()
    page = citizen.get(f"/j/{round_.community_code}?lang=kk").get_data(as_text=True)
    assert NEW_FEMALE_KK in page
    page = citizen.get(f"/j/{round_.community_code}?lang=mn").get_data(as_text=True)
    assert NEW_FEMALE_KK not in page and "Эмэгтэй" in page


@pytest.mark.parametrize(
    ("language", "text", "message"),
    [
        ("mn", "   ", "Нэршлийг монголоор оруулна уу."),
        ("kk", "Ә" * 81, "Нэршил 80 хүртэл тэмдэгттэй байна."),
    ],
)
def test_a_bad_label_is_refused_and_nothing_changes(
    base_app, create_user, sign_in, language, text, message
):
    client = base_app.test_client()
    sign_in(client, create_user("admin"))
    client.get("/lang/mn")
    male, female = _option("gender", "male"), _option("gender", "female")
    before = {option.id: _labels(option) for option in demographic_options()}
    data = _all_fields() | {
        _field(female, "kk"): NEW_FEMALE_KK,  # a good change beside the bad one
        _field(male, language): text,
    }
    response = client.post("/catalogue/answers", data=data)
    assert response.status_code == 400
    assert message in response.get_data(as_text=True)
    db.session.expire_all()
    assert {option.id: _labels(option) for option in demographic_options()} == before
    assert not db.session.scalar(
        select(func.count()).select_from(AuditEvent).where(
            AuditEvent.action == "catalogue.demographic_label_update"
        )
    )


def test_only_administrators_edit_the_answers(base_app, create_user, sign_in):
    client = base_app.test_client()
    sign_in(client, create_user("coordinator", areas=["MN-071"]))
    assert client.get("/catalogue/answers").status_code == 403
    female = _option("gender", "female")
    response = client.post("/catalogue/answers", data={_field(female, "mn"): "X"})
    assert response.status_code == 403
    assert _labels(female)["mn"] == "Эмэгтэй"


@pytest.mark.app_config(WTF_CSRF_ENABLED=True)
def test_a_post_without_the_csrf_token_changes_nothing(base_app, create_user):
    client = base_app.test_client()
    admin = create_user("admin")
    login = client.get("/auth/login").get_data(as_text=True)
    token = login.split('name="csrf_token" type="hidden" value="')[1].split('"')[0]
    client.post(
        "/auth/login", data={"email": admin.email, "password": PASSWORD, "csrf_token": token}
    )
    female = _option("gender", "female")
    response = client.post("/catalogue/answers", data=_all_fields() | {_field(female, "kk"): "X"})
    assert response.status_code in (400, 403)
    assert _labels(female)["kk"] == "Әйел"


# ---------------------------------------------------- every place that shows the labels


def test_imports_accept_and_list_the_stored_kazakh_label(base_app):
    set_demographic_label(_option("gender", "female"), "kk", NEW_FEMALE_KK)
    db.session.commit()
    values = import_values.accepted_values()
    female = [v for v in values if v.column == "gender" and v.code == "female"]
    assert any(NEW_FEMALE_KK in v.labels for v in female)
    assert any("Female" in v.labels and "Эмэгтэй" in v.labels for v in female)
    # an older wording of the paper-form page stays accepted
    assert any("Not said" in v.labels for v in values if v.column == "gender")
    with base_app.test_request_context("/"):
        header = import_values.accepted_sheet_header()
    assert len(header) == 5  # column, code, Mongolian, English, Kazakh


def test_a_kazakh_label_is_read_from_an_imported_file(base_app):
    from scorecards.imports import AcceptedValue
    from scorecards.imports import _labels as lookup

    accepted = [AcceptedValue("gender", "female", "Эмэгтэй", "Female", (NEW_FEMALE_KK,))]
    assert lookup(accepted, "gender", Gender)[NEW_FEMALE_KK.casefold()] == Gender.FEMALE


def test_the_xlsform_choices_carry_the_stored_labels(base_app):
    set_demographic_label(_option("age_band", "60_plus"), "kk", "60-тан асқан")
    db.session.commit()
    with base_app.test_request_context("/"):
        texts = openrosa._texts()
    choices = dict(texts.age_band.choices)
    assert choices["60_plus"]["kk"] == "60-тан асқан"
    assert choices["60_plus"]["mn"] == "60 ба түүнээс дээш"
    assert [code for code, _ in texts.gender.choices] == [g.value for g in Gender]


def test_the_paper_form_page_shows_the_labels_in_the_readers_language(
    base_app, sign_in, open_round
):
    facilitator, round_ = open_round
    set_demographic_label(_option("gender", "other"), "mn", "Өөр")
    db.session.commit()
    client = base_app.test_client()
    sign_in(client, facilitator)
    page = client.get(f"/rounds/{round_.id}/paper?lang=mn").get_data(as_text=True)
    assert ">Өөр</option>" in page
    page = client.get(f"/rounds/{round_.id}/paper?lang=kk").get_data(as_text=True)
    assert ">Басқа</option>" in page


# ------------------------------------------------- sectors, facility types, suggestions


def test_sectors_and_facility_types_are_seeded_and_shown_in_kazakh(base_app):
    health = db.session.scalar(select(Sector).where(Sector.code == "health"))
    assert health.name("kk") == "Денсаулық сақтау"
    assert health.name("mn") == "Эрүүл мэнд" and health.name("en") == "Health"
    set_text(health, "name", "kk", "")
    db.session.commit()
    assert health.name("kk") == "Эрүүл мэнд"  # no Kazakh name: the Mongolian one


def test_an_administrator_types_a_sectors_kazakh_name(base_app, create_user, sign_in):
    client = base_app.test_client()
    sign_in(client, create_user("admin"))
    health = db.session.scalar(select(Sector).where(Sector.code == "health"))
    page = client.get(f"/catalogue/sectors/{health.id}").get_data(as_text=True)
    assert 'name="name_kk"' in page and "Денсаулық сақтау" in page
    response = client.post(
        f"/catalogue/sectors/{health.id}",
        data={"name_mn": "Эрүүл мэнд", "name_en": "Health", "name_kk": "Денсаулық"},
    )
    assert response.status_code == 302
    db.session.expire_all()
    assert health.name("kk") == "Денсаулық"
    event = db.session.scalars(
        select(AuditEvent).where(AuditEvent.action == "catalogue.sector_update")
    ).one()
    assert event.before["name_kk"] == "Денсаулық сақтау" and event.after["name_kk"] == "Денсаулық"
    page = client.get("/catalogue/?lang=kk").get_data(as_text=True)
    assert "Денсаулық</a>" in page


def test_input_suggestions_are_offered_and_added_in_kazakh(base_app, open_round):
    _facilitator, round_ = open_round  # a school
    kazakh = inputs.localised_suggestions(round_, "kk")
    english = inputs.localised_suggestions(round_, "en")
    assert ("Таза ауыз су", "бар ма (1 = иә, 0 = жоқ)") in kazakh
    assert len(kazakh) == len(english)
    assert all(label for label, _unit in kazakh)
    added = inputs.add_common_items(round_, "kk")
    assert added == len(kazakh)
    assert "Таза ауыз су" in {item.item for item in round_.input_items}
    # the same items already on the sheet (in Kazakh) are not added again in Mongolian
    assert inputs.add_common_items(round_, "mn") == 0


def test_a_proposed_indicator_gets_a_kazakh_text(base_app, sign_in, open_round):
    facilitator, round_ = open_round
    round_.state = Phase.PREPARATION
    db.session.commit()
    client = base_app.test_client()
    sign_in(client, facilitator)
    page = client.get(f"/rounds/{round_.id}/indicators").get_data(as_text=True)
    assert 'name="new-text_kk"' in page
    response = client.post(
        f"/rounds/{round_.id}/indicators/propose",
        data={
            "new-text_mn": "Сургуулийн номын сан өдөр бүр нээлттэй",
            "new-text_en": "",
            "new-text_kk": "Мектеп кітапханасы күн сайын ашық",
            "new-origin": "community",
            "new-asked_of": "both",
        },
    )
    assert response.status_code == 302, response.get_data(as_text=True)[:500]
    page = client.get(f"/rounds/{round_.id}/indicators?lang=kk").get_data(as_text=True)
    assert "Мектеп кітапханасы күн сайын ашық" in page
