"""round.shape_key: a random key renewed whenever a round's indicators, groups or scale
change, so servers can cache what a join code asks and notice a change at once.

Revision ID: 0006_round_shape
Revises: 0004_reports
Create Date: 2026-11-29 18:50:00

"""

import secrets

import sqlalchemy as sa
from alembic import op

revision = "0006_round_shape"
down_revision = "0004_reports"
branch_labels = None
depends_on = None


def upgrade():
    with op.batch_alter_table("round") as batch_op:
        batch_op.add_column(
            sa.Column("shape_key", sa.BigInteger(), server_default="0", nullable=False)
        )
    connection = op.get_bind()
    ids = connection.execute(sa.text("SELECT id FROM round")).scalars().all()
    if ids:
        connection.execute(
            sa.text("UPDATE round SET shape_key = :key WHERE id = :id"),
            [{"key": secrets.randbits(62) or 1, "id": i} for i in ids],
        )


def downgrade():
    with op.batch_alter_table("round") as batch_op:
        batch_op.drop_column("shape_key")
