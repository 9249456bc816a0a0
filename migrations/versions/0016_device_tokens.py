"""device_tokens: tokens for ODK Collect / KoboCollect tablets

* ``device_token``: a new table. One row per token a facilitator made for a round
  (``round_id``) or for every round they run (``user_id``); exactly one of the two is
  set (CHECK ``one_scope``). Only the SHA-256 hash of the token is kept
  (``token_hash``, unique). ``revoked_at``/``revoked_by_id`` mark a revoked token,
  ``last_used_at`` the last interview it sent.

No existing table changes, so nothing is copied on SQLite.

Revision ID: 0016_device_tokens
Revises: 0015_user_scales
Create Date: 2026-12-01 14:00:00

"""

import sqlalchemy as sa
from alembic import op

revision = "0016_device_tokens"
down_revision = "0015_user_scales"
branch_labels = None
depends_on = None


def upgrade():
    op.create_table(
        "device_token",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("token_hash", sa.String(length=64), nullable=False),
        sa.Column("label", sa.String(length=80), nullable=False),
        sa.Column("round_id", sa.Integer(), nullable=True),
        sa.Column("user_id", sa.Integer(), nullable=True),
        sa.Column("created_by_id", sa.Integer(), nullable=True),
        sa.Column("created_at", sa.DateTime(), nullable=False),
        sa.Column("last_used_at", sa.DateTime(), nullable=True),
        sa.Column("revoked_at", sa.DateTime(), nullable=True),
        sa.Column("revoked_by_id", sa.Integer(), nullable=True),
        sa.CheckConstraint(
            "(round_id IS NULL) <> (user_id IS NULL)", name=op.f("ck_device_token_one_scope")
        ),
        sa.ForeignKeyConstraint(
            ["round_id"], ["round.id"], name=op.f("fk_device_token_round_id_round"),
            ondelete="CASCADE",
        ),
        sa.ForeignKeyConstraint(
            ["user_id"], ["user.id"], name=op.f("fk_device_token_user_id_user"),
            ondelete="CASCADE",
        ),
        sa.ForeignKeyConstraint(
            ["created_by_id"], ["user.id"], name=op.f("fk_device_token_created_by_id_user")
        ),
        sa.ForeignKeyConstraint(
            ["revoked_by_id"], ["user.id"], name=op.f("fk_device_token_revoked_by_id_user")
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_device_token")),
        sa.UniqueConstraint("token_hash", name=op.f("uq_device_token_token_hash")),
    )
    with op.batch_alter_table("device_token", schema=None) as batch_op:
        batch_op.create_index(batch_op.f("ix_device_token_round_id"), ["round_id"], unique=False)
        batch_op.create_index(batch_op.f("ix_device_token_user_id"), ["user_id"], unique=False)


def downgrade():
    with op.batch_alter_table("device_token", schema=None) as batch_op:
        batch_op.drop_index(batch_op.f("ix_device_token_user_id"))
        batch_op.drop_index(batch_op.f("ix_device_token_round_id"))
    op.drop_table("device_token")
