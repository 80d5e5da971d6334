"""How sure a claim is said to be: hedge and speculation cues, and questions.

A cue lexicon (word forms and short phrases) matched on lower-cased tokens, with a few
disambiguation rules where a cue word has a non-hedging sense ("May" the month, "could" in
"could not", "claims" as a noun). The level of a claim is the strongest kind of doubt among its
cues: questioned > speculative > possible > probable > asserted. Speculation attributed to
someone ("as some have speculated") outranks the question form of the same clause, because the
question is then what those people wonder, not the author's own doubt.
"""

from __future__ import annotations

import re
from collections.abc import Sequence
from dataclasses import dataclass

from claimmap.types import CertaintyLevel

# Strength order, weakest doubt first.
LEVELS: tuple[CertaintyLevel, ...] = ("asserted", "probable", "possible", "questioned",
                                      "speculative")

# Phrase cues: lower-cased, space-separated word forms.
_PHRASES: dict[CertaintyLevel, tuple[str, ...]] = {
    "probable": (
        "seems", "seem", "seemed", "seeming", "appears to", "appear to", "appeared to",
        "apparently", "likely", "probably", "presumably", "reportedly", "estimates",
        "estimated", "estimate", "is believed", "are believed", "was believed",
        "were believed", "is thought", "are thought", "was thought", "is expected",
        "are expected", "expected to", "suggests", "suggested that", "indicates",
        "indicated that", "in all likelihood", "most likely", "i think", "we think",
        "i believe", "we believe", "believes", "believe that", "it is his belief",
        "it is her belief", "it is their belief", "according to estimates", "projected",
        "supposedly", "ostensibly", "evidently", "largely believed", "believed",
        "expects", "expect", "anticipates", "suggest", "suggest that", "suggests that",
    ),
    "possible": (
        "may", "might", "could", "possibly", "perhaps", "maybe", "potentially",
        "allegedly", "alleged", "purportedly", "purported", "unconfirmed", "not ruled out",
        "cannot rule out", "can't rule out", "could not rule out", "did not rule out",
        "it is possible", "it's possible", "is possible", "was possible", "were possible",
        "are possible", "be possible", "possibility", "unverified",
        "if true", "claimed to", "claims to", "claiming to",
    ),
    "speculative": (
        "speculated", "speculate", "speculates", "speculating", "speculation",
        "speculative", "rumoured", "rumored", "rumour", "rumor", "rumours", "rumors",
        "conjecture", "conjectured", "theorised", "theorized", "guessed",
        "wild guess", "some say", "some have said", "there is talk",
    ),
    "questioned": (
        "wonder if", "wonder whether", "wondered if", "wondered whether",
        "wondering if", "wondering whether", "wonders if", "wonders whether",
        "to wonder", "wondered", "questioned whether", "questions whether",
        "question whether", "it is unclear", "it remains unclear", "unclear whether",
        "it is not clear", "remains to be seen", "doubt that", "doubts that",
        "doubted that", "asked why", "asked whether", "asked if", "asked how",
        "asking why", "asking whether", "asks why", "asks whether", "casts doubt",
        "cast doubt", "is disputed", "was disputed", "are disputed", "disputed claim",
        "questionable",
    ),
}

_TOKEN = re.compile(r"[A-Za-z][A-Za-z'’]*|\?")


@dataclass(frozen=True, slots=True)
class Cue:
    level: CertaintyLevel
    start: int
    end: int


def _index() -> dict[str, list[tuple[tuple[str, ...], CertaintyLevel]]]:
    by_first: dict[str, list[tuple[tuple[str, ...], CertaintyLevel]]] = {}
    for level, phrases in _PHRASES.items():
        for phrase in phrases:
            words = tuple(phrase.split())
            by_first.setdefault(words[0], []).append((words, level))
    for entries in by_first.values():
        entries.sort(key=lambda e: -len(e[0]))  # longest match first
    return by_first


_BY_FIRST = _index()


def _words(text: str, offset: int) -> list[tuple[str, str, int, int]]:
    """(lower form, original, start, end) for each word and question mark."""
    return [(m.group().lower().replace("’", "'"), m.group(), offset + m.start(),
             offset + m.end()) for m in _TOKEN.finditer(text)]


def _rejected(words: Sequence[tuple[str, str, int, int]], i: int,
              phrase: tuple[str, ...]) -> bool:
    """Senses of cue words that do not hedge."""
    original = words[i][1]
    following = words[i + len(phrase)][0] if i + len(phrase) < len(words) else ""
    if phrase == ("may",) and original == "May" and i > 0:
        return True  # the month, mid-sentence
    if phrase == ("could",) and following in ("not", "never"):
        return True  # "could not confirm" is a plain negative assertion
    if phrase == ("alleged",) and following == "that":
        return True  # "X alleged that ..." is an attribution; sourcing handles it
    return phrase == ("projected",) and following not in ("to", "that")


def find_cues(text: str, offset: int = 0) -> list[Cue]:
    """Every certainty cue in ``text``; offsets are shifted by ``offset``."""
    words = _words(text, offset)
    cues: list[Cue] = []
    i = 0
    while i < len(words):
        lower = words[i][0]
        matched = 0
        for phrase, level in _BY_FIRST.get(lower, ()):
            n = len(phrase)
            if tuple(w[0] for w in words[i:i + n]) == phrase:
                if not _rejected(words, i, phrase):
                    cues.append(Cue(level, words[i][2], words[i + n - 1][3]))
                    matched = n
                break
        i += matched or 1
    return cues


def is_question(text: str) -> bool:
    """A clause that ends in a question mark (closing quotes and brackets allowed)."""
    stripped = text.rstrip().rstrip("”\"’')]»").rstrip()
    return stripped.endswith("?")


def classify(text: str, offset: int = 0) -> tuple[CertaintyLevel, list[Cue]]:
    """The certainty level of a claim and the cues that set it."""
    cues = find_cues(text, offset)
    level: CertaintyLevel = "asserted"
    for cue in cues:
        if LEVELS.index(cue.level) > LEVELS.index(level):
            level = cue.level
    if is_question(text):
        mark = text.rstrip().rfind("?")
        cues.append(Cue("questioned", offset + mark, offset + mark + 1))
        if LEVELS.index("questioned") > LEVELS.index(level):
            level = "questioned"
    return level, cues
