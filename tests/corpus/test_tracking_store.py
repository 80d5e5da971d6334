"""Claim tracking on a small store of hand-built ClaimMaps: the planted checks of
bench/tracking.py in miniature, on the *test* split's sentences (the thresholds were chosen on
the dev split), plus determinism, re-rooting and the ``corpus conflicts`` command."""

from __future__ import annotations

import importlib.util
import json
import re
from pathlib import Path
from typing import Any

import pytest
from sqlalchemy import select
from typer.testing import CliRunner

from claimmap.cli import app
from claimmap.corpus.tracking import (
    cluster_timeline,
    list_clusters,
    list_conflicts,
    retrack,
    track_article,
)
from claimmap.store import open_store
from claimmap.store.schema import articles, claim_clusters, claims, disputes
from claimmap.store.write import put_article
from claimmap.types import (
    Accusation,
    Actor,
    Article,
    Certainty,
    Checkworthiness,
    Claim,
    ClaimMap,
    Provenance,
    Quantity,
    Quote,
    Sourcing,
    Speaker,
    TextSpan,
)

ROOT = Path(__file__).resolve().parents[2]
_spec = importlib.util.spec_from_file_location("tracking_planted",
                                               ROOT / "bench" / "tracking_planted.py")
assert _spec is not None and _spec.loader is not None
planted_module = importlib.util.module_from_spec(_spec)
_spec.loader.exec_module(planted_module)
PLANTED = planted_module.planted("test")
OUTLETS = [f"Outlet {i}" for i in range(15)]
_WORDS = {"three": 3, "six": 6, "four": 4}
_NUM = re.compile(r"(?:(at least|more than|about|only) )?(\d[\d,]*(?:\.\d+)?|three|four|six)"
                  r"(?: (million|billion))?( percent)?(?: (\w+))?")
_BOUND = {"at least": "at_least", "more than": "at_least", "about": "approx"}


def _quantities(text: str) -> tuple[Quantity, ...]:
    """Figures as the claims stage records them (value, unit, bound), for hand-built maps."""
    out = []
    for m in _NUM.finditer(text):
        raw = m.group(2)
        value = float(_WORDS.get(raw, 0) or raw.replace(",", ""))
        value *= {"million": 1e6, "billion": 1e9}.get(m.group(3) or "", 1.0)
        unit = "percent" if m.group(4) else m.group(5)
        out.append(Quantity(TextSpan.of(text, m.start(), m.end()), value, unit,
                            _BOUND.get(m.group(1) or "", "exact")))  # type: ignore[arg-type]
    return tuple(out)


def planted_map(article_id: str, sentence: str, outlet: int, day: int) -> ClaimMap:
    text = sentence
    claim = Claim("c1", TextSpan.of(text, 0, len(text)), Checkworthiness("CFS", 0.9),
                  "statistic", Certainty("asserted"), Sourcing("author"),
                  quantities=_quantities(text))
    article = Article(id=article_id, text=text, outlet=OUTLETS[outlet % 15],
                      published=f"2026-11-{day + 1:02d}T09:00:00Z")
    return ClaimMap(article=article, provenance=Provenance("0.1", "3.8.0", "m", "1", "h"),
                    claims=(claim,))


def _store_and_track(db: str, maps: list[ClaimMap]) -> None:
    with open_store(db) as store:
        for cm in maps:
            with store.begin() as conn:
                put_article(conn, cm)
                track_article(conn, cm.article.id)


def _planted_maps() -> tuple[list[ClaimMap], dict[str, Any]]:
    maps: list[ClaimMap] = []
    gold: dict[str, Any] = {"triples": [], "near": [], "conflicts": []}
    for t, wordings in enumerate(PLANTED["triples"]):
        ids = []
        for k, sentence in enumerate(wordings):
            maps.append(planted_map(f"triple-{t}-{k}", sentence, 3 * t + 5 * k, t + k))
            ids.append(f"triple-{t}-{k}")
        gold["triples"].append(ids)
    for m, (t, kind, sentence) in enumerate(PLANTED["near_misses"]):
        maps.append(planted_map(f"near-{m}-{kind}", sentence, 2 * m + 1, 12))
        gold["near"].append((f"near-{m}-{kind}", t))
    for c, (first, second) in enumerate(PLANTED["conflicts"]):
        maps.append(planted_map(f"conflict-{c}-a", first, c, 14))
        maps.append(planted_map(f"conflict-{c}-b", second, c + 7, 15))
        gold["conflicts"].append((f"conflict-{c}-a", f"conflict-{c}-b"))
    return maps, gold


@pytest.fixture(scope="module")
def planted_store(tmp_path_factory: pytest.TempPathFactory) -> tuple[str, dict[str, Any]]:
    db = str(tmp_path_factory.mktemp("tracking") / "planted.db")
    maps, gold = _planted_maps()
    _store_and_track(db, maps)
    return db, gold


def _cluster_of(db: str) -> dict[str, tuple[str | None, str | None]]:
    with open_store(db, read_only=True) as store, store.connect() as conn:
        return {r.article_id: (r.cluster_id, r.cluster_status)
                for r in conn.execute(select(claims.c.article_id, claims.c.cluster_id,
                                             claims.c.cluster_status))}


def test_tracking_store_triples_share_one_confirmed_cluster(
        planted_store: tuple[str, dict[str, Any]]) -> None:
    db, gold = planted_store
    of = _cluster_of(db)
    together = [ids for ids in gold["triples"]
                if len({of[a] for a in ids}) == 1 and of[ids[0]][0] is not None
                and of[ids[0]][1] == "confirmed"]
    assert len(together) >= 7, [[of[a] for a in ids] for ids in gold["triples"]]


def test_tracking_store_near_misses_never_join_their_look_alike(
        planted_store: tuple[str, dict[str, Any]]) -> None:
    db, gold = planted_store
    of = _cluster_of(db)
    for near, t in gold["near"]:
        look_alike = {of[a][0] for a in gold["triples"][t]} - {None}
        assert of[near][0] is None or of[near][0] not in look_alike, near


def test_tracking_store_cross_outlet_numeric_conflicts_are_found(
        planted_store: tuple[str, dict[str, Any]]) -> None:
    db, gold = planted_store
    with open_store(db, read_only=True) as store:
        found = list_conflicts(store, kinds=("numeric_conflict",))
    pairs = {frozenset((d.a.article_id, d.b.article_id)) for d in found}
    hits = [p for p in gold["conflicts"] if frozenset(p) in pairs]
    assert len(hits) >= 5, sorted(tuple(sorted(p)) for p in pairs)
    # Restatements with the same figures are never called conflicts.
    triple_ids = {a for ids in gold["triples"] for a in ids}
    assert not [p for p in pairs if p <= triple_ids]
    one = next(d for d in found if frozenset((d.a.article_id, d.b.article_id)) == frozenset(
        gold["conflicts"][0]))
    assert one.a.figures and one.b.figures and one.a.outlet != one.b.outlet


def test_tracking_store_cluster_row_has_first_seen_and_spread(
        planted_store: tuple[str, dict[str, Any]]) -> None:
    db, gold = planted_store
    of = _cluster_of(db)
    cluster = of[gold["triples"][0][0]][0]
    with open_store(db, read_only=True) as store, store.connect() as conn:
        row = conn.execute(select(claim_clusters)
                           .where(claim_clusters.c.id == cluster)).one()
    assert row.n_claims == 3 and row.n_articles == 3 and row.n_outlets == 3
    assert row.first_article_id == gold["triples"][0][0]
    assert row.first_seen == "2026-11-01T09:00:00Z" and row.n_days == 3
    assert row.last_seen == "2026-11-03T09:00:00Z"
    assert row.status == "confirmed" and row.method == "embedding"


def test_tracking_store_cluster_timeline_is_in_publication_order(
        planted_store: tuple[str, dict[str, Any]]) -> None:
    db, gold = planted_store
    with open_store(db, read_only=True) as store:
        top = list_clusters(store, status="confirmed")
        assert top and all(c.n_outlets >= 1 for c in top)
        cluster = _cluster_of(db)[gold["triples"][0][0]][0]
        assert cluster is not None
        found = cluster_timeline(store, cluster)
        assert cluster_timeline(store, "cluster_none") is None
    assert found is not None
    row, members = found
    assert [m.article_id for m in members] == gold["triples"][0]
    assert row.id == cluster and members[0].published == row.first_seen


def test_tracking_store_conflicts_command_lists_both_sides(
        planted_store: tuple[str, dict[str, Any]]) -> None:
    db, _ = planted_store
    result = CliRunner().invoke(app, ["corpus", "conflicts", "--db", db, "--format", "json",
                                      "--kind", "numeric_conflict"])
    assert result.exit_code == 0, result.output
    rows = json.loads(result.stdout)
    assert rows and {"a", "b", "kind", "score"} <= set(rows[0])
    assert rows[0]["a"]["article_id"] != rows[0]["b"]["article_id"]
    assert rows[0]["a"]["text"] and rows[0]["b"]["figures"]
    bad = CliRunner().invoke(app, ["corpus", "conflicts", "--db", db, "--kind", "nonsense"])
    assert bad.exit_code == 2
    missing = CliRunner().invoke(app, ["corpus", "conflicts", "--db", db + ".nope"])
    assert missing.exit_code == 2 and "Traceback" not in missing.output


def _tracking_rows(db: str) -> dict[str, Any]:
    with open_store(db, read_only=True) as store, store.connect() as conn:
        return {
            "articles": conn.execute(select(articles.c.id, articles.c.duplicate_of,
                                            articles.c.duplicate_method,
                                            articles.c.duplicate_score)
                                     .order_by(articles.c.id)).all(),
            "claims": conn.execute(select(claims.c.id, claims.c.cluster_id,
                                          claims.c.cluster_status, claims.c.cluster_score)
                                   .order_by(claims.c.id)).all(),
            # updated_at is when the latest member was stored: wall time, like added_at.
            "clusters": conn.execute(select(*[c for c in claim_clusters.c
                                              if c.name != "updated_at"])
                                     .order_by(claim_clusters.c.id)).all(),
            "disputes": conn.execute(select(disputes).where(disputes.c.scope == "corpus")
                                     .order_by(disputes.c.id)).all(),
        }


STORY = ("Harbour officials in the fictional port of Oldport said on Monday that the eastern "
         "quay would stay closed for at least three more weeks while engineers inspect the "
         "damage.\n\nThe quay was struck by a container ship during a storm last Thursday, and "
         "two cranes were knocked out of service, according to the port authority.\n\n"
         "Shipping lines have begun diverting vessels to the smaller terminal at Velmont, "
         "which traders say cannot handle more than a fraction of the usual cargo.")


def _story_map(article_id: str, text: str, day: int, outlet: int) -> ClaimMap:
    first = text.lower().index("the quay")
    end = text.index(".", first) + 1
    claim = Claim("c1", TextSpan.of(text, first, end), Checkworthiness("CFS", 0.9), "event",
                  Certainty("asserted"), Sourcing("author"))
    return ClaimMap(article=Article(id=article_id, text=text, outlet=OUTLETS[outlet],
                                    published=f"2026-11-{day:02d}"),
                    provenance=Provenance("0.1", "3.8.0", "m", "1", "h"), claims=(claim,))


def test_tracking_store_copy_stored_first_is_re_rooted_on_the_original(store_db: str) -> None:
    copy = _story_map("copy", "OLDPORT (Wirenews) - " + STORY + "\n\nFollow us for more.", 5, 1)
    mirror = _story_map("mirror", STORY.upper(), 6, 2)
    orig = _story_map("orig", STORY, 4, 0)
    _store_and_track(store_db, [copy, mirror, orig])
    rows = {r.id: r for r in _tracking_rows(store_db)["articles"]}
    assert rows["orig"].duplicate_of is None
    assert rows["copy"].duplicate_of == "orig" and rows["copy"].duplicate_method == "minhash"
    assert rows["mirror"].duplicate_of == "orig"


def test_tracking_store_retrack_reproduces_incremental_tracking(tmp_path: Path) -> None:
    maps, _ = _planted_maps()
    maps = maps[:12] + maps[-6:]
    one, two = str(tmp_path / "one.db"), str(tmp_path / "two.db")
    _store_and_track(one, maps)
    _store_and_track(two, maps)
    first = _tracking_rows(one)
    assert first == _tracking_rows(two)
    retrack(one)
    assert _tracking_rows(one) == first


def _denial_maps() -> tuple[ClaimMap, ClaimMap, str]:
    """An accusation against Lena Hask and, in another article, her denial."""
    accusation_text, denial_text = PLANTED["denials"][0]
    a_text = accusation_text
    of = "taking bribes from the Orrin shipyard"

    def sp(text: str, fragment: str) -> TextSpan:
        start = text.index(fragment)
        return TextSpan.of(text, start, start + len(fragment))

    accuser = Actor("a1", "Aldo Ferrant", "person", mentions=(sp(a_text, "Aldo Ferrant"),))
    accused = Actor("a2", "Lena Hask", "person", mentions=(sp(a_text, "Lena Hask"),))
    accusing = ClaimMap(
        article=Article(id="accuse", text=a_text, outlet="Outlet 1", published="2026-11-02"),
        provenance=Provenance("0.1", "3.8.0", "m", "1", "h"), actors=(accuser, accused),
        accusations=(Accusation("a1", "a2", sp(a_text, of)),))
    hask = Actor("a1", "Lena Hask", "person", mentions=(sp(denial_text, "Lena Hask"),))
    denying = ClaimMap(
        article=Article(id="deny", text=denial_text, outlet="Outlet 2",
                        published="2026-11-03"),
        provenance=Provenance("0.1", "3.8.0", "m", "1", "h"), actors=(hask,),
        quotes=(Quote("q1", "indirect", sp(denial_text, of), sp(denial_text, "denied"),
                      "deny", Speaker("a1", sp(denial_text, "Lena Hask"))),))
    return accusing, denying, of


def test_tracking_store_denial_answers_an_accusation_in_another_article(tmp_path: Path) -> None:
    accusing, denying, of = _denial_maps()
    db = str(tmp_path / "denial.db")
    _store_and_track(db, [accusing, denying])
    with open_store(db, read_only=True) as store:
        found = list_conflicts(store, kinds=("denial",))
    assert len(found) == 1
    assert {found[0].a.article_id, found[0].b.article_id} == {"accuse", "deny"}
    assert of in found[0].a.text


def test_tracking_store_rows_do_not_depend_on_where_vectors_came_from(
        tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    """Fresh vectors, vectors another process cached in another order and batch, and no
    cache at all: the same clusters, scores and disputes, to the last bit."""
    from claimmap.corpus.tracking.settings import TrackingSettings
    from claimmap.embed import VectorCache, load_encoder

    maps, _ = _planted_maps()
    monkeypatch.setenv("CLAIMMAP_CACHE_DIR", str(tmp_path / "cache"))
    warm = VectorCache()
    texts = [c.span.text for cm in maps for c in cm.claims]
    warm.encode(load_encoder(), texts[::-1], chunk=7)  # other batches, other order
    warm.close()
    rows = []
    for name, settings in (("cached", TrackingSettings()),
                           ("fresh", TrackingSettings(vector_cache=False))):
        db = str(tmp_path / f"{name}.db")
        with open_store(db) as store:
            for cm in maps:
                with store.begin() as conn:
                    put_article(conn, cm)
                    track_article(conn, cm.article.id, settings)
        rows.append(_tracking_rows(db))
    assert rows[0] == rows[1]
    assert any(r.cluster_score is not None and r.cluster_score < 1 for r in rows[0]["claims"])


def test_tracking_store_denial_found_by_the_accused_name_when_ids_differ(
        tmp_path: Path) -> None:
    """The accusation names "Hask" (stored as an organisation by a tagging slip), the denial
    comes from "Minister Lena Hask": different stored actor ids, one party by name."""
    from claimmap.corpus.tracking.denials import same_party

    accusation_text, denial_text = PLANTED["denials"][0]
    of = "taking bribes from the Orrin shipyard"

    def sp(text: str, fragment: str) -> TextSpan:
        start = text.index(fragment)
        return TextSpan.of(text, start, start + len(fragment))

    accuser = Actor("a1", "Aldo Ferrant", "person", mentions=(sp(accusation_text, "Aldo Ferrant"),))
    hask_org = Actor("a2", "Hask", "organisation", mentions=(sp(accusation_text, "Hask"),))
    accusing = ClaimMap(
        article=Article(id="accuse", text=accusation_text, outlet="Outlet 1",
                        published="2026-11-02"),
        provenance=Provenance("0.1", "3.8.0", "m", "1", "h"), actors=(accuser, hask_org),
        accusations=(Accusation("a1", "a2", sp(accusation_text, of)),))
    lena = Actor("a1", "Minister Lena Hask", "person", mentions=(sp(denial_text, "Lena Hask"),))
    denying = ClaimMap(
        article=Article(id="deny", text=denial_text, outlet="Outlet 2", published="2026-11-03"),
        provenance=Provenance("0.1", "3.8.0", "m", "1", "h"), actors=(lena,),
        quotes=(Quote("q1", "indirect", sp(denial_text, of), sp(denial_text, "denied"),
                      "deny", Speaker("a1", sp(denial_text, "Lena Hask"))),))
    for order in ((accusing, denying), (denying, accusing)):  # whichever is stored first
        db = str(tmp_path / f"{order[0].article.id}.db")
        _store_and_track(db, list(order))
        with open_store(db, read_only=True) as store:
            found = list_conflicts(store, kinds=("denial",))
        assert len(found) == 1 and {found[0].a.article_id, found[0].b.article_id} == \
            {"accuse", "deny"}
    assert same_party(None, "Lena Hask", None, "the minister Lena Hask's")
    assert not same_party(None, "Lena Hask", None, "Lena Berg")  # a first name is not enough
    assert not same_party("x", "Mo", "y", "Mo")  # names too short to trust


def test_tracking_store_known_claimmap_skips_nothing_it_would_find(tmp_path: Path) -> None:
    """Given each article's ClaimMap (as the writer does), tracking skips the denial look-ups
    of articles with no denial and no accusation, and stores the same rows."""
    from claimmap.corpus.tracking.denials import may_answer

    maps, _ = _planted_maps()
    accusing, denying, _of = _denial_maps()
    maps = [accusing, *maps[:12], denying, *maps[-6:]]
    assert may_answer(accusing) and may_answer(denying) and not may_answer(maps[1])
    rows = []
    for known in (False, True):
        db = str(tmp_path / f"known-{known}.db")
        with open_store(db) as store:
            for cm in maps:
                with store.begin() as conn:
                    put_article(conn, cm)
                    track_article(conn, cm.article.id, known=cm if known else None)
        rows.append(_tracking_rows(db))
    assert rows[0] == rows[1]
    assert any(d.kind == "denial" for d in rows[1]["disputes"])
