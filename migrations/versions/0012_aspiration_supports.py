"""Supports of aspirations (one per number and aspiration, by a unique constraint), the count kept
on the aspiration, and the kelurahan a resident named when asked where they live

Revision ID: 0012_aspiration_supports
Revises: 0011_aspirations
Create Date: 2026-12-03
"""
from typing import Sequence, Union

import sqlalchemy as sa
from alembic import op

revision: str = '0012_aspiration_supports'
down_revision: Union[str, Sequence[str], None] = '0011_aspirations'
branch_labels: Union[str, Sequence[str], None] = None
depends_on: Union[str, Sequence[str], None] = None


def upgrade() -> None:
    op.create_table(
        'aspiration_supports',
        sa.Column('id', sa.Integer(), nullable=False),
        sa.Column('aspiration_id', sa.Integer(), nullable=False),
        sa.Column('resident_id', sa.Integer(), nullable=False),
        sa.Column('created_at', sa.DateTime(timezone=True), nullable=False),
        sa.ForeignKeyConstraint(['aspiration_id'], ['aspirations.id'],
                                name=op.f('fk_aspiration_supports_aspiration_id_aspirations')),
        sa.ForeignKeyConstraint(['resident_id'], ['residents.id'],
                                name=op.f('fk_aspiration_supports_resident_id_residents')),
        sa.PrimaryKeyConstraint('id', name=op.f('pk_aspiration_supports')),
        sa.UniqueConstraint('aspiration_id', 'resident_id', name=op.f('uq_aspiration_supports_aspiration_id')),
    )
    with op.batch_alter_table('aspiration_supports', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_aspiration_supports_resident_id'), ['resident_id'], unique=False)
    with op.batch_alter_table('aspirations', schema=None) as batch_op:
        batch_op.add_column(sa.Column('support_count', sa.Integer(), nullable=False, server_default='0'))
    with op.batch_alter_table('residents', schema=None) as batch_op:
        batch_op.add_column(sa.Column('home_area_id', sa.Integer(), nullable=True))
        batch_op.create_foreign_key(batch_op.f('fk_residents_home_area_id_areas'), 'areas', ['home_area_id'], ['id'])


def downgrade() -> None:
    with op.batch_alter_table('residents', schema=None) as batch_op:
        batch_op.drop_constraint(batch_op.f('fk_residents_home_area_id_areas'), type_='foreignkey')
        batch_op.drop_column('home_area_id')
    with op.batch_alter_table('aspirations', schema=None) as batch_op:
        batch_op.drop_column('support_count')
    op.drop_table('aspiration_supports')
