"""Free-text moderation: a "hidden" flag beside each "approved" flag, so a text a
facilitator hid on purpose is told apart from one nobody has looked at yet
(response.comment_hidden, score.reason_hidden, consensus_score.reason_hidden).

Existing texts start as not hidden: approved ones stay approved, the others wait for
review. On SQLite the columns are added with ``ALTER TABLE … ADD COLUMN`` (no batch
copy): copying ``response`` would drop it, and with foreign keys on, dropping it would
cascade to every stored score.

Revision ID: 0009_text_moderation
Revises: 0008_withdrawal
Create Date: 2026-11-30 12:00:00

"""

import sqlalchemy as sa
from alembic import op

revision = "0009_text_moderation"
down_revision = "0008_withdrawal"
branch_labels = None
depends_on = None

COLUMNS = (
    ("response", "comment_hidden"),
    ("score", "reason_hidden"),
    ("consensus_score", "reason_hidden"),
)


def upgrade():
    for table, column in COLUMNS:
        op.add_column(
            table,
            sa.Column(column, sa.Boolean(), server_default=sa.false(), nullable=False),
        )


def downgrade():
    # SQLite 3.35+ drops a column with ALTER TABLE DROP COLUMN, again without a copy.
    for table, column in reversed(COLUMNS):
        op.drop_column(table, column)
