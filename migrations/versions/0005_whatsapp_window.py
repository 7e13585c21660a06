"""WhatsApp's 24-hour window: messages remember their template purpose, templates are stored,
officials are onboarded once

Revision ID: 0005
Revises: 0004
Create Date: 2026-11-25
"""
from typing import Sequence, Union

import sqlalchemy as sa
from alembic import op

revision: str = '0005'
down_revision: Union[str, Sequence[str], None] = '0004'
branch_labels: Union[str, Sequence[str], None] = None
depends_on: Union[str, Sequence[str], None] = None


def upgrade() -> None:
    with op.batch_alter_table('messages', schema=None) as batch_op:
        batch_op.add_column(sa.Column('template', sa.String(length=40), nullable=True))
        batch_op.add_column(sa.Column('template_values', sa.JSON(), nullable=True))
        batch_op.add_column(sa.Column('content_sid', sa.String(length=40), nullable=True))
        batch_op.add_column(sa.Column('template_body', sa.Text(), nullable=True))
        batch_op.add_column(sa.Column('replaces_id', sa.Integer(), nullable=True))
        batch_op.add_column(sa.Column('rest_of_id', sa.Integer(), nullable=True))
        batch_op.create_unique_constraint(batch_op.f('uq_messages_replaces_id'), ['replaces_id'])
        batch_op.create_unique_constraint(batch_op.f('uq_messages_rest_of_id'), ['rest_of_id'])
        batch_op.create_foreign_key(batch_op.f('fk_messages_replaces_id_messages'), 'messages',
                                    ['replaces_id'], ['id'])
        batch_op.create_foreign_key(batch_op.f('fk_messages_rest_of_id_messages'), 'messages',
                                    ['rest_of_id'], ['id'])
        batch_op.create_index('ix_messages_phone_direction_created', ['phone', 'direction', 'created_at'],
                              unique=False)
    with op.batch_alter_table('officials', schema=None) as batch_op:
        batch_op.add_column(sa.Column('onboarded_at', sa.DateTime(timezone=True), nullable=True))
    # Officials already serving have the number; a paid welcome template would only puzzle them.
    op.execute("UPDATE officials SET onboarded_at = created_at")
    op.create_table(
        'whatsapp_templates',
        sa.Column('id', sa.Integer(), nullable=False),
        sa.Column('purpose', sa.String(length=40), nullable=False),
        sa.Column('language', sa.String(length=5), nullable=False),
        sa.Column('name', sa.String(length=100), nullable=False),
        sa.Column('content_sid', sa.String(length=40), nullable=True),
        sa.Column('definition_hash', sa.String(length=64), nullable=False),
        sa.Column('approval_status', sa.String(length=20), nullable=False),
        sa.Column('rejection_reason', sa.Text(), nullable=True),
        sa.Column('checked_at', sa.DateTime(timezone=True), nullable=True),
        sa.Column('created_at', sa.DateTime(timezone=True), nullable=False),
        sa.PrimaryKeyConstraint('id', name=op.f('pk_whatsapp_templates')),
        sa.UniqueConstraint('purpose', 'language', name='uq_whatsapp_templates_purpose_language'),
    )


def downgrade() -> None:
    op.drop_table('whatsapp_templates')
    with op.batch_alter_table('officials', schema=None) as batch_op:
        batch_op.drop_column('onboarded_at')
    with op.batch_alter_table('messages', schema=None) as batch_op:
        batch_op.drop_index('ix_messages_phone_direction_created')
        batch_op.drop_constraint(batch_op.f('fk_messages_rest_of_id_messages'), type_='foreignkey')
        batch_op.drop_constraint(batch_op.f('fk_messages_replaces_id_messages'), type_='foreignkey')
        batch_op.drop_constraint(batch_op.f('uq_messages_rest_of_id'), type_='unique')
        batch_op.drop_constraint(batch_op.f('uq_messages_replaces_id'), type_='unique')
        for column in ('rest_of_id', 'replaces_id', 'template_body', 'content_sid', 'template_values',
                       'template'):
            batch_op.drop_column(column)
