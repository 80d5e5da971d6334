"""The CLI's tables and text listings show control and bidi characters of stored text as
escapes; json and csv keep the data as stored."""

from __future__ import annotations

import json

from claimmap.cli._rows import render_rows
from claimmap.cli.corpus_tracking import _text as conflicts_text
from claimmap.text import BIDI_CONTROLS

EVIL = "\x1b[2J\u202eevil\u2066\x9b"


def _unsafe_left(shown: str) -> list[str]:
    return [ch for ch in shown if ch != "\n" and (ord(ch) < 0x20 or 0x7F <= ord(ch) <= 0x9F
                                                  or ch in BIDI_CONTROLS)]


def test_rows_hostile_controls_text_table_is_escaped() -> None:
    rows = [{"article_id": EVIL, "snippet": f"a {EVIL} b", "extra": {"k": EVIL}}]
    shown = render_rows(rows, "text")
    assert _unsafe_left(shown) == []
    assert "\\u202eevil" in shown
    # Data formats keep the text as stored.
    assert json.loads(render_rows(rows, "json"))[0]["article_id"] == EVIL


def test_rows_hostile_controls_conflicts_text_is_escaped() -> None:
    side = {"article_id": EVIL, "outlet": EVIL, "published": EVIL, "text": EVIL,
            "figures": [EVIL]}
    shown = conflicts_text([{"kind": "denial", "score": 0.5, "a": side, "b": side}])
    assert _unsafe_left(shown) == []
    assert "\\u001b[2J" in shown
