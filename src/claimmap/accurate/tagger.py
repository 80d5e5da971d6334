"""The accurate profile's second CRF span tagger (``si_tagger.crfsuite``).

The fast tagger's features (the same names, so it reads the fast sentence model's score
bucket too) plus what it lacks: word-vector clusters of the token and its neighbours (a
meaning class for the window, not only the token's own vector), words two or three away,
repetition inside the article (the word, and the bigrams it starts and ends, seen elsewhere
in the same article: Repetition and Slogans), capitals and the line's place in the article
(PTC's first line is the headline). It is blended with the MiniLM head and the fast tagger
(``si_blend``): what the blend needs is a third opinion whose errors differ.
Trained by training/accurate_si_tagger.py; numpy and the crf module only at run time.
"""

from __future__ import annotations

import functools
import itertools
from collections import Counter
from collections.abc import Sequence
from pathlib import Path

import numpy as np
import numpy.typing as npt

from claimmap.errors import ModelError
from claimmap.rhetoric.context import ArticleContext
from claimmap.rhetoric.model import RhetoricModel, SpanTagger
from claimmap.rhetoric.text import STOP_WORDS, Token
from claimmap.rhetoric.vectors import WordVectors

DATA = Path(__file__).resolve().parent / "data"
TAGGER_FILE = "si_tagger.crfsuite"
# Which feature groups the shipped tagger was trained with (and the clusters, if used).
SETTINGS_FILE = "si_tagger.npz"
_SENTENCE_EDGES = (0, 1, 3, 8)


def _bucket(value: int, edges: Sequence[int]) -> int:
    for i, edge in enumerate(edges):
        if value <= edge:
            return i
    return len(edges)


def _counted(word: str) -> bool:
    return len(word) > 2 and word.isalpha() and word not in STOP_WORDS


GROUPS = frozenset(("clusters", "words", "repeats", "caps", "line"))


def extra_features(ctx: ArticleContext, clusters: npt.NDArray[np.integer],
                   rows: dict[str, int], groups: frozenset[str] = GROUPS
                   ) -> list[list[list[str]]]:
    """Per sentence, per token: the feature names the second tagger adds to the fast ones.
    ``clusters``: a cluster id per row of the word-vector table (``rows``: word -> row);
    ``groups``: which kinds of name (training compares them)."""
    lowered = [[t.text.lower() for t in toks] for toks in ctx.tokens]
    words: Counter[str] = Counter(w for sent in lowered for w in sent if _counted(w))
    pairs: Counter[tuple[str, str]] = Counter(
        pair for sent in lowered for pair in itertools.pairwise(sent)
        if _counted(pair[0]) or _counted(pair[1]))
    out = []
    for k, (toks, low) in enumerate(zip(ctx.tokens, lowered, strict=True)):
        ids = ([f"{int(clusters[rows[w]])}" if w in rows else "-" for w in low]
               if "clusters" in groups else [])
        padded_ids = ["<", "<", *ids, ">", ">"]
        padded = ["<s>", "<s>", "<s>", *low, "</s>", "</s>", "</s>"]
        caps = sum(1 for t in toks if _shouting(t))
        line = [f"sidx={_bucket(k, _SENTENCE_EDGES)}",
                f"scaps={_bucket(caps, (0, 1, 3))}"]
        sent_out = []
        for i in range(len(low)):
            j = i + 2
            feats = []
            if "clusters" in groups:
                feats += [f"k={padded_ids[j]}", f"k-1={padded_ids[j - 1]}",
                          f"k+1={padded_ids[j + 1]}", f"k-2={padded_ids[j - 2]}",
                          f"k+2={padded_ids[j + 2]}",
                          f"kk-={padded_ids[j - 1]}|{padded_ids[j]}",
                          f"kk+={padded_ids[j]}|{padded_ids[j + 1]}"]
            if "words" in groups:
                feats += [f"p-3={padded[i]}", f"p+3={padded[i + 6]}"]
            if "caps" in groups:
                feats += [f"caps={int(_shouting(toks[i]))}", line[1]]
            if "line" in groups:
                feats.append(line[0])
            if "repeats" in groups:
                feats += _repeats(low, i, words, pairs)
            sent_out.append(feats)
        out.append(sent_out)
    return out


def _repeats(low: Sequence[str], i: int, words: Counter[str],
             pairs: Counter[tuple[str, str]]) -> list[str]:
    """The word's count in the article, and the counts of the bigrams it starts and ends
    when they recur."""
    w = low[i]
    out = [f"rep={min(words[w], 4)}"] if _counted(w) else []
    if i + 1 < len(low) and pairs.get((w, low[i + 1]), 0) > 1:
        out.append(f"brep+={min(pairs[(w, low[i + 1])], 3)}")
    if i and pairs.get((low[i - 1], w), 0) > 1:
        out.append(f"brep-={min(pairs[(low[i - 1], w)], 3)}")
    return out


def _shouting(token: Token) -> bool:
    return len(token.text) > 2 and token.text.isupper()


class SecondTagger:
    def __init__(self, path: Path, groups: frozenset[str],
                 clusters: npt.NDArray[np.integer] | None = None,
                 vectors: WordVectors | None = None) -> None:
        if "clusters" in groups and clusters is None:
            raise ModelError("the second SI tagger reads word clusters, and none were given")
        self.groups = groups
        self.clusters = clusters if clusters is not None else np.zeros(0, np.uint8)
        self.tagger = SpanTagger(path, vectors)

    def marginals(self, ctx: ArticleContext, fast: RhetoricModel,
                  inputs: Sequence[tuple[list[Token], list[list[str]]]]) -> list[list[float]]:
        """P(inside) of each token of each sentence of the article; ``inputs``: the fast
        tagger's (tokens, feature names) per sentence (``RhetoricModel.scored_inputs``),
        which this tagger extends."""
        rows = fast.vectors.row if fast.vectors is not None else {}
        extra = extra_features(ctx, self.clusters, rows, self.groups)
        return self.tagger.inside_probabilities(
            [(toks, [[*a, *b] for a, b in zip(names, more, strict=True)])
             for (toks, names), more in zip(inputs, extra, strict=True)])


def blend_inputs(ctx: ArticleContext, fast: RhetoricModel, second: bool
                 ) -> tuple[list[list[float]], list[list[Token]], list[list[float]] | None]:
    """What the SI blend reads beside the MiniLM head: the fast tagger's token marginals,
    the tokens, and (``second``) this tagger's marginals, from one pass of the fast
    sentence model (its stack and spans are not used)."""
    _, inputs = fast.scored_inputs(ctx)
    marginals = fast.tagger.inside_probabilities(inputs)
    other = load_tagger().marginals(ctx, fast, inputs) if second else None
    return marginals, ctx.tokens, other


@functools.lru_cache(maxsize=1)
def load_tagger(directory: Path = DATA) -> SecondTagger:
    """The shipped second tagger, loaded once per process."""
    from claimmap.rhetoric.vectors import load_vectors

    try:
        with np.load(directory / SETTINGS_FILE) as npz:
            groups = frozenset(str(g) for g in npz["groups"].tolist())
            clusters = npz["clusters"] if "clusters" in npz.files else None
        return SecondTagger(directory / TAGGER_FILE, groups, clusters, load_vectors())
    except (OSError, KeyError, ValueError) as err:
        raise ModelError(f"cannot load the accurate profile's second SI tagger: {err}"
                         ) from None
