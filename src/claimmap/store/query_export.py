"""Bulk reads for export: every stored ClaimMap as JSON, any exported table row by row.

:mod:`claimmap.store.queries` re-exports all of it.
"""

from __future__ import annotations

from collections.abc import Iterator
from typing import Any

from sqlalchemy import select

from claimmap.store.backend import Store
from claimmap.store.schema import claimmaps, metadata
from claimmap.store.write import decode_claimmap_json


def iter_claimmap_json(store: Store, *, batch: int = 500) -> Iterator[str]:
    """Every stored ClaimMap as its JSON text, by article id (streamed in batches)."""
    last = ""
    while True:
        with store.connect() as conn:
            rows = list(conn.execute(select(claimmaps.c.article_id, claimmaps.c.json_zlib)
                                     .where(claimmaps.c.article_id > last)
                                     .order_by(claimmaps.c.article_id).limit(batch)))
        if not rows:
            return
        for row in rows:
            yield decode_claimmap_json(row.json_zlib)
        last = str(rows[-1].article_id)


EXPORT_TABLES = ("articles", "claims", "quotes", "techniques", "disputes", "accusations",
                 "actors", "outlets", "errors", "article_revisions", "claim_clusters",
                 "factchecks", "factcheck_matches")


def iter_table(store: Store, name: str, *, with_text: bool = False) -> Iterator[dict[str, Any]]:
    """Rows of one table as dicts, in primary-key order (``articles.text`` only on request)."""
    if name not in EXPORT_TABLES:
        raise ValueError(f"unknown table {name!r}")
    table = metadata.tables[name]
    cols = [c for c in table.c if with_text or not (name == "articles" and c.name == "text")]
    with store.connect() as conn:
        for row in conn.execute(select(*cols).order_by(*table.primary_key.columns)):
            yield dict(row._mapping)
