"""Compare attribution variants on our tuning split (10% of PolNeAR train, never dev).

    python training/tune_attribution.py

    python training/tune_attribution.py --pipeline

Uses the parses cached by train_attribution.py. With ``--pipeline`` it runs the whole
shipped pipeline (attribution only) over the tuning split instead, no cache needed, and
prints the figures ``claimmap eval attribution`` prints, source accuracy included.
Without it: overlap/exact F1 for rules alone, the tagger alone, and the tagger merged
with the rules (what the product ships).
"""

from __future__ import annotations

import sys
from pathlib import Path

from spacy.tokens import DocBin

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT / "src"))
sys.path.insert(0, str(ROOT / "training"))

from train_attribution import CACHE, is_tuning  # noqa: E402

from claimmap.attribution.model import (  # noqa: E402
    MODEL_FILE,
    CrfAttributionModel,
    assemble,
    merge_with_rules,
)
from claimmap.attribution.rules import RawAttribution, find_attributions  # noqa: E402
from claimmap.eval.attribution import AttributionScores  # noqa: E402
from claimmap.eval.polnear import PolnearAttribution, read_polnear  # noqa: E402
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


def main() -> None:
    if "--pipeline" in sys.argv:
        pipeline()
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
