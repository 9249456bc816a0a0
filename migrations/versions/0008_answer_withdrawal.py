"""response: withdrawal (who, when, why, the form number it released), correction (who,
when) and the import batch that stored it, so every stored answer can be found,
corrected or withdrawn without deleting anything.

On SQLite the columns are added with ``ALTER TABLE … ADD COLUMN … REFERENCES`` (batch
mode without copying the table): copying ``response`` would drop it, and with foreign
keys on, dropping it would cascade to every stored score.

Revision ID: 0008_withdrawal
Revises: 0007_result_period_index
Create Date: 2026-11-30 10:00:00

"""

import sqlalchemy as sa
from alembic import op

revision = "0008_withdrawal"
down_revision = "0007_result_period_index"
branch_labels = None
depends_on = None

# (column, referred table). No ON DELETE rule: SQLite reports none for a reference
# added by ALTER TABLE, and import jobs and users are never deleted.
REFERENCES = [
    ("import_job_id", "import_job"),
    ("corrected_by_id", "user"),
    ("withdrawn_by_id", "user"),
]


def _fk_name(column: str, table: str) -> str:
    return f"fk_response_{column}_{table}"


def upgrade():
    sqlite = op.get_bind().dialect.name == "sqlite"
    with op.batch_alter_table("response", schema=None) as batch_op:
        for column, table in REFERENCES:
            if sqlite:
                key = sa.ForeignKey(f"{table}.id", name=_fk_name(column, table))
                batch_op.add_column(
                    sa.Column(column, sa.Integer(), key, nullable=True),
                    inline_references=True,
                )
            else:
                batch_op.add_column(sa.Column(column, sa.Integer(), nullable=True))
        batch_op.add_column(sa.Column("corrected_at", sa.DateTime(), nullable=True))
        batch_op.add_column(sa.Column("withdrawn_at", sa.DateTime(), nullable=True))
        batch_op.add_column(
            sa.Column("withdrawn_reason", sa.Text(), server_default="", nullable=False)
        )
        batch_op.add_column(sa.Column("withdrawn_ref", sa.String(length=40), nullable=True))
        batch_op.create_index(batch_op.f("ix_response_import_job_id"), ["import_job_id"])
    if not sqlite:
        with op.batch_alter_table("response", schema=None) as batch_op:
            for column, table in REFERENCES:
                batch_op.create_foreign_key(_fk_name(column, table), table, [column], ["id"])


def downgrade():
    sqlite = op.get_bind().dialect.name == "sqlite"
    if not sqlite:
        with op.batch_alter_table("response", schema=None) as batch_op:
            for column, table in REFERENCES:
                batch_op.drop_constraint(_fk_name(column, table), type_="foreignkey")
    with op.batch_alter_table("response", schema=None) as batch_op:
        batch_op.drop_index(batch_op.f("ix_response_import_job_id"))
    # SQLite drops the columns (and their inline references) with ALTER TABLE DROP
    # COLUMN, again without copying the table.
    for column in (
        "withdrawn_ref",
        "withdrawn_reason",
        "withdrawn_at",
        "corrected_at",
        *(column for column, _table in REFERENCES),
    ):
        op.drop_column("response", column)
