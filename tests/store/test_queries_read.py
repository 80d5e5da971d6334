from __future__ import annotations

from typing import Any

import pytest

from claimmap.store import open_store, queries
from claimmap.store.backend import HEAD_REVISION
from claimmap.store.write import actor_key, put_article

HOSTILE = ["'", '"', "' OR 1=1 --", "\"; DROP TABLE articles; --", "NEAR(a b)", "*", "a*",
           "strike AND", "OR", "-", "(", ")", "col:strike", "^strike", "%", "_", "\\",
           "\x00", "ü" * 300, "<script>alert(1)</script>", "1' UNION SELECT * FROM errors --"]


@pytest.fixture()
def filled(store_db: str, claimmap_builder: Any) -> Any:
    store = open_store(store_db)
    other = " Port director Lena Holm praised the quick settlement."
    with store.begin() as conn:
        put_article(conn, claimmap_builder("a1"))
        put_article(conn, claimmap_builder("a2", outlet="Valley Times", published="2026-12-08",
                                           title="Harbour traffic grows"))
        put_article(conn, claimmap_builder("planted", extra=other, outlet="Valley Times",
                                           published="2026-12-09", title="Traffic report"))
    yield store
    store.close()


def test_queries_search_finds_a_planted_article_by_two_words(filled: Any) -> None:
    hits = queries.search(filled, "praised director")
    assert hits and {h.article_id for h in hits} == {"planted"}
    assert hits[0].outlet == "Valley Times" and "praised" in hits[0].snippet
    claim_hits = [h for h in queries.search(filled, "40 million kroner") if h.kind == "claim"]
    assert {h.claim_id for h in claim_hits} == {"a1#c1", "a2#c1", "planted#c1"}


def test_queries_search_stems_words(filled: Any) -> None:
    found = {h.article_id for h in queries.search(filled, "strikes costing")}
    assert found == {"a1", "a2", "planted"}


@pytest.mark.parametrize("query", HOSTILE)
def test_queries_search_hostile_queries_are_plain_words(filled: Any, query: str) -> None:
    hits = queries.search(filled, query)
    assert isinstance(hits, list)
    assert queries.stats(filled).counts["articles"] == 3


def test_queries_articles_filters_and_facets(filled: Any) -> None:
    page = queries.list_articles(filled)
    assert page.total == 3 and page.articles[0].id == "planted"
    assert {f.value: f.count for f in page.facets["outlet"]} == {"Valley Times": 2,
                                                                  "Harbour Herald": 1}
    assert page.facets["technique"][0].count == 3
    valley = queries.list_articles(filled, queries.ArticleFilter(outlet="Valley Times",
                                                                 until="2026-12-08"))
    assert [a.id for a in valley.articles] == ["a2"]
    berg = actor_key("person", "Anna Berg")
    by_actor = queries.list_articles(filled, queries.ArticleFilter(actor_id=berg))
    assert by_actor.total == 3
    nobody = queries.list_articles(filled, queries.ArticleFilter(actor_id="actor_nobody"))
    assert nobody.total == 0 and nobody.facets["outlet"] == []


def test_queries_claims_filter_by_actor_outlet_and_dates(filled: Any) -> None:
    rows = queries.list_claims(filled, queries.ClaimFilter(actor="anna berg"))
    assert {r.article_id for r in rows} == {"a1", "a2", "planted"}
    assert rows[0].actor == "Anna Berg"
    rows = queries.list_claims(filled, queries.ClaimFilter(actor="Anna Berg",
                                                           outlet="Harbour Herald"))
    assert [r.article_id for r in rows] == ["a1"]
    rows = queries.list_claims(filled, queries.ClaimFilter(since="2026-12-01"))
    assert {r.article_id for r in rows} == {"a2", "planted"}
    assert queries.list_claims(filled, queries.ClaimFilter(min_checkworthiness=0.95)) == []
    assert len(queries.list_claims(filled, queries.ClaimFilter(top=1))) == 1


def test_queries_actor_profile_accusations_made_and_received(filled: Any) -> None:
    union = actor_key("organisation", "Dock Workers Union")
    berg = actor_key("person", "Anna Berg")
    made = queries.actor_profile(filled, union)
    received = queries.actor_profile(filled, berg)
    assert made is not None and received is not None
    assert {a.article_id for a in made.accusations_made} == {"a1", "a2", "planted"}
    assert made.accusations_received == []
    assert {a.accused for a in received.accusations_received} == {"Anna Berg"}
    assert received.quotes[0].text.startswith("the harbour strike cost")
    assert [w.value for w in received.weeks] == ["2026-W49", "2026-W50"]
    assert queries.actor_profile(filled, "actor_missing") is None
    assert [a.name for a in queries.list_actors(filled, name="BERG")] == ["Anna Berg"]


def test_queries_outlets_technique_rate_and_sourcing_per_week(filled: Any) -> None:
    weeks = {(r.outlet, r.week): r for r in queries.outlet_weeks(filled)}
    herald = weeks[("Harbour Herald", "2026-W49")]
    assert herald.articles == 1 and herald.techniques == 1
    assert herald.technique_rate == round(1000 / herald.words, 3)
    assert herald.sourcing == {"named": 1}
    overall = {r.outlet: r for r in queries.list_outlets(filled)}
    assert overall["Valley Times"].articles == 2 and overall["Valley Times"].week == "all"


def test_queries_stats_and_check(filled: Any) -> None:
    s = queries.stats(filled)
    assert s.counts["articles"] == 3 and s.counts["claims"] == 3 and s.revision == HEAD_REVISION
    report = queries.check(filled)
    assert report.ok and report.problems == []


def test_queries_check_finds_counts_that_disagree(filled: Any) -> None:
    from sqlalchemy import update

    from claimmap.store.schema import articles

    with filled.begin() as conn:
        conn.execute(update(articles).where(articles.c.id == "a1").values(n_claims=7))
    report = queries.check(filled)
    assert not report.ok and report.count_mismatches == 1
    assert "disagree" in report.problems[0]


def test_queries_top_clusters_keep_clusters_without_outlets(store_db: str) -> None:
    from claimmap.corpus.tracking import list_clusters
    from claimmap.store.queries_clusters import top_clusters
    from claimmap.store.schema import claim_clusters

    store = open_store(store_db)
    try:
        with store.begin() as conn:
            for cid, outlets in (("c_none", 0), ("c_two", 2)):
                conn.execute(claim_clusters.insert().values(
                    id=cid, text="The port will close.", method="exact", n_claims=2,
                    n_articles=2, n_outlets=outlets, updated_at="2026-12-01T00:00:00Z"))
        # The web app lists every cluster; tracking's list skips those no outlet carried.
        assert [c.id for c in top_clusters(store)] == ["c_two", "c_none"]
        assert [c.id for c in list_clusters(store)] == ["c_two"]
        assert [c.id for c in list_clusters(store, min_outlets=0)] == ["c_two", "c_none"]
    finally:
        store.close()
