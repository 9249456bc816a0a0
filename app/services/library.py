"""Seeding the catalogue: sectors, facility types, scales, indicators and templates."""

from __future__ import annotations

from sqlalchemy import select

from app.extensions import db
from app.models import (
    FacilityType,
    Indicator,
    Scale,
    ScaleLabel,
    Sector,
    Template,
    TemplateIndicator,
)
from app.services.texts import seed_demographics, seed_translations
from scorecards import catalogue
from scorecards.scales import BUILTIN_SCALES


def _by_code(model) -> dict:
    return {row.code: row for row in db.session.scalars(select(model))}


def _newest_of_lineage(indicators: dict[str, Indicator]) -> dict[str, Indicator]:
    """Lineage -> its newest version, so a template seeded later uses the text an
    administrator last saved rather than a superseded one."""
    newest: dict[str, Indicator] = {}
    for indicator in indicators.values():
        lineage = indicator.lineage or indicator.code
        if lineage not in newest or indicator.version > newest[lineage].version:
            newest[lineage] = indicator
    return newest


def seed_library() -> dict[str, int]:
    """Insert what is missing of the standard catalogue; returns how many rows were created.

    Matching is by code, so running it twice creates nothing. Rows that exist are left
    as they are: once seeded, sectors, facility types, indicators and templates belong
    to the administrators and coordinators who edit, version and retire them in the
    catalogue pages, and a new seed must not undo their work. A template seeded into a
    library whose indicators have newer versions uses the newest version of each.
    Kazakh texts of the seeded indicators, scales, sectors and facility types are
    added where missing (``app.services.texts.seed_translations``), and so are the
    demographic answers with their labels in every shipped language
    (``app.services.texts.seed_demographics``).
    """
    created = {"sectors": 0, "facility_types": 0, "scales": 0, "indicators": 0, "templates": 0}
    sectors = _by_code(Sector)
    for sector_def in catalogue.SECTORS:
        if sector_def.code not in sectors:
            sectors[sector_def.code] = Sector(
                code=sector_def.code, name_mn=sector_def.name_mn, name_en=sector_def.name_en
            )
            db.session.add(sectors[sector_def.code])
            created["sectors"] += 1

    types = _by_code(FacilityType)
    for type_def in catalogue.FACILITY_TYPES:
        if type_def.code not in types:
            types[type_def.code] = FacilityType(
                code=type_def.code,
                sector=sectors[type_def.sector],
                name_mn=type_def.name_mn,
                name_en=type_def.name_en,
            )
            db.session.add(types[type_def.code])
            created["facility_types"] += 1

    scales = _by_code(Scale)
    for scale_def in BUILTIN_SCALES.values():
        if scale_def.code in scales:
            continue
        scale = Scale(
            code=scale_def.code,
            kind=scale_def.kind,
            min_value=scale_def.min_value,
            max_value=scale_def.max_value,
            positive_from=scale_def.positive_from,
            name_mn=scale_def.name_mn,
            name_en=scale_def.name_en,
            points=[
                ScaleLabel(value=p.value, label_mn=p.label_mn, label_en=p.label_en)
                for p in scale_def.points
            ],
        )
        scales[scale.code] = scale
        db.session.add(scale)
        created["scales"] += 1

    indicators = _by_code(Indicator)
    for ind_def in catalogue.INDICATORS:
        if ind_def.code in indicators:
            continue
        indicators[ind_def.code] = Indicator(
            code=ind_def.code,
            lineage=ind_def.code,
            version=1,
            in_library=True,
            sector=sectors[ind_def.sector],
            origin="standard",
            text_mn=ind_def.text_mn,
            text_en=ind_def.text_en,
            hint_mn=ind_def.hint_mn,
            hint_en=ind_def.hint_en,
            facility_types=[types[code] for code in ind_def.facility_types],
        )
        db.session.add(indicators[ind_def.code])
        created["indicators"] += 1

    newest = _newest_of_lineage(indicators)
    templates = _by_code(Template)
    for tpl_def in catalogue.TEMPLATES:
        if tpl_def.code in templates:
            continue
        template = Template(
            code=tpl_def.code,
            lineage=tpl_def.code,
            version=1,
            name_mn=tpl_def.name_mn,
            name_en=tpl_def.name_en,
            sector=sectors[tpl_def.sector],
            scale=scales[tpl_def.scale],
            facility_types=[
                types[code] for code in catalogue.TEMPLATE_FACILITY_TYPES.get(tpl_def.code, ())
            ],
            items=[
                TemplateIndicator(indicator=newest[code], position=position)
                for position, code in enumerate(tpl_def.indicators, start=1)
            ],
        )
        db.session.add(template)
        created["templates"] += 1
    db.session.flush()
    # Kazakh texts of the seeded indicators and scales (only those still missing).
    created["translations"] = seed_translations()
    created["demographic labels"] = seed_demographics()
    return created
