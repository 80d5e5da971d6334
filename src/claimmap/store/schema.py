"""The corpus store's tables, as SQLAlchemy Core 2 metadata: one schema for SQLite and PostgreSQL.

Read docs/store.md for a browsing person's view. Conventions that every table follows:

- Primary keys of analysis rows are deterministic text, ``<article id>#<id in the ClaimMap>``,
  so two runs over the same articles (local engine or Ray, any order) give the same rows.
- Offsets (``start``/``end``) are character offsets into ``articles.text``.
- Timestamps are ISO 8601 UTC strings (``2026-12-01T09:30:00Z``); article dates are ISO dates
  as the input gave them, with ``published_day`` (``YYYY-MM-DD``) and ``published_week``
  (ISO week, ``2026-W49``) derived for facets.
- Deleting or revising an article cascades to every row that came from its analysis.
- Columns that hold lists (mention offsets, quantities, actor ids) are JSON text.

The full-text index (``search_fts``) is not here: it is FTS5 on SQLite and a tsvector table on
PostgreSQL, created by migration 0002 and used through :mod:`claimmap.store.fts` only.
"""

from __future__ import annotations

from sqlalchemy import (
    Column,
    Float,
    ForeignKey,
    Index,
    Integer,
    LargeBinary,
    MetaData,
    Table,
    Text,
    UniqueConstraint,
)

# Constraint names are fixed so migrations can refer to them on both backends.
metadata = MetaData(naming_convention={
    "ix": "ix_%(table_name)s_%(column_0_N_name)s",
    "uq": "uq_%(table_name)s_%(column_0_N_name)s",
    "fk": "fk_%(table_name)s_%(column_0_name)s_%(referred_table_name)s",
    "pk": "pk_%(table_name)s",
})


outlets = Table(
    "outlets", metadata,
    Column("name", Text, primary_key=True, comment="The outlet as the input named it"),
    Column("first_seen", Text, nullable=False, comment="When its first article was stored"),
)

articles = Table(
    "articles", metadata,
    Column("id", Text, primary_key=True,
           comment="The record's id (JSON/JSONL) or the file name without suffix"),
    Column("content_hash", Text, nullable=False, comment="sha256 of title and text"),
    Column("title", Text),
    Column("url", Text),
    Column("outlet", Text, ForeignKey("outlets.name"), comment="Facet column"),
    Column("published", Text, comment="As given by the input (ISO date or datetime)"),
    Column("published_day", Text, comment="YYYY-MM-DD when published parses; facet column"),
    Column("published_week", Text, comment="ISO week, e.g. 2026-W49"),
    Column("byline", Text),
    Column("duplicate_of", Text, ForeignKey("articles.id", ondelete="SET NULL"),
           comment="The first-stored article with the same content"),
    Column("duplicate_method", Text, comment="exact or minhash: how duplicate_of was found"),
    Column("duplicate_score", Float, comment="Shingle Jaccard with the copy it matched"),
    Column("source", Text, comment="Where it was read: file:line, <stdin>:n, or a URL"),
    Column("words", Integer, nullable=False, server_default="0"),
    Column("n_quotes", Integer, nullable=False, server_default="0"),
    Column("n_claims", Integer, nullable=False, server_default="0"),
    Column("n_techniques", Integer, nullable=False, server_default="0"),
    Column("n_disputes", Integer, nullable=False, server_default="0"),
    Column("added_at", Text, nullable=False),
    Column("updated_at", Text, nullable=False),
    Column("text", Text, nullable=False),
    Index(None, "outlet"),
    Index(None, "published_day"),
    Index(None, "published_week"),
    Index(None, "content_hash"),
    Index(None, "duplicate_of"),
)

# The full ClaimMap, so a report can be rendered again without re-analysis. Compressed: the
# JSON repeats every span's text and is ~10x the article; zlib brings it to ~1.5x.
claimmaps = Table(
    "claimmaps", metadata,
    Column("article_id", Text, ForeignKey("articles.id", ondelete="CASCADE"), primary_key=True),
    Column("schema_version", Text, nullable=False),
    Column("claimmap_version", Text, nullable=False),
    Column("model", Text, nullable=False),
    Column("config_hash", Text, nullable=False),
    Column("json_zlib", LargeBinary, nullable=False,
           comment="The ClaimMap JSON, zlib-compressed"),
)

article_revisions = Table(
    "article_revisions", metadata,
    Column("id", Integer, primary_key=True, autoincrement=True),
    Column("article_id", Text, ForeignKey("articles.id", ondelete="CASCADE"), nullable=False),
    Column("content_hash", Text, nullable=False),
    Column("title", Text),
    Column("url", Text),
    Column("published", Text),
    Column("stored_at", Text, nullable=False, comment="When this older text was first stored"),
    Column("replaced_at", Text, nullable=False),
    Column("diff", Text, nullable=False, comment="Unified diff from this text to its successor"),
    Column("text", Text, nullable=False),
    Index(None, "article_id"),
    Index(None, "article_id", "content_hash"),
)

actors = Table(
    "actors", metadata,
    Column("id", Text, primary_key=True, comment="Deterministic from kind and normalised name"),
    Column("name", Text, nullable=False),
    Column("kind", Text, nullable=False, comment="person, organisation, country or group"),
    Column("first_article_id", Text, ForeignKey("articles.id", ondelete="SET NULL")),
    Column("first_seen", Text, nullable=False),
    Index(None, "name"),
    Index(None, "kind"),
)

article_actors = Table(
    "article_actors", metadata,
    Column("id", Text, primary_key=True, comment="<article id>#<actor id in the ClaimMap>"),
    Column("article_id", Text, ForeignKey("articles.id", ondelete="CASCADE"), nullable=False),
    Column("actor_id", Text, ForeignKey("actors.id"),
           comment="The corpus-wide entity; empty for vague and anonymous sources"),
    Column("name", Text, nullable=False, comment="As named in this article"),
    Column("kind", Text, nullable=False),
    Column("role", Text),
    Column("organisation", Text),
    Column("n_mentions", Integer, nullable=False),
    Column("mentions", Text, nullable=False, comment="JSON [[start, end], ...]"),
    Index(None, "article_id"),
    Index(None, "actor_id", "article_id"),
)

quotes = Table(
    "quotes", metadata,
    Column("id", Text, primary_key=True),
    Column("article_id", Text, ForeignKey("articles.id", ondelete="CASCADE"), nullable=False),
    Column("speaker_id", Text, ForeignKey("article_actors.id"),
           comment="The speaker in this article"),
    Column("actor_id", Text, ForeignKey("actors.id"), comment="The corpus-wide speaker"),
    Column("kind", Text, nullable=False, comment="direct, indirect or mixed"),
    Column("cue", Text),
    Column("cue_class", Text, nullable=False),
    Column("text", Text, nullable=False),
    Column("start", Integer, nullable=False),
    Column("end", Integer, nullable=False),
    Column("method", Text, nullable=False),
    Column("score", Float, nullable=False),
    Index(None, "article_id"),
    Index(None, "actor_id"),
    Index(None, "cue_class"),
)

claim_clusters = Table(
    "claim_clusters", metadata,
    Column("id", Text, primary_key=True),
    Column("text", Text, nullable=False, comment="A representative wording"),
    Column("method", Text, nullable=False, comment="exact, minhash or embedding"),
    Column("status", Text, nullable=False, server_default="confirmed",
           comment="suggested or confirmed"),
    Column("first_claim_id", Text, comment="The earliest claim (no foreign key: claims point"
           " here)"),
    Column("first_article_id", Text, ForeignKey("articles.id", ondelete="SET NULL")),
    Column("first_outlet", Text),
    Column("first_seen", Text, comment="published (or added) time of the first claim"),
    Column("n_claims", Integer, nullable=False, server_default="0"),
    Column("n_articles", Integer, nullable=False, server_default="0"),
    Column("n_outlets", Integer, nullable=False, server_default="0"),
    Column("updated_at", Text, nullable=False),
    Column("last_seen", Text),
    Column("n_days", Integer, nullable=False, server_default="0"),
    Column("asserted_by", Text, nullable=False, server_default="[]",
           comment="JSON list of actors.id"),
    Column("denied_by", Text, nullable=False, server_default="[]",
           comment="JSON list of actors.id"),
    Index(None, "first_seen"),
)

claims = Table(
    "claims", metadata,
    Column("id", Text, primary_key=True),
    Column("article_id", Text, ForeignKey("articles.id", ondelete="CASCADE"), nullable=False),
    Column("text", Text, nullable=False),
    Column("start", Integer, nullable=False),
    Column("end", Integer, nullable=False),
    Column("checkworthiness", Float, nullable=False, comment="0..1"),
    Column("checkworthiness_label", Text, nullable=False, comment="CFS, UFS or NFS"),
    Column("type", Text, nullable=False),
    Column("certainty", Text, nullable=False),
    Column("sourcing", Text, nullable=False, comment="author, named, vague or anonymous"),
    Column("actor_id", Text, ForeignKey("actors.id"), comment="Who the claim is sourced to"),
    Column("quote_id", Text, ForeignKey("quotes.id")),
    Column("quantities", Text, nullable=False, comment="JSON list of figures"),
    Column("cluster_id", Text, ForeignKey("claim_clusters.id", ondelete="SET NULL")),
    Column("cluster_status", Text, comment="confirmed or suggested"),
    Column("cluster_score", Float, comment="Cosine with the claim it was linked to"),
    Index(None, "article_id"),
    Index(None, "actor_id"),
    Index(None, "cluster_id"),
    Index(None, "checkworthiness"),
    Index(None, "sourcing"),
)

techniques = Table(
    "techniques", metadata,
    Column("id", Text, primary_key=True),
    Column("article_id", Text, ForeignKey("articles.id", ondelete="CASCADE"), nullable=False),
    Column("technique", Text, nullable=False, comment="Facet column"),
    Column("text", Text, nullable=False),
    Column("start", Integer, nullable=False),
    Column("end", Integer, nullable=False),
    Column("score", Float, nullable=False),
    Column("actor_id", Text, ForeignKey("actors.id")),
    Column("quote_id", Text, ForeignKey("quotes.id")),
    Index(None, "article_id"),
    Index(None, "technique", "article_id"),
    Index(None, "actor_id"),
)

disputes = Table(
    "disputes", metadata,
    Column("id", Text, primary_key=True),
    Column("article_id", Text, ForeignKey("articles.id", ondelete="CASCADE"), nullable=False),
    Column("kind", Text, nullable=False,
           comment="contradiction, denial, accusation or numeric_conflict"),
    Column("a", Text, nullable=False, comment="Row id (quote or claim) of one side"),
    Column("b", Text, comment="Row id of the other side"),
    Column("other_article_id", Text, ForeignKey("articles.id", ondelete="CASCADE"),
           comment="Set when the other side is in another article"),
    Column("actors", Text, nullable=False, comment="JSON list of actors.id"),
    Column("evidence", Text),
    Column("start", Integer),
    Column("end", Integer),
    Column("score", Float, nullable=False),
    Column("scope", Text, nullable=False, server_default="article",
           comment="article (found in one text) or corpus (across articles)"),
    Index(None, "article_id"),
    Index(None, "kind"),
    Index(None, "other_article_id"),
)

accusations = Table(
    "accusations", metadata,
    Column("id", Text, primary_key=True, comment="<article id>#<position in the ClaimMap>"),
    Column("article_id", Text, ForeignKey("articles.id", ondelete="CASCADE"), nullable=False),
    Column("accuser_id", Text, ForeignKey("actors.id")),
    Column("accused_id", Text, ForeignKey("actors.id")),
    Column("accuser", Text, comment="As named in the article"),
    Column("accused", Text),
    Column("text", Text, nullable=False, comment="What the accused is accused of"),
    Column("start", Integer, nullable=False),
    Column("end", Integer, nullable=False),
    Column("quote_id", Text, ForeignKey("quotes.id")),
    Index(None, "article_id"),
    Index(None, "accuser_id"),
    Index(None, "accused_id"),
)

factchecks = Table(
    "factchecks", metadata,
    Column("id", Text, primary_key=True, comment="Deterministic from URL and claim reviewed"),
    Column("claim_reviewed", Text, nullable=False, comment="Verbatim"),
    Column("rating", Text, comment="The rating text exactly as the fact-checker wrote it"),
    Column("rating_value", Text, comment="Numeric rating when given, as text"),
    Column("reviewer", Text, comment="The fact-checking organisation"),
    Column("reviewer_url", Text),
    Column("url", Text, comment="The fact-check article"),
    Column("date_published", Text),
    Column("claimant", Text, comment="Who made the reviewed claim"),
    Column("language", Text),
    Column("source", Text, comment="File (and position) it was imported from"),
    Column("format", Text, nullable=False, comment="claimreview or clef2020"),
    Column("raw", Text, nullable=False, comment="The imported record, verbatim JSON"),
    Column("imported_at", Text, nullable=False),
    Index(None, "reviewer"),
    Index(None, "date_published"),
)

factcheck_matches = Table(
    "factcheck_matches", metadata,
    Column("id", Integer, primary_key=True, autoincrement=True),
    Column("claim_id", Text, ForeignKey("claims.id", ondelete="CASCADE"), nullable=False),
    Column("factcheck_id", Text, ForeignKey("factchecks.id", ondelete="CASCADE"), nullable=False),
    Column("score", Float, nullable=False),
    Column("method", Text, nullable=False, comment="e.g. bm25+embedding+rerank"),
    Column("rank", Integer),
    Column("created_at", Text, nullable=False),
    UniqueConstraint("claim_id", "factcheck_id", "method"),
    Index(None, "factcheck_id"),
)

# Credibility signals per article (claimmap.corpus.signals; docs/signals.md): observations
# with their evidence, recomputed whenever what the store knows about the article changes.
article_signals = Table(
    "article_signals", metadata,
    Column("article_id", Text, ForeignKey("articles.id", ondelete="CASCADE"),
           primary_key=True),
    Column("name", Text, primary_key=True,
           comment="sourcing_mix, hedged_share, technique_density, headline_stance, "
                   "numeric_conflicts, originality or fact_checks"),
    Column("summary", Text, nullable=False, comment="The signal in words"),
    Column("value", Float, comment="Its own measure (a share, a density), when it has one"),
    Column("counts", Text, nullable=False, comment="JSON object of counts"),
    Column("evidence", Text, nullable=False,
           comment="JSON list: label, span (offsets into articles.text), ref, article_id, note"),
    Column("scope", Text, nullable=False, comment="article or corpus"),
    Column("updated_at", Text, nullable=False),
    Index(None, "name"),
)

errors = Table(
    "errors", metadata,
    Column("id", Integer, primary_key=True, autoincrement=True),
    Column("source", Text, nullable=False, comment="File, <stdin> or URL"),
    Column("position", Integer, comment="Line (JSONL) or record number; empty for a file"),
    Column("record_id", Text, comment="The record's id when it could be read"),
    Column("stage", Text, nullable=False, comment="input, fetch or analysis"),
    Column("reason", Text, nullable=False),
    Column("first_seen", Text, nullable=False),
    UniqueConstraint("source", "position", "reason"),
    Index(None, "stage"),
)

# Resume bookkeeping for whole inputs (files, shards, fetched URLs): a row means every record
# of that input was stored or recorded as an error, so a rerun may skip reading it.
ledger = Table(
    "ledger", metadata,
    Column("key", Text, primary_key=True, comment="e.g. file:<sha256> or shard:<name>"),
    Column("source", Text, nullable=False),
    Column("records", Integer, nullable=False),
    Column("stored", Integer, nullable=False),
    Column("errors", Integer, nullable=False),
    Column("finished_at", Text, nullable=False),
)

ANALYSIS_TABLES = (article_actors, quotes, claims, techniques, disputes, accusations)
