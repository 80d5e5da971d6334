"""Reading corpus inputs: files, folders, JSON (one record or a list), JSONL (streamed), stdin.

Each document becomes a :class:`Record`: an Article, or the one-line reason it is unusable,
with where it came from (source, line or record number, its id when it could be read).
"""

from __future__ import annotations

import dataclasses
import json
import sys
from collections.abc import Iterable, Iterator
from dataclasses import dataclass
from pathlib import Path
from typing import Any, BinaryIO

from claimmap.errors import ClaimmapError, InputError
from claimmap.ingest.sources import SUFFIXES, from_record, load_bytes
from claimmap.types import Article

_STRING_FIELDS = ("text", "html", "title", "url", "published", "outlet", "byline")


@dataclass(frozen=True, slots=True)
class Record:
    source: str
    position: int | None
    article: Article | None
    error: str | None = None
    record_id: str | None = None


@dataclass(frozen=True, slots=True)
class Input:
    """One input to read: a file, standard input, or fetched bytes. ``key`` names it in the
    resume ledger (None: never skipped as a whole)."""

    source: str
    key: str | None
    records: Iterator[Record]


def _record_id(record: Any) -> str | None:
    if isinstance(record, dict):
        value = record.get("id")
        if isinstance(value, (str, int)) and not isinstance(value, bool):
            return str(value)
    return None


def article_from_record(record: Any, *, source: str, max_chars: int) -> Article:
    """An Article from one JSON record, refusing wrong types with a one-line reason."""
    if not isinstance(record, dict):
        raise InputError(f"{source}: a record must be a JSON object, not {type(record).__name__}")
    rec_id = record.get("id")
    if isinstance(rec_id, bool) or not isinstance(rec_id, (str, int)) or not str(rec_id).strip():
        raise InputError(f"{source}: record needs an \"id\" (a string or an integer)")
    for name in _STRING_FIELDS:
        value = record.get(name)
        if value is not None and not isinstance(value, str):
            raise InputError(f"{source}: \"{name}\" must be a string, not "
                             f"{type(value).__name__}")
    article = from_record({**record, "id": str(rec_id).strip()}, max_chars=max_chars,
                          source=source)
    if record.get("outlet") and not article.outlet:
        article = dataclasses.replace(article, outlet=record["outlet"])
    if record.get("byline"):
        article = dataclasses.replace(article, byline=record["byline"])
    return article


def _one(record: Any, source: str, position: int | None, where: str,
         max_chars: int) -> Record:
    try:
        article = article_from_record(record, source=where, max_chars=max_chars)
    except ClaimmapError as err:
        return Record(source, position, None, str(err), _record_id(record))
    return Record(source, position, article, None, article.id)


def jsonl_records(lines: Iterable[bytes], source: str, max_chars: int) -> Iterator[Record]:
    """Records of a JSON Lines stream, one per non-blank line, read lazily."""
    for number, raw in enumerate(lines, start=1):
        where = f"{source}:{number}"
        if len(raw) > max_chars * 4 + 1024:
            yield Record(source, number, None, f"{where}: line of {len(raw):,} bytes is over "
                         f"the limit of {max_chars:,} characters (setting max_chars)")
            continue
        try:
            line = raw.decode("utf-8")
        except UnicodeDecodeError:
            yield Record(source, number, None, f"{where}: line is not UTF-8")
            continue
        if not line.strip():
            continue
        try:
            record = json.loads(line)
        except json.JSONDecodeError as err:
            yield Record(source, number, None, f"{where}: malformed JSON line ({err.msg})")
            continue
        yield _one(record, source, number, where, max_chars)


def json_records(data: bytes, source: str, max_chars: int) -> Iterator[Record]:
    """Records of a .json file: one object, or a list of objects (numbered from 1)."""
    try:
        parsed = json.loads(data.decode("utf-8"))
    except (UnicodeDecodeError, json.JSONDecodeError) as err:
        reason = err.msg if isinstance(err, json.JSONDecodeError) else "not UTF-8"
        yield Record(source, None, None, f"{source}: invalid JSON ({reason})")
        return
    if isinstance(parsed, list):
        for number, record in enumerate(parsed, start=1):
            yield _one(record, source, number, f"{source}[{number}]", max_chars)
        return
    yield _one(parsed, source, None, source, max_chars)


def _file_records(path: Path, max_chars: int) -> Iterator[Record]:
    source = str(path)
    suffix = path.suffix.lower()
    try:
        if suffix == ".jsonl":
            with path.open("rb") as handle:
                yield from jsonl_records(handle, source, max_chars)
            return
        size = path.stat().st_size
        if size > max_chars * 4 + 1024:
            yield Record(source, None, None, f"{source}: {size:,} bytes is over the limit of "
                         f"{max_chars:,} characters (setting max_chars)")
            return
        data = path.read_bytes()
    except OSError as err:
        yield Record(source, None, None, f"{source}: cannot read ({err.strerror or err})")
        return
    if suffix == ".json":
        yield from json_records(data, source, max_chars)
        return
    yield from bytes_records(data, source=source, suffix=suffix, article_id=path.stem,
                             max_chars=max_chars)


def bytes_records(data: bytes, *, source: str, suffix: str, article_id: str, max_chars: int,
                  url: str | None = None) -> Iterator[Record]:
    """One text or HTML document held in memory (a file or a fetched page)."""
    for loaded in load_bytes(data, name=source, suffix=suffix, max_chars=max_chars,
                             article_id=article_id):
        if loaded.error is not None or loaded.article is None:
            yield Record(source, None, None, str(loaded.error), article_id)
        else:
            article = loaded.article
            if url and not article.url:
                article = dataclasses.replace(article, url=url)
            yield Record(source, None, article, None, article.id)


def _stdin(stream: BinaryIO, max_chars: int) -> Iterator[Record]:
    head = stream.peek(64)[:64] if hasattr(stream, "peek") else b""
    if head.lstrip().startswith(b"{"):
        yield from jsonl_records(stream, "<stdin>", max_chars)
        return
    data = stream.read(max_chars * 4 + 1025)
    if data.lstrip().startswith(b"{"):
        yield from jsonl_records(data.splitlines(), "<stdin>", max_chars)
        return
    yield from bytes_records(data, source="<stdin>", suffix=".txt", article_id="stdin",
                             max_chars=max_chars)


def _file_key(path: Path) -> str | None:
    try:
        st = path.stat()
    except OSError:
        return None
    return f"file:{path.resolve()}:{st.st_size}:{st.st_mtime_ns}"


def iter_inputs(paths: Iterable[str | Path], *, max_chars: int = 2_000_000) -> Iterator[Input]:
    """Every input under ``paths`` (folders are walked for known suffixes, sorted)."""
    for raw in paths:
        if str(raw) == "-":
            yield Input("<stdin>", None, _stdin(sys.stdin.buffer, max_chars))
            continue
        path = Path(raw)
        if path.is_dir():
            files = sorted(f for f in path.rglob("*")
                           if f.is_file() and f.suffix.lower() in SUFFIXES)
            if not files:
                yield Input(str(path), None, iter([Record(str(path), None, None,
                            f"{path}: no .txt, .html, .json or .jsonl files in this folder")]))
            for file in files:
                yield Input(str(file), _file_key(file), _file_records(file, max_chars))
            continue
        if not path.exists():
            yield Input(str(path), None, iter([Record(str(path), None, None,
                                                      f"{path}: no such file")]))
            continue
        yield Input(str(path), _file_key(path), _file_records(path, max_chars))


def count_records(paths: Iterable[str | Path]) -> int | None:
    """A quick estimate of the documents under ``paths`` for the progress bar (None: unknown)."""
    total = 0
    for raw in paths:
        if str(raw) == "-":
            return None
        path = Path(raw)
        files = ([f for f in path.rglob("*") if f.is_file() and f.suffix.lower() in SUFFIXES]
                 if path.is_dir() else [path])
        for file in files:
            try:
                if file.suffix.lower() == ".jsonl":
                    with file.open("rb") as handle:
                        total += sum(1 for line in handle if line.strip())
                else:
                    total += 1
            except OSError:
                total += 1
    return total
