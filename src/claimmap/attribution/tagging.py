"""The attribution CRF's tags for a Doc's sentences, scored in numpy (``claimmap.crf``).

crfsuite's tagger took the feature dicts one sentence at a time, encoding and looking up
every name (~30 a token): most of the tagging cost. Here a Doc's sentences are scored
together, and the forward-backward pass runs only for the sentences ``decoding`` takes a
second look at. Tags and marginals are crfsuite's to the bit
(``tests/attribution/test_crf_tagging.py`` checks them against pycrfsuite), so the output
does not move.
"""

from __future__ import annotations

from collections.abc import Sequence
from pathlib import Path

from claimmap.attribution.decoding import second_look, wants_second_look
from claimmap.crf import Item, read_model


class CrfTagger:
    """The attribution model file, read once; stateless, so workers and threads share it."""

    def __init__(self, path: Path) -> None:
        self.crf = read_model(path)
        self.crf.by_key()  # made now, before any fork, so worker processes share it

    def tag_sentences(self, sentences: Sequence[Sequence[Item]], *,
                      nul_possible: bool = True) -> list[list[str]]:
        """BIO tags per sentence, as ``decode`` gives them from crfsuite's tagger."""
        crf = self.crf
        kept = [k for k, items in enumerate(sentences) if items]
        out: list[list[str]] = [[] for _ in sentences]
        if not kept:
            return out
        items = [item for k in kept for item in sentences[k]]
        lengths = [len(sentences[k]) for k in kept]
        state = crf.item_state_scores(items, nul_possible)
        best = crf.viterbi(state, lengths).tolist()
        starts, at = [], 0
        tags: list[list[str]] = []
        for size in lengths:
            starts.append(at)
            tags.append([crf.labels[j] for j in best[at:at + size]])
            at += size
        again = [i for i, k in enumerate(kept) if wants_second_look(tags[i], sentences[k])]
        if again:
            picked = [r for i in again for r in range(starts[i], starts[i] + lengths[i])]
            marginals = crf.marginals(state[picked], [lengths[i] for i in again])
            at = 0
            for i in again:
                tags[i] = second_look(tags[i], crf.labels, marginals[at:at + lengths[i]])
                at += lengths[i]
        for i, k in enumerate(kept):
            out[k] = tags[i]
        return out
