"""Report figures through the web layer: hand-computed data and push-down checks."""

from __future__ import annotations

import math

import pandas as pd
import pytest
from sqlalchemy import select

from app.extensions import db
from app.models import Area, Facility, FacilityType, Response, Round, RoundIndicator, Score
from app.services.reports import query as reports
from scorecards.aggregation import median_from_distribution
from scorecards.lifecycle import Phase
from tests.app.report_data import EMPTY_AIMAG, indicator_id, make_round


def _aimag_id(code: str = EMPTY_AIMAG) -> int:
    return db.session.scalar(select(Area.id).where(Area.code == code))


def test_golden_figures_with_missing_values_and_an_even_count(app):
    # indicator 1: six present answers 1,2,3,4,5,5 and one "not applicable"
    make_round({1: [1, 2, 3, 4, 5, None, 5], 2: [2, 2, 2, 2, 2, 2, 2]})
    frame = reports.figures(
        reports.query(("indicator",), aimag=_aimag_id()), scope=EMPTY_AIMAG
    ).set_index("indicator")
    row = frame.loc[indicator_id(1)]
    assert row["n"] == 6 and row["n_missing"] == 1
    assert row["mean"] == pytest.approx(20 / 6)
    assert row["median"] == 3.5  # even count: mean of the 3rd and 4th values
    assert row["mean_100"] == pytest.approx((20 / 6 - 1) / 4 * 100)
    assert row["share_positive"] == pytest.approx(3 / 6)  # 4, 5, 5 are positive
    sd = math.sqrt(sum((v - 20 / 6) ** 2 for v in (1, 2, 3, 4, 5, 5)) / 5)
    half = 2.570582 * sd / math.sqrt(6)  # t(0.975, 5)
    assert row["ci_low"] == pytest.approx(20 / 6 - half, abs=1e-3)  # t taken to 3 decimals
    assert not row["suppressed"]
    assert frame.loc[indicator_id(2), "mean_100"] == pytest.approx(25.0)


def test_a_group_below_k_is_suppressed_but_k_itself_is_shown(app):
    make_round({1: [5, 5, 5, 5]}, gender="male", name="Жижиг сургууль")
    make_round({1: [1, 1, 1, 1, 1]}, gender="female", name="Том сургууль")
    frame = reports.figures(
        reports.query(("gender",), aimag=_aimag_id()), scope=EMPTY_AIMAG
    ).set_index("gender")
    assert frame.loc["male", "suppressed"] and pd.isna(frame.loc["male", "mean_100"])
    assert pd.isna(frame.loc["male", "people"])  # its size is hidden with it (issue 12)
    assert not frame.loc["female", "suppressed"]
    assert frame.loc["female", "mean_100"] == 0.0


def test_people_behind_a_multi_indicator_figure_are_counted_once(app):
    # 3 people × 3 indicators = 9 answers, but only 3 people: hidden.
    make_round({1: [4, 4, 4], 2: [4, 4, 4], 3: [4, 4, 4]})
    frame = reports.figures(reports.query((), aimag=_aimag_id()), scope=EMPTY_AIMAG)
    # 3 people × 3 indicators: no cell reaches k, so nothing counts and nothing shows
    assert pd.isna(frame.loc[0, "n"]) and pd.isna(frame.loc[0, "people"])
    assert frame.loc[0, "suppressed"]


@pytest.mark.app_config(PRIVACY_K=1)
def test_consensus_and_votes_are_reported_apart(app):
    frame = reports.figures(reports.query(("sector",), source="consensus"))
    votes = reports.figures(reports.query(("sector",), source="votes"))
    assert set(frame["source"]) == {"consensus"}
    assert not (set(votes["source"]) & {"consensus"})


def test_new_publication_refreshes_the_cached_report(app):
    q = reports.query(("aimag",), aimag=_aimag_id())
    assert reports.figures(q, scope=EMPTY_AIMAG).empty
    make_round({1: [3, 3, 3, 3, 3]})
    assert reports.figures(q, scope=EMPTY_AIMAG).loc[0, "mean_100"] == 50.0


def test_unpublished_rounds_only_when_asked(app):
    round_ = make_round({1: [2, 2, 2, 2, 2]}, state=Phase.REVIEW)
    public = reports.figures(reports.query(("aimag",), aimag=_aimag_id()), scope=EMPTY_AIMAG)
    assert public.empty
    official = reports.figures(
        reports.ResultQuery(("aimag",), (("aimag", _aimag_id()),), "votes", (round_.id,))
    )
    assert official.loc[0, "mean_100"] == 25.0


def _raw_frame() -> pd.DataFrame:
    """Every published community individual score with its grouping columns."""
    aimag = Area.__table__.alias("aimag")
    rows = db.session.execute(
        select(
            aimag.c.id.label("aimag"),
            FacilityType.sector_id.label("sector"),
            Response.gender,
            RoundIndicator.indicator_id.label("indicator"),
            Score.value,
        )
        .join(Response, Response.id == Score.response_id)
        .join(Round, Round.id == Response.round_id)
        .join(RoundIndicator, RoundIndicator.id == Score.round_indicator_id)
        .join(Facility, Facility.id == Round.facility_id)
        .join(FacilityType, FacilityType.id == Facility.facility_type_id)
        .join(Area, Area.id == Facility.area_id)
        .join(aimag, aimag.c.id == Area.parent_id)
        .where(Round.state == Phase.PUBLISHED, Response.side == "community")
    ).all()
    return pd.DataFrame(rows, columns=["aimag", "sector", "gender", "indicator", "value"])


@pytest.mark.app_config(PRIVACY_K=1)
@pytest.mark.parametrize("by", [("aimag", "sector"), ("gender",), ("sector", "indicator")])
def test_summary_push_down_matches_pandas_on_raw_scores(app, by):
    raw = _raw_frame()
    expected = (
        raw.dropna(subset=["value"])
        .groupby(list(by))["value"]
        .agg(["count", "mean", "median"])
        .sort_index()
    )
    missing = raw[raw["value"].isna()].groupby(list(by)).size()
    got = reports.figures(reports.query(by, source="individual", side="community"))
    got = got.set_index(list(by)).sort_index()
    assert list(got.index) == list(expected.index)
    assert (got["n"] == expected["count"]).all()
    assert got["mean"].to_numpy() == pytest.approx(expected["mean"].to_numpy())
    assert got["median"].to_numpy() == pytest.approx(expected["median"].to_numpy())
    assert (got["n_missing"] == missing.reindex(got.index, fill_value=0)).all()


def test_median_helper_agrees_with_pandas_on_a_distribution():
    values = [1, 1, 2, 4, 4, 5]
    assert median_from_distribution([1, 2, 4, 5], [2, 1, 2, 1]) == pd.Series(values).median()
