"""Administrative areas: aimags, the capital, soums and Ulaanbaatar's districts."""

from __future__ import annotations

from sqlalchemy import ForeignKey, String, func
from sqlalchemy.ext.hybrid import hybrid_property
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

    @property
    def aimag(self) -> Area:
        """The aimag (or the capital) this area belongs to: itself when it is one, else
        its parent; the unit every public report and official's remit is counted in."""
        if self.is_top_level or self.parent is None:
            return self
        return self.parent

    @hybrid_property
    def aimag_id(self) -> int:
        """The id of :attr:`aimag`; in SQL ``COALESCE(parent_id, id)``, since aimags and
        the capital have no parent and every other area's parent is its aimag."""
        return self.aimag.id

    @aimag_id.inplace.expression
    @classmethod
    def _aimag_id_expression(cls):
        return func.coalesce(cls.parent_id, cls.id)

    @classmethod
    def top_level(cls):
        """SQL condition: the area is an aimag or the capital."""
        return cls.level.in_((AreaLevel.AIMAG, AreaLevel.CAPITAL))

    @classmethod
    def within(cls, aimag_id: int):
        """SQL condition: the area is the aimag ``aimag_id`` or one of its soums/districts."""
        return (cls.id == aimag_id) | (cls.parent_id == aimag_id)

    def name(self, language: str) -> str:
        return self.name_en if language == "en" else self.name_mn

    def __repr__(self) -> str:
        return f"<Area {self.code} {self.name_en}>"
