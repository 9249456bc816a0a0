"""Device tokens on the collection page: made and revoked by the facilitator, kept only
as hashes, written to the audit log; the QR code ODK Collect scans; the XLSForm
downloads."""

from __future__ import annotations

import base64
import io
import json
import re
import xml.etree.ElementTree as ET
import zlib

from openpyxl import load_workbook
from sqlalchemy import select

from app.extensions import db
from app.models import AuditEvent
from app.models.devices import DeviceToken
from app.views.openrosa import settings_payload
from scorecards.lifecycle import Phase
from tests.app.views.test_openrosa import collect_headers

XFORMS_LIST = "{http://openrosa.org/xforms/xformsList}"


def _collecting(create_user, create_round, **user):
    facilitator = create_user("facilitator", areas=["MN-061"], **user)
    round_ = create_round(facilitator)
    round_.state = Phase.COMMUNITY_SCORING.value
    round_.community_open = True
    db.session.commit()
    return facilitator, round_


def _make(client, round_id: int, label="Tablet 1", scope="round"):
    return client.post(f"/rounds/{round_id}/devices", data={"label": label, "scope": scope})


def test_a_token_is_shown_once_with_its_qr_code_and_stored_only_as_a_hash(
    base_app, create_user, create_round, sign_in
):
    facilitator, round_ = _collecting(create_user, create_round)
    client = base_app.test_client()
    sign_in(client, facilitator)
    page = _make(client, round_.id, "Таблет А").get_data(as_text=True)
    url = re.search(r"<code>(http://localhost/odk/key/[^<]+)</code>", page).group(1)
    secret = url.rsplit("/", 1)[1]
    assert 'src="data:image/svg+xml' in page
    token = db.session.scalar(select(DeviceToken))
    assert token.label == "Таблет А" and token.round_id == round_.id
    assert secret not in token.token_hash and len(token.token_hash) == 64
    event = db.session.scalar(select(AuditEvent).where(AuditEvent.action == "device_token.create"))
    assert event.entity_id == token.id and event.user_id == facilitator.id
    assert secret not in json.dumps([event.before, event.after])
    # Shown once: the collection page lists the tablet but not its address.
    again = client.get(f"/rounds/{round_.id}/collection").get_data(as_text=True)
    assert "Таблет А" in again and secret not in again


def test_the_qr_code_carries_collects_settings_json():
    """ODK Collect reads a settings QR code as base64 of zlib-compressed JSON with a
    "general" and an "admin" section (docs.getodk.org, "Configuring Collect with a QR
    code")."""
    url = "https://egekh.example.mn/odk/key/AbC"
    settings = json.loads(zlib.decompress(base64.b64decode(settings_payload(url))))
    assert settings == {
        "general": {"server_url": url, "username": "", "password": ""},
        "admin": {},
    }


def test_a_nameless_device_is_refused_with_a_message_and_nothing_made(
    base_app, create_user, create_round, sign_in
):
    facilitator, round_ = _collecting(create_user, create_round)
    client = base_app.test_client()
    sign_in(client, facilitator)
    client.set_cookie("lang", "en")
    response = _make(client, round_.id, "   ")
    assert response.status_code == 302
    page = client.get(response.headers["Location"]).get_data(as_text=True)
    assert "Device name" in page
    response = _make(client, round_.id, "x", scope="everything")
    assert db.session.scalar(select(DeviceToken)) is None


def test_a_facilitator_token_reaches_every_round_they_run(
    base_app, create_user, create_round, sign_in
):
    facilitator, first = _collecting(create_user, create_round)
    second = create_round(facilitator, period="2026-H2")
    second.state = Phase.COMMUNITY_SCORING.value
    db.session.commit()
    client = base_app.test_client()
    sign_in(client, facilitator)
    page = _make(client, first.id, scope="facilitator").get_data(as_text=True)
    path = re.search(r"<code>http://localhost(/odk/key/[^<]+)</code>", page).group(1)
    listing = base_app.test_client().get(path + "/formList", headers=collect_headers())
    ids = {x.text for x in ET.fromstring(listing.data).iter(f"{XFORMS_LIST}formID")}
    assert {f"egekh-{first.id}-community", f"egekh-{second.id}-community"} <= ids
    # A round token reaches its round only.
    page = _make(client, first.id, "Round only").get_data(as_text=True)
    path = re.search(r"<code>http://localhost(/odk/key/[^<]+)</code>", page).group(1)
    listing = base_app.test_client().get(path + "/formList", headers=collect_headers())
    ids = {x.text for x in ET.fromstring(listing.data).iter(f"{XFORMS_LIST}formID")}
    assert f"egekh-{first.id}-community" in ids
    assert all(i.startswith(f"egekh-{first.id}-") for i in ids)


def test_revoking_is_audited_and_only_for_those_who_may_edit_the_round(
    base_app, create_user, create_round, sign_in
):
    facilitator, round_ = _collecting(create_user, create_round)
    client = base_app.test_client()
    sign_in(client, facilitator)
    _make(client, round_.id)
    token = db.session.scalar(select(DeviceToken))
    outsider = create_user("facilitator", areas=["MN-061"])
    other = base_app.test_client()
    sign_in(other, outsider)
    revoke = f"/rounds/{round_.id}/devices/{token.id}/revoke"
    assert other.post(revoke).status_code == 404
    db.session.refresh(token)
    assert token.revoked_at is None
    official = create_user("official", areas=["MN-061"])
    third = base_app.test_client()
    sign_in(third, official)
    assert third.post(revoke).status_code == 403
    assert third.post(f"/rounds/{round_.id}/devices", data={"label": "x",
                                                            "scope": "round"}).status_code == 403
    assert client.post(revoke).status_code == 302
    db.session.refresh(token)
    assert token.revoked_at is not None and token.revoked_by_id == facilitator.id
    actions = db.session.scalars(select(AuditEvent.action)).all()
    assert "device_token.revoke" in actions


def test_the_xlsform_downloads_for_each_side(base_app, create_user, create_round, sign_in):
    facilitator, round_ = _collecting(create_user, create_round)
    client = base_app.test_client()
    sign_in(client, facilitator)
    for side in ("community", "provider"):
        response = client.get(f"/rounds/{round_.id}/collection/xlsform-{side}.xlsx")
        assert response.status_code == 200
        book = load_workbook(io.BytesIO(response.data))
        settings = list(book["settings"].iter_rows(values_only=True))
        assert settings[1][1] == f"egekh-{round_.id}-{side}"
    page = client.get(f"/rounds/{round_.id}/collection").get_data(as_text=True)
    assert f"/rounds/{round_.id}/collection/xlsform-community.xlsx" in page
