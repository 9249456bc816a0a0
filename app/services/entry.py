"""Group entry (tallies and consensus) and paper scorecards typed in one per row.

Both check everything first and store nothing when a cell is wrong; problems come back
keyed by the cell so the page can mark each one.
"""

from __future__ import annotations

import uuid
from collections.abc import Mapping
from dataclasses import dataclass, field

from sqlalchemy import delete, func, select

from app.extensions import db
from app.models import ConsensusScore, ParticipantGroup, Response, Round, Tally
from app.services import answers
from app.services.audit import record
from app.services.rounds import ensure_collecting
from scorecards.entry import NA_POINT, point_keys, validate_consensus, validate_tally_grid
from scorecards.errors import DomainError
from scorecards.imports import TallyRow, validate_responses
from scorecards.vocab import Channel


def stored_grid(round_: Round, group: ParticipantGroup):
    """(tally counts by (round indicator, point key), consensus by round indicator)."""
    tallies = {
        (t.round_indicator_id, t.point): t.count
        for t in db.session.scalars(select(Tally).where(Tally.group_id == group.id))
    }
    consensus = {
        c.round_indicator_id: c
        for c in db.session.scalars(
            select(ConsensusScore).where(ConsensusScore.group_id == group.id)
        )
    }
    return tallies, consensus


@dataclass
class GroupEntryResult:
    problems: dict[str, str] = field(default_factory=dict)  # cell name -> code

    @property
    def ok(self) -> bool:
        return not self.problems


def tally_cell(ri_id: int, point: str) -> str:
    return f"t-{ri_id}-{point}"


def save_group_entry(
    round_: Round,
    group: ParticipantGroup,
    cells: Mapping[tuple[int, str], str],
    consensus: Mapping[int, tuple[str, str]],
    user_id: int | None,
) -> GroupEntryResult:
    """Store a group's tallies and consensus scores, or nothing if any cell is wrong.

    ``cells`` are the typed counts; an indicator whose cells are all blank has its tally
    cleared. ``consensus[ri] = (value text, reason)``; a blank value and reason clears it.
    Tallies count points of the round's scale; consensus values are checked on the
    round's consensus scale (``Round.agreed_scale``: any value on its step, 9.5 on a
    0–10 step-0.5 scale, a comma or a point as the decimal mark).
    The group's size (participants counted, else expected) caps each indicator's total.
    """
    ensure_collecting(round_)
    scale = round_.scale.domain()
    agreed_scale = round_.agreed_scale.domain()
    size = group.participants or group.expected_size or None
    grid = validate_tally_grid(cells, scale, size)
    result = GroupEntryResult(
        {tally_cell(ri, point): code for (ri, point), code in grid.problems.items()}
    )
    parsed = {}
    for ri, (value_text, reason) in consensus.items():
        if not (value_text or "").strip() and not (reason or "").strip():
            parsed[ri] = None
            continue
        try:
            parsed[ri] = validate_consensus(value_text, reason, agreed_scale)
        except DomainError as error:
            result.problems[f"c-{ri}-{error.field or 'value'}"] = error.code
    if not result.ok:
        return result
    values = scale.point_values()
    rows = [
        TallyRow(
            0,
            group.id,
            ri,
            {v: counts.get(str(v), 0) for v in values},
            counts.get(NA_POINT, 0),
        )
        for ri, counts in grid.counts.items()
    ]
    answers.replace_tallies(round_, rows, user_id)
    for ri, agreed in parsed.items():
        db.session.execute(
            delete(ConsensusScore).where(
                ConsensusScore.group_id == group.id, ConsensusScore.round_indicator_id == ri
            )
        )
        if agreed is not None:
            db.session.add(
                ConsensusScore(
                    round_id=round_.id,
                    group_id=group.id,
                    round_indicator_id=ri,
                    value=agreed.value,
                    missing_reason=None if agreed.value is not None else str(agreed.missing_reason),
                    reason=agreed.reason,
                    entered_by_id=user_id,
                )
            )
    db.session.flush()
    record(
        "entry.group",
        "participant_group",
        group.id,
        after={"tallies": len(rows), "consensus": sum(1 for v in parsed.values() if v)},
    )
    return result


# ---------------------------------------------------------------------------- paper

PAPER_FIXED = ("respondent_id", "group", "gender", "age_band")


@dataclass
class PaperResult:
    stored: int = 0
    problems: dict[tuple[int, str], str] = field(default_factory=dict)  # (row, key) -> code

    @property
    def ok(self) -> bool:
        return not self.problems


def paper_row_uuid(client_uuid: str, index: int) -> str:
    """The UUID of the form typed in row ``index`` of the page whose client UUID is
    ``client_uuid``: the same page saved twice (a retry after a dropped network) gives
    the same UUIDs, so it is recognised and stored once."""
    return str(uuid.uuid5(uuid.UUID(client_uuid), f"paper-row-{index}"))


def stored_paper_forms(round_: Round, client_uuid: str, rows: int) -> int:
    """How many forms of the page ``client_uuid`` (``rows`` rows) are already stored."""
    wanted = [paper_row_uuid(client_uuid, index) for index in range(rows)]
    return db.session.scalar(
        select(func.count(Response.id)).where(
            Response.round_id == round_.id, Response.uuid.in_(wanted)
        )
    )


def save_paper_rows(
    round_: Round,
    side: str,
    rows: list[dict[str, str]],
    user_id: int | None,
    client_uuid: str | None = None,
) -> PaperResult:
    """Store typed paper scorecards (``rows[i][key]``, keys: respondent_id, group, gender,
    age_band and each indicator code) as ``Response(channel=paper)``, or nothing at all
    when any cell is wrong (problems by row index and key). Rows with neither a form
    number nor a score are ignored. With ``client_uuid`` (the typed page's), each form's
    UUID is derived from it and its row (``paper_row_uuid``)."""
    ensure_collecting(round_)
    spec = answers.sheet_spec(round_, side)
    codes = [i.column_key for i in spec.sheet_indicators]
    keys = [*PAPER_FIXED, *codes]
    table: list[list[str]] = [keys]
    index_of_line: dict[int, int] = {}
    for index, row in enumerate(rows):
        if not (row.get("respondent_id") or "").strip() and not any(
            (row.get(code) or "").strip() for code in codes
        ):
            continue
        index_of_line[len(table) + 1] = index
        table.append([(row.get(key) or "") for key in keys])
    result = PaperResult()
    if len(table) == 1:
        return result
    preview = validate_responses(
        table, spec, existing_respondent_ids=answers.existing_refs(round_, side)
    )
    for problem in preview.problems:
        index = index_of_line.get(problem.row_number, -1)
        key = keys[problem.column_index] if problem.column_index is not None else "row"
        result.problems[(index, key)] = problem.code
    if result.problems:
        return result
    uuid_of = None
    if client_uuid:

        def uuid_of(row):
            return paper_row_uuid(client_uuid, index_of_line[row.row_number])

    result.stored = answers.insert_responses(
        round_, side, preview.valid_rows, Channel.PAPER, user_id, uuid_of=uuid_of
    )
    record("entry.paper", "round", round_.id, after={"side": side, "responses": result.stored})
    return result


def grid_columns(round_: Round) -> list[str]:
    return point_keys(round_.scale.domain())
