"""Meeting figures: each source apart, and a gap that compares like with like."""

import pytest

from scorecards.meeting import (
    CONSENSUS,
    VOTES,
    SourceFigure,
    figure_from_counts,
    figure_from_values,
    like_for_like_gap,
    pooled_votes,
)


@pytest.mark.parametrize(
    ("counts", "missing", "expected"),
    [
        # 2,2,2,4: mean 10/4 = 2.5; even n: median = (2 + 2) / 2 = 2
        ({2: 3, 4: 1}, 0, SourceFigure(4, 0, 2.5, 2.0)),
        # 1,5: mean 3, median (1 + 5) / 2 = 3; two missing are not zeros
        ({1: 1, 5: 1}, 2, SourceFigure(2, 2, 3.0, 3.0)),
        # 3,3,4: mean 10/3, median 3
        ({3: 2, 4: 1}, 0, SourceFigure(3, 0, 10 / 3, 3.0)),
        ({}, 3, SourceFigure(0, 3, None, None)),  # only missing: no figure
        ({4: 0}, 0, SourceFigure(0, 0, None, None)),  # zero counts add nothing
    ],
)
def test_figure_from_counts(counts, missing, expected):
    assert figure_from_counts(counts, missing) == expected


def test_figure_from_values_counts_missing_groups_apart():
    # groups agreed 4, 3 and "not applicable": n 2, mean 3.5, median 3.5
    assert figure_from_values([4, 3, None]) == SourceFigure(2, 1, 3.5, 3.5)


def test_negative_counts_are_a_programming_error():
    with pytest.raises(ValueError):
        figure_from_counts({3: -1})


def test_votes_pool_individual_answers_and_tallies():
    # individual 5,5 + tallies 1,1,1: mean 13/5 = 2.6, median 1
    assert pooled_votes({5: 2}, {1: 3}, 1, 0) == SourceFigure(5, 1, 2.6, 1.0)


FIG = SourceFigure


@pytest.mark.parametrize(
    ("cv", "pv", "cc", "pc", "source", "value"),
    [
        # both sides voted: votes vs votes, 2.5 - 4.0 = -1.5, consensus ignored
        (FIG(4, 0, 2.5), FIG(2, 0, 4.0), FIG(1, 0, 1.0), FIG(1, 0, 5.0), VOTES, -1.5),
        # providers only agreed a consensus: consensus vs consensus, 3.25 - 5 = -1.75
        (FIG(4, 0, 2.5), FIG(), FIG(4, 0, 3.25), FIG(1, 0, 5.0), CONSENSUS, -1.75),
        # consensus-only round
        (FIG(), FIG(), FIG(2, 0, 4.0), FIG(1, 0, 3.0), CONSENSUS, 1.0),
        # community votes, provider consensus: not like with like, no gap
        (FIG(4, 0, 2.5), FIG(), FIG(), FIG(1, 0, 5.0), None, None),
        (FIG(), FIG(), FIG(), FIG(), None, None),
    ],
)
def test_like_for_like_gap(cv, pv, cc, pc, source, value):
    gap = like_for_like_gap(cv, pv, cc, pc)
    assert gap.source == source
    assert gap.value == (pytest.approx(value) if value is not None else None)


def test_vote_counts_feed_both_the_meeting_figures_and_the_projector():
    from scorecards.meeting import VoteCounts, point_counts

    votes = VoteCounts()
    votes.add("individual", 2.0, 3)
    votes.add("individual", None, 1)
    votes.add("tally", 4.0, 1)
    votes.add("tally", 2.5, 2)  # not a point of the projector's 1–5 scale below
    votes.add("tally", 3.0, 0)
    assert votes.individual_figure == SourceFigure(3, 1, 2.0, 2.0)
    assert votes.votes == pooled_votes({2.0: 3}, {4.0: 1, 2.5: 2}, 1, 0)
    assert point_counts(votes, ["1", "2", "3", "4", "5"], "na") == {
        "1": 0, "2": 3, "3": 0, "4": 1, "5": 0, "na": 1,
    }
    assert point_counts(votes, ["2", "2.5", "4"], "na")["2.5"] == 2
    with pytest.raises(ValueError):
        votes.add("consensus", 1.0, 1)
