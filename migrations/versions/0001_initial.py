"""initial schema: the whole scorecard cycle

Revision ID: 0001_initial
Revises: 
Create Date: 2026-11-23 12:20:59.937264

"""
from alembic import op
import sqlalchemy as sa


# revision identifiers, used by Alembic.
revision = '0001_initial'
down_revision = None
branch_labels = None
depends_on = None


def upgrade():
    op.create_table('area',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('code', sa.String(length=16), nullable=False),
    sa.Column('level', sa.String(length=8), nullable=False),
    sa.Column('parent_id', sa.Integer(), nullable=True),
    sa.Column('name_mn', sa.String(length=120), nullable=False),
    sa.Column('name_en', sa.String(length=120), nullable=False),
    sa.CheckConstraint("level IN ('aimag', 'capital', 'soum', 'district')", name=op.f('ck_area_level_valid')),
    sa.ForeignKeyConstraint(['parent_id'], ['area.id'], name=op.f('fk_area_parent_id_area')),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_area')),
    sa.UniqueConstraint('code', name=op.f('uq_area_code'))
    )
    with op.batch_alter_table('area', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_area_level'), ['level'], unique=False)
        batch_op.create_index(batch_op.f('ix_area_parent_id'), ['parent_id'], unique=False)

    op.create_table('organisation',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('name_mn', sa.String(length=200), nullable=False),
    sa.Column('name_en', sa.String(length=200), nullable=False),
    sa.Column('kind', sa.String(length=10), nullable=False),
    sa.Column('is_demo', sa.Boolean(), nullable=False),
    sa.CheckConstraint("kind IN ('ngo', 'government', 'provider', 'donor')", name=op.f('ck_organisation_kind_valid')),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_organisation')),
    sa.UniqueConstraint('name_mn', name=op.f('uq_organisation_name_mn'))
    )
    op.create_table('scale',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('code', sa.String(length=32), nullable=False),
    sa.Column('kind', sa.String(length=13), nullable=False),
    sa.Column('min_value', sa.Integer(), nullable=False),
    sa.Column('max_value', sa.Integer(), nullable=False),
    sa.Column('positive_from', sa.Integer(), nullable=False),
    sa.Column('name_mn', sa.String(length=120), nullable=False),
    sa.Column('name_en', sa.String(length=120), nullable=False),
    sa.Column('allow_missing', sa.Boolean(), nullable=False),
    sa.CheckConstraint("kind IN ('faces', 'numeric', 'traffic_light')", name=op.f('ck_scale_kind_valid')),
    sa.CheckConstraint('min_value < max_value', name=op.f('ck_scale_range_not_empty')),
    sa.CheckConstraint('positive_from >= min_value AND positive_from <= max_value', name=op.f('ck_scale_positive_in_range')),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_scale')),
    sa.UniqueConstraint('code', name=op.f('uq_scale_code'))
    )
    op.create_table('sector',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('code', sa.String(length=32), nullable=False),
    sa.Column('name_mn', sa.String(length=120), nullable=False),
    sa.Column('name_en', sa.String(length=120), nullable=False),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_sector')),
    sa.UniqueConstraint('code', name=op.f('uq_sector_code'))
    )
    op.create_table('facility_type',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('code', sa.String(length=40), nullable=False),
    sa.Column('sector_id', sa.Integer(), nullable=False),
    sa.Column('name_mn', sa.String(length=120), nullable=False),
    sa.Column('name_en', sa.String(length=120), nullable=False),
    sa.ForeignKeyConstraint(['sector_id'], ['sector.id'], name=op.f('fk_facility_type_sector_id_sector')),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_facility_type')),
    sa.UniqueConstraint('code', name=op.f('uq_facility_type_code'))
    )
    with op.batch_alter_table('facility_type', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_facility_type_sector_id'), ['sector_id'], unique=False)

    op.create_table('indicator',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('code', sa.String(length=40), nullable=False),
    sa.Column('sector_id', sa.Integer(), nullable=False),
    sa.Column('origin', sa.String(length=9), nullable=False),
    sa.Column('text_mn', sa.Text(), nullable=False),
    sa.Column('text_en', sa.Text(), nullable=False),
    sa.Column('hint_mn', sa.Text(), nullable=False),
    sa.Column('hint_en', sa.Text(), nullable=False),
    sa.Column('in_library', sa.Boolean(), nullable=False),
    sa.CheckConstraint("origin IN ('standard', 'community', 'provider')", name=op.f('ck_indicator_origin_valid')),
    sa.ForeignKeyConstraint(['sector_id'], ['sector.id'], name=op.f('fk_indicator_sector_id_sector')),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_indicator')),
    sa.UniqueConstraint('code', name=op.f('uq_indicator_code'))
    )
    with op.batch_alter_table('indicator', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_indicator_sector_id'), ['sector_id'], unique=False)

    op.create_table('scale_label',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('scale_id', sa.Integer(), nullable=False),
    sa.Column('value', sa.Integer(), nullable=False),
    sa.Column('label_mn', sa.String(length=80), nullable=False),
    sa.Column('label_en', sa.String(length=80), nullable=False),
    sa.ForeignKeyConstraint(['scale_id'], ['scale.id'], name=op.f('fk_scale_label_scale_id_scale'), ondelete='CASCADE'),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_scale_label')),
    sa.UniqueConstraint('scale_id', 'value', name=op.f('uq_scale_label_scale_id_value'))
    )
    op.create_table('template',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('code', sa.String(length=40), nullable=False),
    sa.Column('name_mn', sa.String(length=200), nullable=False),
    sa.Column('name_en', sa.String(length=200), nullable=False),
    sa.Column('sector_id', sa.Integer(), nullable=False),
    sa.Column('scale_id', sa.Integer(), nullable=False),
    sa.ForeignKeyConstraint(['scale_id'], ['scale.id'], name=op.f('fk_template_scale_id_scale')),
    sa.ForeignKeyConstraint(['sector_id'], ['sector.id'], name=op.f('fk_template_sector_id_sector')),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_template')),
    sa.UniqueConstraint('code', name=op.f('uq_template_code'))
    )
    with op.batch_alter_table('template', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_template_sector_id'), ['sector_id'], unique=False)

    op.create_table('user',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('email', sa.String(length=254), nullable=False),
    sa.Column('display_name', sa.String(length=120), nullable=False),
    sa.Column('password_hash', sa.String(length=255), nullable=False),
    sa.Column('role', sa.String(length=11), nullable=False),
    sa.Column('organisation_id', sa.Integer(), nullable=True),
    sa.Column('active', sa.Boolean(), nullable=False),
    sa.Column('is_demo', sa.Boolean(), nullable=False),
    sa.Column('created_at', sa.DateTime(), nullable=False),
    sa.Column('last_login_at', sa.DateTime(), nullable=True),
    sa.Column('failed_logins', sa.Integer(), nullable=False),
    sa.Column('locked_until', sa.DateTime(), nullable=True),
    sa.Column('session_token', sa.String(length=64), nullable=False),
    sa.CheckConstraint("role IN ('admin', 'coordinator', 'facilitator', 'official', 'provider')", name=op.f('ck_user_role_valid')),
    sa.ForeignKeyConstraint(['organisation_id'], ['organisation.id'], name=op.f('fk_user_organisation_id_organisation')),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_user')),
    sa.UniqueConstraint('email', name=op.f('uq_user_email'))
    )
    with op.batch_alter_table('user', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_user_organisation_id'), ['organisation_id'], unique=False)

    op.create_table('audit_event',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('at', sa.DateTime(), nullable=False),
    sa.Column('user_id', sa.Integer(), nullable=True),
    sa.Column('action', sa.String(length=60), nullable=False),
    sa.Column('entity', sa.String(length=60), nullable=False),
    sa.Column('entity_id', sa.Integer(), nullable=True),
    sa.Column('before', sa.JSON(), nullable=True),
    sa.Column('after', sa.JSON(), nullable=True),
    sa.Column('note', sa.Text(), nullable=False),
    sa.Column('address', sa.String(length=64), nullable=False),
    sa.ForeignKeyConstraint(['user_id'], ['user.id'], name=op.f('fk_audit_event_user_id_user')),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_audit_event'))
    )
    with op.batch_alter_table('audit_event', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_audit_event_action'), ['action'], unique=False)
        batch_op.create_index(batch_op.f('ix_audit_event_at'), ['at'], unique=False)
        batch_op.create_index(batch_op.f('ix_audit_event_entity'), ['entity'], unique=False)
        batch_op.create_index(batch_op.f('ix_audit_event_user_id'), ['user_id'], unique=False)

    op.create_table('facility',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('name_mn', sa.String(length=200), nullable=False),
    sa.Column('name_en', sa.String(length=200), nullable=False),
    sa.Column('facility_type_id', sa.Integer(), nullable=False),
    sa.Column('area_id', sa.Integer(), nullable=False),
    sa.Column('is_demo', sa.Boolean(), nullable=False),
    sa.Column('created_at', sa.DateTime(), nullable=False),
    sa.ForeignKeyConstraint(['area_id'], ['area.id'], name=op.f('fk_facility_area_id_area')),
    sa.ForeignKeyConstraint(['facility_type_id'], ['facility_type.id'], name=op.f('fk_facility_facility_type_id_facility_type')),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_facility')),
    sa.UniqueConstraint('area_id', 'name_mn', name=op.f('uq_facility_area_id_name_mn'))
    )
    with op.batch_alter_table('facility', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_facility_area_id'), ['area_id'], unique=False)
        batch_op.create_index(batch_op.f('ix_facility_facility_type_id'), ['facility_type_id'], unique=False)

    op.create_table('indicator_facility_type',
    sa.Column('indicator_id', sa.Integer(), nullable=False),
    sa.Column('facility_type_id', sa.Integer(), nullable=False),
    sa.ForeignKeyConstraint(['facility_type_id'], ['facility_type.id'], name=op.f('fk_indicator_facility_type_facility_type_id_facility_type'), ondelete='CASCADE'),
    sa.ForeignKeyConstraint(['indicator_id'], ['indicator.id'], name=op.f('fk_indicator_facility_type_indicator_id_indicator'), ondelete='CASCADE'),
    sa.PrimaryKeyConstraint('indicator_id', 'facility_type_id', name=op.f('pk_indicator_facility_type'))
    )
    op.create_table('template_indicator',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('template_id', sa.Integer(), nullable=False),
    sa.Column('indicator_id', sa.Integer(), nullable=False),
    sa.Column('position', sa.Integer(), nullable=False),
    sa.CheckConstraint('position >= 1', name=op.f('ck_template_indicator_position_positive')),
    sa.ForeignKeyConstraint(['indicator_id'], ['indicator.id'], name=op.f('fk_template_indicator_indicator_id_indicator')),
    sa.ForeignKeyConstraint(['template_id'], ['template.id'], name=op.f('fk_template_indicator_template_id_template'), ondelete='CASCADE'),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_template_indicator')),
    sa.UniqueConstraint('template_id', 'indicator_id', name=op.f('uq_template_indicator_template_id_indicator_id')),
    sa.UniqueConstraint('template_id', 'position', name=op.f('uq_template_indicator_template_id_position'))
    )
    op.create_table('user_area',
    sa.Column('user_id', sa.Integer(), nullable=False),
    sa.Column('area_id', sa.Integer(), nullable=False),
    sa.ForeignKeyConstraint(['area_id'], ['area.id'], name=op.f('fk_user_area_area_id_area'), ondelete='CASCADE'),
    sa.ForeignKeyConstraint(['user_id'], ['user.id'], name=op.f('fk_user_area_user_id_user'), ondelete='CASCADE'),
    sa.PrimaryKeyConstraint('user_id', 'area_id', name=op.f('pk_user_area'))
    )
    op.create_table('round',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('facility_id', sa.Integer(), nullable=False),
    sa.Column('template_id', sa.Integer(), nullable=False),
    sa.Column('scale_id', sa.Integer(), nullable=False),
    sa.Column('organisation_id', sa.Integer(), nullable=False),
    sa.Column('previous_round_id', sa.Integer(), nullable=True),
    sa.Column('round_number', sa.Integer(), nullable=False),
    sa.Column('title_mn', sa.String(length=200), nullable=False),
    sa.Column('title_en', sa.String(length=200), nullable=False),
    sa.Column('period_label', sa.String(length=20), nullable=False),
    sa.Column('period_start', sa.Date(), nullable=False),
    sa.Column('period_end', sa.Date(), nullable=False),
    sa.Column('state', sa.String(length=17), nullable=False),
    sa.Column('community_code', sa.String(length=12), nullable=False),
    sa.Column('provider_code', sa.String(length=12), nullable=False),
    sa.Column('community_open', sa.Boolean(), nullable=False),
    sa.Column('provider_open', sa.Boolean(), nullable=False),
    sa.Column('shared_device', sa.Boolean(), nullable=False),
    sa.Column('published_at', sa.DateTime(), nullable=True),
    sa.Column('is_demo', sa.Boolean(), nullable=False),
    sa.Column('created_at', sa.DateTime(), nullable=False),
    sa.Column('created_by_id', sa.Integer(), nullable=True),
    sa.CheckConstraint("state IN ('preparation', 'input_tracking', 'community_scoring', 'self_assessment', 'interface_meeting', 'action_plan', 'review', 'published')", name=op.f('ck_round_state_valid')),
    sa.CheckConstraint('community_code <> provider_code', name=op.f('ck_round_codes_differ')),
    sa.CheckConstraint('period_end >= period_start', name=op.f('ck_round_period_ordered')),
    sa.CheckConstraint('previous_round_id IS NULL OR previous_round_id <> id', name=op.f('ck_round_not_own_previous')),
    sa.CheckConstraint('round_number >= 1', name=op.f('ck_round_round_number_positive')),
    sa.ForeignKeyConstraint(['created_by_id'], ['user.id'], name=op.f('fk_round_created_by_id_user')),
    sa.ForeignKeyConstraint(['facility_id'], ['facility.id'], name=op.f('fk_round_facility_id_facility')),
    sa.ForeignKeyConstraint(['organisation_id'], ['organisation.id'], name=op.f('fk_round_organisation_id_organisation')),
    sa.ForeignKeyConstraint(['previous_round_id'], ['round.id'], name=op.f('fk_round_previous_round_id_round')),
    sa.ForeignKeyConstraint(['scale_id'], ['scale.id'], name=op.f('fk_round_scale_id_scale')),
    sa.ForeignKeyConstraint(['template_id'], ['template.id'], name=op.f('fk_round_template_id_template')),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_round')),
    sa.UniqueConstraint('community_code', name=op.f('uq_round_community_code')),
    sa.UniqueConstraint('previous_round_id', name=op.f('uq_round_previous_round_id')),
    sa.UniqueConstraint('provider_code', name=op.f('uq_round_provider_code'))
    )
    with op.batch_alter_table('round', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_round_facility_id'), ['facility_id'], unique=False)
        batch_op.create_index(batch_op.f('ix_round_organisation_id'), ['organisation_id'], unique=False)
        batch_op.create_index(batch_op.f('ix_round_period_label'), ['period_label'], unique=False)
        batch_op.create_index(batch_op.f('ix_round_state'), ['state'], unique=False)

    op.create_table('input_item',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('round_id', sa.Integer(), nullable=False),
    sa.Column('position', sa.Integer(), nullable=False),
    sa.Column('item', sa.String(length=200), nullable=False),
    sa.Column('entitlement', sa.Text(), nullable=False),
    sa.Column('norm', sa.Numeric(precision=12, scale=2), nullable=True),
    sa.Column('actual', sa.Numeric(precision=12, scale=2), nullable=True),
    sa.Column('unit', sa.String(length=40), nullable=False),
    sa.Column('source', sa.String(length=200), nullable=False),
    sa.Column('note', sa.Text(), nullable=False),
    sa.CheckConstraint('actual IS NULL OR actual >= 0', name=op.f('ck_input_item_actual_not_negative')),
    sa.CheckConstraint('norm IS NULL OR norm >= 0', name=op.f('ck_input_item_norm_not_negative')),
    sa.ForeignKeyConstraint(['round_id'], ['round.id'], name=op.f('fk_input_item_round_id_round'), ondelete='CASCADE'),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_input_item'))
    )
    with op.batch_alter_table('input_item', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_input_item_round_id'), ['round_id'], unique=False)

    op.create_table('interface_meeting',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('round_id', sa.Integer(), nullable=False),
    sa.Column('held_on', sa.Date(), nullable=False),
    sa.Column('place', sa.String(length=200), nullable=False),
    sa.Column('community_female', sa.Integer(), nullable=False),
    sa.Column('community_male', sa.Integer(), nullable=False),
    sa.Column('provider_female', sa.Integer(), nullable=False),
    sa.Column('provider_male', sa.Integer(), nullable=False),
    sa.Column('officials', sa.Integer(), nullable=False),
    sa.Column('notes', sa.Text(), nullable=False),
    sa.Column('decisions', sa.Text(), nullable=False),
    sa.CheckConstraint('community_female >= 0 AND community_male >= 0 AND provider_female >= 0 AND provider_male >= 0 AND officials >= 0', name=op.f('ck_interface_meeting_attendance_not_negative')),
    sa.ForeignKeyConstraint(['round_id'], ['round.id'], name=op.f('fk_interface_meeting_round_id_round'), ondelete='CASCADE'),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_interface_meeting')),
    sa.UniqueConstraint('round_id', name=op.f('uq_interface_meeting_round_id'))
    )
    op.create_table('participant_group',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('round_id', sa.Integer(), nullable=False),
    sa.Column('kind', sa.String(length=10), nullable=False),
    sa.Column('side', sa.String(length=9), nullable=False),
    sa.Column('label', sa.String(length=120), nullable=False),
    sa.Column('expected_size', sa.Integer(), nullable=False),
    sa.Column('count_female', sa.Integer(), nullable=False),
    sa.Column('count_male', sa.Integer(), nullable=False),
    sa.Column('count_other', sa.Integer(), nullable=False),
    sa.CheckConstraint("kind IN ('women', 'men', 'youth', 'parents', 'students', 'patients', 'elderly', 'disability', 'herders', 'mixed', 'providers')", name=op.f('ck_participant_group_kind_valid')),
    sa.CheckConstraint("side IN ('community', 'provider')", name=op.f('ck_participant_group_side_valid')),
    sa.CheckConstraint('expected_size >= 0 AND count_female >= 0 AND count_male >= 0 AND count_other >= 0', name=op.f('ck_participant_group_counts_not_negative')),
    sa.ForeignKeyConstraint(['round_id'], ['round.id'], name=op.f('fk_participant_group_round_id_round'), ondelete='CASCADE'),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_participant_group')),
    sa.UniqueConstraint('round_id', 'label', name=op.f('uq_participant_group_round_id_label'))
    )
    with op.batch_alter_table('participant_group', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_participant_group_round_id'), ['round_id'], unique=False)

    op.create_table('round_facilitator',
    sa.Column('round_id', sa.Integer(), nullable=False),
    sa.Column('user_id', sa.Integer(), nullable=False),
    sa.ForeignKeyConstraint(['round_id'], ['round.id'], name=op.f('fk_round_facilitator_round_id_round'), ondelete='CASCADE'),
    sa.ForeignKeyConstraint(['user_id'], ['user.id'], name=op.f('fk_round_facilitator_user_id_user'), ondelete='CASCADE'),
    sa.PrimaryKeyConstraint('round_id', 'user_id', name=op.f('pk_round_facilitator'))
    )
    op.create_table('round_indicator',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('round_id', sa.Integer(), nullable=False),
    sa.Column('indicator_id', sa.Integer(), nullable=False),
    sa.Column('position', sa.Integer(), nullable=False),
    sa.Column('side', sa.String(length=9), nullable=True),
    sa.CheckConstraint("side IS NULL OR side IN ('community', 'provider')", name=op.f('ck_round_indicator_side_valid')),
    sa.CheckConstraint('position >= 1', name=op.f('ck_round_indicator_position_positive')),
    sa.ForeignKeyConstraint(['indicator_id'], ['indicator.id'], name=op.f('fk_round_indicator_indicator_id_indicator')),
    sa.ForeignKeyConstraint(['round_id'], ['round.id'], name=op.f('fk_round_indicator_round_id_round'), ondelete='CASCADE'),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_round_indicator')),
    sa.UniqueConstraint('round_id', 'indicator_id', name=op.f('uq_round_indicator_round_id_indicator_id'))
    )
    with op.batch_alter_table('round_indicator', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_round_indicator_indicator_id'), ['indicator_id'], unique=False)
        batch_op.create_index(batch_op.f('ix_round_indicator_round_id'), ['round_id'], unique=False)

    op.create_table('action',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('round_id', sa.Integer(), nullable=False),
    sa.Column('round_indicator_id', sa.Integer(), nullable=True),
    sa.Column('input_item_id', sa.Integer(), nullable=True),
    sa.Column('carried_from_id', sa.Integer(), nullable=True),
    sa.Column('description', sa.Text(), nullable=False),
    sa.Column('responsible', sa.String(length=16), nullable=False),
    sa.Column('responsible_detail', sa.String(length=200), nullable=False),
    sa.Column('due_date', sa.Date(), nullable=True),
    sa.Column('resources', sa.Text(), nullable=False),
    sa.Column('status', sa.String(length=11), nullable=False),
    sa.Column('completed_on', sa.Date(), nullable=True),
    sa.Column('created_at', sa.DateTime(), nullable=False),
    sa.CheckConstraint("responsible IN ('provider', 'soum_governor', 'ngo', 'community', 'aimag_department')", name=op.f('ck_action_responsible_valid')),
    sa.CheckConstraint("status IN ('planned', 'in_progress', 'done', 'dropped')", name=op.f('ck_action_status_valid')),
    sa.CheckConstraint('round_indicator_id IS NOT NULL OR input_item_id IS NOT NULL', name=op.f('ck_action_has_subject')),
    sa.ForeignKeyConstraint(['carried_from_id'], ['action.id'], name=op.f('fk_action_carried_from_id_action')),
    sa.ForeignKeyConstraint(['input_item_id'], ['input_item.id'], name=op.f('fk_action_input_item_id_input_item'), ondelete='SET NULL'),
    sa.ForeignKeyConstraint(['round_id'], ['round.id'], name=op.f('fk_action_round_id_round'), ondelete='CASCADE'),
    sa.ForeignKeyConstraint(['round_indicator_id'], ['round_indicator.id'], name=op.f('fk_action_round_indicator_id_round_indicator'), ondelete='SET NULL'),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_action'))
    )
    with op.batch_alter_table('action', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_action_round_id'), ['round_id'], unique=False)

    op.create_table('consensus_score',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('round_id', sa.Integer(), nullable=False),
    sa.Column('group_id', sa.Integer(), nullable=False),
    sa.Column('round_indicator_id', sa.Integer(), nullable=False),
    sa.Column('value', sa.Float(), nullable=True),
    sa.Column('missing_reason', sa.String(length=9), nullable=True),
    sa.Column('reason', sa.Text(), nullable=False),
    sa.Column('reason_approved', sa.Boolean(), nullable=False),
    sa.Column('entered_by_id', sa.Integer(), nullable=True),
    sa.Column('updated_at', sa.DateTime(), nullable=False),
    sa.CheckConstraint("missing_reason IS NULL OR missing_reason IN ('na', 'dont_know')", name=op.f('ck_consensus_score_missing_reason_valid')),
    sa.CheckConstraint('(value IS NULL AND missing_reason IS NOT NULL) OR (value IS NOT NULL AND missing_reason IS NULL)', name=op.f('ck_score_value_xor_missing')),
    sa.ForeignKeyConstraint(['entered_by_id'], ['user.id'], name=op.f('fk_consensus_score_entered_by_id_user')),
    sa.ForeignKeyConstraint(['group_id'], ['participant_group.id'], name=op.f('fk_consensus_score_group_id_participant_group'), ondelete='CASCADE'),
    sa.ForeignKeyConstraint(['round_id'], ['round.id'], name=op.f('fk_consensus_score_round_id_round'), ondelete='CASCADE'),
    sa.ForeignKeyConstraint(['round_indicator_id'], ['round_indicator.id'], name=op.f('fk_consensus_score_round_indicator_id_round_indicator'), ondelete='CASCADE'),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_consensus_score')),
    sa.UniqueConstraint('group_id', 'round_indicator_id', name=op.f('uq_consensus_score_group_id_round_indicator_id'))
    )
    with op.batch_alter_table('consensus_score', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_consensus_score_round_id'), ['round_id'], unique=False)

    op.create_table('response',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('uuid', sa.String(length=36), nullable=False),
    sa.Column('receipt', sa.String(length=12), nullable=False),
    sa.Column('content_hash', sa.String(length=64), nullable=False),
    sa.Column('round_id', sa.Integer(), nullable=False),
    sa.Column('side', sa.String(length=9), nullable=False),
    sa.Column('channel', sa.String(length=6), nullable=False),
    sa.Column('group_id', sa.Integer(), nullable=True),
    sa.Column('gender', sa.String(length=11), nullable=False),
    sa.Column('age_band', sa.String(length=11), nullable=False),
    sa.Column('disability', sa.String(length=11), nullable=False),
    sa.Column('comment', sa.Text(), nullable=False),
    sa.Column('comment_approved', sa.Boolean(), nullable=False),
    sa.Column('respondent_ref', sa.String(length=40), nullable=True),
    sa.Column('entered_by_id', sa.Integer(), nullable=True),
    sa.Column('submitted_at', sa.DateTime(), nullable=False),
    sa.CheckConstraint("age_band IN ('under_18', '18_34', '35_59', '60_plus', 'undisclosed')", name=op.f('ck_response_age_band_valid')),
    sa.CheckConstraint("channel IN ('phone', 'tablet', 'paper', 'import')", name=op.f('ck_response_channel_valid')),
    sa.CheckConstraint("disability IN ('yes', 'no', 'undisclosed')", name=op.f('ck_response_disability_valid')),
    sa.CheckConstraint("gender IN ('female', 'male', 'other', 'undisclosed')", name=op.f('ck_response_gender_valid')),
    sa.CheckConstraint("side IN ('community', 'provider')", name=op.f('ck_response_side_valid')),
    sa.ForeignKeyConstraint(['entered_by_id'], ['user.id'], name=op.f('fk_response_entered_by_id_user')),
    sa.ForeignKeyConstraint(['group_id'], ['participant_group.id'], name=op.f('fk_response_group_id_participant_group'), ondelete='SET NULL'),
    sa.ForeignKeyConstraint(['round_id'], ['round.id'], name=op.f('fk_response_round_id_round'), ondelete='CASCADE'),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_response')),
    sa.UniqueConstraint('round_id', 'respondent_ref', name=op.f('uq_response_round_id_respondent_ref')),
    sa.UniqueConstraint('uuid', name=op.f('uq_response_uuid'))
    )
    with op.batch_alter_table('response', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_response_group_id'), ['group_id'], unique=False)
        batch_op.create_index(batch_op.f('ix_response_receipt'), ['receipt'], unique=False)
        batch_op.create_index(batch_op.f('ix_response_round_id'), ['round_id'], unique=False)
        batch_op.create_index(batch_op.f('ix_response_submitted_at'), ['submitted_at'], unique=False)

    op.create_table('round_indicator_proposal',
    sa.Column('round_indicator_id', sa.Integer(), nullable=False),
    sa.Column('group_id', sa.Integer(), nullable=False),
    sa.ForeignKeyConstraint(['group_id'], ['participant_group.id'], name=op.f('fk_round_indicator_proposal_group_id_participant_group'), ondelete='CASCADE'),
    sa.ForeignKeyConstraint(['round_indicator_id'], ['round_indicator.id'], name=op.f('fk_round_indicator_proposal_round_indicator_id_round_indicator'), ondelete='CASCADE'),
    sa.PrimaryKeyConstraint('round_indicator_id', 'group_id', name=op.f('pk_round_indicator_proposal'))
    )
    op.create_table('tally',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('round_id', sa.Integer(), nullable=False),
    sa.Column('group_id', sa.Integer(), nullable=False),
    sa.Column('round_indicator_id', sa.Integer(), nullable=False),
    sa.Column('point', sa.String(length=8), nullable=False),
    sa.Column('value', sa.Float(), nullable=True),
    sa.Column('count', sa.Integer(), nullable=False),
    sa.Column('entered_by_id', sa.Integer(), nullable=True),
    sa.CheckConstraint("(point = 'na' AND value IS NULL) OR (point <> 'na' AND value IS NOT NULL)", name=op.f('ck_tally_point_matches_value')),
    sa.CheckConstraint('count >= 0', name=op.f('ck_tally_count_not_negative')),
    sa.ForeignKeyConstraint(['entered_by_id'], ['user.id'], name=op.f('fk_tally_entered_by_id_user')),
    sa.ForeignKeyConstraint(['group_id'], ['participant_group.id'], name=op.f('fk_tally_group_id_participant_group'), ondelete='CASCADE'),
    sa.ForeignKeyConstraint(['round_id'], ['round.id'], name=op.f('fk_tally_round_id_round'), ondelete='CASCADE'),
    sa.ForeignKeyConstraint(['round_indicator_id'], ['round_indicator.id'], name=op.f('fk_tally_round_indicator_id_round_indicator'), ondelete='CASCADE'),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_tally')),
    sa.UniqueConstraint('group_id', 'round_indicator_id', 'point', name=op.f('uq_tally_group_id_round_indicator_id_point'))
    )
    with op.batch_alter_table('tally', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_tally_round_id'), ['round_id'], unique=False)

    op.create_table('action_update',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('action_id', sa.Integer(), nullable=False),
    sa.Column('on_date', sa.Date(), nullable=False),
    sa.Column('status', sa.String(length=11), nullable=False),
    sa.Column('note', sa.Text(), nullable=False),
    sa.Column('author_id', sa.Integer(), nullable=True),
    sa.CheckConstraint("status IN ('planned', 'in_progress', 'done', 'dropped')", name=op.f('ck_action_update_status_valid')),
    sa.ForeignKeyConstraint(['action_id'], ['action.id'], name=op.f('fk_action_update_action_id_action'), ondelete='CASCADE'),
    sa.ForeignKeyConstraint(['author_id'], ['user.id'], name=op.f('fk_action_update_author_id_user')),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_action_update'))
    )
    with op.batch_alter_table('action_update', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_action_update_action_id'), ['action_id'], unique=False)

    op.create_table('official_response',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('action_id', sa.Integer(), nullable=False),
    sa.Column('user_id', sa.Integer(), nullable=True),
    sa.Column('office', sa.String(length=200), nullable=False),
    sa.Column('body', sa.Text(), nullable=False),
    sa.Column('commitment_date', sa.Date(), nullable=True),
    sa.Column('created_at', sa.DateTime(), nullable=False),
    sa.ForeignKeyConstraint(['action_id'], ['action.id'], name=op.f('fk_official_response_action_id_action'), ondelete='CASCADE'),
    sa.ForeignKeyConstraint(['user_id'], ['user.id'], name=op.f('fk_official_response_user_id_user')),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_official_response'))
    )
    with op.batch_alter_table('official_response', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_official_response_action_id'), ['action_id'], unique=False)

    op.create_table('score',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('response_id', sa.Integer(), nullable=False),
    sa.Column('round_indicator_id', sa.Integer(), nullable=False),
    sa.Column('value', sa.Float(), nullable=True),
    sa.Column('missing_reason', sa.String(length=9), nullable=True),
    sa.Column('reason', sa.Text(), nullable=False),
    sa.Column('reason_approved', sa.Boolean(), nullable=False),
    sa.CheckConstraint("missing_reason IS NULL OR missing_reason IN ('na', 'dont_know')", name=op.f('ck_score_missing_reason_valid')),
    sa.CheckConstraint('(value IS NULL AND missing_reason IS NOT NULL) OR (value IS NOT NULL AND missing_reason IS NULL)', name=op.f('ck_score_value_xor_missing')),
    sa.ForeignKeyConstraint(['response_id'], ['response.id'], name=op.f('fk_score_response_id_response'), ondelete='CASCADE'),
    sa.ForeignKeyConstraint(['round_indicator_id'], ['round_indicator.id'], name=op.f('fk_score_round_indicator_id_round_indicator'), ondelete='CASCADE'),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_score')),
    sa.UniqueConstraint('response_id', 'round_indicator_id', name=op.f('uq_score_response_id_round_indicator_id'))
    )
    with op.batch_alter_table('score', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_score_round_indicator_id'), ['round_indicator_id'], unique=False)



def downgrade():
    with op.batch_alter_table('score', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_score_round_indicator_id'))

    op.drop_table('score')
    with op.batch_alter_table('official_response', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_official_response_action_id'))

    op.drop_table('official_response')
    with op.batch_alter_table('action_update', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_action_update_action_id'))

    op.drop_table('action_update')
    with op.batch_alter_table('tally', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_tally_round_id'))

    op.drop_table('tally')
    op.drop_table('round_indicator_proposal')
    with op.batch_alter_table('response', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_response_submitted_at'))
        batch_op.drop_index(batch_op.f('ix_response_round_id'))
        batch_op.drop_index(batch_op.f('ix_response_receipt'))
        batch_op.drop_index(batch_op.f('ix_response_group_id'))

    op.drop_table('response')
    with op.batch_alter_table('consensus_score', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_consensus_score_round_id'))

    op.drop_table('consensus_score')
    with op.batch_alter_table('action', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_action_round_id'))

    op.drop_table('action')
    with op.batch_alter_table('round_indicator', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_round_indicator_round_id'))
        batch_op.drop_index(batch_op.f('ix_round_indicator_indicator_id'))

    op.drop_table('round_indicator')
    op.drop_table('round_facilitator')
    with op.batch_alter_table('participant_group', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_participant_group_round_id'))

    op.drop_table('participant_group')
    op.drop_table('interface_meeting')
    with op.batch_alter_table('input_item', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_input_item_round_id'))

    op.drop_table('input_item')
    with op.batch_alter_table('round', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_round_state'))
        batch_op.drop_index(batch_op.f('ix_round_period_label'))
        batch_op.drop_index(batch_op.f('ix_round_organisation_id'))
        batch_op.drop_index(batch_op.f('ix_round_facility_id'))

    op.drop_table('round')
    op.drop_table('user_area')
    op.drop_table('template_indicator')
    op.drop_table('indicator_facility_type')
    with op.batch_alter_table('facility', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_facility_facility_type_id'))
        batch_op.drop_index(batch_op.f('ix_facility_area_id'))

    op.drop_table('facility')
    with op.batch_alter_table('audit_event', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_audit_event_user_id'))
        batch_op.drop_index(batch_op.f('ix_audit_event_entity'))
        batch_op.drop_index(batch_op.f('ix_audit_event_at'))
        batch_op.drop_index(batch_op.f('ix_audit_event_action'))

    op.drop_table('audit_event')
    with op.batch_alter_table('user', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_user_organisation_id'))

    op.drop_table('user')
    with op.batch_alter_table('template', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_template_sector_id'))

    op.drop_table('template')
    op.drop_table('scale_label')
    with op.batch_alter_table('indicator', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_indicator_sector_id'))

    op.drop_table('indicator')
    with op.batch_alter_table('facility_type', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_facility_type_sector_id'))

    op.drop_table('facility_type')
    op.drop_table('sector')
    op.drop_table('scale')
    op.drop_table('organisation')
    with op.batch_alter_table('area', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_area_parent_id'))
        batch_op.drop_index(batch_op.f('ix_area_level'))

    op.drop_table('area')
