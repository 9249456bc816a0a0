"""The public foundation pages: home with the national overview, aimag pages, languages."""

import csv

from app.services.geography import ADMIN_UNITS_CSV


def _top_level_names(language: str) -> list[str]:
    with ADMIN_UNITS_CSV.open(encoding="utf-8") as handle:
        rows = [r for r in csv.DictReader(handle) if r["level"] in ("aimag", "capital")]
    return [r[f"name_{language}"] for r in rows]


def test_home_lists_every_aimag_and_the_capital_in_mongolian(client):
    page = client.get("/").get_data(as_text=True)
    names = _top_level_names("mn")
    assert len(names) == 22
    for name in names:
        assert f">{name}</a>" in page
    assert '<html lang="mn">' in page


def test_english_switch_is_remembered(client):
    response = client.get("/lang/en?next=/aimags/")
    assert response.status_code == 302 and response.headers["Location"] == "/aimags/"
    page = client.get("/").get_data(as_text=True)
    assert '<html lang="en">' in page
    assert ">Dornod</a>" in page
    assert "National overview" in page


def test_language_switch_refuses_to_redirect_elsewhere(client):
    response = client.get("/lang/mn?next=https://evil.example/")
    assert response.headers["Location"] == "/"


def test_overview_counts_match_the_demo_for_dornod(client, app):
    from sqlalchemy import func, select

    from app.extensions import db
    from app.models import Area, Facility, Response, Round

    dornod = db.session.scalar(select(Area).where(Area.code == "MN-061"))
    soum_ids = [a.id for a in dornod.children]
    published = (
        select(Round.id)
        .join(Facility)
        .where(Facility.area_id.in_(soum_ids), Round.state == "published")
    )
    # Facilities with a published round; responses are the forms of those rounds.
    facilities = db.session.scalar(
        select(func.count(Round.facility_id.distinct())).where(Round.id.in_(published))
    )
    rounds = db.session.scalar(select(func.count()).select_from(published.subquery()))
    responses = db.session.scalar(select(func.count()).where(Response.round_id.in_(published)))
    assert facilities > 0 and rounds > 0 and responses > 0
    page = client.get("/").get_data(as_text=True)
    row = page.split('href="/aimags/MN-061">Дорнод</a>')[1].split("</tr>")[0]
    cells = [c.split("</td>")[0].split(">")[-1].replace("\u202f", "") for c in row.split("<td")[1:]]
    assert [cells[0], cells[1], cells[3]] == [str(facilities), str(rounds), str(responses)]


def test_aimag_page_lists_soums_and_facilities(client):
    page = client.get("/aimags/MN-061").get_data(as_text=True)
    assert "<h1>Дорнод</h1>" in page
    assert "Хэрлэн" in page and "Баяндун" in page
    assert "сургууль" in page


def test_unknown_aimag_is_a_404_in_mongolian(client):
    response = client.get("/aimags/MN-999")
    assert response.status_code == 404
    assert "Ийм хуудас байхгүй байна" in response.get_data(as_text=True)
