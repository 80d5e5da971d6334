"""The whole analysis beside the bare spaCy parse, in one run (issue 17's bars).

    python bench/speed.py [--polnear DIR] [--limit N] [--repeat R] [--n-process N] [--json]

Four measurements over the same texts (PolNeAR dev by default), each in a fresh subprocess
so its memory and caches are its own; rounds alternate the order, and each keeps its
fastest run (load from other jobs only ever slows a run down):

- ``floor``: the issue's bare parse: the small English model without tagger,
  attribute_ruler and lemmatizer, ``nlp.pipe`` over the texts paragraph by paragraph
  (blank-line separated), batch 64, ``n_process`` workers;
- ``small``: the full small pipeline (every stock component) over the same paragraphs;
- ``library``: ``analyze_many(texts, n_process=N)`` with every stage, the ClaimMaps built;
- ``cli``: ``claimmap analyze FOLDER -f jsonl -o FILE`` as a fresh process, start-up
  included (its ``--n-process`` left at the default);
- ``startup``: ``claimmap analyze`` of one short text: the CLI's start-up and exit alone,
  what ``cli`` adds to ``library`` (minus the tail of rendering).

``floor``, ``small`` and ``library`` load and warm their pipeline on two texts before the
clock starts; ``cli`` is timed from process start to exit. CPU seconds are user + system of
the timed process and its workers (getrusage). Peak memory is sampled from /proc every
50 ms over the process tree: ``rss`` is the peak of the summed RSS (forked workers share
pages with the parent, so this over-counts), ``pss`` the peak of the summed proportional
set size (shared pages divided between the processes that map them).
"""

from __future__ import annotations

import argparse
import json
import os
import resource
import subprocess
import sys
import tempfile
import threading
import time
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parent.parent
DEFAULT_DATA = ROOT.parent / "shared" / "data" / "polnear" / "dev"
FLOOR_EXCLUDE = ("tagger", "attribute_ruler", "lemmatizer")
FLOOR_BATCH = 64
KINDS = ("floor", "small", "library", "cli", "startup")
# With --baseline-src: analyze_many and the CLI again, importing claimmap from that folder.
BASE_KINDS = ("library@base", "cli@base", "startup@base")
# What ``startup`` analyses: one short text, so the run is the CLI's start-up and exit.
STARTUP_TEXT = "The harbour board said on Monday that the ferry would stop running.\n"
LIBRARY_BAR = 1.5
CLI_BAR = 1.2


def load_texts(folder: Path, limit: int | None) -> list[Path]:
    paths = sorted((folder / "text").glob("*.txt"))
    return paths[:limit] if limit is not None else paths


def paragraphs(texts: list[str]) -> list[str]:
    return [p.strip() for t in texts for p in t.split("\n\n") if p.strip()]


def _model_name() -> str:
    from claimmap.nlp.pipeline import resolve_model_name

    return resolve_model_name(os.environ.get("CLAIMMAP_MODEL", ""))


def _cpu_seconds() -> float:
    own = resource.getrusage(resource.RUSAGE_SELF)
    kids = resource.getrusage(resource.RUSAGE_CHILDREN)
    return own.ru_utime + own.ru_stime + kids.ru_utime + kids.ru_stime


def run_inside(kind: str, paths: list[Path], n_process: int) -> dict[str, Any]:
    """Time one in-process measurement (floor, small or library); the pipeline loads first."""
    texts = [p.read_text(encoding="utf-8") for p in paths]
    if kind in ("floor", "small"):
        import spacy

        exclude = list(FLOOR_EXCLUDE) if kind == "floor" else []
        nlp = spacy.load(_model_name(), exclude=exclude)
        units = paragraphs(texts)
        list(nlp.pipe(units[:20]))
        started, cpu = time.perf_counter(), _cpu_seconds()
        count = sum(1 for _ in nlp.pipe(units, batch_size=FLOOR_BATCH, n_process=n_process))
        assert count == len(units)
    else:
        from claimmap.api import analyze_many, get_pipeline
        from claimmap.settings import Options, load_settings

        settings, options = load_settings(), Options()
        nlp = get_pipeline(options, settings)
        list(analyze_many(texts[:2], nlp=nlp, options=options, settings=settings))
        started, cpu = time.perf_counter(), _cpu_seconds()
        count = sum(1 for _ in analyze_many(texts, nlp=nlp, options=options,
                                            settings=settings, n_process=n_process))
        assert count == len(texts)
    return {"seconds": time.perf_counter() - started, "cpu_seconds": _cpu_seconds() - cpu,
            "pipeline": list(nlp.pipe_names)}


class _MemorySampler:
    """Peak summed RSS and PSS of a process and its descendants, polled from /proc."""

    def __init__(self, pid: int) -> None:
        self.pid, self.rss_mb, self.pss_mb = pid, 0.0, 0.0
        self._stop = threading.Event()
        self._thread = threading.Thread(target=self._run, daemon=True)
        self._thread.start()

    def _tree(self) -> list[int]:
        children: dict[int, list[int]] = {}
        for entry in os.listdir("/proc"):
            if not entry.isdigit():
                continue
            try:
                with open(f"/proc/{entry}/stat", encoding="ascii", errors="replace") as f:
                    parent = int(f.read().rsplit(")", 1)[1].split()[1])
            except (OSError, ValueError, IndexError):
                continue
            children.setdefault(parent, []).append(int(entry))
        found, todo = [], [self.pid]
        while todo:
            pid = todo.pop()
            found.append(pid)
            todo.extend(children.get(pid, []))
        return found

    @staticmethod
    def _field_kb(pid: int, path: str, field: str) -> float:
        try:
            with open(f"/proc/{pid}/{path}", encoding="ascii") as f:
                for line in f:
                    if line.startswith(field):
                        return float(line.split()[1])
        except OSError:
            pass
        return 0.0

    def _run(self) -> None:
        while not self._stop.wait(0.05):
            tree = self._tree()
            rss = sum(self._field_kb(p, "status", "VmRSS:") for p in tree) / 1024
            pss = sum(self._field_kb(p, "smaps_rollup", "Pss:") for p in tree) / 1024
            self.rss_mb, self.pss_mb = max(self.rss_mb, rss), max(self.pss_mb, pss)

    def stop(self) -> None:
        self._stop.set()
        self._thread.join()


def _children_cpu() -> float:
    kids = resource.getrusage(resource.RUSAGE_CHILDREN)
    return kids.ru_utime + kids.ru_stime


def measure(kind: str, args: argparse.Namespace) -> dict[str, Any]:
    """One measurement in a fresh process, with its memory sampled from outside."""
    env = dict(os.environ)
    if kind.endswith("@base"):
        env["PYTHONPATH"] = str(args.baseline_src)
    with tempfile.TemporaryDirectory() as scratch:
        if kind.startswith("startup"):
            tiny = Path(scratch) / "tiny.txt"
            tiny.write_text(STARTUP_TEXT, encoding="utf-8")
            command = [str(Path(sys.executable).with_name("claimmap")), "analyze", str(tiny),
                       "-f", "jsonl", "-q", "-o", str(Path(scratch) / "out.jsonl")]
        elif kind.startswith("cli"):
            claimmap = Path(sys.executable).with_name("claimmap")
            folder = args.polnear / "text"
            if args.limit is not None:
                folder = Path(scratch) / "texts"
                folder.mkdir()
                for path in load_texts(args.polnear, args.limit):
                    (folder / path.name).symlink_to(path)
            command = [str(claimmap), "analyze", str(folder), "-f", "jsonl", "-q",
                       "-o", str(Path(scratch) / "out.jsonl")]
            if kind == "cli@base":  # the CLI of then used one process unless told
                command += ["--n-process", str(args.n_process)]
        else:
            command = [sys.executable, __file__, "--inside", kind.split("@")[0], "--polnear",
                       str(args.polnear), "--n-process", str(args.n_process)]
            if args.limit is not None:
                command += ["--limit", str(args.limit)]
        cpu_before, started = _children_cpu(), time.perf_counter()
        proc = subprocess.Popen(command, stdout=subprocess.PIPE, stderr=subprocess.PIPE,
                                text=True, env=env)
        sampler = _MemorySampler(proc.pid)
        stdout, stderr = proc.communicate()
        wall, cpu = time.perf_counter() - started, _children_cpu() - cpu_before
        sampler.stop()
        if proc.returncode != 0:
            sys.exit(f"bench: {kind} failed (exit {proc.returncode}):\n{stderr[-3000:]}")
        if kind.startswith("startup"):
            row: dict[str, Any] = {"seconds": wall, "cpu_seconds": cpu}
        elif kind.startswith("cli"):
            lines = (Path(scratch) / "out.jsonl").read_text(encoding="utf-8").splitlines()
            assert len(lines) == len(load_texts(args.polnear, args.limit)), len(lines)
            row = {"seconds": wall, "cpu_seconds": cpu}
        else:
            row = json.loads(stdout.strip().splitlines()[-1])
            row["process_seconds"], row["process_cpu_seconds"] = wall, cpu
    row.update(kind=kind, peak_rss_mb=round(sampler.rss_mb), peak_pss_mb=round(sampler.pss_mb))
    return row


def main() -> None:
    parser = argparse.ArgumentParser(description=(__doc__ or "").splitlines()[0])
    parser.add_argument("--polnear", type=Path, default=DEFAULT_DATA,
                        help="PolNeAR-style folder whose text/*.txt are analysed.")
    parser.add_argument("--limit", type=int, default=None, help="Only the first N texts.")
    parser.add_argument("--n-process", type=int, default=2)
    parser.add_argument("--repeat", type=int, default=3, help="Rounds; each kind keeps its "
                        "fastest run.")
    parser.add_argument("--only", nargs="+", choices=KINDS + BASE_KINDS, default=list(KINDS))
    parser.add_argument("--baseline-src", type=Path, default=None,
                        help="A claimmap src/ folder of an earlier version: also measure its "
                        "analyze_many and CLI (before/after in one run).")
    parser.add_argument("--json", action="store_true", help="Print one JSON object.")
    parser.add_argument("--inside", choices=KINDS[:3], help=argparse.SUPPRESS)
    args = parser.parse_args()

    if args.baseline_src is not None and not set(BASE_KINDS) & set(args.only):
        args.only = [*args.only, *BASE_KINDS]
    paths = load_texts(args.polnear, args.limit)
    if not paths:
        sys.exit(f"bench: no texts in {args.polnear / 'text'}")
    if args.inside:
        print(json.dumps(run_inside(args.inside, paths, args.n_process)))
        return

    words = sum(len(p.read_text(encoding="utf-8").split()) for p in paths)
    load_before = os.getloadavg()
    runs: dict[str, list[dict[str, Any]]] = {k: [] for k in args.only}
    for round_ in range(max(1, args.repeat)):
        # Alternate: each round starts one kind later, so no kind always runs first.
        order = args.only[round_ % len(args.only):] + args.only[:round_ % len(args.only)]
        for kind in order:
            print(f"bench: round {round_ + 1}, {kind} ...", file=sys.stderr)
            row = measure(kind, args)
            print(f"bench:   {row['seconds']:.2f} s, {row['cpu_seconds']:.1f} CPU s",
                  file=sys.stderr)
            runs[kind].append(row)
    best = {k: min(rows, key=lambda r: r["seconds"]) for k, rows in runs.items()}
    for row in best.values():
        row["words_per_s"] = round(words / row["seconds"])
        row["all_seconds"] = [round(r["seconds"], 2) for r in runs[row["kind"]]]
    load_after = os.getloadavg()
    ratios = {}
    if "floor" in best and "library" in best:
        ratios["library_over_floor"] = best["library"]["seconds"] / best["floor"]["seconds"]
    if "small" in best and "library" in best:
        ratios["library_over_small"] = best["library"]["seconds"] / best["small"]["seconds"]
    if "cli" in best and "library" in best:
        ratios["cli_over_library"] = best["cli"]["seconds"] / best["library"]["seconds"]
    if "startup" in best and "library" in best:
        # The part of cli_over_library that is start-up and exit.
        ratios["startup_over_library"] = best["startup"]["seconds"] / best["library"]["seconds"]
    if "floor" in best and "library@base" in best:
        ratios["library@base_over_floor"] = (best["library@base"]["seconds"]
                                             / best["floor"]["seconds"])
    if "cli@base" in best and "library@base" in best:
        ratios["cli@base_over_library@base"] = (best["cli@base"]["seconds"]
                                                / best["library@base"]["seconds"])
    # The same ratios by CPU seconds (steadier than wall time on a shared machine).
    for top, bottom in (("library", "floor"), ("cli", "library"), ("library@base", "floor"),
                        ("cli@base", "library@base")):
        if top in best and bottom in best:
            ratios[f"{top}_over_{bottom}_cpu"] = (best[top]["cpu_seconds"]
                                                  / best[bottom]["cpu_seconds"])
    load = {"before": [round(x, 2) for x in load_before],
            "after": [round(x, 2) for x in load_after], "cpus": os.cpu_count()}
    if args.json:
        print(json.dumps({"data": str(args.polnear), "articles": len(paths), "words": words,
                          "n_process": args.n_process, "repeat": args.repeat,
                          "load_average": load, "best": best,
                          "ratios": {k: round(v, 3) for k, v in ratios.items()}}))
        return
    print(f"{len(paths)} articles, {words} words from {args.polnear}; n_process="
          f"{args.n_process}; best of {args.repeat}; load average (1/5/15 min) "
          f"{load['before']} -> {load['after']} on {load['cpus']} CPUs")
    print(f"{'kind':<13}{'seconds':>9}{'CPU s':>8}{'words/s':>9}{'peak RSS':>10}"
          f"{'peak PSS':>10}  runs")
    for kind in args.only:
        r = best[kind]
        print(f"{kind:<13}{r['seconds']:>9.2f}{r['cpu_seconds']:>8.1f}{r['words_per_s']:>9}"
              f"{r['peak_rss_mb']:>8} MB{r['peak_pss_mb']:>7} MB  {r['all_seconds']}")
    bars = {"library_over_floor": LIBRARY_BAR, "cli_over_library": CLI_BAR}
    # Wall-clock ratios are what the bars name; the CPU one is steadier on a loaded machine.
    for name, value in ratios.items():
        bar = f" (bar {bars[name]}x: {'met' if value <= bars[name] else 'NOT met'})" \
            if name in bars else ""
        print(f"{name.replace('_', ' ')}: {value:.2f}x{bar}")


if __name__ == "__main__":
    main()
