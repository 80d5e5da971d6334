"""Claim tracking: how an article copy was found, a claim's link to its cluster, a cluster's
spread and its asserters and deniers. Additive columns only.

Revision ID: 0003
Revises: 0002
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op

revision = '0003'
down_revision = '0002'
branch_labels = None
depends_on = None


def upgrade() -> None:
    with op.batch_alter_table('articles', schema=None) as batch_op:
        batch_op.add_column(sa.Column('duplicate_method', sa.Text(), nullable=True,
                                      comment='exact or minhash: how duplicate_of was found'))
        batch_op.add_column(sa.Column('duplicate_score', sa.Float(), nullable=True,
                                      comment='Shingle Jaccard with the copy it matched'))
    with op.batch_alter_table('claims', schema=None) as batch_op:
        batch_op.add_column(sa.Column('cluster_status', sa.Text(), nullable=True,
                                      comment='confirmed or suggested'))
        batch_op.add_column(sa.Column('cluster_score', sa.Float(), nullable=True,
                                      comment='Cosine with the claim it was linked to'))
    with op.batch_alter_table('claim_clusters', schema=None) as batch_op:
        batch_op.add_column(sa.Column('last_seen', sa.Text(), nullable=True))
        batch_op.add_column(sa.Column('n_days', sa.Integer(), server_default='0',
                                      nullable=False))
        batch_op.add_column(sa.Column('asserted_by', sa.Text(), server_default='[]',
                                      nullable=False, comment='JSON list of actors.id'))
        batch_op.add_column(sa.Column('denied_by', sa.Text(), server_default='[]',
                                      nullable=False, comment='JSON list of actors.id'))


def downgrade() -> None:
    with op.batch_alter_table('claim_clusters', schema=None) as batch_op:
        for name in ('denied_by', 'asserted_by', 'n_days', 'last_seen'):
            batch_op.drop_column(name)
    with op.batch_alter_table('claims', schema=None) as batch_op:
        batch_op.drop_column('cluster_score')
        batch_op.drop_column('cluster_status')
    with op.batch_alter_table('articles', schema=None) as batch_op:
        batch_op.drop_column('duplicate_score')
        batch_op.drop_column('duplicate_method')
