"""Corpus store bench: ``corpus add`` against ``analyze_many(n_process=2)`` on the same
articles, both as fresh processes; store size per article; search and facet latency at 10,000
and 100,000 articles (rows synthesised by copying the stored ones under new ids).

    python bench/corpus.py [--n 200] [--repeats 1] [--sizes 10000 100000] [--json OUT]

Numbers are ratios on one machine; run with nothing else heavy on it.
"""

from __future__ import annotations

import argparse
import json
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


def timed(cmd: list[str]) -> float:
    start = time.perf_counter()
    subprocess.run(cmd, check=False, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
    return time.perf_counter() - start


def speed(data: Path, work: Path, repeats: int) -> tuple[dict[str, object], Path]:
    many, add = [], []
    db = work / "speed.db"
    for _ in range(repeats):
        many.append(timed([sys.executable, "-c", ANALYZE_MANY, str(data)]))
        for p in work.glob("speed.db*"):
            p.unlink()
        add.append(timed([sys.executable, "-m", "claimmap", "corpus", "add", str(data),
                          "--db", str(db), "--workers", "2", "--quiet"]))
    m, a = statistics.median(many), statistics.median(add)
    return {"analyze_many_s": round(m, 1), "corpus_add_s": round(a, 1),
            "ratio": round(a / m, 3), "runs": {"analyze_many": many, "corpus_add": add}}, db


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
    args = parser.parse_args()
    work = Path(tempfile.mkdtemp(prefix="claimmap-bench-"))
    results: dict[str, object] = {}
    if args.base is None:
        data = work / "bench.jsonl"
        build(data, args.n, bad=False)
        results["speed"], base = speed(data, work, args.repeats)
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
