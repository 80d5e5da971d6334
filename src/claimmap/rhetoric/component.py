"""The ``claimmap_rhetoric`` spaCy component: propaganda technique spans onto the Doc."""

from __future__ import annotations

from collections.abc import Sequence

from spacy.language import Language
from spacy.tokens import Doc

from claimmap.nlp import extensions as records
from claimmap.nlp.tokens import doc_text, token_table
from claimmap.rhetoric.context import ArticleContext
from claimmap.rhetoric.model import RhetoricModel, label_spans, load_model
from claimmap.text import doc_key, main_holder, overlap
from claimmap.types import Quote, Technique, TextSpan, make_id


def owning_quote(span: tuple[int, int], quotes: Sequence[Quote]) -> Quote | None:
    """The quote whose content holds most of ``span`` (at least half of it): whose rhetoric
    it is. None means the author's."""
    return main_holder(quotes, span, lambda q: (q.content.start, q.content.end))


def drop_nested_repeats(found: list[tuple[int, int, str, float]]
                        ) -> list[tuple[int, int, str, float]]:
    """A sentence span and a word inside it with the same technique say one thing: keep the
    tighter span."""
    keep = []
    for item in found:
        start, end, label, _ = item
        covers_same = any(o is not item and o[2] == label and start <= o[0] and o[1] <= end
                          and (o[0], o[1]) != (start, end) for o in found)
        if not covers_same:
            keep.append(item)
    return keep


def find_techniques(text: str, model: RhetoricModel, tagged: Sequence[tuple[int, str]] = (),
                    skip: Sequence[Sequence[int]] = ()) -> list[tuple[int, int, str, float]]:
    """``(start, end, technique, score)`` for ``text``; spans touching ``skip`` ranges
    (captions) are left out. The score is P(propaganda span) x P(technique | span)."""
    ctx = ArticleContext.of(text, tagged)
    scored = model.score_tokens(ctx)
    spans = [s for s in model.find_spans(ctx, scored=scored)
             if not any(overlap((s[0], s[1]), (r[0], r[1])) for r in skip)]
    if not spans:
        return []
    keys = [(s, e) for s, e, _ in spans]
    labels = label_spans(model.classify(ctx, keys), keys, model.labels)
    found = [(s, e, label, p * prob)
             for (s, e, p), (label, prob) in zip(spans, labels, strict=True)]
    seen = set(keys)
    found += [peak for peak in model.peak_words(ctx, spans, scored)
              if (peak[0], peak[1]) not in seen]
    return [(s, e, label, round(score, 3))
            for s, e, label, score in sorted(drop_nested_repeats(found))]


def annotate(doc: Doc, model: RhetoricModel) -> Doc:
    text = doc_text(doc)
    key = doc_key(text)
    if doc.has_annotation("POS"):
        table = token_table(doc)
        tagged = list(zip(table.idx, table.pos, strict=True))
    else:
        tagged = []
    quotes = records.quotes(doc)
    found = []
    for start, end, technique, score in find_techniques(text, model, tagged,
                                                        records.captions(doc)):
        quote = owning_quote((start, end), quotes)
        found.append(Technique(
            id=make_id("tech", key, start, end, technique),
            span=TextSpan.of(text, start, end),
            technique=technique,
            score=score,
            actor_id=quote.speaker.actor_id if quote else None,
            quote_id=quote.id if quote else None,
        ))
    doc._.nc_techniques = tuple(found)
    return doc


class RhetoricComponent:
    """Finds spans that use a propaganda technique and says which, and whose words they are."""

    def __init__(self, nlp: Language, name: str) -> None:
        self.name = name
        self.model = load_model()

    def __call__(self, doc: Doc) -> Doc:
        return annotate(doc, self.model)
