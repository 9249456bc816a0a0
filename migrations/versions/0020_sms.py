"""sms: scorecards by SMS; "sms" as a response channel

* ``sms_message``: a new table. One row per message a gateway delivered (``gateway``,
  ``message_id`` unique together): the keyed hash of the sender's number, the round,
  the outcome, the response stored (if any) and the reply with when it was sent.
* ``sms_respondent``: a new table. The keyed hash of the number that sent a round
  side's SMS response, unique per (``round_id``, ``side``, ``sender_hash``).
* ``response``: the CHECK ``ck_response_channel_valid`` also allows ``'sms'``.

On PostgreSQL the CHECK is dropped and created again. On SQLite a CHECK can only be
changed by copying the table, and ``response`` has children (``score`` under a foreign
key with ON DELETE CASCADE): a batch copy drops the old table, which with foreign keys
on deletes every score. So the constraint's text is edited in place in the schema
(``PRAGMA writable_schema``), the procedure SQLite documents for changes that do not
alter how rows are stored: only the list of allowed values grows, so every row stored
still satisfies it. The downgrade narrows it back the same way, and refuses while an
SMS response exists (it would no longer satisfy the CHECK).

Revision ID: 0020_sms
Revises: 0019_round_review
Create Date: 2026-12-01 14:00:00

"""

import sqlalchemy as sa
from alembic import op

revision = "0020_sms"
down_revision = "0019_round_review"
branch_labels = None
depends_on = None

OLD_CHANNELS = "channel IN ('phone', 'tablet', 'paper', 'import')"
NEW_CHANNELS = "channel IN ('phone', 'tablet', 'paper', 'import', 'sms')"
CHECK_NAME = "ck_response_channel_valid"


def _change_channel_check(old: str, new: str) -> None:
    bind = op.get_bind()
    if bind.dialect.name != "sqlite":
        op.drop_constraint(op.f(CHECK_NAME), "response", type_="check")
        op.create_check_constraint(op.f(CHECK_NAME), "response", sa.text(new))
        return
    sql = bind.execute(
        sa.text("SELECT sql FROM sqlite_master WHERE type = 'table' AND name = 'response'")
    ).scalar_one()
    if old not in sql:
        raise RuntimeError(f"response's CHECK {CHECK_NAME} is not {old!r}; not changed")
    version = bind.execute(sa.text("PRAGMA schema_version")).scalar_one()
    bind.execute(sa.text("PRAGMA writable_schema = ON"))
    bind.execute(
        sa.text("UPDATE sqlite_master SET sql = :sql WHERE type = 'table' AND name = 'response'"),
        {"sql": sql.replace(old, new)},
    )
    # A new schema version makes every connection read the edited schema again.
    bind.execute(sa.text(f"PRAGMA schema_version = {int(version) + 1}"))
    bind.execute(sa.text("PRAGMA writable_schema = OFF"))
    problems = bind.execute(sa.text("PRAGMA integrity_check")).scalars().all()
    if problems != ["ok"]:
        raise RuntimeError(f"integrity check after changing {CHECK_NAME}: {problems[:5]}")


def upgrade():
    op.create_table(
        "sms_message",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("gateway", sa.String(length=10), nullable=False),
        sa.Column("message_id", sa.String(length=100), nullable=False),
        sa.Column("sender_hash", sa.String(length=64), nullable=False),
        sa.Column("received_at", sa.DateTime(), nullable=False),
        sa.Column("round_id", sa.Integer(), nullable=True),
        sa.Column("outcome", sa.String(length=20), nullable=False),
        sa.Column("response_id", sa.Integer(), nullable=True),
        sa.Column("reply", sa.Text(), nullable=False),
        sa.Column("replied_at", sa.DateTime(), nullable=True),
        sa.CheckConstraint(
            "gateway IN ('android', 'rapidpro')", name=op.f("ck_sms_message_gateway_valid")
        ),
        sa.CheckConstraint(
            "outcome IN ('stored', 'help', 'refused', 'unknown_code', 'closed', "
            "'already_sent', 'unreadable')",
            name=op.f("ck_sms_message_outcome_valid"),
        ),
        sa.ForeignKeyConstraint(
            ["round_id"], ["round.id"], name=op.f("fk_sms_message_round_id_round"),
            ondelete="CASCADE",
        ),
        sa.ForeignKeyConstraint(
            ["response_id"], ["response.id"], name=op.f("fk_sms_message_response_id_response"),
            ondelete="SET NULL",
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_sms_message")),
        sa.UniqueConstraint(
            "gateway", "message_id", name=op.f("uq_sms_message_gateway_message_id")
        ),
    )
    with op.batch_alter_table("sms_message", schema=None) as batch_op:
        batch_op.create_index(batch_op.f("ix_sms_message_round_id"), ["round_id"], unique=False)
        batch_op.create_index(
            batch_op.f("ix_sms_message_sender_hash"), ["sender_hash"], unique=False
        )
    op.create_table(
        "sms_respondent",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("round_id", sa.Integer(), nullable=False),
        sa.Column("side", sa.String(length=9), nullable=False),
        sa.Column("sender_hash", sa.String(length=64), nullable=False),
        sa.Column("response_id", sa.Integer(), nullable=False),
        sa.CheckConstraint(
            "side IN ('community', 'provider')", name=op.f("ck_sms_respondent_side_valid")
        ),
        sa.ForeignKeyConstraint(
            ["round_id"], ["round.id"], name=op.f("fk_sms_respondent_round_id_round"),
            ondelete="CASCADE",
        ),
        sa.ForeignKeyConstraint(
            ["response_id"], ["response.id"],
            name=op.f("fk_sms_respondent_response_id_response"), ondelete="CASCADE",
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_sms_respondent")),
        sa.UniqueConstraint(
            "round_id", "side", "sender_hash",
            name=op.f("uq_sms_respondent_round_id_side_sender_hash"),
        ),
    )
    with op.batch_alter_table("sms_respondent", schema=None) as batch_op:
        batch_op.create_index(
            batch_op.f("ix_sms_respondent_response_id"), ["response_id"], unique=False
        )
    _change_channel_check(OLD_CHANNELS, NEW_CHANNELS)


def downgrade():
    stored = op.get_bind().execute(
        sa.text("SELECT count(*) FROM response WHERE channel = 'sms'")
    ).scalar_one()
    if stored:
        raise RuntimeError(
            f"{stored} responses arrived by SMS; withdraw or export them before downgrading"
        )
    _change_channel_check(NEW_CHANNELS, OLD_CHANNELS)
    with op.batch_alter_table("sms_respondent", schema=None) as batch_op:
        batch_op.drop_index(batch_op.f("ix_sms_respondent_response_id"))
    op.drop_table("sms_respondent")
    with op.batch_alter_table("sms_message", schema=None) as batch_op:
        batch_op.drop_index(batch_op.f("ix_sms_message_sender_hash"))
        batch_op.drop_index(batch_op.f("ix_sms_message_round_id"))
    op.drop_table("sms_message")
