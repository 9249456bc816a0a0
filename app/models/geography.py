"""Administrative areas: aimags, the capital, soums and Ulaanbaatar's districts."""

from __future__ import annotations

from sqlalchemy import ForeignKey, String
from sqlalchemy.orm import Mapped, mapped_column, relationship

from app.extensions import db
from app.models._types import code_type, enum_check
from scorecards.vocab import AreaLevel


class Area(db.Model):
    __tablename__ = "area"
    __table_args__ = (enum_check("level", AreaLevel),)

    id: Mapped[int] = mapped_column(primary_key=True)
    code: Mapped[str] = mapped_column(String(16), unique=True)
    level: Mapped[str] = mapped_column(code_type(AreaLevel), index=True)
    parent_id: Mapped[int | None] = mapped_column(ForeignKey("area.id"), index=True)
    name_mn: Mapped[str] = mapped_column(String(120))
    name_en: Mapped[str] = mapped_column(String(120))

    parent: Mapped[Area | None] = relationship(remote_side=[id], back_populates="children")
    children: Mapped[list[Area]] = relationship(back_populates="parent", order_by="Area.name_mn")

    @property
    def is_top_level(self) -> bool:
        return self.level in (AreaLevel.AIMAG, AreaLevel.CAPITAL)

    def name(self, language: str) -> str:
        return self.name_mn if language == "mn" else self.name_en

    def __repr__(self) -> str:
        return f"<Area {self.code} {self.name_en}>"
