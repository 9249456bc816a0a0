"""The interface meeting's figures: each source of scores apart, and a like-for-like gap.

At the meeting the community and the providers see, per indicator and side, what
each kind of answer says (DESIGN.md §2): individual votes (phones, paper forms),
paper tallies and the groups' consensus scores. They are different things — a
consensus score is not derivable from the votes — so each gets its own figure, and
the gap between the sides compares one source with the same source:

* ``votes`` — both sides have votes (individual answers and tallies pooled: each is
  one person's choice): community mean of votes minus provider mean of votes;
* else ``consensus`` — both sides have consensus scores: community mean of its
  groups' consensus scores minus the providers' mean;
* else no gap (``source`` is ``None``): the sides cannot be compared like with like.

The same counts feed the projector (:func:`point_counts`): the room sees how each
side's votes spread over the scale while the meeting page shows their figures, both
from one :class:`VoteCounts` per side and indicator.

Rules: missing answers ("not applicable", "don't know") are counted in
``n_missing`` and left out of every figure, never zero. The mean is ``total / n``;
the median follows :func:`scorecards.aggregation.median_from_distribution` (the
middle value, or the average of the two middle values for an even ``n``). Nothing is
rounded here; a gap is on the round's own scale (points), negative when the
community scores lower than the providers. The meeting is for the round's own staff
and participants, so no k-suppression applies here.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass, field

from scorecards.aggregation import median_from_distribution
from scorecards.scales import format_value

VOTES = "votes"
CONSENSUS = "consensus"


@dataclass(frozen=True)
class SourceFigure:
    """One source's answers to one indicator on one side: ``n`` present answers (for
    consensus: groups with a score), ``n_missing``, ``mean`` and ``median`` on the
    round's scale (``None`` when ``n == 0``)."""

    n: int = 0
    n_missing: int = 0
    mean: float | None = None
    median: float | None = None


@dataclass(frozen=True)
class Gap:
    """The like-for-like gap of one indicator: ``source`` is ``"votes"``,
    ``"consensus"`` or ``None``; ``community`` and ``provider`` the compared means;
    ``value`` = community − provider (``None`` without a source)."""

    source: str | None = None
    community: float | None = None
    provider: float | None = None
    value: float | None = None


def figure_from_counts(counts: Mapping[float, int], missing: int = 0) -> SourceFigure:
    """Figure of answers given as ``{value: how many}`` plus ``missing`` missing ones.

    Values with a count of 0 add nothing; counts must be whole numbers >= 0
    (``ValueError`` otherwise, a programming error: the database keeps them so).
    """
    if missing < 0 or any(c < 0 for c in counts.values()):
        raise ValueError("counts must not be negative")
    present = {float(v): int(c) for v, c in counts.items() if c}
    n = sum(present.values())
    if n == 0:
        return SourceFigure(0, int(missing))
    points = sorted(present)
    mean = sum(v * c for v, c in present.items()) / n
    median = median_from_distribution(points, [present[p] for p in points])
    return SourceFigure(n, int(missing), mean, median)


def figure_from_values(values: Iterable[float | None]) -> SourceFigure:
    """Figure of a list of values (``None`` = missing), e.g. the groups' consensus scores."""
    counts: dict[float, int] = {}
    missing = 0
    for value in values:
        if value is None:
            missing += 1
        else:
            counts[float(value)] = counts.get(float(value), 0) + 1
    return figure_from_counts(counts, missing)


def pooled_votes(
    individual: Mapping[float, int],
    tallies: Mapping[float, int],
    individual_missing: int = 0,
    tally_missing: int = 0,
) -> SourceFigure:
    """Individual answers and tallied marks pooled (each is one person's choice)."""
    counts = dict(individual)
    for value, count in tallies.items():
        counts[value] = counts.get(value, 0) + count
    return figure_from_counts(counts, individual_missing + tally_missing)


def like_for_like_gap(
    community_votes: SourceFigure,
    provider_votes: SourceFigure,
    community_consensus: SourceFigure,
    provider_consensus: SourceFigure,
) -> Gap:
    """The gap of one indicator by the rule of this module: votes against votes when
    both sides voted, else consensus against consensus, else none."""
    for source, community, provider in (
        (VOTES, community_votes, provider_votes),
        (CONSENSUS, community_consensus, provider_consensus),
    ):
        if community.mean is not None and provider.mean is not None:
            return Gap(source, community.mean, provider.mean, community.mean - provider.mean)
    return Gap()


INDIVIDUAL = "individual"
TALLY = "tally"


@dataclass
class VoteCounts:
    """One side's votes on one indicator, each source apart: ``individual`` and
    ``tally`` map a scale value to how many people chose it; missing answers ("not
    applicable", "don't know") are counted in ``individual_missing`` /
    ``tally_missing``, never as a value."""

    individual: dict[float, int] = field(default_factory=dict)
    tally: dict[float, int] = field(default_factory=dict)
    individual_missing: int = 0
    tally_missing: int = 0

    def add(self, source: str, value: float | None, count: int) -> None:
        """Count ``count`` answers of ``source`` (:data:`INDIVIDUAL` or :data:`TALLY`)
        with ``value`` (``None`` = missing); a count of 0 adds nothing."""
        if source not in (INDIVIDUAL, TALLY):
            raise ValueError(f"unknown source {source!r}")
        if not count:
            return
        if value is None:
            name = f"{source}_missing"
            setattr(self, name, getattr(self, name) + int(count))
        else:
            counts = self.individual if source == INDIVIDUAL else self.tally
            counts[float(value)] = counts.get(float(value), 0) + int(count)

    @property
    def individual_figure(self) -> SourceFigure:
        """n, mean and median of the individual votes (phones and paper forms)."""
        return figure_from_counts(self.individual, self.individual_missing)

    @property
    def tally_figure(self) -> SourceFigure:
        """n, mean and median of the paper tallies."""
        return figure_from_counts(self.tally, self.tally_missing)

    @property
    def votes(self) -> SourceFigure:
        """Individual votes and tallies pooled (each is one person's choice)."""
        return pooled_votes(
            self.individual, self.tally, self.individual_missing, self.tally_missing
        )


def point_counts(votes: VoteCounts, points: Sequence[str], missing_key: str) -> dict[str, int]:
    """How many pooled votes (individual and tallied) chose each of ``points`` (values
    written as :func:`scorecards.scales.format_value` writes them: ``"3"``, ``"9.5"``),
    plus the missing answers under ``missing_key``; every point is listed, zeros
    included. A value that is not one of ``points`` is not counted (the projector
    shows the scale's own points only)."""
    result = dict.fromkeys([*points, missing_key], 0)
    for counts in (votes.individual, votes.tally):
        for value, count in counts.items():
            key = format_value(value)
            if key in result:
                result[key] += int(count)
    result[missing_key] += votes.individual_missing + votes.tally_missing
    return result
