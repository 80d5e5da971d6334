"""Attribution evaluation: claimmap's quotes scored against PolNeAR-style gold spans.

Each quote gives three predicted spans: its content, its cue and its speaker's mention (the
source). Each role is scored as a set of spans per article, exact and overlap (see
:mod:`claimmap.eval.scoring`), plus content tokens. A gold role with several fragments
(discontinuous, or ``Content``/``Content2``) counts as its covering range for span scores
and as its fragments for token scores. Gold and predicted spans are de-duplicated per role:
PolNeAR shares one source span between attributions ("X said A ... and B"), and a speaker
mention predicted for two quotes is one span, not two.
"""

from __future__ import annotations

import dataclasses
import json
from collections.abc import Callable, Iterable, Iterator, Sequence
from pathlib import Path
from typing import Any

from claimmap.eval.polnear import (
    ROLES,
    PolnearArticle,
    PolnearAttribution,
    covering,
    format_ann,
)
from claimmap.eval.scoring import PRF, Span, Tokens, exact_matches, overlap_pairs, span_set
from claimmap.text import overlaps
from claimmap.types import ClaimMap, Quote, TextSpan


@dataclasses.dataclass(slots=True)
class AttributionScores:
    """Running totals over articles: per role exact and overlap, and content tokens."""

    exact: dict[str, PRF] = dataclasses.field(
        default_factory=lambda: {r: PRF() for r in ROLES})
    overlap: dict[str, PRF] = dataclasses.field(
        default_factory=lambda: {r: PRF() for r in ROLES})
    content_tokens: PRF = dataclasses.field(default_factory=PRF)
    articles: int = 0
    # Source accuracy: of the gold attributions whose content a quote overlaps (the same
    # one-to-one pairing as content overlap), how many that quote gives the right source
    # (its speaker mention overlaps the gold source; no mention where gold has none).
    sourced_pairs: int = 0
    sourced_right: int = 0

    @property
    def source_accuracy(self) -> float:
        return self.sourced_right / self.sourced_pairs if self.sourced_pairs else 0.0

    def add(self, text: str, gold: Sequence[PolnearAttribution],
            pred: Sequence[PolnearAttribution]) -> None:
        """Score one article's predictions against its gold attributions."""
        self.articles += 1
        for role in ROLES:
            gold_spans = _role_spans(text, gold, role)
            pred_spans = _role_spans(text, pred, role)
            self.exact[role].add(exact_matches(pred_spans, gold_spans),
                                 len(pred_spans), len(gold_spans))
            self.overlap[role].add(len(overlap_pairs(pred_spans, gold_spans)),
                                   len(pred_spans), len(gold_spans))
        self._source_accuracy(gold, pred)
        tokens = Tokens(text)
        gold_tokens = tokens.covered(f for a in gold for f in a.content)
        pred_tokens = tokens.covered(f for a in pred for f in a.content)
        self.content_tokens.add(len(gold_tokens & pred_tokens), len(pred_tokens),
                                len(gold_tokens))

    def _source_accuracy(self, gold: Sequence[PolnearAttribution],
                         pred: Sequence[PolnearAttribution]) -> None:
        golds = [(g, covering(g.content)) for g in gold]
        preds = [(p, covering(p.content)) for p in pred]
        golds = [(g, c) for g, c in golds if c is not None]
        preds = [(p, c) for p, c in preds if c is not None]
        pairs = overlap_pairs([c for _, c in preds if c], [c for _, c in golds if c])
        for i, j in pairs:
            gold_source = covering(golds[j][0].source)
            pred_source = covering(preds[i][0].source)
            self.sourced_pairs += 1
            if gold_source is None or pred_source is None:
                self.sourced_right += gold_source is None and pred_source is None
            elif overlaps(gold_source, pred_source):
                self.sourced_right += 1

    def to_dict(self) -> dict[str, Any]:
        return {
            "articles": self.articles,
            "source_accuracy": round(self.source_accuracy, 4),
            "roles": {role: {"exact": self.exact[role].to_dict(),
                             "overlap": self.overlap[role].to_dict()} for role in ROLES},
            "content_tokens": self.content_tokens.to_dict(),
        }


def _role_spans(text: str, attributions: Iterable[PolnearAttribution], role: str) -> list[Span]:
    ranges = (covering(a.role(role)) for a in attributions)
    return span_set(text, (r for r in ranges if r is not None))


def _fragments(span: TextSpan | None) -> tuple[Span, ...]:
    return () if span is None else ((span.start, span.end),)


def quote_attribution(quote: Quote) -> PolnearAttribution:
    """A quote as a PolNeAR attribution: speaker mention as source."""
    mention = quote.speaker.mention
    return PolnearAttribution(id=quote.id, source=_fragments(mention),
                              cue=_fragments(quote.cue), content=_fragments(quote.content),
                              no_source=mention is None)


# At most this many words between two halves of one utterance ("“Judge,” I said, “...”").
HALF_GAP_WORDS = 40


def _same_speaker(first: Quote, second: Quote) -> bool:
    if first.speaker.actor_id is not None:
        return first.speaker.actor_id == second.speaker.actor_id
    return first.speaker.mention is not None and first.speaker.mention == second.speaker.mention


def _inside(span: TextSpan | None, start: int, end: int) -> bool:
    return span is not None and start <= span.start and span.end <= end


def _halves(text: str, first: Quote, second: Quote) -> bool:
    """Are two quotes the halves of one utterance, as PolNeAR writes it: one attribution
    whose content is split by its cue ("“We will rebuild,” she said, “and ...”"), or a
    quotation that runs on into the next paragraph with no cue of its own? claimmap gives
    each half a quote of its own (what a reader quotes); PolNeAR one discontinuous
    content."""
    start, end = first.content.end, second.content.start
    if end < start or first.kind != "direct" or second.kind != "direct":
        return False
    if second.cue is not None and second.cue != first.cue:
        return False  # "“A,” she said. “B,” she added.": two attributions
    if not _same_speaker(first, second) and second.speaker.mention is not None:
        return False
    gap = text[start:end]
    if not gap.strip():
        return second.cue is None
    return len(gap.split()) <= HALF_GAP_WORDS and _inside(first.cue, start, end)


def predicted_attributions(claim_map: ClaimMap) -> tuple[PolnearAttribution, ...]:
    return quotes_as_attributions(claim_map.article.text, claim_map.quotes)


def quotes_as_attributions(text: str, quotes: Iterable[Quote]
                           ) -> tuple[PolnearAttribution, ...]:
    """Each quote as a PolNeAR attribution; the halves of one utterance (see ``_halves``)
    as one attribution with two content fragments, PolNeAR's own convention."""
    groups: list[list[Quote]] = []
    for quote in sorted(quotes, key=lambda q: q.content.start):
        if groups and _halves(text, groups[-1][-1], quote):
            groups[-1].append(quote)
        else:
            groups.append([quote])
    out = []
    for group in groups:
        head = quote_attribution(group[0])
        if len(group) > 1:
            cue = next((q.cue for q in group if q.cue is not None), None)
            mention = next((q.speaker.mention for q in group if q.speaker.mention), None)
            head = dataclasses.replace(
                head, content=tuple((q.content.start, q.content.end) for q in group),
                cue=_fragments(cue), source=_fragments(mention), no_source=mention is None)
        out.append(head)
    return tuple(out)


def predict(articles: Sequence[PolnearArticle], *, n_process: int = 1,
            nlp: Any = None) -> Iterator[tuple[PolnearArticle, ClaimMap]]:
    """Run claimmap over the gold articles' texts, in order, with only attribution on."""
    from claimmap.api import analyze_many
    from claimmap.ingest.text import from_text
    from claimmap.settings import Options

    # Only quotes are scored, so the other analyses would cost time and change nothing.
    options = Options(attribution=True, claims=False, rhetoric=False, stance=False,
                      disputes=False)
    inputs = [from_text(a.text, id=a.id, source=a.id) for a in articles]
    maps = analyze_many(inputs, nlp=nlp, options=options, n_process=n_process)
    yield from zip(articles, maps, strict=True)


def evaluate(pairs: Iterable[tuple[PolnearArticle, ClaimMap]], *,
             on_article: Callable[[PolnearArticle, tuple[PolnearAttribution, ...]], None]
             | None = None) -> AttributionScores:
    """Scores of (gold article, ClaimMap) pairs; ``on_article`` sees each prediction."""
    scores = AttributionScores()
    for article, claim_map in pairs:
        if claim_map.article.text != article.text:
            raise ValueError(f"{article.id}: the ClaimMap's text is not the gold text")
        predicted = predicted_attributions(claim_map)
        scores.add(article.text, article.attributions, predicted)
        if on_article is not None:
            on_article(article, predicted)
    return scores


class PredictionWriter:
    """Raw predictions: one JSON line per article to a ``.jsonl``/``.json`` file, else one
    brat ``<article>_claimmap.ann`` per article in a folder (PolNeAR's own format)."""

    def __init__(self, target: Path) -> None:
        self.target = target
        self.jsonl = target.suffix.lower() in (".jsonl", ".json")
        if self.jsonl:
            target.parent.mkdir(parents=True, exist_ok=True)
            self._handle = target.open("w", encoding="utf-8")
        else:
            target.mkdir(parents=True, exist_ok=True)

    def __call__(self, article: PolnearArticle,
                 predicted: tuple[PolnearAttribution, ...]) -> None:
        if self.jsonl:
            record = {"id": article.id, "attributions": [
                {"id": a.id, "source": _pairs(a.source), "cue": _pairs(a.cue),
                 "content": _pairs(a.content)} for a in predicted]}
            self._handle.write(json.dumps(record, ensure_ascii=False) + "\n")
        else:
            # The PolNeAR naming, "<article>_<annotator>.ann", with claimmap as annotator.
            path = self.target / f"{article.id}_claimmap.ann"
            path.write_text(format_ann(article.text, predicted), encoding="utf-8")

    def close(self) -> None:
        if self.jsonl:
            self._handle.close()


def _pairs(fragments: Sequence[Span]) -> list[list[int]]:
    return [[s, e] for s, e in fragments]
