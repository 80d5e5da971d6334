"""The fact-check index: BM25 and MiniLM retrieval over fact-checked claims and their titles,
then the learned re-ranker over the union of both candidate lists."""

from __future__ import annotations

import dataclasses
from collections.abc import Callable, Sequence

import numpy as np

from claimmap.embed import SentenceEncoder, load_encoder
from claimmap.match.bm25 import BM25
from claimmap.match.cross import CrossEncoder, load_cross, pair_text, reorder_top
from claimmap.match.features import (
    Array,
    DocContext,
    QueryContext,
    adapted_features,
    pair_features,
    sentence_features,
)
from claimmap.match.ranker import Reranker, adapt, load_adapter, load_ranker, sigmoid
from claimmap.match.text import (
    clean_query,
    entity_words,
    mentions_media,
    numbers,
    query_sentences,
    signature_authors,
    terms,
    word_set,
    years,
)
from claimmap.types import FactCheck


@dataclasses.dataclass(frozen=True, slots=True)
class Hit:
    """A fact-check for a query: its row in the index, the re-ranker's probability, its rank,
    and the acceptance model's P(it is a match at all). With the pair model on, the first
    candidates are re-ordered by it and keep their probabilities in rank order, so scores
    still fall with rank."""

    row: int
    score: float
    rank: int
    confidence: float = 0.0


@dataclasses.dataclass(frozen=True, slots=True)
class Ranked:
    """A query's candidate rows, their features, the re-ranker's logits and probabilities,
    and the candidates' order (indices into ``rows``, best first)."""

    rows: Array
    features: Array
    logits: Array
    probabilities: Array
    order: Array


@dataclasses.dataclass(frozen=True, slots=True)
class QueryVectors:
    """A query's vectors: the cleaned query's (retrieval and most cosines), the query's without
    a copied tweet's author, and one row per sentence of that (``query_sentences``)."""

    vector: Array
    no_author: Array
    sentences: Array


Encode = Callable[[Sequence[str]], Array]
SEARCH_SLICE = 256


def query_vectors(queries: Sequence[str], encode: Encode, *, keep_author: bool = True
                  ) -> tuple[list[str], list[QueryVectors]]:
    """The cleaned queries and their vectors, each distinct text encoded once: an article's
    claim (no signature, one sentence) costs one vector, as before these views."""
    cleaned = [clean_query(q, keep_author=keep_author) for q in queries]
    bare = [clean_query(q, keep_author=False) for q in queries]
    sentences = [query_sentences(b) for b in bare]
    texts = sorted({*cleaned, *bare, *(s for ss in sentences for s in ss)})
    if not texts:
        return cleaned, []
    row = {t: i for i, t in enumerate(texts)}
    matrix = np.asarray(encode(texts), dtype=np.float32)
    return cleaned, [QueryVectors(matrix[row[c]], matrix[row[b]],
                                  matrix[[row[t] for t in ss]])
                     for c, b, ss in zip(cleaned, bare, sentences, strict=True)]


class FactCheckIndex:
    """Fact-checks ready to be matched. Vectors may be given (a store keeps them); otherwise
    the encoder embeds each fact-check's claim and title once, here. ``pairs``: the pair
    model that re-orders the re-ranker's first candidates (the shipped one when True, none
    when False)."""

    def __init__(self, factchecks: Sequence[FactCheck], *,
                 claim_vectors: Array | None = None, title_vectors: Array | None = None,
                 encoder: SentenceEncoder | None = None, ranker: Reranker | None = None,
                 adapter: Array | None = None, pairs: CrossEncoder | bool = True) -> None:
        self.factchecks = list(factchecks)
        self.ranker = ranker or load_ranker()
        self.pairs = load_cross() if pairs is True else (pairs or None)
        self._encoder = encoder
        claims = [fc.claim_reviewed for fc in self.factchecks]
        titles = [fc.title or fc.claim_reviewed for fc in self.factchecks]
        if claim_vectors is None:
            claim_vectors = self.encoder.encode(claims)
        if title_vectors is None:
            title_vectors = self.encoder.encode(titles)
        self.claim_vectors = np.asarray(claim_vectors, dtype=np.float32)
        self.title_vectors = np.asarray(title_vectors, dtype=np.float32)
        # The retrieval map acts on query vectors only: fact-check vectors serve as stored.
        self.adapter = load_adapter() if adapter is None else adapter
        both = [f"{c} {t}" if t != c else c for c, t in zip(claims, titles, strict=True)]
        doc_terms = [terms(text) for text in both]
        self.bm25 = BM25(doc_terms)
        self.bm25_claim = BM25([terms(text) for text in claims])
        self.bm25_title = BM25([terms(text) for text in titles])
        idf = self.bm25.idf
        self.docs = DocContext(
            idf_mass=np.array([sum(idf.get(t, 0.0) for t in set(d)) for d in doc_terms],
                              dtype=np.float32),
            years=[years(text) for text in both],
            media=np.array([mentions_media(text, query=False) for text in both], dtype=bool),
            length=np.array([len(set(d)) for d in doc_terms], dtype=np.float32))
        self.doc_terms = [set(t) for t in doc_terms]
        self.doc_words = [word_set(text) for text in both]
        self.doc_entities = [entity_words(text) for text in both]
        self.doc_numbers = [numbers(text) for text in both]

    @property
    def encoder(self) -> SentenceEncoder:
        if self._encoder is None:
            self._encoder = load_encoder()
        return self._encoder

    def __len__(self) -> int:
        return len(self.factchecks)

    def candidates(self, query: str, vectors: QueryVectors, *, depth: int | None = None,
                   exclude: Sequence[int] = (), raw: str | None = None) -> tuple[Array, Array]:
        """The candidate rows for a cleaned query and their feature matrix; ``raw`` is the
        query before cleaning (its signature and picture links), the cleaned one if not given.
        ``exclude`` drops rows as if they were not in the collection (training builds no-match
        queries so)."""
        raw = query if raw is None else raw
        vector = vectors.vector
        cos_claim = self.claim_vectors @ vector
        cos_title = self.title_vectors @ vector
        query_terms = terms(query)
        bm25 = self.bm25.scores(query_terms)
        bm25_claim = self.bm25_claim.scores(query_terms)
        bm25_title = self.bm25_title.scores(query_terms)
        gone = np.asarray(exclude, dtype=np.int64)
        if len(gone):
            cos_claim[gone] = -1.0
            cos_title[gone] = -1.0
            bm25[gone] = 0.0
            bm25_claim[gone] = 0.0
            bm25_title[gone] = 0.0
        authors = {w for name in signature_authors(raw) for w in word_set(name) if len(w) > 2}
        context = QueryContext(bm25_claim=bm25_claim, bm25_title=bm25_title, idf=self.bm25.idf,
                               author_words=authors, years=years(raw),
                               media=mentions_media(raw, query=True))
        depth = min(depth or self.ranker.depth, len(self) - len(gone))
        by_cos = np.argsort(-np.maximum(cos_claim, cos_title), kind="stable")[:depth]
        by_bm25 = np.argsort(-bm25, kind="stable")[:depth]
        rows = np.setdiff1d(np.unique(np.concatenate([by_cos, by_bm25])), gone)
        x = pair_features(rows, cos_claim=cos_claim, cos_title=cos_title, bm25=bm25,
                          query_terms=set(query_terms), query_words=word_set(query),
                          query_entities=entity_words(query), query_numbers=numbers(query),
                          doc_terms=self.doc_terms, doc_words=self.doc_words,
                          doc_entities=self.doc_entities, doc_numbers=self.doc_numbers,
                          context=context, docs=self.docs)
        views = sentence_features(self.claim_vectors[rows], self.title_vectors[rows],
                                  vectors.no_author, vectors.sentences)
        mapped = adapted_features(self.claim_vectors[rows], self.title_vectors[rows],
                                  adapt(vector, self.adapter))
        return rows, np.concatenate([x, views, mapped], axis=1)

    def search(self, queries: Sequence[str], *, k: int = 20, min_confidence: float = 0.0,
               encode: Encode | None = None) -> list[list[Hit]]:
        """Per query, up to ``k`` fact-checks best first, those with an acceptance P below
        ``min_confidence`` left out. ``encode`` embeds the query texts (a cached encoder, say);
        the index's encoder if not given."""
        if not len(self):
            return [[] for _ in queries]
        results: list[list[Hit]] = []
        # In slices, so a whole store's claims never hold all their candidates at once.
        for start in range(0, len(queries), SEARCH_SLICE):
            results.extend(self._search_slice(queries[start:start + SEARCH_SLICE], k,
                                              min_confidence, encode))
        return results

    def _search_slice(self, queries: Sequence[str], k: int, min_confidence: float,
                      encode: Encode | None) -> list[list[Hit]]:
        cleaned, vectors = query_vectors(queries, encode or self.encoder.encode,
                                         keep_author=self.ranker.keep_author)
        ranked: list[Ranked] = []
        for raw, query, vector in zip(queries, cleaned, vectors, strict=True):
            rows, x = self.candidates(query, vector, raw=raw)
            z = self.ranker.logits(x)
            p = sigmoid(z)
            ranked.append(Ranked(rows, x, z, p, np.lexsort((rows, -p))))
        if self.pairs is not None:
            ranked = self._pair_order(cleaned, ranked, self.pairs)
        results: list[list[Hit]] = []
        for r in ranked:
            order = r.order[:k]
            accept = self.ranker.acceptance(r.features[order])
            results.append([Hit(int(r.rows[j]), float(r.probabilities[j]), n, float(a))
                            for n, (j, a) in enumerate(zip(order, accept, strict=True), start=1)
                            if a >= min_confidence])
        return results

    def _pair_order(self, queries: Sequence[str], ranked: list[Ranked], pairs: CrossEncoder
                    ) -> list[Ranked]:
        """Each query's first ``pairs.top`` candidates re-ordered by the pair model (all
        queries' pairs scored in one call); their probabilities are handed out again in the
        new order, so scores still fall with rank."""
        spans: list[tuple[int, int]] = []
        flat: list[tuple[str, str]] = []
        for query, r in zip(queries, ranked, strict=True):
            top = r.order[:pairs.top] if query else r.order[:0]
            spans.append((len(flat), len(flat) + len(top)))
            flat.extend((query, pair_text(self.factchecks[int(r.rows[j])])) for j in top)
        pair_logits = pairs.logits(flat)
        out: list[Ranked] = []
        for (lo, hi), r in zip(spans, ranked, strict=True):
            if hi == lo:
                out.append(r)
                continue
            top = r.order[:hi - lo]
            again = reorder_top(r.rows, r.logits, r.order, pair_logits[lo:hi], pairs.weight)
            p = r.probabilities.copy()
            p[again[:len(top)]] = r.probabilities[top]
            out.append(dataclasses.replace(r, probabilities=p, order=again))
        return out
