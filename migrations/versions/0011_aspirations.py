"""Aspirations: themes from the directory file, the aspirations residents file under them, their
timeline, and the photo an aspiration may come with

Revision ID: 0011_aspirations
Revises: 0010_inbound_parsed
Create Date: 2026-12-03
"""
from typing import Sequence, Union

import sqlalchemy as sa
from alembic import op

revision: str = '0011_aspirations'
down_revision: Union[str, Sequence[str], None] = '0010_inbound_parsed'
branch_labels: Union[str, Sequence[str], None] = None
depends_on: Union[str, Sequence[str], None] = None


def upgrade() -> None:
    op.create_table(
        'themes',
        sa.Column('id', sa.Integer(), nullable=False),
        sa.Column('code', sa.String(length=40), nullable=False),
        sa.Column('name', sa.String(length=200), nullable=False),
        sa.Column('name_en', sa.String(length=200), nullable=True),
        sa.Column('department_id', sa.Integer(), nullable=True),
        sa.Column('support_threshold', sa.Integer(), nullable=False),
        sa.Column('answer_days', sa.Integer(), nullable=False),
        sa.Column('position', sa.Integer(), nullable=False),
        sa.Column('active', sa.Boolean(), nullable=False),
        sa.ForeignKeyConstraint(['department_id'], ['departments.id'],
                                name=op.f('fk_themes_department_id_departments')),
        sa.PrimaryKeyConstraint('id', name=op.f('pk_themes')),
        sa.UniqueConstraint('code', name=op.f('uq_themes_code')),
    )
    op.create_table(
        'aspirations',
        sa.Column('id', sa.Integer(), nullable=False),
        sa.Column('ref', sa.String(length=30), nullable=True),
        sa.Column('resident_id', sa.Integer(), nullable=False),
        sa.Column('theme_id', sa.Integer(), nullable=False),
        sa.Column('department_id', sa.Integer(), nullable=False),
        sa.Column('title', sa.String(length=200), nullable=False),
        sa.Column('body', sa.Text(), nullable=False),
        sa.Column('masked_count', sa.Integer(), nullable=False),
        sa.Column('latitude', sa.Double(), nullable=True),
        sa.Column('longitude', sa.Double(), nullable=True),
        sa.Column('address', sa.Text(), nullable=True),
        sa.Column('area_id', sa.Integer(), nullable=True),
        sa.Column('city_wide', sa.Boolean(), nullable=False),
        sa.Column('status', sa.String(length=20), nullable=False),
        sa.Column('moderation_note', sa.Text(), nullable=True),
        sa.Column('moderated_by_id', sa.Integer(), nullable=True),
        sa.Column('moderated_at', sa.DateTime(timezone=True), nullable=True),
        sa.Column('created_at', sa.DateTime(timezone=True), nullable=False),
        sa.Column('updated_at', sa.DateTime(timezone=True), nullable=False),
        sa.ForeignKeyConstraint(['area_id'], ['areas.id'], name=op.f('fk_aspirations_area_id_areas')),
        sa.ForeignKeyConstraint(['department_id'], ['departments.id'],
                                name=op.f('fk_aspirations_department_id_departments')),
        sa.ForeignKeyConstraint(['moderated_by_id'], ['admin_users.id'],
                                name=op.f('fk_aspirations_moderated_by_id_admin_users')),
        sa.ForeignKeyConstraint(['resident_id'], ['residents.id'],
                                name=op.f('fk_aspirations_resident_id_residents')),
        sa.ForeignKeyConstraint(['theme_id'], ['themes.id'], name=op.f('fk_aspirations_theme_id_themes')),
        sa.PrimaryKeyConstraint('id', name=op.f('pk_aspirations')),
        sa.UniqueConstraint('ref', name=op.f('uq_aspirations_ref')),
    )
    with op.batch_alter_table('aspirations', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_aspirations_area_id'), ['area_id'], unique=False)
        batch_op.create_index(batch_op.f('ix_aspirations_department_id'), ['department_id'], unique=False)
        batch_op.create_index('ix_aspirations_resident_id_created_at', ['resident_id', 'created_at'], unique=False)
        batch_op.create_index('ix_aspirations_status_id', ['status', 'id'], unique=False)
    op.create_table(
        'aspiration_events',
        sa.Column('id', sa.Integer(), nullable=False),
        sa.Column('aspiration_id', sa.Integer(), nullable=False),
        sa.Column('kind', sa.String(length=30), nullable=False),
        sa.Column('actor', sa.String(length=10), nullable=False),
        sa.Column('admin_user_id', sa.Integer(), nullable=True),
        sa.Column('note', sa.Text(), nullable=True),
        sa.Column('created_at', sa.DateTime(timezone=True), nullable=False),
        sa.ForeignKeyConstraint(['admin_user_id'], ['admin_users.id'],
                                name=op.f('fk_aspiration_events_admin_user_id_admin_users')),
        sa.ForeignKeyConstraint(['aspiration_id'], ['aspirations.id'],
                                name=op.f('fk_aspiration_events_aspiration_id_aspirations')),
        sa.PrimaryKeyConstraint('id', name=op.f('pk_aspiration_events')),
    )
    with op.batch_alter_table('aspiration_events', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_aspiration_events_aspiration_id'), ['aspiration_id'], unique=False)
    with op.batch_alter_table('media', schema=None) as batch_op:
        batch_op.add_column(sa.Column('aspiration_id', sa.Integer(), nullable=True))
        batch_op.create_index(batch_op.f('ix_media_aspiration_id'), ['aspiration_id'], unique=False)
        batch_op.create_foreign_key(batch_op.f('fk_media_aspiration_id_aspirations'), 'aspirations',
                                    ['aspiration_id'], ['id'])


def downgrade() -> None:
    with op.batch_alter_table('media', schema=None) as batch_op:
        batch_op.drop_constraint(batch_op.f('fk_media_aspiration_id_aspirations'), type_='foreignkey')
        batch_op.drop_index(batch_op.f('ix_media_aspiration_id'))
        batch_op.drop_column('aspiration_id')
    op.drop_table('aspiration_events')
    op.drop_table('aspirations')
    op.drop_table('themes')
