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
from scorecards import catalogue
from scorecards.scales import BUILTIN_SCALES


def _by_code(model) -> dict:
    return {row.code: row for row in db.session.scalars(select(model))}


def seed_library() -> dict[str, int]:
    """Insert what is missing of the standard catalogue; returns how many rows were created.

    Matching is by code, so running it twice creates nothing, and texts edited in
    the catalogue are brought up to date.
    """
    created = {"sectors": 0, "facility_types": 0, "scales": 0, "indicators": 0, "templates": 0}
    sectors = _by_code(Sector)
    for sector_def in catalogue.SECTORS:
        sector = sectors.get(sector_def.code)
        if sector is None:
            sector = sectors[sector_def.code] = Sector(code=sector_def.code)
            db.session.add(sector)
            created["sectors"] += 1
        sector.name_mn, sector.name_en = sector_def.name_mn, sector_def.name_en

    types = _by_code(FacilityType)
    for type_def in catalogue.FACILITY_TYPES:
        facility_type = types.get(type_def.code)
        if facility_type is None:
            facility_type = types[type_def.code] = FacilityType(code=type_def.code)
            db.session.add(facility_type)
            created["facility_types"] += 1
        facility_type.sector = sectors[type_def.sector]
        facility_type.name_mn, facility_type.name_en = type_def.name_mn, type_def.name_en

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
        indicator = indicators.get(ind_def.code)
        if indicator is None:
            indicator = indicators[ind_def.code] = Indicator(code=ind_def.code, in_library=True)
            db.session.add(indicator)
            created["indicators"] += 1
        indicator.sector = sectors[ind_def.sector]
        indicator.origin = "standard"
        indicator.text_mn, indicator.text_en = ind_def.text_mn, ind_def.text_en
        indicator.hint_mn, indicator.hint_en = ind_def.hint_mn, ind_def.hint_en
        indicator.facility_types = [types[code] for code in ind_def.facility_types]

    templates = _by_code(Template)
    for tpl_def in catalogue.TEMPLATES:
        if tpl_def.code in templates:
            continue
        template = Template(
            code=tpl_def.code,
            name_mn=tpl_def.name_mn,
            name_en=tpl_def.name_en,
            sector=sectors[tpl_def.sector],
            scale=scales[tpl_def.scale],
            items=[
                TemplateIndicator(indicator=indicators[code], position=position)
                for position, code in enumerate(tpl_def.indicators, start=1)
            ],
        )
        db.session.add(template)
        created["templates"] += 1
    db.session.flush()
    return created
