"""Fine-tune one MiniLM-L6 encoder with four heads (multi-task): check-worthiness (CFS/UFS/NFS),
propaganda span tagging (SI), technique classification (TC) and headline stance.

    nice -n 19 .venv-train/bin/python training/train_accurate.py [--tasks cw,si,tc,stance]
        [--epochs 1] [--minutes 75] [--max-steps N] [--resume]

Each step draws one task's batch (16 inputs, padded to the longest), in a shuffled schedule
that holds every task's batches once per epoch; AdamW, linear warm-up and decay, seed 13.
After each epoch the heads are scored on their dev splits (training/accurate_data.py) and a
checkpoint is written to training/cache/accurate/; training/export_accurate.py turns the
chosen checkpoint into the shipped ONNX encoder and numpy heads. Torch is needed here only
(the training venv, .venv-train: see docs/accurate.md).

Every ``--save-every`` steps the whole state (weights, optimiser, schedule, random generators,
the epoch's plan and position) goes to ``<tag>_last.pt``; ``--resume`` carries on from there
with the same arguments, so a run stopped by the machine loses at most those steps.
"""

from __future__ import annotations

import argparse
import json
import pickle
import random
import sys
import time
from pathlib import Path

import numpy as np
import torch
from torch import nn

sys.path.insert(0, str(Path(__file__).resolve().parent))

import accurate_data as ad
from accurate_net import Net, mean_pool

CACHE = ad.ROOT / "training" / "cache" / "accurate"
SEED = 13
BATCH = 16
BUILDERS = {"cw": ad.cw_examples, "si": ad.si_examples, "tc": ad.tc_examples,
            "stance": ad.stance_examples}


def log(message: str) -> None:
    print(f"[{time.strftime('%H:%M:%S')}] {message}", file=sys.stderr, flush=True)


def examples(task: str, part: str) -> list[ad.Example]:
    path = CACHE / f"examples_{task}_{part}.pkl"
    if path.exists():
        loaded: list[ad.Example] = pickle.loads(path.read_bytes())
        return loaded
    built = BUILDERS[task](ad.tokenizer(), part)
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_bytes(pickle.dumps(built))
    return built


def collate(batch: list[ad.Example]) -> dict[str, torch.Tensor]:
    n = max(len(e.piece.ids) for e in batch)
    ids = torch.zeros(len(batch), n, dtype=torch.long)
    mask = torch.zeros(len(batch), n, dtype=torch.long)
    types = torch.zeros(len(batch), n, dtype=torch.long)
    tags = torch.full((len(batch), n), -100, dtype=torch.long)
    span = torch.zeros(len(batch), n)
    for i, e in enumerate(batch):
        k = len(e.piece.ids)
        ids[i, :k] = torch.tensor(e.piece.ids)
        mask[i, :k] = 1
        if e.piece.types:
            types[i, :k] = torch.tensor(e.piece.types[:k])
        if e.tags is not None:
            tags[i, :k] = torch.tensor(e.tags)
            tags[i, 0] = tags[i, k - 1] = -100
        if e.mask is not None:
            span[i, :k] = torch.tensor(e.mask)
    out = {"ids": ids, "mask": mask, "types": types, "tags": tags, "span": span,
           "label": torch.tensor([e.label for e in batch])}
    if batch[0].features is not None:
        out["features"] = torch.tensor([e.features for e in batch], dtype=torch.float32)
    return out


def logits(net: Net, task: str, b: dict[str, torch.Tensor]) -> torch.Tensor:
    hidden = net.hidden(b["ids"], b["mask"], b["types"])
    if task == "si":
        out: torch.Tensor = net.si(net.drop(hidden))
        return out
    if task == "tc":
        pooled = torch.cat([mean_pool(hidden, b["span"]), hidden[:, 0], b["features"]], -1)
        return net.tc(net.drop(pooled))
    head = net.cw if task == "cw" else net.stance
    return head(net.drop(mean_pool(hidden, b["mask"])))  # type: ignore[no-any-return]


def loss_of(net: Net, task: str, b: dict[str, torch.Tensor],
            weights: dict[str, torch.Tensor]) -> torch.Tensor:
    z = logits(net, task, b)
    if task == "si":
        return nn.functional.cross_entropy(z.reshape(-1, 2), b["tags"].reshape(-1),
                                           weight=weights.get(task), ignore_index=-100)
    return nn.functional.cross_entropy(z, b["label"], weight=weights.get(task))


def batches(items: list[ad.Example], rng: random.Random, shuffle: bool = True
            ) -> list[list[ad.Example]]:
    """Batches of similar length (less padding): shuffled, sorted within pools of 50 batches."""
    order = list(range(len(items)))
    if shuffle:
        rng.shuffle(order)
    pool = BATCH * 50
    out = []
    for p in range(0, len(order), pool):
        chunk = sorted(order[p:p + pool], key=lambda i: len(items[i].piece.ids))
        out.extend([items[i] for i in chunk[b:b + BATCH]] for b in range(0, len(chunk), BATCH))
    if shuffle:
        rng.shuffle(out)
    return out


def macro_f1(gold: list[int], pred: list[int], n: int) -> list[float]:
    f1 = []
    for c in range(n):
        tp = sum(g == p == c for g, p in zip(gold, pred, strict=True))
        denom = sum(g == c for g in gold) + sum(p == c for p in pred)
        f1.append(2 * tp / denom if denom else 0.0)
    return f1


@torch.no_grad()
def evaluate(net: Net, task: str, items: list[ad.Example]) -> dict[str, float]:
    net.eval()
    gold: list[int] = []
    pred: list[int] = []
    for b in batches(items, random.Random(0), shuffle=False):
        t = collate(b)
        z = logits(net, task, t)
        if task == "si":
            keep = t["tags"] != -100
            gold += t["tags"][keep].tolist()
            pred += z.argmax(-1)[keep].tolist()
        else:
            gold += t["label"].tolist()
            pred += z.argmax(-1).tolist()
    net.train()
    n = {"si": 2, "cw": 3, "tc": 14, "stance": 3}[task]
    f1 = macro_f1(gold, pred, n)
    acc = sum(g == p for g, p in zip(gold, pred, strict=True)) / max(len(gold), 1)
    if task == "si":
        return {"token_f1": round(f1[1], 4)}
    if task == "cw":
        return {"cfs_f1": round(f1[0], 4), "macro_f1": round(sum(f1) / 3, 4)}
    if task == "stance":
        return {"macro_f1": round(sum(f1) / 3, 4), "disagree_f1": round(f1[1], 4)}
    return {"accuracy": round(acc, 4)}


def frozen_names(layers: int) -> list[str]:
    """Parameter-name prefixes kept fixed: the word table (unless ``layers`` is -1), the
    position, type and embedding norm, and the bottom ``layers`` encoder layers. Nothing
    below a frozen layer needs a gradient, so their backward pass is skipped."""
    if layers < 0:
        return []
    names = ["words."]
    if layers > 0:
        names += ["encoder.positions.", "encoder.types.", "encoder.norm."]
        names += [f"encoder.layers.{i}." for i in range(layers)]
    return names


def save_state(path: Path, net: Net, optimiser: torch.optim.Optimizer,
               schedule: torch.optim.lr_scheduler.LRScheduler, rng: random.Random,
               **progress: object) -> None:
    state = {"net": net.state_dict(), "optimiser": optimiser.state_dict(),
             "schedule": schedule.state_dict(), "rng": rng.getstate(),
             "torch_rng": torch.get_rng_state(), **progress}
    partial = path.with_suffix(".tmp")
    torch.save(state, partial)
    partial.replace(path)  # a kill mid-write never leaves a broken checkpoint


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--tasks", default="cw,si,tc,stance")
    parser.add_argument("--epochs", type=int, default=1)
    parser.add_argument("--minutes", type=float, default=75.0,
                        help="stop (and checkpoint) after this much training time")
    parser.add_argument("--max-steps", type=int, default=0,
                        help="stop (and checkpoint) after this many steps, the rate decayed "
                             "over them: reruns the shipped run exactly (its step count is in "
                             "accurate.json), whatever the machine's speed")
    parser.add_argument("--stop-step", type=int, default=0,
                        help="stop (and checkpoint) after this many steps, the schedule "
                             "unchanged (the shipped run: planned 700, stopped at 600 for "
                             "the session's deadline)")
    parser.add_argument("--lr", type=float, default=8e-5)
    parser.add_argument("--max-batches", default="cw:400,stance:200",
                        help="batches per task per epoch, e.g. cw:450 (a fresh draw each epoch); "
                             "tasks not named use all theirs")
    parser.add_argument("--tag", default="mt")
    parser.add_argument("--dev-cap", type=int, default=1000,
                        help="dev inputs scored per task after each epoch (the first N)")
    parser.add_argument("--freeze-layers", type=int, default=-1,
                        help="keep the word table and the bottom N encoder layers as trained "
                             "by MiniLM (0: the word table only; -1, the default: nothing)")
    parser.add_argument("--stance-weights", default="1,1,1",
                        help="agree,disagree,discuss loss weights of the stance head")
    parser.add_argument("--save-every", type=int, default=50)
    parser.add_argument("--decay-by-time", action="store_true",
                        help="decay the rate over --minutes when that ends before the plan")
    parser.add_argument("--resume", action="store_true",
                        help="carry on from <tag>_last.pt (same arguments)")
    args = parser.parse_args()
    torch.set_num_threads(2)
    torch.manual_seed(SEED)
    rng = random.Random(SEED)
    tasks = args.tasks.split(",")
    train = {t: examples(t, "train") for t in tasks}
    dev = {t: examples(t, "dev")[:args.dev_cap] for t in tasks}
    for t in tasks:
        log(f"{t}: {len(train[t])} train, {len(dev[t])} dev examples, "
            f"{sum(len(e.piece.ids) for e in train[t])} train pieces")
    weights: dict[str, torch.Tensor] = {}
    if "si" in train:
        inside = np.mean([x for e in train["si"] for x in (e.tags or [])[1:-1]])
        # Up-weight the minority class part-way: recall matters to the span F1.
        weights["si"] = torch.tensor([1.0, float(np.sqrt((1 - inside) / inside))])
    weights["stance"] = torch.tensor([float(x) for x in args.stance_weights.split(",")])
    net = Net()
    net.load_minilm()
    frozen = frozen_names(args.freeze_layers)
    for name, param in net.named_parameters():
        param.requires_grad_(not any(name.startswith(f) for f in frozen))
    head_params = [p for n, p in net.named_parameters()
                   if n.split(".")[0] in BUILDERS and p.requires_grad]
    body_params = [p for n, p in net.named_parameters()
                   if n.split(".")[0] not in BUILDERS and p.requires_grad]
    optimiser = torch.optim.AdamW([{"params": body_params, "lr": args.lr},
                                   {"params": head_params, "lr": args.lr * 5}],
                                  weight_decay=0.01)
    per_epoch = {t: len(batches(train[t], random.Random(0))) for t in tasks}
    caps = dict(item.split(":") for item in args.max_batches.split(",") if item)
    per_epoch = {t: min(n, int(caps.get(t, n))) for t, n in per_epoch.items()}
    total = sum(per_epoch.values()) * args.epochs
    if 0 < args.max_steps < total:
        # The rate decays over the steps that will run, not the plan: a fixed step count
        # ends on a decayed rate whatever the machine's speed, and reruns exactly.
        total = args.max_steps
    warm = max(1, total // 20)
    clock = {"started": time.monotonic()}

    def factor(s: int) -> float:
        # Linear decay over the planned steps or, with --decay-by-time, over --minutes when
        # that ends first: a run the machine slows down still ends on a decayed rate.
        done_share = s / total
        if args.decay_by_time:
            done_share = max(done_share,
                             (time.monotonic() - clock["started"]) / (args.minutes * 60))
        return min(1.0, (s + 1) / warm) * max(0.05, 1 - done_share)

    schedule = torch.optim.lr_scheduler.LambdaLR(optimiser, factor)
    log(f"{total} steps over {args.epochs} epochs ({per_epoch}), frozen: {frozen or 'none'}")
    step, pieces, history, done, first_epoch, seconds = 0, 0, [], 0, 1, 0.0
    # The epoch's plan as (task, example indices), so a checkpoint stores numbers only.
    plan: list[tuple[str, list[int]]] = []
    position = {t: {id(e): i for i, e in enumerate(train[t])} for t in tasks}
    last = CACHE / f"{args.tag}_last.pt"
    if args.resume and last.exists():
        state = torch.load(last, map_location="cpu", weights_only=False)
        net.load_state_dict(state["net"])
        optimiser.load_state_dict(state["optimiser"])
        schedule.load_state_dict(state["schedule"])
        rng.setstate(state["rng"])
        torch.set_rng_state(state["torch_rng"])
        step, pieces, history = state["step"], state["pieces"], state["history"]
        first_epoch, done, plan = state["epoch"], state["done"], state["plan"]
        seconds = state["seconds"]
        log(f"resumed at epoch {first_epoch} step {step} ({done} of this epoch's batches done)")
    started = time.monotonic() - seconds
    clock["started"] = started
    out_of_time = False
    for epoch in range(first_epoch, args.epochs + 1):
        if not plan:
            plan = [(t, [position[t][id(e)] for e in b]) for t in tasks
                    for b in batches(train[t], rng)[:per_epoch[t]]]
            rng.shuffle(plan)
            done = 0
        running: dict[str, list[float]] = {t: [] for t in tasks}
        for task, rows in plan[done:]:
            if 0 < args.stop_step <= step:  # also on resuming a run that reached it
                out_of_time = True
                break
            t = collate([train[task][i] for i in rows])
            loss = loss_of(net, task, t, weights)
            optimiser.zero_grad()
            loss.backward()
            nn.utils.clip_grad_norm_(net.parameters(), 1.0)
            optimiser.step()
            schedule.step()
            step += 1
            done += 1
            pieces += int(t["mask"].sum())
            running[task].append(float(loss.detach()))
            if step % 25 == 0:
                elapsed = time.monotonic() - started
                losses = " ".join(f"{k} {np.mean(v[-50:]):.3f}" for k, v in running.items() if v)
                log(f"epoch {epoch} step {step}/{total} {pieces / elapsed:.0f} pieces/s "
                    f"{elapsed / 60:.1f} min lr {schedule.get_last_lr()[0]:.2e}  {losses}")
            if step % args.save_every == 0:
                save_state(last, net, optimiser, schedule, rng, step=step, pieces=pieces,
                           history=history, epoch=epoch, done=done, plan=plan,
                           seconds=time.monotonic() - started)
            if (time.monotonic() - started > args.minutes * 60
                    or step in (args.max_steps, args.stop_step)):
                out_of_time = True
                break
        scores = {t: evaluate(net, t, dev[t]) for t in tasks}
        history.append({"epoch": epoch, "step": step, "planned_steps": total, "dev": scores,
                        "pieces": pieces, "last_lr": schedule.get_last_lr()[0],
                        "minutes": round((time.monotonic() - started) / 60, 1),
                        "stopped_early": out_of_time})
        log(f"epoch {epoch} dev {scores}")
        torch.save(net.state_dict(), CACHE / f"{args.tag}_epoch{epoch}.pt")
        if not out_of_time:
            plan, done = [], 0
        save_state(last, net, optimiser, schedule, rng, step=step, pieces=pieces,
                   history=history, epoch=epoch if out_of_time else epoch + 1, done=done,
                   plan=plan, seconds=time.monotonic() - started)
        (CACHE / f"{args.tag}_history.json").write_text(json.dumps(
            {"args": vars(args), "weights": {k: v.tolist() for k, v in weights.items()},
             "history": history}, indent=1))
        if out_of_time:
            break


if __name__ == "__main__":
    main()
