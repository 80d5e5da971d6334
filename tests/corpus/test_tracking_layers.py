from __future__ import annotations

import ast
import subprocess
import sys
from pathlib import Path

import claimmap

TRACKING = Path(claimmap.__file__).resolve().parent / "corpus" / "tracking"
STAGES = ("claimmap.nlp", "claimmap.attribution", "claimmap.claims", "claimmap.rhetoric",
          "claimmap.stance", "claimmap.disputes", "claimmap.api", "claimmap.claimmap")


def test_tracking_layers_never_import_spacy_or_a_stage() -> None:
    for path in TRACKING.rglob("*.py"):
        tree = ast.parse(path.read_text(encoding="utf-8"))
        for node in ast.walk(tree):
            names = [a.name for a in node.names] if isinstance(node, ast.Import) else \
                [node.module] if isinstance(node, ast.ImportFrom) and node.module else []
            for name in names:
                assert not name.startswith(("spacy", *STAGES)), f"{path.name} imports {name}"


def test_tracking_layers_loading_tracking_loads_no_spacy() -> None:
    code = ("import sys, claimmap.corpus.tracking, claimmap.cli.corpus_tracking; "
            "bad = [m for m in sys.modules if m == 'spacy' or m.startswith('spacy.')]; "
            "print(bad)")
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True,
                         check=True)
    assert out.stdout.strip() == "[]"
