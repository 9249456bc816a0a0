"""Rounds (one scorecard cycle at one facility), their indicators, groups and inputs."""

from __future__ import annotations

import secrets
from datetime import date, datetime
from decimal import Decimal

from sqlalchemy import (
    BigInteger,
    Boolean,
    CheckConstraint,
    Column,
    Date,
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
from app.models.accounts import Organisation, User
from app.models.catalogue import Facility, Indicator, Scale, Template
from scorecards.lifecycle import Phase
from scorecards.vocab import GroupKind, Side


def new_shape_key() -> int:
    """A random positive 62-bit key; 0 is kept for "not known" (rows loaded in bulk)."""
    return secrets.randbits(62) or 1


round_facilitator = Table(
    "round_facilitator",
    db.metadata,
    Column("round_id", ForeignKey("round.id", ondelete="CASCADE"), primary_key=True),
    Column("user_id", ForeignKey("user.id", ondelete="CASCADE"), primary_key=True),
)


class Round(db.Model):
    __tablename__ = "round"
    __table_args__ = (
        enum_check("state", Phase),
        CheckConstraint("period_end >= period_start", name="period_ordered"),
        CheckConstraint(
            "previous_round_id IS NULL OR previous_round_id <> id", name="not_own_previous"
        ),
        CheckConstraint("round_number >= 1", name="round_number_positive"),
        CheckConstraint("community_code <> provider_code", name="codes_differ"),
    )

    id: Mapped[int] = mapped_column(primary_key=True)
    facility_id: Mapped[int] = mapped_column(ForeignKey("facility.id"), index=True)
    template_id: Mapped[int] = mapped_column(ForeignKey("template.id"))
    scale_id: Mapped[int] = mapped_column(ForeignKey("scale.id"))
    # The scale of the groups' consensus scores when it differs from the votes' and
    # tallies' (a 0–100 consolidated score beside three-option tallies); NULL: the same.
    consensus_scale_id: Mapped[int | None] = mapped_column(ForeignKey("scale.id"))
    organisation_id: Mapped[int] = mapped_column(ForeignKey("organisation.id"), index=True)
    previous_round_id: Mapped[int | None] = mapped_column(ForeignKey("round.id"), unique=True)
    round_number: Mapped[int] = mapped_column(Integer, default=1)
    title_mn: Mapped[str] = mapped_column(String(200), default="")
    title_en: Mapped[str] = mapped_column(String(200), default="")
    period_label: Mapped[str] = mapped_column(String(20), index=True)
    period_start: Mapped[date] = mapped_column(Date)
    period_end: Mapped[date] = mapped_column(Date)
    state: Mapped[str] = mapped_column(code_type(Phase), default=Phase.PREPARATION, index=True)
    community_code: Mapped[str] = mapped_column(String(12), unique=True)
    provider_code: Mapped[str] = mapped_column(String(12), unique=True)
    community_open: Mapped[bool] = mapped_column(Boolean, default=False)
    provider_open: Mapped[bool] = mapped_column(Boolean, default=False)
    shared_device: Mapped[bool] = mapped_column(Boolean, default=False)
    # The language the join link and QR open the citizen pages in ("kk" for a
    # Bayan-Ölgii round); NULL: the platform default. Citizens can still switch.
    language: Mapped[str | None] = mapped_column(String(5))
    # A fresh random number whenever what the scorecard asks changes (indicators, groups,
    # scale): servers cache the round's shape under it (see app/models/round_shape.py).
    shape_key: Mapped[int] = mapped_column(BigInteger, default=new_shape_key, server_default="0")
    published_at: Mapped[datetime | None] = mapped_column(DateTime)
    is_demo: Mapped[bool] = mapped_column(Boolean, default=False)
    created_at: Mapped[datetime] = mapped_column(DateTime, default=utcnow)
    created_by_id: Mapped[int | None] = mapped_column(ForeignKey("user.id"))

    facility: Mapped[Facility] = relationship()
    template: Mapped[Template] = relationship()
    scale: Mapped[Scale] = relationship(foreign_keys=[scale_id])
    consensus_scale: Mapped[Scale | None] = relationship(foreign_keys=[consensus_scale_id])
    organisation: Mapped[Organisation] = relationship()
    previous_round: Mapped[Round | None] = relationship(
        remote_side=[id], foreign_keys=[previous_round_id]
    )
    facilitators: Mapped[list[User]] = relationship(secondary=round_facilitator)
    indicators: Mapped[list[RoundIndicator]] = relationship(
        order_by="RoundIndicator.position", cascade="all, delete-orphan", back_populates="round"
    )
    groups: Mapped[list[ParticipantGroup]] = relationship(
        order_by="ParticipantGroup.id", cascade="all, delete-orphan", back_populates="round"
    )
    input_items: Mapped[list[InputItem]] = relationship(
        order_by="InputItem.position", cascade="all, delete-orphan", back_populates="round"
    )

    @property
    def phase(self) -> Phase:
        return Phase(self.state)

    @property
    def is_published(self) -> bool:
        return self.state == Phase.PUBLISHED

    def title(self, language: str) -> str:
        # English has its own title; every other language reads the Mongolian (Cyrillic).
        return self.title_en if language == "en" and self.title_en else self.title_mn

    @property
    def agreed_scale(self) -> Scale:
        """The scale consensus scores are on: its own, else the votes' scale."""
        return self.consensus_scale or self.scale


round_indicator_proposal = Table(
    "round_indicator_proposal",
    db.metadata,
    Column(
        "round_indicator_id", ForeignKey("round_indicator.id", ondelete="CASCADE"), primary_key=True
    ),
    Column("group_id", ForeignKey("participant_group.id", ondelete="CASCADE"), primary_key=True),
)


class RoundIndicator(db.Model):
    """An indicator as used in one round; scores point here, so they match by indicator."""

    __tablename__ = "round_indicator"
    __table_args__ = (
        UniqueConstraint("round_id", "indicator_id"),
        CheckConstraint("position >= 1", name="position_positive"),
        enum_check("side", Side, nullable=True),
    )

    id: Mapped[int] = mapped_column(primary_key=True)
    round_id: Mapped[int] = mapped_column(ForeignKey("round.id", ondelete="CASCADE"), index=True)
    indicator_id: Mapped[int] = mapped_column(ForeignKey("indicator.id"), index=True)
    position: Mapped[int] = mapped_column(Integer)
    # NULL: asked of both sides; otherwise only of that side (e.g. provider-proposed).
    side: Mapped[str | None] = mapped_column(code_type(Side))

    round: Mapped[Round] = relationship(back_populates="indicators")
    indicator: Mapped[Indicator] = relationship()
    proposed_by: Mapped[list[ParticipantGroup]] = relationship(secondary=round_indicator_proposal)

    def asked_of(self, side: str) -> bool:
        return self.side is None or self.side == side


class ParticipantGroup(db.Model):
    __tablename__ = "participant_group"
    __table_args__ = (
        enum_check("kind", GroupKind),
        enum_check("side", Side),
        UniqueConstraint("round_id", "label"),
        CheckConstraint(
            "expected_size >= 0 AND count_female >= 0 AND count_male >= 0 AND count_other >= 0",
            name="counts_not_negative",
        ),
    )

    id: Mapped[int] = mapped_column(primary_key=True)
    round_id: Mapped[int] = mapped_column(ForeignKey("round.id", ondelete="CASCADE"), index=True)
    kind: Mapped[str] = mapped_column(code_type(GroupKind))
    side: Mapped[str] = mapped_column(code_type(Side), default=Side.COMMUNITY)
    label: Mapped[str] = mapped_column(String(120))
    expected_size: Mapped[int] = mapped_column(Integer, default=0)
    count_female: Mapped[int] = mapped_column(Integer, default=0)
    count_male: Mapped[int] = mapped_column(Integer, default=0)
    count_other: Mapped[int] = mapped_column(Integer, default=0)

    round: Mapped[Round] = relationship(back_populates="groups")

    @property
    def participants(self) -> int:
        return self.count_female + self.count_male + self.count_other


class InputItem(db.Model):
    """Input tracking: an entitlement against what is actually there."""

    __tablename__ = "input_item"
    __table_args__ = (
        CheckConstraint("norm IS NULL OR norm >= 0", name="norm_not_negative"),
        CheckConstraint("actual IS NULL OR actual >= 0", name="actual_not_negative"),
    )

    id: Mapped[int] = mapped_column(primary_key=True)
    round_id: Mapped[int] = mapped_column(ForeignKey("round.id", ondelete="CASCADE"), index=True)
    position: Mapped[int] = mapped_column(Integer, default=1)
    item: Mapped[str] = mapped_column(String(200))
    entitlement: Mapped[str] = mapped_column(Text, default="")
    norm: Mapped[Decimal | None] = mapped_column(Numeric(12, 2))
    actual: Mapped[Decimal | None] = mapped_column(Numeric(12, 2))
    unit: Mapped[str] = mapped_column(String(40), default="")
    source: Mapped[str] = mapped_column(String(200), default="")
    note: Mapped[str] = mapped_column(Text, default="")

    round: Mapped[Round] = relationship(back_populates="input_items")
