"""text_translations: texts in any offered language; a round's language for citizens

* ``text_translation``: one row per entity (``indicator``, ``scale_label``,
  ``participant_group``), entity id, field (``text``, ``hint``, ``label``) and language,
  for languages that have no column of their own (Kazakh); unique per those four.
  Existing rows have none, so every text reads as before.
* ``round.language``: the language the join link and QR open the citizen pages in
  (e.g. ``kk``); NULL (every existing round) means the platform default.

``round`` has children under foreign keys, so on SQLite the column is added in place
with ``ALTER TABLE … ADD COLUMN`` (no batch copy, which would cascade to them; see
0015).

Revision ID: 0018_text_translations
Revises: 0017_notifications
Create Date: 2026-12-01 14:00:00

"""

import sqlalchemy as sa
from alembic import op

revision = "0018_text_translations"
down_revision = "0017_notifications"
branch_labels = None
depends_on = None


def upgrade():
    op.add_column("round", sa.Column("language", sa.String(length=5), nullable=True))
    op.create_table(
        "text_translation",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("entity", sa.String(length=32), nullable=False),
        sa.Column("entity_id", sa.Integer(), nullable=False),
        sa.Column("field", sa.String(length=32), nullable=False),
        sa.Column("language", sa.String(length=5), nullable=False),
        sa.Column("text", sa.Text(), nullable=False),
        sa.CheckConstraint("text <> ''", name=op.f("ck_text_translation_text_not_empty")),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_text_translation")),
        sa.UniqueConstraint(
            "entity",
            "entity_id",
            "field",
            "language",
            name=op.f("uq_text_translation_entity_entity_id_field_language"),
        ),
    )


def downgrade():
    op.drop_table("text_translation")
    op.drop_column("round", "language")
