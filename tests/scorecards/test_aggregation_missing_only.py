"""Selections that hold only missing answers, and source labels of pooled votes.

Issue 10: ``/api/v1/results`` answered 500 for a selection whose answers were all
"don't know" / "not applicable" (no distribution rows at all), and for pooled votes
where one source's answers in a grouping were all missing (the summary named
"individual+tally", the distribution only "tally").
"""

import math

import pandas as pd
import pytest

from scorecards import stats
from scorecards.aggregation import indicator_figures
from scorecards.summaries import summarise_scores, summarise_tallies

SCALES = {10: "faces5"}


def _people(values, gender="undisclosed"):
    frame = pd.DataFrame({"value": values})
    frame["round_indicator_id"] = 1
    frame["indicator_id"] = 10
    frame["side"] = "community"
    frame["group_kind"] = "women"
    frame["gender"] = gender
    frame["age_band"] = "undisclosed"
    frame["disability"] = "undisclosed"
    return frame


def test_only_missing_answers_give_n_zero_not_an_error():
    # three people, every answer "don't know": n 0, 3 missing, no figure
    summary, distribution = summarise_scores(_people([None, None, None]), SCALES)
    assert distribution.empty  # nothing was scored, so no distribution rows
    for by in ((), ("indicator_id",)):
        figures = indicator_figures(summary, distribution, by=by)
        row = figures.iloc[0]
        assert (row.n, row.n_missing, row.respondents) == (0, 3, 3)
        assert math.isnan(row["mean"]) and math.isnan(row.mean_100)
        assert math.isnan(row.ci_low_100) and row.positive == 0


def test_pooled_votes_with_one_source_missing_only_agree():
    # the "undisclosed" cell: two individual answers, both missing, and a tally of
    # 4 people (two chose 4, two chose 5). The individual rows add n_missing 2 and
    # nothing to the distribution; the grouping is one pooled grouping:
    # n = 4, mean = (4 + 4 + 5 + 5) / 4 = 4.5, n_missing = 2
    individual = summarise_scores(_people([None, None]), SCALES)
    tally_rows = pd.DataFrame(
        {
            "round_indicator_id": [1, 1],
            "indicator_id": [10, 10],
            "side": ["community", "community"],
            "group_kind": ["women", "women"],
            "value": [4, 5],
            "count": [2, 2],
        }
    )
    tally = summarise_tallies(tally_rows, SCALES)
    summary = pd.concat([individual[0], tally[0]], ignore_index=True)
    distribution = pd.concat([individual[1], tally[1]], ignore_index=True)
    figures = indicator_figures(
        summary,
        distribution,
        by=("gender", "indicator_id"),
        pool_sources=("individual", "tally"),
    )
    assert len(figures) == 1
    row = figures.iloc[0]
    assert row.source == "individual+tally"
    assert (row.n, row.n_missing, row["mean"], row["median"]) == (4, 2, 4.5, 4.5)


# ----------------------------------------------------------------- intervals in the scale


def test_intervals_are_cut_at_the_ends_of_the_scale():
    # 0–10 scale, answers 0 and 10: mean 5, sd = sqrt(50), se = 5, t(1) = 12.706,
    # half-width 63.53 -> (-58.53, 68.53) before cutting; on 0–100 the same x10.
    frame = _people([0, 10])
    summary, distribution = summarise_scores(frame, {10: "zero10"})
    row = indicator_figures(summary, distribution).iloc[0]
    assert row["mean"] == 5.0 and row.mean_100 == 50.0
    assert (row.ci_low, row.ci_high) == (0.0, 10.0)
    assert (row.ci_low_100, row.ci_high_100) == (0.0, 100.0)


def test_a_narrow_interval_is_not_changed():
    # faces5, 30 answers: ten each of 3, 4 and 5; mean 4, sd = sqrt(20/29),
    # half-width = t(29) 2.045 * sd / sqrt(30) = 0.3101 -> (3.690, 4.310), inside 1–5
    frame = _people([3] * 10 + [4] * 10 + [5] * 10)
    summary, distribution = summarise_scores(frame, SCALES)
    row = indicator_figures(summary, distribution).iloc[0]
    assert row.ci_low == pytest.approx(3.690, abs=1e-3)
    assert row.ci_high == pytest.approx(4.310, abs=1e-3)
    assert row.ci_low_100 == pytest.approx(67.25, abs=0.03)  # (3.690 - 1) * 25


def test_stats_interval_bounds():
    # 3 and 4: (-2.853, 9.853) unbounded; cut at 1 and 5
    low, high = stats.ci95_from_moments([2], [7.0], [25.0])
    assert low[0] == pytest.approx(-2.853, abs=1e-3) and high[0] == pytest.approx(9.853, abs=1e-3)
    low, high = stats.ci95_from_moments([2], [7.0], [25.0], 1, 5)
    assert (low[0], high[0]) == (1.0, 5.0)
