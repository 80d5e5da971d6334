"""``corpus export --format claimreview``: ClaimReview JSON-LD for the store's matched claims.

Each stored fact-check that matches at least one stored claim is written as its fact-checker
published it (the imported record, verbatim), with ``itemReviewed.appearance`` listing the
articles whose claims it matched (their URL, headline, outlet, date) and
``itemReviewed.firstAppearance`` the earliest of them (by publication date, then by when it
was stored). Claim clusters, when a store has them, will widen "first seen" beyond the
matched claims.
"""

from __future__ import annotations

import copy
import json
from collections.abc import Iterator
from typing import Any

from sqlalchemy import select

from claimmap.store.backend import Store
from claimmap.store.schema import articles, claims, factcheck_matches, factchecks


def _appearance(row: Any) -> dict[str, Any]:
    out: dict[str, Any] = {"@type": "CreativeWork", "identifier": row.article_id}
    if row.url:
        out["url"] = row.url
    if row.title:
        out["headline"] = row.title
    if row.published:
        out["datePublished"] = row.published
    if row.outlet:
        out["publisher"] = {"@type": "Organization", "name": row.outlet}
    out["text"] = row.claim
    return out


def iter_claimreviews(store: Store) -> Iterator[dict[str, Any]]:
    stmt = (select(factchecks.c.id, factchecks.c.raw, factchecks.c.format,
                   factchecks.c.claim_reviewed, factchecks.c.rating, factchecks.c.reviewer,
                   factchecks.c.url.label("review_url"), articles.c.id.label("article_id"),
                   articles.c.url, articles.c.title, articles.c.published, articles.c.outlet,
                   articles.c.added_at, claims.c.text.label("claim"))
            .join(factcheck_matches, factcheck_matches.c.factcheck_id == factchecks.c.id)
            .join(claims, claims.c.id == factcheck_matches.c.claim_id)
            .join(articles, articles.c.id == claims.c.article_id)
            .order_by(factchecks.c.id, articles.c.published_day, articles.c.added_at,
                      articles.c.id))
    with store.connect() as conn:
        rows = conn.execute(stmt).all()
    grouped: dict[str, list[Any]] = {}
    for row in rows:
        grouped.setdefault(row.id, []).append(row)
    for rows_of in grouped.values():
        first = rows_of[0]
        try:
            record = json.loads(first.raw).get("record")
        except (ValueError, AttributeError):
            record = None
        if first.format != "claimreview" or not isinstance(record, dict) or \
                "claimReview" in record:
            # CLEF rows and Fact Check Tools answers are not ClaimReview: build one.
            record = {"@type": "ClaimReview", "claimReviewed": first.claim_reviewed}
            if first.rating:
                record["reviewRating"] = {"@type": "Rating", "alternateName": first.rating}
            if first.reviewer:
                record["author"] = {"@type": "Organization", "name": first.reviewer}
            if first.review_url:
                record["url"] = first.review_url
        review = copy.deepcopy(record)
        review.pop("@context", None)
        author = review.get("author")
        if first.reviewer and (not isinstance(author, dict) or set(author) == {"@id"}):
            # An @id pointing into the publisher's own graph would dangle here.
            review["author"] = {"@type": "Organization", "name": first.reviewer}
        item = review.get("itemReviewed")
        item = dict(item) if isinstance(item, dict) else {"@type": "Claim"}
        seen: set[str] = set()
        appearances = []
        for row in rows_of:
            if row.article_id not in seen:
                seen.add(row.article_id)
                appearances.append(_appearance(row))
        item["appearance"] = appearances
        item["firstAppearance"] = appearances[0]
        review["itemReviewed"] = item
        yield review


def claimreview_document(store: Store) -> dict[str, Any]:
    return {"@context": "https://schema.org", "@graph": list(iter_claimreviews(store))}
