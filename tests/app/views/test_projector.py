"""The projector view shows live aggregates only."""

from __future__ import annotations

from app.extensions import db
from app.models import Response, Score
from tests.app.views.helpers import EAST, WEST, open_demo_round


def _response(round_, group, gender, value, comment="Миний нэр Бат, утас 99112233"):
    response = Response(
        uuid=f"00000000-0000-4000-8000-{group.id:06d}{value:06d}",
        receipt="AAAA-AAAA",
        content_hash="x",
        round_id=round_.id,
        side="community",
        channel="phone",
        group_id=group.id,
        gender=gender,
        comment=comment,
    )
    response.scores = [
        Score(round_indicator_id=round_.indicators[0].id, value=value, reason="Миний нууц шалтгаан")
    ]
    db.session.add(response)


def test_counts_by_group_gender_and_distribution_without_individual_answers(client, login):
    round_ = open_demo_round()
    group = next(g for g in round_.groups if g.side == "community")
    _response(round_, group, "female", 2)
    _response(round_, group, "male", 5)
    db.session.commit()
    login(EAST)
    data = client.get(f"/rounds/{round_.id}/projector.json").get_json()
    row = next(g for g in data["groups"] if g["id"] == group.id)
    assert (row["female"], row["male"], row["total"]) == (1, 1, 2)
    community = next(s for s in data["sides"] if s["side"] == "community")
    first = next(i for i in community["indicators"] if i["id"] == round_.indicators[0].id)
    assert first["counts"]["2"] == 1 and first["counts"]["5"] == 1
    page = client.get(f"/rounds/{round_.id}/projector").get_data(as_text=True)
    assert "99112233" not in page and "Миний нууц шалтгаан" not in page
    assert "<script>" not in page and "projector.js" in page


def test_projector_of_other_organisation_is_not_found(client, login):
    login(WEST)
    round_ = open_demo_round()
    assert client.get(f"/rounds/{round_.id}/projector").status_code == 404
    assert client.get(f"/rounds/{round_.id}/projector.json").status_code == 404
