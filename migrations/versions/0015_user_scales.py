"""user_scales: scales made by users, versioned; consensus on its own scale; exact values

* ``scale``: ``step`` (exact decimal, 1 for every existing scale), ``version`` (1) and
  ``replaces_id`` (the version a changed scale was made from); ``scale_label.mark``
  (a face or colour code, '' for none).
* ``round.consensus_scale_id`` and ``template.consensus_scale_id``: the scale group
  consensus scores are agreed on; NULL (every existing row) means the votes' scale.
* ``score.value``, ``consensus_score.value``, ``tally.value`` and the distribution
  tables' ``point`` become ``NUMERIC(12, 3)`` instead of binary floats, so 9.5 (or
  0.1) is stored as written. Existing values are whole numbers and convert exactly.

Foreign keys are added to ``scale``, ``round`` and ``template`` with ``ALTER TABLE …
ADD COLUMN … REFERENCES`` on SQLite (as in 0008): those tables have children under
foreign keys, and copying one would drop it, which with foreign keys on cascades to
its children. The tables whose type changes are leaves (no foreign key points at
``score``, ``consensus_score``, ``tally``, ``result_distribution`` or
``area_distribution``), so SQLite's batch copy of them deletes nothing else; their
named CHECK and UNIQUE constraints and indexes are carried over by the batch copy.

Revision ID: 0015_user_scales
Revises: 0014_response_flags
Create Date: 2026-12-04 15:00:00

"""

import sqlalchemy as sa
from alembic import op

revision = "0015_user_scales"
down_revision = "0014_response_flags"
branch_labels = None
depends_on = None

# (table, column) referring to scale.id; no ON DELETE rule: scales are never deleted.
REFERENCES = [
    ("scale", "replaces_id"),
    ("round", "consensus_scale_id"),
    ("template", "consensus_scale_id"),
]
EXACT = sa.Numeric(precision=12, scale=3, asdecimal=False)
VALUES = [
    ("score", "value", True),
    ("consensus_score", "value", True),
    ("tally", "value", True),
    ("result_distribution", "point", False),
    ("area_distribution", "point", False),
]


def _fk_name(table: str, column: str) -> str:
    return f"fk_{table}_{column}_scale"


def upgrade():
    sqlite = op.get_bind().dialect.name == "sqlite"
    with op.batch_alter_table("scale", schema=None) as batch_op:
        batch_op.add_column(
            sa.Column("step", sa.Numeric(precision=9, scale=3), server_default="1", nullable=False)
        )
        batch_op.add_column(sa.Column("version", sa.Integer(), server_default="1", nullable=False))
    with op.batch_alter_table("scale_label", schema=None) as batch_op:
        batch_op.add_column(
            sa.Column("mark", sa.String(length=16), server_default="", nullable=False)
        )
    for table, column in REFERENCES:
        with op.batch_alter_table(table, schema=None) as batch_op:
            if sqlite:
                key = sa.ForeignKey("scale.id", name=_fk_name(table, column))
                batch_op.add_column(
                    sa.Column(column, sa.Integer(), key, nullable=True), inline_references=True
                )
            else:
                batch_op.add_column(sa.Column(column, sa.Integer(), nullable=True))
                batch_op.create_foreign_key(_fk_name(table, column), "scale", [column], ["id"])
    for table, column, nullable in VALUES:
        with op.batch_alter_table(table, schema=None) as batch_op:
            old = sa.Float() if column == "value" else sa.Integer()
            batch_op.alter_column(
                column,
                existing_type=old,
                type_=EXACT,
                existing_nullable=nullable,
                postgresql_using=f"{column}::numeric(12, 3)",
            )


def downgrade():
    sqlite = op.get_bind().dialect.name == "sqlite"
    for table, column, nullable in VALUES:
        with op.batch_alter_table(table, schema=None) as batch_op:
            old = sa.Float() if column == "value" else sa.Integer()
            batch_op.alter_column(
                column,
                existing_type=EXACT,
                type_=old,
                existing_nullable=nullable,
                postgresql_using=(
                    f"{column}::double precision" if column == "value" else f"round({column})::int"
                ),
            )
    for table, column in REFERENCES:
        if not sqlite:
            with op.batch_alter_table(table, schema=None) as batch_op:
                batch_op.drop_constraint(_fk_name(table, column), type_="foreignkey")
        op.drop_column(table, column)
    op.drop_column("scale_label", "mark")
    op.drop_column("scale", "version")
    op.drop_column("scale", "step")
