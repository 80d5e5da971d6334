"""Credibility signals per article (article_signals). A new table only.

Revision ID: 0004
Revises: 0003
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op

revision = '0004'
down_revision = '0003'
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.create_table(
        'article_signals',
        sa.Column('article_id', sa.Text(), nullable=False),
        sa.Column('name', sa.Text(), nullable=False,
                  comment='sourcing_mix, hedged_share, technique_density, headline_stance, '
                          'numeric_conflicts, originality or fact_checks'),
        sa.Column('summary', sa.Text(), nullable=False, comment='The signal in words'),
        sa.Column('value', sa.Float(), nullable=True,
                  comment='Its own measure (a share, a density), when it has one'),
        sa.Column('counts', sa.Text(), nullable=False, comment='JSON object of counts'),
        sa.Column('evidence', sa.Text(), nullable=False,
                  comment='JSON list: label, span (offsets into articles.text), ref, '
                          'article_id, note'),
        sa.Column('scope', sa.Text(), nullable=False, comment='article or corpus'),
        sa.Column('updated_at', sa.Text(), nullable=False),
        sa.ForeignKeyConstraint(['article_id'], ['articles.id'],
                                name=op.f('fk_article_signals_article_id_articles'),
                                ondelete='CASCADE'),
        sa.PrimaryKeyConstraint('article_id', 'name', name=op.f('pk_article_signals')),
    )
    op.create_index(op.f('ix_article_signals_name'), 'article_signals', ['name'], unique=False)


def downgrade() -> None:
    op.drop_index(op.f('ix_article_signals_name'), table_name='article_signals')
    op.drop_table('article_signals')
