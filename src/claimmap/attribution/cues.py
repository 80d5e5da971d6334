"""The cue lexicon (``claimmap.cues.v1``): which words introduce an attribution, and of what
class. Word forms are generated here so the pipeline can run without spaCy's lemmatizer."""

from __future__ import annotations

import functools
import json
from dataclasses import dataclass
from importlib import resources

from claimmap.source_words import load_source_words

LEXICON_NAME = "claimmap.cues.v1"

# When a verb is listed under several classes the more specific class wins.
CLASS_PRIORITY = ("deny", "contradict", "accuse", "confirm", "allege", "estimate", "speculate",
                  "complain", "question", "believe", "say")

_VOWELS = "aeiou"


def inflect(base: str) -> set[str]:
    """Regular English verb forms: base, -s, -ed, -ing (with the usual spelling rules)."""
    forms = {base}
    if base.endswith(("s", "sh", "ch", "x", "z", "o")):
        forms.add(base + "es")
    elif base.endswith("y") and base[-2:-1] not in _VOWELS:
        forms.add(base[:-1] + "ies")
    else:
        forms.add(base + "s")
    if base.endswith("e"):
        forms.update({base + "d", base[:-1] + "ing"})
    elif base.endswith("y") and base[-2:-1] not in _VOWELS:
        forms.update({base[:-1] + "ied", base + "ing"})
    elif (len(base) >= 3 and base[-1] not in _VOWELS + "wxy" and base[-2] in _VOWELS
          and base[-3] not in _VOWELS and len(base) <= 4):
        # Short CVC verbs double the last consonant: "put"/"putting", "ask" does not qualify.
        forms.update({base + base[-1] + "ed", base + base[-1] + "ing", base + "ed",
                      base + "ing"})
    else:
        forms.update({base + "ed", base + "ing"})
    return forms


@dataclass(frozen=True)
class Lexicon:
    verb_forms: dict[str, tuple[str, str]]  # form -> (base, class)
    phrasal: dict[str, str]
    nouns: dict[str, str]
    phrases: dict[str, str]  # lower-cased phrase -> class
    vague_heads: frozenset[str]
    anonymous_heads: frozenset[str]
    anonymous_markers: tuple[str, ...]
    role_nouns: frozenset[str]
    org_heads: frozenset[str]
    capitals: dict[str, str]
    country_aliases: dict[str, str]

    def verb(self, word: str) -> tuple[str, str] | None:
        return self.verb_forms.get(word.lower())

    def noun(self, word: str) -> str | None:
        return self.nouns.get(word.lower())


@functools.lru_cache(maxsize=1)
def load_lexicon() -> Lexicon:
    raw = json.loads(resources.files("claimmap.attribution")
                     .joinpath("data/cues_en.json").read_text(encoding="utf-8"))
    verb_forms: dict[str, tuple[str, str]] = {}
    for cue_class in reversed(CLASS_PRIORITY):
        for base in raw["verbs"].get(cue_class, []):
            forms = inflect(base) | set(raw["irregular"].get(base, []))
            for form in forms:
                verb_forms[form] = (base, cue_class)
    nouns: dict[str, str] = {}
    for cue_class in reversed(CLASS_PRIORITY):
        for noun in raw["nouns"].get(cue_class, []):
            nouns[noun] = cue_class
    phrases = {p: c for c, items in raw["phrases"].items() for p in items}
    sources = load_source_words()  # the vague and anonymous source words, shared with claims
    return Lexicon(
        verb_forms=verb_forms, phrasal=dict(raw["phrasal"]), nouns=nouns, phrases=phrases,
        vague_heads=sources.vague_heads, anonymous_heads=sources.anonymous_heads,
        anonymous_markers=sources.anonymous_markers,
        role_nouns=frozenset(raw["role_nouns"]), org_heads=frozenset(raw["org_heads"]),
        capitals=dict(raw["capitals"]), country_aliases=dict(raw["country_aliases"]))
