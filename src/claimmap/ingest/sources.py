"""Turn paths (files, folders, ``-``) into Articles, one result per document.

A bad document yields an :class:`InputError` in place of its Article so a corpus run can
record it and carry on with the others.
"""

from __future__ import annotations

import functools
import json
import sys
from collections.abc import Iterable, Iterator
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from claimmap.errors import ClaimmapError, InputError
from claimmap.ingest.html import from_html
from claimmap.ingest.text import check_size, decode, from_text
from claimmap.types import Article

TEXT_SUFFIXES = (".txt", ".text")
HTML_SUFFIXES = (".html", ".htm")
JSON_SUFFIXES = (".json", ".jsonl")
SUFFIXES = TEXT_SUFFIXES + HTML_SUFFIXES + JSON_SUFFIXES


@dataclass(frozen=True, slots=True)
class Loaded:
    """One document read from a source: an Article, or the error that stopped it."""

    source: str
    article: Article | None
    error: ClaimmapError | None = None


def from_record(record: Any, *, max_chars: int, source: str) -> Article:
    """An Article from a JSON record ``{"id", "text", "title"?, "url"?, "published"?,
    "outlet"?}``; ``html`` may stand in for ``text``."""
    if not isinstance(record, dict):
        raise InputError(f"{source}: a record must be a JSON object")
    rec_id = record.get("id")
    if rec_id is None or not str(rec_id).strip():
        raise InputError(f"{source}: record has no \"id\"")
    text, html = record.get("text"), record.get("html")
    for name, value in (("text", text), ("html", html), ("title", record.get("title"))):
        if value is not None and not isinstance(value, str):
            raise InputError(f"{source}: \"{name}\" must be a string")
    if isinstance(html, str) and not text:
        article = from_html(html, id=str(rec_id), url=record.get("url"), max_chars=max_chars,
                            source=source)
    elif isinstance(text, str):
        article = from_text(text, id=str(rec_id), title=record.get("title"),
                            url=record.get("url"), published=record.get("published"),
                            outlet=record.get("outlet"), max_chars=max_chars, source=source)
    else:
        raise InputError(f"{source}: record has no \"text\"")
    return article


def _records(data: bytes, suffix: str, name: str, max_chars: int) -> Iterator[Loaded]:
    try:
        text = decode(data, source=name)
    except ClaimmapError as err:
        yield Loaded(name, None, err)
        return
    if suffix == ".json":
        try:
            record = json.loads(text)
        except json.JSONDecodeError as err:
            yield Loaded(name, None, InputError(f"{name}: invalid JSON ({err.msg}, line "
                                                f"{err.lineno})"))
            return
        yield _one(functools.partial(from_record, record, max_chars=max_chars, source=name),
                   name)
        return
    for number, line in enumerate(text.splitlines(), start=1):
        if not line.strip():
            continue
        where = f"{name}:{number}"
        try:
            record = json.loads(line)
        except json.JSONDecodeError as err:
            yield Loaded(where, None, InputError(f"{where}: malformed JSON line ({err.msg})"))
            continue
        yield _one(functools.partial(from_record, record, max_chars=max_chars, source=where),
                   where)


def _one(build: Any, name: str) -> Loaded:
    try:
        return Loaded(name, build())
    except ClaimmapError as err:
        return Loaded(name, None, err)


def load_bytes(data: bytes, *, name: str, suffix: str, max_chars: int,
               article_id: str) -> Iterator[Loaded]:
    suffix = suffix.lower()
    if suffix in JSON_SUFFIXES:
        yield from _records(data, suffix, name, max_chars)
        return

    def build() -> Article:
        text = decode(data, source=name)
        if suffix in HTML_SUFFIXES or (suffix not in TEXT_SUFFIXES and _looks_like_html(text)):
            return from_html(text, id=article_id, max_chars=max_chars, source=name)
        check_size(text, max_chars, name)
        return from_text(text, id=article_id, max_chars=max_chars, source=name)

    yield _one(build, name)


def _looks_like_html(text: str) -> bool:
    head = text[:2000].lstrip().lower()
    return head.startswith(("<!doctype html", "<html")) or "<body" in head


def load_path(path: str | Path, *, max_chars: int = 2_000_000) -> Iterator[Loaded]:
    """Every document under ``path``: a file, a folder (its files with known suffixes,
    sorted, recursively) or ``-`` for standard input (text, HTML or JSON lines)."""
    if str(path) == "-":
        data = sys.stdin.buffer.read()
        stripped = data.lstrip()
        suffix = ".jsonl" if stripped.startswith(b"{") else ".txt"
        yield from load_bytes(data, name="<stdin>", suffix=suffix, max_chars=max_chars,
                              article_id="stdin")
        return
    p = Path(path)
    if p.is_dir():
        files = sorted(f for f in p.rglob("*") if f.is_file() and f.suffix.lower() in SUFFIXES)
        if not files:
            yield Loaded(str(p), None, InputError(f"{p}: no .txt, .html, .json or .jsonl "
                                                   "files in this folder"))
        for file in files:
            yield from load_path(file, max_chars=max_chars)
        return
    try:
        size = p.stat().st_size
        # Refuse before reading: a 50 MB file must not be pulled into memory just to fail.
        if size > max_chars * 4 + 1024:
            raise InputError(f"{p}: {size:,} bytes is over the limit of {max_chars:,} "
                             "characters (setting max_chars)")
        data = p.read_bytes()
    except ClaimmapError as err:
        yield Loaded(str(p), None, err)
        return
    except OSError as err:
        reason = err.strerror or type(err).__name__
        yield Loaded(str(p), None, InputError(f"{p}: cannot read ({reason})"))
        return
    yield from load_bytes(data, name=str(p), suffix=p.suffix, max_chars=max_chars,
                          article_id=p.stem)


def load_paths(paths: Iterable[str | Path], *, max_chars: int = 2_000_000) -> Iterator[Loaded]:
    for path in paths:
        yield from load_path(path, max_chars=max_chars)
