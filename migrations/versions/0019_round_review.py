"""round_review: sending a round back from review; editing and withdrawing actions; the inbox

* ``round_send_back``: a coordinator's comment when a round in review goes back to the
  facilitator, with who wrote it and when it was resolved (new table).
* ``action.withdrawn_at``: an action withdrawn before publication is kept (the audit
  log names it) but never shown publicly or printed; NULL for every existing action.
* ``action_update.client_uuid``: the id a progress-update form carries, so a repeated
  send is stored once; a unique index (NULL for every existing update, and NULLs do not
  collide).
* ``user.office``: the office an official last answered for, prefilled next time
  ('' for every existing account).

Columns are added in place (``ALTER TABLE … ADD COLUMN``), never by SQLite's batch copy:
``action`` and ``user`` have children under foreign keys, and copying a table drops it,
which with foreign keys on cascades to its children (see 0015).

Revision ID: 0019_round_review
Revises: 0018_text_translations
Create Date: 2026-12-01 14:00:00

"""

import sqlalchemy as sa
from alembic import op

revision = "0019_round_review"
down_revision = "0018_text_translations"
branch_labels = None
depends_on = None


def upgrade():
    op.create_table(
        "round_send_back",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("round_id", sa.Integer(), nullable=False),
        sa.Column("comment", sa.Text(), nullable=False),
        sa.Column("author_id", sa.Integer(), nullable=True),
        sa.Column("created_at", sa.DateTime(), nullable=False),
        sa.Column("resolved_at", sa.DateTime(), nullable=True),
        sa.Column("resolved_by_id", sa.Integer(), nullable=True),
        sa.ForeignKeyConstraint(
            ["round_id"], ["round.id"], name=op.f("fk_round_send_back_round_id_round"),
            ondelete="CASCADE",
        ),
        sa.ForeignKeyConstraint(
            ["author_id"], ["user.id"], name=op.f("fk_round_send_back_author_id_user")
        ),
        sa.ForeignKeyConstraint(
            ["resolved_by_id"], ["user.id"], name=op.f("fk_round_send_back_resolved_by_id_user")
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_round_send_back")),
    )
    op.create_index(
        op.f("ix_round_send_back_round_id"), "round_send_back", ["round_id"], unique=False
    )
    op.add_column("action", sa.Column("withdrawn_at", sa.DateTime(), nullable=True))
    op.add_column("action_update", sa.Column("client_uuid", sa.String(length=36), nullable=True))
    op.create_index(
        op.f("ix_action_update_client_uuid"), "action_update", ["client_uuid"], unique=True
    )
    op.add_column(
        "user",
        sa.Column("office", sa.String(length=200), server_default="", nullable=False),
    )


def downgrade():
    op.drop_column("user", "office")
    op.drop_index(op.f("ix_action_update_client_uuid"), table_name="action_update")
    op.drop_column("action_update", "client_uuid")
    op.drop_column("action", "withdrawn_at")
    op.drop_index(op.f("ix_round_send_back_round_id"), table_name="round_send_back")
    op.drop_table("round_send_back")
