from __future__ import annotations

import json
from pathlib import Path

import jsonschema
import pytest

from claimmap.schema import claimmap_schema

SCHEMA_FILE = Path(__file__).resolve().parents[2] / "docs" / "claimmap.schema.json"


def test_schema_committed_copy_matches_the_data_model() -> None:
    committed = json.loads(SCHEMA_FILE.read_text(encoding="utf-8"))
    assert committed == claimmap_schema(), "run: python -m claimmap.schema > " \
        "docs/claimmap.schema.json"


@pytest.mark.slow
def test_schema_real_output_validates(nlp: object) -> None:
    import claimmap

    cm = claimmap.analyze("The port authority said the strike was “funded from outside”, "
                          "but the union denied it.\n\n“We pay our own way,” Berg said.")
    jsonschema.validate(json.loads(json.dumps(cm.to_dict())), claimmap_schema())
