from __future__ import annotations

import json

from hypothesis import given, settings
from hypothesis import strategies as st

from claimmap.types import (
    Actor,
    Article,
    ClaimMap,
    Provenance,
    Quote,
    Speaker,
    TextSpan,
    from_dict,
    make_id,
)

PROVENANCE = Provenance("0", "3.8", "en_core_web_sm", "3.8.0", "abc", ("attribution",))


@st.composite
def claim_maps(draw: st.DrawFn) -> ClaimMap:
    text = draw(st.text(min_size=1, max_size=200))
    spans = []
    for _ in range(draw(st.integers(0, 4))):
        start = draw(st.integers(0, len(text)))
        end = draw(st.integers(start, len(text)))
        spans.append(TextSpan.of(text, start, end))
    actors = tuple(Actor(make_id("actor", i), f"Actor {i}", "person", mentions=(span,))
                   for i, span in enumerate(spans))
    quotes = tuple(Quote(make_id("quote", i), "direct", span, None, "say",
                         Speaker(actors[i].id, span)) for i, span in enumerate(spans))
    article = Article(id="a", text=text, title=draw(st.none() | st.text(max_size=20)))
    return ClaimMap(article, PROVENANCE, actors=actors, quotes=quotes,
                    summary={"counts": {"quotes": len(quotes)}})


@settings(max_examples=100, deadline=None)
@given(claim_maps())
def test_types_claimmap_survives_a_json_round_trip(cm: ClaimMap) -> None:
    data = json.loads(json.dumps(cm.to_dict()))
    assert ClaimMap.from_dict(data) == cm


@settings(max_examples=100, deadline=None)
@given(claim_maps())
def test_types_span_offsets_match_the_text(cm: ClaimMap) -> None:
    for quote in cm.quotes:
        assert cm.article.text[quote.content.start:quote.content.end] == quote.content.text


def test_types_ids_are_deterministic() -> None:
    assert make_id("quote", "a", 1, 2) == make_id("quote", "a", 1, 2)
    assert make_id("quote", "a", 1, 2) != make_id("quote", "a", 1, 3)


def test_types_from_dict_ignores_unknown_keys() -> None:
    span = from_dict(TextSpan, {"start": 0, "end": 1, "text": "x", "extra": True})
    assert span == TextSpan(0, 1, "x")


def _strict_rebuild(data: dict[str, object]) -> ClaimMap:
    return from_dict(ClaimMap, data, strict=True)


def test_types_from_dict_fast_path_equals_the_strict_path_on_golden_claimmaps() -> None:
    # The non-strict from_dict is built once per class (the Ray driver's decoder); the
    # strict one converts field by field from the type hints. Real ClaimMaps, every kind of
    # record in them, must come out the same either way, and round-trip exactly.
    from pathlib import Path

    golden = Path(__file__).parent / "golden"
    lines = [line for name in ("full.jsonl", "partial.jsonl")
             for line in (golden / name).read_text(encoding="utf-8").splitlines() if line]
    assert len(lines) > 50
    for line in lines:
        data = json.loads(line)
        fast = ClaimMap.from_dict(data)
        assert fast == _strict_rebuild(data)
        assert fast.to_json_line() == json.dumps(data, ensure_ascii=False,
                                                 separators=(",", ":"))


def test_types_from_dict_fast_path_keeps_none_and_ignores_unknown_keys() -> None:
    data = {"id": "a", "text": "Some text.", "title": None, "unknown_field": 1,
            "captions": [{"start": 0, "end": 4, "text": "Some"}]}
    article = from_dict(Article, data)
    assert article.title is None
    assert article.captions == (TextSpan(0, 4, "Some"),)
    assert isinstance(article.captions, tuple)
