"""Disk to disk: one output file and one ledger row per input shard, then a bulk load.

``write_shards`` analyses every input file (a shard) with any engine and writes, for each, one
JSON Lines file in the output folder: a line per record, the ClaimMap or why the record was
bad. A shard's file is written under a ``.part`` name and renamed when whole, then its row is
appended to ``ledger.jsonl``; a rerun skips every shard in the ledger and redoes the rest, so a
killed run costs at most the shards that were open. No database is needed while analysing:
this is how a cluster without a shared database runs. ``load_shards`` then puts the finished
shards into a store through the same single writer as ``corpus add`` (a loaded shard is noted
in the store's ledger and skipped next time).
"""

from __future__ import annotations

import hashlib
import json
import os
import re
import time
from collections.abc import Callable, Iterable, Iterator
from dataclasses import dataclass, field
from pathlib import Path
from typing import IO, Any

from claimmap.corpus.engine import Analysed, Engine, WorkItem
from claimmap.corpus.inputs import Input
from claimmap.corpus.run import AddReport
from claimmap.corpus.tally import WriteTally
from claimmap.corpus.writer import Writer
from claimmap.errors import ClaimmapError
from claimmap.store.backend import Store
from claimmap.store.write import ErrorRecord, content_hash, ledger_done, utc_now
from claimmap.types import ClaimMap

LEDGER = "ledger.jsonl"
SUFFIX = ".claimmaps.jsonl"
_UNSAFE = re.compile(r"[^A-Za-z0-9._-]+")


class ShardError(ClaimmapError):
    """The shards folder cannot be read or written."""


def shard_name(inp: Input) -> str:
    """The output file of an input: its name, made safe, plus a digest of its ledger key."""
    stem = _UNSAFE.sub("_", Path(inp.source).name)[:80] or "input"
    digest = hashlib.sha1((inp.key or inp.source).encode()).hexdigest()[:12]
    return f"{stem}-{digest}{SUFFIX}"


def read_ledger(out_dir: Path) -> dict[str, dict[str, Any]]:
    """Finished shards by input key (a torn last line from a kill is ignored)."""
    rows: dict[str, dict[str, Any]] = {}
    path = out_dir / LEDGER
    if not path.exists():
        return rows
    with path.open(encoding="utf-8") as handle:
        for line in handle:
            try:
                row = json.loads(line)
            except json.JSONDecodeError:
                continue
            if isinstance(row, dict) and (out_dir / str(row.get("output", ""))).is_file():
                rows[str(row["key"])] = row
    return rows


@dataclass
class _Shard:
    input: Input
    name: str
    handle: IO[str]
    records: int = 0
    stored: int = 0
    errors: int = 0
    outstanding: int = 0
    read: bool = False


def _line(handle: IO[str], row: dict[str, Any]) -> None:
    handle.write(json.dumps(row, ensure_ascii=False, separators=(",", ":")) + "\n")


def write_shards(inputs: Iterable[Input], out_dir: str | Path, engine: Engine, *,
                 progress: Callable[[AddReport], None] | None = None) -> AddReport:
    """Analyse every input not yet in ``out_dir``'s ledger into its own output file.

    ``inserted`` counts ClaimMaps written; ``errors`` bad records (exit 1 when any)."""
    started = time.perf_counter()
    folder = Path(out_dir)
    try:
        folder.mkdir(parents=True, exist_ok=True)
        done = read_ledger(folder)
        ledger = (folder / LEDGER).open("a", encoding="utf-8")
    except OSError as err:
        raise ShardError(f"{folder}: cannot write shards ({err.strerror or err})") from None
    report = AddReport()
    shards: dict[int, _Shard] = {}
    owner: dict[int, int] = {}
    seen: set[tuple[str, str]] = set()

    def tick() -> None:
        if progress is not None:
            report.seconds = time.perf_counter() - started
            progress(report)

    def finish(shard: _Shard) -> None:
        if not (shard.read and shard.outstanding == 0):
            return
        shard.handle.flush()
        os.fsync(shard.handle.fileno())
        shard.handle.close()
        os.replace(folder / (shard.name + ".part"), folder / shard.name)
        # An input with no ledger key (stdin, a fetched page) is never skipped by a rerun,
        # but its row is written all the same so that corpus load finds its file.
        _line(ledger, {"key": shard.input.key or f"unkeyed:{shard.name}",
                       "source": shard.input.source, "output": shard.name,
                       "records": shard.records, "stored": shard.stored,
                       "errors": shard.errors, "finished_at": utc_now()})
        ledger.flush()
        os.fsync(ledger.fileno())

    def plan() -> Iterator[WorkItem]:
        seq = 0
        for number, inp in enumerate(inputs):
            if inp.key is not None and inp.key in done:
                row = done[inp.key]
                report.inputs_skipped += 1
                report.unchanged += int(row["stored"])
                report.errors += int(row["errors"])
                report.records += int(row["records"])
                tick()
                continue
            name = shard_name(inp)
            shard = shards[number] = _Shard(inp, name, (folder / (name + ".part")).open(
                "w", encoding="utf-8"))
            for record in inp.records:
                report.records += 1
                shard.records += 1
                if record.article is None:
                    shard.errors += 1
                    report.errors += 1
                    reason = record.error or "unreadable record"
                    if len(report.error_reasons) < 50:
                        report.error_reasons.append(reason)
                    _line(shard.handle, {"source": record.source, "position": record.position,
                                         "error": {"record_id": record.record_id,
                                                   "stage": "input", "reason": reason}})
                    tick()
                    continue
                digest = content_hash(record.article)
                if (record.article.id, digest) in seen:  # twice in this run: analysed once
                    shard.stored += 1
                    report.unchanged += 1
                    continue
                seen.add((record.article.id, digest))
                shard.outstanding += 1
                owner[seq] = number
                yield WorkItem(seq, record.source, record.position, record.article, digest)
                seq += 1
            shard.read = True
            finish(shard)

    try:
        for outcome in engine.run(plan()):
            shard = shards[owner.pop(outcome.item.seq)]
            shard.outstanding -= 1
            item = outcome.item
            if isinstance(outcome, Analysed):
                shard.stored += 1
                report.inserted += 1
                _line(shard.handle, {"source": item.source, "position": item.position,
                                     "claimmap": outcome.claimmap.to_dict()})
            else:
                shard.errors += 1
                report.errors += 1
                report.new_errors += 1
                if len(report.error_reasons) < 50:
                    report.error_reasons.append(f"{item.source}: {outcome.reason}")
                _line(shard.handle, {"source": item.source, "position": item.position,
                                     "error": {"record_id": item.article.id,
                                               "stage": "analysis", "reason": outcome.reason}})
            tick()
            finish(shard)
    finally:
        ledger.close()
        for shard in shards.values():
            if not shard.handle.closed:
                shard.handle.close()
    report.seconds = time.perf_counter() - started
    return report


@dataclass
class LoadReport(WriteTally):
    shards: int = 0
    shards_skipped: int = 0
    problems: list[str] = field(default_factory=list)

    @property
    def exit_code(self) -> int:
        return 1 if self.errors or self.problems else 0

    def as_dict(self) -> dict[str, object]:
        return {"shards": self.shards, "shards_skipped": self.shards_skipped,
                "inserted": self.inserted, "revised": self.revised,
                "unchanged": self.unchanged, "errors": self.errors,
                "problems": self.problems, "seconds": round(self.seconds, 3)}


def load_shards(shard_dir: str | Path, store: Store, *,
                progress: Callable[[LoadReport], None] | None = None) -> LoadReport:
    """Put every finished shard of ``shard_dir`` into ``store`` (shards already loaded are
    skipped); records are written in shard order, as ``corpus add`` would have."""
    started = time.perf_counter()
    folder = Path(shard_dir)
    if not folder.is_dir():
        raise ShardError(f"{folder}: no such folder")
    if not (folder / LEDGER).is_file():
        raise ShardError(f"{folder}: no {LEDGER} here (written by corpus add --shards)")
    report = LoadReport()
    writer = Writer(store, match_factchecks=True)  # as corpus add stores them

    def tick(current: LoadReport) -> None:
        if progress is not None:
            current.seconds = time.perf_counter() - started
            progress(current)

    for row in read_ledger(folder).values():
        # The file and when it was finished: a shard written again is loaded again.
        key = f"shard:{row['output']}@{row.get('finished_at', '')}"
        with store.connect() as conn:
            if ledger_done(conn, key) is not None:
                report.shards_skipped += 1
                continue
        with (folder / str(row["output"])).open(encoding="utf-8") as handle:
            records, stored, errors = _load_one(handle, str(row["output"]), writer, report,
                                                lambda: tick(report))
        writer.finish_input(key, str(row["source"]), records, stored, errors)
        report.shards += 1

    report.seconds = time.perf_counter() - started
    return report


def _load_one(lines: Iterable[str], name: str, writer: Writer, report: LoadReport,
              tick: Callable[[], None]) -> tuple[int, int, int]:
    """Write one shard's lines; (records, stored, errors)."""
    records = stored = errors = 0
    for number, line in enumerate(lines, 1):
        records += 1
        try:
            entry = json.loads(line)
            source, position = str(entry["source"]), entry.get("position")
            if "error" in entry:
                err = entry["error"]
                writer.error(ErrorRecord(source, position, err.get("record_id"),
                                         str(err["stage"]), str(err["reason"])))
                errors += 1
                report.errors += 1
                continue
            cm = ClaimMap.from_dict(entry["claimmap"])
        except (json.JSONDecodeError, KeyError, TypeError, ValueError) as exc:
            report.problems.append(f"{name}:{number}: unreadable line ({exc})")
            continue
        item = WorkItem(number, source, position, cm.article, content_hash(cm.article))
        if report.count(writer.write(Analysed(item, cm))):
            stored += 1
        else:
            errors += 1
        tick()
    return records, stored, errors
