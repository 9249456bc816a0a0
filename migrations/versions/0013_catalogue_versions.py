"""catalogue_versions: indicators and templates with versions, retirement and facility types

An indicator or template that rounds use is never changed in place: editing it makes a
new row of the same ``lineage`` with ``version`` + 1 and marks the old one
``superseded_at``; rounds keep pointing to the row they started with. ``retired_at``
hides a row from new templates and rounds while keeping it for history. Templates name
the facility types they are meant for (``template_facility_type``).

Existing rows become version 1 of their own lineage (their code). Only columns are
added to ``indicator`` and ``template`` (tables with children under foreign keys), so
SQLite adds them in place without copying the tables.

Revision ID: 0013_catalogue_versions
Revises: 0012_import_started
Create Date: 2026-12-04 10:00:00

"""

import sqlalchemy as sa
from alembic import op

revision = "0013_catalogue_versions"
down_revision = "0012_import_started"
branch_labels = None
depends_on = None

_VERSIONED = ("indicator", "template")


def upgrade():
    for table in _VERSIONED:
        with op.batch_alter_table(table, schema=None) as batch_op:
            batch_op.add_column(sa.Column("lineage", sa.String(length=40), nullable=True))
            batch_op.add_column(
                sa.Column("version", sa.Integer(), server_default="1", nullable=False)
            )
            batch_op.add_column(sa.Column("superseded_at", sa.DateTime(), nullable=True))
            batch_op.add_column(sa.Column("retired_at", sa.DateTime(), nullable=True))
        op.execute(sa.text(f'UPDATE "{table}" SET lineage = code WHERE lineage IS NULL'))
    op.create_table(
        "template_facility_type",
        sa.Column("template_id", sa.Integer(), nullable=False),
        sa.Column("facility_type_id", sa.Integer(), nullable=False),
        sa.ForeignKeyConstraint(
            ["facility_type_id"],
            ["facility_type.id"],
            name=op.f("fk_template_facility_type_facility_type_id_facility_type"),
            ondelete="CASCADE",
        ),
        sa.ForeignKeyConstraint(
            ["template_id"],
            ["template.id"],
            name=op.f("fk_template_facility_type_template_id_template"),
            ondelete="CASCADE",
        ),
        sa.PrimaryKeyConstraint(
            "template_id", "facility_type_id", name=op.f("pk_template_facility_type")
        ),
    )


def downgrade():
    op.drop_table("template_facility_type")
    for table in reversed(_VERSIONED):
        with op.batch_alter_table(table, schema=None) as batch_op:
            batch_op.drop_column("retired_at")
            batch_op.drop_column("superseded_at")
            batch_op.drop_column("version")
            batch_op.drop_column("lineage")
