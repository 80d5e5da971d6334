"""The profile switch: the fast default never loads the transformer; the accurate profile adds
its hook and rewrites claims, techniques and stance in their own shapes."""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

import numpy as np
import pytest
from typer.testing import CliRunner

from claimmap.cli import app
from claimmap.errors import InputError
from claimmap.settings import Options

ROOT = Path(__file__).resolve().parent.parent.parent
MODEL = ROOT / "src" / "claimmap" / "accurate" / "data" / "encoder.int8.onnx"
EXAMPLE = ROOT / "src" / "claimmap" / "examples" / "harbour-strike.txt"
needs_model = pytest.mark.skipif(not MODEL.exists(), reason="accurate model files not built")


def test_profile_default_is_fast() -> None:
    assert Options().profile == "fast"


def test_profile_unknown_is_refused() -> None:
    from claimmap.api import get_pipeline

    with pytest.raises(InputError, match="unknown profile"):
        get_pipeline(Options(profile="fancy"))


def test_profile_cli_unknown_is_a_usage_error() -> None:
    result = CliRunner().invoke(app, ["analyze", str(EXAMPLE), "--profile", "fancy"])
    assert result.exit_code == 2
    assert "--profile must be one of fast, accurate" in result.output


@pytest.mark.slow
def test_profile_fast_never_loads_the_transformer() -> None:
    probe = (
        "import sys\n"
        "from claimmap.api import analyze, get_pipeline\n"
        f"cm = analyze(open({str(EXAMPLE)!r}).read())\n"
        "assert 'claimmap_accurate' not in get_pipeline().pipe_names\n"
        "assert 'claimmap_accurate' not in cm.provenance.components\n"
        # (torch is left out: thinc imports it whenever it is installed, as after `make models`)
        "loaded = [m for m in ('onnxruntime', 'tokenizers', 'claimmap.accurate')\n"
        "          if m in sys.modules]\n"
        "print('LOADED', loaded)\n"
    )
    done = subprocess.run([sys.executable, "-c", probe], capture_output=True, text=True,
                          check=False, cwd=ROOT)
    assert done.returncode == 0, done.stderr
    assert "LOADED []" in done.stdout


@pytest.mark.slow
@needs_model
def test_profile_accurate_rewrites_claims_techniques_and_stance() -> None:
    from claimmap.api import analyze, get_pipeline

    text = EXAMPLE.read_text(encoding="utf-8")
    fast = analyze(text)
    nlp = get_pipeline(Options(profile="accurate"))
    assert nlp.pipe_names.index("claimmap_accurate") < nlp.pipe_names.index("claimmap_disputes")
    # The accurate component stands in for the rhetoric stage: no fast span tagger run.
    assert "claimmap_rhetoric" not in nlp.pipe_names
    accurate = analyze(text, nlp=nlp, options=Options(profile="accurate"))
    assert "claimmap_accurate" in accurate.provenance.components
    # Same claims (spans come from the claims stage); check-worthiness from the transformer.
    assert [c.span for c in accurate.claims] == [c.span for c in fast.claims]
    assert all(c.checkworthiness.label in ("CFS", "UFS", "NFS") for c in accurate.claims)
    assert all(0.0 <= c.checkworthiness.score <= 1.0 for c in accurate.claims)
    # Read from the article's one pass, each claim is the input it would be alone. int8
    # activations are quantised per batch, and batches are grouped by length, so a claim
    # shares its batch with other inputs in the article than alone: hence the tolerance
    # (measured: mean 0.013, largest 0.075 of 20; each claim read from its neighbour:
    # mean 0.41).
    from claimmap.accurate.runtime import load_model

    alone = load_model().checkworthiness([c.span.text for c in accurate.claims])
    gaps = np.abs(alone[:, 0] - [c.checkworthiness.score for c in accurate.claims])
    assert gaps.mean() <= 0.025 and gaps.max() <= 0.1
    for tech in accurate.techniques:
        assert text[tech.span.start:tech.span.end] == tech.span.text
        assert 0.0 <= tech.score <= 1.0
    assert accurate.stance is not None and fast.stance is not None
    assert (accurate.stance.label == "unrelated") == (fast.stance.label == "unrelated")
    # The fast pipeline is unchanged by the accurate one having been built.
    assert analyze(text).to_dict() == fast.to_dict()


@pytest.mark.slow
@needs_model
def test_profile_accurate_without_its_span_head_gives_the_fast_techniques() -> None:
    from claimmap.api import analyze, get_pipeline

    text = EXAMPLE.read_text(encoding="utf-8")
    fast = analyze(text)
    options = Options(profile="accurate")
    pipe = get_pipeline(options).get_pipe("claimmap_accurate")
    uses = pipe.model.params["uses"]
    saved = dict(uses)
    uses["si"] = False
    try:
        accurate = analyze(text, nlp=get_pipeline(options), options=options)
    finally:
        uses.clear()
        uses.update(saved)
    assert fast.techniques
    assert accurate.techniques == fast.techniques
