"""index delivery events by time: the sweep re-applies the last hour's status callbacks

Revision ID: 0003
Revises: 0002
Create Date: 2026-11-23
"""
from typing import Sequence, Union

from alembic import op

revision: str = '0003'
down_revision: Union[str, Sequence[str], None] = '0002'
branch_labels: Union[str, Sequence[str], None] = None
depends_on: Union[str, Sequence[str], None] = None


def upgrade() -> None:
    with op.batch_alter_table('delivery_events', schema=None) as batch_op:
        batch_op.create_index('ix_delivery_events_created_at', ['created_at'], unique=False)


def downgrade() -> None:
    with op.batch_alter_table('delivery_events', schema=None) as batch_op:
        batch_op.drop_index('ix_delivery_events_created_at')
