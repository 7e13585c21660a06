"""What Twilio's inbound form says beyond the text, parsed once into columns: the tap's id, the
MessageType, the number of attachments; rows stored before are filled from the form they kept

Revision ID: 0010_inbound_parsed
Revises: 0009_message_choices
Create Date: 2026-12-02
"""
from typing import Sequence, Union

import sqlalchemy as sa
from alembic import op

revision: str = '0010_inbound_parsed'
down_revision: Union[str, Sequence[str], None] = '0009_message_choices'
branch_labels: Union[str, Sequence[str], None] = None
depends_on: Union[str, Sequence[str], None] = None


def upgrade() -> None:
    with op.batch_alter_table('messages', schema=None) as batch_op:
        batch_op.add_column(sa.Column('message_type', sa.String(length=20), nullable=True))
        batch_op.add_column(sa.Column('tap_id', sa.String(length=200), nullable=True))
        batch_op.add_column(sa.Column('media_count', sa.Integer(), nullable=False, server_default='0'))
    messages = sa.table('messages', sa.column('id', sa.Integer), sa.column('direction', sa.String),
                        sa.column('raw', sa.JSON), sa.column('message_type', sa.String),
                        sa.column('tap_id', sa.String), sa.column('media_count', sa.Integer))
    bind = op.get_bind()
    rows = bind.execute(sa.select(messages.c.id, messages.c.raw).where(messages.c.direction == 'in')).all()
    for row_id, raw in rows:
        raw = raw or {}
        tap = (raw.get('ListId') or raw.get('ButtonPayload') or '')[:200] or None
        try:
            count = max(0, min(int(raw.get('NumMedia') or 0), 10))
        except ValueError:
            count = 0
        bind.execute(messages.update().where(messages.c.id == row_id).values(
            message_type=(raw.get('MessageType') or '')[:20] or None, tap_id=tap, media_count=count))


def downgrade() -> None:
    with op.batch_alter_table('messages', schema=None) as batch_op:
        batch_op.drop_column('media_count')
        batch_op.drop_column('tap_id')
        batch_op.drop_column('message_type')
