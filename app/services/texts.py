"""Texts in every offered language: indicator texts and hints, scale-point labels and
participant-group labels.

Mongolian and English have columns of their own (``text_mn``, ``label_en`` …); any
other language (Kazakh) is kept in ``text_translation`` rows. One rule reads both:
:func:`text_for` gives the text in the asked language, else Mongolian, else English,
else the first offered language (in the order of LANGUAGES) that has one, so a page never
shows an empty question. Editing pages read :func:`stored_text` instead, which gives only the asked
language (a missing translation is shown as missing there, never as another language).

Translation rows are read once per request and language for each kind of entity.
"""

from __future__ import annotations

import csv
from collections.abc import Iterable
from pathlib import Path

from flask import current_app, g, has_app_context
from sqlalchemy import select

from app.extensions import db
from app.models import Indicator, ParticipantGroup, ScaleLabel, TextTranslation
from app.models import Scale as ScaleRow

# The entity name stored in ``text_translation.entity`` and the languages whose text
# is a column of the row itself (``<field>_<language>``).
ENTITIES: dict[type, tuple[str, tuple[str, ...]]] = {
    Indicator: ("indicator", ("mn", "en")),
    ScaleLabel: ("scale_label", ("mn", "en")),
    ParticipantGroup: ("participant_group", ()),
}
FALLBACK = ("mn", "en")


def extra_languages() -> list[str]:
    """The offered languages (LANGUAGES, in order) whose texts are kept as translation
    rows rather than columns: the ones editing pages add a field for (Kazakh)."""
    return [code for code in current_app.config["LANGUAGES"] if code not in FALLBACK]


def _cache() -> dict:
    if not has_app_context():
        return {}
    if "_texts" not in g:
        g._texts = {}
    return g._texts


def _rows(entity: str, language: str) -> dict[tuple[int, str], str]:
    """Every stored text of ``entity`` in ``language``, by (entity id, field)."""
    cache = _cache()
    key = (entity, language)
    if key not in cache:
        query = select(TextTranslation.entity_id, TextTranslation.field, TextTranslation.text)
        query = query.where(
            TextTranslation.entity == entity, TextTranslation.language == language
        )
        cache[key] = {(row.entity_id, row.field): row.text for row in db.session.execute(query)}
    return cache[key]


def _entity(obj: object) -> tuple[str, tuple[str, ...]]:
    for model, described in ENTITIES.items():
        if isinstance(obj, model):
            return described
    raise TypeError(f"{type(obj).__name__} has no texts in several languages")


def _base(obj: object, field: str) -> str:
    """A participant group's label as typed (no language of its own)."""
    return (getattr(obj, field, "") or "").strip() if isinstance(obj, ParticipantGroup) else ""


def stored_text(obj: object, field: str, language: str) -> str:
    """The text of ``obj``'s ``field`` in exactly ``language``; "" when it has none."""
    entity, columns = _entity(obj)
    if language in columns:
        return getattr(obj, f"{field}_{language}", "") or ""
    if obj.id is None:
        return ""
    return _rows(entity, language).get((obj.id, field), "")


def text_for(obj: object, field: str, language: str) -> str:
    """What to show for ``obj``'s ``field`` in ``language``.

    The text in ``language``; else Mongolian; else English; else the first offered
    language (in the order of LANGUAGES) that has one; for a participant group whose
    label has no translation, its label as typed. "" only when no language has a text
    (a hint nobody wrote).
    """
    text = stored_text(obj, field, language)
    if text:
        return text
    for fallback in FALLBACK:
        text = stored_text(obj, field, fallback)
        if text:
            return text
    base = _base(obj, field)
    if base:
        return base
    offered = current_app.config.get("LANGUAGES", ()) if has_app_context() else ()
    for other in offered:
        text = stored_text(obj, field, other)
        if text:
            return text
    return ""


def set_text(obj: object, field: str, language: str, text: str) -> bool:
    """Store ``text`` as ``obj``'s ``field`` in ``language`` ("" removes it); flush.

    Column languages write the column; others write (or delete) the translation row.
    Returns whether anything changed. The caller audits and commits.
    """
    entity, columns = _entity(obj)
    text = (text or "").strip()
    if language in columns:
        if (getattr(obj, f"{field}_{language}") or "") == text:
            return False
        setattr(obj, f"{field}_{language}", text)
        return True
    if obj.id is None:
        db.session.flush()
    row = db.session.scalar(
        select(TextTranslation).where(
            TextTranslation.entity == entity,
            TextTranslation.entity_id == obj.id,
            TextTranslation.field == field,
            TextTranslation.language == language,
        )
    )
    if (row.text if row else "") == text:
        return False
    if row and not text:
        db.session.delete(row)
    elif row:
        row.text = text
    else:
        db.session.add(
            TextTranslation(
                entity=entity, entity_id=obj.id, field=field, language=language, text=text
            )
        )
    db.session.flush()
    _cache().pop((entity, language), None)
    return True


def copy_texts(source: object, target: object, fields: Iterable[str]) -> None:
    """Give ``target`` (a new version of ``source``) ``source``'s translation rows."""
    entity, _columns = _entity(source)
    if target.id is None:
        db.session.flush()
    for row in db.session.scalars(
        select(TextTranslation).where(
            TextTranslation.entity == entity,
            TextTranslation.entity_id == source.id,
            TextTranslation.field.in_(list(fields)),
        )
    ):
        set_text(target, row.field, row.language, row.text)


def point_label(scale, value, language: str) -> str | None:
    """A point's label of a domain scale (``scorecards.scales.Scale``) in ``language``.

    Mongolian and English come with the scale itself; another language's label is the
    stored translation of that point, else the scale's own Mongolian/English label.
    None when the point has no label (a numeric range's inner points).
    """
    if language in FALLBACK:
        return scale.label(value, language)
    own = scale.label(value, "mn") or scale.label(value, "en")
    if own is None:
        return None
    return _point_labels(language).get((scale.code, int(value))) or own


def _point_labels(language: str) -> dict[tuple[str, int], str]:
    cache = _cache()
    key = ("scale_points", language)
    if key not in cache:
        query = (
            select(ScaleRow.code, ScaleLabel.value, TextTranslation.text)
            .join(ScaleLabel, ScaleLabel.scale_id == ScaleRow.id)
            .join(
                TextTranslation,
                (TextTranslation.entity == "scale_label")
                & (TextTranslation.entity_id == ScaleLabel.id)
                & (TextTranslation.field == "label")
                & (TextTranslation.language == language),
            )
        )
        cache[key] = {(row.code, row.value): row.text for row in db.session.execute(query)}
    return cache[key]


def group_label(group, language: str) -> str:
    """A participant group's label in ``language`` (its translation, else as typed).

    ``group`` is a ``ParticipantGroup`` row or any object with ``id`` and ``label``
    (the citizen page's cached round shape)."""
    if isinstance(group, ParticipantGroup):
        return text_for(group, "label", language)
    translated = _rows("participant_group", language).get((group.id, "label"))
    return translated or group.label


KAZAKH_TEXTS = Path(__file__).resolve().parents[1] / "data" / "kazakh_texts.csv"


def _seed_rows(path: Path) -> list[dict[str, str]]:
    with path.open(encoding="utf-8", newline="") as handle:
        return list(csv.DictReader(handle))


def seed_translations(path: Path = KAZAKH_TEXTS, language: str = "kk") -> int:
    """Add the shipped translations of the seeded library (indicator texts and hints,
    built-in scales' point labels) that are missing; returns how many were added.

    Matching is by indicator code and by scale code and point value; a text someone
    already stored (or removed and retyped) is never overwritten, so running it twice
    adds nothing. Indicators and scales not in the database are skipped.
    """
    indicators = {row.code: row for row in db.session.scalars(select(Indicator))}
    points = {
        (code, label.value): label
        for code, label in db.session.execute(
            select(ScaleRow.code, ScaleLabel).join(ScaleLabel, ScaleLabel.scale_id == ScaleRow.id)
        )
    }
    added = 0
    for row in _seed_rows(path):
        if row["kind"] == "indicator":
            target, name = indicators.get(row["code"]), row["field"]
        elif row["kind"] == "scale_label":
            target, name = points.get((row["code"], int(row["field"]))), "label"
        else:
            continue
        if target is not None and not stored_text(target, name, language):
            added += set_text(target, name, language, row["text"])
    return added


def kind_label(kind: str, language: str = "kk") -> str:
    """The shipped label of a participant-group kind in ``language`` (e.g. "Малшылар"
    for herders), "" when none is shipped: a starting text for a group's translation."""
    for row in _seed_rows(KAZAKH_TEXTS):
        if row["kind"] == "group_kind" and row["code"] == kind and language == "kk":
            return row["text"]
    return ""
