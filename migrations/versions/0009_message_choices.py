"""Choices a resident can tap (a WhatsApp list picker or quick-reply buttons) on an outbound message

Revision ID: 0009_message_choices
Revises: 0008_areas_and_deadlines
Create Date: 2026-11-26
"""
from typing import Sequence, Union

import sqlalchemy as sa
from alembic import op

revision: str = '0009_message_choices'
down_revision: Union[str, Sequence[str], None] = '0008_areas_and_deadlines'
branch_labels: Union[str, Sequence[str], None] = None
depends_on: Union[str, Sequence[str], None] = None


def upgrade() -> None:
    with op.batch_alter_table('messages', schema=None) as batch_op:
        batch_op.add_column(sa.Column('choices', sa.JSON(none_as_null=True), nullable=True))


def downgrade() -> None:
    with op.batch_alter_table('messages', schema=None) as batch_op:
        batch_op.drop_column('choices')
