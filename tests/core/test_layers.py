"""The import layers, in one place: which package may import which (docs/architecture.md).

Data flows one way, Article -> Doc -> ClaimMap -> match -> store | report | server, and each
package may import only what sits below it. The rules are read from the source (every
import, at module level or inside a function) and, for spaCy and torch, checked once more by
importing the light layers in a fresh interpreter.
"""

from __future__ import annotations

import ast
import subprocess
import sys
from pathlib import Path

import pytest

import claimmap

SRC = Path(claimmap.__file__).resolve().parent
STAGES = ("attribution", "claims", "rhetoric", "stance", "disputes")

# What each package (or top-level module) may import of ours. Anything not listed is an
# error, so a new edge between layers is a decision, made here, not an accident.
MAY_IMPORT: dict[str, frozenset[str]] = {
    "types": frozenset(),
    "errors": frozenset(),
    "text": frozenset(),
    "quantities": frozenset({"types"}),
    "source_words": frozenset(),
    "settings": frozenset({"errors"}),
    # crfsuite model files scored in numpy, for the stages' taggers: no spaCy, no stage.
    "crf": frozenset({"errors"}),
    "schema": frozenset({"types"}),
    # Forked worker processes that run a batch function: knows nothing of spaCy or stages.
    "workers": frozenset(),
    "ingest": frozenset({"types", "errors", "text"}),
    "nlp": frozenset({"types", "errors", "settings", "text", "accurate", *STAGES}),
    **{stage: frozenset({"types", "errors", "settings", "text", "quantities", "source_words",
                         "nlp", "crf"})
       for stage in STAGES},
    "claimmap": frozenset({"types", "nlp", "about"}),
    "embed": frozenset({"errors"}),
    "match": frozenset({"types", "errors", "embed"}),
    "store": frozenset({"types", "errors"}),
    "corpus": frozenset({"types", "errors", "settings", "text", "quantities", "ingest",
                         "embed", "match", "store", "workers"}),
    "report": frozenset({"types", "text"}),
}
# Named exceptions, each with its reason. The local corpus engine is the one place a data
# layer runs the pipeline (the Ray engine runs it through the local one), and it reaches it
# only through the public api.
EXCEPTIONS = {("corpus/local.py", "api")}
# The web app may use anything below the api, but never the machinery that makes a ClaimMap
# except through the api (imported inside its worker, so health checks answer first).
SERVER_NEVER = frozenset({"nlp", "claimmap", "cli", "eval", "accurate", *STAGES})
# Third-party packages a layer must not import: spaCy stays below the ClaimMap, and torch is
# for training only.
NO_SPACY = ("types", "errors", "text", "quantities", "source_words", "settings", "crf", "schema",
            "ingest", "embed", "match", "store", "corpus", "report", "server", "workers")
SPACY = ("spacy", "thinc")


def _imports(path: Path, *, module_level_only: bool = False) -> set[str]:
    tree = ast.parse(path.read_text(encoding="utf-8"))
    nodes = tree.body if module_level_only else list(ast.walk(tree))
    names: set[str] = set()
    for node in nodes:
        if isinstance(node, ast.Import):
            names.update(alias.name for alias in node.names)
        elif isinstance(node, ast.ImportFrom) and node.module and node.level == 0:
            if node.module == "claimmap":  # "from claimmap import api" is claimmap.api
                names.update(f"claimmap.{alias.name}" for alias in node.names)
            else:
                names.add(node.module)
    return names


def _ours(name: str) -> str | None:
    """The top-level package or module of ours that ``name`` imports, if any."""
    parts = name.split(".")
    return parts[1] if parts[0] == "claimmap" and len(parts) > 1 else None


def _files(layer: str) -> list[Path]:
    folder = SRC / layer
    return sorted(folder.rglob("*.py")) if folder.is_dir() else [SRC / f"{layer}.py"]


def _where(path: Path) -> str:
    return path.relative_to(SRC).as_posix()


@pytest.mark.parametrize("layer", sorted(MAY_IMPORT))
def test_layers_each_package_imports_only_what_lies_below(layer: str) -> None:
    allowed = MAY_IMPORT[layer] | {layer}
    for path in _files(layer):
        for name in _imports(path):
            target = _ours(name)
            if target is None or target in allowed or (_where(path), target) in EXCEPTIONS:
                continue
            raise AssertionError(f"{_where(path)} imports {name}: {layer} may import only "
                                 f"{sorted(MAY_IMPORT[layer])}")


def test_layers_the_server_reaches_the_pipeline_only_through_the_api() -> None:
    for path in _files("server"):
        for name in _imports(path):
            assert _ours(name) not in SERVER_NEVER, f"{_where(path)} imports {name}"


def test_layers_nlp_loads_stage_packages_only_inside_factories() -> None:
    # A module-level stage import would load every stage whenever the Doc extensions load.
    for path in _files("nlp"):
        for name in _imports(path, module_level_only=True):
            assert _ours(name) not in STAGES, f"{_where(path)} imports {name} at module level"


@pytest.mark.parametrize("layer", NO_SPACY)
def test_layers_light_layers_never_import_spacy(layer: str) -> None:
    for path in _files(layer):
        bad = {n for n in _imports(path) if n.split(".")[0] in SPACY}
        assert not bad, f"{_where(path)} imports {bad}"


def test_layers_nothing_at_run_time_imports_torch() -> None:
    for path in SRC.rglob("*.py"):
        bad = {n for n in _imports(path) if n.split(".")[0] == "torch"}
        assert not bad, f"{_where(path)} imports {bad}"


# Each of these must load in a fresh interpreter without spaCy or torch: the web app answers
# health checks before spaCy loads, and reading a store or matching needs no pipeline.
LIGHT_ENTRY_POINTS = (
    "claimmap.server.app", "claimmap.report.html", "claimmap.report.text",
    "claimmap.report.dot", "claimmap.store.queries", "claimmap.corpus.run",
    "claimmap.corpus.local", "claimmap.corpus.tracking", "claimmap.cli.corpus_tracking",
    "claimmap.match", "claimmap.embed", "claimmap.text", "claimmap.quantities",
)


def test_layers_light_entry_points_load_without_spacy_or_torch() -> None:
    code = ("import importlib, sys\n"
            f"for m in {LIGHT_ENTRY_POINTS!r}:\n"
            "    importlib.import_module(m)\n"
            "    heavy = sorted(h for h in ('spacy', 'thinc', 'torch') if h in sys.modules)\n"
            "    if heavy:\n"
            "        print(m, 'loads', heavy)\n"
            "        break\n"
            "else:\n"
            "    print('ok')\n")
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True,
                         check=True)
    assert out.stdout.strip() == "ok"
