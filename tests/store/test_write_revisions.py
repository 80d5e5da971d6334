from __future__ import annotations

from typing import Any

from sqlalchemy import func, select

from claimmap.store import open_store, queries
from claimmap.store.schema import article_revisions, articles, claims, errors, quotes
from claimmap.store.write import ErrorRecord, put_article, put_error


def _count(store: Any, table: Any) -> int:
    with store.connect() as conn:
        return int(conn.execute(select(func.count()).select_from(table)).scalar_one())


def test_write_same_content_changes_nothing(store_db: str, claimmap_builder: Any) -> None:
    store = open_store(store_db)
    cm = claimmap_builder()
    with store.begin() as conn:
        assert put_article(conn, cm) == "inserted"
    with store.begin() as conn:
        assert put_article(conn, cm) == "unchanged"
    assert _count(store, articles) == 1 and _count(store, claims) == 1
    assert queries.get_claimmap(store, "a1") == cm
    store.close()


def test_write_changed_text_keeps_the_older_in_revisions(store_db: str,
                                                         claimmap_builder: Any) -> None:
    store = open_store(store_db)
    old = claimmap_builder()
    new = claimmap_builder(text="Minister Anna Berg said the harbour strike cost 45 million "
                                "kroner. The Dock Workers Union denied it and accused Berg of "
                                "scaremongering.")
    with store.begin() as conn:
        put_article(conn, old)
    with store.begin() as conn:
        assert put_article(conn, new) == "revised"
    with store.connect() as conn:
        rev = conn.execute(select(article_revisions)).one()
        current = conn.execute(select(articles.c.text)).scalar_one()
        claim_text = conn.execute(select(claims.c.text)).scalar_one()
    assert rev.text == old.article.text and current == new.article.text
    assert "-Minister Anna Berg said the harbour strike cost 40" in rev.diff
    assert "+Minister Anna Berg said the harbour strike cost 45" in rev.diff
    assert "45 million" in claim_text and _count(store, quotes) == 2
    # Re-adding either text again changes nothing.
    for cm in (old, new):
        with store.begin() as conn:
            assert put_article(conn, cm) == "unchanged"
    assert _count(store, article_revisions) == 1
    assert queries.check(store).ok
    store.close()


def test_write_same_text_under_another_id_is_a_duplicate(store_db: str,
                                                         claimmap_builder: Any) -> None:
    store = open_store(store_db)
    with store.begin() as conn:
        put_article(conn, claimmap_builder("first"))
        put_article(conn, claimmap_builder("mirror"))
    row = queries.get_article(store, "mirror")
    assert row is not None and row.duplicate_of == "first"
    store.close()


def test_write_error_rows_are_recorded_once(store_db: str) -> None:
    store = open_store(store_db)
    record = ErrorRecord("in.jsonl", 3, "x", "input", "in.jsonl:3: empty document")
    with store.begin() as conn:
        assert put_error(conn, record)
        assert not put_error(conn, record)
        assert put_error(conn, ErrorRecord("in.jsonl", None, None, "input", "unreadable"))
        assert not put_error(conn, ErrorRecord("in.jsonl", None, None, "input", "unreadable"))
    assert _count(store, errors) == 2
    store.close()


def test_write_repeated_ids_in_one_claimmap_are_all_kept(store_db: str,
                                                        claimmap_builder: Any) -> None:
    import dataclasses

    cm = claimmap_builder()
    twin = dataclasses.replace(cm.quotes[0], speaker=cm.quotes[1].speaker)
    cm = dataclasses.replace(cm, quotes=(*cm.quotes, twin))
    store = open_store(store_db)
    with store.begin() as conn:
        assert put_article(conn, cm) == "inserted"
    with store.connect() as conn:
        ids = sorted(conn.execute(select(quotes.c.id)).scalars())
    assert ids == ["a1#q1", "a1#q1~2", "a1#q2"]
    assert queries.check(store).ok
    store.close()
