from __future__ import annotations

import ast
import subprocess
import sys
from pathlib import Path

SRC = Path(__file__).resolve().parents[2] / "src" / "claimmap"
FORBIDDEN = ("spacy", "torch", "claimmap.api", "claimmap.cli", "claimmap.server",
             "claimmap.nlp", "claimmap.claimmap", "claimmap.attribution", "claimmap.claims",
             "claimmap.rhetoric", "claimmap.stance", "claimmap.disputes", "claimmap.store",
             "claimmap.corpus", "claimmap.report")


def _imports(path: Path) -> set[str]:
    names: set[str] = set()
    for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
        if isinstance(node, ast.Import):
            names.update(a.name for a in node.names)
        elif isinstance(node, ast.ImportFrom) and node.module:
            names.add(node.module)
    return names


def test_match_imports_only_types_embed_and_errors() -> None:
    for package in ("match", "embed"):
        for path in (SRC / package).glob("*.py"):
            bad = {n for n in _imports(path)
                   if any(n == f or n.startswith(f + ".") for f in FORBIDDEN)}
            assert not bad, f"{path.name} imports {bad}"


def test_match_import_loads_no_spacy() -> None:
    code = ("import sys, claimmap.match, claimmap.embed; "
            "print('spacy' in sys.modules or 'torch' in sys.modules)")
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True,
                         check=True)
    assert out.stdout.strip() == "False"
