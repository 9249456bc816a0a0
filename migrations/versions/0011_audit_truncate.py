"""audit_truncate: PostgreSQL refuses TRUNCATE of the audit log

Migration 0005_trust made the audit log append-only with row triggers (no UPDATE, no
DELETE), but row triggers do not fire for TRUNCATE, which empties a table in one
statement. A statement trigger ``BEFORE TRUNCATE`` closes that gap on PostgreSQL.
SQLite has no TRUNCATE (its ``DELETE FROM`` without WHERE already meets the row
trigger), so nothing changes there.

Revision ID: 0011_audit_truncate
Revises: 0010_consensus_people
Create Date: 2026-12-03 09:00:00

"""

from alembic import op

revision = "0011_audit_truncate"
down_revision = "0010_consensus_people"
branch_labels = None
depends_on = None


def upgrade():
    if op.get_bind().dialect.name != "postgresql":
        return
    op.execute(
        """CREATE FUNCTION audit_event_no_truncate() RETURNS trigger LANGUAGE plpgsql AS $$
           BEGIN RAISE EXCEPTION 'audit_event is append-only: TRUNCATE is refused'; END $$"""
    )
    op.execute(
        """CREATE TRIGGER audit_event_no_truncate BEFORE TRUNCATE ON audit_event
           FOR EACH STATEMENT EXECUTE FUNCTION audit_event_no_truncate()"""
    )


def downgrade():
    if op.get_bind().dialect.name != "postgresql":
        return
    op.execute("DROP TRIGGER IF EXISTS audit_event_no_truncate ON audit_event")
    op.execute("DROP FUNCTION IF EXISTS audit_event_no_truncate()")
