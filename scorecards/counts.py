"""What each count means, defined once for every page, download and API.

Three counts describe how much a round (or an aimag, or the nation) heard:

* **people** (participants) — the individual respondents plus the members of the
  groups that answered as a group (paper tallies or consensus scores), as counted
  at the session and recorded on the group. A group whose members also sent
  individual forms is not counted twice: its people are the larger of its recorded
  members and its forms.
* **responses** (forms) — one per scorecard sent from a phone, typed from paper or
  imported from a file; group tallies and consensus scores are not forms.
* **answers** (scores) — one per score on the scale given to one indicator: an
  individual's score, each vote of a tally, a group's consensus score. "Not
  applicable" and "don't know" are not answers (missing is never zero).

The web layer counts rows with SQL and hands the grouped numbers to these functions.

A report figure has its own people count (:func:`figure_people`): the largest number
of answers to any one indicator behind it, the count the k rule of
:mod:`scorecards.privacy` reads.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass

import pandas as pd

from scorecards.vocab import Gender


@dataclass(frozen=True)
class Counts:
    """People, responses (forms) and answers (scores) of one scope."""

    people: int = 0
    responses: int = 0
    answers: int = 0

    def __add__(self, other: Counts) -> Counts:
        return Counts(
            self.people + other.people,
            self.responses + other.responses,
            self.answers + other.answers,
        )

    def as_dict(self) -> dict[str, int]:
        """The three counts by name (for JSON and downloads)."""
        return {"people": self.people, "responses": self.responses, "answers": self.answers}


def total(counts: Iterable[Counts]) -> Counts:
    """The sum of several scopes' counts (people of different rounds are different people)."""
    result = Counts()
    for item in counts:
        result = result + item
    return result


@dataclass(frozen=True)
class GroupRecord:
    """What is known of one participant group for counting its people.

    ``forms`` are its members' individual forms by gender; ``answered_as_group`` is
    true when the group filled a tally or agreed a consensus score; ``recorded`` its
    members by gender as counted at the session (the planned size is not a record of
    who came, so it is not used); ``tally_heads`` the most marks any one indicator
    received in its tallies, used when no one was counted (those people certainly
    took part, their gender unknown).
    """

    forms: Mapping[str, int]
    answered_as_group: bool = False
    recorded: Mapping[str, int] | None = None
    tally_heads: int = 0


def group_people(group: GroupRecord) -> dict[str, int]:
    """The people behind one group, by gender (see the module docstring)."""
    forms = {g: int(n) for g, n in group.forms.items() if n}
    if not group.answered_as_group:
        return forms
    members = {g: int(n) for g, n in (group.recorded or {}).items() if n}
    if not members and group.tally_heads:
        members = {Gender.UNDISCLOSED.value: int(group.tally_heads)}
    return members if sum(members.values()) >= sum(forms.values()) else forms


def people_by_gender(
    groups: Iterable[GroupRecord], ungrouped_forms: Mapping[str, int] | None = None
) -> dict[str, int]:
    """People of one round and side by gender: every group's people plus the forms
    that name no group (one person each)."""
    people: dict[str, int] = {}
    for part in [*(group_people(g) for g in groups), dict(ungrouped_forms or {})]:
        for gender, number in part.items():
            if number:
                people[gender] = people.get(gender, 0) + int(number)
    return people


# --------------------------------------------------------------------------- people behind a figure


def figure_people(cells: pd.DataFrame, by: Sequence[str], count_column: str = "n") -> pd.DataFrame:
    """The people certainly behind each figure of ``by``: the k rule's count.

    A figure over several indicators holds many answers from the same people, so its
    people are not its answers: for each grouping of ``by`` the ``count_column`` of
    ``cells`` is summed per ``indicator_id``, and the largest of those sums is the
    figure's people (a grouping of 3 people answering 15 indicators has 45 answers
    but 3 people, and is hidden). For votes ``count_column`` is ``n`` (present
    answers); for consensus it is the recorded group sizes times the group scores
    given (each group's people once per indicator).

    Returns one row per grouping with ``by`` and ``people`` (whole numbers); with no
    ``by``, one row (``people`` 0 when ``cells`` is empty).
    """
    by = list(by)
    if cells.empty:
        if not by:
            return pd.DataFrame({"people": [0]})
        return pd.DataFrame({**{b: [] for b in by}, "people": []}).astype({"people": "int64"})
    per_indicator = cells.groupby([*by, "indicator_id"], dropna=False)[count_column].sum()
    if not by:
        return pd.DataFrame({"people": [int(per_indicator.max())]})
    people = per_indicator.groupby(level=list(range(len(by)))).max()
    return people.rename("people").reset_index().astype({"people": "int64"})
