"""Editing the catalogue: sectors, facility types, the indicator library and templates.

Rows that rounds use are never changed in place. Editing an indicator some round uses
makes a new version (a new row of the same lineage, ``version`` + 1, the old row
marked ``superseded_at``) and every current template holding the old version takes the
new one; editing a template some round started with makes a new template version the
same way. Rounds keep the rows they point to. Retiring hides a row from new templates
and rounds and keeps it for history. Every change is audit-logged; functions flush,
the view commits. Refusals raise ``DomainError`` with the field at fault, before
anything is changed.
"""

from __future__ import annotations

import re
from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from dataclasses import field as dataclass_field

from sqlalchemy import exists, func, select

from app.extensions import db
from app.models import (
    FacilityType,
    Indicator,
    Round,
    RoundIndicator,
    Scale,
    Sector,
    Template,
    TemplateIndicator,
)
from app.models._types import utcnow
from app.services.audit import record
from app.services.texts import (
    DEMOGRAPHIC_LABEL_MAX,
    copy_texts,
    demographic_labels_of,
    demographic_options,
    extra_languages,
    set_demographic_label,
    set_text,
    stored_text,
)
from scorecards.catalogue import check_code, indicator_text_key, version_code
from scorecards.errors import DomainError
from scorecards.vocab import IndicatorOrigin

_VERSIONED_CODE = re.compile(r"-v\d+$")


def _required(value: str | None, field: str) -> str:
    text = (value or "").strip()
    if not text:
        raise DomainError("text_required", field)
    return text


def _new_code(model, code: str | None, field: str = "code") -> str:
    """A code for a new row: checked, not ending like a version code, not taken."""
    code = check_code(code or "", field)
    if _VERSIONED_CODE.search(code):
        raise DomainError("code_reserved", field)
    if db.session.scalar(select(func.count()).select_from(model).where(model.code == code)):
        raise DomainError("code_taken", field)
    return code


def _free_code(model, wanted: str) -> str:
    """``wanted``, or ``wanted`` with a number appended, whichever no row has yet."""
    taken = set(db.session.scalars(select(model.code).where(model.code.startswith(wanted))))
    if wanted not in taken:
        return wanted
    number = 2
    while f"{wanted}.{number}" in taken:
        number += 1
    return f"{wanted}.{number}"


# --------------------------------------------------------------- sectors and types


def _names_of(row: Sector | FacilityType) -> dict[str, str]:
    """The row's names in languages without a column (``name_kk`` …), for the audit log."""
    return {
        f"name_{language}": text
        for language in extra_languages()
        if (text := stored_text(row, "name", language))
    }


def _save_names(row: Sector | FacilityType, translations: Mapping[str, str] | None) -> None:
    """Store the typed names in languages without a column ("" removes one)."""
    for language, text in (translations or {}).items():
        set_text(row, "name", language, text)


def save_sector(
    sector: Sector | None,
    code: str,
    name_mn: str,
    name_en: str,
    translations: Mapping[str, str] | None = None,
) -> Sector:
    """Add a sector (``sector=None``, with a new unique code) or rename one (its code
    stays: reports and links use it). ``translations`` are its names in languages
    without a column, by language (``{"kk": …}``)."""
    name_mn = _required(name_mn, "name_mn")
    before = None
    if sector is None:
        sector = Sector(code=_new_code(Sector, code))
        db.session.add(sector)
    else:
        before = {"name_mn": sector.name_mn, "name_en": sector.name_en, **_names_of(sector)}
    sector.name_mn, sector.name_en = name_mn, (name_en or "").strip()
    db.session.flush()
    _save_names(sector, translations)
    record(
        "catalogue.sector_update" if before else "catalogue.sector_create",
        "sector",
        sector.id,
        before,
        {
            "code": sector.code,
            "name_mn": sector.name_mn,
            "name_en": sector.name_en,
            **_names_of(sector),
        },
    )
    return sector


def save_facility_type(
    facility_type: FacilityType | None,
    code: str,
    sector: Sector,
    name_mn: str,
    name_en: str,
    translations: Mapping[str, str] | None = None,
) -> FacilityType:
    """Add a facility type of a sector (``facility_type=None``) or change one's names and
    sector; ``translations`` as for :func:`save_sector`."""
    name_mn = _required(name_mn, "name_mn")
    if sector is None:
        raise DomainError("sector_required", "sector")
    before = None
    if facility_type is None:
        facility_type = FacilityType(code=_new_code(FacilityType, code))
        db.session.add(facility_type)
    else:
        before = {
            "sector": facility_type.sector.code,
            "name_mn": facility_type.name_mn,
            "name_en": facility_type.name_en,
            **_names_of(facility_type),
        }
    facility_type.sector = sector
    facility_type.name_mn, facility_type.name_en = name_mn, (name_en or "").strip()
    db.session.flush()
    _save_names(facility_type, translations)
    record(
        "catalogue.facility_type_update" if before else "catalogue.facility_type_create",
        "facility_type",
        facility_type.id,
        before,
        {
            "code": facility_type.code,
            "sector": sector.code,
            "name_mn": name_mn,
            "name_en": facility_type.name_en,
            **_names_of(facility_type),
        },
    )
    return facility_type


# ------------------------------------------------------------------------ indicators


@dataclass(frozen=True)
class IndicatorValues:
    """What a coordinator types for a library indicator (a text per offered language)."""

    sector: Sector
    facility_types: Sequence[FacilityType]
    text_mn: str
    text_en: str
    hint_mn: str = ""
    hint_en: str = ""
    # Texts in languages without a column of their own: (field, language) -> text, e.g.
    # ("text", "kk"); "" removes one.
    translations: Mapping[tuple[str, str], str] = dataclass_field(default_factory=dict)


INDICATOR_FIELDS = ("text", "hint")


def indicator_in_use(indicator: Indicator) -> bool:
    """Whether any round (in any phase) holds this indicator row."""
    return bool(
        db.session.scalar(
            select(exists().where(RoundIndicator.indicator_id == indicator.id))
        )
    )


def _check_indicator(values: IndicatorValues, keep: Indicator | None = None) -> dict:
    if values.sector is None:
        raise DomainError("sector_required", "sector")
    text_mn = _required(values.text_mn, "text_mn")
    for facility_type in values.facility_types:
        if facility_type.sector_id != values.sector.id:
            raise DomainError("facility_type_other_sector", "facility_types")
    lineage = (keep.lineage or keep.code) if keep else None
    for field, text in (("text_mn", text_mn), ("text_en", values.text_en)):
        if not (text or "").strip():
            continue
        key = indicator_text_key(text)
        for other in current_library(values.sector.id):
            if lineage and (other.lineage or other.code) == lineage:
                continue
            if key in (indicator_text_key(other.text_mn), indicator_text_key(other.text_en)):
                raise DomainError("indicator_text_in_library", field, existing=other.code)
    return {
        "sector": values.sector,
        "facility_types": list(values.facility_types),
        "text_mn": text_mn,
        "text_en": (values.text_en or "").strip(),
        "hint_mn": (values.hint_mn or "").strip(),
        "hint_en": (values.hint_en or "").strip(),
    }


def _describe(indicator: Indicator) -> dict:
    return {
        "code": indicator.code,
        "version": indicator.version,
        "sector": indicator.sector.code if indicator.sector else None,
        "facility_types": sorted(t.code for t in indicator.facility_types),
        "text_mn": indicator.text_mn,
        "text_en": indicator.text_en,
        "hint_mn": indicator.hint_mn,
        "hint_en": indicator.hint_en,
        **_translations_of(indicator),
    }


def _translations_of(indicator: Indicator) -> dict[str, str]:
    """The indicator's texts in languages without a column (``text_kk`` …), for the
    audit log."""
    from app.models import TextTranslation

    rows = db.session.scalars(
        select(TextTranslation).where(
            TextTranslation.entity == "indicator", TextTranslation.entity_id == indicator.id
        )
    )
    return {f"{row.field}_{row.language}": row.text for row in rows}


def _save_translations(indicator: Indicator, values: IndicatorValues) -> bool:
    """Store the typed translations on ``indicator``; whether any changed."""
    changed = False
    for (name, language), text in values.translations.items():
        changed |= set_text(indicator, name, language, text)
    return changed


def _same(stored, typed) -> bool:
    """Whether a typed value is the stored one (facility types in any order)."""
    if isinstance(typed, list):
        return {row.id for row in stored} == {row.id for row in typed}
    return stored == typed


def _translations_changed(indicator: Indicator, values: IndicatorValues) -> bool:
    return any(
        stored_text(indicator, name, language) != (text or "").strip()
        for (name, language), text in values.translations.items()
    )


def _next_indicator_code(sector: Sector) -> str:
    """The sector's letter and the next free number: ``C15`` after ``C14``."""
    prefix = sector.code[:1].upper()
    pattern = re.compile(rf"{re.escape(prefix)}(\d+)")
    numbers = [
        int(match.group(1))
        for code in db.session.scalars(
            select(Indicator.code).where(Indicator.code.startswith(prefix))
        )
        if (match := pattern.fullmatch(code))
    ]
    return _free_code(Indicator, f"{prefix}{max(numbers, default=0) + 1:02d}")


def create_indicator(values: IndicatorValues, code: str = "") -> Indicator:
    """A new library indicator (version 1). Without a code the sector's next is used."""
    fields = _check_indicator(values)
    code = _new_code(Indicator, code) if (code or "").strip() else _next_indicator_code(
        values.sector
    )
    indicator = Indicator(
        code=code, lineage=code, version=1, origin=IndicatorOrigin.STANDARD, in_library=True,
        **fields,
    )
    db.session.add(indicator)
    db.session.flush()
    _save_translations(indicator, values)
    record("catalogue.indicator_create", "indicator", indicator.id, after=_describe(indicator))
    return indicator


def update_indicator(indicator: Indicator, values: IndicatorValues) -> tuple[Indicator, bool]:
    """Save an edit; returns the row holding it and whether a new version was made.

    An indicator no round uses is changed in place. One that a round uses stays as it
    is (marked superseded) and a new version holds the edit; current templates holding
    the old version take the new one (a template some round started with gets a new
    version itself). The old row keeps its rounds. Superseded and retired rows are
    refused (``indicator_superseded``, ``indicator_retired``).

    Texts in languages without a column (Kazakh) are translations of the Mongolian
    text, not a change of what is asked: when only they change, they are saved on this
    row even when rounds use it, so a running round shows them at once.
    """
    _ensure_current_indicator(indicator)
    fields = _check_indicator(values, keep=indicator)
    before = _describe(indicator)
    same_question = all(_same(getattr(indicator, key), value) for key, value in fields.items())
    translated_only = same_question and _translations_changed(indicator, values)
    if not indicator_in_use(indicator) or translated_only:
        for key, value in fields.items():
            setattr(indicator, key, value)
        db.session.flush()
        _save_translations(indicator, values)
        record(
            "catalogue.indicator_update", "indicator", indicator.id, before, _describe(indicator)
        )
        return indicator, False
    version = indicator.version + 1
    new = Indicator(
        code=_free_code(Indicator, version_code(indicator.code, version)),
        lineage=indicator.lineage or indicator.code,
        version=version,
        origin=indicator.origin,
        in_library=True,
        **fields,
    )
    db.session.add(new)
    indicator.superseded_at = utcnow()
    db.session.flush()
    copy_texts(indicator, new, INDICATOR_FIELDS)
    _save_translations(new, values)
    templates = db.session.scalars(
        select(Template)
        .join(TemplateIndicator, TemplateIndicator.template_id == Template.id)
        .where(TemplateIndicator.indicator_id == indicator.id, Template.superseded_at.is_(None))
        .order_by(Template.id)
    ).all()
    for template in templates:
        target, _made = editable_template(template)
        for item in target.items:
            if item.indicator_id == indicator.id:
                item.indicator = new
    db.session.flush()
    record(
        "catalogue.indicator_version",
        "indicator",
        new.id,
        before | {"id": indicator.id},
        _describe(new) | {"templates": [t.code for t in templates]},
    )
    return new, True


def _ensure_current_indicator(indicator: Indicator) -> None:
    if indicator.superseded_at is not None:
        raise DomainError("indicator_superseded", "indicator")
    if indicator.retired_at is not None:
        raise DomainError("indicator_retired", "indicator")


def set_indicator_retired(indicator: Indicator, retired: bool) -> None:
    """Retire (hidden from new templates and rounds, kept for history) or restore."""
    if indicator.superseded_at is not None:
        raise DomainError("indicator_superseded", "indicator")
    _set_retired(indicator, "indicator", retired)


def current_library(sector_id: int | None = None) -> list[Indicator]:
    """Library indicators offered for new templates and rounds (newest, not retired)."""
    query = select(Indicator).where(
        Indicator.in_library.is_(True),
        Indicator.superseded_at.is_(None),
        Indicator.retired_at.is_(None),
    )
    if sector_id:
        query = query.where(Indicator.sector_id == sector_id)
    return list(db.session.scalars(query.order_by(Indicator.code)))


SEARCH_STATUSES = ("current", "retired", "all")


def search_indicators(
    sector_id: int = 0, facility_type_id: int = 0, text: str = "", status: str = "current"
) -> list[Indicator]:
    """Library indicators by sector, facility type and text (code, texts and hints in
    every language; letter case and spacing ignored, Cyrillic included).

    ``status``: ``current`` (offered for new use), ``retired``, or ``all`` (every
    version, superseded ones included)."""
    query = select(Indicator).where(Indicator.in_library.is_(True))
    if status == "current":
        query = query.where(Indicator.superseded_at.is_(None), Indicator.retired_at.is_(None))
    elif status == "retired":
        query = query.where(Indicator.retired_at.isnot(None))
    if sector_id:
        query = query.where(Indicator.sector_id == sector_id)
    if facility_type_id:
        query = query.where(
            Indicator.facility_types.any(FacilityType.id == facility_type_id)
        )
    rows = db.session.scalars(query.order_by(Indicator.code)).all()
    key = indicator_text_key(text)
    if not key:
        return list(rows)
    return [
        i for i in rows
        if any(
            key in indicator_text_key(value)
            for value in (i.code, i.text_mn, i.text_en, i.hint_mn, i.hint_en, *_other_texts(i))
        )
    ]


def _other_texts(indicator: Indicator) -> list[str]:
    """The indicator's texts and hints in the offered languages without a column."""
    return [
        stored_text(indicator, name, language)
        for language in extra_languages()
        for name in INDICATOR_FIELDS
    ]


def promote_indicator(round_: Round, ri: RoundIndicator) -> Indicator:
    """Take an indicator a group proposed in ``round_`` into the library, for the
    round's sector and its facility's type. The row itself joins the library (keeping
    its origin and code), so later rounds match it to this round's scores."""
    indicator = ri.indicator
    if indicator.origin == IndicatorOrigin.STANDARD:
        raise DomainError("indicator_not_proposed", "indicator")
    if indicator.in_library:
        raise DomainError("indicator_already_in_library", "indicator")
    key_mn = indicator_text_key(indicator.text_mn)
    for other in current_library(indicator.sector_id):
        if key_mn in (indicator_text_key(other.text_mn), indicator_text_key(other.text_en)):
            raise DomainError("indicator_text_in_library", "indicator", existing=other.code)
    indicator.in_library = True
    indicator.lineage = indicator.lineage or indicator.code
    facility_type = round_.facility.facility_type
    if facility_type.sector_id == indicator.sector_id and facility_type not in (
        indicator.facility_types
    ):
        indicator.facility_types.append(facility_type)
    db.session.flush()
    record(
        "catalogue.indicator_promote",
        "indicator",
        indicator.id,
        after={"code": indicator.code, "round_id": round_.id, "origin": indicator.origin},
    )
    return indicator


# ------------------------------------------------------------------------- templates


@dataclass(frozen=True)
class TemplateValues:
    """A template's heading: names, sector, facility types and scales."""

    name_mn: str
    name_en: str
    sector: Sector
    facility_types: Sequence[FacilityType]
    scale: Scale
    consensus_scale: Scale | None = None


def template_in_use(template: Template) -> bool:
    """Whether any round started with this template row."""
    return bool(db.session.scalar(select(exists().where(Round.template_id == template.id))))


def current_templates() -> list[Template]:
    """The newest, active version of each template: what a new round may start with."""
    return list(
        db.session.scalars(
            select(Template)
            .where(Template.superseded_at.is_(None), Template.retired_at.is_(None))
            .order_by(Template.code)
        )
    )


def _describe_template(template: Template) -> dict:
    described = {
        "code": template.code,
        "version": template.version,
        "name_mn": template.name_mn,
        "name_en": template.name_en,
        "sector": template.sector.code if template.sector else None,
        "scale": template.scale.code if template.scale else None,
        "facility_types": sorted(t.code for t in template.facility_types),
        "indicators": [item.indicator.code for item in template.items],
        "consensus_scale": template.consensus_scale.code if template.consensus_scale else None,
    }
    return described


def _check_template(values: TemplateValues, items: Sequence[TemplateIndicator] = ()) -> None:
    _required(values.name_mn, "name_mn")
    if values.sector is None:
        raise DomainError("sector_required", "sector")
    if values.scale is None:
        raise DomainError("scale_required", "scale")
    for facility_type in values.facility_types:
        if facility_type.sector_id != values.sector.id:
            raise DomainError("facility_type_other_sector", "facility_types")
    if any(item.indicator.sector_id != values.sector.id for item in items):
        raise DomainError("template_sector_has_indicators", "sector")


def _apply(template: Template, values: TemplateValues) -> None:
    template.name_mn = values.name_mn.strip()
    template.name_en = (values.name_en or "").strip()
    template.sector = values.sector
    template.scale = values.scale
    template.facility_types = list(values.facility_types)
    template.consensus_scale = values.consensus_scale


def create_template(values: TemplateValues, code: str = "") -> Template:
    """A new template (version 1) with no indicators yet; they are added one by one."""
    _check_template(values)
    if (code or "").strip():
        code = _new_code(Template, code)
    else:
        number = db.session.scalar(select(func.count()).select_from(Template)) + 1
        code = _free_code(Template, f"{values.sector.code}-{number}")
    template = Template(code=code, lineage=code, version=1)
    _apply(template, values)
    db.session.add(template)
    db.session.flush()
    record("catalogue.template_create", "template", template.id, after=_describe_template(template))
    return template


def _ensure_current_template(template: Template) -> None:
    if template.superseded_at is not None:
        raise DomainError("template_superseded", "template")


def editable_template(template: Template) -> tuple[Template, bool]:
    """The row an edit of ``template`` goes to, and whether it is a new version.

    A template no round started with is edited in place. Otherwise a new version is
    made (same names, sector, scales, facility types and indicators) and the old one is
    marked superseded; rounds keep pointing to the old one."""
    _ensure_current_template(template)
    if not template_in_use(template):
        return template, False
    version = template.version + 1
    new = Template(
        code=_free_code(Template, version_code(template.code, version)),
        lineage=template.lineage or template.code,
        version=version,
        name_mn=template.name_mn,
        name_en=template.name_en,
        sector=template.sector,
        scale=template.scale,
        consensus_scale=template.consensus_scale,
        retired_at=template.retired_at,
        facility_types=list(template.facility_types),
        items=[
            TemplateIndicator(indicator_id=item.indicator_id, position=item.position)
            for item in template.items
        ],
    )
    db.session.add(new)
    template.superseded_at = utcnow()
    db.session.flush()
    record(
        "catalogue.template_version",
        "template",
        new.id,
        before={"id": template.id, "code": template.code, "version": template.version},
        after={"code": new.code, "version": new.version},
    )
    return new, True


def update_template(template: Template, values: TemplateValues) -> tuple[Template, bool]:
    """Save a template's heading; returns the row holding it and whether a new version
    was made (see :func:`editable_template`)."""
    _ensure_current_template(template)
    _check_template(values, template.items)
    target, made = editable_template(template)
    before = _describe_template(target)
    _apply(target, values)
    db.session.flush()
    record("catalogue.template_update", "template", target.id, before, _describe_template(target))
    return target, made


def _renumber(template: Template, ordered: list[TemplateIndicator]) -> None:
    """Positions 1..n in the given order (two passes: positions are unique)."""
    for offset, item in enumerate(ordered, start=1):
        item.position = 1000 + offset
    db.session.flush()
    for offset, item in enumerate(ordered, start=1):
        item.position = offset
    db.session.flush()


def add_template_indicator(template: Template, indicator: Indicator) -> tuple[Template, bool]:
    """Append a current library indicator of the template's sector."""
    _ensure_current_template(template)
    if indicator is None or not indicator.in_library:
        raise DomainError("indicator_not_in_library", "indicator")
    _ensure_current_indicator(indicator)
    if indicator.sector_id != template.sector_id:
        raise DomainError("indicator_other_sector", "indicator")
    if any(item.indicator_id == indicator.id for item in template.items):
        raise DomainError("indicator_already_in_template", "indicator")
    target, made = editable_template(template)
    target.items.append(TemplateIndicator(indicator=indicator, position=len(target.items) + 1))
    db.session.flush()
    record(
        "catalogue.template_indicator_add", "template", target.id,
        after={"indicator": indicator.code},
    )
    return target, made


def _item_of(template: Template, indicator_id: int) -> TemplateIndicator:
    item = next((i for i in template.items if i.indicator_id == indicator_id), None)
    if item is None:
        raise DomainError("indicator_not_in_template", "indicator")
    return item


def move_template_indicator(
    template: Template, indicator_id: int, step: int
) -> tuple[Template, bool]:
    """Move an indicator one place up (``step=-1``) or down (``+1``); at an end
    nothing changes (and no version is made)."""
    _ensure_current_template(template)
    index = template.items.index(_item_of(template, indicator_id))
    if not 0 <= index + step < len(template.items):
        return template, False
    target, made = editable_template(template)
    ordered = list(target.items)
    ordered[index], ordered[index + step] = ordered[index + step], ordered[index]
    _renumber(target, ordered)
    record(
        "catalogue.template_indicator_move", "template", target.id,
        after={"indicator": ordered[index + step].indicator.code, "position": index + step + 1},
    )
    return target, made


def remove_template_indicator(template: Template, indicator_id: int) -> tuple[Template, bool]:
    """Take an indicator out of the template (rounds already started keep theirs)."""
    _ensure_current_template(template)
    _item_of(template, indicator_id)
    target, made = editable_template(template)
    item = _item_of(target, indicator_id)
    code = item.indicator.code
    target.items.remove(item)
    db.session.flush()
    _renumber(target, list(target.items))
    record(
        "catalogue.template_indicator_remove", "template", target.id, before={"indicator": code}
    )
    return target, made


def set_template_retired(template: Template, retired: bool) -> None:
    """Retire (no longer offered for new rounds; rounds keep it) or restore."""
    _ensure_current_template(template)
    _set_retired(template, "template", retired)


def _set_retired(row: Indicator | Template, entity: str, retired: bool) -> None:
    """Mark ``row`` retired (now) or restored, audit-logged; nothing when already so."""
    if (row.retired_at is not None) == retired:
        return
    row.retired_at = utcnow() if retired else None
    db.session.flush()
    action = "retire" if retired else "restore"
    record(f"catalogue.{entity}_{action}", entity, row.id, after={"code": row.code})


def versions_of(row: Indicator | Template) -> list:
    """Every version of ``row``'s lineage, newest first."""
    model = type(row)
    lineage = row.lineage or row.code
    return list(
        db.session.scalars(
            select(model)
            .where((model.lineage == lineage) | (model.code == lineage))
            .order_by(model.version.desc(), model.id.desc())
        )
    )


# ------------------------------------------------------------ demographic answers


def save_demographic_labels(labels: Mapping[tuple[int, str], str]) -> int:
    """Store the typed labels of the demographic answers, by (option id, language);
    returns how many answers changed. Each changed answer is audit-logged with its
    labels before and after.

    Every answer keeps a Mongolian label and no label is longer than
    ``DEMOGRAPHIC_LABEL_MAX``: otherwise ``DomainError`` (``text_required`` or
    ``text_too_long``, field ``o<id>_<language>``) is raised before anything changes.
    An empty label in another language removes it (pages then show Mongolian).
    """
    options = {option.id: option for option in demographic_options()}
    for (option_id, language), text in labels.items():
        text = (text or "").strip()
        if option_id not in options:
            continue
        if language == "mn" and not text:
            raise DomainError("text_required", f"o{option_id}_{language}")
        if len(text) > DEMOGRAPHIC_LABEL_MAX:
            raise DomainError(
                "text_too_long", f"o{option_id}_{language}", max=DEMOGRAPHIC_LABEL_MAX
            )
    changed = 0
    for option_id, option in options.items():
        typed = {lang: text for (oid, lang), text in labels.items() if oid == option_id}
        if not typed:
            continue
        before = demographic_labels_of(option)
        touched = False
        for language, text in typed.items():
            touched |= set_demographic_label(option, language, text)
        if touched:
            changed += 1
            record(
                "catalogue.demographic_label_update",
                "demographic_option",
                option.id,
                {"kind": option.kind, "code": option.code, **before},
                {"kind": option.kind, "code": option.code, **demographic_labels_of(option)},
            )
    return changed
