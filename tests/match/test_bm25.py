from __future__ import annotations

from claimmap.match.bm25 import BM25
from claimmap.match.text import terms


def test_bm25_ranks_the_document_sharing_rare_terms_first() -> None:
    docs = [terms(t) for t in ("the harbour strike is funded by Nordhaven",
                               "the harbour reopened on Friday",
                               "a whale swam into the harbour")]
    scores = BM25(docs).scores(terms("Nordhaven funds the strike"))
    assert scores.argmax() == 0 and scores[1] == 0.0
    assert BM25(docs).scores(terms("unrelated words")).max() == 0.0


def test_bm25_empty_collection_and_query() -> None:
    assert BM25([]).scores(["x"]).shape == (0,)
    assert BM25([["a"]]).scores([]).tolist() == [0.0]
