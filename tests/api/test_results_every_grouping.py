"""``/api/v1/results`` answers every grouping and source of the demo without a 5xx.

Issue 10: on the demo, ``source=votes`` with a demographic breakdown answered 500
``distribution_mismatch`` where one source's answers in a cell were all missing, and a
selection holding only missing answers answered 500 (``ValueError``).
"""

from __future__ import annotations

from itertools import combinations

import pytest
from sqlalchemy import func, select

from app.extensions import db
from app.models.reports import ResultSummary
from app.services.reports import query as reports

SOURCES = tuple(reports.SOURCES)


def _groupings():
    yield ""
    yield from reports.GROUPINGS
    for a, b in combinations(reports.GROUPINGS, 2):
        if a in reports.BREAKDOWN_GROUPINGS and b in reports.BREAKDOWN_GROUPINGS:
            continue  # refused with 400: one breakdown at a time
        yield f"{a},{b}"


def _missing_only_cells():
    """(round, indicator, breakdown, category, source) cells of the demo whose answers
    were all missing: n 0, n_missing > 0."""
    n = func.sum(ResultSummary.n)
    missing = func.sum(ResultSummary.n_missing)
    keys = (
        ResultSummary.round_id,
        ResultSummary.indicator_id,
        ResultSummary.breakdown,
        ResultSummary.category,
        ResultSummary.source,
    )
    statement = (
        select(*keys)
        .where(ResultSummary.breakdown.in_(reports.BREAKDOWN_GROUPINGS))
        .group_by(*keys)
        .having(n == 0, missing > 0)
        .order_by(*keys)
    )
    return db.session.execute(statement).all()


@pytest.mark.parametrize("source", SOURCES)
def test_every_grouping_and_source_answers_without_server_error(client, source):
    failures = []
    for by in _groupings():
        response = client.get(f"/api/v1/results?by={by}&source={source}")
        if response.status_code >= 500:
            failures.append((by, source, response.status_code))
    assert failures == []


def test_breakdowns_per_round_with_missing_only_cells(client):
    # Per round, the cells where one source's answers were all missing: pooled votes
    # by indicator and breakdown must agree with their distribution (was 500).
    cells = _missing_only_cells()
    assert cells, "the demo has cells whose answers were all missing"
    rounds = sorted({cell.round_id for cell in cells})
    failures = []
    for round_id in rounds:
        for breakdown in ("gender", "age_band", "disability", "group_kind"):
            for source in SOURCES:
                query = f"by=indicator,{breakdown}&round={round_id}&source={source}"
                response = client.get(f"/api/v1/results?{query}")
                if response.status_code != 200:
                    failures.append((query, response.status_code))
    assert failures == []


def test_a_selection_of_only_missing_answers_says_nothing_was_scored(client):
    cells = [cell for cell in _missing_only_cells() if cell.source == "individual"]
    assert cells
    for cell in cells[:10]:
        query = (
            f"round={cell.round_id}&indicator={cell.indicator_id}"
            f"&{cell.breakdown}={cell.category}&source=individual"
        )
        response = client.get(f"/api/v1/results?{query}")
        assert response.status_code == 200, query
        (row,) = response.get_json()["results"]
        # nothing scored: no mean, and hidden like any cell under k people, with its
        # counts (how many said "don't know" is a figure about them too; issue 12)
        assert row["n"] is None and row["n_missing"] is None, query
        assert row["mean"] is None and row["mean_100"] is None and row["suppressed"] is True
