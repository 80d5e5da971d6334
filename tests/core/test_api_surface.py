from __future__ import annotations

import ast
from pathlib import Path

import claimmap

SRC = Path(claimmap.__file__).resolve().parent


def test_api_exported_members_are_pinned() -> None:
    expected = {"Article", "ClaimMap", "ClaimmapError", "Options", "Settings", "__version__",
                "analyze", "analyze_doc", "analyze_many", "load_pipeline", "load_settings"}
    assert expected <= set(claimmap.__all__)
    for name in claimmap.__all__:
        assert hasattr(claimmap, name)


def _imports(path: Path) -> set[str]:
    tree = ast.parse(path.read_text(encoding="utf-8"))
    names: set[str] = set()
    for node in ast.walk(tree):
        if isinstance(node, ast.Import):
            names.update(alias.name for alias in node.names)
        elif isinstance(node, ast.ImportFrom) and node.module:
            names.add(node.module)
    return names


def test_api_layers_store_report_server_never_import_spacy() -> None:
    for layer in ("store", "report", "server"):
        for path in (SRC / layer).rglob("*.py"):
            bad = {n for n in _imports(path) if n == "spacy" or n.startswith("spacy.")}
            assert not bad, f"{path} imports {bad}"


def test_api_lower_layers_never_import_higher_ones() -> None:
    higher = {"types": ("claimmap.ingest", "claimmap.nlp", "claimmap.attribution",
                        "claimmap.api", "claimmap.cli", "claimmap.report", "claimmap.server"),
              "ingest": ("claimmap.nlp", "claimmap.attribution", "claimmap.api",
                         "claimmap.cli", "claimmap.report", "claimmap.server")}
    for layer, forbidden in higher.items():
        paths = [SRC / "types.py"] if layer == "types" else list((SRC / layer).rglob("*.py"))
        for path in paths:
            for name in _imports(path):
                assert not name.startswith(forbidden), f"{path} imports {name}"
