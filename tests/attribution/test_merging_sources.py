"""A source the tagger put inside a content is a word of what was said, not who said it."""

from __future__ import annotations

from claimmap.attribution.merging import _sources_outside
from claimmap.attribution.raw import RawAttribution

TEXT = 'Ray stressed that "the way ahead is talks," suggesting that a deal is near.'


def _at(word: str) -> tuple[int, int]:
    start = TEXT.index(word)
    return start, start + len(word)


def test_merging_sources_outside_drops_a_source_inside_another_content() -> None:
    stressed = RawAttribution(content=(_at("that")[0], _at('talks,"')[1]),
                              cue=_at("stressed"), cue_class="say", source=_at("Ray"),
                              source_head=0)
    suggesting = RawAttribution(content=(_at("that a")[0], len(TEXT) - 1),
                                cue=_at("suggesting"), cue_class="say",
                                source=_at("the way ahead"), source_head=5)
    out = _sources_outside([stressed, suggesting])
    assert out[0] == stressed
    assert out[1].source is None and out[1].source_head is None


def test_merging_sources_outside_keeps_a_source_beside_its_content() -> None:
    stressed = RawAttribution(content=(_at("that")[0], len(TEXT) - 1), cue=_at("stressed"),
                              cue_class="say", source=_at("Ray"), source_head=0)
    assert _sources_outside([stressed]) == [stressed]
