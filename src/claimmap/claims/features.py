"""Hashed sparse features of one sentence, shared by training and run time.

The same function builds the training matrix (``training/train_checkworthiness.py``) and the
run-time vector, so the two can never drift apart. Hashing with CRC-32 keeps the shipped model a
plain weight array (no vocabulary file) and is stable across Python runs, unlike ``hash()``.
"""

from __future__ import annotations

import itertools
import math
import re
import zlib
from collections import Counter
from collections.abc import Sequence

import numpy as np
import numpy.typing as npt

# Token triples (text, fine-grained tag, entity type) as spaCy gives them.
TokenTriple = tuple[str, str, str]

N_BUCKETS = 1 << 18
_DIGIT = re.compile(r"\d")
_CHAR_NGRAMS = (3, 4, 5)
_LENGTH_BINS = (3, 6, 10, 15, 20, 30, 45)


def _norm_word(word: str) -> str:
    # Numbers matter as a kind ("a 4-digit number"), not as values.
    return _DIGIT.sub("0", word.lower())


def feature_names(tokens: Sequence[TokenTriple]) -> list[str]:
    """Readable feature strings: word and tag n-grams, entity types, char n-grams, size."""
    words = [_norm_word(t[0]) for t in tokens if t[0].strip()]
    tags = [t[1] for t in tokens if t[0].strip()]
    names: list[str] = []
    names.extend("w:" + w for w in words)
    padded = ["<s>", *words, "</s>"]
    names.extend(f"b:{a} {b}" for a, b in itertools.pairwise(padded))
    names.extend("t:" + t for t in tags)
    tag_pad = ["<s>", *tags, "</s>"]
    names.extend(f"tt:{a} {b}" for a, b in itertools.pairwise(tag_pad))
    names.extend(f"ttt:{a} {b} {c}"
                 for a, b, c in zip(tag_pad, tag_pad[1:], tag_pad[2:], strict=False))
    names.extend("e:" + t[2] for t in tokens if t[2])
    for word in words:
        marked = f" {word} "
        for n in _CHAR_NGRAMS:
            names.extend("c:" + marked[i:i + n] for i in range(max(0, len(marked) - n + 1)))
    n_words = len(words)
    names.append("len:" + str(sum(1 for edge in _LENGTH_BINS if n_words > edge)))
    if any(_DIGIT.search(w) for w in words):
        names.append("has:number")
    if any(t[2] for t in tokens):
        names.append("has:entity")
    return names


def _crc_bucket(name: str) -> int:
    return zlib.crc32(name.encode("utf-8")) % N_BUCKETS


class _Buckets(dict[str, int]):
    """Feature name -> bucket, hashed on first sight (names repeat across sentences)."""

    def __missing__(self, name: str) -> int:
        if len(self) > 500_000:  # a long-running server's vocabulary
            self.clear()
        bucket = self[name] = _crc_bucket(name)
        return bucket


_BUCKETS = _Buckets()
# Normalised word -> (bucket of "w:word", buckets of its character n-grams in order).
_WORDS: dict[str, tuple[int, tuple[int, ...]]] = {}


def _word_buckets(word: str) -> tuple[int, tuple[int, ...]]:
    known = _WORDS.get(word)
    if known is None:
        if len(_WORDS) > 200_000:
            _WORDS.clear()
        marked = f" {word} "
        grams = tuple(_crc_bucket("c:" + marked[i:i + n]) for n in _CHAR_NGRAMS
                      for i in range(max(0, len(marked) - n + 1)))
        known = _WORDS[word] = (_crc_bucket("w:" + word), grams)
    return known


def feature_buckets(tokens: Sequence[TokenTriple]) -> list[int]:
    """``feature_names(tokens)`` hashed, in the same order, from cached buckets."""
    buckets = _BUCKETS
    kept = [t for t in tokens if t[0].strip()]
    words = [_norm_word(t[0]) for t in kept]
    tags = [t[1] for t in kept]
    per_word = [_word_buckets(w) for w in words]
    out = [w for w, _ in per_word]
    padded = ["<s>", *words, "</s>"]
    out.extend(buckets[f"b:{a} {b}"] for a, b in itertools.pairwise(padded))
    out.extend(buckets["t:" + t] for t in tags)
    tag_pad = ["<s>", *tags, "</s>"]
    out.extend(buckets[f"tt:{a} {b}"] for a, b in itertools.pairwise(tag_pad))
    out.extend(buckets[f"ttt:{a} {b} {c}"]
               for a, b, c in zip(tag_pad, tag_pad[1:], tag_pad[2:], strict=False))
    out.extend(buckets["e:" + t[2]] for t in tokens if t[2])
    for _, grams in per_word:
        out.extend(grams)
    n_words = len(words)
    out.append(buckets["len:" + str(sum(1 for edge in _LENGTH_BINS if n_words > edge))])
    if any(_DIGIT.search(w) for w in words):
        out.append(buckets["has:number"])
    if any(t[2] for t in tokens):
        out.append(buckets["has:entity"])
    return out


# 1 + log(count) for the counts a sentence has, computed by math.log (as the fallback is),
# so that the values are the same to the bit.
_LOG_COUNTS = np.array([0.0] + [1.0 + math.log(c) for c in range(1, 1024)], dtype=np.float64)


def hashed_features(tokens: Sequence[TokenTriple]) -> tuple[npt.NDArray[np.int64],
                                                             npt.NDArray[np.float32]]:
    """Bucket indices and values (log counts, L2-normalised) of one sentence; buckets in
    order of first appearance in ``feature_names``."""
    counts = Counter(feature_buckets(tokens))
    if not counts:
        return np.zeros(0, dtype=np.int64), np.zeros(0, dtype=np.float32)
    index = np.fromiter(counts.keys(), dtype=np.int64, count=len(counts))
    seen = np.fromiter(counts.values(), dtype=np.int64, count=len(counts))
    if int(seen.max()) < len(_LOG_COUNTS):
        # The same doubles as below, looked up: most counts are 1 or 2.
        values = _LOG_COUNTS[seen].astype(np.float32)
    else:
        values = np.fromiter((1.0 + math.log(c) for c in counts.values()), dtype=np.float32,
                             count=len(counts))
    values /= float(np.linalg.norm(values))
    return index, values
