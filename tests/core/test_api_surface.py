from __future__ import annotations

import ast
import subprocess
import sys
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


STAGE_PACKAGES = ("attribution", "claims", "rhetoric", "stance", "disputes")
# The data layers below the pipeline: they read ClaimMaps (types), never the machinery that
# makes them.
DATA_LAYERS = ("store", "corpus", "match")
NEVER_FROM_DATA_LAYERS = ("spacy", *(f"claimmap.{name}" for name in (
    "nlp", *STAGE_PACKAGES, "api", "cli", "server", "report", "claimmap")))
# Named exceptions, each with its reason. The local corpus engine is the one place a data
# layer runs the pipeline (the Ray engine runs it through the local one), and it reaches it
# only through the public api.
LAYER_EXCEPTIONS = {("corpus/local.py", "claimmap.api")}


def _forbidden(name: str, prefixes: tuple[str, ...]) -> bool:
    return any(name == p or name.startswith(p + ".") for p in prefixes)


def test_api_data_layers_import_types_never_the_pipeline() -> None:
    for layer in DATA_LAYERS:
        for path in (SRC / layer).rglob("*.py"):
            where = path.relative_to(SRC).as_posix()
            for name in _imports(path):
                if (where, name) in LAYER_EXCEPTIONS:
                    continue
                assert not _forbidden(name, NEVER_FROM_DATA_LAYERS), f"{where} imports {name}"


def test_api_stages_never_import_each_other_or_higher_layers() -> None:
    for stage in STAGE_PACKAGES:
        others = tuple(f"claimmap.{name}" for name in STAGE_PACKAGES if name != stage)
        higher = tuple(f"claimmap.{name}" for name in (
            "api", "cli", "server", "report", "store", "corpus", "match", "claimmap"))
        for path in (SRC / stage).rglob("*.py"):
            for name in _imports(path):
                assert not _forbidden(name, others + higher), f"{path} imports {name}"


def test_api_shared_modules_stay_below_spacy() -> None:
    for module in ("types.py", "text.py", "settings.py", "errors.py"):
        for name in _imports(SRC / module):
            assert not _forbidden(name, ("spacy", "claimmap.nlp", "claimmap.api",
                                         *(f"claimmap.{s}" for s in STAGE_PACKAGES))), \
                f"{module} imports {name}"


def test_api_report_and_server_load_without_spacy() -> None:
    """Not even indirectly: the web app answers health checks before spaCy loads."""
    code = ("import sys, importlib\n"
            "for m in ('claimmap.server.app', 'claimmap.report.html', 'claimmap.report.text',"
            " 'claimmap.report.dot'):\n"
            "    importlib.import_module(m)\n"
            "print('spacy' in sys.modules)")
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True,
                         check=True)
    assert out.stdout.strip() == "False"
