"""Every custom ``._`` attribute claimmap sets, registered once at import time, and typed
readers for them.

Each stage writes frozen records of :mod:`claimmap.types` (tuples of them) to its extension
and reads earlier stages' records through the readers below, never through raw ``doc._``.
The records survive ``Doc.to_bytes``, ``DocBin`` and ``n_process`` workers: they are packed
as tagged maps by the msgpack encoder registered here, and rebuilt (strictly: an unknown
field is an error) on unpacking.
"""

from __future__ import annotations

import dataclasses
from typing import Any, cast

import srsly
from spacy.tokens import Doc

import claimmap.types
from claimmap.text import Range
from claimmap.types import (
    Accusation,
    Actor,
    Claim,
    Dispute,
    Quote,
    QuoteTarget,
    Stance,
    Technique,
)

# name -> what it holds (and who writes it)
DOC_EXTENSIONS: dict[str, str] = {
    "nc_title": "the article headline (str or None); set by api.prepare_doc",
    "nc_title_span": "(start, end) of the headline inside the text, or None; prepare_doc",
    "nc_captions": "((start, end), ...) caption/credit lines excluded from analysis; prepare_doc",
    "nc_actors": "tuple[Actor, ...]; attribution",
    "nc_quotes": "tuple[Quote, ...]; attribution",
    "nc_quote_targets": "tuple[QuoteTarget, ...]: the accused of accusing quotes; attribution",
    "nc_claims": "tuple[Claim, ...]; claims",
    "nc_techniques": "tuple[Technique, ...]; rhetoric",
    "nc_stance": "Stance or None; stance",
    "nc_disputes": "tuple[Dispute, ...]; disputes",
    "nc_accusations": "tuple[Accusation, ...]; disputes",
    "nc_notes": "tuple[str, ...] notes for the reader; any stage may add one",
}


def register_extensions() -> None:
    for name in DOC_EXTENSIONS:
        if not Doc.has_extension(name):
            # No mutable default: a shared list would leak between Docs. Readers below
            # turn None into an empty tuple.
            Doc.set_extension(name, default=None)


# --- typed readers --------------------------------------------------------------------


def _tuple(doc: Doc, name: str) -> tuple[Any, ...]:
    value = doc._.get(name)
    return tuple(value) if value else ()


def actors(doc: Doc) -> tuple[Actor, ...]:
    return cast(tuple[Actor, ...], _tuple(doc, "nc_actors"))


def quotes(doc: Doc) -> tuple[Quote, ...]:
    return cast(tuple[Quote, ...], _tuple(doc, "nc_quotes"))


def quote_targets(doc: Doc) -> tuple[QuoteTarget, ...]:
    return cast(tuple[QuoteTarget, ...], _tuple(doc, "nc_quote_targets"))


def claims(doc: Doc) -> tuple[Claim, ...]:
    return cast(tuple[Claim, ...], _tuple(doc, "nc_claims"))


def techniques(doc: Doc) -> tuple[Technique, ...]:
    return cast(tuple[Technique, ...], _tuple(doc, "nc_techniques"))


def stance(doc: Doc) -> Stance | None:
    return cast(Stance | None, doc._.get("nc_stance"))


def disputes(doc: Doc) -> tuple[Dispute, ...]:
    return cast(tuple[Dispute, ...], _tuple(doc, "nc_disputes"))


def accusations(doc: Doc) -> tuple[Accusation, ...]:
    return cast(tuple[Accusation, ...], _tuple(doc, "nc_accusations"))


def notes(doc: Doc) -> tuple[str, ...]:
    return cast(tuple[str, ...], _tuple(doc, "nc_notes"))


def add_note(doc: Doc, note: str) -> None:
    doc._.nc_notes = (*notes(doc), note)


def title(doc: Doc) -> str | None:
    return cast(str | None, doc._.get("nc_title"))


def title_span(doc: Doc) -> Range | None:
    value = doc._.get("nc_title_span")
    return (int(value[0]), int(value[1])) if value else None


def captions(doc: Doc) -> tuple[Range, ...]:
    return tuple((int(s), int(e)) for s, e in _tuple(doc, "nc_captions"))


# --- msgpack codec for the records ------------------------------------------------------

_TAG = "__claimmap__"
# Every record class of claimmap.types, by name (found, not listed: a new one is known).
RECORD_TYPES: dict[str, type] = {
    name: cls for name, cls in vars(claimmap.types).items()
    if isinstance(cls, type) and dataclasses.is_dataclass(cls)
    and cls.__module__ == "claimmap.types"}


def _encode(obj: Any, chain: Any = None) -> Any:
    cls = type(obj)
    if RECORD_TYPES.get(cls.__name__) is cls:
        packed = {f.name: getattr(obj, f.name) for f in dataclasses.fields(obj)}
        packed[_TAG] = cls.__name__
        return packed
    return obj if chain is None else chain(obj)


def _unlist(value: Any) -> Any:
    return tuple(_unlist(v) for v in value) if isinstance(value, list) else value


def _decode(obj: Any, chain: Any = None) -> Any:
    if isinstance(obj, dict) and _TAG in obj:
        cls = RECORD_TYPES[obj.pop(_TAG)]
        # Unknown fields raise here (TypeError): a record never loses data silently.
        return cls(**{k: _unlist(v) for k, v in obj.items()})
    return obj if chain is None else chain(obj)


srsly.msgpack_encoders.register("claimmap_records", func=_encode)
srsly.msgpack_decoders.register("claimmap_records", func=_decode)
register_extensions()
