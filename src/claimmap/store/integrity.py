"""Store health: counts per table (:func:`stats`) and an integrity check (:func:`check`)."""

from __future__ import annotations

from dataclasses import dataclass, field
from pathlib import Path

from sqlalchemy import Connection, func, select, text
from sqlalchemy.engine import make_url

from claimmap.store.backend import HEAD_REVISION, Store, current_revision
from claimmap.store.schema import (
    ANALYSIS_TABLES,
    actors,
    article_actors,
    articles,
    claimmaps,
    claims,
    errors,
    metadata,
    quotes,
    techniques,
)


@dataclass(frozen=True, slots=True)
class Stats:
    """Rows per table, errors per stage, the schema revision and (SQLite) the file size."""

    counts: dict[str, int]
    errors_by_stage: dict[str, int]
    revision: str | None
    backend: str
    size_bytes: int | None = None


def _count(conn: Connection, table_name: str) -> int:
    table = metadata.tables[table_name]
    return int(conn.execute(select(func.count()).select_from(table)).scalar_one())


def stats(store: Store) -> Stats:
    with store.connect() as conn:
        counts = {name: _count(conn, name) for name in sorted(metadata.tables)}
        by_stage = {str(s): int(n) for s, n in conn.execute(
            select(errors.c.stage, func.count()).group_by(errors.c.stage).order_by(errors.c.stage))}
        revision = current_revision(conn)
    size = None
    if store.dialect == "sqlite":
        path = Path(str(make_url(store.url).database or "").removeprefix("file:"))
        size = sum(p.stat().st_size for p in (path, Path(f"{path}-wal")) if p.exists())
    return Stats(counts, by_stage, revision, store.dialect, size)


@dataclass(frozen=True, slots=True)
class IntegrityReport:
    """``ok`` is True when every check passed; ``problems`` says what did not, one per line."""

    ok: bool
    integrity: str
    foreign_key_violations: int
    orphans: dict[str, int]
    count_mismatches: int
    missing_claimmaps: int
    search_rows_missing: int
    unused_actors: int
    revision: str | None
    problems: list[str] = field(default_factory=list)


def _orphans(conn: Connection) -> dict[str, int]:
    found = {}
    for table in (*ANALYSIS_TABLES, claimmaps):
        stmt = (select(func.count()).select_from(table)
                .where(table.c.article_id.not_in(select(articles.c.id))))
        found[table.name] = int(conn.execute(stmt).scalar_one())
    return found


def _count_mismatches(conn: Connection) -> int:
    mismatched = 0
    for table, column in ((claims, articles.c.n_claims), (quotes, articles.c.n_quotes),
                          (techniques, articles.c.n_techniques)):
        per_article = (select(func.count()).select_from(table)
                       .where(table.c.article_id == articles.c.id).scalar_subquery())
        mismatched += int(conn.execute(select(func.count()).select_from(articles)
                                       .where(column != per_article)).scalar_one())
    return mismatched


def _search_gaps(conn: Connection) -> int:
    """Articles with no row in the full-text index."""
    indexed = "search_rows" if conn.dialect.name == "sqlite" else "search_fts"
    return int(conn.execute(text(
        f"SELECT count(*) FROM articles WHERE id NOT IN (SELECT article_id FROM {indexed})"))
        .scalar_one())


def check(store: Store) -> IntegrityReport:
    """SQLite's integrity and foreign-key checks (PostgreSQL enforces both itself), orphan rows,
    per-article counts that disagree with the rows, articles missing a ClaimMap or an index row.
    """
    problems: list[str] = []
    with store.connect() as conn:
        if store.dialect == "sqlite":
            results = [str(r[0]) for r in conn.exec_driver_sql("PRAGMA integrity_check")]
            integrity = "ok" if results == ["ok"] else "; ".join(results[:5])
            fk = len(list(conn.exec_driver_sql("PRAGMA foreign_key_check")))
        else:
            integrity, fk = "ok", 0
        orphans = _orphans(conn)
        mismatches = _count_mismatches(conn)
        missing_maps = int(conn.execute(select(func.count()).select_from(articles).where(
            articles.c.id.not_in(select(claimmaps.c.article_id)))).scalar_one())
        search_gaps = _search_gaps(conn)
        unused = int(conn.execute(select(func.count()).select_from(actors).where(
            actors.c.id.not_in(select(article_actors.c.actor_id)
                               .where(article_actors.c.actor_id.is_not(None))))).scalar_one())
        revision = current_revision(conn)
    if integrity != "ok":
        problems.append(f"integrity_check: {integrity}")
    if fk:
        problems.append(f"{fk} foreign-key violation(s)")
    problems += [f"{n} orphan row(s) in {t}" for t, n in orphans.items() if n]
    if mismatches:
        problems.append(f"{mismatches} article count(s) disagree with their rows")
    if missing_maps:
        problems.append(f"{missing_maps} article(s) without a stored ClaimMap")
    if search_gaps:
        problems.append(f"{search_gaps} article(s) missing from the search index")
    if revision != HEAD_REVISION:
        problems.append(f"schema at migration {revision}, expected {HEAD_REVISION}")
    return IntegrityReport(not problems, integrity, fk, orphans, mismatches, missing_maps,
                           search_gaps, unused, revision, problems)
