"""import_started: when an import began, so one whose process died can be marked failed

``import_job.started_at`` is set when "import valid rows" moves a job to importing;
a job still importing ``IMPORT_STUCK_MINUTES`` later is marked failed and its file
dropped (``app.services.file_imports.reap_stuck_imports``). Jobs already importing
when this runs keep NULL and are judged by their upload time instead.

Revision ID: 0012_import_started
Revises: 0011_audit_truncate
Create Date: 2026-12-03 09:10:00

"""

import sqlalchemy as sa
from alembic import op

revision = "0012_import_started"
down_revision = "0011_audit_truncate"
branch_labels = None
depends_on = None


def upgrade():
    with op.batch_alter_table("import_job", schema=None) as batch_op:
        batch_op.add_column(sa.Column("started_at", sa.DateTime(), nullable=True))


def downgrade():
    with op.batch_alter_table("import_job", schema=None) as batch_op:
        batch_op.drop_column("started_at")
