"""result_consensus: one row per group and indicator of a published round, with the
group's recorded number of participants, so the consensus privacy rule (a group's
score is public when its recorded size reaches k) can be applied at report time.

Existing published rounds get their rows from ``flask reports rollup`` (or when they
are next published); until then their consensus scores are simply not shown.

Revision ID: 0010_consensus_people
Revises: 0009_text_moderation
Create Date: 2026-12-02 10:00:00

"""

import sqlalchemy as sa
from alembic import op

revision = "0010_consensus_people"
down_revision = "0009_text_moderation"
branch_labels = None
depends_on = None


def upgrade():
    op.create_table(
        "result_consensus",
        sa.Column("id", sa.Integer(), nullable=False),
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
        sa.Column("group_id", sa.Integer(), nullable=False),
        sa.Column("group_kind", sa.String(length=32), nullable=False),
        sa.Column("people", sa.Integer(), nullable=True),
        sa.Column("value", sa.Float(), nullable=True),
        sa.ForeignKeyConstraint(
            ["aimag_id"], ["area.id"], name=op.f("fk_result_consensus_aimag_id_area")
        ),
        sa.ForeignKeyConstraint(
            ["area_id"], ["area.id"], name=op.f("fk_result_consensus_area_id_area")
        ),
        sa.ForeignKeyConstraint(
            ["facility_id"], ["facility.id"], name=op.f("fk_result_consensus_facility_id_facility")
        ),
        sa.ForeignKeyConstraint(
            ["facility_type_id"],
            ["facility_type.id"],
            name=op.f("fk_result_consensus_facility_type_id_facility_type"),
        ),
        sa.ForeignKeyConstraint(
            ["group_id"],
            ["participant_group.id"],
            name=op.f("fk_result_consensus_group_id_participant_group"),
            ondelete="CASCADE",
        ),
        sa.ForeignKeyConstraint(
            ["indicator_id"],
            ["indicator.id"],
            name=op.f("fk_result_consensus_indicator_id_indicator"),
        ),
        sa.ForeignKeyConstraint(
            ["round_id"],
            ["round.id"],
            name=op.f("fk_result_consensus_round_id_round"),
            ondelete="CASCADE",
        ),
        sa.ForeignKeyConstraint(
            ["sector_id"], ["sector.id"], name=op.f("fk_result_consensus_sector_id_sector")
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_result_consensus")),
    )
    with op.batch_alter_table("result_consensus", schema=None) as batch_op:
        batch_op.create_index(
            "ix_result_consensus_aimag_period",
            ["aimag_id", "period_label", "side"],
            unique=False,
        )
        batch_op.create_index("ix_result_consensus_facility", ["facility_id"], unique=False)
        batch_op.create_index(
            batch_op.f("ix_result_consensus_round_id"), ["round_id"], unique=False
        )


def downgrade():
    with op.batch_alter_table("result_consensus", schema=None) as batch_op:
        batch_op.drop_index(batch_op.f("ix_result_consensus_round_id"))
        batch_op.drop_index("ix_result_consensus_facility")
        batch_op.drop_index("ix_result_consensus_aimag_period")
    op.drop_table("result_consensus")
