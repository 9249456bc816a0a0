"""The interface meeting: scores matched by indicator, the chart, the record."""

from __future__ import annotations

from sqlalchemy import select

from app.extensions import db
from app.models import AuditEvent, InterfaceMeeting, Tally
from app.services.meeting import comparison
from scorecards.lifecycle import Phase
from tests.app.views.helpers import EAST, WEST, east_round, open_demo_round


def _tally(round_, group, ri, value, count):
    db.session.add(
        Tally(
            round_id=round_.id,
            group_id=group.id,
            round_indicator_id=ri.id,
            point=str(value),
            value=float(value),
            count=count,
        )
    )


def test_scores_are_matched_by_indicator_and_one_side_only_is_shown(app):
    round_ = open_demo_round()
    community = next(g for g in round_.groups if g.side == "community")
    provider = next(g for g in round_.groups if g.side == "provider")
    first, second = round_.indicators[0], round_.indicators[1]
    _tally(round_, community, first, 2, 3)
    _tally(round_, community, first, 4, 1)
    _tally(round_, provider, first, 5, 2)
    _tally(round_, provider, second, 4, 2)
    db.session.flush()
    rows = {row.ri.id: row for row in comparison(round_)}
    assert rows[first.id].community.mean == 2.5 and rows[first.id].provider.mean == 5
    assert rows[first.id].gap == -2.5
    assert rows[second.id].scored_by == "provider" and rows[second.id].gap is None


def test_meeting_page_chart_and_record(client, login):
    login(EAST)
    round_ = east_round(Phase.INTERFACE_MEETING)
    page = client.get(f"/rounds/{round_.id}/meeting")
    assert page.status_code == 200 and 'alt="' in page.get_data(as_text=True)
    svg = client.get(f"/rounds/{round_.id}/meeting/chart.svg")
    assert svg.mimetype == "image/svg+xml" and b"<svg" in svg.data
    png = client.get(f"/rounds/{round_.id}/meeting/chart.png")
    assert png.data.startswith(b"\x89PNG")
    response = client.post(
        f"/rounds/{round_.id}/meeting",
        data={
            "held_on": "2026-10-02",
            "place": "Сумын соёлын төв",
            "community_female": "14",
            "community_male": "9",
            "provider_female": "5",
            "provider_male": "2",
            "officials": "1",
            "notes": "Хэлэлцэв",
            "decisions": "Эмчийн хуваарь",
        },
    )
    assert response.status_code == 302
    meeting = db.session.scalar(
        select(InterfaceMeeting).where(InterfaceMeeting.round_id == round_.id)
    )
    assert (meeting.community_female, meeting.place) == (14, "Сумын соёлын төв")
    assert db.session.scalar(select(AuditEvent).where(AuditEvent.action == "meeting.save"))


def test_meeting_record_refuses_negative_attendance(client, login):
    login(EAST)
    round_ = open_demo_round()
    response = client.post(
        f"/rounds/{round_.id}/meeting", data={"held_on": "2026-10-02", "community_female": "-1"}
    )
    assert response.status_code == 400
    assert (
        db.session.scalar(select(InterfaceMeeting).where(InterfaceMeeting.round_id == round_.id))
        is None
    )


def test_meeting_of_other_organisation_is_not_found(client, login):
    login(WEST)
    round_ = open_demo_round()
    assert client.get(f"/rounds/{round_.id}/meeting").status_code == 404
    assert client.get(f"/rounds/{round_.id}/meeting/chart.svg").status_code == 404
    assert (
        client.post(f"/rounds/{round_.id}/meeting", data={"held_on": "2026-10-02"}).status_code
        == 404
    )
