"""add_to_store with a stand-in engine: what reaches the engine, what is stored, what is
recorded, on both backends. The real engine is exercised in test_cli_corpus_kill.py."""

from __future__ import annotations

import json
from collections.abc import Iterable, Iterator
from pathlib import Path
from typing import Any

from sqlalchemy import func, select

from claimmap.corpus.engine import Analysed, Engine, Failed, Outcome, WorkItem
from claimmap.corpus.inputs import iter_inputs
from claimmap.corpus.run import add_to_store
from claimmap.store import open_store
from claimmap.store.schema import article_revisions, articles, errors, ledger
from claimmap.types import ClaimMap, Provenance

PROVENANCE = Provenance("0.1", "3.8.0", "en_core_web_sm", "3.8.0", "test")


class RecordingEngine:
    """Analyses nothing: an empty ClaimMap per item; fails the ids in ``fail``."""

    name = "recording"

    def __init__(self, fail: Iterable[str] = ()) -> None:
        self.seen: list[str] = []
        self.fail = set(fail)

    def run(self, items: Iterable[WorkItem]) -> Iterator[Outcome]:
        for item in items:
            self.seen.append(item.article.id)
            if item.article.id in self.fail:
                yield Failed(item, "analysis failed: stand-in failure")
            else:
                yield Analysed(item, ClaimMap(article=item.article, provenance=PROVENANCE))

    def close(self) -> None:
        pass


def _write(path: Path, records: list[Any]) -> Path:
    lines = [r if isinstance(r, str) else json.dumps(r) for r in records]
    path.write_text("\n".join(lines) + "\n", encoding="utf-8")
    return path


def _count(store: Any, table: Any) -> int:
    with store.connect() as conn:
        return int(conn.execute(select(func.count()).select_from(table)).scalar_one())


GOOD = [{"id": f"n{i}", "text": f"Story number {i} about the harbour.", "outlet": "Post"}
        for i in range(5)]
BAD = ['{"id": "broken', json.dumps({"id": "e", "text": ""}), json.dumps({"id": 3, "text": 4})]


def test_run_engine_protocol_is_met_by_the_local_engine() -> None:
    from claimmap.corpus.local import LocalEngine

    assert isinstance(LocalEngine(1), Engine)
    assert isinstance(RecordingEngine(), Engine)


def test_run_stores_good_records_and_records_bad_ones(store_db: str, tmp_path: Path) -> None:
    data = _write(tmp_path / "in.jsonl", [GOOD[0], BAD[0], *GOOD[1:3], BAD[1], GOOD[3],
                                          BAD[2], GOOD[4]])
    store = open_store(store_db)
    report = add_to_store(iter_inputs([data]), store, RecordingEngine())
    assert (report.inserted, report.errors, report.exit_code) == (5, 3, 1)
    with store.connect() as conn:
        rows = list(conn.execute(select(errors.c.position, errors.c.record_id)
                                 .order_by(errors.c.position)))
    assert [tuple(r) for r in rows] == [(2, None), (5, "e"), (7, "3")]
    assert _count(store, ledger) == 1
    store.close()


def test_run_second_run_skips_everything_and_still_exits_1(store_db: str,
                                                          tmp_path: Path) -> None:
    data = _write(tmp_path / "in.jsonl", [*GOOD, *BAD])
    store = open_store(store_db)
    add_to_store(iter_inputs([data]), store, RecordingEngine())
    engine = RecordingEngine()
    again = add_to_store(iter_inputs([data]), store, engine)
    assert engine.seen == [] and again.inputs_skipped == 1
    assert (again.inserted, again.unchanged, again.errors, again.exit_code) == (0, 5, 3, 1)
    assert _count(store, errors) == 3
    store.close()


def test_run_resume_without_ledger_analyses_only_what_is_missing(store_db: str,
                                                                 tmp_path: Path) -> None:
    first = _write(tmp_path / "part.jsonl", GOOD[:2])
    whole = _write(tmp_path / "whole.jsonl", GOOD)
    store = open_store(store_db)
    add_to_store(iter_inputs([first]), store, RecordingEngine())
    engine = RecordingEngine()
    report = add_to_store(iter_inputs([whole]), store, engine)
    assert engine.seen == ["n2", "n3", "n4"] and report.unchanged == 2
    assert report.exit_code == 0 and _count(store, articles) == 5
    store.close()


def test_run_changed_text_is_a_revision_and_repeats_in_one_run_are_skipped(
        store_db: str, tmp_path: Path) -> None:
    changed = {**GOOD[0], "text": "Story number 0, corrected, about the harbour."}
    data = _write(tmp_path / "in.jsonl", [GOOD[0], GOOD[0], changed])
    store = open_store(store_db)
    engine = RecordingEngine()
    report = add_to_store(iter_inputs([data]), store, engine)
    assert engine.seen == ["n0", "n0"]
    assert (report.inserted, report.revised, report.unchanged) == (1, 1, 1)
    with store.connect() as conn:
        old = conn.execute(select(article_revisions.c.text)).scalar_one()
        new = conn.execute(select(articles.c.text)).scalar_one()
    assert old == GOOD[0]["text"] and new == changed["text"]
    store.close()


class LookaheadEngine(RecordingEngine):
    """Takes every item before it yields any: every record is in flight at once."""

    def run(self, items: Iterable[WorkItem]) -> Iterator[Outcome]:
        yield from super().run(list(items))


def test_run_repeats_in_flight_or_already_written_are_skipped(store_db: str,
                                                              tmp_path: Path) -> None:
    # In flight together: only the planner's own set can tell the repeat.
    data = _write(tmp_path / "near.jsonl", [GOOD[0], GOOD[1], GOOD[0]])
    store = open_store(store_db)
    engine = LookaheadEngine()
    report = add_to_store(iter_inputs([data]), store, engine)
    assert engine.seen == ["n0", "n1"] and (report.inserted, report.unchanged) == (2, 1)
    # Far apart, the first long written: the store tells it.
    far = _write(tmp_path / "far.jsonl", [*GOOD, GOOD[2], GOOD[4]])
    engine = RecordingEngine()
    report = add_to_store(iter_inputs([far]), store, engine)
    assert engine.seen == ["n2", "n3", "n4"]
    assert (report.inserted, report.unchanged, report.exit_code) == (3, 4, 0)
    store.close()


def test_run_analysis_failures_are_recorded_and_retried_next_time(store_db: str,
                                                                  tmp_path: Path) -> None:
    data = _write(tmp_path / "in.jsonl", GOOD)
    store = open_store(store_db)
    report = add_to_store(iter_inputs([data]), store, RecordingEngine(fail={"n1"}))
    assert (report.inserted, report.errors, report.exit_code) == (4, 1, 1)
    assert _count(store, ledger) == 0
    engine = RecordingEngine()
    retry = add_to_store(iter_inputs([data]), store, engine)
    assert engine.seen == ["n1"] and retry.inserted == 1
    assert _count(store, ledger) == 1
    store.close()


def test_run_folders_files_and_json_lists(store_db: str, tmp_path: Path) -> None:
    folder = tmp_path / "in"
    (folder / "sub").mkdir(parents=True)
    (folder / "one.txt").write_text("Harbour news in a text file.\n", encoding="utf-8")
    (folder / "sub" / "two.json").write_text(json.dumps(GOOD[:2]), encoding="utf-8")
    (folder / "empty.txt").write_text("  \n", encoding="utf-8")
    (folder / "skip.csv").write_text("not read", encoding="utf-8")
    store = open_store(store_db)
    report = add_to_store(iter_inputs([folder]), store, RecordingEngine())
    with store.connect() as conn:
        ids = sorted(conn.execute(select(articles.c.id)).scalars())
    assert ids == ["n0", "n1", "one"] and report.errors == 1
    store.close()


class ReversingEngine(RecordingEngine):
    """Finishes items in reverse order, as a distributed engine may."""

    def run(self, items: Iterable[WorkItem]) -> Iterator[Outcome]:
        yield from reversed(list(super().run(items)))


def test_run_outcomes_are_written_in_input_order(store_db: str, tmp_path: Path) -> None:
    data = _write(tmp_path / "in.jsonl", [GOOD[0], {**GOOD[1], "text": GOOD[0]["text"]}])
    store = open_store(store_db)
    add_to_store(iter_inputs([data]), store, ReversingEngine())
    with store.connect() as conn:
        rows = dict(conn.execute(select(articles.c.id, articles.c.duplicate_of)).all())
    assert rows == {"n0": None, "n1": "n0"}
    store.close()


def test_run_planner_leaves_tracking_imports_to_the_first_article() -> None:
    # corpus add builds its writer before the pipeline loads and the workers fork: what only
    # writing needs is imported once the workers are running.
    import subprocess
    import sys

    code = ("import sys, claimmap.corpus.run, claimmap.corpus.writer; "
            "print(sorted(m for m in sys.modules if m.startswith(('claimmap.corpus.tracking', "
            "'claimmap.corpus.signals', 'claimmap.corpus.factchecks', 'claimmap.match', "
            "'claimmap.embed'))))")
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True,
                         check=True).stdout.strip()
    assert out == "[]"
