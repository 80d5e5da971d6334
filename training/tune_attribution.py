"""Compare attribution variants on our tuning split (10% of PolNeAR train, never dev).

    python training/tune_attribution.py

    python training/tune_attribution.py --pipeline

    python training/tune_attribution.py --errors [MODEL] [--chooser WEIGHTS]

    python training/tune_attribution.py --cached tune|dev [MODEL]

Uses the parses cached by train_attribution.py. With ``--pipeline`` it runs the whole
shipped pipeline (attribution only) over the tuning split instead, no cache needed, and
prints the figures ``claimmap eval attribution`` prints, source accuracy included.
Without it: overlap/exact F1 for rules alone, the tagger alone, and the tagger merged
with the rules (what the product ships). With ``--errors`` it runs the shipped component
(with MODEL, e.g. training/cache/tune-0.2-0.01.crfsuite, the tagger fitted without the tuning
split) over the cached tuning parses and counts the error classes of docs/attribution.md;
with ``--chooser`` (e.g. training/cache/source_chooser-fit.json) it compares the source
chooser's policies instead. ``--cached`` scores the shipped component (with MODEL) over cached
parses of the tuning split or of dev, as ``claimmap eval attribution`` does, in seconds rather
than the minutes a parse takes: the figure to compare a rule or tagger change by (dev read once,
after the tuning split).
"""

from __future__ import annotations

import sys
from collections import Counter
from pathlib import Path

from spacy.tokens import DocBin

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT / "src"))
sys.path.insert(0, str(ROOT / "training"))

from train_attribution import CACHE, is_tuning  # noqa: E402

from claimmap.attribution.assembly import assemble  # noqa: E402
from claimmap.attribution.merging import merge_with_rules  # noqa: E402
from claimmap.attribution.model import MODEL_FILE, CrfAttributionModel  # noqa: E402
from claimmap.attribution.rules import RawAttribution, find_attributions  # noqa: E402
from claimmap.eval.attribution import AttributionScores  # noqa: E402
from claimmap.eval.polnear import PolnearAttribution, covering, read_polnear  # noqa: E402
from claimmap.eval.scoring import overlap_pairs, span_set  # noqa: E402
from claimmap.nlp.pipeline import load_base  # noqa: E402


def as_polnear(found: list[RawAttribution]) -> list[PolnearAttribution]:
    return [PolnearAttribution(id=str(i), content=(a.content,), cue=(a.cue,) if a.cue else (),
                               source=(a.source,) if a.source else ())
            for i, a in enumerate(found)]


def report(name: str, scores: AttributionScores) -> None:
    row = " ".join(f"{role}:{scores.overlap[role].f1:.3f}/{scores.exact[role].f1:.3f}"
                   for role in ("content", "source", "cue"))
    print(f"{name:<14} overlap/exact F1  {row}  tokens:{scores.content_tokens.f1:.3f}")


def pipeline() -> None:
    from claimmap.cli.eval_attribution import render_table
    from claimmap.eval.attribution import evaluate, predict

    polnear = ROOT.parent / "shared" / "data" / "polnear" / "train"
    articles = [a for a in read_polnear(polnear) if is_tuning(a.id)]
    scores = evaluate(predict(articles))
    print(render_table(scores, f"{polnear} tuning split"))


def _overlap(a: tuple[int, int] | None, b: tuple[int, int] | None) -> bool:
    return a is not None and b is not None and min(a[1], b[1]) > max(a[0], b[0])


def classify(text: str, gold: list[PolnearAttribution], pred: list[PolnearAttribution],
             counts: Counter[str]) -> None:
    """Add one article's error classes to ``counts`` (the pairing of the scorer)."""
    gold = [g for g in gold if g.content]
    gold_spans = span_set(text, (c for g in gold if (c := covering(g.content))))
    pred_spans = span_set(text, (c for p in pred if (c := covering(p.content))))
    pairs = overlap_pairs(pred_spans, gold_spans)
    paired_gold = {j for _, j in pairs}
    paired_pred = {i for i, _ in pairs}
    for j, span in enumerate(gold_spans):
        if j in paired_gold:
            continue
        if any(_overlap(p, span) for p in pred_spans):
            counts["missed: joined with a neighbour"] += 1
        else:
            counts["missed: nothing overlaps"] += 1
    for i, span in enumerate(pred_spans):
        if i in paired_pred:
            continue
        over = [g for g in gold if _overlap(covering(g.content), span)]
        if not over:
            counts["spurious: no gold"] += 1
        elif any(len(g.content) > 1 for g in over):
            counts["spurious: a fragment of a discontinuous gold content"] += 1
        else:
            counts["spurious: a piece of a continuous gold content"] += 1
    for i, j in pairs:
        counts["pair: exact" if pred_spans[i] == gold_spans[j] else "pair: boundary"] += 1
    golds = [(g, c) for g in gold if (c := covering(g.content))]
    preds = [(p, c) for p in pred if (c := covering(p.content))]
    for i, j in overlap_pairs([c for _, c in preds], [c for _, c in golds]):
        g, p = golds[j][0], preds[i][0]
        g_source, p_source = covering(g.source), covering(p.source)
        same_cue = _overlap(covering(g.cue), covering(p.cue))
        if (g_source is None and p_source is None) or _overlap(g_source, p_source):
            counts["source: right"] += 1
        elif not same_cue:
            counts["source: wrong, paired with another attribution (cue differs)"] += 1
        elif p_source is None:
            counts["source: wrong, same cue, none found"] += 1
        elif g_source is None:
            counts["source: wrong, same cue, gold has none"] += 1
        else:
            counts["source: wrong, same cue, another mention"] += 1


def chooser_variants() -> list[tuple[str, dict[str, object]]]:
    """The source chooser policies ``--chooser`` compares: off, fill, override."""
    variants: list[tuple[str, dict[str, object]]] = [("off", {"policy": "off"})]
    variants += [(f"fill {t}", {"policy": "fill", "threshold": t}) for t in (0.3, 0.5)]
    variants += [(f"override {t}", {"policy": "override", "threshold": t})
                 for t in (0.6, 0.75, 0.9)]
    return variants


class _Chosen:
    """The tagger's refine, then the source chooser (the experiment of source_chooser.py)."""

    def __init__(self, model: CrfAttributionModel, chooser: object,
                 options: dict[str, object]) -> None:
        self.model, self.chooser, self.options = model, chooser, options

    def refine(self, doc: object, rules: list[RawAttribution]) -> list[RawAttribution]:
        from source_chooser import choose_sources

        found = self.model.refine(doc, rules)  # type: ignore[arg-type]
        return choose_sources(doc, found, self.chooser, **self.options)  # type: ignore[arg-type]


def compare_chooser(model: CrfAttributionModel, chooser_path: Path, pairs: list) -> None:  # type: ignore[type-arg]
    import json

    from source_chooser import SourceChooser

    from claimmap.attribution.component import annotate
    from claimmap.eval.attribution import quotes_as_attributions

    raw = json.loads(chooser_path.read_text())
    chooser = SourceChooser(raw["weights"], raw["bias"])
    for name, options in chooser_variants():
        scores = AttributionScores()
        for article, doc in pairs:
            annotate(doc, _Chosen(model, chooser, options))
            scores.add(article.text, article.attributions,
                       list(quotes_as_attributions(article.text, doc._.nc_quotes)))
        content = scores.overlap["content"]
        print(f"chooser {name:<14} content F1 {content.f1:.4f} source accuracy "
              f"{scores.source_accuracy:.4f} ({scores.sourced_right}/{scores.sourced_pairs})",
              flush=True)


def errors(model_path: Path, chooser_path: Path | None = None) -> None:
    from claimmap.attribution.component import annotate
    from claimmap.eval.attribution import quotes_as_attributions

    polnear = ROOT.parent / "shared" / "data" / "polnear" / "train"
    articles = read_polnear(polnear)
    nlp = load_base()
    docs = list(DocBin().from_disk(CACHE / "polnear-train.spacy").get_docs(nlp.vocab))
    model = CrfAttributionModel(model_path)
    if chooser_path is not None:
        compare_chooser(model, chooser_path, [(a, d) for a, d in zip(articles, docs,
                                                                     strict=True)
                                              if is_tuning(a.id)])
        return
    scores = AttributionScores()
    counts: Counter[str] = Counter()
    for article, doc in zip(articles, docs, strict=True):
        if not is_tuning(article.id):
            continue
        annotate(doc, model)
        pred = list(quotes_as_attributions(article.text, doc._.nc_quotes))
        scores.add(article.text, article.attributions, pred)
        classify(article.text, list(article.attributions), pred, counts)
    content = scores.overlap["content"]
    print(f"content overlap P {content.precision:.3f} R {content.recall:.3f} "
          f"F1 {content.f1:.3f}; source accuracy {scores.source_accuracy:.3f}")
    for name, count in sorted(counts.items()):
        print(f"  {name:<66} {count}")


def score_cached(articles: list, docs: list, model: CrfAttributionModel,  # type: ignore[type-arg]
                 counts: Counter[str] | None = None) -> AttributionScores:
    """The component's scores over parsed ``docs`` (annotated in place), and its error classes
    into ``counts`` when given."""
    from claimmap.attribution.component import annotate
    from claimmap.eval.attribution import quotes_as_attributions

    scores = AttributionScores()
    for article, doc in zip(articles, docs, strict=True):
        annotate(doc, model)
        pred = list(quotes_as_attributions(article.text, doc._.nc_quotes))
        scores.add(article.text, article.attributions, pred)
        if counts is not None:
            classify(article.text, list(article.attributions), pred, counts)
    return scores


def cached(split: str, model_path: Path) -> None:
    from train_attribution import parse

    polnear = ROOT.parent / "shared" / "data" / "polnear"
    if split == "tune":
        everything = read_polnear(polnear / "train")
        docs_all = parse(everything, "polnear-train")
        pairs = [(a, d) for a, d in zip(everything, docs_all, strict=True) if is_tuning(a.id)]
        articles, docs = [a for a, _ in pairs], [d for _, d in pairs]
    elif split == "dev":
        articles = read_polnear(polnear / "dev")
        docs = parse(articles, "polnear-dev")
    else:
        raise SystemExit(f"--cached takes tune or dev, not {split!r}")
    counts: Counter[str] = Counter()
    scores = score_cached(articles, docs, CrfAttributionModel(model_path), counts)
    content = scores.overlap["content"]
    print(f"{split}: content overlap P {content.precision:.4f} R {content.recall:.4f} "
          f"F1 {content.f1:.4f}; source accuracy {scores.source_accuracy:.4f} "
          f"({scores.sourced_right}/{scores.sourced_pairs}); source overlap F1 "
          f"{scores.overlap['source'].f1:.4f}")
    for name, count in sorted(counts.items()):
        print(f"  {name:<66} {count}")


def main() -> None:
    if "--cached" in sys.argv:
        rest = [a for a in sys.argv[1:] if a != "--cached"]
        cached(rest[0] if rest else "tune", Path(rest[1]) if len(rest) > 1 else MODEL_FILE)
        return
    if "--pipeline" in sys.argv:
        pipeline()
        return
    if "--errors" in sys.argv:
        rest = [a for a in sys.argv[1:] if a != "--errors"]
        chooser = None
        if "--chooser" in rest:
            at = rest.index("--chooser")
            chooser = Path(rest[at + 1])
            del rest[at:at + 2]
        errors(Path(rest[0]) if rest else MODEL_FILE, chooser)
        return
    polnear = ROOT.parent / "shared" / "data" / "polnear" / "train"
    model_path = Path(sys.argv[1]) if len(sys.argv) > 1 else MODEL_FILE
    articles = read_polnear(polnear)
    nlp = load_base()
    docs = list(DocBin().from_disk(CACHE / "polnear-train.spacy").get_docs(nlp.vocab))
    model = CrfAttributionModel(model_path)
    variants = {"rules": AttributionScores(), "tagger": AttributionScores(),
                "merged": AttributionScores()}
    for article, doc in zip(articles, docs, strict=True):
        if not is_tuning(article.id):
            continue
        rules = find_attributions(doc)
        tagged = assemble(doc, model.tag(doc, rules), model.lexicon, rules)
        merged = merge_with_rules(doc, tagged, rules)
        for name, found in (("rules", rules), ("tagger", tagged), ("merged", merged)):
            variants[name].add(article.text, article.attributions, as_polnear(found))
    for name, scores in variants.items():
        report(name, scores)


if __name__ == "__main__":
    main()
