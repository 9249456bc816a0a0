"""Sectors, facility types, facilities, scales, the indicator library and templates."""

from __future__ import annotations

from datetime import datetime
from decimal import Decimal

from sqlalchemy import (
    Boolean,
    CheckConstraint,
    Column,
    DateTime,
    ForeignKey,
    Integer,
    Numeric,
    String,
    Table,
    Text,
    UniqueConstraint,
)
from sqlalchemy.orm import Mapped, mapped_column, relationship

from app.extensions import db
from app.models._types import code_type, enum_check, utcnow
from app.models.geography import Area
from scorecards import scales
from scorecards.scales import ScaleKind
from scorecards.vocab import IndicatorOrigin


class Sector(db.Model):
    __tablename__ = "sector"

    id: Mapped[int] = mapped_column(primary_key=True)
    code: Mapped[str] = mapped_column(String(32), unique=True)
    name_mn: Mapped[str] = mapped_column(String(120))
    name_en: Mapped[str] = mapped_column(String(120))

    def name(self, language: str) -> str:
        """The name in ``language``: a column for Mongolian and English, a stored
        translation for another language (Kazakh), with the fallbacks of
        ``app.services.texts``."""
        from app.services.texts import text_for

        return text_for(self, "name", language)


class FacilityType(db.Model):
    __tablename__ = "facility_type"

    id: Mapped[int] = mapped_column(primary_key=True)
    code: Mapped[str] = mapped_column(String(40), unique=True)
    sector_id: Mapped[int] = mapped_column(ForeignKey("sector.id"), index=True)
    name_mn: Mapped[str] = mapped_column(String(120))
    name_en: Mapped[str] = mapped_column(String(120))

    sector: Mapped[Sector] = relationship()

    def name(self, language: str) -> str:
        """The name in ``language``, as :meth:`Sector.name`."""
        from app.services.texts import text_for

        return text_for(self, "name", language)


class Facility(db.Model):
    __tablename__ = "facility"
    __table_args__ = (UniqueConstraint("area_id", "name_mn"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    name_mn: Mapped[str] = mapped_column(String(200))
    name_en: Mapped[str] = mapped_column(String(200))
    facility_type_id: Mapped[int] = mapped_column(ForeignKey("facility_type.id"), index=True)
    area_id: Mapped[int] = mapped_column(ForeignKey("area.id"), index=True)
    is_demo: Mapped[bool] = mapped_column(Boolean, default=False)
    created_at: Mapped[datetime] = mapped_column(DateTime, default=utcnow)

    facility_type: Mapped[FacilityType] = relationship()
    area: Mapped[Area] = relationship()

    def name(self, language: str) -> str:
        return self.name_en if language == "en" else self.name_mn


class Scale(db.Model):
    """A scale version. ``code`` is unique per version (summary rows name it);
    ``replaces_id`` points at the version this one was made from when a scale in use
    was changed (``app.services.scales``): rounds keep the version they started with.
    ``step`` is exact (decimal): 0.5 on a 0–10 half-point scale."""

    __tablename__ = "scale"
    __table_args__ = (
        enum_check("kind", ScaleKind),
        CheckConstraint("min_value < max_value", name="range_not_empty"),
        CheckConstraint(
            "positive_from >= min_value AND positive_from <= max_value", name="positive_in_range"
        ),
    )

    id: Mapped[int] = mapped_column(primary_key=True)
    code: Mapped[str] = mapped_column(String(32), unique=True)
    kind: Mapped[str] = mapped_column(code_type(ScaleKind))
    min_value: Mapped[int] = mapped_column(Integer)
    max_value: Mapped[int] = mapped_column(Integer)
    positive_from: Mapped[int] = mapped_column(Integer)
    name_mn: Mapped[str] = mapped_column(String(120))
    name_en: Mapped[str] = mapped_column(String(120))
    allow_missing: Mapped[bool] = mapped_column(Boolean, default=True)
    step: Mapped[Decimal] = mapped_column(Numeric(9, 3), default=Decimal(1), server_default="1")
    version: Mapped[int] = mapped_column(Integer, default=1, server_default="1")
    replaces_id: Mapped[int | None] = mapped_column(ForeignKey("scale.id"))

    replaces: Mapped[Scale | None] = relationship(remote_side=[id])
    points: Mapped[list[ScaleLabel]] = relationship(
        order_by="ScaleLabel.value", cascade="all, delete-orphan"
    )

    def domain(self) -> scales.Scale:
        """This version as the domain's scale (labels, marks, step and version), for
        checking answers, drawing forms and labelling reports."""
        return scales.scale_from_record(self, self.points)


class ScaleLabel(db.Model):
    __tablename__ = "scale_label"
    __table_args__ = (UniqueConstraint("scale_id", "value"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    scale_id: Mapped[int] = mapped_column(ForeignKey("scale.id", ondelete="CASCADE"))
    value: Mapped[int] = mapped_column(Integer)
    label_mn: Mapped[str] = mapped_column(String(80))
    label_en: Mapped[str] = mapped_column(String(80))
    # A face or colour code shown with the label (``scorecards.scales.MARKS``), or "".
    mark: Mapped[str] = mapped_column(String(16), default="", server_default="")


indicator_facility_type = Table(
    "indicator_facility_type",
    db.metadata,
    Column("indicator_id", ForeignKey("indicator.id", ondelete="CASCADE"), primary_key=True),
    Column(
        "facility_type_id", ForeignKey("facility_type.id", ondelete="CASCADE"), primary_key=True
    ),
)


class Indicator(db.Model):
    """An indicator of the library, or one proposed during a round (origin ≠ standard)."""

    __tablename__ = "indicator"
    __table_args__ = (enum_check("origin", IndicatorOrigin),)

    id: Mapped[int] = mapped_column(primary_key=True)
    code: Mapped[str] = mapped_column(String(40), unique=True)
    sector_id: Mapped[int] = mapped_column(ForeignKey("sector.id"), index=True)
    origin: Mapped[str] = mapped_column(
        code_type(IndicatorOrigin), default=IndicatorOrigin.STANDARD
    )
    text_mn: Mapped[str] = mapped_column(Text)
    text_en: Mapped[str] = mapped_column(Text)
    hint_mn: Mapped[str] = mapped_column(Text, default="")
    hint_en: Mapped[str] = mapped_column(Text, default="")
    in_library: Mapped[bool] = mapped_column(Boolean, default=True)
    # Versions: an edit of an indicator some round uses makes a new row (same lineage,
    # version + 1) and marks this one superseded; rounds keep pointing to their row.
    lineage: Mapped[str | None] = mapped_column(String(40))
    version: Mapped[int] = mapped_column(Integer, default=1, server_default="1")
    superseded_at: Mapped[datetime | None] = mapped_column(DateTime)
    # Retired: hidden from new templates and rounds, kept for history.
    retired_at: Mapped[datetime | None] = mapped_column(DateTime)

    sector: Mapped[Sector] = relationship()
    facility_types: Mapped[list[FacilityType]] = relationship(secondary=indicator_facility_type)

    @property
    def is_current(self) -> bool:
        """The newest version of its lineage and not retired: offered for new use."""
        return self.superseded_at is None and self.retired_at is None

    def text(self, language: str) -> str:
        """The text in ``language`` with the fallbacks of ``app.services.texts``."""
        from app.services.texts import text_for

        return text_for(self, "text", language)

    def hint(self, language: str) -> str:
        from app.services.texts import text_for

        return text_for(self, "hint", language)


template_facility_type = Table(
    "template_facility_type",
    db.metadata,
    Column("template_id", ForeignKey("template.id", ondelete="CASCADE"), primary_key=True),
    Column(
        "facility_type_id", ForeignKey("facility_type.id", ondelete="CASCADE"), primary_key=True
    ),
)


class Template(db.Model):
    """A sector's ordered indicator set with its scale.

    A template some round started with is never changed: an edit makes a new version
    (same lineage, version + 1) and marks the old row superseded; ``Round.template_id``
    keeps pointing to the version the round started with.
    """

    __tablename__ = "template"

    id: Mapped[int] = mapped_column(primary_key=True)
    code: Mapped[str] = mapped_column(String(40), unique=True)
    name_mn: Mapped[str] = mapped_column(String(200))
    name_en: Mapped[str] = mapped_column(String(200))
    sector_id: Mapped[int] = mapped_column(ForeignKey("sector.id"), index=True)
    scale_id: Mapped[int] = mapped_column(ForeignKey("scale.id"))
    # The scale group consensus scores are agreed on; NULL: the same as ``scale``.
    consensus_scale_id: Mapped[int | None] = mapped_column(ForeignKey("scale.id"))
    lineage: Mapped[str | None] = mapped_column(String(40))
    version: Mapped[int] = mapped_column(Integer, default=1, server_default="1")
    superseded_at: Mapped[datetime | None] = mapped_column(DateTime)
    retired_at: Mapped[datetime | None] = mapped_column(DateTime)

    sector: Mapped[Sector] = relationship()
    scale: Mapped[Scale] = relationship(foreign_keys=[scale_id])
    consensus_scale: Mapped[Scale | None] = relationship(foreign_keys=[consensus_scale_id])
    facility_types: Mapped[list[FacilityType]] = relationship(secondary=template_facility_type)
    items: Mapped[list[TemplateIndicator]] = relationship(
        order_by="TemplateIndicator.position", cascade="all, delete-orphan"
    )

    @property
    def is_current(self) -> bool:
        """The newest version of its lineage and not retired: offered for new rounds."""
        return self.superseded_at is None and self.retired_at is None

    def name(self, language: str) -> str:
        return self.name_en if language == "en" else self.name_mn


class TemplateIndicator(db.Model):
    __tablename__ = "template_indicator"
    __table_args__ = (
        UniqueConstraint("template_id", "indicator_id"),
        UniqueConstraint("template_id", "position"),
        CheckConstraint("position >= 1", name="position_positive"),
    )

    id: Mapped[int] = mapped_column(primary_key=True)
    template_id: Mapped[int] = mapped_column(ForeignKey("template.id", ondelete="CASCADE"))
    indicator_id: Mapped[int] = mapped_column(ForeignKey("indicator.id"))
    position: Mapped[int] = mapped_column(Integer)

    indicator: Mapped[Indicator] = relationship()
