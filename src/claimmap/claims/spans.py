"""Where claims are: sentences, split into clauses when one sentence holds two claims.

A sentence is split once, at a clause that has its own subject and verb and hangs off the main
verb through a contrast ("..., though Reuters estimates that ...", "..., but the ministry
denied it") or a coordination ("..., or perhaps ... does the U.S. want ...?"), when it sits at
the end of the sentence and both parts are long enough to be claims on their own.
Caption lines and lines without words are skipped.
"""

from __future__ import annotations

from collections.abc import Iterator, Sequence

from spacy.tokens import Doc, Span, Token

MIN_WORDS = 3
MIN_CLAUSE_WORDS = 5
_SPLIT_MARKS = {"though", "although", "while", "whereas", "but", "yet", "however"}
_SPLIT_CC = {"but", "or", "yet", "while"}


def _words(span: Span) -> int:
    return sum(1 for t in span if not t.is_punct and not t.is_space)


def _has_subject(head: Token) -> bool:
    return any(c.dep_ in ("nsubj", "nsubjpass", "expl") for c in head.children)


def _split_point(sent: Span) -> int | None:
    """Token index where a trailing clause with its own subject starts, if any."""
    root = sent.root
    for child in root.children:
        if child.i <= root.i or child.pos_ not in ("VERB", "AUX"):
            continue
        if child.dep_ == "advcl":
            marks = [c for c in child.children if c.dep_ == "mark"]
            if not marks or marks[0].lower_ not in _SPLIT_MARKS:
                continue
            start = child.left_edge.i
        elif child.dep_ == "conj":
            ccs = [c for c in root.children if c.dep_ == "cc" and root.i < c.i < child.i]
            if not ccs or ccs[-1].lower_ not in _SPLIT_CC:
                continue
            start = ccs[-1].i
        else:
            continue
        if not _has_subject(child) or child.right_edge.i < sent.end - 3:
            continue
        # Keep the comma with the first clause.
        if start <= sent.start or sent.doc[start - 1].text not in (",", ";"):
            continue
        first = sent.doc[sent.start:start]
        second = sent.doc[start:sent.end]
        if _words(first) >= MIN_CLAUSE_WORDS and _words(second) >= MIN_CLAUSE_WORDS:
            return start
    return None


def _trim(span: Span) -> Span | None:
    """The span without surrounding whitespace tokens."""
    start, end = span.start, span.end
    while start < end and span.doc[start].is_space:
        start += 1
    while end > start and span.doc[end - 1].is_space:
        end -= 1
    return span.doc[start:end] if end > start else None


def _in_captions(span: Span, captions: Sequence[Sequence[int]]) -> bool:
    return any(span.start_char < int(c[1]) and int(c[0]) < span.end_char for c in captions)


def claim_spans(doc: Doc, captions: Sequence[Sequence[int]] = ()) -> Iterator[Span]:
    """Claim-sized spans of ``doc`` in text order."""
    try:
        sents = list(doc.sents)
    except ValueError:
        # No parser or sentencizer ran: treat the whole text as one span.
        sents = [doc[:]] if len(doc) else []
    for sent in sents:
        trimmed = _trim(sent)
        if trimmed is None or _words(trimmed) < MIN_WORDS or _in_captions(trimmed, captions):
            continue
        point = _split_point(trimmed) if doc.has_annotation("DEP") else None
        if point is None:
            yield trimmed
            continue
        for part in (doc[trimmed.start:point], doc[point:trimmed.end]):
            clean = _trim(part)
            if clean is not None:
                yield clean
