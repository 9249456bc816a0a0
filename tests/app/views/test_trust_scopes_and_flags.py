"""Trust, second pass, the rest of issue 12: unpublished data only for staff whose
organisation and area both cover the round; sign-in answers that do not reveal which
accounts exist; failed imports discarded or retried, and a preview with a time budget;
crowds of citizens never refused but unusual sends flagged; a round only at a facility
in the user's areas; the aimag PDF cached and its builds limited."""

from __future__ import annotations

import html
import io

import pytest
from openpyxl import load_workbook
from sqlalchemy import func, select

from app.extensions import db
from app.models import Action, Area, Facility, Organisation, Response, Round, Template
from app.models.imports import ImportJob
from app.permissions import PUBLIC
from app.services.accounts import create_user as create_account
from app.services.reports.query import unpublished_round_ids
from scorecards.lifecycle import Phase
from tests.app.citizen_helpers import answers as demo_answers
from tests.app.citizen_helpers import demo_round
from tests.app.views.helpers import EAST, open_demo_round
from tests.support.routes import collect_routes

DORNOD = "MN-061"
KHOVD = "MN-043"
OFFICIAL = "official.dornod@egekh.demo"


def _en(client):
    client.set_cookie("lang", "en")
    return client


# --------------------------------------------------------------------------- scopes


def _other_organisation_coordinator() -> str:
    organisation = Organisation(name_mn="Өөр ТББ", name_en="Another NGO", kind="ngo")
    db.session.add(organisation)
    dornod = db.session.scalar(select(Area).where(Area.code == DORNOD))
    user = create_account(
        "coordinator.other@example.org",
        "Tsenher-Nuur-2741",
        "coordinator",
        "Other coordinator",
        organisation=organisation,
        areas=[dornod],
    )
    db.session.commit()
    return user.email


def _unpublished_secrets() -> tuple[list[int], list[str]]:
    """Dornod's unpublished rounds with answers, and action texts found only in
    unpublished rounds of Dornod (never in a published round)."""
    dornod = db.session.scalar(select(Area).where(Area.code == DORNOD))
    ids = list(unpublished_round_ids(dornod))
    actions = db.session.scalars(select(Action).join(Round, Round.id == Action.round_id)).all()
    published = {a.description for a in actions if a.round.state == Phase.PUBLISHED}
    hidden = {
        a.description
        for a in actions
        if a.round_id in ids and a.description and a.description not in published
    }
    return ids, sorted(hidden)


FORBIDDEN_WORDS = ("not yet published", "includes unpublished", "not published")


def _leaks(body: str, secret_texts: list[str]) -> list[str]:
    text = html.unescape(body)
    return [w for w in (*FORBIDDEN_WORDS, *secret_texts, "includes_unpublished") if w in text]


def _comparable(response) -> object:
    """A download's content, comparable between two requests (XLSX: its cell values)."""
    if response.mimetype.endswith("spreadsheetml.sheet"):
        book = load_workbook(io.BytesIO(response.data), read_only=True)
        return [list(sheet.iter_rows(values_only=True)) for sheet in book.worksheets]
    return response.data


def test_a_coordinator_of_another_organisation_sees_no_unpublished_data(app, login):
    ids, secret_texts = _unpublished_secrets()
    assert ids, "the demo has unpublished Dornod rounds with answers"
    periods = sorted({db.session.get(Round, i).period_label for i in ids})

    # The official of Dornod sees them: the words searched for below are real.
    official = _en(app.test_client())
    official.post("/auth/login", data={"email": OFFICIAL, "password": "demo-password"})
    page = html.unescape(official.get(f"/reports/{DORNOD}").get_data(as_text=True))
    assert "not yet published" in page
    assert all(text in page for text in secret_texts)

    email = _other_organisation_coordinator()
    coordinator = _en(app.test_client())
    response = coordinator.post(
        "/auth/login", data={"email": email, "password": "Tsenher-Nuur-2741"}
    )
    assert response.status_code == 302
    anonymous = _en(app.test_client())

    walked, leaks = 0, []
    for route in collect_routes(app):
        if route.access_of(app) != PUBLIC or "GET" not in route.methods:
            continue
        for url in route.urls(app):
            for query in ("", *(f"?period={p}" for p in periods)):
                # A language switch among the routes may have changed the cookie.
                seen = _en(coordinator).get(url + query)
                if seen.status_code != 200:
                    continue
                walked += 1
                if seen.mimetype == "text/html":
                    found = _leaks(seen.get_data(as_text=True), secret_texts)
                    if found:
                        leaks.append((url + query, found))
                elif seen.mimetype in ("application/javascript", "text/javascript"):
                    continue
                elif _comparable(seen) != _comparable(_en(anonymous).get(url + query)):
                    leaks.append((url + query, "differs from the public copy"))
    assert walked > 30
    assert leaks == []


def test_aimag_pages_list_only_the_coordinators_own_unpublished_rounds(app, login):
    email = _other_organisation_coordinator()
    client = _en(app.test_client())
    client.post("/auth/login", data={"email": email, "password": "Tsenher-Nuur-2741"})
    page = client.get(f"/aimags/{DORNOD}").get_data(as_text=True)
    assert "not published" not in page
    official = _en(app.test_client())
    official.post("/auth/login", data={"email": OFFICIAL, "password": "demo-password"})
    assert "not published" in official.get(f"/aimags/{DORNOD}").get_data(as_text=True)


# -------------------------------------------------------------------------- sessions


def _sign_in(client, email: str, password: str = "wrong-password-1"):
    response = client.post("/auth/login", data={"email": email, "password": password})
    text = html.unescape(response.get_data(as_text=True))
    if "not correct" in text:
        return response.status_code, "wrong"
    if "signing in with it is locked until" in text:
        return response.status_code, "blocked"
    return response.status_code, "other"


def test_an_unknown_address_is_answered_like_an_account(base_app, create_user, monkeypatch):
    from app.services import accounts

    checked = []
    real_verify = accounts.verify_password
    monkeypatch.setattr(
        accounts,
        "verify_password",
        lambda stored, password: checked.append(stored is None) or real_verify(stored, password),
    )
    user = create_user(role="facilitator", areas=[DORNOD])
    client = _en(base_app.test_client())
    known = [_sign_in(client, user.email) for _ in range(7)]
    unknown = [_sign_in(client, "nobody-here@example.org") for _ in range(7)]
    assert known == unknown
    assert known[:5] == [(200, "wrong")] * 5 and known[5:] == [(429, "blocked")] * 2
    # A password hash is checked for both (a dummy one for the unknown address).
    assert checked.count(True) == 7 and checked.count(False) == 7


def test_unknown_addresses_are_stored_only_as_keyed_hashes(base_app):
    from app.models.accounts import SignInFailure

    client = base_app.test_client()
    client.post("/auth/login", data={"email": "Nobody@Example.org", "password": "x" * 12})
    row = db.session.scalar(select(SignInFailure))
    assert row.failed_logins == 1 and len(row.email_hash) == 64
    assert "nobody" not in row.email_hash


# --------------------------------------------------------------------------- imports


def _csv(rows) -> bytes:
    return ("\n".join(",".join(r) for r in rows) + "\n").encode("utf-8")


def _responses_csv(round_, count: int) -> bytes:
    group = next(g for g in round_.groups if g.side == "community")
    codes = [ri.indicator.code for ri in round_.indicators if ri.asked_of("community")]
    body = [[f"T{i}", group.label, "f", *(["4"] * len(codes))] for i in range(count)]
    return _csv([["respondent_id", "group", "gender", *codes], *body])


def _upload(client, round_, data: bytes):
    return client.post(
        f"/rounds/{round_.id}/import",
        data={"kind": "responses", "side": "community", "file": (io.BytesIO(data), "f.csv")},
        content_type="multipart/form-data",
    )


def _failed_job(client, keep_file: bool) -> ImportJob:
    round_ = open_demo_round()
    location = _upload(client, round_, _responses_csv(round_, 3)).headers["Location"]
    job = db.session.scalar(select(ImportJob).order_by(ImportJob.id.desc()))
    assert location.endswith(job.token)
    job.state, job.error, job.started_at = "failed", "import_interrupted", job.created_at
    if not keep_file:
        job.data = None
    db.session.commit()
    return job


def test_a_failed_import_can_be_discarded(client, login):
    login(EAST)
    job = _failed_job(client, keep_file=True)
    url = f"/rounds/{job.round_id}/import/{job.token}"
    page = client.get(url).get_data(as_text=True)
    assert 'value="retry"' in page and 'value="nothing"' in page
    assert client.post(url, data={"choice": "nothing"}).status_code == 302
    db.session.expire_all()
    job = db.session.get(ImportJob, job.id)
    assert job.state == "discarded" and job.data is None


def test_a_failed_import_with_its_file_is_checked_again(client, login):
    login(EAST)
    job = _failed_job(client, keep_file=True)
    url = f"/rounds/{job.round_id}/import/{job.token}"
    response = client.post(url, data={"choice": "retry"})
    assert response.status_code == 302 and response.headers["Location"].endswith(job.token)
    db.session.expire_all()
    job = db.session.get(ImportJob, job.id)
    assert job.state == "checked" and job.error == "" and job.valid_rows == 3
    client.post(url, data={"choice": "valid"})
    db.session.expire_all()
    job = db.session.get(ImportJob, job.id)
    assert job.state == "done" and job.imported == 3 and job.data is None


def test_a_failed_import_without_its_file_asks_for_it_again(client, login):
    login(EAST)
    job = _failed_job(client, keep_file=False)
    response = client.post(f"/rounds/{job.round_id}/import/{job.token}", data={"choice": "retry"})
    assert response.status_code == 302
    assert f"/rounds/{job.round_id}/import?" in response.headers["Location"]
    assert "kind=responses" in response.headers["Location"]
    db.session.expire_all()
    assert db.session.get(ImportJob, job.id).state == "discarded"


@pytest.mark.app_config(IMPORT_PREVIEW_SECONDS=0)
def test_a_preview_over_its_time_budget_is_stopped_with_a_message(client, login):
    login(EAST)
    _en(client)
    round_ = open_demo_round()
    jobs = db.session.scalar(select(func.count(ImportJob.id)))
    response = _upload(client, round_, _responses_csv(round_, 600))
    assert response.status_code == 400
    assert "took longer than 0 seconds" in html.unescape(response.get_data(as_text=True))
    assert db.session.scalar(select(func.count(ImportJob.id))) == jobs


# -------------------------------------------------------------------------- citizens


def _send(client, code: str = "DEMO01", address: str = "10.1.2.3", **extra):
    return client.post(
        f"/j/{code}/submit.json",
        json=demo_answers(**extra),
        environ_base={"REMOTE_ADDR": address},
    )


def _stored_flag(receipt: str) -> str:
    db.session.expire_all()
    return db.session.scalar(select(Response.flag).where(Response.receipt == receipt))


@pytest.mark.app_config(RATELIMIT_ENABLED=True)
def test_a_hall_of_300_phones_behind_one_address_is_never_refused(app):
    before = db.session.scalar(select(func.count(Response.id)))
    statuses = [_send(app.test_client()).status_code for _ in range(300)]
    assert statuses == [201] * 300
    db.session.expire_all()
    assert db.session.scalar(select(func.count(Response.id))) == before + 300


def test_a_second_send_from_one_phone_is_flagged(app):
    phone = app.test_client()
    first = _send(phone)
    assert first.status_code == 201 and _stored_flag(first.get_json()["receipt"]) == ""
    phone.delete_cookie("egekh_done", path="/j")  # the "already sent" cookie dropped
    second = _send(phone)
    assert second.status_code == 201
    assert _stored_flag(second.get_json()["receipt"]) == "burst_device"


def test_sends_beyond_the_group_size_and_bursts_from_one_address_are_flagged(app):
    round_ = demo_round()
    group = next(g for g in round_.groups if g.side == "community")
    for g in round_.groups:
        g.expected_size = 0
    group.expected_size = 2
    db.session.commit()
    flags = [
        _stored_flag(_send(app.test_client(), address=f"10.0.0.{i}").get_json()["receipt"])
        for i in range(3)
    ]
    assert flags == ["", "", "over_group_size"]

    group.expected_size = 0
    db.session.commit()
    burst = [_send(app.test_client(), address="10.9.9.9").get_json()["receipt"] for _ in range(21)]
    assert [_stored_flag(r) for r in burst] == [""] * 20 + ["burst_address"]
    stored = db.session.scalar(select(Response).where(Response.receipt == burst[-1]))
    assert len(stored.address_hash) == 64 and "10.9.9.9" not in stored.address_hash
    assert len(stored.device_hash) == 64


def test_the_facilitator_filters_flagged_sends_and_withdraws_them(app, client, login):
    phone = app.test_client()
    _send(phone)
    phone.delete_cookie("egekh_done", path="/j")
    receipt = _send(phone).get_json()["receipt"]
    flagged = db.session.scalar(select(Response).where(Response.receipt == receipt))
    login(EAST)
    _en(client)
    page = client.get(f"/rounds/{flagged.round_id}/answers?state=flagged").get_data(as_text=True)
    assert receipt in page and "Another send from the same phone or tablet" in page
    assert "1 response matches." in page
    response = client.post(
        f"/rounds/{flagged.round_id}/answers/{flagged.id}/withdraw",
        data={"reason": "two sends from one phone", "back": "flagged"},
    )
    assert response.status_code == 302 and "state=flagged" in response.headers["Location"]
    db.session.expire_all()
    assert db.session.get(Response, flagged.id).withdrawn_at is not None
    page = client.get(f"/rounds/{flagged.round_id}/answers?state=flagged").get_data(as_text=True)
    assert receipt not in page


# ------------------------------------------------------------------- lower findings


def test_a_round_cannot_be_created_outside_the_users_areas(client, login):
    login(EAST)
    _en(client)
    khovd = db.session.scalar(select(Area).where(Area.code == KHOVD))
    facility = db.session.scalar(
        select(Facility).join(Area, Area.id == Facility.area_id).where(Area.parent_id == khovd.id)
    )
    template = db.session.scalar(
        select(Template).where(Template.sector_id == facility.facility_type.sector_id)
    )
    before = db.session.scalar(select(func.count(Round.id)))
    response = client.post(
        "/rounds/new",
        data={
            "aimag": khovd.id,
            "soum": facility.area_id,
            "facility": facility.id,
            "template": template.id,
            "period_label": "2027-H1",
            "period_start": "2027-02-01",
            "period_end": "2027-06-30",
            "groups-0-kind": "women",
            "groups-0-group_name": "Эмэгтэйчүүд",
            "groups-0-expected_size": "15",
        },
    )
    assert response.status_code == 400
    assert "This facility is outside your areas." in html.unescape(
        response.get_data(as_text=True)
    )
    assert db.session.scalar(select(func.count(Round.id))) == before


def _count_pdf_builds(monkeypatch, build: bool = True) -> list[int]:
    """Count the aimag PDFs built; ``build=False``: a stand-in of a few bytes instead
    of the real PDF (several seconds each), for tests of when a build happens."""
    from app.services.reports import pdf as report_pdf

    builds: list[int] = []
    real = report_pdf.aimag_pdf

    def counting(data, texts):
        builds.append(1)
        return real(data, texts) if build else f"%PDF-1.4 build {len(builds)}".encode()

    monkeypatch.setattr(report_pdf, "aimag_pdf", counting)
    return builds


def test_the_aimag_pdf_is_built_once_per_data_version(app, monkeypatch):
    builds = _count_pdf_builds(monkeypatch)
    bodies = [app.test_client().get(f"/reports/{DORNOD}.pdf") for _ in range(3)]
    assert [b.status_code for b in bodies] == [200] * 3
    assert len({b.data for b in bodies}) == 1
    assert len(builds) == 1


@pytest.mark.app_config(RATELIMIT_ENABLED=True, PDF_RATE_LIMIT="2 per minute", REPORT_CACHE_SIZE=0)
def test_pdf_builds_are_limited_per_address(app, monkeypatch):
    builds = _count_pdf_builds(monkeypatch, build=False)
    client = app.test_client()
    statuses = [client.get(f"/reports/{DORNOD}.pdf").status_code for _ in range(3)]
    assert statuses == [200, 200, 429] and len(builds) == 2
    other = app.test_client()
    assert other.get(
        f"/reports/{DORNOD}.pdf", environ_base={"REMOTE_ADDR": "10.7.7.7"}
    ).status_code == 200


@pytest.mark.app_config(RATELIMIT_ENABLED=True, PDF_RATE_LIMIT="1 per minute")
def test_pdfs_served_from_the_cache_are_not_limited(app, monkeypatch):
    builds = _count_pdf_builds(monkeypatch, build=False)
    client = app.test_client()
    assert [client.get(f"/reports/{DORNOD}.pdf").status_code for _ in range(4)] == [200] * 4
    assert len(builds) == 1

