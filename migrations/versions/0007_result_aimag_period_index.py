"""result_summary / result_distribution: an index on (breakdown, aimag_id, period_label,
side), so an aimag report reads only the rows of its period and side instead of every
row of the aimag, and one on (facility_id, breakdown), so a facility page reads only its
own rows instead of scanning the tables.

Revision ID: 0007_result_period_index
Revises: 0006_round_shape
Create Date: 2026-11-29 19:45:00

"""

from alembic import op

revision = "0007_result_period_index"
down_revision = "0006_round_shape"
branch_labels = None
depends_on = None

COLUMNS = ["breakdown", "aimag_id", "period_label", "side"]


def upgrade():
    for table in ("result_summary", "result_distribution"):
        with op.batch_alter_table(table, schema=None) as batch_op:
            batch_op.create_index(f"ix_{table}_aimag_period", COLUMNS, unique=False)
            batch_op.create_index(
                f"ix_{table}_facility", ["facility_id", "breakdown"], unique=False
            )


def downgrade():
    for table in ("result_distribution", "result_summary"):
        with op.batch_alter_table(table, schema=None) as batch_op:
            batch_op.drop_index(f"ix_{table}_facility")
            batch_op.drop_index(f"ix_{table}_aimag_period")
