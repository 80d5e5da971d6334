"""store and corpus never import spaCy or a stage; only corpus/local.py calls the analysis."""

from __future__ import annotations

import ast
import subprocess
import sys
from pathlib import Path

import claimmap

SRC = Path(claimmap.__file__).resolve().parent
STAGES = ("spacy", "thinc", "claimmap.nlp", "claimmap.attribution", "claimmap.claims",
          "claimmap.rhetoric", "claimmap.stance", "claimmap.disputes", "claimmap.claimmap",
          "claimmap.report", "claimmap.server", "claimmap.cli")


def _imports(path: Path) -> set[str]:
    names: set[str] = set()
    for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
        if isinstance(node, ast.Import):
            names.update(alias.name for alias in node.names)
        elif isinstance(node, ast.ImportFrom) and node.module:
            names.add(node.module)
    return names


def test_layers_store_and_corpus_import_no_stage() -> None:
    for layer in ("store", "corpus"):
        for path in (SRC / layer).rglob("*.py"):
            names = _imports(path)
            bad = {n for n in names if n == "claimmap.api" or n.startswith(STAGES)}
            if path.name == "local.py" and path.parent.name == "corpus":
                bad -= {"claimmap.api"}
            assert not bad, f"{path} imports {bad}"
            if layer == "store":
                ours = {n for n in names if n.startswith("claimmap")}
                assert ours <= {"claimmap.types", "claimmap.errors"} | {
                    n for n in ours if n.startswith("claimmap.store")}, path


def test_layers_reading_a_store_loads_no_spacy() -> None:
    code = ("import sys, claimmap.store.queries, claimmap.corpus.run, claimmap.corpus.local; "
            "print('spacy' in sys.modules)")
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True,
                         check=True)
    assert out.stdout.strip() == "False"
