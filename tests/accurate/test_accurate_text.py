"""The accurate profile's input cutting (claimmap.accurate.text), on a stand-in tokenizer."""

from __future__ import annotations

import re
from collections import Counter
from dataclasses import dataclass

from hypothesis import given
from hypothesis import strategies as st

from claimmap.accurate.text import (
    Piece,
    chunk,
    encode_lines,
    evidence,
    line_ranges,
    runs_to_spans,
    segments,
    tc_features,
    tc_piece,
)


@dataclass
class _Encoding:
    ids: list[int]
    offsets: list[tuple[int, int]]
    type_ids: list[int]


class WordTokenizer:
    """Whitespace words as pieces, words over 6 letters cut in two (like word pieces)."""

    def token_to_id(self, token: str) -> int:
        return {"[CLS]": 101, "[SEP]": 102}[token]

    def encode(self, text: str, pair: str | None = None) -> _Encoding:
        ids, offsets = [101], [(0, 0)]
        for m in re.finditer(r"\S+", text):
            if len(m.group()) > 6:
                ids += [7, 8]
                offsets += [(m.start(), m.start() + 4), (m.start() + 4, m.end())]
            else:
                ids.append(5)
                offsets.append((m.start(), m.end()))
        ids.append(102)
        offsets.append((0, 0))
        return _Encoding(ids, offsets, [0] * len(ids))

    def encode_batch(self, texts: list[str]) -> list[_Encoding]:
        return [self.encode(t) for t in texts]


def test_text_line_ranges_skip_blank_lines_and_trim() -> None:
    assert line_ranges("  One two.\n\n Three \n") == [(2, 10), (13, 18)]


def test_text_encode_lines_offsets_index_the_article() -> None:
    text = "Title here\n\nThe cowardly officials fled."
    pieces = encode_lines(WordTokenizer(), text)
    assert len(pieces) == 2
    words = [text[s:e] for s, e in pieces[1].offsets if s != e]
    assert words == ["The", "cowa", "rdly", "offi", "cials", "fled."]


@given(st.integers(min_value=1, max_value=300), st.integers(min_value=8, max_value=64))
def test_text_chunk_windows_fit_and_cover_every_piece(n: int, max_len: int) -> None:
    offsets = ((0, 0), *((2 * i, 2 * i + 1) for i in range(n)), (0, 0))
    piece = Piece((101, *([5] * n), 102), offsets)
    windows = chunk(piece, 101, 102, max_len)
    assert all(len(w.ids) <= max_len and w.ids[0] == 101 and w.ids[-1] == 102 for w in windows)
    inner = [o for w in windows for o in w.offsets[1:-1]]
    assert inner == list(offsets[1:-1])


def test_text_runs_to_spans_joins_one_piece_gaps_and_widens_to_words() -> None:
    text = "They are traitors and cowards, said he."
    offsets = [(0, 0), (0, 4), (5, 8), (9, 13), (13, 17), (18, 21), (22, 29), (29, 30), (0, 0)]
    inside = [False, False, False, True, False, False, True, False, False]
    assert runs_to_spans(text, offsets, inside, gap=0) == [(9, 17), (22, 29)]
    assert runs_to_spans(text, offsets, inside, gap=2) == [(9, 29)]


def test_text_tc_piece_masks_only_the_span() -> None:
    text = "Intro line.\nThe corrupt elite stole everything.\nLast line."
    start = text.index("corrupt elite")
    piece, mask = tc_piece(WordTokenizer(), text, start, start + len("corrupt elite"))
    marked = [text[s:e] for (s, e), m in zip(piece.offsets, mask, strict=True) if m]
    assert "".join(marked) == "corruptelite"
    assert all(s >= text.index("The") for s, e in piece.offsets if s != e)


def test_text_tc_features_count_repeats() -> None:
    text = "Lock them up!\nThey said it again: lock them up!\n"
    feats = tc_features(text, 0, 12, Counter(re.findall(r"\w+", text.lower())))
    assert feats[0] > 0.6  # the phrase occurs once more
    assert feats[3] == 0.0  # the span is not the whole line ("!" left out)
    once = tc_features("A unique phrase here.", 2, 15)
    assert once[0] == 0.0


def test_text_evidence_prefers_sentences_sharing_headline_words() -> None:
    body = ("The weather was mild. Officials denied that the dam leaked. "
            "A festival opened downtown. The dam inspection found no leak at all.")
    chosen = [body[s:e] for s, e in evidence("Dam leak denied by officials", body, k=2)]
    assert chosen == ["Officials denied that the dam leaked.",
                      "The dam inspection found no leak at all."]
    assert evidence("Nothing in common", "Only this sentence.") == [(0, 19)]


def test_text_segments_make_each_claim_an_input_of_its_own() -> None:
    text = "Intro words here. The mayor said taxes rose 4%. More text\n\n  Second line only. "
    claim = (text.index("The mayor"), text.index("4%.") + 3)
    other = (text.index("Second"), text.index("only.") + 5)
    cut = segments(text, [claim, other])
    assert [text[s:e] for s, e in cut] == ["Intro words here.", "The mayor said taxes rose 4%.",
                                          "More text", "Second line only."]
    assert segments(text) == line_ranges(text)


@given(st.lists(st.sampled_from(["a", "bb", " ", "\n", "."]), max_size=40),
       st.lists(st.tuples(st.integers(0, 40), st.integers(0, 40)), max_size=4))
def test_text_segments_cover_every_word_once(chars: list[str],
                                             cuts: list[tuple[int, int]]) -> None:
    text = "".join(chars)
    cut = segments(text, [(min(a, b), max(a, b)) for a, b in cuts])
    covered = [i for s, e in cut for i in range(s, e)]
    assert covered == sorted(set(covered))
    assert {i for i, c in enumerate(text) if not c.isspace()} <= set(covered)
    assert all("\n" not in text[s:e] and text[s:e] == text[s:e].strip() for s, e in cut)
