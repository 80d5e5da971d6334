"""Corpus store bench: ``corpus add`` against ``analyze_many(n_process=2)`` on the same
articles, both as fresh processes; store size per article; search and facet latency at 10,000
and 100,000 articles (rows synthesised by copying the stored ones under new ids).

    python bench/corpus.py [--n 200] [--repeats 1] [--sizes 10000 100000] [--json OUT]
    python bench/corpus.py --n 150 --repeats 3 --sizes   # the speed comparison only

Numbers are ratios on one machine; run with nothing else heavy on it. The two sides alternate
(which goes first swaps every repeat); each ``corpus add`` gets an empty vector cache
(``CLAIMMAP_CACHE_DIR``), so every claim it compares is embedded in that run. Wall and CPU
seconds (the process and its workers) and the load average are reported per run.
"""

from __future__ import annotations

import argparse
import json
import os
import resource
import sqlite3
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))
from corpus_data import build

ANALYZE_MANY = """
import json, sys
from claimmap.api import analyze_many
from claimmap.corpus.inputs import article_from_record
articles = [article_from_record(json.loads(line), source="bench", max_chars=2_000_000)
            for line in open(sys.argv[1], encoding="utf-8") if line.strip()]
n = sum(1 for _ in analyze_many(articles, n_process=2))
print(n)
"""

COPY_TABLES = ("article_actors", "quotes", "claims", "techniques", "disputes", "accusations")
QUERIES = ["government", "police said", "islamic state fighters", "meteorite managua",
           "nonexistentword", "' OR 1=1 --"]


def timed(cmd: list[str], env: dict[str, str] | None = None) -> tuple[float, float]:
    """Wall and CPU seconds (user + system, the child and everything it waited for)."""
    before = resource.getrusage(resource.RUSAGE_CHILDREN)
    start = time.perf_counter()
    subprocess.run(cmd, check=False, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL,
                   env=env)
    wall = time.perf_counter() - start
    after = resource.getrusage(resource.RUSAGE_CHILDREN)
    cpu = (after.ru_utime - before.ru_utime) + (after.ru_stime - before.ru_stime)
    return wall, cpu


def speed(data: Path, work: Path, repeats: int,
          extra: list[str] | None = None) -> tuple[dict[str, object], Path]:
    many: list[tuple[float, float]] = []
    add: list[tuple[float, float]] = []
    loads: list[float] = []
    db = work / "speed.db"

    def run_many() -> None:
        many.append(timed([sys.executable, "-c", ANALYZE_MANY, str(data)]))

    def run_add(repeat: int) -> None:
        for p in work.glob("speed.db*"):
            p.unlink()
        cache = work / f"vectors-{repeat}"  # empty: nothing embedded before this run
        cache.mkdir()
        env = {**os.environ, "CLAIMMAP_CACHE_DIR": str(cache)}
        add.append(timed([sys.executable, "-m", "claimmap", "corpus", "add", str(data),
                          "--db", str(db), "--workers", "2", "--quiet", *(extra or [])],
                         env))

    for repeat in range(repeats):
        loads.append(os.getloadavg()[0])
        if repeat % 2 == 0:
            run_many()
            run_add(repeat)
        else:
            run_add(repeat)
            run_many()
        print(json.dumps({"repeat": repeat, "analyze_many": many[-1], "corpus_add": add[-1],
                          "load": loads[-1]}), file=sys.stderr, flush=True)
    loads.append(os.getloadavg()[0])
    m = statistics.median(w for w, _ in many)
    a = statistics.median(w for w, _ in add)
    mc = statistics.median(c for _, c in many)
    ac = statistics.median(c for _, c in add)
    return {"analyze_many_s": round(m, 1), "corpus_add_s": round(a, 1),
            "ratio": round(a / m, 3), "analyze_many_cpu_s": round(mc, 1),
            "corpus_add_cpu_s": round(ac, 1), "cpu_ratio": round(ac / mc, 3),
            "pair_ratios": [round(x[0] / y[0], 3) for x, y in zip(add, many, strict=True)],
            "load_average": [round(x, 2) for x in loads],
            "runs": {"analyze_many": many, "corpus_add": add}}, db


def size_per_article(db: Path) -> dict[str, object]:
    conn = sqlite3.connect(db)
    conn.execute("PRAGMA wal_checkpoint(TRUNCATE)")
    n = conn.execute("SELECT count(*) FROM articles").fetchone()[0]
    text = conn.execute("SELECT total(length(text)) FROM articles").fetchone()[0]
    conn.close()
    size = db.stat().st_size
    return {"articles": n, "bytes": size, "bytes_per_article": round(size / max(n, 1)),
            "text_chars_per_article": round(text / max(n, 1))}


def synthesise(base: Path, target: Path, size: int) -> None:
    """Copy ``base``'s articles (and their analysis and search rows) until ``size`` articles."""
    import shutil

    shutil.copy(base, target)
    conn = sqlite3.connect(target)
    conn.execute("PRAGMA foreign_keys = OFF")
    n = conn.execute("SELECT count(*) FROM articles").fetchone()[0]
    cols = {t: [r[1] for r in conn.execute(f"PRAGMA table_info({t})")]
            for t in ("articles", *COPY_TABLES)}
    for k in range(1, -(-size // n)):
        take = min(n, size - n * k)
        suffix = f"~s{k}"
        conn.execute("CREATE TEMP TABLE pick AS SELECT id FROM articles WHERE id NOT LIKE '%~s%' "
                     f"ORDER BY id LIMIT {take}")
        art = ", ".join("id || :s" if c == "id" else c for c in cols["articles"])
        conn.execute(f"INSERT INTO articles SELECT {art} FROM articles WHERE id IN "
                     "(SELECT id FROM pick)", {"s": suffix})
        for table in COPY_TABLES:
            sel = ", ".join(f'"{c}" || :s' if c in ("id", "article_id") else f'"{c}"'
                            for c in cols[table])
            conn.execute(f"INSERT INTO {table} SELECT {sel} FROM {table} WHERE article_id IN "
                         "(SELECT id FROM pick)", {"s": suffix})
        rows = conn.execute("SELECT f.kind, f.article_id, f.ref, f.body FROM search_fts f "
                            "JOIN search_rows r ON r.rowid = f.rowid WHERE r.article_id IN "
                            "(SELECT id FROM pick)").fetchall()
        for kind, aid, ref, body in rows:
            rowid = conn.execute("INSERT INTO search_rows (article_id) VALUES (?)",
                                 (aid + suffix,)).lastrowid
            conn.execute("INSERT INTO search_fts (rowid, kind, article_id, ref, body) "
                         "VALUES (?, ?, ?, ?, ?)",
                         (rowid, kind, aid + suffix, ref and ref + suffix, body))
        conn.execute("DROP TABLE pick")
        conn.commit()
    conn.execute("PRAGMA wal_checkpoint(TRUNCATE)")
    conn.close()


def latency(db: Path) -> dict[str, object]:
    from claimmap.store import open_store, queries

    store = open_store(db, read_only=True)

    def ms(fn: object, reps: int = 5) -> list[float]:
        out = []
        for _ in range(reps):
            start = time.perf_counter()
            fn()  # type: ignore[operator]
            out.append((time.perf_counter() - start) * 1000)
        return out

    search = {q: round(statistics.median(ms(lambda q=q: queries.search(store, q))), 1)
              for q in QUERIES}
    outlet = queries.list_articles(store, facets=False, limit=1).articles[0].outlet
    facets_all = ms(lambda: queries.list_articles(store), reps=3)
    facets_outlet = ms(lambda: queries.list_articles(
        store, queries.ArticleFilter(outlet=outlet)), reps=3)
    with store.connect() as conn:
        group = ms(lambda: list(conn.exec_driver_sql(
            "SELECT outlet, count(*) FROM articles GROUP BY outlet")))
    n = queries.stats(store).counts["articles"]
    store.close()
    return {"articles": n, "search_ms_median": search,
            "search_ms_max": max(search.values()),
            "facets_all_ms": round(statistics.median(facets_all), 1),
            "facets_one_outlet_ms": round(statistics.median(facets_outlet), 1),
            "outlet_group_by_ms": round(statistics.median(group), 1),
            "db_bytes": db.stat().st_size}


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--n", type=int, default=200)
    parser.add_argument("--repeats", type=int, default=1)
    parser.add_argument("--sizes", type=int, nargs="*", default=[10_000, 100_000])
    parser.add_argument("--base", type=Path, help="Use this store for size and latency "
                        "instead of running the speed comparison")
    parser.add_argument("--json", type=Path)
    parser.add_argument("--add-args", nargs="*", default=[],
                        help="Extra corpus add arguments (e.g. --no-track)")
    args = parser.parse_args()
    work = Path(tempfile.mkdtemp(prefix="claimmap-bench-"))
    results: dict[str, object] = {}
    if args.base is None:
        data = work / "bench.jsonl"
        build(data, args.n, bad=False)
        results["speed"], base = speed(data, work, args.repeats, args.add_args)
        print(json.dumps(results["speed"]), flush=True)
    else:
        base = args.base
    results["size"] = size_per_article(base)
    print(json.dumps(results["size"]), flush=True)
    for size in args.sizes:
        target = work / f"synth-{size}.db"
        start = time.perf_counter()
        synthesise(base, target, size)
        built = time.perf_counter() - start
        figures = latency(target)
        figures["synthesis_s"] = round(built, 1)
        results[f"latency_{size}"] = figures
        print(json.dumps(figures), flush=True)
        target.unlink()
    if args.json:
        args.json.write_text(json.dumps(results, indent=2) + "\n", encoding="utf-8")
    return 0


if __name__ == "__main__":
    sys.exit(main())
