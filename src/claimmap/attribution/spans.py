"""Character ranges of a parsed Doc for the attribution rules: trimming, subtrees, cue
words with their auxiliaries, and per-Doc caches of the text and sentence starts."""

from __future__ import annotations

import bisect

from spacy.tokens import Doc, Span, Token

from claimmap.nlp.tokens import doc_text as shared_doc_text

PUNCT_TRIM = " \t\r\n,;:—–-"


_CONNECTIVES = (" but", " and", " while", " whereas", " however", " though", " although",
                " yet", " as")


def strip_connective(text: str, start: int, end: int) -> tuple[int, int]:
    start, end = trim(text, start, end)
    lowered = text[start:end].lower()
    for word in _CONNECTIVES:
        if lowered.endswith(word):
            start, end = trim(text, start, end - len(word))
            lowered = text[start:end].lower()
        if lowered.startswith(word.strip() + " "):
            start, end = trim(text, start + len(word), end)
            lowered = text[start:end].lower()
    return start, end


_SENTS_KEY = "claimmap.sentence_starts"


def sentence_of(doc: Doc, i: int) -> Span:
    """The sentence holding token ``i``. ``Token.sent`` walks the whole Doc on every call;
    this keeps the sentence starts once per Doc (dropped again by ``forget_sentences``)."""
    starts: list[int] | None = doc.user_data.get(_SENTS_KEY)
    if starts is None:
        starts = [sent.start for sent in doc.sents]
        doc.user_data[_SENTS_KEY] = starts
    index = bisect.bisect_right(starts, i) - 1
    end = starts[index + 1] if index + 1 < len(starts) else len(doc)
    return doc[starts[index]:end]


_TEXT_KEY = "claimmap.text"


def doc_text(doc: Doc) -> str:
    """``Doc.text`` rebuilds the string from every token on each call; keep it once."""
    text: str | None = doc.user_data.get(_TEXT_KEY)
    if text is None:
        # The shared per-Doc text: the TokenTable keeps the same string, joined once.
        text = shared_doc_text(doc)
        doc.user_data[_TEXT_KEY] = text
    return text


def forget_sentences(doc: Doc) -> None:
    """Drop the per-Doc caches of this module (sentence starts, text)."""
    doc.user_data.pop(_SENTS_KEY, None)
    doc.user_data.pop(_TEXT_KEY, None)


def excluded_ranges(doc: Doc) -> list[tuple[int, int]]:
    return [(int(s), int(e)) for s, e in (doc._.get("nc_captions") or [])]


def trim(text: str, start: int, end: int) -> tuple[int, int]:
    """Strip spaces (no-break ones too) and dangling punctuation from both ends of a
    character range."""
    while start < end and (text[start] in PUNCT_TRIM or text[start].isspace()):
        start += 1
    while end > start and (text[end - 1] in PUNCT_TRIM or text[end - 1].isspace()):
        end -= 1
    return start, end


def subtree_range(token: Token) -> tuple[int, int]:
    left, right = token.left_edge, token.right_edge
    return left.idx, right.idx + len(right.text)


def cue_range(cue: Token) -> tuple[int, int]:
    """The cue word with its auxiliaries, negation and particle ("has not said", "pointed out")."""
    start, end = cue.idx, cue.idx + len(cue.text)
    for child in cue.children:
        if child.dep_ in ("aux", "auxpass", "neg") and child.i < cue.i and cue.i - child.i <= 3:
            start = min(start, child.idx)
        if child.dep_ == "prt" and child.i == cue.i + 1:
            end = child.idx + len(child.text)
    return start, end
