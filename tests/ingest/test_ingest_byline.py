from __future__ import annotations

import pytest

from claimmap.ingest.byline import byline_in_line, date_in_line, is_meta_line


@pytest.mark.parametrize(("line", "name", "source"), [
    ("By Ana Roos", "Ana Roos", "text:by-line"),
    ("BY ANA ROOS", "Ana Roos", "text:by-line"),
    ("Story by Ana Roos", "Ana Roos", "text:by-line"),
    ("Written by Dev Anand Published 19/02/2026", "Dev Anand", "text:by-line"),
    ("By Ana Roos, Correspondent", "Ana Roos", "text:by-line"),
    ("By Ana Roos and Piet de Vries | Coast Daily", "Ana Roos and Piet de Vries",
     "text:by-line"),
    ("Ana Roos, Staff Writer", "Ana Roos", "text:staff-line"),
    ("HUW MADDOX, Sports Editor", "Huw Maddox", "text:staff-line"),
    ("Ana Roos | Reporter", "Ana Roos", "text:staff-line"),
])
def test_byline_printed_shapes_are_read(line: str, name: str, source: str) -> None:
    assert byline_in_line(line) == (name, source)


@pytest.mark.parametrize("line", [
    "By Tuesday, the council had agreed to the plan.",
    "By the time the ferry arrived, nobody was left on the quay.",
    "The mayor, a reporter said, had left early.",
    "By " + "Name " * 40,
    "",
])
def test_byline_sentences_are_not_bylines(line: str) -> None:
    assert byline_in_line(line) is None


@pytest.mark.parametrize(("line", "iso"), [
    ("March 4, 2026", "2026-03-04"),
    ("Published: 04.03.2026 08:15", "2026-03-04"),
    ("Updated Tuesday, 4 March 2026", "2026-03-04"),
    ("Posted on Mar. 4, 2026 at 9:40 a.m.", "2026-03-04"),
    ("2026-03-04", "2026-03-04"),
    ("Published 19/02/2026", "2026-02-19"),
    ("02/19/2026", "2026-02-19"),
])
def test_byline_date_lines_are_read_as_iso_dates(line: str, iso: str) -> None:
    assert date_in_line(line) == iso


@pytest.mark.parametrize("line", [
    "04/03/2026",  # April or March: depends on the site's country, so not guessed
    "February 30, 2026",
    "The council met on March 4, 2026 to discuss the ferry fares in a long session today",
])
def test_byline_ambiguous_or_long_dates_are_not_date_lines(line: str) -> None:
    assert date_in_line(line) is None


def test_byline_meta_lines_combine_byline_and_date() -> None:
    assert is_meta_line("By Ana Roos | March 4, 2026")
    assert not is_meta_line("The ferry ran aground, the coast guard said.")
