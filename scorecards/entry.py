"""The facilitator's paper-entry screens: the tally grid and a group's consensus score.

Inputs are the raw texts of the form fields; outputs parsed values plus problem codes
keyed by the cell they belong to, so the web layer can mark each cell.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass, field

from scorecards.cells import is_formula_like, missing_reason, parse_count
from scorecards.errors import DomainError
from scorecards.scales import Scale
from scorecards.vocab import MissingReason

NA_POINT = "na"
# Point key of a problem that concerns an indicator's whole row (its total).
TOTAL = "total"
MAX_CONSENSUS_REASON = 2000


def point_keys(scale: Scale) -> list[str]:
    """The grid's columns for ``scale``: ``"1"``…``"5"`` (every scale value) then ``"na"``."""
    return [str(v) for v in scale.point_values()] + [NA_POINT]


@dataclass
class TallyGrid:
    """Parsed grid: ``counts[indicator][point_key]`` for every indicator that appears in
    the cells, every point key filled (0 for blank cells); ``problems[(indicator,
    point_key)]`` a code, with point key ``TOTAL`` for ``count_exceeds_group``."""

    counts: dict[int, dict[str, int]] = field(default_factory=dict)
    problems: dict[tuple[int, str], str] = field(default_factory=dict)

    @property
    def ok(self) -> bool:
        return not self.problems

    def total(self, indicator_id: int) -> int:
        return sum(self.counts.get(indicator_id, {}).values())


def validate_tally_grid(
    cells: Mapping[tuple[int, str], str], scale: Scale, expected_size: int | None = None
) -> TallyGrid:
    """Check typed head counts: ``cells[(round_indicator_id, point_key)] = text``.

    Blank is 0. Codes: ``count_not_integer`` (``1.5``, ``abc``, formula-like text),
    ``count_negative``, ``count_too_large``, ``unknown_point`` (a point key not on the
    scale) and ``count_exceeds_group`` (an indicator's total, ``na`` included, over
    ``expected_size``, the group's head count, checked only when every cell of the
    indicator parsed). An indicator whose cells are all blank has total 0; the caller
    decides whether that clears a stored tally.
    """
    keys = point_keys(scale)
    grid = TallyGrid()
    for (indicator_id, point), text in cells.items():
        row = grid.counts.setdefault(indicator_id, dict.fromkeys(keys, 0))
        if point not in row:
            grid.problems[(indicator_id, point)] = "unknown_point"
            continue
        try:
            row[point] = parse_count(text or "")
        except DomainError as error:
            grid.problems[(indicator_id, point)] = error.code
    if expected_size is not None:
        failed = {indicator for indicator, _ in grid.problems}
        for indicator_id, row in grid.counts.items():
            if indicator_id not in failed and sum(row.values()) > expected_size:
                grid.problems[(indicator_id, TOTAL)] = "count_exceeds_group"
    return grid


@dataclass(frozen=True)
class Consensus:
    """A group's agreed score: ``value`` on the scale, or ``None`` with ``missing_reason``."""

    value: float | None
    missing_reason: MissingReason | None
    reason: str


def validate_consensus(
    value_text: str | None,
    reason: str | None,
    scale: Scale,
    *,
    require_reason: bool = False,
) -> Consensus:
    """Parse a consensus score and its reason, raising ``DomainError`` on the first fault.

    ``value_text`` may be a number on the scale or a missing word (``na``, ``ХХ``,
    ``Мэдэхгүй``…). Codes (field ``value``): ``value_required`` (blank: a consensus score
    is given or explicitly missing), ``formula_cell``, ``value_not_number``,
    ``value_not_on_step``, ``value_out_of_range``. Codes (field ``reason``):
    ``reason_required`` (only with ``require_reason``), ``reason_too_long``. The reason is
    stored trimmed; a reason that looks like a formula is accepted (exports neutralise it).
    """
    text = (value_text or "").strip()
    if not text:
        raise DomainError("value_required", "value")
    if is_formula_like(text):
        raise DomainError("formula_cell", "value")
    reason_text = (reason or "").strip()
    if require_reason and not reason_text:
        raise DomainError("reason_required", "reason")
    if len(reason_text) > MAX_CONSENSUS_REASON:
        raise DomainError("reason_too_long", "reason", max=MAX_CONSENSUS_REASON)
    missing = missing_reason(text)
    if missing is not None:
        return Consensus(None, missing, reason_text)
    return Consensus(scale.validate(text, "value"), None, reason_text)
