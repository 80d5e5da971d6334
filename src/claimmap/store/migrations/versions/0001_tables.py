"""The corpus tables: articles and their analysis, actors, outlets, errors, ledger, and the
claim-cluster and fact-check tables for claim tracking.

Revision ID: 0001
Revises:
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op

revision = '0001'
down_revision = None
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.create_table('errors',
    sa.Column('id', sa.Integer(), autoincrement=True, nullable=False),
    sa.Column('source', sa.Text(), nullable=False, comment='File, <stdin> or URL'),
    sa.Column('position', sa.Integer(), nullable=True, comment='Line (JSONL) or record number; empty for a file'),
    sa.Column('record_id', sa.Text(), nullable=True, comment="The record's id when it could be read"),
    sa.Column('stage', sa.Text(), nullable=False, comment='input, fetch or analysis'),
    sa.Column('reason', sa.Text(), nullable=False),
    sa.Column('first_seen', sa.Text(), nullable=False),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_errors')),
    sa.UniqueConstraint('source', 'position', 'reason', name=op.f('uq_errors_source_position_reason'))
    )
    with op.batch_alter_table('errors', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_errors_stage'), ['stage'], unique=False)

    op.create_table('factchecks',
    sa.Column('id', sa.Text(), nullable=False, comment='Deterministic from URL and claim reviewed'),
    sa.Column('claim_reviewed', sa.Text(), nullable=False, comment='Verbatim'),
    sa.Column('rating', sa.Text(), nullable=True, comment='The rating text exactly as the fact-checker wrote it'),
    sa.Column('rating_value', sa.Text(), nullable=True, comment='Numeric rating when given, as text'),
    sa.Column('reviewer', sa.Text(), nullable=True, comment='The fact-checking organisation'),
    sa.Column('reviewer_url', sa.Text(), nullable=True),
    sa.Column('url', sa.Text(), nullable=True, comment='The fact-check article'),
    sa.Column('date_published', sa.Text(), nullable=True),
    sa.Column('claimant', sa.Text(), nullable=True, comment='Who made the reviewed claim'),
    sa.Column('language', sa.Text(), nullable=True),
    sa.Column('source', sa.Text(), nullable=True, comment='File (and position) it was imported from'),
    sa.Column('format', sa.Text(), nullable=False, comment='claimreview or clef2020'),
    sa.Column('raw', sa.Text(), nullable=False, comment='The imported record, verbatim JSON'),
    sa.Column('imported_at', sa.Text(), nullable=False),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_factchecks'))
    )
    with op.batch_alter_table('factchecks', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_factchecks_date_published'), ['date_published'], unique=False)
        batch_op.create_index(batch_op.f('ix_factchecks_reviewer'), ['reviewer'], unique=False)

    op.create_table('ledger',
    sa.Column('key', sa.Text(), nullable=False, comment='e.g. file:<sha256> or shard:<name>'),
    sa.Column('source', sa.Text(), nullable=False),
    sa.Column('records', sa.Integer(), nullable=False),
    sa.Column('stored', sa.Integer(), nullable=False),
    sa.Column('errors', sa.Integer(), nullable=False),
    sa.Column('finished_at', sa.Text(), nullable=False),
    sa.PrimaryKeyConstraint('key', name=op.f('pk_ledger'))
    )
    op.create_table('outlets',
    sa.Column('name', sa.Text(), nullable=False, comment='The outlet as the input named it'),
    sa.Column('first_seen', sa.Text(), nullable=False, comment='When its first article was stored'),
    sa.PrimaryKeyConstraint('name', name=op.f('pk_outlets'))
    )
    op.create_table('articles',
    sa.Column('id', sa.Text(), nullable=False, comment="The record's id (JSON/JSONL) or the file name without suffix"),
    sa.Column('content_hash', sa.Text(), nullable=False, comment='sha256 of title and text'),
    sa.Column('title', sa.Text(), nullable=True),
    sa.Column('url', sa.Text(), nullable=True),
    sa.Column('outlet', sa.Text(), nullable=True, comment='Facet column'),
    sa.Column('published', sa.Text(), nullable=True, comment='As given by the input (ISO date or datetime)'),
    sa.Column('published_day', sa.Text(), nullable=True, comment='YYYY-MM-DD when published parses; facet column'),
    sa.Column('published_week', sa.Text(), nullable=True, comment='ISO week, e.g. 2026-W49'),
    sa.Column('byline', sa.Text(), nullable=True),
    sa.Column('duplicate_of', sa.Text(), nullable=True, comment='The first-stored article with the same content'),
    sa.Column('source', sa.Text(), nullable=True, comment='Where it was read: file:line, <stdin>:n, or a URL'),
    sa.Column('words', sa.Integer(), server_default='0', nullable=False),
    sa.Column('n_quotes', sa.Integer(), server_default='0', nullable=False),
    sa.Column('n_claims', sa.Integer(), server_default='0', nullable=False),
    sa.Column('n_techniques', sa.Integer(), server_default='0', nullable=False),
    sa.Column('n_disputes', sa.Integer(), server_default='0', nullable=False),
    sa.Column('added_at', sa.Text(), nullable=False),
    sa.Column('updated_at', sa.Text(), nullable=False),
    sa.Column('text', sa.Text(), nullable=False),
    sa.ForeignKeyConstraint(['duplicate_of'], ['articles.id'], name=op.f('fk_articles_duplicate_of_articles'), ondelete='SET NULL'),
    sa.ForeignKeyConstraint(['outlet'], ['outlets.name'], name=op.f('fk_articles_outlet_outlets')),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_articles'))
    )
    with op.batch_alter_table('articles', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_articles_content_hash'), ['content_hash'], unique=False)
        batch_op.create_index(batch_op.f('ix_articles_duplicate_of'), ['duplicate_of'], unique=False)
        batch_op.create_index(batch_op.f('ix_articles_outlet'), ['outlet'], unique=False)
        batch_op.create_index(batch_op.f('ix_articles_published_day'), ['published_day'], unique=False)
        batch_op.create_index(batch_op.f('ix_articles_published_week'), ['published_week'], unique=False)

    op.create_table('actors',
    sa.Column('id', sa.Text(), nullable=False, comment='Deterministic from kind and normalised name'),
    sa.Column('name', sa.Text(), nullable=False),
    sa.Column('kind', sa.Text(), nullable=False, comment='person, organisation, country or group'),
    sa.Column('first_article_id', sa.Text(), nullable=True),
    sa.Column('first_seen', sa.Text(), nullable=False),
    sa.ForeignKeyConstraint(['first_article_id'], ['articles.id'], name=op.f('fk_actors_first_article_id_articles'), ondelete='SET NULL'),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_actors'))
    )
    with op.batch_alter_table('actors', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_actors_kind'), ['kind'], unique=False)
        batch_op.create_index(batch_op.f('ix_actors_name'), ['name'], unique=False)

    op.create_table('article_revisions',
    sa.Column('id', sa.Integer(), autoincrement=True, nullable=False),
    sa.Column('article_id', sa.Text(), nullable=False),
    sa.Column('content_hash', sa.Text(), nullable=False),
    sa.Column('title', sa.Text(), nullable=True),
    sa.Column('url', sa.Text(), nullable=True),
    sa.Column('published', sa.Text(), nullable=True),
    sa.Column('stored_at', sa.Text(), nullable=False, comment='When this older text was first stored'),
    sa.Column('replaced_at', sa.Text(), nullable=False),
    sa.Column('diff', sa.Text(), nullable=False, comment='Unified diff from this text to its successor'),
    sa.Column('text', sa.Text(), nullable=False),
    sa.ForeignKeyConstraint(['article_id'], ['articles.id'], name=op.f('fk_article_revisions_article_id_articles'), ondelete='CASCADE'),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_article_revisions'))
    )
    with op.batch_alter_table('article_revisions', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_article_revisions_article_id'), ['article_id'], unique=False)
        batch_op.create_index(batch_op.f('ix_article_revisions_article_id_content_hash'), ['article_id', 'content_hash'], unique=False)

    op.create_table('claim_clusters',
    sa.Column('id', sa.Text(), nullable=False),
    sa.Column('text', sa.Text(), nullable=False, comment='A representative wording'),
    sa.Column('method', sa.Text(), nullable=False, comment='exact, minhash or embedding'),
    sa.Column('status', sa.Text(), server_default='confirmed', nullable=False, comment='suggested or confirmed'),
    sa.Column('first_claim_id', sa.Text(), nullable=True, comment='The earliest claim (no foreign key: claims point here)'),
    sa.Column('first_article_id', sa.Text(), nullable=True),
    sa.Column('first_outlet', sa.Text(), nullable=True),
    sa.Column('first_seen', sa.Text(), nullable=True, comment='published (or added) time of the first claim'),
    sa.Column('n_claims', sa.Integer(), server_default='0', nullable=False),
    sa.Column('n_articles', sa.Integer(), server_default='0', nullable=False),
    sa.Column('n_outlets', sa.Integer(), server_default='0', nullable=False),
    sa.Column('updated_at', sa.Text(), nullable=False),
    sa.ForeignKeyConstraint(['first_article_id'], ['articles.id'], name=op.f('fk_claim_clusters_first_article_id_articles'), ondelete='SET NULL'),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_claim_clusters'))
    )
    with op.batch_alter_table('claim_clusters', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_claim_clusters_first_seen'), ['first_seen'], unique=False)

    op.create_table('claimmaps',
    sa.Column('article_id', sa.Text(), nullable=False),
    sa.Column('schema_version', sa.Text(), nullable=False),
    sa.Column('claimmap_version', sa.Text(), nullable=False),
    sa.Column('model', sa.Text(), nullable=False),
    sa.Column('config_hash', sa.Text(), nullable=False),
    sa.Column('json_zlib', sa.LargeBinary(), nullable=False, comment='The ClaimMap JSON, zlib-compressed'),
    sa.ForeignKeyConstraint(['article_id'], ['articles.id'], name=op.f('fk_claimmaps_article_id_articles'), ondelete='CASCADE'),
    sa.PrimaryKeyConstraint('article_id', name=op.f('pk_claimmaps'))
    )
    op.create_table('disputes',
    sa.Column('id', sa.Text(), nullable=False),
    sa.Column('article_id', sa.Text(), nullable=False),
    sa.Column('kind', sa.Text(), nullable=False, comment='contradiction, denial, accusation or numeric_conflict'),
    sa.Column('a', sa.Text(), nullable=False, comment='Row id (quote or claim) of one side'),
    sa.Column('b', sa.Text(), nullable=True, comment='Row id of the other side'),
    sa.Column('other_article_id', sa.Text(), nullable=True, comment='Set when the other side is in another article'),
    sa.Column('actors', sa.Text(), nullable=False, comment='JSON list of actors.id'),
    sa.Column('evidence', sa.Text(), nullable=True),
    sa.Column('start', sa.Integer(), nullable=True),
    sa.Column('end', sa.Integer(), nullable=True),
    sa.Column('score', sa.Float(), nullable=False),
    sa.Column('scope', sa.Text(), server_default='article', nullable=False, comment='article (found in one text) or corpus (across articles)'),
    sa.ForeignKeyConstraint(['article_id'], ['articles.id'], name=op.f('fk_disputes_article_id_articles'), ondelete='CASCADE'),
    sa.ForeignKeyConstraint(['other_article_id'], ['articles.id'], name=op.f('fk_disputes_other_article_id_articles'), ondelete='CASCADE'),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_disputes'))
    )
    with op.batch_alter_table('disputes', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_disputes_article_id'), ['article_id'], unique=False)
        batch_op.create_index(batch_op.f('ix_disputes_kind'), ['kind'], unique=False)
        batch_op.create_index(batch_op.f('ix_disputes_other_article_id'), ['other_article_id'], unique=False)

    op.create_table('article_actors',
    sa.Column('id', sa.Text(), nullable=False, comment='<article id>#<actor id in the ClaimMap>'),
    sa.Column('article_id', sa.Text(), nullable=False),
    sa.Column('actor_id', sa.Text(), nullable=True, comment='The corpus-wide entity; empty for vague and anonymous sources'),
    sa.Column('name', sa.Text(), nullable=False, comment='As named in this article'),
    sa.Column('kind', sa.Text(), nullable=False),
    sa.Column('role', sa.Text(), nullable=True),
    sa.Column('organisation', sa.Text(), nullable=True),
    sa.Column('n_mentions', sa.Integer(), nullable=False),
    sa.Column('mentions', sa.Text(), nullable=False, comment='JSON [[start, end], ...]'),
    sa.ForeignKeyConstraint(['actor_id'], ['actors.id'], name=op.f('fk_article_actors_actor_id_actors')),
    sa.ForeignKeyConstraint(['article_id'], ['articles.id'], name=op.f('fk_article_actors_article_id_articles'), ondelete='CASCADE'),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_article_actors'))
    )
    with op.batch_alter_table('article_actors', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_article_actors_actor_id_article_id'), ['actor_id', 'article_id'], unique=False)
        batch_op.create_index(batch_op.f('ix_article_actors_article_id'), ['article_id'], unique=False)

    op.create_table('quotes',
    sa.Column('id', sa.Text(), nullable=False),
    sa.Column('article_id', sa.Text(), nullable=False),
    sa.Column('speaker_id', sa.Text(), nullable=True, comment='The speaker in this article'),
    sa.Column('actor_id', sa.Text(), nullable=True, comment='The corpus-wide speaker'),
    sa.Column('kind', sa.Text(), nullable=False, comment='direct, indirect or mixed'),
    sa.Column('cue', sa.Text(), nullable=True),
    sa.Column('cue_class', sa.Text(), nullable=False),
    sa.Column('text', sa.Text(), nullable=False),
    sa.Column('start', sa.Integer(), nullable=False),
    sa.Column('end', sa.Integer(), nullable=False),
    sa.Column('method', sa.Text(), nullable=False),
    sa.Column('score', sa.Float(), nullable=False),
    sa.ForeignKeyConstraint(['actor_id'], ['actors.id'], name=op.f('fk_quotes_actor_id_actors')),
    sa.ForeignKeyConstraint(['article_id'], ['articles.id'], name=op.f('fk_quotes_article_id_articles'), ondelete='CASCADE'),
    sa.ForeignKeyConstraint(['speaker_id'], ['article_actors.id'], name=op.f('fk_quotes_speaker_id_article_actors')),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_quotes'))
    )
    with op.batch_alter_table('quotes', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_quotes_actor_id'), ['actor_id'], unique=False)
        batch_op.create_index(batch_op.f('ix_quotes_article_id'), ['article_id'], unique=False)
        batch_op.create_index(batch_op.f('ix_quotes_cue_class'), ['cue_class'], unique=False)

    op.create_table('accusations',
    sa.Column('id', sa.Text(), nullable=False, comment='<article id>#<position in the ClaimMap>'),
    sa.Column('article_id', sa.Text(), nullable=False),
    sa.Column('accuser_id', sa.Text(), nullable=True),
    sa.Column('accused_id', sa.Text(), nullable=True),
    sa.Column('accuser', sa.Text(), nullable=True, comment='As named in the article'),
    sa.Column('accused', sa.Text(), nullable=True),
    sa.Column('text', sa.Text(), nullable=False, comment='What the accused is accused of'),
    sa.Column('start', sa.Integer(), nullable=False),
    sa.Column('end', sa.Integer(), nullable=False),
    sa.Column('quote_id', sa.Text(), nullable=True),
    sa.ForeignKeyConstraint(['accused_id'], ['actors.id'], name=op.f('fk_accusations_accused_id_actors')),
    sa.ForeignKeyConstraint(['accuser_id'], ['actors.id'], name=op.f('fk_accusations_accuser_id_actors')),
    sa.ForeignKeyConstraint(['article_id'], ['articles.id'], name=op.f('fk_accusations_article_id_articles'), ondelete='CASCADE'),
    sa.ForeignKeyConstraint(['quote_id'], ['quotes.id'], name=op.f('fk_accusations_quote_id_quotes')),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_accusations'))
    )
    with op.batch_alter_table('accusations', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_accusations_accused_id'), ['accused_id'], unique=False)
        batch_op.create_index(batch_op.f('ix_accusations_accuser_id'), ['accuser_id'], unique=False)
        batch_op.create_index(batch_op.f('ix_accusations_article_id'), ['article_id'], unique=False)

    op.create_table('claims',
    sa.Column('id', sa.Text(), nullable=False),
    sa.Column('article_id', sa.Text(), nullable=False),
    sa.Column('text', sa.Text(), nullable=False),
    sa.Column('start', sa.Integer(), nullable=False),
    sa.Column('end', sa.Integer(), nullable=False),
    sa.Column('checkworthiness', sa.Float(), nullable=False, comment='0..1'),
    sa.Column('checkworthiness_label', sa.Text(), nullable=False, comment='CFS, UFS or NFS'),
    sa.Column('type', sa.Text(), nullable=False),
    sa.Column('certainty', sa.Text(), nullable=False),
    sa.Column('sourcing', sa.Text(), nullable=False, comment='author, named, vague or anonymous'),
    sa.Column('actor_id', sa.Text(), nullable=True, comment='Who the claim is sourced to'),
    sa.Column('quote_id', sa.Text(), nullable=True),
    sa.Column('quantities', sa.Text(), nullable=False, comment='JSON list of figures'),
    sa.Column('cluster_id', sa.Text(), nullable=True),
    sa.ForeignKeyConstraint(['actor_id'], ['actors.id'], name=op.f('fk_claims_actor_id_actors')),
    sa.ForeignKeyConstraint(['article_id'], ['articles.id'], name=op.f('fk_claims_article_id_articles'), ondelete='CASCADE'),
    sa.ForeignKeyConstraint(['cluster_id'], ['claim_clusters.id'], name=op.f('fk_claims_cluster_id_claim_clusters'), ondelete='SET NULL'),
    sa.ForeignKeyConstraint(['quote_id'], ['quotes.id'], name=op.f('fk_claims_quote_id_quotes')),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_claims'))
    )
    with op.batch_alter_table('claims', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_claims_actor_id'), ['actor_id'], unique=False)
        batch_op.create_index(batch_op.f('ix_claims_article_id'), ['article_id'], unique=False)
        batch_op.create_index(batch_op.f('ix_claims_checkworthiness'), ['checkworthiness'], unique=False)
        batch_op.create_index(batch_op.f('ix_claims_cluster_id'), ['cluster_id'], unique=False)
        batch_op.create_index(batch_op.f('ix_claims_sourcing'), ['sourcing'], unique=False)

    op.create_table('techniques',
    sa.Column('id', sa.Text(), nullable=False),
    sa.Column('article_id', sa.Text(), nullable=False),
    sa.Column('technique', sa.Text(), nullable=False, comment='Facet column'),
    sa.Column('text', sa.Text(), nullable=False),
    sa.Column('start', sa.Integer(), nullable=False),
    sa.Column('end', sa.Integer(), nullable=False),
    sa.Column('score', sa.Float(), nullable=False),
    sa.Column('actor_id', sa.Text(), nullable=True),
    sa.Column('quote_id', sa.Text(), nullable=True),
    sa.ForeignKeyConstraint(['actor_id'], ['actors.id'], name=op.f('fk_techniques_actor_id_actors')),
    sa.ForeignKeyConstraint(['article_id'], ['articles.id'], name=op.f('fk_techniques_article_id_articles'), ondelete='CASCADE'),
    sa.ForeignKeyConstraint(['quote_id'], ['quotes.id'], name=op.f('fk_techniques_quote_id_quotes')),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_techniques'))
    )
    with op.batch_alter_table('techniques', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_techniques_actor_id'), ['actor_id'], unique=False)
        batch_op.create_index(batch_op.f('ix_techniques_article_id'), ['article_id'], unique=False)
        batch_op.create_index(batch_op.f('ix_techniques_technique_article_id'), ['technique', 'article_id'], unique=False)

    op.create_table('factcheck_matches',
    sa.Column('id', sa.Integer(), autoincrement=True, nullable=False),
    sa.Column('claim_id', sa.Text(), nullable=False),
    sa.Column('factcheck_id', sa.Text(), nullable=False),
    sa.Column('score', sa.Float(), nullable=False),
    sa.Column('method', sa.Text(), nullable=False, comment='e.g. bm25+embedding+rerank'),
    sa.Column('rank', sa.Integer(), nullable=True),
    sa.Column('created_at', sa.Text(), nullable=False),
    sa.ForeignKeyConstraint(['claim_id'], ['claims.id'], name=op.f('fk_factcheck_matches_claim_id_claims'), ondelete='CASCADE'),
    sa.ForeignKeyConstraint(['factcheck_id'], ['factchecks.id'], name=op.f('fk_factcheck_matches_factcheck_id_factchecks'), ondelete='CASCADE'),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_factcheck_matches')),
    sa.UniqueConstraint('claim_id', 'factcheck_id', 'method', name=op.f('uq_factcheck_matches_claim_id_factcheck_id_method'))
    )
    with op.batch_alter_table('factcheck_matches', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_factcheck_matches_factcheck_id'), ['factcheck_id'], unique=False)



def downgrade() -> None:
    with op.batch_alter_table('factcheck_matches', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_factcheck_matches_factcheck_id'))

    op.drop_table('factcheck_matches')
    with op.batch_alter_table('techniques', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_techniques_technique_article_id'))
        batch_op.drop_index(batch_op.f('ix_techniques_article_id'))
        batch_op.drop_index(batch_op.f('ix_techniques_actor_id'))

    op.drop_table('techniques')
    with op.batch_alter_table('claims', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_claims_sourcing'))
        batch_op.drop_index(batch_op.f('ix_claims_cluster_id'))
        batch_op.drop_index(batch_op.f('ix_claims_checkworthiness'))
        batch_op.drop_index(batch_op.f('ix_claims_article_id'))
        batch_op.drop_index(batch_op.f('ix_claims_actor_id'))

    op.drop_table('claims')
    with op.batch_alter_table('accusations', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_accusations_article_id'))
        batch_op.drop_index(batch_op.f('ix_accusations_accuser_id'))
        batch_op.drop_index(batch_op.f('ix_accusations_accused_id'))

    op.drop_table('accusations')
    with op.batch_alter_table('quotes', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_quotes_cue_class'))
        batch_op.drop_index(batch_op.f('ix_quotes_article_id'))
        batch_op.drop_index(batch_op.f('ix_quotes_actor_id'))

    op.drop_table('quotes')
    with op.batch_alter_table('article_actors', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_article_actors_article_id'))
        batch_op.drop_index(batch_op.f('ix_article_actors_actor_id_article_id'))

    op.drop_table('article_actors')
    with op.batch_alter_table('disputes', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_disputes_other_article_id'))
        batch_op.drop_index(batch_op.f('ix_disputes_kind'))
        batch_op.drop_index(batch_op.f('ix_disputes_article_id'))

    op.drop_table('disputes')
    op.drop_table('claimmaps')
    with op.batch_alter_table('claim_clusters', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_claim_clusters_first_seen'))

    op.drop_table('claim_clusters')
    with op.batch_alter_table('article_revisions', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_article_revisions_article_id_content_hash'))
        batch_op.drop_index(batch_op.f('ix_article_revisions_article_id'))

    op.drop_table('article_revisions')
    with op.batch_alter_table('actors', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_actors_name'))
        batch_op.drop_index(batch_op.f('ix_actors_kind'))

    op.drop_table('actors')
    with op.batch_alter_table('articles', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_articles_published_week'))
        batch_op.drop_index(batch_op.f('ix_articles_published_day'))
        batch_op.drop_index(batch_op.f('ix_articles_outlet'))
        batch_op.drop_index(batch_op.f('ix_articles_duplicate_of'))
        batch_op.drop_index(batch_op.f('ix_articles_content_hash'))

    op.drop_table('articles')
    op.drop_table('outlets')
    op.drop_table('ledger')
    with op.batch_alter_table('factchecks', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_factchecks_reviewer'))
        batch_op.drop_index(batch_op.f('ix_factchecks_date_published'))

    op.drop_table('factchecks')
    with op.batch_alter_table('errors', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_errors_stage'))

    op.drop_table('errors')
