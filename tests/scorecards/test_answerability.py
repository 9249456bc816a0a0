"""Answerability figures: counted by hand from small sets of actions."""

from datetime import date

from scorecards.answerability import ActionAnswers, by_office, figures, median_days

TODAY = date(2026, 6, 1)


def action(agreed, due, status="planned", answered=None, office=None) -> ActionAnswers:
    return ActionAnswers(agreed, due, status, answered, office)


def test_median_is_the_middle_value_or_the_mean_of_the_two_middle_rounded_half_up():
    assert median_days([]) is None
    assert median_days([7]) == 7
    assert median_days([9, 1, 4]) == 4  # 1 4 9
    assert median_days([2, 3]) == 3  # (2 + 3) / 2 = 2.5 → 3
    assert median_days([10, 1, 4, 6]) == 5  # 1 4 6 10 → (4 + 6) / 2


def test_figures_of_a_small_aimag():
    actions = [
        # agreed 1 March, due 1 July, answered 11 March: on time, 10 days; not yet due
        action(date(2026, 3, 1), date(2026, 7, 1), answered=date(2026, 3, 11), office="A"),
        # agreed 1 March, due 5 March, answered 21 March: late, 20 days; open after
        # its due date: overdue
        action(date(2026, 3, 1), date(2026, 3, 5), "in_progress", date(2026, 3, 21), "A"),
        # no due date, answered the day it was agreed: 0 days, never "on time"
        action(date(2026, 3, 1), None, answered=date(2026, 3, 1), office="B"),
        # unanswered, done: not overdue
        action(date(2026, 3, 1), date(2026, 3, 2), "done"),
        # unanswered, planned, due 31 May (before 1 June): overdue
        action(date(2026, 3, 1), date(2026, 5, 31)),
        # due today: not overdue
        action(date(2026, 3, 1), TODAY),
    ]
    got = figures(actions, TODAY)
    # answered 3 (days 10, 20, 0 → sorted 0 10 20 → median 10); on time 1; overdue 2
    assert got.as_dict() == {
        "agreed": 6, "answered": 3, "answered_on_time": 1, "median_days": 10, "overdue": 2,
    }


def test_an_answer_before_the_agreed_day_counts_zero_days():
    early = action(date(2026, 3, 10), date(2026, 4, 1), answered=date(2026, 3, 8))
    assert figures([early], TODAY).median_days == 0


def test_offices_are_the_office_of_the_first_answer_spelling_and_case_ignored():
    actions = [
        action(date(2026, 3, 1), date(2026, 7, 1), answered=date(2026, 3, 3),
               office="Боловсролын газар"),
        action(date(2026, 3, 1), date(2026, 3, 2), answered=date(2026, 3, 6),
               office="  боловсролын   газар "),
        action(date(2026, 3, 1), date(2026, 7, 1), answered=date(2026, 3, 2),
               office="Эрүүл мэндийн газар"),
        action(date(2026, 3, 1), date(2026, 4, 1)),  # unanswered: no office
    ]
    rows = by_office(actions, TODAY)
    # Education: days 2 and 5 → (2 + 5) / 2 = 3.5 → 4; on time 1 (the first);
    # the second is open and due 2 March: overdue. Health: 1 day, on time.
    assert [(name, f.as_dict()) for name, f in rows] == [
        ("Боловсролын газар",
         {"agreed": 2, "answered": 2, "answered_on_time": 1, "median_days": 4, "overdue": 1}),
        ("Эрүүл мэндийн газар",
         {"agreed": 1, "answered": 1, "answered_on_time": 1, "median_days": 1, "overdue": 0}),
    ]
