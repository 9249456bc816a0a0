"""Reading round periods ("2026-H2") so they can be said in words."""

from scorecards.periods import Period, parse_period, periods_in


def test_half_years_quarters_and_years_are_read():
    assert parse_period("2026-H2") == Period(2026, "half", 2)
    assert parse_period(" 2025 - h1 ") == Period(2025, "half", 1)
    assert parse_period("2027-Q3") == Period(2027, "quarter", 3)
    assert parse_period("2024") == Period(2024, "year")


def test_anything_else_is_left_as_typed():
    for label in ("", None, "2026-H3", "2026-Q5", "Spring 2026", "20261-H1", "2026-H2b"):
        assert parse_period(label) is None, label


def test_periods_inside_a_title_are_found_where_they_are():
    title = "Матад сумын 3-р сургууль — 2026-H2"
    [(start, end, period)] = periods_in(title)
    assert title[start:end] == "2026-H2" and period == Period(2026, "half", 2)
    assert periods_in("School No. 2026 opened in 1999") == []
