"""The Ray engine against the local engine, on this machine.

Two measurements, each through ``claimmap corpus add`` as a fresh process:

``compare JSONL``: the same articles with ``--engine local`` and ``--engine ray`` (alternately,
``--repeat`` times each, start-up included); the stores are compared table by table, row for
row, bookkeeping timestamps aside; after each Ray run no Ray process (daemon, worker, agent)
may be left. Each run's wall and CPU seconds (the whole process tree, and by kind of process:
the command, its workers, each Ray daemon and actor), the load average at its start, and its
``timing`` lines (``CLAIMMAP_LOG_LEVEL=debug``: Ray's import, start and shutdown, the first
result, each actor's start and pipeline load, the driver's decoding, the writer) are in the
report.

``memory``: ``--n`` synthetic articles (built here from our own fictional templates, seeded),
RSS of the whole process tree (the command, its workers, and for Ray the raylet, GCS and
actors) and of the command alone sampled every 1,000 stored articles. Claim tracking is off
unless ``--track``: its claim index grows with the corpus by design, so with it on the figure
to read is MB per 1,000 stored claims, not flatness. ``--max-seconds`` stops the run (SIGTERM)
there and reports what it reached.

    python bench/scale.py compare articles.jsonl --workers 2 --repeat 3
    python bench/scale.py memory --n 100000 --engine ray --workers 2 --out rss-ray.json
"""

from __future__ import annotations

import argparse
import itertools
import json
import os
import random
import shutil
import sqlite3
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

CLAIMMAP = str(Path(sys.executable).with_name("claimmap"))
# Bookkeeping columns: when a row was written, not what it says.
TIMESTAMPS = {"added_at", "updated_at", "first_seen", "finished_at", "stored_at",
              "replaced_at"}


# --- processes ---------------------------------------------------------------------------

def _children() -> dict[int, list[int]]:
    kids: dict[int, list[int]] = {}
    for entry in os.listdir("/proc"):
        if not entry.isdigit():
            continue
        try:
            with open(f"/proc/{entry}/stat") as handle:
                fields = handle.read().rsplit(")", 1)[1].split()
        except OSError:
            continue
        kids.setdefault(int(fields[1]), []).append(int(entry))
    return kids


def tree(pid: int) -> list[int]:
    kids, out, todo = _children(), [], [pid]
    while todo:
        current = todo.pop()
        out.append(current)
        todo.extend(kids.get(current, []))
    return out


def rss_mb(pid: int) -> float:
    try:
        with open(f"/proc/{pid}/status") as handle:
            for line in handle:
                if line.startswith("VmRSS:"):
                    return int(line.split()[1]) / 1024
    except OSError:
        pass
    return 0.0


# --- stores ------------------------------------------------------------------------------

def dump(db: Path) -> dict[str, list[tuple[object, ...]]]:
    """Every table's rows, timestamps left out, in primary-key order."""
    conn = sqlite3.connect(f"file:{db}?mode=ro", uri=True)
    listed = conn.execute("SELECT name, sql FROM sqlite_master WHERE type='table' "
                          "AND name NOT LIKE 'sqlite_%' ORDER BY name").fetchall()
    virtual = [name for name, sql in listed if "VIRTUAL TABLE" in (sql or "").upper()]
    shadows = {f"{v}_{part}" for v in virtual
               for part in ("data", "idx", "content", "docsize", "config")}
    out = {}
    for table in (name for name, _ in listed if name not in shadows):
        cols = [r[1] for r in conn.execute(f"PRAGMA table_info('{table}')")]
        keep = ", ".join(f'"{c}"' for c in cols if c not in TIMESTAMPS)
        out[table] = conn.execute(f'SELECT rowid, {keep} FROM "{table}" ORDER BY rowid'
                                  ).fetchall()
    conn.close()
    return out


def differences(a: Path, b: Path) -> list[str]:
    da, db_ = dump(a), dump(b)
    problems = []
    for table in sorted(set(da) | set(db_)):
        ra, rb = da.get(table, []), db_.get(table, [])
        if ra != rb:
            first = next((i for i, (x, y) in enumerate(zip(ra, rb, strict=False)) if x != y),
                         min(len(ra), len(rb)))
            problems.append(f"{table}: {len(ra)} vs {len(rb)} rows, first difference at row "
                            f"{first}")
    return problems


def cpu_seconds(pid: int) -> float:
    try:
        with open(f"/proc/{pid}/stat") as handle:
            fields = handle.read().rsplit(")", 1)[1].split()
    except OSError:
        return 0.0
    return (int(fields[11]) + int(fields[12])) / os.sysconf("SC_CLK_TCK")


def process_kind(pid: int, root: int) -> str:
    """A short name for a process of the tree: the command, a Ray daemon, a Ray worker's
    title (``ray::MapWorker(...)``, ``ray::IDLE``), or a Python script's file name."""
    if pid == root:
        return "command"
    try:
        with open(f"/proc/{pid}/cmdline", "rb") as handle:
            args = [a.decode(errors="replace") for a in handle.read().split(b"\0") if a]
    except OSError:
        return "?"
    if not args:
        return "?"
    if args[0].startswith("ray::"):
        return args[0].split("(", 1)[0]
    script = next((a for a in args[1:] if a.endswith(".py")), None)
    return Path(script or args[0]).name


def survivors(pids: set[int]) -> list[str]:
    """Those of ``pids`` still running (zombies aside), with their command lines."""
    alive = []
    for pid in sorted(pids):
        try:
            with open(f"/proc/{pid}/stat") as handle:
                state = handle.read().rsplit(")", 1)[1].split()[0]
            with open(f"/proc/{pid}/cmdline", "rb") as handle:
                cmd = handle.read().replace(b"\0", b" ").decode(errors="replace")
        except OSError:
            continue
        if state != "Z":
            alive.append(f"{pid} {cmd[:120]}")
    return alive


def add(inputs: list[str], db: Path, engine: str, workers: int,
        extra: tuple[str, ...] = (), seen_pids: set[int] | None = None,
        ) -> tuple[int, float, float, dict[str, float], str]:
    """Exit code, wall seconds, CPU seconds of the command's whole process tree (each
    process's last reading, sampled every 0.2 s: Ray's raylet, GCS and actors are not reaped
    into the command's own account), those CPU seconds by kind of process, and stderr.
    Timing lines are on (``CLAIMMAP_LOG_LEVEL=debug``). ``seen_pids`` gets every process of
    the tree."""
    started = time.perf_counter()
    log = db.with_suffix(".stderr").open("w")
    env = {**os.environ, "CLAIMMAP_LOG_LEVEL": "debug"}
    proc = subprocess.Popen([CLAIMMAP, "corpus", "add", *inputs, "--db", str(db), "--engine",
                             engine, "--workers", str(workers), "--quiet", *extra],
                            stdout=subprocess.DEVNULL, stderr=log, text=True, env=env)
    seen: dict[int, float] = {}
    kinds: dict[int, str] = {}
    while proc.poll() is None:
        if seen_pids is not None:
            seen_pids.update(tree(proc.pid))
        for pid in tree(proc.pid):
            seen[pid] = max(seen.get(pid, 0.0), cpu_seconds(pid))
            if kinds.get(pid, "?") in ("?", "python", "python3", "default_worker.py",
                                       "ray::IDLE"):
                kinds[pid] = process_kind(pid, proc.pid)  # workers take titles later
        time.sleep(0.2)
    seconds = time.perf_counter() - started
    log.close()
    stderr = db.with_suffix(".stderr").read_text(errors="replace")
    if proc.returncode != 0:
        sys.stderr.write(stderr[-2000:])
    by_kind: dict[str, float] = {}
    for pid, cpu in seen.items():
        kind = kinds.get(pid, "?")
        by_kind[kind] = round(by_kind.get(kind, 0.0) + cpu, 2)
    return proc.returncode, seconds, sum(seen.values()), by_kind, stderr


def timings(stderr: str) -> dict[str, str]:
    """The run's ``timing`` lines (see claimmap.corpus.timing): event -> the rest."""
    out: dict[str, str] = {}
    for line in stderr.splitlines():
        _, sep, rest = line.partition("timing ")
        if not sep or " at " not in rest:
            continue
        event, _, figures = rest.partition(" at ")
        key = event
        for n in itertools.count(2):
            if key not in out:
                break
            key = f"{event} #{n}"
        out[key] = figures
    return out


def actor_cpu_after_load(steps: dict[str, str]) -> float | None:
    """A Ray run's actors' CPU seconds once their pipeline was loaded (``cpu`` less
    ``cpu_at_ready`` of each ``ray.actor`` timing line): their analysis alone, to set
    against the local engine's workers."""
    total, found = 0.0, False
    for event, figures in steps.items():
        if not event.startswith("ray.actor"):
            continue
        values = dict(part.split("=", 1) for part in figures.split() if "=" in part)
        if "cpu" in values and "cpu_at_ready" in values:
            total += float(values["cpu"]) - float(values["cpu_at_ready"])
            found = True
    return round(total, 2) if found else None


def compare(args: argparse.Namespace) -> dict[str, object]:
    scratch = Path(tempfile.mkdtemp(prefix="claimmap-scale-"))
    times: dict[str, list[float]] = {"local": [], "ray": []}
    cpus: dict[str, list[float]] = {"local": [], "ray": []}
    cpu_by_kind: dict[str, list[dict[str, float]]] = {"local": [], "ray": []}
    steps: dict[str, list[dict[str, str]]] = {"local": [], "ray": []}
    loads: list[float] = []
    codes: dict[str, list[int]] = {"local": [], "ray": []}
    left: list[str] = []
    last: dict[str, Path] = {}
    try:
        for round_ in range(args.repeat):
            order = ("local", "ray") if round_ % 2 == 0 else ("ray", "local")
            for engine in order:
                db = scratch / f"{engine}-{round_}.db"
                loads.append(os.getloadavg()[0])
                pids: set[int] = set()
                code, seconds, cpu, by_kind, stderr = add([args.jsonl], db, engine,
                                                          args.workers, seen_pids=pids)
                codes[engine].append(code)
                times[engine].append(seconds)
                cpus[engine].append(cpu)
                cpu_by_kind[engine].append(by_kind)
                steps[engine].append(timings(stderr))
                last[engine] = db
                # Any process of the run's tree (Ray's daemons, workers, agents) still up.
                time.sleep(1.0)
                left += survivors(pids)
                print(f"round {round_ + 1} {engine}: exit {code}, {seconds:.1f} s, "
                      f"{cpu:.1f} CPU s, load {loads[-1]:.1f}; by process {by_kind}",
                      file=sys.stderr, flush=True)
        diffs = differences(last["local"], last["ray"])
        counts = {t: len(rows) for t, rows in dump(last["ray"]).items()}
    finally:
        shutil.rmtree(scratch, ignore_errors=True)
    ratios = [r / loc for r, loc in zip(times["ray"], times["local"], strict=True)]
    cpu_ratios = [r / loc for r, loc in zip(cpus["ray"], cpus["local"], strict=True)]
    return {"articles": args.jsonl, "workers": args.workers, "seconds": times,
            "cpu_seconds": cpus, "ray_over_local_cpu_median": statistics.median(cpu_ratios),
            "exit_codes": codes, "ray_over_local_median": statistics.median(ratios),
            "ray_over_local_per_round": ratios, "store_differences": diffs,
            "rows": counts, "ray_processes_left": left,
            "load_average_at_each_start": [round(x, 1) for x in loads],
            "cpu_seconds_by_process": cpu_by_kind,
            "ray_actor_cpu_after_load": [actor_cpu_after_load(t) for t in steps["ray"]],
            "timings": steps}


# --- synthetic articles ------------------------------------------------------------------

FIRST = ["Mara", "Tomas", "Ilse", "Odran", "Petra", "Kasimir", "Lenka", "Anwar", "Sefa",
         "Bruno", "Yelena", "Dario", "Henrike", "Colm", "Ayla", "Ruben"]
LAST = ["Vellacott", "Drummore", "Ostrander", "Kelby", "Marchetti", "Halloran", "Szabo",
        "Quillan", "Brenner", "Adeyemi", "Lindqvist", "Farrow", "Okafor", "Tamsin"]
PLACES = ["Nordhaven", "Port Ellery", "Kestrel Bay", "Alder Falls", "Greywater", "Moorfield",
          "Saltmarsh", "Brackenridge"]
BODIES = ["the Harbour Authority", "the Transit Union", "the regional council",
          "the Ministry of Works", "the Fisheries Board", "the Chamber of Trade",
          "the Water Company", "the Teachers' Guild"]
TOPICS = ["the new ferry contract", "the school closures", "the water tariff",
          "the bridge repairs", "the port expansion", "the bus timetable",
          "the housing plan", "the budget shortfall"]
TEMPLATES = [
    "{P1}, a spokesperson for {B1}, said on {day} that {T} would cost {n} million crowns, "
    "far more than {B2} had promised.",
    "\"We were never consulted about {T},\" said {P2}, who chairs a residents' group in {C}.",
    "{B2} denied the figures. \"These claims are simply false,\" {P3} told reporters.",
    "According to a report published by {B1}, {pct} percent of households in {C} would pay "
    "more next year.",
    "{P1} accused {B2} of hiding the true cost of {T} from the public.",
    "Critics say the plan is a disaster that will ruin {C} for a generation.",
    "The council will vote on {T} on {day}, officials said.",
    "{P2} argued that the decision was rushed and that {n} jobs could be lost.",
    "Some residents have already signed a petition, and more protests are planned in {C}.",
    "\"This is the biggest scandal our town has ever seen,\" {P3} said at a rally.",
]
DAYS = ["Monday", "Tuesday", "Wednesday", "Thursday", "Friday"]


def synthetic(number: int, rng: random.Random) -> dict[str, object]:
    def person() -> str:
        # A fresh surname now and then: new strings for the vocabulary, as in real news.
        last = rng.choice(LAST) if rng.random() < 0.8 else f"{rng.choice(LAST)}{number % 997}"
        return f"{rng.choice(FIRST)} {last}"

    slots = {"P1": person(), "P2": person(), "P3": person(), "B1": rng.choice(BODIES),
             "B2": rng.choice(BODIES), "T": rng.choice(TOPICS), "C": rng.choice(PLACES),
             "day": rng.choice(DAYS), "n": rng.randint(2, 900), "pct": rng.randint(5, 80)}
    sentences = [t.format(**slots) for t in rng.sample(TEMPLATES, rng.randint(3, 5))]
    paragraphs = [" ".join(sentences[i:i + 2]) for i in range(0, len(sentences), 2)]
    return {"id": f"syn-{number:07d}", "title": f"{slots['C']} row over {slots['T']}",
            "outlet": f"The {rng.choice(PLACES)} Courier",
            "published": f"2026-{rng.randint(1, 12):02d}-{rng.randint(1, 28):02d}",
            "text": "\n\n".join(paragraphs)}


def write_synthetic(path: Path, n: int, seed: int = 14) -> None:
    rng = random.Random(seed)
    with path.open("w", encoding="utf-8") as handle:
        for number in range(n):
            handle.write(json.dumps(synthetic(number, rng)) + "\n")


def memory(args: argparse.Namespace) -> dict[str, object]:
    scratch = Path(tempfile.mkdtemp(prefix="claimmap-rss-"))
    data = scratch / "synthetic.jsonl"
    write_synthetic(data, args.n)
    db = scratch / "store.db"
    samples: list[dict[str, float]] = []
    started = time.perf_counter()
    log = (scratch / "stderr.log").open("wb")  # a file, not a pipe nobody drains for hours
    track = () if args.track else ("--no-track",)
    proc = subprocess.Popen([CLAIMMAP, "corpus", "add", str(data), "--db", str(db),
                             "--engine", args.engine, "--workers", str(args.workers),
                             "--quiet", *track], stdout=subprocess.DEVNULL, stderr=log)
    next_mark = 1000
    stopped = False
    try:
        while proc.poll() is None:
            time.sleep(1.0)
            if args.max_seconds and time.perf_counter() - started > args.max_seconds:
                proc.terminate()  # the command shuts its workers (and its Ray) down
                proc.wait(timeout=120)
                stopped = True
                break
            try:
                conn = sqlite3.connect(f"file:{db}?mode=ro", uri=True, timeout=1)
                stored = conn.execute("SELECT count(*) FROM articles").fetchone()[0]
                n_claims = conn.execute("SELECT count(*) FROM claims").fetchone()[0]
                conn.close()
            except sqlite3.Error:
                continue
            if stored >= next_mark:
                pids = tree(proc.pid)
                sample = {"articles": stored, "claims": n_claims,
                          "seconds": round(time.perf_counter() - started, 1),
                          "rss_tree_mb": round(sum(rss_mb(p) for p in pids), 1),
                          "rss_command_mb": round(rss_mb(proc.pid), 1), "processes": len(pids),
                          "load": round(os.getloadavg()[0], 1)}
                samples.append(sample)
                print(json.dumps(sample), file=sys.stderr, flush=True)
                next_mark = (stored // 1000 + 1) * 1000
        log.close()
        err = (scratch / "stderr.log").read_text(errors="replace")
    finally:
        if proc.poll() is None:
            proc.kill()
        shutil.rmtree(scratch, ignore_errors=True)

    def at(n: int, key: str) -> float | None:
        near = [s for s in samples if s["articles"] >= n]
        return near[0][key] if near else None

    result: dict[str, object] = {"engine": args.engine, "workers": args.workers, "n": args.n,
                                 "track": args.track, "stopped_at_max_seconds": stopped,
                                 "exit_code": proc.returncode, "samples": samples,
                                 "seconds": round(time.perf_counter() - started, 1),
                                 "stderr_tail": err[-1000:]}
    # Samples taken while every process of the run was alive: the final one can fall after
    # the workers have exited, and a tree of one process says nothing about growth. Each end
    # is the median of three such samples (those nearest 10,000, and the last three), since a
    # single one can catch a transient: Ray's 10,000 sample fell on a window boundary, with
    # the old actors gone and the new ones still loading, 140 MB under its neighbours.
    usual = statistics.median(s["processes"] for s in samples) if samples else 0
    running = [s for s in samples if s["processes"] >= usual]
    near = sorted(running, key=lambda s: abs(s["articles"] - 10_000))[:3]
    for key in ("rss_tree_mb", "rss_command_mb"):
        ref, last = at(10_000, key), running[-1][key] if running else None
        if ref and last:
            result[f"{key}_last_over_10k_single"] = round(last / ref, 3)
        if len(near) == 3 and len(running) >= 3 and running[-1]["articles"] > 10_000:
            steady_ref = statistics.median(s[key] for s in near)
            steady_last = statistics.median(s[key] for s in running[-3:])
            result[f"{key}_last_over_10k"] = round(steady_last / steady_ref, 3)
    if len(samples) >= 2:
        first, end = samples[0], samples[-1]
        span = end["seconds"] - first["seconds"]
        if span > 0:
            result["articles_per_second"] = round((end["articles"] - first["articles"]) / span,
                                                  2)
        claims = end["claims"] - first["claims"]
        if claims > 0:  # growth of the command's RSS per 1,000 claims stored after the first
            result["command_mb_per_1000_claims"] = round(
                1000 * (end["rss_command_mb"] - first["rss_command_mb"]) / claims, 2)
    return result


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    sub = parser.add_subparsers(dest="command", required=True)
    cmp_ = sub.add_parser("compare")
    cmp_.add_argument("jsonl")
    cmp_.add_argument("--workers", type=int, default=2)
    cmp_.add_argument("--repeat", type=int, default=3)
    mem = sub.add_parser("memory")
    mem.add_argument("--n", type=int, default=100_000)
    mem.add_argument("--engine", choices=("local", "ray"), default="ray")
    mem.add_argument("--workers", type=int, default=2)
    mem.add_argument("--track", action="store_true",
                     help="claim tracking on (its index grows with the corpus by design)")
    mem.add_argument("--max-seconds", type=float, default=0.0)
    for p in (cmp_, mem):
        p.add_argument("--out", type=Path)
    args = parser.parse_args()
    result = compare(args) if args.command == "compare" else memory(args)
    text = json.dumps(result, indent=2)
    if args.out:
        args.out.write_text(text + "\n")
    print(text)


if __name__ == "__main__":
    main()
