"""Cue candidates from PolNeAR train, outside our tuning split: for every verb lemma (and noun),
how often one of its tokens lies in a gold cue span and the share of its tokens that do.

    python training/mine_cues.py [--min-count 5] [--min-share 0.25] [--json OUT]

Prints the lemmas our lexicon (attribution/data/cues_en.json) does not list yet, most
frequent first: the candidates of the attitude-cue experiment in docs/attribution.md (65
verbs, as tagger features and, for the 41 with a share of 0.45 or more, as rules; not
shipped: no gain on our tuning split). Lemmas come from the stock spaCy lemmatizer, at
training time only (the product lists word forms). Uses the parses train_attribution.py
caches.
"""

from __future__ import annotations

import argparse
import json
import sys
from collections import Counter
from pathlib import Path

import spacy
from spacy.tokens import DocBin

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT / "src"))
sys.path.insert(0, str(ROOT / "training"))

from train_attribution import CACHE, is_tuning  # noqa: E402

from claimmap.attribution.cues import load_lexicon  # noqa: E402
from claimmap.eval.polnear import read_polnear  # noqa: E402
from claimmap.nlp.pipeline import load_base, resolve_model_name  # noqa: E402


def main() -> None:
    parser = argparse.ArgumentParser(description=(__doc__ or "").split("\n")[0])
    parser.add_argument("--polnear", default=str(ROOT.parent / "shared" / "data" / "polnear"))
    parser.add_argument("--min-count", type=int, default=5)
    parser.add_argument("--min-share", type=float, default=0.25)
    parser.add_argument("--json", type=Path, default=None)
    args = parser.parse_args()
    lexicon = load_lexicon()
    lemmatizer = spacy.load(resolve_model_name("")).get_pipe("lemmatizer")
    nlp = load_base()
    articles = read_polnear(Path(args.polnear) / "train")
    docs = DocBin().from_disk(CACHE / "polnear-train.spacy").get_docs(nlp.vocab)
    in_cue: dict[str, Counter[str]] = {"VERB": Counter(), "NOUN": Counter()}
    seen: dict[str, Counter[str]] = {"VERB": Counter(), "NOUN": Counter()}
    for article, doc in zip(articles, docs, strict=True):
        if is_tuning(article.id):
            continue
        mask = bytearray(len(article.text) + 1)
        for attribution in article.attributions:
            if attribution.content:
                for start, end in attribution.cue:
                    mask[start:end] = b"\x01" * (end - start)
        for token in doc:
            if token.pos_ not in seen:
                continue
            lemma = (lemmatizer.rule_lemmatize(token)[0] if token.pos_ == "VERB"
                     else token.text).lower()
            seen[token.pos_][lemma] += 1
            in_cue[token.pos_][lemma] += mask[token.idx]
    known = {"VERB": lambda w: lexicon.verb(w) is not None,
             "NOUN": lambda w: lexicon.noun(w) is not None}
    out: dict[str, list[tuple[str, int, int, float]]] = {}
    for pos, counts in in_cue.items():
        rows = [(w, c, seen[pos][w], round(c / seen[pos][w], 3))
                for w, c in counts.most_common() if c >= args.min_count and not known[pos](w)]
        out[pos] = [r for r in rows if r[3] >= args.min_share]
        print(pos)
        for word, count, total, share in out[pos]:
            print(f"  {word:16} {count:5} {total:6} {share:.2f}")
    if args.json is not None:
        args.json.write_text(json.dumps(out, indent=1) + "\n")


if __name__ == "__main__":
    main()
