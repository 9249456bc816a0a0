"""Storing what people answered on paper or in files, in bulk.

Rows are written with SQLAlchemy Core ``executemany`` (COPY on PostgreSQL) in chunks.
By default the caller owns the one transaction, so an error half-way leaves nothing
behind once it rolls back. An import of a file passes ``chunk_scope`` instead, to
commit each chunk in its own short transaction (``app.services.file_imports``: its
rows count in no figure until the whole job is done).
"""

from __future__ import annotations

import uuid
from collections.abc import Callable, Iterable, Sequence
from contextlib import AbstractContextManager, nullcontext
from datetime import datetime

from sqlalchemy import delete, insert, select, text, tuple_

from app.extensions import db
from app.models import ParticipantGroup, Response, Round, Score, Tally
from app.models._types import utcnow
from scorecards.codes import receipt_for
from scorecards.entry import NA_POINT
from scorecards.imports import ResponseRow, RoundSheetSpec, SheetGroup, SheetIndicator, TallyRow
from scorecards.submissions import content_fingerprint
from scorecards.vocab import Channel, Side

# Forms per chunk. One chunk of an import is one transaction: 1,000 forms of 12–15
# scores hold SQLite's write lock for about 0.2 s on 2 cores, well inside the 10 s a
# citizen's send waits for it (``PRAGMA busy_timeout`` in ``app/__init__.py``).
CHUNK = 1000

# The template's human header row is always Mongolian (the paper forms are).
HEADERS_MN = {
    "respondent_id": "Оролцогчийн дугаар",
    "group": "Бүлэг",
    "gender": "Хүйс",
    "age_band": "Насны бүлэг",
    "disability": "Хөгжлийн бэрхшээл",
    "reason": "шалтгаан",
    "indicator": "Шалгуур үзүүлэлтийн код",
    "indicator_label": "Шалгуур үзүүлэлт",
    "na": "Хамаарахгүй / Мэдэхгүй",
}


def sheet_spec(round_: Round, side: str) -> RoundSheetSpec:
    """The round's indicators asked of ``side`` and that side's groups, for sheets."""
    indicators = tuple(
        SheetIndicator(ri.indicator.code, ri.id, ri.indicator.text_mn, Side(side))
        for ri in round_.indicators
        if ri.asked_of(side)
    )
    groups = tuple(
        SheetGroup(g.id, g.label, g.expected_size or None) for g in round_.groups if g.side == side
    )
    return RoundSheetSpec(indicators, groups, round_.scale.domain(), Side(side))


def existing_refs(round_: Round, side: str | None = None) -> set[str]:
    """Form numbers already stored in the round. Numbers are unique per round (both sides
    share one numbering), so ``side`` does not narrow the set. Forms left behind by an
    import that failed are not counted and are removed before the next import
    (``file_imports.remove_failed_rows``), so their numbers are free to be used again."""
    return set(
        db.session.scalars(
            select(Response.respondent_ref).where(
                Response.round_id == round_.id,
                Response.respondent_ref.isnot(None),
                Response.not_of_failed_import(),
            )
        )
    )


def _chunks(items: Sequence, size: int | None = None) -> Iterable[Sequence]:
    size = size or CHUNK
    for start in range(0, len(items), size):
        yield items[start : start + size]


def _bulk_insert(table, rows: list[dict]) -> None:
    """Insert rows inside the session's transaction: PostgreSQL's COPY where available
    (about ten times faster for hundreds of thousands of scores), else Core executemany."""
    connection = db.session.connection()
    if connection.dialect.name == "postgresql":
        columns = list(rows[0])
        cursor = connection.connection.driver_connection.cursor()
        names = ", ".join(f'"{c}"' for c in columns)
        with cursor.copy(f'COPY "{table.name}" ({names}) FROM STDIN') as copy:
            for row in rows:
                copy.write_row([row[c] for c in columns])
        return
    connection.execute(insert(table), rows)


def _insert_returning_ids(table, rows: list[dict]) -> list[int]:
    """Insert rows and return their new ids in the rows' order.

    PostgreSQL: ids are drawn from the table's sequence first, then the rows are COPYed.
    Elsewhere: one INSERT … RETURNING executemany, ordered by parameter.
    """
    connection = db.session.connection()
    if connection.dialect.name == "postgresql":
        ids = list(
            connection.execute(
                text(
                    "SELECT nextval(pg_get_serial_sequence(:table, 'id')) "
                    "FROM generate_series(1, :count)"
                ),
                {"table": table.name, "count": len(rows)},
            ).scalars()
        )
        _bulk_insert(table, [{"id": i, **row} for i, row in zip(ids, rows, strict=True)])
        return ids
    return list(
        connection.execute(
            insert(table).returning(table.c.id, sort_by_parameter_order=True), rows
        ).scalars()
    )


def insert_responses(
    round_: Round,
    side: str,
    rows: Sequence[ResponseRow],
    channel: Channel,
    user_id: int | None,
    progress: Callable[[int], None] | None = None,
    import_job_id: int | None = None,
    chunk_scope: Callable[[], AbstractContextManager] | None = None,
    uuid_of: Callable[[ResponseRow], str] | None = None,
) -> int:
    """Insert paper scorecards (one ``Response`` and its ``Score`` rows each).

    ``uuid_of`` gives a form its UUID (one derived from the client's UUID of the typed
    page, so a repeated save is recognised); without it each form gets a fresh one.

    Blank cells store no score; missing answers store their reason, never zero.
    ``import_job_id`` marks the rows of one imported file so the batch can be found
    and withdrawn. Each chunk's rows are prepared first, then written (and
    ``progress`` called with the number of forms written so far) inside
    ``chunk_scope()``, so a scope that commits holds the database's write lock only
    for the writing. Returns how many responses were stored.
    """
    round_id = round_.id  # read once: a scope that commits expires the round
    scope = chunk_scope or nullcontext
    done = 0
    now = utcnow()
    for chunk in _chunks(rows):
        response_rows = [
            _response_row(round_id, side, channel, user_id, now, import_job_id, row, uuid_of)
            for row in chunk
        ]
        with scope():
            ids = _insert_returning_ids(Response.__table__, response_rows)
            score_rows = []
            for response_id, row in zip(ids, chunk, strict=True):
                for ri, value in row.values.items():
                    missing = row.missing_reasons.get(ri)
                    if value is None and missing is None:
                        continue
                    score_rows.append(
                        {
                            "response_id": response_id,
                            "round_indicator_id": ri,
                            "value": value,
                            "missing_reason": None if value is not None else str(missing),
                            "reason": row.comments.get(ri, ""),
                            "reason_approved": False,
                        }
                    )
            if score_rows:
                _bulk_insert(Score.__table__, score_rows)
            done += len(chunk)
            if progress:
                progress(done)
    return done


def _response_row(
    round_id: int,
    side: str,
    channel: Channel,
    user_id: int | None,
    now: datetime,
    import_job_id: int | None,
    row: ResponseRow,
    uuid_of: Callable[[ResponseRow], str] | None = None,
) -> dict:
    """The ``response`` row of one paper form, with its UUID (fresh unless given) and
    its receipt."""
    answers = {
        ri: (value, row.missing_reasons.get(ri), row.comments.get(ri, ""))
        for ri, value in row.values.items()
        if value is not None or ri in row.missing_reasons
    }
    demographics = {
        "gender": row.gender,
        "age_band": row.age_band,
        "disability": row.disability,
    }
    submission = uuid_of(row) if uuid_of else str(uuid.uuid4())
    return {
        "uuid": submission,
        "receipt": receipt_for(submission),
        "content_hash": content_fingerprint(side, row.group_id, demographics, answers, ""),
        "round_id": round_id,
        "side": side,
        "channel": channel,
        "group_id": row.group_id,
        "gender": str(row.gender),
        "age_band": str(row.age_band),
        "disability": str(row.disability),
        "comment": "",
        "comment_approved": False,
        "respondent_ref": row.respondent_id,
        "entered_by_id": user_id,
        "submitted_at": now,
        "import_job_id": import_job_id,
    }


def replace_tallies(
    round_: Round,
    rows: Sequence[TallyRow],
    user_id: int | None,
    progress: Callable[[int], None] | None = None,
) -> int:
    """Store head counts: each (group, indicator) given replaces what was stored for it.

    Points with a count of 0 are not stored. Returns how many rows were applied.
    """
    done = 0
    for chunk in _chunks(rows):
        keys = [(r.group_id, r.round_indicator_id) for r in chunk]
        db.session.execute(
            delete(Tally).where(
                Tally.round_id == round_.id,
                tuple_(Tally.group_id, Tally.round_indicator_id).in_(keys),
            )
        )
        tally_rows = []
        for row in chunk:
            points = [(str(v), float(v), c) for v, c in row.counts.items()]
            points.append((NA_POINT, None, row.missing))
            tally_rows += [
                {
                    "round_id": round_.id,
                    "group_id": row.group_id,
                    "round_indicator_id": row.round_indicator_id,
                    "point": point,
                    "value": value,
                    "count": count,
                    "entered_by_id": user_id,
                }
                for point, value, count in points
                if count > 0
            ]
        if tally_rows:
            db.session.execute(insert(Tally.__table__), tally_rows)
        done += len(chunk)
        if progress:
            progress(done)
    return done


def groups_of(round_: Round, side: str) -> list[ParticipantGroup]:
    return [g for g in round_.groups if g.side == side]
