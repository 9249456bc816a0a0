"""Texts stored per language for languages that have no column of their own.

Indicator texts and hints, scale-point labels and participant-group labels have
``_mn``/``_en`` columns (or, for a group, one label as typed). Any other offered
language (Kazakh first) keeps its text here, one row per entity, field and language;
``app.services.texts.text_for`` reads columns and rows alike with one fallback rule.
"""

from __future__ import annotations

from sqlalchemy import CheckConstraint, Integer, String, Text, UniqueConstraint
from sqlalchemy.orm import Mapped, mapped_column

from app.extensions import db


class TextTranslation(db.Model):
    """One text of one entity's field in one language (e.g. indicator 12's text in kk)."""

    __tablename__ = "text_translation"
    __table_args__ = (
        UniqueConstraint("entity", "entity_id", "field", "language"),
        CheckConstraint("text <> ''", name="text_not_empty"),
    )

    id: Mapped[int] = mapped_column(primary_key=True)
    # The table of the entity: "indicator", "scale_label" or "participant_group".
    entity: Mapped[str] = mapped_column(String(32))
    entity_id: Mapped[int] = mapped_column(Integer)
    # The field as named without its language suffix: "text", "hint", "label".
    field: Mapped[str] = mapped_column(String(32))
    language: Mapped[str] = mapped_column(String(5))
    text: Mapped[str] = mapped_column(Text)
