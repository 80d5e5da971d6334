"""ClaimMap to JSON (validates against docs/claimmap.schema.json)."""

from __future__ import annotations

import json

from claimmap.types import ClaimMap


def to_json(cm: ClaimMap, *, indent: int | None = 2) -> str:
    return json.dumps(cm.to_dict(), ensure_ascii=False, indent=indent)


def to_jsonl_line(cm: ClaimMap) -> str:
    return cm.to_json_line()
