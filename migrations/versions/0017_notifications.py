"""notifications: the outbox of e-mails and notifications, password resets, preferences

* ``mail_message``: one e-mail, queued until sent (attempts and the last error
  counted; ``claimed_until`` keeps two sending processes off the same message).
* ``notification``: one event (action agreed, due soon, overdue; round awaiting
  review, sent back, published) for one person, unique per (kind, subject, person,
  occurrence) so ``flask notify send`` can run any number of times.
* ``password_reset``: one-time, time-limited reset links (a SHA-256 hash of the token).
* ``user.notify_email`` (true for every existing account) and ``user.email_language``
  ('' = the site's first language).

The two ``user`` columns are added in place (``ALTER TABLE … ADD COLUMN``, not a batch
copy): ``user`` is referenced by many tables, and copying it on SQLite would drop it,
which with foreign keys on cascades to its children (see 0015). The new tables are new.

Revision ID: 0017_notifications
Revises: 0016_device_tokens
Create Date: 2026-12-01 14:00:00

"""

import sqlalchemy as sa
from alembic import op

revision = "0017_notifications"
down_revision = "0016_device_tokens"
branch_labels = None
depends_on = None

NOTIFICATION_KINDS = (
    "'action_agreed', 'action_due_soon', 'action_overdue', "
    "'round_awaiting_review', 'round_sent_back', 'round_published'"
)


def upgrade():
    op.create_table(
        "mail_message",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("user_id", sa.Integer(), nullable=True),
        sa.Column("to_address", sa.String(length=254), nullable=False),
        sa.Column("kind", sa.String(length=14), nullable=False),
        sa.Column("language", sa.String(length=8), nullable=False),
        sa.Column("subject", sa.String(length=300), nullable=False),
        sa.Column("body_text", sa.Text(), nullable=False),
        sa.Column("body_html", sa.Text(), nullable=False),
        sa.Column("created_at", sa.DateTime(), nullable=False),
        sa.Column("sent_at", sa.DateTime(), nullable=True),
        sa.Column("attempts", sa.Integer(), nullable=False),
        sa.Column("last_attempt_at", sa.DateTime(), nullable=True),
        sa.Column("last_error", sa.Text(), nullable=False),
        sa.Column("claimed_until", sa.DateTime(), nullable=True),
        sa.CheckConstraint(
            "kind IN ('digest', 'notice', 'password_reset', 'invitation')",
            name=op.f("ck_mail_message_kind_valid"),
        ),
        sa.ForeignKeyConstraint(
            ["user_id"], ["user.id"], name=op.f("fk_mail_message_user_id_user"),
            ondelete="SET NULL",
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_mail_message")),
    )
    with op.batch_alter_table("mail_message", schema=None) as batch_op:
        batch_op.create_index(batch_op.f("ix_mail_message_created_at"), ["created_at"])
        batch_op.create_index(batch_op.f("ix_mail_message_sent_at"), ["sent_at"])
        batch_op.create_index(batch_op.f("ix_mail_message_user_id"), ["user_id"])

    op.create_table(
        "notification",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("kind", sa.String(length=21), nullable=False),
        sa.Column("subject_id", sa.Integer(), nullable=False),
        sa.Column("user_id", sa.Integer(), nullable=False),
        sa.Column("occurrence", sa.String(length=32), nullable=False),
        sa.Column("audit_event_id", sa.Integer(), nullable=True),
        sa.Column("status", sa.String(length=7), nullable=False),
        sa.Column("created_at", sa.DateTime(), nullable=False),
        sa.Column("message_id", sa.Integer(), nullable=True),
        sa.CheckConstraint(
            f"kind IN ({NOTIFICATION_KINDS})", name=op.f("ck_notification_kind_valid")
        ),
        sa.CheckConstraint(
            "status IN ('pending', 'mailed', 'skipped')",
            name=op.f("ck_notification_status_valid"),
        ),
        sa.ForeignKeyConstraint(
            ["audit_event_id"], ["audit_event.id"],
            name=op.f("fk_notification_audit_event_id_audit_event"),
        ),
        sa.ForeignKeyConstraint(
            ["message_id"], ["mail_message.id"],
            name=op.f("fk_notification_message_id_mail_message"), ondelete="SET NULL",
        ),
        sa.ForeignKeyConstraint(
            ["user_id"], ["user.id"], name=op.f("fk_notification_user_id_user"),
            ondelete="CASCADE",
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_notification")),
        sa.UniqueConstraint(
            "kind", "subject_id", "user_id", "occurrence",
            name=op.f("uq_notification_kind_subject_id_user_id_occurrence"),
        ),
    )
    with op.batch_alter_table("notification", schema=None) as batch_op:
        batch_op.create_index(batch_op.f("ix_notification_message_id"), ["message_id"])
        batch_op.create_index(batch_op.f("ix_notification_status"), ["status"])
        batch_op.create_index(batch_op.f("ix_notification_user_id"), ["user_id"])

    op.create_table(
        "password_reset",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("user_id", sa.Integer(), nullable=False),
        sa.Column("token_hash", sa.String(length=64), nullable=False),
        sa.Column("created_at", sa.DateTime(), nullable=False),
        sa.Column("expires_at", sa.DateTime(), nullable=False),
        sa.Column("used_at", sa.DateTime(), nullable=True),
        sa.ForeignKeyConstraint(
            ["user_id"], ["user.id"], name=op.f("fk_password_reset_user_id_user"),
            ondelete="CASCADE",
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_password_reset")),
        sa.UniqueConstraint("token_hash", name=op.f("uq_password_reset_token_hash")),
    )
    with op.batch_alter_table("password_reset", schema=None) as batch_op:
        batch_op.create_index(batch_op.f("ix_password_reset_user_id"), ["user_id"])

    op.add_column(
        "user",
        sa.Column("notify_email", sa.Boolean(), server_default=sa.true(), nullable=False),
    )
    op.add_column(
        "user",
        sa.Column("email_language", sa.String(length=8), server_default="", nullable=False),
    )


def downgrade():
    op.drop_column("user", "email_language")
    op.drop_column("user", "notify_email")
    op.drop_table("password_reset")
    op.drop_table("notification")
    op.drop_table("mail_message")
