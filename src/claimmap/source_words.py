"""Shared source words: who stands behind a statement when no name is given.

One lexicon file, ``data/source_words_en.json`` (``claimmap.sources.v1``), read by attribution
(the kind of an actor it resolves: vague or anonymous) and by claims (the sourcing kind of a
claim). Each stage keeps its own reading of the words; the words live here once.
"""

from __future__ import annotations

import functools
import json
from dataclasses import dataclass
from importlib import resources

LEXICON_NAME = "claimmap.sources.v1"


@dataclass(frozen=True, slots=True)
class SourceWords:
    # Words heading or opening a mention of an unspecific group, or of nobody in particular.
    vague_heads: frozenset[str]
    # Nouns for a specific person or office whose identity is withheld.
    anonymous_heads: frozenset[str]
    # Phrases that withhold an identity ("declined to be named").
    anonymous_markers: tuple[str, ...]
    # Words that make a speaker mention vague for claims' sourcing, which attribution
    # resolves otherwise ("officials": an anonymous actor; "farmers in the Callow Hills").
    vague_mentions: frozenset[str]


@functools.lru_cache(maxsize=1)
def load_source_words() -> SourceWords:
    raw = json.loads(resources.files("claimmap").joinpath("data/source_words_en.json")
                     .read_text(encoding="utf-8"))
    return SourceWords(vague_heads=frozenset(raw["vague_heads"]),
                       anonymous_heads=frozenset(raw["anonymous_heads"]),
                       anonymous_markers=tuple(raw["anonymous_markers"]),
                       vague_mentions=frozenset(raw["vague_mentions"]))
