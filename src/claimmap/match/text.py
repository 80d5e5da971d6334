"""Text views used by matching: a cleaned query, BM25 terms, entity-like words and figures.

Plain regular expressions, no spaCy: ``match`` sits after the pipeline and must not load it.
"""

from __future__ import annotations

import functools
import re

_PIC = re.compile(r"pic\.twitter\.com/\w+", re.IGNORECASE)
_URL = re.compile(r"(?:https?://|www\.)\S+", re.IGNORECASE)
_HASH_OR_HANDLE = re.compile(r"[#@](\w+)")
_CAMEL = re.compile(r"(?<=[a-z])(?=[A-Z])|(?<=[A-Z])(?=[A-Z][a-z])"
                    r"|(?<=[A-Za-z])(?=\d)|(?<=\d)(?=[A-Za-z])")
_SPACE = re.compile(r"\s+")


def _split_tag(match: re.Match[str]) -> str:
    return _CAMEL.sub(" ", match.group(1)).replace("_", " ")


# "— Ilhan Omar (@IlhanMN) January 6, 2020": a copied tweet's signature, at its end or, in
# a quoted tweet, inside the text.
_ANY_SIGNATURE = re.compile(r"\s*[—–]\s*([^—–()]{0,80}?)\s*\(@\w{1,30}\)\s*"
                            r"[A-Z][a-z]+ \d{1,2}, \d{4}")
# Pictographs, dingbats, flags and their joiners: MiniLM reads each as [UNK].
_EMOJI = re.compile("[\U0001F000-\U0001FAFF\u2600-\u27BF\uFE0F\u200d\U000E0000-\U000E007F]+")


def signature_authors(text: str) -> list[str]:
    """The names in a copied tweet's signatures ("— Ilhan Omar (@IlhanMN) January 6, 2020")."""
    return [m.group(1).strip() for m in _ANY_SIGNATURE.finditer(text) if m.group(1).strip()]


def clean_query(text: str, *, keep_author: bool = True) -> str:
    """Social-media noise out: links, picture links, emoji, every copied-tweet signature (its
    author's name kept when ``keep_author``), # and @ with camel-case tags split ("#IranUsa"
    -> "Iran Usa"). Article sentences pass through unchanged but for spacing."""
    authors = signature_authors(text)
    text = _ANY_SIGNATURE.sub(" ", text)
    text = _PIC.sub(" ", text)
    text = _URL.sub(" ", text)
    text = _HASH_OR_HANDLE.sub(_split_tag, text)
    text = _EMOJI.sub(" ", text)
    if keep_author and authors:
        text = " ".join([text, *authors])
    return _SPACE.sub(" ", text).strip()


# A sentence ends at . ! ? before a space, or at a line break; pieces under three words
# ("Wow.", "Read this!") carry no claim of their own.
_SENTENCE_END = re.compile(r"(?<=[.!?])\s+|\n+")


def query_sentences(text: str) -> list[str]:
    """The sentences of a cleaned query worth a vector of their own; the whole text when it
    has none (so an article's one-sentence claim is one text, embedded once)."""
    parts = [p.strip() for p in _SENTENCE_END.split(text) if len(p.split()) >= 3]
    return parts or [text]


_YEAR = re.compile(r"\b(?:19[5-9]\d|20[0-4]\d)\b")
_SIGNATURE_YEAR = re.compile(r"\(@\w{1,30}\)\s*[A-Z][a-z]+ \d{1,2}, (\d{4})")


def years(text: str) -> set[str]:
    """Years named in a text, and the year of each copied-tweet signature's date."""
    return set(_YEAR.findall(text)) | set(_SIGNATURE_YEAR.findall(text))


_MEDIA_QUERY = re.compile(r"pic\.twitter\.com|\b(?:photos?|pictures?|pics?|videos?|footage|"
                          r"images?|clips?|watch|gifs?|memes?|screenshots?)\b", re.IGNORECASE)
_MEDIA_DOC = re.compile(r"\b(?:photo|photograph|picture|pic|video|footage|image|clip|gif|meme|"
                        r"screenshot)s?\b", re.IGNORECASE)


def mentions_media(text: str, *, query: bool) -> bool:
    """Whether a text shows or names a picture or video (a query: also a picture link):
    fact-checks of pictures open "A photograph shows..."."""
    return (_MEDIA_QUERY if query else _MEDIA_DOC).search(text) is not None


_WORD = re.compile(r"[A-Za-z][A-Za-z'’]*|\d+(?:[.,]\d+)*")
_STOPWORD_LIST = """
a about above after again against all am an and any are as at be because been before being
below between both but by can could did do does doing down during each few for from further
had has have having he her here hers herself him himself his how i if in into is it its itself
just me more most my myself no nor not now of off on once only or other our ours ourselves out
over own same she should so some such than that the their theirs them themselves then there
these they this those through to too under until up very was we were what when where which
while who whom why will with would you your yours yourself yourselves s t don via rt amp
"""
STOPWORDS = frozenset(_STOPWORD_LIST.split())


def _stem(word: str) -> str:
    """A light suffix strip: enough to meet "vaccines"/"vaccine", "claimed"/"claim"."""
    for suffix, keep in (("ies", 3), ("ing", 4), ("ed", 4), ("es", 4), ("s", 3)):
        if word.endswith(suffix) and len(word) - len(suffix) >= keep:
            if suffix == "ies":
                return word[:-3] + "y"
            if suffix == "s" and word.endswith("ss"):
                return word
            return word[: -len(suffix)]
    return word


@functools.lru_cache(maxsize=65536)
def _term(raw: str) -> str:
    """The BM25 term of one word as found ("" for a stopword). Cached: news repeats its words,
    and claim tracking takes the terms of every stored claim."""
    word = raw.lower().replace("’", "'").removesuffix("'s").strip("'")
    if not word or word in STOPWORDS:
        return ""
    return word if word[0].isdigit() else _stem(word)


def terms(text: str) -> list[str]:
    """BM25 terms: lower-cased words without stopwords, lightly stemmed; numbers as written."""
    return [t for t in map(_term, _WORD.findall(text)) if t]


_CAPITALISED = re.compile(r"\b(?:[A-Z]\.){2,}|\b[A-Z][a-z]+[A-Za-z]*|\b[A-Z]{2,}\b")
_ALNUM = re.compile(r"(?:[A-Za-z]\.){2,}|[A-Za-z0-9]+")


def _norm(word: str) -> str:
    return word.replace(".", "").lower()


def entity_words(text: str) -> set[str]:
    """Lower-cased capitalised words and acronyms ("U.S." is "us"), stopwords left out: a
    stand-in for named entities that needs no tagger (sentence-initial words are kept: claims
    often open with their subject's name)."""
    found = {_norm(m.group(0)) for m in _CAPITALISED.finditer(text)}
    return {w for w in found if w not in STOPWORDS}


def word_set(text: str) -> set[str]:
    """Every lower-cased word and figure of a text, as :func:`entity_words` spells them."""
    return {_norm(w) for w in _ALNUM.findall(text)}


_NUMBER = re.compile(r"(?<![\w.])\d{1,3}(?:,\d{3})+(?:\.\d+)?|(?<![\w.])\d+(?:\.\d+)?")


_DIGIT = re.compile(r"\d")


def numbers(text: str) -> set[str]:
    """Figures normalised ("1,200" and "1200" meet; "4.20" is "4.2"); years included."""
    out: set[str] = set()
    if _DIGIT.search(text) is None:
        return out  # most claims have no figure; scanning for one with _NUMBER costs more
    for match in _NUMBER.finditer(text):
        value = match.group(0).replace(",", "")
        if "." in value:
            value = value.rstrip("0").rstrip(".")
        out.add(value.lstrip("0") or "0")
    return out
