"""The ``claimmap_accurate`` spaCy component: the accurate profile's hook into the stages.

It runs after claims and stance (before disputes) and replaces, in their own record shapes,
what the fine-tuned encoder decides better: each claim's check-worthiness, and the agree /
disagree / discuss call of a related headline (the fast stance model still decides related or
unrelated). It also stands in for the rhetoric stage, which the accurate pipeline leaves out:
the technique records come from its span head, labelled by the fast technique model.
Everything else the stages wrote stays. Added only for ``Options(profile="accurate")``.
"""

from __future__ import annotations

import dataclasses
from collections.abc import Sequence

import numpy as np
from spacy.language import Language
from spacy.tokens import Doc

from claimmap.accurate.runtime import (
    AccurateModel,
    Encoded,
    blend_techniques,
    load_model,
    related_probabilities,
    shifted_fast_label,
)
from claimmap.accurate.techniques import technique_probabilities
from claimmap.nlp import extensions as records
from claimmap.nlp.tokens import doc_text
from claimmap.text import doc_key, overlap
from claimmap.types import Checkworthiness, Claim, Quote, Stance, Technique, TextSpan, make_id


def rescore_claims(claims: Sequence[Claim], model: AccurateModel, text: str,
                   encoded: Encoded | None = None) -> tuple[Claim, ...]:
    """Each claim's check-worthiness, read from the article's one encoder pass (``encoded``,
    which holds each claim as an input of its own), not from a pass of its own."""
    probs = model.checkworthiness_in(text, [(c.span.start, c.span.end) for c in claims],
                                     encoded)
    return tuple(dataclasses.replace(claim, checkworthiness=Checkworthiness(
        model.cw_label(row), round(float(row[0]), 4)))  # type: ignore[arg-type]
        for claim, row in zip(claims, probs, strict=True))


def technique_records(text: str, model: AccurateModel, quotes: Sequence[Quote],
                      skip: Sequence[Sequence[int]] = (),
                      tagged: Sequence[tuple[int, str]] = (),
                      encoded: Encoded | None = None) -> tuple[Technique, ...]:
    from claimmap.rhetoric.component import owning_quote
    from claimmap.rhetoric.context import ArticleContext
    from claimmap.rhetoric.model import load_model as load_rhetoric

    ctx = ArticleContext.of(text, tagged)
    fast = second = None
    if model.blends_si():
        from claimmap.accurate.tagger import blend_inputs

        # The fast tagger's token marginals only: its sentence stack and spans are not used.
        marginals, tokens, second = blend_inputs(ctx, load_rhetoric(), model.blends_second())
        fast = (marginals, tokens)
    found, pieces, states = model.read(text, encoded=encoded, fast=fast, second=second)
    spans = [s for s in found if not any(overlap((s[0], s[1]), (r[0], r[1])) for r in skip)]
    if not spans:
        return ()
    keys = [(s, e) for s, e, _ in spans]
    rhetoric = load_rhetoric()
    labels = list(rhetoric.labels)
    probs = technique_probabilities(model, ctx, keys, rhetoric)
    if model.uses("tc"):
        probs = blend_techniques(model, probs, labels, model.techniques(text, keys,
                                                                        (pieces, states)))
    key = doc_key(text)
    out = []
    for (start, end, p_span), row in zip(spans, probs, strict=True):
        best = int(np.argmax(row))
        technique = labels[best]
        quote = owning_quote((start, end), quotes)
        out.append(Technique(
            id=make_id("tech", key, start, end, technique),
            span=TextSpan.of(text, start, end),
            technique=technique,
            score=round(p_span * float(row[best]), 3),
            actor_id=quote.speaker.actor_id if quote else None,
            quote_id=quote.id if quote else None,
        ))
    return tuple(out)


def restance(stance: Stance, body: str, model: AccurateModel) -> Stance:
    """Re-decide a related stance among agree / disagree / discuss."""
    if stance.label == "unrelated":
        return stance
    probs = model.stance(stance.headline, body)
    p_related = 1.0 - float(stance.scores.get("unrelated", 0.0))
    labels: list[str] = model.params["stance_labels"]
    scores = {label: round(p_related * float(p), 4)
              for label, p in zip(labels, probs, strict=True)}
    scores["unrelated"] = stance.scores.get("unrelated", 0.0)
    fast = related_probabilities(stance.scores, labels)
    return dataclasses.replace(stance, label=model.stance_label(probs, fast),  # type: ignore[arg-type]
                               scores=scores)


class AccurateComponent:
    def __init__(self, nlp: Language, name: str, techniques: bool = True) -> None:
        self.name = name
        self.model = load_model()
        # Whether this component writes the technique records: under the accurate profile
        # the fast rhetoric component is left out of the pipeline and this one stands in.
        self.techniques = techniques

    def __call__(self, doc: Doc) -> Doc:
        text = doc_text(doc)
        claims = records.claims(doc)
        rescore = bool(claims) and self.model.uses("cw")
        spans = self.techniques and self.model.uses("si")
        if self.techniques and not spans:
            from claimmap.rhetoric.component import annotate
            from claimmap.rhetoric.model import load_model as load_rhetoric

            annotate(doc, load_rhetoric())
        # One encoder pass over the article's lines, cut at the claims, serves every head.
        encoded = (self.model.encode(text, [(c.span.start, c.span.end) for c in claims])
                   if rescore or spans else None)
        if rescore:
            doc._.nc_claims = rescore_claims(claims, self.model, text, encoded)
        captions = list(records.captions(doc))
        if spans:
            tagged = [(t.idx, t.pos_) for t in doc] if doc.has_annotation("POS") else []
            doc._.nc_techniques = technique_records(text, self.model, records.quotes(doc),
                                                    captions, tagged, encoded)
        stance = doc._.get("nc_stance")
        if isinstance(stance, Stance) and not self.model.uses("stance"):
            label = shifted_fast_label(self.model, stance.label, stance.scores)
            if label != stance.label:
                doc._.nc_stance = dataclasses.replace(stance, label=label)  # type: ignore[arg-type]
        elif isinstance(stance, Stance):
            from claimmap.stance.headline import masked_body

            title = records.title_span(doc)
            body = masked_body(doc_text(doc), captions + ([title] if title else []))
            doc._.nc_stance = restance(stance, body, self.model)
        return doc


@Language.factory("claimmap_accurate", default_config={"techniques": True})
def make_accurate(nlp: Language, name: str, techniques: bool) -> AccurateComponent:
    return AccurateComponent(nlp, name, techniques)
