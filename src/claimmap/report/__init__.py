"""Views of a ClaimMap: JSON, the terminal text view, the HTML report. No spaCy here.

The views load on first use: ``claimmap analyze -f jsonl`` needs no HTML renderer."""

from __future__ import annotations

import importlib
from typing import TYPE_CHECKING, Any

if TYPE_CHECKING:
    from claimmap.report.html import render_html
    from claimmap.report.serialize import to_json, to_jsonl_line
    from claimmap.report.text import render_text

__all__ = ["render_html", "render_text", "to_json", "to_jsonl_line"]
_HOMES = {"render_html": "claimmap.report.html", "render_text": "claimmap.report.text",
          "to_json": "claimmap.report.serialize", "to_jsonl_line": "claimmap.report.serialize"}


def __getattr__(name: str) -> Any:
    home = _HOMES.get(name)
    if home is None:
        raise AttributeError(f"module 'claimmap.report' has no attribute {name!r}")
    return getattr(importlib.import_module(home), name)
