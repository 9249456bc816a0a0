"""Kazakh as a third language: a round's language on its join link and QR code, Kazakh
indicator texts and scale labels from the database on the citizen's page, switching
back to Mongolian, editing a Kazakh text in the catalogue, and the fallbacks when a
text has no Kazakh translation."""

from __future__ import annotations

import io

import pytest
import segno
from sqlalchemy import select

from app.extensions import db
from app.models import Indicator, Round, Scale, TextTranslation
from app.services.texts import set_text, text_for
from scorecards.lifecycle import Phase

# Shipped Kazakh texts of the seeded library (app/data/kazakh_texts.csv): E01's text,
# and the faces scale's "good" point.
E01_MN = "Багш нар хичээлдээ тогтмол, цагтаа ирдэг"
E01_KK = "Мұғалімдер сабаққа тұрақты және уақытында келеді"
GOOD_KK = "Жақсы"
H01_KK = "Дәрігерлер мен мейірбикелер науқастарға сыпайы әрі құрметпен қарайды"


@pytest.fixture
def bayan_olgii_round(create_user, create_facility, create_round):
    facilitator = create_user("facilitator", areas=["MN-071"])
    facility = create_facility(soum_of="MN-071")
    round_ = create_round(facilitator, facility=facility)
    round_.state = Phase.COMMUNITY_SCORING
    round_.community_open = round_.provider_open = True
    db.session.commit()
    return facilitator, round_


def _choose_kazakh(client, sign_in, facilitator, round_) -> str:
    sign_in(client, facilitator)
    response = client.post(f"/rounds/{round_.id}/collection/language", data={"language": "kk"})
    assert response.status_code == 302
    return client.get(f"/rounds/{round_.id}/collection").get_data(as_text=True)


def test_a_kazakh_round_links_and_qr_codes_carry_the_language(
    base_app, bayan_olgii_round, sign_in
):
    facilitator, round_ = bayan_olgii_round
    client = base_app.test_client()
    page = _choose_kazakh(client, sign_in, facilitator, round_)
    link = f"http://localhost/j/{round_.community_code}?lang=kk"
    assert link in page
    assert db.session.get(Round, round_.id).language == "kk"
    expected = io.BytesIO()
    segno.make(link, error="m").save(expected, kind="png", scale=10, border=2)
    qr = client.get(f"/rounds/{round_.id}/collection/qr-community.png")
    assert qr.data == expected.getvalue()


def test_the_join_link_opens_in_kazakh_and_the_citizen_can_switch_to_mongolian(
    base_app, bayan_olgii_round
):
    _facilitator, round_ = bayan_olgii_round
    client = base_app.test_client()
    page = client.get(f"/j/{round_.community_code}?lang=kk").get_data(as_text=True)
    assert '<html lang="kk">' in page
    assert E01_KK in page and E01_MN not in page
    assert f"<span>{GOOD_KK}</span>" in page
    assert "Қазақша" in page
    # The language sticks for the pages that follow (the receipt after sending).
    again = client.get(f"/j/{round_.community_code}").get_data(as_text=True)
    assert '<html lang="kk">' in again and E01_KK in again
    # The switcher returns to the page without the link's language, so the choice holds.
    switched = client.get(f"/lang/mn?next=/j/{round_.community_code}")
    assert switched.headers["Location"].endswith(f"/j/{round_.community_code}")
    page = client.get(f"/j/{round_.community_code}").get_data(as_text=True)
    assert '<html lang="mn">' in page and E01_MN in page and E01_KK not in page


def test_the_switcher_links_drop_the_link_language(base_app, bayan_olgii_round):
    _facilitator, round_ = bayan_olgii_round
    client = base_app.test_client()
    page = client.get(f"/j/{round_.community_code}?lang=kk").get_data(as_text=True)
    assert f'href="/lang/mn?next=/j/{round_.community_code}"' in page


def test_a_coordinator_edits_a_kazakh_text_and_a_running_round_shows_it(
    base_app, bayan_olgii_round, create_user, sign_in
):
    _facilitator, round_ = bayan_olgii_round
    coordinator = create_user("coordinator", areas=["MN-071"])
    indicator = db.session.scalar(select(Indicator).where(Indicator.code == "E01"))
    client = base_app.test_client()
    sign_in(client, coordinator)
    client.get("/lang/en")
    page = client.get(f"/catalogue/indicators/{indicator.id}").get_data(as_text=True)
    assert "Indicator (Kazakh)" in page and E01_KK in page
    new_text = "Мұғалімдер сабаққа әрдайым уақытында келеді"
    form = {
        "sector": str(indicator.sector_id),
        "facility_types": [str(t.id) for t in indicator.facility_types],
        "text_mn": indicator.text_mn,
        "text_en": indicator.text_en,
        "hint_mn": indicator.hint_mn,
        "hint_en": indicator.hint_en,
        "text_kk": new_text,
        "hint_kk": "",
    }
    response = client.post(f"/catalogue/indicators/{indicator.id}", data=form)
    assert response.status_code == 302
    # A translation is not a new question: the row the round uses holds it, no new version.
    assert response.headers["Location"].endswith(f"/catalogue/indicators/{indicator.id}")
    second = select(Indicator).where(Indicator.lineage == "E01", Indicator.version == 2)
    assert db.session.scalar(second) is None
    page = client.get(f"/catalogue/indicators/{indicator.id}").get_data(as_text=True)
    assert new_text in page and "not translated" in page  # the Kazakh hint was removed
    citizen = base_app.test_client()
    page = citizen.get(f"/j/{round_.community_code}?lang=kk").get_data(as_text=True)
    assert new_text in page and E01_KK not in page


def test_a_kazakh_scale_label_typed_on_the_scale_page_reaches_the_citizen(
    base_app, bayan_olgii_round, create_user, sign_in
):
    _facilitator, round_ = bayan_olgii_round
    admin = create_user("admin")
    scale = db.session.get(Scale, round_.scale_id)
    client = base_app.test_client()
    sign_in(client, admin)
    page = client.get(f"/catalogue/scales/{scale.id}/edit").get_data(as_text=True)
    assert GOOD_KK in page
    data = {"name_mn": scale.name_mn, "name_en": scale.name_en, "positive_from": "4"}
    for index, point in enumerate(scale.points):
        data[f"points-{index}-label_mn"] = point.label_mn
        data[f"points-{index}-label_en"] = point.label_en
        data[f"points-{index}-mark"] = point.mark
        data[f"points-{index}-label_kk"] = "Тамаша" if point.value == 5 else ""
    for index in range(len(scale.points), 11):  # the blank rows, as a browser sends them
        data[f"points-{index}-mark"] = ""
    response = client.post(f"/catalogue/scales/{scale.id}/edit", data=data)
    assert response.status_code == 302, response.get_data(as_text=True)
    page = base_app.test_client().get(f"/j/{round_.community_code}?lang=kk").get_data(as_text=True)
    assert "Тамаша" in page
    # The points left blank in Kazakh fall back to Mongolian, never to nothing.
    assert scale.points[0].label_mn in page


def test_fallbacks_mongolian_then_english_then_any_language(base_app):
    indicator = db.session.scalar(select(Indicator).where(Indicator.code == "H01"))
    assert text_for(indicator, "text", "kk") != indicator.text_mn  # shipped Kazakh
    set_text(indicator, "text", "kk", "")  # an empty text removes the translation
    assert db.session.scalar(
        select(TextTranslation).where(
            TextTranslation.entity == "indicator", TextTranslation.entity_id == indicator.id,
            TextTranslation.field == "text", TextTranslation.language == "kk",
        )
    ) is None
    assert text_for(indicator, "text", "kk") == indicator.text_mn
    assert indicator.text("kk") == indicator.text_mn
    indicator.text_en = ""
    assert text_for(indicator, "text", "en") == indicator.text_mn
    # A proposed indicator typed only in Kazakh still shows in Mongolian and English.
    only_kazakh = Indicator(
        code="KK-ONLY", sector_id=indicator.sector_id, text_mn="", text_en="", in_library=False
    )
    db.session.add(only_kazakh)
    db.session.flush()
    set_text(only_kazakh, "text", "kk", "Тек қазақша мәтін")
    assert text_for(only_kazakh, "text", "mn") == "Тек қазақша мәтін"
    assert text_for(only_kazakh, "hint", "kk") == ""
    db.session.rollback()


def test_a_group_gets_a_kazakh_name_on_the_groups_page_and_falls_back_to_its_name(
    base_app, bayan_olgii_round, sign_in
):
    facilitator, round_ = bayan_olgii_round
    parents = next(g for g in round_.groups if g.kind == "parents")
    client = base_app.test_client()
    sign_in(client, facilitator)
    page = client.get(f"/rounds/{round_.id}/groups?group={parents.id}").get_data(as_text=True)
    assert 'name="label_kk"' in page
    response = client.post(f"/rounds/{round_.id}/groups", data={
        "group_id": str(parents.id), "kind": "parents", "side": "community",
        "label": parents.label, "label_kk": "Ата-аналар", "expected_size": "10",
        "count_female": "0", "count_male": "0", "count_other": "0",
    })
    assert response.status_code == 302
    page = base_app.test_client().get(f"/j/{round_.community_code}?lang=kk").get_data(
        as_text=True
    )
    assert "Ата-аналар" in page
    page = base_app.test_client().get(f"/j/{round_.community_code}?lang=en").get_data(
        as_text=True
    )
    assert parents.label in page and "Ата-аналар" not in page


def test_the_switcher_offers_kazakh_by_its_own_name(base_app):
    page = base_app.test_client().get("/").get_data(as_text=True)
    assert 'href="/lang/kk?next=/"' in page and ">Қазақша</a>" in page
    assert base_app.test_client().get("/?lang=kk").get_data(as_text=True).count(
        '<html lang="kk">'
    ) == 1


@pytest.mark.app_config(LANGUAGES=["mn", "en"])
def test_kazakh_can_be_left_out_of_the_offered_languages(base_app):
    client = base_app.test_client()
    page = client.get("/").get_data(as_text=True)
    assert "Қазақша" not in page
    assert client.get("/lang/kk").status_code == 404
    assert '<html lang="mn">' in client.get("/?lang=kk").get_data(as_text=True)


def test_a_bad_language_for_a_round_is_refused_and_nothing_changes(
    base_app, bayan_olgii_round, sign_in
):
    facilitator, round_ = bayan_olgii_round
    client = base_app.test_client()
    sign_in(client, facilitator)
    client.post(f"/rounds/{round_.id}/collection/language", data={"language": "fr"})
    assert db.session.get(Round, round_.id).language is None
    page = client.get(f"/rounds/{round_.id}/collection").get_data(as_text=True)
    assert f"/j/{round_.community_code}?lang" not in page


KAZAKH_LETTERS = "ӘәҒғҚқҢңӨөҰұҮүҺһІі"


@pytest.mark.parametrize("bold", [False, True])
def test_the_report_font_has_every_kazakh_letter(bold):
    from fontTools.ttLib import TTFont

    from scorecards.charts import font_path

    cmap = TTFont(font_path(bold)).getBestCmap()
    assert [letter for letter in KAZAKH_LETTERS if ord(letter) not in cmap] == []


def test_the_bayan_olgii_report_pdf_and_charts_in_kazakh(client):
    from pypdf import PdfReader

    response = client.get("/reports/MN-071.pdf?lang=kk")
    assert response.mimetype == "application/pdf"
    text = " ".join(
        " ".join(page.extract_text().split()) for page in PdfReader(io.BytesIO(response.data)).pages
    )
    assert "Жария есептілік баяндамасы" in text  # the title, from the kk catalog
    assert "Баян-Өлгий" in text  # place names in Cyrillic, not in Latin letters
    assert H01_KK in text  # an indicator's Kazakh text, from the database
    assert set("әғқңөұүі") <= set(text)
    # Charts draw the Kazakh indicator texts; a glyph missing from the font would be a
    # warning, and warnings fail the tests.
    chart = client.get("/reports/MN-071/charts/indicators-health.svg?lang=kk")
    assert chart.status_code == 200 and chart.mimetype == "image/svg+xml"


def test_the_library_lists_and_finds_indicators_by_their_kazakh_text(
    base_app, create_user, sign_in
):
    coordinator = create_user("coordinator", areas=["MN-071"])
    client = base_app.test_client()
    sign_in(client, coordinator)
    client.get("/lang/en")
    page = client.get("/catalogue/indicators?q=сабаққа+тұрақты").get_data(as_text=True)
    assert "1 indicator" in page and E01_KK in page and "Indicator (Kazakh)" in page
