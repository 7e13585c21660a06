"""Areas (kecamatan, kelurahan) with boundaries and offices, routing by area, heads of offices,
deadlines in working days, escalation, "is it fixed?" and ratings, and the directory file's city-wide settings (days off, digest, escalation delays)

Revision ID: 0008_areas_and_deadlines
Revises: 0007_directory_version
Create Date: 2026-11-26
"""
from typing import Sequence, Union

import sqlalchemy as sa
from alembic import op

revision: str = '0008_areas_and_deadlines'
down_revision: Union[str, Sequence[str], None] = '0007_directory_version'
branch_labels: Union[str, Sequence[str], None] = None
depends_on: Union[str, Sequence[str], None] = None


def upgrade() -> None:
    op.create_table(
        'areas',
        sa.Column('id', sa.Integer(), nullable=False),
        sa.Column('code', sa.String(length=40), nullable=False),
        sa.Column('name', sa.String(length=200), nullable=False),
        sa.Column('kind', sa.String(length=20), nullable=False),
        sa.Column('parent_id', sa.Integer(), nullable=True),
        sa.Column('boundary', sa.JSON(), nullable=True),
        sa.Column('active', sa.Boolean(), nullable=False),
        sa.ForeignKeyConstraint(['parent_id'], ['areas.id'], name=op.f('fk_areas_parent_id_areas')),
        sa.PrimaryKeyConstraint('id', name=op.f('pk_areas')),
        sa.UniqueConstraint('code', name=op.f('uq_areas_code')),
    )
    with op.batch_alter_table('departments', schema=None) as batch_op:
        batch_op.add_column(sa.Column('area_id', sa.Integer(), nullable=True))
        batch_op.create_unique_constraint(batch_op.f('uq_departments_area_id'), ['area_id'])
        batch_op.create_foreign_key(batch_op.f('fk_departments_area_id_areas'), 'areas', ['area_id'], ['id'])
    with op.batch_alter_table('officials', schema=None) as batch_op:
        batch_op.add_column(sa.Column('is_head', sa.Boolean(), nullable=False, server_default=sa.false()))
    with op.batch_alter_table('categories', schema=None) as batch_op:
        batch_op.add_column(sa.Column('route', sa.String(length=20), nullable=False, server_default='department'))
        batch_op.add_column(sa.Column('first_answer_days', sa.Integer(), nullable=True))
        batch_op.add_column(sa.Column('resolve_days', sa.Integer(), nullable=True))
    with op.batch_alter_table('cases', schema=None) as batch_op:
        batch_op.add_column(sa.Column('area_id', sa.Integer(), nullable=True))
        batch_op.add_column(sa.Column('first_answer_due_at', sa.DateTime(timezone=True), nullable=True))
        batch_op.add_column(sa.Column('resolve_due_at', sa.DateTime(timezone=True), nullable=True))
        batch_op.add_column(sa.Column('escalated_at', sa.DateTime(timezone=True), nullable=True))
        batch_op.add_column(sa.Column('fix_asked_at', sa.DateTime(timezone=True), nullable=True))
        batch_op.add_column(sa.Column('confirmation', sa.String(length=20), nullable=True))
        batch_op.add_column(sa.Column('reopen_count', sa.Integer(), nullable=False, server_default='0'))
        batch_op.add_column(sa.Column('rating', sa.Integer(), nullable=True))
        batch_op.create_index(batch_op.f('ix_cases_area_id'), ['area_id'], unique=False)
        batch_op.create_foreign_key(batch_op.f('fk_cases_area_id_areas'), 'areas', ['area_id'], ['id'])
    op.create_table(
        'daily_digests',
        sa.Column('day', sa.Date(), nullable=False),
        sa.Column('created_at', sa.DateTime(timezone=True), nullable=False),
        sa.PrimaryKeyConstraint('day', name=op.f('pk_daily_digests')),
    )
    with op.batch_alter_table('directory_version', schema=None) as batch_op:
        batch_op.add_column(sa.Column('days_off', sa.JSON(), nullable=True))
        batch_op.add_column(sa.Column('digest_phones', sa.JSON(), nullable=True))
        batch_op.add_column(sa.Column('escalation', sa.JSON(), nullable=True))


def downgrade() -> None:
    op.drop_table('daily_digests')
    with op.batch_alter_table('directory_version', schema=None) as batch_op:
        batch_op.drop_column('escalation')
        batch_op.drop_column('digest_phones')
        batch_op.drop_column('days_off')
    with op.batch_alter_table('cases', schema=None) as batch_op:
        batch_op.drop_constraint(batch_op.f('fk_cases_area_id_areas'), type_='foreignkey')
        batch_op.drop_index(batch_op.f('ix_cases_area_id'))
        batch_op.drop_column('rating')
        batch_op.drop_column('reopen_count')
        batch_op.drop_column('confirmation')
        batch_op.drop_column('fix_asked_at')
        batch_op.drop_column('escalated_at')
        batch_op.drop_column('resolve_due_at')
        batch_op.drop_column('first_answer_due_at')
        batch_op.drop_column('area_id')
    with op.batch_alter_table('categories', schema=None) as batch_op:
        batch_op.drop_column('resolve_days')
        batch_op.drop_column('first_answer_days')
        batch_op.drop_column('route')
    with op.batch_alter_table('officials', schema=None) as batch_op:
        batch_op.drop_column('is_head')
    with op.batch_alter_table('departments', schema=None) as batch_op:
        batch_op.drop_constraint(batch_op.f('fk_departments_area_id_areas'), type_='foreignkey')
        batch_op.drop_constraint(batch_op.f('uq_departments_area_id'), type_='unique')
        batch_op.drop_column('area_id')
    op.drop_table('areas')
