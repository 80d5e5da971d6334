from __future__ import annotations

import io
import json
from pathlib import Path

import pytest

from claimmap.corpus.inputs import iter_inputs, jsonl_records


def _records(lines: list[str], max_chars: int = 1000) -> list[tuple[int | None, str | None]]:
    data = [line.encode() for line in lines]
    return [(r.position, r.error.split(": ", 1)[1] if r.error else None)
            for r in jsonl_records(data, "in.jsonl", max_chars)]


def test_inputs_each_kind_of_bad_record_has_its_reason() -> None:
    lines = ['{"id": "ok", "text": "Fine text.", "outlet": "Post"}', "", '{"id": ',
             '{"id": "e", "text": "  "}', '{"id": "m"}', '{"id": "t", "text": 5}',
             '{"id": true, "text": "x"}', '[1, 2]', '{"id": "o", "text": "x", "outlet": 3}',
             json.dumps({"id": "big", "text": "x" * 2000})]
    got = _records(lines)
    assert got[0] == (1, None)
    reasons = dict(got[1:])
    assert reasons[3].startswith("malformed JSON line")
    assert reasons[4] == "empty document"
    assert reasons[5] == 'record has no "text"'
    assert reasons[6] == '"text" must be a string, not int'
    assert reasons[7].startswith('record needs an "id"')
    assert reasons[8] == "a record must be a JSON object, not list"
    assert reasons[9] == '"outlet" must be a string, not int'
    assert "over the limit" in reasons[10]


def test_inputs_stdin_jsonl_and_text(monkeypatch: pytest.MonkeyPatch) -> None:
    import sys

    lines = b'{"id": "s1", "text": "One."}\n{"id": "s2", "text": "Two."}\n'
    monkeypatch.setattr(sys, "stdin", io.TextIOWrapper(io.BufferedReader(io.BytesIO(lines))))
    records = [r for i in iter_inputs(["-"]) for r in i.records]
    assert [r.article.id for r in records if r.article] == ["s1", "s2"]
    monkeypatch.setattr(sys, "stdin", io.TextIOWrapper(io.BufferedReader(
        io.BytesIO(b"Harbour strike ends.\n\nThe union said so."))))
    records = [r for i in iter_inputs(["-"]) for r in i.records]
    assert records[0].article is not None and records[0].article.id == "stdin"


def test_inputs_missing_paths_and_empty_folders_are_records(tmp_path: Path) -> None:
    (tmp_path / "empty").mkdir()
    records = [r for i in iter_inputs([tmp_path / "nope.jsonl", tmp_path / "empty"])
               for r in i.records]
    assert [r.error for r in records] == [
        f"{tmp_path / 'nope.jsonl'}: no such file",
        f"{tmp_path / 'empty'}: no .txt, .html, .json or .jsonl files in this folder"]
