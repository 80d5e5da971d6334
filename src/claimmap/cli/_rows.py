"""Rows (dataclasses or dicts) to stdout as json, jsonl, csv or an aligned text table."""

from __future__ import annotations

import csv
import dataclasses
import io
import json
from collections.abc import Iterable, Sequence
from typing import Any

from claimmap.text import escape_controls

ROW_FORMATS = ("json", "jsonl", "csv", "text")


def as_dict(row: Any) -> dict[str, Any]:
    if dataclasses.is_dataclass(row) and not isinstance(row, type):
        return {f.name: getattr(row, f.name) for f in dataclasses.fields(row)}
    return dict(row)


def _cell(value: Any) -> str:
    if value is None:
        return ""
    if isinstance(value, float):
        return f"{value:.3f}"
    if isinstance(value, (dict, list)):
        return json.dumps(value, ensure_ascii=False, sort_keys=True)
    return str(value)


def render_rows(rows: Iterable[Any], fmt: str, *, columns: Sequence[str] | None = None,
                width: int = 60) -> str:
    """``rows`` in ``fmt``; ``columns`` picks and orders the text/csv columns."""
    dicts = [as_dict(r) for r in rows]
    if fmt == "json":
        return json.dumps(dicts, ensure_ascii=False, indent=2) + "\n"
    if fmt == "jsonl":
        return "".join(json.dumps(d, ensure_ascii=False) + "\n" for d in dicts)
    names = list(columns or (dicts[0].keys() if dicts else []))
    if fmt == "csv":
        out = io.StringIO()
        writer = csv.writer(out, lineterminator="\n")
        writer.writerow(names)
        for d in dicts:
            writer.writerow([_cell(d.get(n)) for n in names])
        return out.getvalue()
    if not dicts:
        return "(none)\n"

    def clip(text: str) -> str:
        text = " ".join(text.split())
        # Stored text is untrusted: its controls are shown, not sent to the terminal.
        return escape_controls(text if len(text) <= width else text[: width - 1] + "…")

    cells = [[clip(_cell(d.get(n))) for n in names] for d in dicts]
    widths = [max(len(n), *(len(row[i]) for row in cells)) for i, n in enumerate(names)]
    lines = ["  ".join(n.ljust(w) for n, w in zip(names, widths, strict=True)).rstrip()]
    lines += ["  ".join(c.ljust(w) for c, w in zip(row, widths, strict=True)).rstrip()
              for row in cells]
    return "\n".join(lines) + "\n"
