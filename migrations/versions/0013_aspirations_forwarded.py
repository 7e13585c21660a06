"""An aspiration whose supports reached its theme's threshold goes to its office: when, the
deadline for the answer, when it came, and what it said; and how far an answer's news to the
supporters has gone

Revision ID: 0013_aspirations_forwarded
Revises: 0012_aspiration_supports
Create Date: 2026-12-03
"""
from typing import Sequence, Union

import sqlalchemy as sa
from alembic import op

revision: str = '0013_aspirations_forwarded'
down_revision: Union[str, Sequence[str], None] = '0012_aspiration_supports'
branch_labels: Union[str, Sequence[str], None] = None
depends_on: Union[str, Sequence[str], None] = None


def upgrade() -> None:
    with op.batch_alter_table('aspirations', schema=None) as batch_op:
        batch_op.add_column(sa.Column('forwarded_at', sa.DateTime(timezone=True), nullable=True))
        batch_op.add_column(sa.Column('answer_due_at', sa.DateTime(timezone=True), nullable=True))
        batch_op.add_column(sa.Column('answered_at', sa.DateTime(timezone=True), nullable=True))
        batch_op.add_column(sa.Column('answer_note', sa.Text(), nullable=True))
    with op.batch_alter_table('aspiration_events', schema=None) as batch_op:
        batch_op.add_column(sa.Column('told_up_to_support_id', sa.Integer(), nullable=True))
        batch_op.add_column(sa.Column('told_at', sa.DateTime(timezone=True), nullable=True))
        batch_op.add_column(sa.Column('official_id', sa.Integer(), nullable=True))
        batch_op.create_foreign_key(batch_op.f('fk_aspiration_events_official_id_officials'), 'officials',
                                    ['official_id'], ['id'])
        batch_op.add_column(sa.Column('area_id', sa.Integer(), nullable=True))
        batch_op.create_foreign_key(batch_op.f('fk_aspiration_events_area_id_areas'), 'areas', ['area_id'], ['id'])


def downgrade() -> None:
    with op.batch_alter_table('aspiration_events', schema=None) as batch_op:
        batch_op.drop_constraint(batch_op.f('fk_aspiration_events_area_id_areas'), type_='foreignkey')
        batch_op.drop_column('area_id')
        batch_op.drop_constraint(batch_op.f('fk_aspiration_events_official_id_officials'), type_='foreignkey')
        batch_op.drop_column('official_id')
        batch_op.drop_column('told_at')
        batch_op.drop_column('told_up_to_support_id')
    with op.batch_alter_table('aspirations', schema=None) as batch_op:
        batch_op.drop_column('answer_note')
        batch_op.drop_column('answered_at')
        batch_op.drop_column('answer_due_at')
        batch_op.drop_column('forwarded_at')
