"""Token attributes of a Doc read once, as plain lists, for every stage that reads them.

A spaCy ``Token`` is built afresh on each ``doc[i]``, ``token.head`` or ``for t in span``, and
``Doc.text`` joins every token's text on each call: the stages' feature code did both
thousands of times per article. ``token_table(doc)`` reads the attributes the stages use in
one ``Doc.to_array`` call and keeps them, with the text, for the Doc being analysed (the
last one asked about: the components run one Doc at a time). Values are exactly the
corresponding ``Token`` attributes (a test compares them over real text).
"""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np
from spacy.attrs import (
    DEP,
    ENT_TYPE,
    HEAD,
    IDX,
    IS_PUNCT,
    IS_SPACE,
    IS_TITLE,
    LOWER,
    ORTH,
    POS,
    SHAPE,
    TAG,
)
from spacy.parts_of_speech import NAMES as POS_NAMES
from spacy.tokens import Doc, Span

_ATTRS = [ORTH, LOWER, SHAPE, POS, TAG, DEP, ENT_TYPE, HEAD, IDX, IS_PUNCT, IS_TITLE, IS_SPACE]


@dataclass(frozen=True, slots=True)
class TokenTable:
    """Per token ``i`` of a Doc: ``text[i]`` is ``doc[i].text``, ``head[i]`` is
    ``doc[i].head.i`` and so on (``pos`` is ``pos_``, ``ent_type`` is ``ent_type_``...)."""

    text: list[str]
    lower: list[str]
    shape: list[str]
    pos: list[str]
    tag: list[str]
    dep: list[str]
    ent_type: list[str]
    head: list[int]
    idx: list[int]
    is_punct: list[bool]
    is_title: list[bool]
    is_space: list[bool]

    def __len__(self) -> int:
        return len(self.text)


def _strings(doc: Doc, column: np.ndarray) -> list[str]:
    hashes = column.tolist()
    store = doc.vocab.strings
    names = {h: (store[h] if h else "") for h in set(hashes)}
    return [names[h] for h in hashes]


def _build(doc: Doc) -> TokenTable:
    if not len(doc):
        return TokenTable(*([] for _ in range(12)))
    array = doc.to_array(_ATTRS)
    # HEAD is an offset from the token; to_array gives it as an unsigned number.
    offsets = array[:, 7].astype(np.int64)
    heads = (offsets + np.arange(len(doc), dtype=np.int64)).tolist()
    pos_ids = array[:, 3].tolist()
    return TokenTable(
        text=_strings(doc, array[:, 0]), lower=_strings(doc, array[:, 1]),
        shape=_strings(doc, array[:, 2]), pos=[POS_NAMES[p] for p in pos_ids],
        tag=_strings(doc, array[:, 4]), dep=_strings(doc, array[:, 5]),
        ent_type=_strings(doc, array[:, 6]), head=heads, idx=array[:, 8].tolist(),
        is_punct=[bool(v) for v in array[:, 9].tolist()],
        is_title=[bool(v) for v in array[:, 10].tolist()],
        is_space=[bool(v) for v in array[:, 11].tolist()])


# (doc, its text, its table or None): one slot, replaced whole so threads never see a torn
# one; the identity check means a Doc never gets another Doc's values.
_last: tuple[Doc | None, str, TokenTable | None] = (None, "", None)


def doc_text(doc: Doc) -> str:
    """``doc.text``, joined once per Doc."""
    global _last
    cached = _last
    if cached[0] is doc:
        return cached[1]
    text = doc.text
    _last = (doc, text, None)
    return text


def token_table(doc: Doc) -> TokenTable:
    """The TokenTable of ``doc``, built once per Doc."""
    global _last
    cached = _last
    if cached[0] is doc and cached[2] is not None and len(cached[2]) == len(doc):
        return cached[2]
    table = _build(doc)
    _last = (doc, cached[1] if cached[0] is doc else doc.text, table)
    return table


_last_ents: tuple[Doc | None, tuple[Span, ...]] = (None, ())


def doc_ents(doc: Doc) -> tuple[Span, ...]:
    """``doc.ents``, built once per Doc (``Span.ents`` rebuilds them on every call)."""
    global _last_ents
    cached = _last_ents
    if cached[0] is doc:
        return cached[1]
    ents = tuple(doc.ents)
    _last_ents = (doc, ents)
    return ents


def span_ents(span: Span) -> list[Span]:
    """``span.ents``: the Doc's entities lying wholly inside ``span``, in order."""
    return [e for e in doc_ents(span.doc) if e.start >= span.start and e.end <= span.end]
