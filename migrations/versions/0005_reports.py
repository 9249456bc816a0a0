"""Report summary tables: pre-aggregated results of published rounds (result_summary,
result_distribution, result_participation), the same summed per aimag (area_summary,
area_distribution) and the data versions that key report caches (report_version).

Revision ID: 0004_reports (the id is kept for databases already upgraded; the file name gives its place)
Revises: 0005_trust
Create Date: 2026-11-23 12:31:16.490563

"""

import sqlalchemy as sa
from alembic import op

# revision identifiers, used by Alembic.
revision = "0004_reports"
down_revision = "0005_trust"
branch_labels = None
depends_on = None


def upgrade():
    op.create_table(
        "area_distribution",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("point", sa.Integer(), nullable=False),
        sa.Column("count", sa.Integer(), nullable=False),
        sa.Column("aimag_id", sa.Integer(), nullable=False),
        sa.Column("facility_type_id", sa.Integer(), nullable=False),
        sa.Column("sector_id", sa.Integer(), nullable=False),
        sa.Column("period_label", sa.String(length=20), nullable=False),
        sa.Column("indicator_id", sa.Integer(), nullable=False),
        sa.Column("scale_code", sa.String(length=32), nullable=False),
        sa.Column("side", sa.String(length=16), nullable=False),
        sa.Column("source", sa.String(length=16), nullable=False),
        sa.Column("breakdown", sa.String(length=16), nullable=False),
        sa.Column("category", sa.String(length=32), nullable=False),
        sa.ForeignKeyConstraint(
            ["aimag_id"], ["area.id"], name=op.f("fk_area_distribution_aimag_id_area")
        ),
        sa.ForeignKeyConstraint(
            ["facility_type_id"],
            ["facility_type.id"],
            name=op.f("fk_area_distribution_facility_type_id_facility_type"),
        ),
        sa.ForeignKeyConstraint(
            ["indicator_id"],
            ["indicator.id"],
            name=op.f("fk_area_distribution_indicator_id_indicator"),
        ),
        sa.ForeignKeyConstraint(
            ["sector_id"], ["sector.id"], name=op.f("fk_area_distribution_sector_id_sector")
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_area_distribution")),
    )
    with op.batch_alter_table("area_distribution", schema=None) as batch_op:
        batch_op.create_index(
            "ix_area_distribution_breakdown_aimag", ["breakdown", "aimag_id"], unique=False
        )

    op.create_table(
        "area_summary",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("n", sa.Integer(), nullable=False),
        sa.Column("n_missing", sa.Integer(), nullable=False),
        sa.Column("total", sa.Float(), nullable=False),
        sa.Column("total_squares", sa.Float(), nullable=False),
        sa.Column("aimag_id", sa.Integer(), nullable=False),
        sa.Column("facility_type_id", sa.Integer(), nullable=False),
        sa.Column("sector_id", sa.Integer(), nullable=False),
        sa.Column("period_label", sa.String(length=20), nullable=False),
        sa.Column("indicator_id", sa.Integer(), nullable=False),
        sa.Column("scale_code", sa.String(length=32), nullable=False),
        sa.Column("side", sa.String(length=16), nullable=False),
        sa.Column("source", sa.String(length=16), nullable=False),
        sa.Column("breakdown", sa.String(length=16), nullable=False),
        sa.Column("category", sa.String(length=32), nullable=False),
        sa.ForeignKeyConstraint(
            ["aimag_id"], ["area.id"], name=op.f("fk_area_summary_aimag_id_area")
        ),
        sa.ForeignKeyConstraint(
            ["facility_type_id"],
            ["facility_type.id"],
            name=op.f("fk_area_summary_facility_type_id_facility_type"),
        ),
        sa.ForeignKeyConstraint(
            ["indicator_id"], ["indicator.id"], name=op.f("fk_area_summary_indicator_id_indicator")
        ),
        sa.ForeignKeyConstraint(
            ["sector_id"], ["sector.id"], name=op.f("fk_area_summary_sector_id_sector")
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_area_summary")),
    )
    with op.batch_alter_table("area_summary", schema=None) as batch_op:
        batch_op.create_index(
            "ix_area_summary_breakdown_aimag", ["breakdown", "aimag_id"], unique=False
        )
    op.create_table(
        "report_version",
        sa.Column("scope", sa.String(length=16), nullable=False),
        sa.Column("version", sa.Integer(), nullable=False),
        sa.Column("updated_at", sa.DateTime(), nullable=False),
        sa.PrimaryKeyConstraint("scope", name=op.f("pk_report_version")),
    )
    op.create_table(
        "result_distribution",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("point", sa.Integer(), nullable=False),
        sa.Column("count", sa.Integer(), nullable=False),
        sa.Column("round_id", sa.Integer(), nullable=False),
        sa.Column("aimag_id", sa.Integer(), nullable=False),
        sa.Column("area_id", sa.Integer(), nullable=False),
        sa.Column("facility_id", sa.Integer(), nullable=False),
        sa.Column("facility_type_id", sa.Integer(), nullable=False),
        sa.Column("sector_id", sa.Integer(), nullable=False),
        sa.Column("period_label", sa.String(length=20), nullable=False),
        sa.Column("round_number", sa.Integer(), nullable=False),
        sa.Column("round_indicator_id", sa.Integer(), nullable=False),
        sa.Column("indicator_id", sa.Integer(), nullable=False),
        sa.Column("scale_code", sa.String(length=32), nullable=False),
        sa.Column("side", sa.String(length=16), nullable=False),
        sa.Column("source", sa.String(length=16), nullable=False),
        sa.Column("breakdown", sa.String(length=16), nullable=False),
        sa.Column("category", sa.String(length=32), nullable=False),
        sa.ForeignKeyConstraint(
            ["aimag_id"], ["area.id"], name=op.f("fk_result_distribution_aimag_id_area")
        ),
        sa.ForeignKeyConstraint(
            ["area_id"], ["area.id"], name=op.f("fk_result_distribution_area_id_area")
        ),
        sa.ForeignKeyConstraint(
            ["facility_id"],
            ["facility.id"],
            name=op.f("fk_result_distribution_facility_id_facility"),
        ),
        sa.ForeignKeyConstraint(
            ["facility_type_id"],
            ["facility_type.id"],
            name=op.f("fk_result_distribution_facility_type_id_facility_type"),
        ),
        sa.ForeignKeyConstraint(
            ["indicator_id"],
            ["indicator.id"],
            name=op.f("fk_result_distribution_indicator_id_indicator"),
        ),
        sa.ForeignKeyConstraint(
            ["round_id"],
            ["round.id"],
            name=op.f("fk_result_distribution_round_id_round"),
            ondelete="CASCADE",
        ),
        sa.ForeignKeyConstraint(
            ["sector_id"], ["sector.id"], name=op.f("fk_result_distribution_sector_id_sector")
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_result_distribution")),
    )
    with op.batch_alter_table("result_distribution", schema=None) as batch_op:
        batch_op.create_index(
            "ix_result_distribution_breakdown_aimag",
            ["breakdown", "aimag_id", "sector_id"],
            unique=False,
        )
        batch_op.create_index(
            batch_op.f("ix_result_distribution_round_id"), ["round_id"], unique=False
        )

    op.create_table(
        "result_participation",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("round_id", sa.Integer(), nullable=False),
        sa.Column("aimag_id", sa.Integer(), nullable=False),
        sa.Column("facility_id", sa.Integer(), nullable=False),
        sa.Column("sector_id", sa.Integer(), nullable=False),
        sa.Column("side", sa.String(length=16), nullable=False),
        sa.Column("gender", sa.String(length=16), nullable=False),
        sa.Column("people", sa.Integer(), nullable=False),
        sa.ForeignKeyConstraint(
            ["aimag_id"], ["area.id"], name=op.f("fk_result_participation_aimag_id_area")
        ),
        sa.ForeignKeyConstraint(
            ["facility_id"],
            ["facility.id"],
            name=op.f("fk_result_participation_facility_id_facility"),
        ),
        sa.ForeignKeyConstraint(
            ["round_id"],
            ["round.id"],
            name=op.f("fk_result_participation_round_id_round"),
            ondelete="CASCADE",
        ),
        sa.ForeignKeyConstraint(
            ["sector_id"], ["sector.id"], name=op.f("fk_result_participation_sector_id_sector")
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_result_participation")),
    )
    with op.batch_alter_table("result_participation", schema=None) as batch_op:
        batch_op.create_index(
            batch_op.f("ix_result_participation_aimag_id"), ["aimag_id"], unique=False
        )
        batch_op.create_index(
            batch_op.f("ix_result_participation_round_id"), ["round_id"], unique=False
        )

    op.create_table(
        "result_summary",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("n", sa.Integer(), nullable=False),
        sa.Column("n_missing", sa.Integer(), nullable=False),
        sa.Column("total", sa.Float(), nullable=False),
        sa.Column("total_squares", sa.Float(), nullable=False),
        sa.Column("round_id", sa.Integer(), nullable=False),
        sa.Column("aimag_id", sa.Integer(), nullable=False),
        sa.Column("area_id", sa.Integer(), nullable=False),
        sa.Column("facility_id", sa.Integer(), nullable=False),
        sa.Column("facility_type_id", sa.Integer(), nullable=False),
        sa.Column("sector_id", sa.Integer(), nullable=False),
        sa.Column("period_label", sa.String(length=20), nullable=False),
        sa.Column("round_number", sa.Integer(), nullable=False),
        sa.Column("round_indicator_id", sa.Integer(), nullable=False),
        sa.Column("indicator_id", sa.Integer(), nullable=False),
        sa.Column("scale_code", sa.String(length=32), nullable=False),
        sa.Column("side", sa.String(length=16), nullable=False),
        sa.Column("source", sa.String(length=16), nullable=False),
        sa.Column("breakdown", sa.String(length=16), nullable=False),
        sa.Column("category", sa.String(length=32), nullable=False),
        sa.ForeignKeyConstraint(
            ["aimag_id"], ["area.id"], name=op.f("fk_result_summary_aimag_id_area")
        ),
        sa.ForeignKeyConstraint(
            ["area_id"], ["area.id"], name=op.f("fk_result_summary_area_id_area")
        ),
        sa.ForeignKeyConstraint(
            ["facility_id"], ["facility.id"], name=op.f("fk_result_summary_facility_id_facility")
        ),
        sa.ForeignKeyConstraint(
            ["facility_type_id"],
            ["facility_type.id"],
            name=op.f("fk_result_summary_facility_type_id_facility_type"),
        ),
        sa.ForeignKeyConstraint(
            ["indicator_id"],
            ["indicator.id"],
            name=op.f("fk_result_summary_indicator_id_indicator"),
        ),
        sa.ForeignKeyConstraint(
            ["round_id"],
            ["round.id"],
            name=op.f("fk_result_summary_round_id_round"),
            ondelete="CASCADE",
        ),
        sa.ForeignKeyConstraint(
            ["sector_id"], ["sector.id"], name=op.f("fk_result_summary_sector_id_sector")
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_result_summary")),
    )
    with op.batch_alter_table("result_summary", schema=None) as batch_op:
        batch_op.create_index(
            "ix_result_summary_breakdown_aimag",
            ["breakdown", "aimag_id", "sector_id"],
            unique=False,
        )
        batch_op.create_index(batch_op.f("ix_result_summary_round_id"), ["round_id"], unique=False)


def downgrade():
    with op.batch_alter_table("result_summary", schema=None) as batch_op:
        batch_op.drop_index(batch_op.f("ix_result_summary_round_id"))
        batch_op.drop_index("ix_result_summary_breakdown_aimag")

    op.drop_table("result_summary")
    with op.batch_alter_table("result_participation", schema=None) as batch_op:
        batch_op.drop_index(batch_op.f("ix_result_participation_round_id"))
        batch_op.drop_index(batch_op.f("ix_result_participation_aimag_id"))

    op.drop_table("result_participation")
    with op.batch_alter_table("result_distribution", schema=None) as batch_op:
        batch_op.drop_index(batch_op.f("ix_result_distribution_round_id"))
        batch_op.drop_index("ix_result_distribution_breakdown_aimag")

    op.drop_table("result_distribution")
    op.drop_table("report_version")
    with op.batch_alter_table("area_summary", schema=None) as batch_op:
        batch_op.drop_index("ix_area_summary_breakdown_aimag")

    op.drop_table("area_summary")
    with op.batch_alter_table("area_distribution", schema=None) as batch_op:
        batch_op.drop_index("ix_area_distribution_breakdown_aimag")

    op.drop_table("area_distribution")
