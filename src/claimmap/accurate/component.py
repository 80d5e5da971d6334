"""The ``claimmap_accurate`` spaCy component: the accurate profile's hook into the stages.

It runs after claims, rhetoric and stance (before disputes) and replaces, in their own record
shapes, what the fine-tuned encoder decides better: each claim's check-worthiness, the
propaganda technique spans, and the agree / disagree / discuss call of a related headline (the
fast stance model still decides related or unrelated). Everything else the stages wrote stays.
Added to the pipeline only for ``Options(profile="accurate")``.
"""

from __future__ import annotations

import hashlib
from collections.abc import Sequence
from typing import Any

import numpy as np
from spacy.language import Language
from spacy.tokens import Doc

from claimmap.accurate.runtime import AccurateModel, load_model
from claimmap.types import make_id


def _overlap(a: tuple[int, int], b: tuple[int, int]) -> int:
    return max(0, min(a[1], b[1]) - max(a[0], b[0]))


def rescore_claims(claims: list[dict[str, Any]], model: AccurateModel) -> None:
    probs = model.checkworthiness([c["span"]["text"] for c in claims])
    for claim, row in zip(claims, probs, strict=True):
        claim["checkworthiness"] = {"label": model.cw_label(row),
                                    "score": round(float(row[0]), 4)}


def owning_quote(span: tuple[int, int], quotes: Sequence[dict[str, Any]]
                 ) -> dict[str, Any] | None:
    """The quote whose content holds at least half of ``span`` (the rhetoric stage's rule)."""
    best, best_share = None, 0.5
    length = max(1, span[1] - span[0])
    for quote in quotes:
        content = quote.get("content") or {}
        if "start" in content:
            share = _overlap(span, (content["start"], content["end"])) / length
            if share >= best_share:
                best, best_share = quote, share
    return best


def fast_techniques(text: str, tagged: Sequence[tuple[int, str]],
                    spans: Sequence[tuple[int, int]]) -> tuple[np.ndarray[Any, Any], list[str]]:
    """The fast rhetoric model's technique probabilities for the given spans."""
    from claimmap.rhetoric.context import ArticleContext
    from claimmap.rhetoric.model import load_model as load_rhetoric

    rhetoric = load_rhetoric()
    probs = rhetoric.classify(ArticleContext.of(text, tagged), list(spans))
    return np.asarray(probs), list(rhetoric.labels)


def technique_records(text: str, model: AccurateModel, quotes: Sequence[dict[str, Any]],
                      skip: Sequence[Sequence[int]] = (),
                      tagged: Sequence[tuple[int, str]] = ()) -> list[dict[str, Any]]:
    found, pieces, states = model.read(text)
    spans = [s for s in found if not any(_overlap((s[0], s[1]), (r[0], r[1])) for r in skip)]
    if not spans:
        return []
    keys = [(s, e) for s, e, _ in spans]
    if model.uses("tc"):
        probs = model.techniques(text, keys, (pieces, states))
        labels: list[str] = model.params["tc_labels"]
    else:
        probs, labels = fast_techniques(text, tagged, keys)
    doc_key = hashlib.sha1(text.encode("utf-8")).hexdigest()[:12]
    records = []
    for (start, end, p_span), row in zip(spans, probs, strict=True):
        best = int(np.argmax(row))
        technique = labels[best]
        quote = owning_quote((start, end), quotes)
        records.append({
            "id": make_id("tech", doc_key, start, end, technique),
            "span": {"start": start, "end": end, "text": text[start:end]},
            "technique": technique,
            "score": round(p_span * float(row[best]), 3),
            "actor_id": (quote.get("speaker") or {}).get("actor_id") if quote else None,
            "quote_id": quote.get("id") if quote else None,
        })
    return records


def restance(record: dict[str, Any], body: str, model: AccurateModel) -> None:
    """Re-decide a related stance record among agree / disagree / discuss."""
    if record.get("label") == "unrelated":
        return
    probs = model.stance(str(record.get("headline") or ""), body)
    p_related = 1.0 - float(record["scores"].get("unrelated", 0.0))
    labels: list[str] = model.params["stance_labels"]
    record["label"] = model.stance_label(probs)
    record["scores"] = {**{label: round(p_related * float(p), 4)
                           for label, p in zip(labels, probs, strict=True)},
                        "unrelated": record["scores"].get("unrelated", 0.0)}


class AccurateComponent:
    def __init__(self, nlp: Language, name: str) -> None:
        self.name = name
        self.model = load_model()

    def __call__(self, doc: Doc) -> Doc:
        claims = doc._.get("nc_claims")
        if claims and self.model.uses("cw"):
            rescore_claims(claims, self.model)
        captions = [list(r) for r in (doc._.get("nc_captions") or [])]
        if doc._.get("nc_techniques") is not None:
            tagged = [(t.idx, t.pos_) for t in doc] if doc.has_annotation("POS") else []
            doc._.nc_techniques = technique_records(
                doc.text, self.model, list(doc._.get("nc_quotes") or []), captions, tagged)
        record = doc._.get("nc_stance")
        if record and self.model.uses("stance"):
            from claimmap.stance.headline import masked_body

            skip = captions + ([list(doc._.nc_title_span)] if doc._.get("nc_title_span")
                               else [])
            restance(record, masked_body(doc.text, skip), self.model)
        return doc


@Language.factory("claimmap_accurate")
def make_accurate(nlp: Language, name: str) -> AccurateComponent:
    return AccurateComponent(nlp, name)
