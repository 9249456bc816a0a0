"""Figures from summed summary rows, gaps, trends and action follow-up."""

import math
from datetime import date

import numpy as np
import pandas as pd
import pytest

from scorecards import stats
from scorecards.aggregation import (
    action_figures,
    distribution_shares,
    gap_by_indicator,
    indicator_figures,
    median_from_distribution,
    order_linked_rounds,
    records,
    round_half_up,
    trend,
)
from scorecards.errors import DomainError
from scorecards.summaries import summarise_scores, summarise_tallies
from tests.scorecards.test_stats import ci95

SCALES = {10: "faces5", 11: "zero10", 12: "faces5"}


def scores(rows):
    """rows: (round_indicator_id, indicator_id, value) of community women."""
    frame = pd.DataFrame(rows, columns=["round_indicator_id", "indicator_id", "value"])
    frame["side"] = "community"
    frame["group_kind"] = "women"
    frame["gender"] = "female"
    frame["age_band"] = "18_34"
    frame["disability"] = "no"
    return frame


def figures_of(rows, scales=SCALES, **kwargs):
    summary, distribution = summarise_scores(scores(rows), scales)
    return indicator_figures(summary, distribution, **kwargs)


# ----------------------------------------------------------------------------- median


@pytest.mark.parametrize(
    ("points", "counts", "expected"),
    [
        ([3, 4], [1, 1], 3.5),  # even count: (3 + 4) / 2
        ([1, 2, 5], [1, 1, 1], 2.0),  # odd count: the middle value
        ([1, 5], [2, 2], 3.0),  # 1 1 5 5 -> (1 + 5) / 2
        ([5, 1, 3], [1, 2, 1], 2.0),  # unsorted: 1 1 3 5 -> (1 + 3) / 2
        ([2, 4], [3, 0], 2.0),  # zero counts ignored
        ([], [], None),
    ],
)
def test_median_from_distribution(points, counts, expected):
    assert median_from_distribution(points, counts) == expected


# ----------------------------------------------------------------------------- golden


def test_golden_even_count_mean_median_interval():
    # values 3 and 4 on 1-5: mean 3.5, median 3.5, sd = sqrt(0.5), se = 0.5,
    # t(1 df) = 12.706 -> interval 3.5 -/+ 6.353 = (-2.853, 9.853), cut at the
    # scale's ends -> (1, 5); normalised: (3.5 - 1) * 100 / 4 = 62.5, half-width
    # 6.353 * 25 = 158.825 -> (-96.3, 221.3), cut at 0 and 100 -> (0, 100)
    row = figures_of([(1, 10, 3), (1, 10, 4)]).iloc[0]
    assert (row.n, row["mean"], row["median"]) == (2, 3.5, 3.5)
    assert (row.ci_low, row.ci_high) == (1.0, 5.0)
    assert row.mean_100 == pytest.approx(62.5)
    assert (row.ci_low_100, row.ci_high_100) == (0.0, 100.0)
    assert row.positive == 1 and row.share_positive == 0.5  # 4 is positive, 3 is not
    assert row.scale_code == "faces5" and not row.mixed_scales


def test_missing_excluded_not_zero():
    # 2, 4, missing -> mean (2 + 4) / 2 = 3 (not 6 / 3 = 2), median 3, n_missing 1
    row = figures_of([(1, 10, 2), (1, 10, 4), (1, 10, None)]).iloc[0]
    assert (row.n, row.n_missing, row.respondents) == (2, 1, 3)
    assert (row["mean"], row["median"]) == (3.0, 3.0)
    assert row.share_positive == 0.5


def test_single_value_has_no_interval_and_no_answers_no_figures():
    frame = figures_of([(1, 10, 5), (1, 11, None)])
    one = frame[frame.indicator_id == 10].iloc[0]
    none = frame[frame.indicator_id == 11].iloc[0]
    assert one["mean"] == 5.0 and math.isnan(one.ci_low) and math.isnan(one.ci_low_100)
    assert none.n == 0 and none.n_missing == 1
    assert all(math.isnan(none[c]) for c in ("mean", "median", "mean_100", "share_positive"))


def test_mixed_scales_combine_only_normalised_figures():
    # Same indicator 10 scored on 1-5 in round_indicator 1 and on 0-10 in 2.
    # 1-5: values 1, 5 -> normalised 0, 100 (mean 50, n 2)
    # 0-10: values 5, 5, 5, 10 -> normalised 50, 50, 50, 100 (mean 62.5, n 4)
    # mean_100 = (2 * 50 + 4 * 62.5) / 6 = 350 / 6 = 58.333...
    # positives: 5 on 1-5 (>= 4) and 10 on 0-10 (>= 7) -> 2 / 6
    rows = [(1, 10, 1), (1, 10, 5), (2, 20, 5), (2, 20, 5), (2, 20, 5), (2, 20, 10)]
    frame = scores(rows)
    summary_a, dist_a = summarise_scores(frame[frame.round_indicator_id == 1], {10: "faces5"})
    summary_b, dist_b = summarise_scores(frame[frame.round_indicator_id == 2], {20: "zero10"})
    summary = pd.concat([summary_a, summary_b])
    distribution = pd.concat([dist_a, dist_b])
    summary["indicator_id"] = 10
    distribution["indicator_id"] = 10
    row = indicator_figures(summary, distribution).iloc[0]
    assert row.mixed_scales and row.scale_code is None
    assert math.isnan(row["mean"]) and math.isnan(row["median"]) and math.isnan(row.ci_low)
    assert row.mean_100 == pytest.approx(350 / 6)
    assert row.n == 6 and row.positive == 2
    assert row.share_positive == pytest.approx(2 / 6)
    low, high = ci95([0, 100, 50, 50, 50, 100])
    assert (row.ci_low_100, row.ci_high_100) == (pytest.approx(low), pytest.approx(high))
    shares = distribution_shares(distribution)
    assert set(shares["scale_code"]) == {"faces5", "zero10"}
    assert len(shares) == 5 + 11  # every point of each scale, never merged


def test_distribution_shares_fill_zero_points():
    summary, distribution = summarise_scores(scores([(1, 10, 3), (1, 10, 3), (1, 10, 5)]),
                                             SCALES)
    shares = distribution_shares(distribution)
    assert shares["point"].tolist() == [1, 2, 3, 4, 5]
    assert shares["count"].tolist() == [0, 0, 2, 0, 1]
    assert shares["share"].tolist() == pytest.approx([0, 0, 2 / 3, 0, 1 / 3])


def test_distribution_must_match_n():
    summary, distribution = summarise_scores(scores([(1, 10, 3), (1, 10, 4)]), SCALES)
    with pytest.raises(DomainError) as error:
        indicator_figures(summary, distribution.iloc[:1])
    assert error.value.code == "distribution_mismatch"


# ----------------------------------------------------------------------------- sources


def _individual_and_tally():
    individual = summarise_scores(scores([(1, 10, 2), (1, 10, 4)]), SCALES)
    tally_rows = pd.DataFrame({
        "round_indicator_id": [1], "indicator_id": [10], "side": ["community"],
        "group_kind": ["men"], "value": [5], "count": [2],
    })
    tally = summarise_tallies(tally_rows, SCALES)
    return (pd.concat([individual[0], tally[0]]), pd.concat([individual[1], tally[1]]))


def test_sources_are_never_mixed_silently():
    summary, distribution = _individual_and_tally()
    with pytest.raises(DomainError) as error:
        indicator_figures(summary, distribution)
    assert error.value.code == "sources_mixed"


def test_sources_pooled_when_asked_and_kept_apart_by_key():
    summary, distribution = _individual_and_tally()
    pooled = indicator_figures(summary, distribution, pool_sources=("individual", "tally"))
    # 2, 4, 5, 5 -> mean 16 / 4 = 4, median (4 + 5) / 2 = 4.5
    row = pooled.iloc[0]
    assert (row.source, row.n, row["mean"], row["median"]) == ("individual+tally", 4, 4.0, 4.5)
    apart = indicator_figures(summary, distribution, by=("indicator_id", "source"))
    assert apart["source"].tolist() == ["individual", "tally"]
    assert apart["mean"].tolist() == [3.0, 5.0]


def test_consensus_is_never_pooled():
    summary, distribution = _individual_and_tally()
    with pytest.raises(DomainError) as error:
        indicator_figures(summary, distribution, pool_sources=("individual", "consensus"))
    assert error.value.code == "consensus_not_poolable"


# ----------------------------------------------------------------------------- equivalence


def test_summaries_then_aggregation_equal_direct_statistics():
    rng = np.random.default_rng(20240601)
    size = 3000
    indicator = rng.choice([10, 11], size)
    values = np.where(indicator == 10, rng.integers(1, 6, size), rng.integers(0, 11, size))
    values = values.astype(float)
    values[rng.random(size) < 0.08] = np.nan
    round_indicator = rng.integers(1, 9, size) * 100 + indicator
    frame = pd.DataFrame({
        "round_indicator_id": round_indicator,
        "indicator_id": indicator,
        "side": "community",
        "group_kind": rng.choice(["women", "men", None], size),
        "gender": rng.choice(["female", "male", None], size),
        "age_band": rng.choice(["18_34", "35_59"], size),
        "disability": "no",
        "value": values,
    })
    frame["aimag"] = np.where(frame.round_indicator_id < 500, "MN-047", "MN-049")
    summaries, distributions = [], []
    for round_id in sorted(set(frame.round_indicator_id // 100)):  # one round at a time
        part = frame[frame.round_indicator_id // 100 == round_id]
        summary, distribution = summarise_scores(part, SCALES)
        summaries.append(summary)
        distributions.append(distribution)
    summary = pd.concat(summaries)
    distribution = pd.concat(distributions)
    # What SQL would return: SUM over the summary table grouped by aimag and indicator.
    aimag = lambda ri: np.where(ri < 500, "MN-047", "MN-049")  # noqa: E731
    summary["aimag"] = aimag(summary.round_indicator_id)
    distribution["aimag"] = aimag(distribution.round_indicator_id)
    keys = ["aimag", "indicator_id", "scale_code", "source"]
    summed = summary.groupby(keys)[["n", "n_missing", "total", "total_squares"]].sum()
    summed_dist = distribution.groupby([*keys, "point"])["count"].sum()
    result = indicator_figures(
        summed.reset_index(), summed_dist.reset_index(), by=("aimag", "indicator_id")
    )
    shares = distribution_shares(summed_dist.reset_index(), by=("aimag", "indicator_id"))
    assert len(result) == 4
    for row in result.to_dict(orient="records"):
        raw = frame[(frame.aimag == row["aimag"]) & (frame.indicator_id == row["indicator_id"])]
        present = [None if math.isnan(v) else v for v in raw.value]
        values = stats.present(present)
        assert (row["n"], row["n_missing"]) == (len(values), len(present) - len(values))
        assert row["mean"] == pytest.approx(stats.mean(values), abs=1e-12)
        assert row["median"] == stats.median(values)
        assert (row["ci_low"], row["ci_high"]) == pytest.approx(ci95(values), abs=1e-9)
        span = 4 if row["indicator_id"] == 10 else 10
        low = 1 if row["indicator_id"] == 10 else 0
        assert row["mean_100"] == pytest.approx((stats.mean(values) - low) * 100 / span)
        counts = raw.value.dropna().astype(int).value_counts()
        mine = shares[
            (shares.aimag == row["aimag"]) & (shares.indicator_id == row["indicator_id"])
        ]
        for point, count in zip(mine.point, mine["count"], strict=True):
            assert count == counts.get(point, 0)


# ----------------------------------------------------------------------------- rounding


@pytest.mark.parametrize(
    ("value", "digits", "expected"),
    [
        (2.5, 0, 3.0),
        (3.5, 0, 4.0),
        (-2.5, 0, -3.0),
        (2.675, 2, 2.68),  # round() gives 2.67 (binary float below 2.675)
        (0.125, 2, 0.13),
        (72.4999, 0, 72.0),
        (None, 0, None),
        (float("nan"), 1, None),
    ],
)
def test_round_half_up(value, digits, expected):
    assert round_half_up(value, digits) == expected


# ----------------------------------------------------------------------------- gaps


def test_gap_matches_by_indicator_not_position():
    community = pd.DataFrame({"indicator_id": [2, 1], "mean_100": [40.0, 80.0], "n": [9, 8]})
    provider = pd.DataFrame({"indicator_id": [1, 3], "mean_100": [90.0, 70.0], "n": [3, 3]})
    gap = gap_by_indicator(community, provider)
    assert gap["indicator_id"].tolist() == [1, 2, 3]
    assert gap["gap"].tolist()[0] == -10.0  # 80 - 90, matched on indicator 1
    assert math.isnan(gap["gap"][1]) and math.isnan(gap["gap"][2])
    assert gap["only"].tolist() == [None, "community", "provider"]
    assert gap["community_n"].tolist()[:2] == [8, 9]
    assert records(gap)[1]["provider"] is None


def test_gap_refuses_duplicate_indicators():
    community = pd.DataFrame({"indicator_id": [1, 1], "mean_100": [40.0, 80.0]})
    provider = pd.DataFrame({"indicator_id": [1], "mean_100": [90.0]})
    with pytest.raises(DomainError) as error:
        gap_by_indicator(community, provider)
    assert error.value.code == "indicator_duplicated"


# ----------------------------------------------------------------------------- trend


@pytest.mark.parametrize(
    ("links", "expected"),
    [
        ({"c": "b", "a": None, "b": "a"}, ["a", "b", "c"]),
        ({"b": "x", "c": "b"}, ["b", "c"]),  # previous outside the set starts the chain
        ({"a": None}, ["a"]),
    ],
)
def test_order_linked_rounds(links, expected):
    assert order_linked_rounds(links) == expected


@pytest.mark.parametrize(
    ("links", "code"),
    [
        ({"a": None, "b": "a", "c": "a"}, "round_chain_branched"),
        ({"a": None, "b": None}, "round_chain_broken"),
        ({"a": None, "b": "c", "c": "b"}, "round_chain_broken"),
    ],
)
def test_order_linked_rounds_refuses(links, code):
    with pytest.raises(DomainError) as error:
        order_linked_rounds(links)
    assert error.value.code == code


def test_trend_change_only_between_neighbouring_periods():
    frames = {
        "r2": pd.DataFrame({"indicator_id": [1, 2], "mean_100": [50.0, 40.0]}),
        "r1": pd.DataFrame({"indicator_id": [1], "mean_100": [30.0]}),
        "r3": pd.DataFrame({"indicator_id": [1, 2], "mean_100": [45.0, float("nan")]}),
    }
    result = trend(frames, order=order_linked_rounds({"r1": None, "r2": "r1", "r3": "r2"}))
    one = result[result.indicator_id == 1]
    assert one["period"].tolist() == ["r1", "r2", "r3"]
    assert one["value"].tolist() == [30.0, 50.0, 45.0]
    assert one["change"].tolist()[1:] == [20.0, -5.0]  # 50 - 30, 45 - 50
    two = result[result.indicator_id == 2]
    assert two["present"].tolist() == [False, True, True]
    assert two["change"].isna().all()  # new in r2; suppressed (NaN) in r3


def test_trend_rejects_unknown_period():
    with pytest.raises(DomainError) as error:
        trend({"a": pd.DataFrame({"indicator_id": [1], "mean_100": [1.0]})}, order=["a", "b"])
    assert error.value.code == "period_unknown"


# ----------------------------------------------------------------------------- actions

TODAY = date(2026, 6, 15)


@pytest.mark.parametrize(
    ("rows", "expected"),
    [
        # done on time, done late, overdue, not yet due, dropped:
        # on time 1 / (done 2 + overdue 1) = 1/3
        (
            [
                ("done", "2026-06-01", "2026-05-30"),
                ("done", "2026-06-01", "2026-06-10"),
                ("in_progress", "2026-06-14", None),
                ("planned", "2026-07-01", None),
                ("dropped", "2026-01-01", None),
            ],
            dict(agreed=5, done=2, in_progress=1, planned=1, dropped=1, overdue=1,
                 done_on_time=1, share_done_on_time=1 / 3),
        ),
        # due today is not overdue; completed on the due date is on time
        (
            [("planned", "2026-06-15", None), ("done", "2026-06-01", "2026-06-01")],
            dict(agreed=2, overdue=0, done_on_time=1, share_done_on_time=1.0),
        ),
        # done without due date counts as on time; done without completion date does not
        (
            [("done", None, "2026-01-01"), ("done", "2026-06-01", None)],
            dict(done=2, done_on_time=1, share_done_on_time=0.5),
        ),
        # nothing due and nothing done -> no share
        (
            [("planned", "2026-12-01", None), ("in_progress", None, None)],
            dict(overdue=0, share_done_on_time=None),
        ),
        ([], dict(agreed=0, share_done_on_time=None)),
    ],
)
def test_action_figures(rows, expected):
    actions = pd.DataFrame(rows, columns=["status", "due_date", "completed_on"])
    figures = action_figures(actions, TODAY).as_dict()
    for key, value in expected.items():
        assert figures[key] == (pytest.approx(value) if isinstance(value, float) else value), key


def test_action_unknown_status():
    actions = pd.DataFrame({"status": ["finished"], "due_date": [None], "completed_on": [None]})
    with pytest.raises(DomainError) as error:
        action_figures(actions, TODAY)
    assert error.value.code == "action_status_unknown"
