"""Texts stored per language for languages that have no column of their own.

Indicator texts and hints, scale-point labels, sector and facility-type names and
participant-group labels have ``_mn``/``_en`` columns (or, for a group, one label as
typed). Any other offered language (Kazakh first) keeps its text here, one row per
entity, field and language; ``app.services.texts.text_for`` reads columns and rows alike
with one fallback rule. The answers of the demographic questions
(:class:`DemographicOption`) have no columns: all their labels are rows here.
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
    # The table of the entity: "indicator", "scale_label", "participant_group",
    # "sector", "facility_type" or "demographic_option".
    entity: Mapped[str] = mapped_column(String(32))
    entity_id: Mapped[int] = mapped_column(Integer)
    # The field as named without its language suffix: "text", "hint", "label".
    field: Mapped[str] = mapped_column(String(32))
    language: Mapped[str] = mapped_column(String(5))
    text: Mapped[str] = mapped_column(Text)


class DemographicOption(db.Model):
    """One answer of a demographic question (gender ``female``, age band ``60_plus``,
    disability ``undisclosed``…), so that its label can be kept per language.

    The codes are the closed vocabularies of ``scorecards.vocab`` (what responses
    store); the labels are ``text_translation`` rows (entity ``demographic_option``,
    field ``label``) in every language, Mongolian and English included, edited on the
    catalogue's answers page.
    """

    __tablename__ = "demographic_option"
    __table_args__ = (UniqueConstraint("kind", "code"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    # The question: "gender", "age_band" or "disability".
    kind: Mapped[str] = mapped_column(String(16))
    code: Mapped[str] = mapped_column(String(16))
    position: Mapped[int] = mapped_column(Integer, default=0)
