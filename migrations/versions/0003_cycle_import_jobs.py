"""import jobs: uploaded paper-scorecard and tally files, their preview and progress

Revision ID: 0003_cycle
Revises: 0001_initial
Create Date: 2026-11-23 12:30:54.837263

"""
from alembic import op
import sqlalchemy as sa


# revision identifiers, used by Alembic.
revision = '0003_cycle'
down_revision = '0001_initial'
branch_labels = None
depends_on = None


def upgrade():
    op.create_table('import_job',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('token', sa.String(length=32), nullable=False),
    sa.Column('round_id', sa.Integer(), nullable=False),
    sa.Column('user_id', sa.Integer(), nullable=True),
    sa.Column('kind', sa.String(length=10), nullable=False),
    sa.Column('side', sa.String(length=10), nullable=False),
    sa.Column('filename', sa.String(length=255), nullable=False),
    sa.Column('data', sa.LargeBinary(), nullable=True),
    sa.Column('state', sa.String(length=10), nullable=False),
    sa.Column('total', sa.Integer(), nullable=False),
    sa.Column('processed', sa.Integer(), nullable=False),
    sa.Column('valid_rows', sa.Integer(), nullable=False),
    sa.Column('imported', sa.Integer(), nullable=False),
    sa.Column('blocked', sa.Boolean(), nullable=False),
    sa.Column('problems', sa.JSON(), nullable=True),
    sa.Column('problem_counts', sa.JSON(), nullable=True),
    sa.Column('error', sa.String(length=60), nullable=False),
    sa.Column('created_at', sa.DateTime(), nullable=False),
    sa.Column('finished_at', sa.DateTime(), nullable=True),
    sa.CheckConstraint("kind IN ('responses', 'tallies')", name=op.f('ck_import_job_kind_valid')),
    sa.CheckConstraint("state IN ('uploaded', 'checking', 'checked', 'importing', 'done', 'failed', 'discarded')", name=op.f('ck_import_job_state_valid')),
    sa.CheckConstraint('processed >= 0 AND total >= 0', name=op.f('ck_import_job_progress_not_negative')),
    sa.ForeignKeyConstraint(['round_id'], ['round.id'], name=op.f('fk_import_job_round_id_round'), ondelete='CASCADE'),
    sa.ForeignKeyConstraint(['user_id'], ['user.id'], name=op.f('fk_import_job_user_id_user')),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_import_job')),
    sa.UniqueConstraint('token', name=op.f('uq_import_job_token'))
    )
    with op.batch_alter_table('import_job', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_import_job_round_id'), ['round_id'], unique=False)



def downgrade():
    with op.batch_alter_table('import_job', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_import_job_round_id'))

    op.drop_table('import_job')
