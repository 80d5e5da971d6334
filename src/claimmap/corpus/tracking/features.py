"""What claim tracking reads off a text: its normalised form, word shingles, and for a claim
the entities, figures, polarity and direction that the sameness gate compares.

Plain regular expressions (no spaCy, no stage package): tracking runs after the pipeline, on
what the store holds. Every gate answers "why not the same claim?" in words a user can read.
"""

from __future__ import annotations

import hashlib
import re
import unicodedata
from dataclasses import dataclass

from claimmap.match.text import STOPWORDS, entity_words, numbers, terms, word_set
from claimmap.quantities import topic_of, topic_words

_PUNCT = re.compile(r"[^\w\s%$€£.]|(?<!\d)\.|\.(?!\d)")
_SPACE = re.compile(r"\s+")


def normalise(text: str) -> str:
    """Case, accents, quotes and punctuation folded, spacing collapsed: the "exact" key."""
    text = unicodedata.normalize("NFKC", text).casefold()
    text = text.replace("’", "'").replace("‘", "'")
    text = _PUNCT.sub(" ", text)
    return _SPACE.sub(" ", text).strip()


def text_key(text: str) -> str:
    return normalised_key(normalise(text))


def normalised_key(normalised: str) -> str:
    """:func:`text_key` of a text already :func:`normalise`-d."""
    return hashlib.sha1(normalised.encode("utf-8")).hexdigest()


_WORD = re.compile(r"\w+")


def shingles(text: str, size: int = 5, *, normalised: str | None = None) -> set[bytes]:
    """Overlapping ``size``-word shingles of the normalised text (UTF-8 bytes, for MinHash);
    ``normalised``: ``normalise(text)`` when the caller has it (an article body's)."""
    words = _WORD.findall(normalise(text) if normalised is None else normalised)
    if len(words) < size:
        return {" ".join(words).encode("utf-8")} if words else set()
    return {" ".join(words[i:i + size]).encode("utf-8") for i in range(len(words) - size + 1)}


def _words(spaced: str) -> list[str]:
    return spaced.split()


# Words that flip what a sentence asserts. "denied" counts: "X denied the port closed" says
# the opposite of "the port closed".
_NEGATIONS = frozenset(_words("""
not no never none nobody nothing neither nor without cannot deny denies denied denying
false untrue rejected rejects refuted refutes dismissed
"""))
_NOT = re.compile(r"n't\b|n’t\b", re.IGNORECASE)
_UP = frozenset(_words("""
rose rise rises rising risen increase increased increases increasing grew grow grows growing
gained gain gains jumped jump jumps climbed climb climbs soared soar surged surge higher up
more doubled tripled expanded
"""))
_DOWN = frozenset(_words("""
fell fall falls falling fallen decrease decreased decreases decreasing dropped drop drops
dropping declined decline declines shrank shrink shrinks slumped slump plunged plunge lower
down less fewer halved cut cuts contracted
"""))

@dataclass(frozen=True, slots=True)
class Figure:
    """One quantity of a claim: its value, bound and what it counts
    (:func:`claimmap.quantities.topic_of`, compared by :func:`claimmap.quantities.clash`)."""

    value: float
    bound: str
    topic: str
    text: str


@dataclass(frozen=True, slots=True)
class ClaimFeatures:
    """The parts of a claim the gate compares."""

    key: str
    entities: frozenset[str]
    words: frozenset[str]
    figures: frozenset[str]
    negated: bool
    direction: str  # "up", "down" or ""
    terms: frozenset[str]
    quantities: tuple[Figure, ...]


def _figure_text(value: float) -> str:
    return f"{value:.6g}"


_FIRST_WORD = re.compile(r"\W*([A-Z][\w-]*)(\S*)\s*(\S?)")
_NOT_LETTER = re.compile(r"[^A-Za-z]")


def _is_word_char(char: str) -> bool:
    # What \w matches in a str pattern: letters, digits and numerals of any script, and "_".
    return char.isalnum() or char == "_"


def _whole_word_in(word: str, text: str) -> bool:
    """``re.search(rf"\\b{re.escape(word)}\\b", text) is not None`` without compiling a
    pattern per word (each claim's first word is a new one; compiling cost more than the rest
    of the claim's features): ``word`` found with a word boundary at both ends."""
    at = text.find(word)
    while at >= 0 and word:
        end = at + len(word)
        starts = _is_word_char(text[at - 1]) if at > 0 else False
        ends = _is_word_char(text[end]) if end < len(text) else False
        if starts != _is_word_char(word[0]) and ends != _is_word_char(word[-1]):
            return True
        at = text.find(word, at + 1)
    return False


def claim_features(text: str, quantities: list[dict[str, object]] | None = None) -> ClaimFeatures:
    """Features of a claim's text; ``quantities`` are the claim's stored figures (JSON)."""
    words = [w.lower() for w in _WORD.findall(text)]
    negations = sum(w in _NEGATIONS for w in words) + len(_NOT.findall(text))
    up = any(w in _UP for w in words)
    down = any(w in _DOWN for w in words)
    figures = set(numbers(text))
    figs: list[Figure] = []
    near: set[str] | None = None  # topic_words(text), read once for all its figures
    for q in quantities or ():
        value = q.get("value")
        if isinstance(value, (int, float)):
            figures.add(_figure_text(float(value)))
            unit = q.get("unit")
            span = q.get("span")
            written = span.get("text", "") if isinstance(span, dict) else ""
            if near is None:
                near = topic_words(text)
            figs.append(Figure(float(value), str(q.get("bound") or "exact"),
                               topic_of(near, unit if isinstance(unit, str) else None),
                               str(written)))
    entities = {e for e in entity_words(text) if e not in STOPWORDS}
    first = _FIRST_WORD.match(text)
    if first is not None and not first.group(1).isupper():
        # A sentence's first word is capitalised whatever it is ("Officials said"); it names
        # an entity only when a capitalised word or a possessive follows it ("Orvane Motors",
        # "Dressia's") or it is capitalised again later in the claim.
        word, tail, after = first.group(1), first.group(2), first.group(3)
        named = after[:1].isupper() or tail.startswith(("'s", "’s")) or \
            _whole_word_in(word, text[first.end(1):])
        if not named:
            entities.discard(_NOT_LETTER.split(word)[0].lower())
    return ClaimFeatures(
        key=text_key(text), entities=frozenset(entities), words=frozenset(word_set(text)),
        figures=frozenset(figures), negated=negations % 2 == 1,
        direction="up" if up and not down else "down" if down and not up else "",
        terms=frozenset(terms(text)), quantities=tuple(figs))


def _named_in(entity: str, words: frozenset[str]) -> bool:
    """``entity`` or a form of it ("Karvia"/"Karvian"/"Karvia's") is among ``words``."""
    if entity in words:
        return True
    if len(entity) < 5:
        return False
    stem = entity[:5]
    return any(w.startswith(stem) and abs(len(w) - len(entity)) <= 3 for w in words)


def gate(a: ClaimFeatures, b: ClaimFeatures) -> str | None:
    """Why ``a`` and ``b`` cannot be one claim, or None when nothing keeps them apart.

    Each check is two-sided: a wording that drops a name or a figure can still be the same
    claim; two wordings that each carry one the other lacks cannot.
    """
    if a.key == b.key:
        return None
    ents_a = {e for e in a.entities if not _named_in(e, b.words)}
    ents_b = {e for e in b.entities if not _named_in(e, a.words)}
    if ents_a and ents_b:
        return f"other entity ({sorted(ents_a)[0]} / {sorted(ents_b)[0]})"
    figs_a, figs_b = a.figures - b.figures, b.figures - a.figures
    if figs_a and figs_b:
        return f"other figure ({sorted(figs_a)[0]} / {sorted(figs_b)[0]})"
    if a.negated != b.negated:
        return "negation"
    if a.direction and b.direction and a.direction != b.direction:
        return f"opposite direction ({a.direction} / {b.direction})"
    return None
