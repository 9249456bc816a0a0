"""Public report pages, charts, PDF, downloads, the API and officials' answers."""

from __future__ import annotations

import io
import json

import pytest
from openpyxl import load_workbook
from pypdf import PdfReader
from sqlalchemy import select

from app.extensions import db
from app.models import Action, AuditEvent, Facility, OfficialResponse, Round
from scorecards.lifecycle import Phase
from tests.app.report_data import EMPTY_AIMAG, make_round


def test_national_overview_lists_every_aimag_with_a_map(client):
    page = client.get("/reports/")
    assert page.status_code == 200
    text = page.get_data(as_text=True)
    assert "Дорнод" in text and "Улаанбаатар" in text and "Говь-Алтай" in text
    assert '<div class="map-box"><svg' in text and "figcaption" in text  # the map, inline
    assert 'href="/reports/map.svg' in text and 'href="/reports/map.png' in text
    svg = client.get("/reports/map.svg?sector=health")
    assert svg.mimetype == "image/svg+xml" and svg.data.startswith(b"<?xml")
    assert client.get("/reports/map.png").data[:4] == b"\x89PNG"


def test_overview_sorts_by_query_parameter_without_javascript(client):
    rows = json.loads(client.get("/reports/aimags.json").data)["rows"]
    scored = sorted((r for r in rows if r["mean_100"] is not None), key=lambda r: r["mean_100"])
    text = client.get("/reports/?sort=score&order=desc&lang=en").get_data(as_text=True)
    text = text[text.index("<table"):]  # the table's rows (the map above links every aimag)
    best, worst = scored[-1]["aimag_code"], scored[0]["aimag_code"]
    assert text.index(f'/reports/{best}"') < text.index(f'/reports/{worst}"')


def test_aimag_report_shows_sections_and_method_note(client):
    text = client.get("/reports/MN-061?lang=en").get_data(as_text=True)
    for heading in (
        "Coverage",
        "Headline results by sector",
        "Community and service providers",
        "Trends over periods",
        "Joint action plans",
        "How the scores are computed",
    ):
        assert heading in text
    assert "/reports/MN-061/charts/indicators-health.svg" in text
    assert "/reports/MN-061.pdf" in text


def test_aimag_report_is_in_mongolian_by_default(client):
    text = client.get("/reports/MN-061").get_data(as_text=True)
    assert "Хамрах хүрээ" in text  # "Coverage"


def test_unknown_aimag_and_facility_give_a_404_page_in_the_users_language(client):
    for url in ("/reports/MN-999", "/reports/XX", "/facilities/999999", "/reports/MN-999.pdf"):
        page = client.get(url)
        assert page.status_code == 404
        assert "Ийм хуудас байхгүй" in page.get_data(as_text=True)


def test_404_page_follows_the_language_switch(client):
    english = client.get("/reports/MN-999?lang=en").get_data(as_text=True)
    assert "This page does not exist" in english


def test_aimag_without_published_rounds_says_so(client):
    text = client.get(f"/reports/{EMPTY_AIMAG}?lang=en").get_data(as_text=True)
    assert "no published scorecard rounds yet" in text
    assert "<img" not in text.split("<main")[1]


def test_charts_come_as_svg_and_png_with_text_alternatives(client):
    text = client.get("/reports/MN-061").get_data(as_text=True)
    assert 'alt="' in text and "<figcaption>" in text
    svg = client.get("/reports/MN-061/charts/indicators-health.svg")
    png = client.get("/reports/MN-061/charts/gap-education.png")
    trend = client.get("/reports/MN-061/charts/trend.svg")
    assert svg.mimetype == "image/svg+xml" and png.data[:4] == b"\x89PNG"
    assert trend.status_code == 200
    assert client.get("/reports/MN-061/charts/indicators-nothing.svg").status_code == 404


def test_pdf_has_searchable_cyrillic_text(client):
    response = client.get("/reports/MN-061.pdf")
    assert response.mimetype == "application/pdf"
    reader = PdfReader(io.BytesIO(response.data))
    text = "\n".join(page.extract_text() for page in reader.pages)
    assert "Дорнод" in text
    assert "Олон нийтэд тайлагнах тайлан" in text  # the translated title
    assert "Эрүүл мэнд" in text  # a sector heading


def test_facility_page_shows_rounds_scores_and_actions(client):
    facility = db.session.scalar(
        select(Facility).join(Round).where(Round.state == Phase.PUBLISHED).limit(1)
    )
    text = client.get(f"/facilities/{facility.id}?lang=en").get_data(as_text=True)
    assert facility.name_en in text or facility.name_mn in text
    assert "Community scores by indicator over time" in text
    assert "Joint action plan and progress" in text


def test_facility_page_shows_only_approved_reasons(client, app):
    from app.models import ConsensusScore, Response, Score

    facility = db.session.scalar(
        select(Facility).join(Round).where(Round.state == Phase.PUBLISHED).limit(1)
    )
    scores = db.session.scalars(
        select(Score)
        .join(Response)
        .join(Round)
        .where(Round.facility_id == facility.id, Round.state == Phase.PUBLISHED)
    ).all()
    for score in scores:
        score.reason_approved = False
    round_ids = select(Round.id).where(Round.facility_id == facility.id)
    for consensus in db.session.scalars(
        select(ConsensusScore).where(ConsensusScore.round_id.in_(round_ids))
    ):
        consensus.reason_approved = False
    scores[0].reason, scores[0].reason_approved = "Зөвшөөрсөн тайлбар", True
    scores[1].reason, scores[1].reason_approved = "Нууц тайлбар", False
    db.session.commit()
    text = client.get(f"/facilities/{facility.id}").get_data(as_text=True)
    assert "Зөвшөөрсөн тайлбар" in text
    assert "Нууц тайлбар" not in text


@pytest.mark.parametrize(
    "table", ["sectors", "indicators", "soums", "facilities", "gap", "actions"]
)
def test_every_aimag_table_downloads_in_three_formats(client, table):
    csv = client.get(f"/reports/MN-061/{table}.csv")
    assert csv.mimetype == "text/csv" and csv.data.startswith("\ufeff".encode())
    xlsx = load_workbook(io.BytesIO(client.get(f"/reports/MN-061/{table}.xlsx").data))
    document = json.loads(client.get(f"/reports/MN-061/{table}.json").data)
    assert document["meta"]["licence"] == "CC BY 4.0"
    assert xlsx.active.max_row == len(document["rows"]) + 2  # names, then codes
    assert csv.data.decode("utf-8-sig").count("\n") == len(document["rows"]) + 1


def test_api_lists_areas_facilities_and_published_rounds_only(client):
    areas = client.get("/api/v1/areas").get_json()
    assert areas["count"] == 22
    soums = client.get("/api/v1/areas?parent=MN-061").get_json()
    assert all(a["parent"] == "MN-061" for a in soums["areas"]) and soums["count"] > 5
    facilities = client.get("/api/v1/facilities?aimag=MN-061&limit=2").get_json()
    assert len(facilities["facilities"]) == 2 and facilities["total"] >= 2
    rounds = client.get("/api/v1/rounds?limit=1000").get_json()
    published = db.session.scalars(select(Round.id).where(Round.state == Phase.PUBLISHED)).all()
    assert sorted(r["id"] for r in rounds["rounds"]) == sorted(published)


def test_api_results_by_any_grouping(client):
    body = client.get("/api/v1/results?by=aimag,sector&side=community").get_json()
    assert body["by"] == ["aimag", "sector"] and body["results"]
    assert {"aimag", "aimag_name", "sector_name", "mean_100", "suppressed"} <= set(
        body["results"][0]
    )
    dornod = client.get("/api/v1/results?by=gender&aimag=MN-061").get_json()
    assert {r["gender"] for r in dornod["results"]} >= {"female", "male"}


@pytest.mark.parametrize(
    ("query", "parameter"),
    [
        ("by=bogus", "by"),
        ("by=gender,age_band", "by"),
        ("aimag=MN-999", "aimag"),
        ("sector=space", "sector"),
        ("side=martians", "side"),
        ("period=last-year", "period"),
        ("facility=abc", "facility"),
        ("source=rumours", "source"),
        ("colour=blue", "colour"),
    ],
)
def test_api_rejects_bad_parameters_naming_them(client, query, parameter):
    response = client.get(f"/api/v1/results?{query}")
    assert response.status_code == 400
    assert response.get_json()["error"]["parameter"] == parameter


def test_api_paging_limits_are_checked(client):
    assert client.get("/api/v1/facilities?limit=0").get_json()["error"]["parameter"] == "limit"
    assert client.get("/api/v1/rounds?limit=5000").status_code == 400


def test_openapi_document_describes_every_endpoint(client):
    document = client.get("/api/v1/openapi.json").get_json()
    assert document["openapi"].startswith("3.1")
    assert set(document["paths"]) == {
        "/areas",
        "/facilities",
        "/rounds",
        "/results",
        "/distribution",
        "/counts",
        "/answerability",
    }


def test_data_page_explains_the_licence(client):
    text = client.get("/data?lang=en").get_data(as_text=True)
    assert "CC BY 4.0" in text and "CC BY-IGO" in text and "/api/v1/openapi.json" in text


# --------------------------------------------------------------------------- officials


def _dornod_action() -> Action:
    return db.session.scalar(
        select(Action)
        .join(Round)
        .join(Facility)
        .where(Round.state == Phase.PUBLISHED, Facility.area.has(parent_id=_dornod_id()))
        .order_by(Action.id)
    )


def _dornod_id() -> int:
    from app.models import Area

    return db.session.scalar(select(Area.id).where(Area.code == "MN-061"))


def test_official_answers_an_action_and_the_public_sees_it(client, login):
    action = _dornod_action()
    client.get("/reports/MN-061")  # warm the public cache
    login("official.dornod@egekh.demo")
    form = client.get("/reports/MN-061").get_data(as_text=True)
    assert f"/reports/actions/{action.id}/response" in form
    response = client.post(
        f"/reports/actions/{action.id}/response",
        data={
            "office": "Дорнод аймгийн Боловсролын газар",
            "body": "Ирэх оны төсөвт 12 сая төгрөг тусгана.",
            "commitment_date": "2027-03-01",
        },
    )
    assert response.status_code == 302
    client.post("/auth/logout")
    text = client.get("/reports/MN-061").get_data(as_text=True)
    assert "Ирэх оны төсөвт 12 сая төгрөг тусгана." in text
    assert "Дорнод аймгийн Боловсролын газар" in text and "2027" in text
    event = db.session.scalar(
        select(AuditEvent).where(AuditEvent.action == "official_response.create")
    )
    assert event is not None and event.entity_id == action.id


def test_empty_answer_is_refused_and_nothing_changes(client, login):
    action = _dornod_action()
    before = db.session.scalar(select(db.func.count(OfficialResponse.id)))
    login("official.dornod@egekh.demo")
    client.post(f"/reports/actions/{action.id}/response", data={"office": "", "body": ""})
    assert db.session.scalar(select(db.func.count(OfficialResponse.id))) == before


def test_others_cannot_answer_actions(client, login):
    action = _dornod_action()
    assert client.post(f"/reports/actions/{action.id}/response").status_code in (302, 401)
    login("facilitator@egekh.demo")
    response = client.post(
        f"/reports/actions/{action.id}/response", data={"office": "x", "body": "y"}
    )
    assert response.status_code == 403


@pytest.mark.app_config(WTF_CSRF_ENABLED=True)
def test_answer_needs_a_csrf_token(client, login):
    action = _dornod_action()
    token_page = client.get("/auth/login").get_data(as_text=True)
    token = token_page.split('name="csrf_token" type="hidden" value="')[1].split('"')[0]
    client.post(
        "/auth/login",
        data={
            "email": "official.dornod@egekh.demo",
            "password": "demo-password",
            "csrf_token": token,
        },
    )
    response = client.post(
        f"/reports/actions/{action.id}/response", data={"office": "x", "body": "y"}
    )
    assert response.status_code == 400


def test_official_sees_unpublished_rounds_marked_and_the_public_does_not(client, login):
    make_round({1: [1, 1, 1, 1, 1]}, aimag="MN-061", state=Phase.REVIEW, name="Шинэ сургууль")
    public = client.get("/reports/MN-061?lang=en").get_data(as_text=True)
    assert "not yet published" not in public
    login("official.dornod@egekh.demo")
    official = client.get("/reports/MN-061?lang=en").get_data(as_text=True)
    assert "not yet published" in official
    assert "Шинэ сургууль" in official
    row = official.split("Шинэ сургууль")[1].split("</tr>")[0]
    assert "includes unpublished rounds" in row
    assert "Шинэ сургууль" not in public
