"""CLEF-2020 CheckThat! Task 2 scoring and runs: MAP@k, P@k and MRR over ranked verified claims.

The task's scorer (trectools over TREC runs) computes, per tweet, AP@k = the sum over the
first k ranks of P@i at each relevant rank, divided by the tweet's number of relevant verified
claims; a tweet missing from the run scores 0. MAP@k averages over the tweets of the qrels.
Runs are ``tweet_id Q0 vclaim_id rank score tag`` lines, at most 20 a tweet.
"""

from __future__ import annotations

import math
import re
from collections import Counter
from collections.abc import Mapping, Sequence
from pathlib import Path
from typing import Any

import numpy as np

from claimmap.errors import InputError
from claimmap.match.clef import VerifiedClaim, read_qrels, read_queries, read_vclaims

DEPTHS = (1, 3, 5, 10, 20)
RUN_DEPTH = 20
Run = dict[str, list[tuple[str, float]]]


def average_precision(ranked: Sequence[str], relevant: set[str], k: int) -> float:
    hits = 0
    total = 0.0
    for i, doc in enumerate(ranked[:k], start=1):
        if doc in relevant:
            hits += 1
            total += hits / i
    return total / len(relevant) if relevant else 0.0


def score_run(run: Mapping[str, Sequence[str]], qrels: Mapping[str, set[str]]) -> dict[str, Any]:
    """MAP@k and P@k for k in 1, 3, 5, 10, 20, and MRR (within the run's depth)."""
    n = len(qrels)
    out: dict[str, Any] = {"queries": n}
    if not n:
        return out
    for k in DEPTHS:
        out[f"map@{k}"] = sum(average_precision(list(run.get(q, ())), rel, k)
                              for q, rel in qrels.items()) / n
    for k in DEPTHS:
        out[f"p@{k}"] = sum(len(set(list(run.get(q, ()))[:k]) & rel) / k
                            for q, rel in qrels.items()) / n
    rr = 0.0
    for q, rel in qrels.items():
        for i, doc in enumerate(run.get(q, ()), start=1):
            if doc in rel:
                rr += 1.0 / i
                break
    out["mrr"] = rr / n
    return out


def format_run(run: Run, tag: str = "claimmap") -> str:
    lines = []
    for query in sorted(run, key=lambda q: (len(q), q)):
        for rank, (doc, score) in enumerate(run[query][:RUN_DEPTH], start=1):
            lines.append(f"{query}\tQ0\t{doc}\t{rank}\t{score:.6f}\t{tag}")
    return "\n".join(lines) + ("\n" if lines else "")


_TFIDF_TOKEN = re.compile(r"(?u)\b\w\w+\b")


def tfidf_run(queries: Mapping[str, str], vclaims: Sequence[VerifiedClaim],
              k: int = RUN_DEPTH) -> Run:
    """The plain baseline: TF-IDF cosine (lower-cased words of two or more characters, smooth
    idf, L2 norm) between the raw tweet and the verified claim with its title."""
    docs = [Counter(_TFIDF_TOKEN.findall(f"{v.claim} {v.title}".lower())) for v in vclaims]
    df: Counter[str] = Counter()
    for doc in docs:
        df.update(doc.keys())
    n = len(docs)
    idf = {t: math.log((1 + n) / (1 + c)) + 1.0 for t, c in df.items()}
    postings: dict[str, list[tuple[int, float]]] = {}
    for row, doc in enumerate(docs):
        weights = {t: c * idf[t] for t, c in doc.items()}
        norm = math.sqrt(sum(w * w for w in weights.values())) or 1.0
        for t, w in weights.items():
            postings.setdefault(t, []).append((row, w / norm))
    run: Run = {}
    for qid, text in queries.items():
        counts = Counter(_TFIDF_TOKEN.findall(text.lower()))
        weights = {t: c * idf[t] for t, c in counts.items() if t in idf}
        norm = math.sqrt(sum(w * w for w in weights.values())) or 1.0
        scores = np.zeros(n, dtype=np.float64)
        for t, w in weights.items():
            for row, dw in postings[t]:
                scores[row] += w / norm * dw
        top = np.lexsort((np.arange(n), -scores))[:k]
        run[qid] = [(vclaims[j].id, float(scores[j])) for j in top]
    return run


def claimmap_run(queries: Mapping[str, str], vclaims: Sequence[VerifiedClaim],
                 k: int = RUN_DEPTH, cache: Path | None = None, progress: bool = False) -> Run:
    """Our matcher: BM25 + MiniLM retrieval and the learned re-ranker (``claimmap.match``)."""
    from claimmap.embed import cached_encode, load_encoder
    from claimmap.match.clef import vclaim_factcheck
    from claimmap.match.index import FactCheckIndex
    from claimmap.settings import load_settings

    encoder = load_encoder()
    factchecks = [vclaim_factcheck(v) for v in vclaims]
    claims = cached_encode(encoder, [fc.claim_reviewed for fc in factchecks], cache,
                           progress=progress)
    titles = cached_encode(encoder, [fc.title or fc.claim_reviewed for fc in factchecks], cache,
                           progress=progress)
    index = FactCheckIndex(factchecks, claim_vectors=claims, title_vectors=titles,
                           encoder=encoder, pairs=load_settings().factcheck_pairs)
    ids = list(queries)
    hits = index.search([queries[q] for q in ids], k=k,
                        encode=lambda texts: cached_encode(encoder, list(texts), cache))
    return {q: [(vclaims[h.row].id, h.score) for h in found]
            for q, found in zip(ids, hits, strict=True)}


def evaluate_factcheck(clef_dir: Path, vclaims_path: Path, *, method: str = "claimmap",
                       cache: Path | None = None, progress: bool = False
                       ) -> tuple[dict[str, Any] | None, Run]:
    """Scores (None when DIR has no qrels) and the run, for a CLEF-2020 Task 2 split folder."""
    queries_path = clef_dir / "tweets.queries.tsv"
    if not queries_path.is_file():
        raise InputError(f"{clef_dir} holds no tweets.queries.tsv")
    queries = read_queries(queries_path)
    vclaims = read_vclaims(vclaims_path)
    if method == "tfidf":
        run = tfidf_run(queries, vclaims)
    elif method == "claimmap":
        run = claimmap_run(queries, vclaims, cache=cache, progress=progress)
    else:
        raise InputError(f"unknown method {method!r}; choose claimmap or tfidf")
    qrels_path = clef_dir / "tweet-vclaim-pairs.qrels"
    if not qrels_path.is_file():
        return None, run
    qrels = read_qrels(qrels_path)
    known = {v.id for v in vclaims}
    if not any(doc in known for rel in qrels.values() for doc in rel):
        raise InputError(f"{qrels_path} names none of the verified claims in {vclaims_path}")
    ranked = {q: [doc for doc, _ in docs] for q, docs in run.items()}
    return {"method": method, **score_run(ranked, qrels)}, run
