"""Scales made by administrators and coordinators, and the scales a round scores on.

A scale row is one *version*. A change that would reinterpret answers already stored
on a scale in use (``scorecards.scales.changes_meaning``: the range, the step, the
positive threshold, a point's label or mark) makes a new row with ``version`` + 1, a
code of its own and ``replaces_id`` pointing at the old row; rounds and templates keep
the version they were started with. A change of the name only, or any change of a
scale nothing uses yet, edits the row in place. Services flush, never commit.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

from sqlalchemy import func, or_, select

from app.extensions import db
from app.models import ConsensusScore, Response, Round, ScaleLabel, Score, Tally, Template
from app.models import Scale as ScaleModel
from app.models.rounds import new_shape_key
from app.services.audit import record
from app.services.rounds import ensure_editable
from app.services.texts import set_text, stored_text
from scorecards import scales
from scorecards.errors import DomainError

_SLUG = re.compile(r"[^a-z0-9]+")
CODE_LENGTH = 32


@dataclass(frozen=True)
class SaveResult:
    """The row now holding the scale and whether it is a new version of a scale in use."""

    scale: ScaleModel
    new_version: bool


def replaced_ids() -> set[int]:
    """Ids of scale versions that a newer version replaces."""
    return set(
        db.session.scalars(
            select(ScaleModel.replaces_id).where(ScaleModel.replaces_id.is_not(None))
        )
    )


def current_scales() -> list[ScaleModel]:
    """The newest version of every scale, by name: what new rounds may choose."""
    replaced = replaced_ids()
    rows = db.session.scalars(select(ScaleModel).order_by(ScaleModel.name_en, ScaleModel.id))
    return [row for row in rows if row.id not in replaced]


def in_use(scale: ScaleModel) -> bool:
    """Whether a round or a template names ``scale`` (for votes or for consensus)."""
    used_by_round = select(Round.id).where(
        or_(Round.scale_id == scale.id, Round.consensus_scale_id == scale.id)
    )
    used_by_template = select(Template.id).where(
        or_(Template.scale_id == scale.id, Template.consensus_scale_id == scale.id)
    )
    return bool(db.session.scalar(select(or_(used_by_round.exists(), used_by_template.exists()))))


def _unique_code(base: str) -> str:
    base = base[: CODE_LENGTH - 4] or "scale"
    taken = set(db.session.scalars(select(ScaleModel.code).where(ScaleModel.code.like(f"{base}%"))))
    if base not in taken:
        return base
    number = 2
    while f"{base}-{number}" in taken:
        number += 1
    return f"{base}-{number}"


def new_code(name_en: str) -> str:
    """A code from the English name ("Three options" -> ``three-options``), unique."""
    slug = _SLUG.sub("-", (name_en or "").lower()).strip("-")
    return _unique_code(slug or "scale")


def _write(row: ScaleModel, scale: scales.Scale) -> None:
    row.kind = scale.kind.value
    row.min_value = scale.min_value
    row.max_value = scale.max_value
    row.positive_from = scale.positive_from
    row.step = scale.step
    row.name_mn = scale.name_mn
    row.name_en = scale.name_en
    # Labels are updated by value, not replaced: a new row for a value still stored
    # would be inserted before the old one is deleted and break (scale_id, value).
    existing = {label.value: label for label in row.points}
    wanted = {p.value for p in scale.points}
    for label in [label for label in row.points if label.value not in wanted]:
        row.points.remove(label)
    for point in scale.points:
        label = existing.get(point.value)
        if label is None:
            label = ScaleLabel(value=point.value)
            row.points.append(label)
        label.label_mn, label.label_en, label.mark = point.label_mn, point.label_en, point.mark


def _summary(scale: scales.Scale) -> dict[str, object]:
    return {
        "code": scale.code,
        "min": scale.min_value,
        "max": scale.max_value,
        "step": str(scale.step),
        "positive_from": scale.positive_from,
        "points": [[p.value, p.label_mn, p.label_en, p.mark] for p in scale.points],
    }


def create_scale(scale: scales.Scale) -> ScaleModel:
    """Store a new scale (``scale.code`` is replaced by a fresh unique code)."""
    row = ScaleModel(code=new_code(scale.name_en), version=1)
    _write(row, scale)
    db.session.add(row)
    db.session.flush()
    record("scale.create", "scale", row.id, after=_summary(row.domain()))
    return row


def update_scale(row: ScaleModel, scale: scales.Scale) -> SaveResult:
    """Apply an edit: in place when it changes only the name or the scale is unused,
    otherwise as a new version (the old row stays, unchanged, for its rounds).

    ``DomainError("scale_replaced")`` when ``row`` already has a newer version (edit
    the newest one).
    """
    if row.id in replaced_ids():
        raise DomainError("scale_replaced", None)
    old = row.domain()
    if scales.changes_meaning(old, scale) and in_use(row):
        base = re.sub(r"-v[0-9]+$", "", row.code)[: CODE_LENGTH - 5]
        version = (row.version or 1) + 1
        fresh = ScaleModel(
            code=_unique_code(f"{base}-v{version}"), version=version, replaces_id=row.id
        )
        _write(fresh, scale)
        db.session.add(fresh)
        db.session.flush()
        record(
            "scale.version",
            "scale",
            fresh.id,
            before=_summary(old),
            after=_summary(fresh.domain()),
        )
        return SaveResult(fresh, True)
    _write(row, scale)
    db.session.flush()
    record("scale.edit", "scale", row.id, before=_summary(old), after=_summary(scale))
    return SaveResult(row, False)


def translated_labels(row: ScaleModel, language: str) -> dict[int, str]:
    """Each point's stored label in a language without a column (Kazakh), by value."""
    return {point.value: stored_text(point, "label", language) for point in row.points}


def save_translated_labels(row: ScaleModel, language: str, labels: dict[int, str]) -> None:
    """Store the points' labels in ``language`` by value ("" or absent: none).

    A translated label does not change what a stored answer means, so it is saved on
    the row as it is, in use or not, and never makes a new version."""
    before = translated_labels(row, language)
    changed = False
    for point in row.points:
        changed |= set_text(point, "label", language, labels.get(point.value, ""))
    if changed:
        record(
            "scale.translate",
            "scale",
            row.id,
            before={"language": language, "labels": before},
            after={"language": language, "labels": translated_labels(row, language)},
        )


def round_has_answers(round_: Round) -> bool:
    """Whether any answer of ``round_`` is stored (withdrawn ones included: they stay)."""
    checks = (
        select(func.count(Score.id))
        .join(Response, Response.id == Score.response_id)
        .where(Response.round_id == round_.id),
        select(func.count(Tally.id)).where(Tally.round_id == round_.id),
        select(func.count(ConsensusScore.id)).where(ConsensusScore.round_id == round_.id),
    )
    return any(db.session.scalar(check) for check in checks)


def set_round_scales(round_: Round, scale_id: int, consensus_scale_id: int | None) -> None:
    """Choose the scale of a round's votes and tallies and of its consensus scores
    (``None``: the same as the votes').

    Refused with ``scale_has_answers`` once anything is stored (the stored numbers
    would be read on another scale), ``round_locked`` when published and
    ``scale_not_current`` for an unknown or replaced scale other than the one the
    round already has.
    """
    ensure_editable(round_)
    current = {row.id for row in current_scales()}
    for field, wanted, kept in (
        ("scale", scale_id, round_.scale_id),
        ("consensus_scale", consensus_scale_id, round_.consensus_scale_id),
    ):
        if wanted is not None and wanted != kept and wanted not in current:
            raise DomainError("scale_not_current", field)
    if consensus_scale_id == scale_id:
        consensus_scale_id = None
    if (scale_id, consensus_scale_id) == (round_.scale_id, round_.consensus_scale_id):
        return
    if round_has_answers(round_):
        raise DomainError("scale_has_answers", "scale")
    before = {"scale_id": round_.scale_id, "consensus_scale_id": round_.consensus_scale_id}
    round_.scale_id = scale_id
    round_.consensus_scale_id = consensus_scale_id
    round_.shape_key = new_shape_key()
    db.session.flush()
    db.session.expire(round_, ["scale", "consensus_scale"])
    record(
        "round.scales",
        "round",
        round_.id,
        before=before,
        after={"scale_id": scale_id, "consensus_scale_id": consensus_scale_id},
    )
