from __future__ import annotations

import json
from pathlib import Path

import pytest
from typer.testing import CliRunner

from claimmap.cli import app

pytestmark = pytest.mark.slow
DATA = Path(__file__).resolve().parents[1] / "data" / "factchecks"
EXAMPLE = Path(__file__).resolve().parents[2] / "src" / "claimmap" / "examples" / \
    "harbour-strike.txt"
runner = CliRunner()


def test_analyze_factchecks_fills_matches_with_verbatim_rating(tmp_path: Path,
                                                               monkeypatch: pytest.MonkeyPatch
                                                               ) -> None:
    monkeypatch.setenv("CLAIMMAP_CACHE_DIR", str(tmp_path))
    result = runner.invoke(app, ["analyze", str(EXAMPLE), "--format", "json", "--factchecks",
                                 str(DATA / "harbour-graph.jsonld"), "--factchecks",
                                 str(DATA / "feed.json")])
    assert result.exit_code == 0, result.output
    data = json.loads(result.stdout)
    verdicts = {m["verdict"] for m in data["matches"]}
    assert "Unproven  – no transfers shown" in verdicts
    assert "Pants on Fire!" not in verdicts  # the tide tax is not in this article
    claims = {c["id"]: c["span"]["text"] for c in data["claims"]}
    # The headline and the body sentence both assert that the strike is funded from outside.
    matched = [claims[m["claim_id"]] for m in data["matches"]
               if m["verdict"] == "Unproven  – no transfers shown"]
    assert any("Nordhaven" in t for t in matched)
    assert all("strike" in t.lower() or "funded" in t.lower() for t in matched)
    assert {f["id"] for f in data["factchecks"]} == {m["fact_check_id"] for m in data["matches"]}
    # With a fact-check file the ClaimMap carries its credibility signals.
    signals = {s["name"]: s for s in data["signals"]}
    assert signals["fact_checks"]["counts"]["Unproven  – no transfers shown"] >= 1
    assert "sourcing_mix" in signals and "originality" not in signals  # no store given
    text = runner.invoke(app, ["analyze", str(EXAMPLE), "--factchecks",
                               str(DATA / "harbour-graph.jsonld")])
    assert "Fact-checked claims" in text.stdout and "Harbour Truth Desk" in text.stdout
    assert "Credibility signals" in text.stdout


def test_analyze_factchecks_bad_file_is_one_line_error(tmp_path: Path) -> None:
    bad = tmp_path / "bad.json"
    bad.write_text("{oops")
    result = runner.invoke(app, ["analyze", str(EXAMPLE), "--factchecks", str(bad)])
    assert result.exit_code == 1
    assert "not valid JSON" in result.stderr and "Traceback" not in result.stderr
