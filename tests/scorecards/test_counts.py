"""The one definition of people, forms and answers, and follow-up chains."""

from __future__ import annotations

from dataclasses import dataclass

from scorecards.counts import Counts, GroupRecord, group_people, people_by_gender, total
from scorecards.followup import action_chains, chains


def test_a_group_answering_as_a_group_counts_its_recorded_members():
    group = GroupRecord(forms={}, answered_as_group=True, recorded={"female": 7, "male": 5})
    assert group_people(group) == {"female": 7, "male": 5}


def test_a_group_is_never_counted_twice():
    # 10 women sent forms and the same group agreed a consensus: 10 people, not 20.
    both = GroupRecord(forms={"female": 10}, answered_as_group=True, recorded={"female": 10})
    assert group_people(both) == {"female": 10}
    # More forms than members recorded: the forms are the better count.
    more_forms = GroupRecord(
        forms={"female": 9, "male": 3}, answered_as_group=True, recorded={"female": 8}
    )
    assert group_people(more_forms) == {"female": 9, "male": 3}


def test_without_recorded_members_a_tally_proves_its_heads():
    tallied = GroupRecord(forms={}, answered_as_group=True, tally_heads=11)
    assert group_people(tallied) == {"undisclosed": 11}
    # A consensus with no one counted adds nobody beyond the group's forms.
    agreed = GroupRecord(forms={"male": 2}, answered_as_group=True)
    assert group_people(agreed) == {"male": 2}


def test_forms_without_a_group_count_one_person_each():
    groups = [GroupRecord(forms={"female": 3})]
    assert people_by_gender(groups, {"female": 1, "undisclosed": 2}) == {
        "female": 4,
        "undisclosed": 2,
    }


def test_counts_add_up():
    assert total([Counts(1, 2, 3), Counts(10, 20, 30)]) == Counts(11, 22, 33)
    assert Counts(1, 2, 3).as_dict() == {"people": 1, "responses": 2, "answers": 3}


def test_rounds_split_into_follow_up_chains():
    links = {"a1": None, "b1": None, "a2": "a1", "a3": "a2", "b2": "b1", "c": "gone"}
    assert chains(links) == [["a1", "a2", "a3"], ["b1", "b2"], ["c"]]
    # A second follower of the same round starts its own chain.
    assert chains({"r1": None, "r2": "r1", "r3": "r1"}) == [["r1", "r2"], ["r3"]]


@dataclass
class _Action:
    id: int
    carried_from_id: int | None = None


def test_a_carried_action_is_one_chain():
    first, other, carried = _Action(1), _Action(2), _Action(3, carried_from_id=1)
    assert action_chains([first, other, carried]) == [[first, carried], [other]]
    # When the earlier round is not public, the carried action stands alone.
    assert action_chains([carried]) == [[carried]]


def test_a_figure_counts_the_people_of_its_most_answered_indicator():
    import pandas as pd

    from scorecards.counts import figure_people

    # 3 people answered 3 indicators in soum 1 (9 answers), 6 people one indicator in 2.
    cells = pd.DataFrame(
        {
            "area": [1, 1, 1, 1, 2],
            "indicator_id": [10, 11, 12, 12, 10],
            "n": [3, 3, 2, 1, 6],
        }
    )
    people = figure_people(cells, ["area"])
    assert dict(zip(people["area"], people["people"], strict=True)) == {1: 3, 2: 6}
    assert figure_people(cells, [])["people"].tolist() == [9]  # indicator 10: 3 + 6
    assert figure_people(cells.iloc[0:0], [])["people"].tolist() == [0]
    assert figure_people(cells.iloc[0:0], ["area"]).columns.tolist() == ["area", "people"]
