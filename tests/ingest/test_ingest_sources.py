from __future__ import annotations

import json
from pathlib import Path

from claimmap.ingest.sources import load_path


def test_sources_jsonl_records_and_a_malformed_line(tmp_path: Path) -> None:
    path = tmp_path / "batch.jsonl"
    good = {"id": "a", "text": "The mayor said the bridge would reopen.", "title": "Bridge"}
    path.write_text(json.dumps(good) + "\n{not json\n" + json.dumps({"id": "c"}) + "\n")
    loaded = list(load_path(path))
    assert [item.article.id if item.article else None for item in loaded] == ["a", None, None]
    assert "malformed JSON line" in str(loaded[1].error)
    assert loaded[1].source.endswith(":2")
    assert 'no "text"' in str(loaded[2].error)


def test_sources_folder_reads_known_suffixes_in_order(tmp_path: Path) -> None:
    (tmp_path / "b.txt").write_text("The council said it would vote in May.")
    (tmp_path / "a.json").write_text(json.dumps({"id": "x1", "text": "Police said two men "
                                                 "were held."}))
    (tmp_path / "notes.md").write_text("ignored")
    ids = [item.article.id for item in load_path(tmp_path) if item.article]
    assert ids == ["x1", "b"]


def test_sources_too_large_and_unreadable(tmp_path: Path) -> None:
    big = tmp_path / "big.txt"
    big.write_text("word " * 5000)
    [item] = load_path(big, max_chars=1000)
    assert item.error is not None and "over the limit" in str(item.error)
    [missing] = load_path(tmp_path / "nope.txt")
    assert missing.error is not None and "cannot read" in str(missing.error)
