"""The JSON Schema of a ClaimMap, generated from the dataclasses so the two never drift.

``python -m claimmap.schema > docs/claimmap.schema.json`` rewrites the committed copy; a test
checks that the committed copy matches and that real output validates against it.
"""

from __future__ import annotations

import dataclasses
import json
import types as _pytypes
import typing
from typing import Any, Literal, get_args, get_origin

from claimmap.types import SCHEMA_VERSION, ClaimMap

SCHEMA_ID = "https://claimmap.invalid/schema/claimmap.schema.json"


def _schema_for(hint: Any, defs: dict[str, Any]) -> dict[str, Any]:
    origin = get_origin(hint)
    if origin in (typing.Union, _pytypes.UnionType):
        options = [_schema_for(a, defs) for a in get_args(hint)]
        return {"anyOf": options}
    if origin is Literal:
        return {"enum": list(get_args(hint))}
    if origin is tuple:
        return {"type": "array", "items": _schema_for(get_args(hint)[0], defs)}
    if origin is dict:
        value_hint = get_args(hint)[1]
        items: dict[str, Any] = {} if value_hint is Any else _schema_for(value_hint, defs)
        return {"type": "object", "additionalProperties": items}
    if hint is type(None):
        return {"type": "null"}
    if hint is str:
        return {"type": "string"}
    if hint is bool:
        return {"type": "boolean"}
    if hint is int:
        return {"type": "integer"}
    if hint is float:
        return {"type": "number"}
    if hint is Any:
        return {}
    if isinstance(hint, type) and dataclasses.is_dataclass(hint):
        name = hint.__name__
        if name not in defs:
            defs[name] = {}  # placeholder against recursion
            hints = typing.get_type_hints(hint)
            fields = dataclasses.fields(hint)
            defs[name] = {
                "type": "object",
                "properties": {f.name: _schema_for(hints[f.name], defs) for f in fields},
                "required": [f.name for f in fields],
            }
            if hint.__doc__ and not hint.__doc__.startswith(name + "("):
                defs[name]["description"] = " ".join(hint.__doc__.split())
        return {"$ref": f"#/$defs/{name}"}
    raise TypeError(f"no schema for {hint!r}")


def claimmap_schema() -> dict[str, Any]:
    defs: dict[str, Any] = {}
    _schema_for(ClaimMap, defs)
    root = dict(defs.pop("ClaimMap"))
    root["properties"]["schema_version"] = {"const": SCHEMA_VERSION}
    return {
        "$schema": "https://json-schema.org/draft/2020-12/schema",
        "$id": SCHEMA_ID,
        "title": "ClaimMap",
        "description": "What a news article asserts: actors, quotes, claims, techniques, "
                       "stance and disputes. Every span is character offsets into article.text.",
        **root,
        "$defs": dict(sorted(defs.items())),
    }


def main() -> None:
    print(json.dumps(claimmap_schema(), indent=2, ensure_ascii=False))


if __name__ == "__main__":
    main()
