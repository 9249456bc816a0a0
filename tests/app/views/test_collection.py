"""The facilitator's collection page: codes, links, QR codes, open/close, shared tablet."""

import pytest
from sqlalchemy import select

from app.extensions import db
from app.models import AuditEvent
from tests.app.citizen_helpers import demo_round

FACILITATOR = "facilitator@egekh.demo"


def _url(suffix: str = "") -> str:
    return f"/rounds/{demo_round().id}/collection{suffix}"


def test_page_shows_both_codes_short_links_and_qr_codes(client, login):
    login(FACILITATOR)
    page = client.get(_url()).get_data(as_text=True)
    assert "DEMO01" in page and "DEMO02" in page
    assert "http://localhost/j/DEMO01" in page and "http://localhost/j/DEMO02" in page
    assert "qr-community.svg" in page and "qr-provider.png" in page


def test_qr_codes_are_real_svg_and_png_images(client, login):
    login(FACILITATOR)
    svg = client.get(_url("/qr-community.svg"))
    assert svg.mimetype == "image/svg+xml" and b"<svg" in svg.data
    png = client.get(_url("/qr-provider.png"))
    assert png.mimetype == "image/png" and png.data[:8] == b"\x89PNG\r\n\x1a\n"
    assert client.get(_url("/qr-other.png")).status_code == 404


def test_closing_and_reopening_a_side_changes_what_citizens_see(client, login):
    login(FACILITATOR)
    response = client.post(_url("/community"), data={"open": "0"})
    assert response.status_code == 302
    assert client.get("/j/DEMO01").status_code == 403
    assert client.get("/j/DEMO02").status_code == 200
    client.post(_url("/community"), data={"open": "1"})
    assert client.get("/j/DEMO01").status_code == 200
    events = db.session.scalars(
        select(AuditEvent).where(AuditEvent.action == "round.collection")
    ).all()
    assert len(events) == 2


def test_a_round_outside_the_collecting_phases_cannot_be_opened(client, login):
    round_ = demo_round()
    round_.state = "interface_meeting"
    round_.community_open = False
    db.session.commit()
    login(FACILITATOR)
    page = client.get(_url()).get_data(as_text=True)
    assert 'name="open" value="1"' not in page
    assert "Иргэдийн санал зөвхөн" in page
    client.post(_url("/community"), data={"open": "1"})
    db.session.refresh(round_)
    assert round_.community_open is False
    assert client.get("/j/DEMO01").status_code == 403


def test_shared_tablet_mode_is_toggled_by_the_facilitator(client, login):
    login(FACILITATOR)
    client.post(_url("/shared-device"), data={"shared": "1"})
    round_ = demo_round()
    db.session.refresh(round_)
    assert round_.shared_device is True
    client.post(_url("/shared-device"), data={"shared": "0"})
    db.session.refresh(round_)
    assert round_.shared_device is False


def test_bad_values_are_refused(client, login):
    login(FACILITATOR)
    assert client.post(_url("/community"), data={"open": "maybe"}).status_code == 400
    assert client.post(_url("/nobody"), data={"open": "1"}).status_code == 404
    assert client.post(_url("/shared-device"), data={}).status_code == 400


@pytest.mark.parametrize(
    ("email", "status"),
    [
        # Another organisation's round is not revealed (as on every round page) ...
        ("facilitator.khovd@egekh.demo", 404),
        # ... an official of the aimag may see the round but not control collection.
        ("official.dornod@egekh.demo", 403),
    ],
)
def test_other_organisations_and_officials_cannot_control_collection(
    client, login, email, status
):
    login(email)
    assert client.get(_url()).status_code == status
    assert client.get(_url("/qr-community.svg")).status_code == status
    assert client.post(_url("/community"), data={"open": "0"}).status_code == status
    assert client.get("/j/DEMO01").status_code == 200


def test_anonymous_visitors_are_sent_to_sign_in(client):
    response = client.get(_url())
    assert response.status_code == 302 and "/auth/login" in response.headers["Location"]
    assert client.post(_url("/community"), data={"open": "0"}).status_code == 302
    assert client.get("/j/DEMO01").status_code == 200


def test_every_citizen_and_collection_view_declares_its_permission(app):
    from app.permissions import ACCESS_ATTRIBUTE

    views = {
        rule.endpoint: app.view_functions[rule.endpoint]
        for rule in app.url_map.iter_rules()
        if rule.endpoint.startswith(("citizen.", "collection."))
    }
    assert len(views) >= 9
    undeclared = [name for name, view in views.items() if not hasattr(view, ACCESS_ATTRIBUTE)]
    assert undeclared == []
    assert getattr(views["collection.show"], ACCESS_ATTRIBUTE) == "round.edit"
