"""The interface meeting and the projector read a round's votes once
(:func:`app.services.reports.round_scores.vote_counts`) and agree on every figure."""

from __future__ import annotations

from app.extensions import db
from app.models import Response, Score
from app.services.live import live_counts
from app.services.meeting import comparison
from app.services.reports.round_scores import vote_counts
from scorecards.meeting import point_counts
from tests.app.views.helpers import open_demo_round


def _form(round_, number: int, side: str, value: float | None) -> None:
    response = Response(
        uuid=f"00000000-0000-4000-8000-{number:012d}",
        receipt="AAAA-AAAA",
        content_hash="x",
        round_id=round_.id,
        side=side,
        channel="phone",
        gender="female",
    )
    missing = "dont_know" if value is None else None
    response.scores = [
        Score(round_indicator_id=round_.indicators[0].id, value=value, missing_reason=missing)
    ]
    db.session.add(response)


def test_the_meeting_and_the_projector_count_the_same_votes(app):
    round_ = open_demo_round()
    first = round_.indicators[0]
    before = vote_counts(round_).get(("community", first.id))
    before_n = before.votes.n if before else 0
    for number, value in enumerate((2, 2, 5, None), start=900001):
        _form(round_, number, "community", value)
    db.session.flush()
    votes = vote_counts(round_)[("community", first.id)]
    assert votes.votes.n == before_n + 3
    row = {r.ri.id: r for r in comparison(round_)}[first.id]
    assert row.community.votes == votes.votes
    assert row.community.individual_figure == votes.individual_figure
    live = live_counts(round_, "mn")
    community = next(s for s in live["sides"] if s["side"] == "community")
    counts = next(i for i in community["indicators"] if i["id"] == first.id)["counts"]
    assert counts == point_counts(votes, live["points"][:-1], "na")
    assert counts["5"] >= 1 and counts["na"] >= 1
