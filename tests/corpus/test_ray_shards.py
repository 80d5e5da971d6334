"""Disk-to-disk shards with a stand-in engine (no Ray, no pipeline): one output file and one
ledger row per input, reruns do only what is missing, ``load_shards`` stores them."""

from __future__ import annotations

import json
from collections.abc import Iterable, Iterator
from pathlib import Path

from sqlalchemy import func, select

from claimmap.corpus.engine import Analysed, Failed, Outcome, WorkItem
from claimmap.corpus.inputs import iter_inputs
from claimmap.corpus.run import add_to_store
from claimmap.corpus.shards import LEDGER, SUFFIX, load_shards, read_ledger, write_shards
from claimmap.store import open_store
from claimmap.store.schema import articles, errors, ledger
from claimmap.types import ClaimMap, Provenance

PROVENANCE = Provenance("0.1", "3.8.0", "en_core_web_sm", "3.8.0", "test")


class StandIn:
    name = "stand-in"

    def __init__(self) -> None:
        self.seen: list[str] = []

    def run(self, items: Iterable[WorkItem]) -> Iterator[Outcome]:
        for item in items:
            self.seen.append(item.article.id)
            if "fail" in item.article.id:
                yield Failed(item, "analysis failed: stand-in failure")
            else:
                yield Analysed(item, ClaimMap(article=item.article, provenance=PROVENANCE))

    def close(self) -> None:
        pass


def _shard(path: Path, ids: list[str], bad: bool = False) -> Path:
    lines = [json.dumps({"id": i, "text": f"The ferry {i} left Nordhaven late."}) for i in ids]
    if bad:
        lines.append('{"id": "torn')
    path.write_text("\n".join(lines) + "\n", encoding="utf-8")
    return path


def _count(store_db: str, table: object) -> int:
    store = open_store(store_db, read_only=True)
    with store.connect() as conn:
        n = int(conn.execute(select(func.count()).select_from(table)).scalar_one())  # type: ignore[arg-type]
    store.close()
    return n


def test_ray_shards_one_file_and_ledger_row_per_input_rerun_does_what_is_missing(
        tmp_path: Path) -> None:
    a = _shard(tmp_path / "a.jsonl", ["a1", "a2", "fail-a3"], bad=True)
    b = _shard(tmp_path / "b.jsonl", ["b1", "b2"])
    out = tmp_path / "out"
    engine = StandIn()
    report = write_shards(iter_inputs([a, b]), out, engine)
    assert (report.inserted, report.errors, report.exit_code) == (4, 2, 1)
    assert sorted(p.name.split("-")[0] for p in out.glob(f"*{SUFFIX}")) == ["a.jsonl",
                                                                            "b.jsonl"]
    assert not list(out.glob("*.part"))
    assert len(read_ledger(out)) == 2
    again = StandIn()
    rerun = write_shards(iter_inputs([a, b]), out, again)
    assert (again.seen, rerun.inputs_skipped, rerun.errors) == ([], 2, 2)
    # A changed shard (and a torn ledger line from a kill) is redone alone.
    _shard(b, ["b1", "b2", "b3"])
    with (out / LEDGER).open("a") as handle:
        handle.write('{"key": "file:torn')
    third = StandIn()
    write_shards(iter_inputs([a, b]), out, third)
    assert third.seen == ["b1", "b2", "b3"]


def test_ray_shards_load_matches_a_direct_add_and_is_skipped_when_reloaded(
        tmp_path: Path) -> None:
    a = _shard(tmp_path / "a.jsonl", ["a1", "fail-a2", "a3"], bad=True)
    b = _shard(tmp_path / "b.jsonl", ["b1", "a1"])
    out = tmp_path / "out"
    write_shards(iter_inputs([a, b]), out, StandIn())
    loaded_db, direct_db = str(tmp_path / "loaded.db"), str(tmp_path / "direct.db")
    store = open_store(loaded_db)
    report = load_shards(out, store)
    assert (report.shards, report.inserted, report.errors, report.exit_code) == (2, 3, 2, 1)
    again = load_shards(out, store)
    assert (again.shards, again.shards_skipped, again.inserted) == (0, 2, 0)
    store.close()
    direct = open_store(direct_db)
    add_to_store(iter_inputs([a, b]), direct, StandIn())
    direct.close()
    for table in (articles, errors):
        assert _count(loaded_db, table) == _count(direct_db, table)
    assert _count(loaded_db, ledger) == 2
    store = open_store(loaded_db, read_only=True)
    with store.connect() as conn:
        ids = [r[0] for r in conn.execute(select(articles.c.id).order_by(articles.c.id))]
        where = [r[0] for r in conn.execute(select(errors.c.stage).order_by(errors.c.id))]
    store.close()
    assert ids == ["a1", "a3", "b1"]
    assert sorted(where) == ["analysis", "input"]
