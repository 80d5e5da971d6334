"""The kill bar of the corpus store, end to end.

A JSONL of N real bodies (../shared, 15 synthetic outlets) plus 8 bad lines; ``corpus add
--workers 2`` is SIGKILLed K times at random moments, then run to the end. Checks: every good
article stored exactly once, one error row per bad line, integrity_check ok, exit 1; a second
run exits 1, changes no row of any table and takes at most a fifth of the time.

    python bench/corpus_kill.py [--n 1000] [--kills 5] [--seed 1] [--workdir DIR]
"""

from __future__ import annotations

import argparse
import hashlib
import json
import os
import random
import signal
import sqlite3
import subprocess
import sys
import tempfile
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))
from corpus_data import BAD_LINES, build

CLAIMMAP = [sys.executable, "-m", "claimmap"]


def children(pid: int) -> list[int]:
    try:
        text = Path(f"/proc/{pid}/task/{pid}/children").read_text()
    except OSError:
        return []
    return [int(p) for p in text.split()]


def alive(pid: int) -> bool:
    try:
        state = Path(f"/proc/{pid}/stat").read_text().split()[2]
    except OSError:
        return False
    return state != "Z"


def snapshot(db: Path) -> str:
    """A digest of every row of every table (FTS shadow tables included)."""
    conn = sqlite3.connect(db)
    digest = hashlib.sha256()
    names = [r[0] for r in conn.execute(
        "SELECT name FROM sqlite_master WHERE type = 'table' ORDER BY name")]
    for name in names:
        for row in conn.execute(f'SELECT * FROM "{name}" ORDER BY 1'):
            digest.update(repr(row).encode())
    conn.close()
    return digest.hexdigest()


def run_add(data: Path, db: Path, workers: int) -> tuple[int, float]:
    start = time.perf_counter()
    proc = subprocess.run([*CLAIMMAP, "corpus", "add", str(data), "--db", str(db),
                           "--workers", str(workers), "--quiet"],
                          stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL, check=False)
    return proc.returncode, time.perf_counter() - start


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--n", type=int, default=1000)
    parser.add_argument("--kills", type=int, default=5)
    parser.add_argument("--workers", type=int, default=2)
    parser.add_argument("--seed", type=int, default=1)
    parser.add_argument("--max-wait", type=float, default=40.0,
                        help="Kill at a uniform moment in [1, max-wait] seconds")
    parser.add_argument("--workdir", type=Path)
    args = parser.parse_args()
    rng = random.Random(args.seed)
    work = args.workdir or Path(tempfile.mkdtemp(prefix="claimmap-kill-"))
    work.mkdir(parents=True, exist_ok=True)
    data, db = work / "corpus.jsonl", work / "corpus.db"
    for path in work.glob("corpus.db*"):
        path.unlink()
    good = build(data, args.n)
    figures: dict[str, object] = {"good": good, "bad": len(BAD_LINES), "kills": []}
    killed_at_counts = []
    first_pass_s = 0.0
    for k in range(args.kills):
        wait = rng.uniform(1.0, args.max_wait)
        proc = subprocess.Popen([*CLAIMMAP, "corpus", "add", str(data), "--db", str(db),
                                 "--workers", str(args.workers), "--quiet"],
                                stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
        deadline = time.time() + wait
        kids: set[int] = set()
        while time.time() < deadline and proc.poll() is None:
            kids.update(children(proc.pid))
            time.sleep(0.05)
        finished = proc.poll() is not None
        first_pass_s += wait
        if not finished:
            os.kill(proc.pid, signal.SIGKILL)
        proc.wait()
        time.sleep(1.0)
        left = [pid for pid in kids if alive(pid)]
        stored = 0
        if db.exists():
            conn = sqlite3.connect(db)
            try:
                stored = conn.execute("SELECT count(*) FROM articles").fetchone()[0]
            except sqlite3.OperationalError:
                stored = 0
            conn.close()
        killed_at_counts.append(stored)
        figures["kills"].append({"after_s": round(wait, 1), "finished_first": finished,
                                 "stored_so_far": stored, "orphan_workers": len(left)})
        print(f"kill {k + 1}: after {wait:.1f} s, {stored} stored, "
              f"{len(left)} worker(s) left", flush=True)
        for pid in left:
            os.kill(pid, signal.SIGKILL)
    rc, final_s = run_add(data, db, args.workers)
    conn = sqlite3.connect(db)
    ids = [r[0] for r in conn.execute("SELECT id FROM articles")]
    expected = {f"art-{i:05d}" for i in range(good)}
    errors = conn.execute("SELECT count(*) FROM errors").fetchone()[0]
    integrity = conn.execute("PRAGMA integrity_check").fetchone()[0]
    maps = conn.execute("SELECT count(*) FROM claimmaps").fetchone()[0]
    conn.close()
    check = subprocess.run([*CLAIMMAP, "corpus", "check", "--db", str(db)],
                           capture_output=True, text=True, check=False)
    before = snapshot(db)
    rc2, second_s = run_add(data, db, args.workers)
    after = snapshot(db)
    figures.update({
        "final_run_rc": rc, "final_run_s": round(final_s, 1), "articles": len(ids),
        "exactly_once": len(ids) == len(set(ids)) and set(ids) == expected,
        "claimmaps": maps, "error_rows": errors, "integrity_check": integrity,
        "corpus_check": check.stdout.strip(), "second_run_rc": rc2,
        "second_run_s": round(second_s, 2), "second_run_unchanged": before == after,
        "first_pass_s": round(first_pass_s + final_s, 1),
        "second_over_first_pass": round(second_s / (first_pass_s + final_s), 3),
    })
    ok = (figures["exactly_once"] and errors == len(BAD_LINES) and integrity == "ok"
          and rc == 1 and rc2 == 1 and before == after and second_s <= (first_pass_s + final_s) / 5
          and maps == good and all(k["orphan_workers"] == 0 for k in figures["kills"]))
    figures["pass"] = bool(ok)
    print(json.dumps(figures, indent=2))
    return 0 if ok else 1


if __name__ == "__main__":
    sys.exit(main())
