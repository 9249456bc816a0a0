"""Texts in every offered language: indicator texts and hints, scale-point labels,
participant-group labels, sector and facility-type names, and the labels of the
demographic answers (gender, age band, disability).

Mongolian and English have columns of their own (``text_mn``, ``label_en`` …); any
other language (Kazakh) is kept in ``text_translation`` rows. One rule reads both:
:func:`text_for` gives the text in the asked language, else Mongolian, else English,
else the first offered language (in the order of LANGUAGES) that has one, so a page never
shows an empty question. Editing pages read :func:`stored_text` instead, which gives only the asked
language (a missing translation is shown as missing there, never as another language).

Demographic answers have no columns: every language of their labels, Mongolian and
English included, is a translation row of a ``demographic_option``; read them with
:func:`demographic_label` (every page, form, import and XLSForm does).

Translation rows are read once per request and language for each kind of entity.
"""

from __future__ import annotations

import csv
from collections.abc import Iterable
from pathlib import Path

from flask import current_app, g, has_app_context
from sqlalchemy import select

from app.extensions import db
from app.models import (
    DemographicOption,
    FacilityType,
    Indicator,
    ParticipantGroup,
    ScaleLabel,
    Sector,
    TextTranslation,
)
from app.models import Scale as ScaleRow
from scorecards.vocab import AgeBand, Disability, Gender

# The entity name stored in ``text_translation.entity`` and the languages whose text
# is a column of the row itself (``<field>_<language>``).
ENTITIES: dict[type, tuple[str, tuple[str, ...]]] = {
    Indicator: ("indicator", ("mn", "en")),
    ScaleLabel: ("scale_label", ("mn", "en")),
    ParticipantGroup: ("participant_group", ()),
    Sector: ("sector", ("mn", "en")),
    FacilityType: ("facility_type", ("mn", "en")),
    DemographicOption: ("demographic_option", ()),
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
    built-in scales' point labels, sector and facility-type names) that are missing;
    returns how many were added.

    Matching is by indicator, sector and facility-type code and by scale code and point
    value; a text someone already stored (or removed and retyped) is never overwritten,
    so running it twice adds nothing. Rows not in the database are skipped.
    """
    indicators = {row.code: row for row in db.session.scalars(select(Indicator))}
    named = {
        "sector": {row.code: row for row in db.session.scalars(select(Sector))},
        "facility_type": {row.code: row for row in db.session.scalars(select(FacilityType))},
    }
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
        elif row["kind"] in named:
            target, name = named[row["kind"]].get(row["code"]), row["field"]
        else:
            continue
        if target is not None and not stored_text(target, name, language):
            added += set_text(target, name, language, row["text"])
    return added


SHIPPED_TEXTS: dict[str, Path] = {"kk": KAZAKH_TEXTS}
"""The shipped file of texts of each language that has no columns (one language per
file: kind, code, field, text)."""


def shipped_text(kind: str, code: str, field: str, language: str) -> str:
    """A text shipped in ``app/data`` for ``language`` (kind ``group_kind``,
    ``input_item``, ``input_unit`` … and its code), "" when none is shipped.

    For texts that live in code rather than in the database (a participant-group kind's
    usual name, the commonly tracked input items), the shipped file is their translation.
    """
    path = SHIPPED_TEXTS.get(language)
    if path is None:
        return ""
    cache = _cache()
    key = ("shipped", language)
    if key not in cache:
        cache[key] = {(r["kind"], r["code"], r["field"]): r["text"] for r in _seed_rows(path)}
    return cache[key].get((kind, code, field), "")


def kind_label(kind: str, language: str = "kk") -> str:
    """The shipped label of a participant-group kind in ``language`` (e.g. "Малшылар"
    for herders), "" when none is shipped: a starting text for a group's translation."""
    return shipped_text("group_kind", kind, "label", language)


# ------------------------------------------------------------ demographic answers

DEMOGRAPHIC_KINDS: dict[str, type] = {
    "gender": Gender,
    "age_band": AgeBand,
    "disability": Disability,
}
"""The demographic questions and their closed vocabularies, in the order asked."""

DEMOGRAPHIC_TEXTS = Path(__file__).resolve().parents[1] / "data" / "demographic_texts.csv"
DEMOGRAPHIC_LABEL_MAX = 80
"""The longest label a demographic answer may have (a radio button on a phone)."""


def demographic_codes(kind: str) -> list[str]:
    """The codes of the answers of ``kind``, in the order asked."""
    return [member.value for member in DEMOGRAPHIC_KINDS[kind]]


def _shipped_demographics() -> dict[tuple[str, str], dict[str, str]]:
    cache = _cache()
    if "shipped_demographics" not in cache:
        shipped: dict[tuple[str, str], dict[str, str]] = {}
        for row in _seed_rows(DEMOGRAPHIC_TEXTS):
            shipped.setdefault((row["kind"], row["code"]), {})[row["language"]] = row["text"]
        cache["shipped_demographics"] = shipped
    return cache["shipped_demographics"]


def _stored_demographics() -> dict[tuple[str, str], dict[str, str]]:
    """Every stored label of every demographic answer: (kind, code) -> language -> text."""
    cache = _cache()
    if "demographics" not in cache:
        query = select(
            DemographicOption.kind,
            DemographicOption.code,
            TextTranslation.language,
            TextTranslation.text,
        ).join(
            TextTranslation,
            (TextTranslation.entity == "demographic_option")
            & (TextTranslation.entity_id == DemographicOption.id)
            & (TextTranslation.field == "label"),
        )
        stored: dict[tuple[str, str], dict[str, str]] = {}
        for row in db.session.execute(query):
            stored.setdefault((row.kind, row.code), {})[row.language] = row.text
        cache["demographics"] = stored
    return cache["demographics"]


def demographic_label(kind: str, code: str, language: str) -> str:
    """The label of a demographic answer (``"gender"``, ``"female"``) in ``language``.

    One function for every place that shows or reads these labels (the phone form, the
    paper-form and answer pages, imports' accepted values, the XLSForm), so an
    administrator's edit on the catalogue's answers page shows everywhere. The stored
    label in ``language``; else Mongolian; else the first offered language (in the
    order of LANGUAGES) that has one; a database whose answers are not seeded yet reads
    the shipped labels (``app/data/demographic_texts.csv``) the same way; else the code.
    """
    offered = list(current_app.config.get("LANGUAGES", ())) if has_app_context() else []
    order = [language, "mn", *offered]
    for labels in (
        _stored_demographics().get((kind, code), {}),
        _shipped_demographics().get((kind, code), {}),
    ):
        for candidate in order:
            if labels.get(candidate):
                return labels[candidate]
    return code


def demographic_choices(kind: str, language: str) -> list[tuple[str, str]]:
    """(code, label in ``language``) of every answer of ``kind``, in the order asked."""
    return [(code, demographic_label(kind, code, language)) for code in demographic_codes(kind)]


def demographic_options() -> list[DemographicOption]:
    """The stored answers, question by question in the order asked."""
    order = {kind: index for index, kind in enumerate(DEMOGRAPHIC_KINDS)}
    rows = db.session.scalars(select(DemographicOption)).all()
    return sorted(rows, key=lambda row: (order.get(row.kind, 99), row.position, row.id))


def demographic_labels_of(option: DemographicOption) -> dict[str, str]:
    """The stored labels of one answer, by language (for the editing page)."""
    return dict(_stored_demographics().get((option.kind, option.code), {}))


def set_demographic_label(option: DemographicOption, language: str, text: str) -> bool:
    """Store ``option``'s label in ``language`` ("" removes it); whether it changed.
    The caller checks the text, audits and commits."""
    changed = set_text(option, "label", language, text)
    if changed:
        _cache().pop("demographics", None)
    return changed


def seed_demographics(path: Path = DEMOGRAPHIC_TEXTS) -> int:
    """Add the demographic answers and their shipped labels (Mongolian, English,
    Kazakh) that are missing; returns how many labels were added.

    A label someone already stored (edited on the answers page) is never overwritten,
    so running it twice adds nothing.
    """
    options = {(row.kind, row.code): row for row in db.session.scalars(select(DemographicOption))}
    for kind in DEMOGRAPHIC_KINDS:
        for position, code in enumerate(demographic_codes(kind), start=1):
            if (kind, code) not in options:
                options[(kind, code)] = DemographicOption(kind=kind, code=code, position=position)
                db.session.add(options[(kind, code)])
    db.session.flush()
    added = 0
    for row in _seed_rows(path):
        option = options.get((row["kind"], row["code"]))
        if option is not None and not stored_text(option, "label", row["language"]):
            added += set_text(option, "label", row["language"], row["text"])
    _cache().pop("demographics", None)
    return added
