"""Floors on our hand-annotated fictional news bodies (only go up): the share of
attributions found and speaker recall, on the dev bodies (tuned on), the test bodies (never
tuned on) and the short quotation cases. Scoring: claimmap.eval.attribution_news."""

from __future__ import annotations

from pathlib import Path

import pytest
from spacy.language import Language

from claimmap.eval.attribution_news import names_match, predict, read_news, score

pytestmark = pytest.mark.slow
DATA = Path(__file__).resolve().parent / "data"
# file -> (found share, speaker recall) floors, a little under the figures measured when set
# (measured 2026-12-03: dev 0.984 / 0.903, test 0.969 / 0.927, cases 1.000 / 0.952)
FLOORS = {"news_dev.txt": (0.97, 0.89), "news_test.txt": (0.96, 0.91),
          "quote_cases.txt": (0.95, 0.90)}


def test_news_bodies_are_in_shape() -> None:
    for name in ("news_dev.txt", "news_test.txt"):
        bodies = read_news(DATA / name)
        assert len(bodies) == 12
        assert all(240 <= body.words <= 530 for body in bodies), name
        assert sum(len(body.gold) for body in bodies) >= 170
    assert len(read_news(DATA / "quote_cases.txt")) >= 14


def test_news_names_match_rules() -> None:
    assert names_match("Talia Brooks", "Talia Brooks")
    assert names_match("Norrvik Lines", "Norrvik Lines")
    assert names_match("coast guard", "the coast guard")
    assert names_match("Dana Ruzic", "Ruzic")
    assert not names_match("Talia Brooks", "Samuel Brooks")
    assert not names_match("Norrvik Lines", None)


@pytest.mark.parametrize("name", sorted(FLOORS))
def test_news_bodies_floors(nlp: Language, name: str) -> None:
    result = score(predict(read_news(DATA / name), nlp=nlp))
    found_floor, speaker_floor = FLOORS[name]
    assert result.found_share >= found_floor, (name, result.to_dict(), result.misses)
    assert result.speaker_recall >= speaker_floor, (name, result.to_dict(), result.misses)
