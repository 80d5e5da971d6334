"""`claimmap analyze FILE --format html --output report.html`."""

from __future__ import annotations

from pathlib import Path

import pytest
from typer.testing import CliRunner

from claimmap.cli import app
from claimmap.cli.analyze import RENDERERS

runner = CliRunner()
GOOD = ("Quay Reopens Friday\n\nThe harbour master said the north quay would reopen on "
        "Friday after repairs.\n")


def test_report_format_html_is_registered() -> None:
    assert "html" in RENDERERS


@pytest.mark.slow
def test_report_format_html_writes_one_self_contained_page(tmp_path: Path) -> None:
    source = tmp_path / "quay.txt"
    source.write_text(GOOD, encoding="utf-8")
    target = tmp_path / "report.html"
    result = runner.invoke(app, ["analyze", str(source), "--format", "html",
                                 "--output", str(target)])
    assert result.exit_code == 0, result.stderr
    html = target.read_text(encoding="utf-8")
    assert html.startswith("<!DOCTYPE html>") and html.rstrip().endswith("</html>")
    assert 'data-article-id="quay"' in html and 'class="m ' in html
    # Self-contained: no external stylesheet, script or image is referenced.
    assert "<link" not in html and " src=" not in html


@pytest.mark.slow
def test_report_format_html_puts_several_articles_on_one_page(tmp_path: Path) -> None:
    for name in ("one", "two"):
        (tmp_path / f"{name}.txt").write_text(GOOD, encoding="utf-8")
    result = runner.invoke(app, ["analyze", str(tmp_path / "one.txt"),
                                 str(tmp_path / "two.txt"), "--format", "html", "-q"])
    assert result.exit_code == 0
    assert result.stdout.count('<article class="report"') == 2
