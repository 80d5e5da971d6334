"""The PolNeAR reader on a small hand-made brat folder (tests/data/polnear, fictional)."""

from __future__ import annotations

from pathlib import Path

import pytest
from hypothesis import given
from hypothesis import strategies as st

from claimmap.errors import InputError
from claimmap.eval.polnear import (
    PolnearAttribution,
    PolnearFormatError,
    covering,
    format_ann,
    parse_ann,
    read_polnear,
)

FOLDER = Path(__file__).resolve().parent.parent / "data" / "polnear"


def _texts(text: str, fragments: tuple[tuple[int, int], ...]) -> list[str]:
    return [text[s:e] for s, e in fragments]


def test_polnear_reader_first_annotator_per_article() -> None:
    articles = read_polnear(FOLDER)
    # The article without an annotation file is left out; ids come sorted.
    assert [a.id for a in articles] == ["bridge-reopens", "harbour-fares"]
    harbour = articles[1]
    assert harbour.annotator == "ann1"
    assert len(harbour.attributions) == 3


def test_polnear_reader_roles_as_fragments() -> None:
    harbour = read_polnear(FOLDER)[1]
    text = harbour.text
    first, second, third = harbour.attributions
    assert _texts(text, first.source) == ["its chair Mara Tollan"]
    assert _texts(text, first.cue) == ["said"]
    assert _texts(text, first.content) == [
        "The Kellsport harbour board will not vote on new ferry fares until spring"]
    # "s e;s e" gives two fragments of one content span.
    assert _texts(text, second.content) == ["“We need the passenger counts first,”",
                                            "“Nobody wants a guess.”"]
    assert not second.no_source
    assert third.no_source and third.source == ()
    assert _texts(text, third.cue) == ["was widely criticised as"]


def test_polnear_reader_continuation_lines_and_content2() -> None:
    bridge = read_polnear(FOLDER)[0]
    text = bridge.text
    first, second = bridge.attributions
    # The span text runs onto a line starting with "The": still the same T record.
    assert _texts(text, first.content) == [
        "that the east bridge would reopen in June.\nThe ferry link would follow in July"]
    assert _texts(text, second.content) == ["that fares would not rise",
                                            'that the depot was "not for sale"']
    assert _texts(text, second.source) == ["Rask"]


def test_polnear_reader_limit() -> None:
    assert [a.id for a in read_polnear(FOLDER, limit=1)] == ["bridge-reopens"]


def test_polnear_reader_missing_folder(tmp_path: Path) -> None:
    with pytest.raises(InputError, match="attributions"):
        (tmp_path / "text").mkdir()
        read_polnear(tmp_path)


def test_polnear_reader_empty_folder(tmp_path: Path) -> None:
    (tmp_path / "text").mkdir()
    (tmp_path / "attributions").mkdir()
    with pytest.raises(InputError, match="no article"):
        read_polnear(tmp_path)


@pytest.mark.parametrize("ann, message", [
    ("T1\tCue 5 2\tx\n", "outside"),
    ("T1\tCue 0 99\tx\n", "outside"),
    ("T1\tCue a b\tx\n", "offsets"),
    ("T1\tCue 0 2\tab\nE1\tAttribution:T9 Cue:T1\n", "missing span T9"),
    ("stray text\nT1\tCue 0 2\tab\n", "before the first record"),
])
def test_polnear_reader_bad_ann(ann: str, message: str) -> None:
    with pytest.raises(PolnearFormatError, match=message):
        parse_ann(ann, text_length=10)


def test_polnear_reader_covering() -> None:
    assert covering([(10, 12), (3, 5)]) == (3, 12)
    assert covering([]) is None


_fragment = st.tuples(st.integers(0, 60), st.integers(0, 20)).map(lambda p: (p[0], p[0] + p[1]))
_fragments = st.lists(_fragment, max_size=2).map(lambda f: tuple(sorted(f)))


@given(text=st.text(alphabet="ab \n“”.T", min_size=80, max_size=80),
       roles=st.lists(st.tuples(_fragments, _fragments, _fragments.filter(bool)), max_size=4))
def test_polnear_reader_roundtrip(text: str,
                                  roles: list[tuple[tuple[tuple[int, int], ...], ...]]) -> None:
    attributions = [PolnearAttribution(f"E{i}", source=s, cue=c, content=ct,
                                       no_source=not s)
                    for i, (s, c, ct) in enumerate(roles, start=1)]
    parsed = parse_ann(format_ann(text, attributions), text_length=len(text))
    assert [(a.source, a.cue, a.content, a.no_source) for a in parsed] == [
        (a.source, a.cue, a.content, a.no_source) for a in attributions]
    for attribution in parsed:
        for start, end in attribution.source + attribution.cue + attribution.content:
            assert 0 <= start <= end <= len(text)
