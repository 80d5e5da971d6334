"""Full-text search over article titles, texts and claims: FTS5 on SQLite, tsvector on PostgreSQL.

Revision ID: 0002
Revises: 0001

One row per searchable piece: ``kind`` is ``title``, ``text`` or ``claim``, ``ref`` the claim id
for claims. Only :mod:`claimmap.store.fts` reads or writes it.
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op

revision = "0002"
down_revision = "0001"
branch_labels = None
depends_on = None


def upgrade() -> None:
    if op.get_bind().dialect.name == "sqlite":
        # Porter stemming, like PostgreSQL's english configuration.
        op.execute("CREATE VIRTUAL TABLE search_fts USING fts5(kind UNINDEXED, "
                   "article_id UNINDEXED, ref UNINDEXED, body, "
                   "tokenize = 'porter unicode61 remove_diacritics 2')")
        # The FTS table holds its own copy; this maps article ids to its rows so a revised
        # article's rows are found without a scan.
        op.create_table("search_rows",
                        sa.Column("rowid", sa.Integer(), primary_key=True),
                        sa.Column("article_id", sa.Text(), nullable=False))
        op.create_index("ix_search_rows_article_id", "search_rows", ["article_id"])
        return
    op.create_table(
        "search_fts",
        sa.Column("id", sa.Integer(), primary_key=True, autoincrement=True),
        sa.Column("kind", sa.Text(), nullable=False),
        sa.Column("article_id", sa.Text(), nullable=False),
        sa.Column("ref", sa.Text()),
        sa.Column("body", sa.Text(), nullable=False),
    )
    op.execute("ALTER TABLE search_fts ADD COLUMN tsv tsvector GENERATED ALWAYS AS "
               "(to_tsvector('english', body)) STORED")
    op.create_index("ix_search_fts_tsv", "search_fts", ["tsv"], postgresql_using="gin")
    op.create_index("ix_search_fts_article_id", "search_fts", ["article_id"])


def downgrade() -> None:
    if op.get_bind().dialect.name == "sqlite":
        op.drop_table("search_rows")
    op.execute("DROP TABLE search_fts")
