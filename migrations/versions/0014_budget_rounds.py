"""Participatory budgeting: rounds with a budget and four phases, the projects voted on, and the
ballots (one per number per round) with their picks

Revision ID: 0014_budget_rounds
Revises: 0013_aspirations_forwarded
Create Date: 2026-12-03
"""
from typing import Sequence, Union

import sqlalchemy as sa
from alembic import op

revision: str = '0014_budget_rounds'
down_revision: Union[str, Sequence[str], None] = '0013_aspirations_forwarded'
branch_labels: Union[str, Sequence[str], None] = None
depends_on: Union[str, Sequence[str], None] = None


def upgrade() -> None:
    op.create_table('budget_rounds',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('name', sa.String(length=200), nullable=False),
    sa.Column('area_id', sa.Integer(), nullable=True),
    sa.Column('budget', sa.BigInteger(), nullable=False),
    sa.Column('proposals_from', sa.DateTime(timezone=True), nullable=False),
    sa.Column('review_from', sa.DateTime(timezone=True), nullable=False),
    sa.Column('voting_from', sa.DateTime(timezone=True), nullable=False),
    sa.Column('results_from', sa.DateTime(timezone=True), nullable=False),
    sa.Column('created_by_id', sa.Integer(), nullable=True),
    sa.Column('created_at', sa.DateTime(timezone=True), nullable=False),
    sa.Column('tallied_at', sa.DateTime(timezone=True), nullable=True),
    sa.Column('told_up_to_ballot_id', sa.Integer(), nullable=True),
    sa.Column('told_at', sa.DateTime(timezone=True), nullable=True),
    sa.ForeignKeyConstraint(['area_id'], ['areas.id'], name=op.f('fk_budget_rounds_area_id_areas')),
    sa.ForeignKeyConstraint(['created_by_id'], ['admin_users.id'], name=op.f('fk_budget_rounds_created_by_id_admin_users')),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_budget_rounds'))
    )
    with op.batch_alter_table('budget_rounds', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_budget_rounds_results_from'), ['results_from'], unique=False)

    op.create_table('budget_ballots',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('round_id', sa.Integer(), nullable=False),
    sa.Column('resident_id', sa.Integer(), nullable=False),
    sa.Column('code', sa.String(length=16), nullable=False),
    sa.Column('total', sa.BigInteger(), nullable=False),
    sa.Column('changes', sa.Integer(), nullable=False),
    sa.Column('cast_at', sa.DateTime(timezone=True), nullable=False),
    sa.Column('changed_at', sa.DateTime(timezone=True), nullable=False),
    sa.ForeignKeyConstraint(['resident_id'], ['residents.id'], name=op.f('fk_budget_ballots_resident_id_residents')),
    sa.ForeignKeyConstraint(['round_id'], ['budget_rounds.id'], name=op.f('fk_budget_ballots_round_id_budget_rounds')),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_budget_ballots')),
    sa.UniqueConstraint('code', name=op.f('uq_budget_ballots_code')),
    sa.UniqueConstraint('round_id', 'resident_id', name=op.f('uq_budget_ballots_round_id'))
    )
    with op.batch_alter_table('budget_ballots', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_budget_ballots_resident_id'), ['resident_id'], unique=False)
        batch_op.create_index('ix_budget_ballots_round_id_id', ['round_id', 'id'], unique=False)

    op.create_table('budget_projects',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('round_id', sa.Integer(), nullable=False),
    sa.Column('aspiration_id', sa.Integer(), nullable=True),
    sa.Column('code', sa.String(length=10), nullable=False),
    sa.Column('title', sa.String(length=200), nullable=False),
    sa.Column('cost', sa.BigInteger(), nullable=False),
    sa.Column('created_by_id', sa.Integer(), nullable=True),
    sa.Column('created_at', sa.DateTime(timezone=True), nullable=False),
    sa.Column('votes', sa.Integer(), nullable=True),
    sa.Column('rank', sa.Integer(), nullable=True),
    sa.Column('funded', sa.Boolean(), nullable=True),
    sa.ForeignKeyConstraint(['aspiration_id'], ['aspirations.id'], name=op.f('fk_budget_projects_aspiration_id_aspirations')),
    sa.ForeignKeyConstraint(['created_by_id'], ['admin_users.id'], name=op.f('fk_budget_projects_created_by_id_admin_users')),
    sa.ForeignKeyConstraint(['round_id'], ['budget_rounds.id'], name=op.f('fk_budget_projects_round_id_budget_rounds')),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_budget_projects')),
    sa.UniqueConstraint('round_id', 'aspiration_id', name='uq_budget_projects_round_id_aspiration_id'),
    sa.UniqueConstraint('round_id', 'code', name='uq_budget_projects_round_id_code')
    )
    op.create_table('budget_ballot_picks',
    sa.Column('ballot_id', sa.Integer(), nullable=False),
    sa.Column('project_id', sa.Integer(), nullable=False),
    sa.ForeignKeyConstraint(['ballot_id'], ['budget_ballots.id'], name=op.f('fk_budget_ballot_picks_ballot_id_budget_ballots')),
    sa.ForeignKeyConstraint(['project_id'], ['budget_projects.id'], name=op.f('fk_budget_ballot_picks_project_id_budget_projects')),
    sa.PrimaryKeyConstraint('ballot_id', 'project_id', name=op.f('pk_budget_ballot_picks'))
    )
    with op.batch_alter_table('budget_ballot_picks', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_budget_ballot_picks_project_id'), ['project_id'], unique=False)



def downgrade() -> None:
    with op.batch_alter_table('budget_ballot_picks', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_budget_ballot_picks_project_id'))

    op.drop_table('budget_ballot_picks')
    op.drop_table('budget_projects')
    with op.batch_alter_table('budget_ballots', schema=None) as batch_op:
        batch_op.drop_index('ix_budget_ballots_round_id_id')
        batch_op.drop_index(batch_op.f('ix_budget_ballots_resident_id'))

    op.drop_table('budget_ballots')
    with op.batch_alter_table('budget_rounds', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_budget_rounds_results_from'))

    op.drop_table('budget_rounds')
