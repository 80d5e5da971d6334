"""Full-text search behind one pair of functions: FTS5 on SQLite, tsvector on PostgreSQL.

User queries are never passed through as query syntax: they are cut into words, and every word
must match (stemmed), so quotes, ``NEAR``, ``*`` or ``'`` in a query are just characters.
"""

from __future__ import annotations

import re
from collections.abc import Iterable
from dataclasses import dataclass

from sqlalchemy import Connection, text

_WORD = re.compile(r"[^\W_]+", re.UNICODE)
MAX_QUERY_WORDS = 16
# The writer's statements, built once (it runs them for every article).
_LAST_ROW = text("SELECT coalesce(max(rowid), 0) FROM search_rows")
_ROWS = text("INSERT INTO search_rows (rowid, article_id) VALUES (:r, :a)")
_SQLITE_PIECES = text("INSERT INTO search_fts (rowid, kind, article_id, ref, body) "
                      "VALUES (:r, :k, :a, :ref, :b)")
_PG_PIECES = text("INSERT INTO search_fts (kind, article_id, ref, body) "
                  "VALUES (:k, :a, :ref, :b)")


@dataclass(frozen=True, slots=True)
class Piece:
    """One searchable piece of an article: its title, its text, or one claim (``ref``)."""

    kind: str
    body: str
    ref: str | None = None


@dataclass(frozen=True, slots=True)
class RawHit:
    kind: str
    article_id: str
    ref: str | None
    snippet: str
    score: float


def query_words(query: str) -> list[str]:
    """The words of a user query, lower-cased, at most :data:`MAX_QUERY_WORDS`."""
    return [w.lower() for w in _WORD.findall(query)][:MAX_QUERY_WORDS]


def index_article(conn: Connection, article_id: str, pieces: Iterable[Piece]) -> None:
    rows = [p for p in pieces if p.body.strip()]
    if not rows:
        return
    if conn.dialect.name == "sqlite":
        # Row ids chosen here, in the writer's transaction (there is one writer), so both
        # tables take one batched insert each.
        first = int(conn.execute(_LAST_ROW).scalar_one()) + 1
        params = [{"r": first + i, "k": p.kind, "a": article_id, "ref": p.ref, "b": p.body}
                  for i, p in enumerate(rows)]
        conn.execute(_ROWS, params)
        conn.execute(_SQLITE_PIECES, params)
        return
    conn.execute(_PG_PIECES,
                 [{"k": p.kind, "a": article_id, "ref": p.ref, "b": p.body} for p in rows])


def unindex_article(conn: Connection, article_id: str) -> None:
    if conn.dialect.name == "sqlite":
        conn.execute(text("DELETE FROM search_fts WHERE rowid IN "
                          "(SELECT rowid FROM search_rows WHERE article_id = :a)"),
                     {"a": article_id})
        conn.execute(text("DELETE FROM search_rows WHERE article_id = :a"), {"a": article_id})
        return
    conn.execute(text("DELETE FROM search_fts WHERE article_id = :a"), {"a": article_id})


def search_pieces(conn: Connection, query: str, *, limit: int = 50, offset: int = 0,
                  kinds: tuple[str, ...] = ("title", "text", "claim")) -> list[RawHit]:
    """Pieces matching every word of ``query``, best first (bm25 / ts_rank)."""
    words = query_words(query)
    if not words:
        return []
    params: dict[str, object] = {"limit": limit, "offset": offset}
    kind_marks = []
    for i, kind in enumerate(kinds):
        params[f"kind{i}"] = kind
        kind_marks.append(f":kind{i}")
    kind_sql = ", ".join(kind_marks)
    if conn.dialect.name == "sqlite":
        # Each word as an FTS5 string literal: '"' doubled inside, so nothing is syntax.
        params["q"] = " AND ".join('"' + w.replace('"', '""') + '"' for w in words)
        sql = ("SELECT kind, article_id, ref, "
               "snippet(search_fts, 3, '', '', ' … ', 16) AS snippet, "
               "-bm25(search_fts) AS score FROM search_fts "
               f"WHERE search_fts MATCH :q AND kind IN ({kind_sql}) "
               "ORDER BY bm25(search_fts) LIMIT :limit OFFSET :offset")
    else:
        params["q"] = " ".join(words)
        sql = ("SELECT kind, article_id, ref, "
               "ts_headline('english', body, q, 'StartSel=\"\",StopSel=\"\",MaxWords=24,"
               "MinWords=8,FragmentDelimiter=\" … \"') AS snippet, "
               "ts_rank(tsv, q) AS score "
               "FROM search_fts, plainto_tsquery('english', :q) AS q "
               f"WHERE tsv @@ q AND kind IN ({kind_sql}) "
               "ORDER BY score DESC, id LIMIT :limit OFFSET :offset")
    return [RawHit(str(r.kind), str(r.article_id), r.ref, str(r.snippet or ""),
                   float(r.score or 0.0))
            for r in conn.execute(text(sql), params)]
