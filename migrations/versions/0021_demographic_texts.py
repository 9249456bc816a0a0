"""demographic_texts: demographic answers whose labels are kept per language

* ``demographic_option``: a new table. One row per answer of the demographic
  questions (``kind`` ``gender``, ``age_band`` or ``disability``; ``code`` as responses
  store it), unique per (``kind``, ``code``), with its place in the list. Its labels
  are ``text_translation`` rows (entity ``demographic_option``, field ``label``) in
  every language; ``flask seed library`` adds the rows and the shipped Mongolian,
  English and Kazakh labels that are missing. Until then pages show the shipped labels.

Sectors' and facility types' names in languages without a column (Kazakh) are
``text_translation`` rows too (entities ``sector`` and ``facility_type``), which need
no change to the schema.

A new table only: nothing existing is copied or altered, on SQLite as on PostgreSQL.

Revision ID: 0021_demographic_texts
Revises: 0020_sms
Create Date: 2026-12-01 17:00:00

"""

import sqlalchemy as sa
from alembic import op

revision = "0021_demographic_texts"
down_revision = "0020_sms"
branch_labels = None
depends_on = None


def upgrade():
    op.create_table(
        "demographic_option",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("kind", sa.String(length=16), nullable=False),
        sa.Column("code", sa.String(length=16), nullable=False),
        sa.Column("position", sa.Integer(), nullable=False),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_demographic_option")),
        sa.UniqueConstraint("kind", "code", name=op.f("uq_demographic_option_kind_code")),
    )


def downgrade():
    op.execute(sa.text("DELETE FROM text_translation WHERE entity = 'demographic_option'"))
    op.drop_table("demographic_option")
