"""Terminal controls, bidi overrides and invisible characters in article text: escaped in
the text view, the CLI tables and messages, neutralised in pages, ignored in actor keys."""

from __future__ import annotations

import json
from pathlib import Path

from hypothesis import given
from hypothesis import strategies as st
from typer.testing import CliRunner

from claimmap.attribution.referents import corpus_key
from claimmap.cli import app
from claimmap.cli._rows import render_rows
from claimmap.cli.stance import stance_lines
from claimmap.report.html import render_html
from claimmap.report.text import render_text
from claimmap.safetext import (
    BIDI_CONTROLS,
    page_safe,
    terminal_safe,
    without_invisible,
)
from claimmap.types import (
    Actor,
    Article,
    ClaimMap,
    Provenance,
    Quote,
    Speaker,
    Stance,
    TextSpan,
)

PROV = Provenance("0", "3.8", "en_test", "0", "cfg")
HOSTILE = "\x1b[2J\x1b]0;owned\x07\r\u202eevil\u202c\u2066x\u2069\x9b"


def _hostile_map() -> ClaimMap:
    text = f'The mayor said: "We will{HOSTILE} rebuild the pier."'
    start = text.index('"')
    quote = Quote("q1", "direct", TextSpan.of(text, start, len(text)), None, "say",
                  Speaker("a1", None))
    actor = Actor("a1", f"Ma{HOSTILE}yor", "person", role=f"r{HOSTILE}")
    article = Article("doc\x1b[31m", text, title=f"Pier{HOSTILE} plan")
    return ClaimMap(article, PROV, actors=(actor,), quotes=(quote,))


def _dangerous(out: str) -> list[str]:
    return [c for c in out if c in BIDI_CONTROLS or (ord(c) < 32 and c != "\n")
            or 0x7f <= ord(c) <= 0x9f]


def test_safetext_terminal_escapes_controls_and_bidi() -> None:
    assert terminal_safe("a\x1b[2Jb\u202ec\nd") == "a\\x1b[2Jb\\u202ec\nd"
    assert terminal_safe("a\nb", keep_newlines=False) == "a\\x0ab"
    assert terminal_safe("plain “quoted” text… ünïcode") == "plain “quoted” text… ünïcode"
    assert terminal_safe("rtl \u200f mark") == "rtl \\u200f mark"


@given(st.text())
def test_safetext_terminal_output_has_no_control(text: str) -> None:
    assert not _dangerous(terminal_safe(text))
    assert "\n" not in terminal_safe(text, keep_newlines=False)


def test_safetext_page_and_names() -> None:
    assert page_safe("x\u202ey\u200fz") == "x\\u202ey\u200fz"  # weak marks stay in pages
    assert without_invisible("Ha\u200ble\u00ad\ufeff") == "Hale"


def test_text_view_escapes_hostile_article_text() -> None:
    out = render_text(_hostile_map())
    assert not _dangerous(out)
    assert "\\x1b[2J" in out and "\\u202e" in out


def test_html_report_neutralises_bidi_overrides() -> None:
    page = render_html(_hostile_map())
    assert not BIDI_CONTROLS.intersection(page)
    assert "\\u202e" in page
    assert "<script>alert" not in page


def test_cli_rows_text_table_escapes_cells() -> None:
    rows = [{"name": f"Hale{HOSTILE}", "n": 2}]
    table = render_rows(rows, "text")
    assert not _dangerous(table)
    # Data formats keep the stored text exactly.
    assert json.loads(render_rows(rows, "json"))[0]["name"] == f"Hale{HOSTILE}"


def test_cli_errors_are_escaped_one_line(tmp_path: Path) -> None:
    name = tmp_path / "no\x1b[31mne\nfile.txt"
    result = CliRunner().invoke(app, ["analyze", str(name)])
    assert result.exit_code != 0
    assert result.stderr.startswith("claimmap: error:") and result.stderr.count("\n") == 1
    assert "\x1b" not in result.stderr


def test_stance_cli_names_probabilities_and_escapes_evidence() -> None:
    body = f"The port said the terminal is open{HOSTILE}."
    result = Stance("Terminal closes", "disagree",
                    {"agree": 0.5, "disagree": 0.3, "discuss": 0.1, "unrelated": 0.1},
                    (TextSpan.of(body, 0, len(body)),))
    out = stance_lines(result)
    assert out.startswith("disagree\tprobabilities: agree 0.50")
    assert "likeliest class alone is agree" in out
    assert not _dangerous(out.replace("\t", " ", 1))  # our own column tab only
    agreeing = Stance("x", "agree", {"agree": 0.6, "disagree": 0.2, "discuss": 0.1,
                                     "unrelated": 0.1}, ())
    assert "likeliest" not in stance_lines(agreeing)


def test_actors_corpus_key_ignores_invisible_characters() -> None:
    assert corpus_key("person", "Ilse Ha\u200ble") == corpus_key("person", "Ilse Hale")
    assert corpus_key("organisation", "Port\u2060 Authority") == corpus_key(
        "organisation", "Port Authority")
    assert corpus_key("country", "Fr\u200dance") == corpus_key("country", "France")
