"""MinHash signatures of shingle sets and a banded LSH index over them, in numpy.

The same signatures and the same candidates as datasketch 2's ``MinHash`` (its default
"affine32" scheme: SHA-1 32-bit hashes, pre-mixed, then affine permutations modulo 2^32) and
``MinHashLSH`` (a candidate shares every value of at least one band), with the bands
datasketch chooses for a threshold (37 bands of 3 for 0.3 over 128 permutations);
tests/corpus/test_tracking_minhash.py holds all three equal. Written here because importing
datasketch imports scipy.integrate, about a second of CPU per ``corpus add`` process, for the
band choice alone.
"""

from __future__ import annotations

import functools
import hashlib
from collections import defaultdict
from collections.abc import Iterable
from typing import Any

import numpy as np

Array = np.ndarray[Any, Any]

_MAX = np.uint32(0xFFFFFFFF)
# The MurmurHash3 32-bit finalizer's shifts and multipliers.
_FMIX = (np.uint32(16), np.uint32(0x85EBCA6B), np.uint32(13), np.uint32(0xC2B2AE35),
         np.uint32(16))


@functools.lru_cache(maxsize=4)
def permutations(num_perm: int, seed: int) -> tuple[Array, Array]:
    """The (a, b) of each permutation h -> a h + b mod 2^32 (a odd, so a bijection), drawn
    as datasketch draws them."""
    gen = np.random.RandomState(seed)
    a = gen.randint(0, 1 << 31, num_perm, dtype=np.uint32) * np.uint32(2) + np.uint32(1)
    b = gen.randint(0, 1 << 32, num_perm, dtype=np.uint32)
    return a, b


def _fmix(hv: Array) -> Array:
    s1, m1, s2, m2, s3 = _FMIX
    hv = hv ^ (hv >> s1)
    hv = hv * m1
    hv = hv ^ (hv >> s2)
    hv = hv * m2
    out: Array = hv ^ (hv >> s3)
    return out


def signature(items: Iterable[bytes], num_perm: int, seed: int) -> Array:
    """The MinHash signature (``num_perm`` uint32 values) of a set of byte strings: each
    item's SHA-1 (first 4 bytes, little-endian), mixed by the MurmurHash3 finalizer, through
    each permutation; the minimum per permutation."""
    # Every digest joined, then the first 4 bytes of each 20 read as little-endian uint32:
    # the same values as int.from_bytes(digest[:4], "little") one by one, without a Python
    # int per shingle.
    digests = b"".join([hashlib.sha1(item).digest() for item in items])
    out = np.full(num_perm, _MAX, dtype=np.uint32)
    if not digests:
        return out
    a, b = permutations(num_perm, seed)
    hashes = np.frombuffer(digests, dtype="<u4")[::5].astype(np.uint32)
    hv = _fmix(hashes)[:, None]
    permuted = hv * a + b  # uint32 arithmetic: the wrap-around is the modulo
    minimum: Array = np.minimum(out, permuted.min(axis=0))
    return minimum


@functools.lru_cache(maxsize=8)
def bands_for(threshold: float, num_perm: int) -> tuple[int, int]:
    """(bands, rows) minimising the false positive plus false negative probability mass
    around ``threshold`` (datasketch's choice, with equal weights). The integrands are
    polynomials of degree at most ``num_perm``, which Gauss-Legendre quadrature with
    ``num_perm // 2 + 1`` nodes integrates exactly."""
    nodes, weights = np.polynomial.legendre.leggauss(num_perm // 2 + 1)
    pairs = np.array([(b, r) for b in range(1, num_perm + 1)
                      for r in range(1, num_perm // b + 1)], dtype=np.float64)
    b, r = pairs[:, :1], pairs[:, 1:]

    def miss(lo: float, hi: float) -> tuple[Array, float]:
        """(1 - s^r)^b at the quadrature nodes of [lo, hi], with the interval's scale."""
        s = (hi - lo) / 2 * nodes + (hi + lo) / 2
        out: Array = (1 - s[None, :] ** r) ** b
        return out, (hi - lo) / 2

    below, half_below = miss(0.0, threshold)
    above, half_above = miss(threshold, 1.0)
    false_pos = half_below * ((1 - below) @ weights)
    false_neg = half_above * (above @ weights)
    best = int(np.argmin(0.5 * false_pos + 0.5 * false_neg))  # the first of equals, as a loop
    return int(pairs[best, 0]), int(pairs[best, 1])


class BandIndex:
    """Keys by band: ``query`` gives every key whose signature equals the query's in all
    ``rows`` values of at least one of ``bands`` bands."""

    def __init__(self, bands: int, rows: int) -> None:
        self.ranges = [(i * rows, (i + 1) * rows) for i in range(bands)]
        self._tables: list[defaultdict[bytes, list[str]]] = [defaultdict(list)
                                                             for _ in range(bands)]

    def _bands(self, sig: Array) -> list[bytes]:
        return [sig[start:end].tobytes() for start, end in self.ranges]

    def insert(self, key: str, sig: Array) -> None:
        for table, band in zip(self._tables, self._bands(sig), strict=True):
            table[band].append(key)

    def query(self, sig: Array) -> set[str]:
        found: set[str] = set()
        for table, band in zip(self._tables, self._bands(sig), strict=True):
            hit = table.get(band)
            if hit:
                found.update(hit)
        return found
