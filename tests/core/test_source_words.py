"""The one lexicon of vague and anonymous source words, read by attribution and claims."""

from __future__ import annotations

import pytest

from claimmap.attribution.cues import load_lexicon
from claimmap.claims.sourcing import mention_kind
from claimmap.source_words import load_source_words


def test_source_words_attribution_reads_the_shared_lexicon() -> None:
    words, cues = load_source_words(), load_lexicon()
    assert cues.vague_heads is words.vague_heads
    assert cues.anonymous_heads is words.anonymous_heads
    assert cues.anonymous_markers is words.anonymous_markers


@pytest.mark.parametrize(("mention", "kind"), [
    ("critics", "vague"), ("some analysts", "vague"), ("the pundits", "vague"),
    ("officials", "vague"), ("Several farmers", "vague"),
    ("an official who declined to be named", "anonymous"), ("sources", "anonymous"),
    ("Mara Quill", None),
])
def test_source_words_claims_sourcing_reads_them_too(mention: str, kind: str | None) -> None:
    assert mention_kind(mention) == kind


def test_source_words_sourcing_only_words_stay_out_of_attribution() -> None:
    # Attribution resolves "officials" as an anonymous actor; only sourcing calls it vague.
    words = load_source_words()
    assert "officials" in words.vague_mentions and "officials" not in words.vague_heads
