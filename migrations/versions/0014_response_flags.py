"""response_flags: unusual citizen sends flagged for the facilitator; failed sign-ins
with unknown e-mail addresses counted like an account's

``response.flag`` says why a phone or tablet send looks unusual ('' for none:
``over_group_size``, ``burst_device``, ``burst_address``); ``device_hash`` and
``address_hash`` are keyed hashes of the device cookie and the client address used to
count bursts (never the values as sent). Existing rows get '' and NULL. Only columns
are added to ``response`` (a table with children under foreign keys), so SQLite adds
them in place without copying the table.

``sign_in_failure`` counts failed sign-ins per keyed hash of an e-mail address that
has no account, so the lock-out answer does not reveal which addresses have one.

Revision ID: 0014_response_flags
Revises: 0013_catalogue_versions
Create Date: 2026-12-04 12:00:00

"""

import sqlalchemy as sa
from alembic import op

revision = "0014_response_flags"
down_revision = "0013_catalogue_versions"
branch_labels = None
depends_on = None


def upgrade():
    with op.batch_alter_table("response", schema=None) as batch_op:
        batch_op.add_column(
            sa.Column("flag", sa.String(length=20), server_default="", nullable=False)
        )
        batch_op.add_column(sa.Column("device_hash", sa.String(length=64), nullable=True))
        batch_op.add_column(sa.Column("address_hash", sa.String(length=64), nullable=True))

    op.create_table(
        "sign_in_failure",
        sa.Column("email_hash", sa.String(length=64), nullable=False),
        sa.Column("failed_logins", sa.Integer(), nullable=False),
        sa.Column("locked_until", sa.DateTime(), nullable=True),
        sa.Column("updated_at", sa.DateTime(), nullable=False),
        sa.PrimaryKeyConstraint("email_hash", name=op.f("pk_sign_in_failure")),
    )
    with op.batch_alter_table("sign_in_failure", schema=None) as batch_op:
        batch_op.create_index(
            batch_op.f("ix_sign_in_failure_updated_at"), ["updated_at"], unique=False
        )


def downgrade():
    with op.batch_alter_table("sign_in_failure", schema=None) as batch_op:
        batch_op.drop_index(batch_op.f("ix_sign_in_failure_updated_at"))
    op.drop_table("sign_in_failure")
    with op.batch_alter_table("response", schema=None) as batch_op:
        batch_op.drop_column("address_hash")
        batch_op.drop_column("device_hash")
        batch_op.drop_column("flag")
