from __future__ import annotations

import random

import numpy as np
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from claimmap.corpus.tracking.minhash import BandIndex, bands_for, signature
from claimmap.corpus.tracking.syndication import NUM_PERM, SEED, CopyRule

datasketch = pytest.importorskip("datasketch", minversion="2.0")  # affine32 default
lsh_module = pytest.importorskip("datasketch.lsh")

WORDS = ("quay", "port", "storm", "crane", "ship", "harbour", "engineer", "cargo", "terminal",
         "repair", "schedule", "tenant", "warehouse", "flood", "authority", "inspection",
         "velmont", "oldport", "monday", "weeks")


def _shingle_set(rng: random.Random, size: int) -> list[bytes]:
    words = [rng.choice(WORDS) for _ in range(size + 4)]
    return sorted({" ".join(words[i:i + 5]).encode() for i in range(size)})


@settings(max_examples=40, deadline=None)
@given(st.lists(st.binary(min_size=0, max_size=30), max_size=60), st.integers(0, 2**31 - 1))
def test_tracking_minhash_signature_equals_datasketch(items: list[bytes], seed: int) -> None:
    theirs = datasketch.MinHash(num_perm=64, seed=seed)
    theirs.update_batch(items)
    assert np.array_equal(signature(items, 64, seed), theirs.hashvalues)


@pytest.mark.parametrize("threshold", [0.1, 0.3, 0.5, 0.8])
@pytest.mark.parametrize("num_perm", [64, 128])
def test_tracking_minhash_bands_equal_datasketch(threshold: float, num_perm: int) -> None:
    assert bands_for(threshold, num_perm) == lsh_module._optimal_param(threshold, num_perm,
                                                                       0.5, 0.5)


def test_tracking_minhash_candidates_equal_datasketch_lsh() -> None:
    # Sets that overlap a lot, a little or not at all, so some bands collide and some not.
    rng = random.Random(3)
    base = [_shingle_set(rng, 40) for _ in range(12)]
    sets = base + [sorted(set(b[: rng.randint(5, 40)]) | set(_shingle_set(rng, 20)))
                   for b in base for _ in range(3)]
    rule = CopyRule()
    theirs = lsh_module.MinHashLSH(threshold=rule.lsh_threshold, num_perm=NUM_PERM)
    ours = BandIndex(*bands_for(rule.lsh_threshold, NUM_PERM))
    hits = 0
    for n, items in enumerate(sets):
        m = datasketch.MinHash(num_perm=NUM_PERM, seed=SEED)
        m.update_batch(items)
        sig = signature(items, NUM_PERM, SEED)
        found = set(theirs.query(m))
        assert ours.query(sig) == found
        hits += len(found)
        theirs.insert(f"a{n}", m)
        ours.insert(f"a{n}", sig)
    assert hits > 0  # the comparison saw candidates, not only empty answers
