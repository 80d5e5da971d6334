"""Experiment: does fine-tuning MiniLM's top layers on CLEF-2020 train pairs improve
fact-check retrieval beyond the frozen encoder? (Measured only; nothing here is shipped.)

    nice -n 19 .venv-train/bin/python training/factcheck_finetune.py [--folds 5]
        [--train-layers 2] [--epochs 2] [--hard 1]

Pure cosine ranking over the whole verified-claim collection (a fact-check scores the larger
of its claim's and its title's cosine with the tweet), MAP@5 by K-fold cross-validation over
the 800 train tweets: for each fold the encoder is fine-tuned on the other folds' pairs with
in-batch negatives plus ``--hard`` nearest wrong fact-checks of the frozen encoder per tweet
(softmax over cosines x 20), only its top ``--train-layers`` layers trained (the word table
and the layers below stay MiniLM's, so a shipped version could share the tracking encoder's
lower layers). Seed 13; dev is never read.
"""

from __future__ import annotations

import argparse
import csv
import random
import sys
import time
from pathlib import Path
from typing import Any

import numpy as np
import torch
from torch import nn

sys.path.insert(0, str(Path(__file__).resolve().parent))

import accurate_data as ad
from accurate_net import Net, mean_pool

DATA = ad.DATA / "clef2020_claim_retrieval"
SEED = 13
Array = np.ndarray[Any, Any]


def log(message: str) -> None:
    print(f"[{time.strftime('%H:%M:%S')}] {message}", file=sys.stderr, flush=True)


def read_tsv(path: Path) -> list[list[str]]:
    with path.open(encoding="utf-8", newline="") as f:
        rows = list(csv.reader(f, delimiter="\t"))
    return rows[1:]


def load() -> tuple[list[str], list[str], list[str], list[str], list[set[int]]]:
    vclaims = read_tsv(DATA / "verified_claims.docs.tsv")
    ids = [r[0] for r in vclaims]
    position = {v: i for i, v in enumerate(ids)}
    claims, titles = [r[1] for r in vclaims], [r[2] for r in vclaims]
    tweets = read_tsv(DATA / "train" / "tweets.queries.tsv")
    gold: dict[str, set[int]] = {}
    for line in (DATA / "train" / "tweet-vclaim-pairs.qrels").read_text().splitlines():
        tweet, _, vclaim, _ = line.split("\t")
        gold.setdefault(tweet, set()).add(position[vclaim])
    queries = [t[1] for t in tweets]
    return claims, titles, queries, [t[0] for t in tweets], [gold[t[0]] for t in tweets]


class Encoder:
    def __init__(self, net: Net, tok: Any) -> None:
        self.net, self.tok = net, tok

    def batch(self, texts: list[str], limit: int) -> dict[str, torch.Tensor]:
        encs = self.tok.encode_batch(texts)
        rows = [e.ids[:limit - 1] + ([102] if len(e.ids) >= limit else []) for e in encs]
        width = max(len(r) for r in rows)
        ids = torch.zeros((len(rows), width), dtype=torch.long)
        mask = torch.zeros((len(rows), width), dtype=torch.long)
        for i, r in enumerate(rows):
            ids[i, :len(r)] = torch.tensor(r)
            mask[i, :len(r)] = 1
        return {"ids": ids, "mask": mask}

    def vectors(self, texts: list[str], limit: int) -> torch.Tensor:
        t = self.batch(texts, limit)
        hidden = self.net.hidden(t["ids"], t["mask"], torch.zeros_like(t["ids"]))
        return nn.functional.normalize(mean_pool(hidden, t["mask"]), dim=-1)

    @torch.no_grad()
    def encode(self, texts: list[str], limit: int, size: int = 64) -> Array:
        self.net.eval()
        order = sorted(range(len(texts)), key=lambda i: len(texts[i]))
        out = np.zeros((len(texts), 384), dtype=np.float32)
        for k in range(0, len(order), size):
            chunk = order[k:k + size]
            out[chunk] = self.vectors([texts[i] for i in chunk], limit).numpy()
        return out


def map_at(scores: Array, gold: list[set[int]], k: int = 5) -> float:
    total = 0.0
    for row, relevant in zip(scores, gold, strict=True):
        top = np.argsort(-row)[:k]
        hits, ap = 0, 0.0
        for rank, doc in enumerate(top, start=1):
            if int(doc) in relevant:
                hits += 1
                ap += hits / rank
        total += ap / min(len(relevant), k)
    return total / len(gold)


def fresh_net(train_layers: int) -> Net:
    net = Net()
    net.load_minilm()
    keep = {f"encoder.layers.{i}." for i in range(6 - train_layers, 6)}
    for name, param in net.named_parameters():
        param.requires_grad_(any(name.startswith(k) for k in keep))
    return net


def fine_tune(net: Net, tok: Any, queries: list[str], docs: list[str],
              hard: list[list[str]], epochs: int, rng: random.Random) -> None:
    enc = Encoder(net, tok)
    params = [p for p in net.parameters() if p.requires_grad]
    optimiser = torch.optim.AdamW(params, lr=2e-5, weight_decay=0.01)
    batch = 32
    order = list(range(len(queries)))
    steps = epochs * ((len(order) + batch - 1) // batch)
    schedule = torch.optim.lr_scheduler.LambdaLR(
        optimiser, lambda s: min(1.0, (s + 1) / max(1, steps // 10)) * max(0.0, 1 - s / steps))
    net.train()
    for _ in range(epochs):
        rng.shuffle(order)
        for k in range(0, len(order), batch):
            rows = order[k:k + batch]
            q = enc.vectors([queries[i] for i in rows], 128)
            candidates = [docs[i] for i in rows] + [h for i in rows for h in hard[i]]
            d = enc.vectors(candidates, 64)
            logits = 20.0 * q @ d.T
            loss = nn.functional.cross_entropy(logits, torch.arange(len(rows)))
            optimiser.zero_grad()
            loss.backward()
            optimiser.step()
            schedule.step()


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--folds", type=int, default=5)
    parser.add_argument("--train-layers", type=int, default=2)
    parser.add_argument("--epochs", type=int, default=2)
    parser.add_argument("--hard", type=int, default=1)
    args = parser.parse_args()
    torch.set_num_threads(2)
    torch.manual_seed(SEED)
    rng = random.Random(SEED)
    tok = ad.tokenizer()
    claims, titles, queries, _, gold = load()
    frozen = Encoder(fresh_net(0), tok)
    log(f"{len(queries)} train tweets, {len(claims)} fact-checks: encoding (frozen)")
    fc, ft = frozen.encode(claims, 64), frozen.encode(titles, 64)
    fq = frozen.encode(queries, 128)
    base = np.maximum(fq @ fc.T, fq @ ft.T)
    # Hard negatives from the frozen ranking; positives are the gold claim texts.
    hard = []
    for row, relevant in zip(base, gold, strict=True):
        wrong = [int(j) for j in np.argsort(-row)[:10] if int(j) not in relevant]
        hard.append([claims[j] for j in wrong[:args.hard]])
    positive = [claims[min(g)] for g in gold]
    fold_of = [i % args.folds for i in range(len(queries))]
    frozen_maps, tuned_maps = [], []
    for f in range(args.folds):
        train = [i for i in range(len(queries)) if fold_of[i] != f]
        held = [i for i in range(len(queries)) if fold_of[i] == f]
        net = fresh_net(args.train_layers)
        started = time.monotonic()
        fine_tune(net, tok, [queries[i] for i in train], [positive[i] for i in train],
                  [hard[i] for i in train], args.epochs, rng)
        enc = Encoder(net, tok)
        tc, tt = enc.encode(claims, 64), enc.encode(titles, 64)
        tq = enc.encode([queries[i] for i in held], 128)
        tuned = np.maximum(tq @ tc.T, tq @ tt.T)
        held_gold = [gold[i] for i in held]
        frozen_maps.append(map_at(base[held], held_gold))
        tuned_maps.append(map_at(tuned, held_gold))
        log(f"fold {f}: frozen MAP@5 {frozen_maps[-1]:.4f}, fine-tuned {tuned_maps[-1]:.4f} "
            f"({time.monotonic() - started:.0f} s)")
    log(f"CV MAP@5 ({args.folds} folds, top {args.train_layers} layers, {args.epochs} epochs, "
        f"{args.hard} hard): frozen {np.mean(frozen_maps):.4f}, fine-tuned "
        f"{np.mean(tuned_maps):.4f}")


if __name__ == "__main__":
    main()
