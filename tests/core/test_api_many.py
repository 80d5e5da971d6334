"""analyze_many in this process and in forked workers: the same ClaimMaps, the same errors."""

from __future__ import annotations

import pytest
from spacy.language import Language

from claimmap.api import analyze, analyze_batch, analyze_many
from claimmap.errors import EmptyInputError, InputError
from claimmap.types import Article, ClaimMap

TEXTS = [
    "Bridge Tolls Rise\n\nThe council said tolls would rise by 12 percent in May. "
    "\u201cWe had no choice,\u201d said treasurer Mia Holt.\n",
    "Clinic Hours Cut\n\nThe health board denied that the clinic would close. Nurses "
    "accused the board of hiding the budget.\n",
    "Ferry Timetable Changes\n\nThe operator claimed the new timetable saves 40 minutes a "
    "day, but commuters disputed the figure.\n",
    "School Roof Repaired\n\nWorkers finished the roof on Friday, the head teacher said.\n",
]
# Fails in analysis, not in reading: a long run of symbols is refused before the parse.
NOT_PROSE = Article(id="symbols", text="Heading\n\n" + "#%" * 400 + "\n")


def _dicts(maps: list[ClaimMap]) -> list[dict[str, object]]:
    return [cm.to_dict() for cm in maps]


@pytest.mark.slow
@pytest.mark.parametrize("n_process", [1, 2])
def test_api_many_gives_what_analyze_gives_one_by_one(nlp: Language, n_process: int) -> None:
    alone = [analyze(text, nlp=nlp) for text in TEXTS]
    many = list(analyze_many(TEXTS, nlp=nlp, n_process=n_process, batch_size=1))
    assert _dicts(many) == _dicts(alone)


@pytest.mark.slow
@pytest.mark.parametrize("n_process", [1, 2])
@pytest.mark.parametrize(("bad", "error"), [("   \n", EmptyInputError), (NOT_PROSE, InputError)])
def test_api_many_a_bad_article_raises_after_the_maps_before_it(
        nlp: Language, n_process: int, bad: str | Article, error: type[Exception]) -> None:
    items: list[str | Article] = [TEXTS[0], TEXTS[1], bad, TEXTS[2]]
    stream = analyze_many(items, nlp=nlp, n_process=n_process, batch_size=2)
    got = [next(stream), next(stream)]
    with pytest.raises(error) as raised:
        next(stream)
    assert _dicts(got) == _dicts([analyze(t, nlp=nlp) for t in TEXTS[:2]])
    if isinstance(bad, Article):
        assert "not prose" in str(raised.value)


@pytest.mark.slow
def test_api_many_a_batch_keeps_the_maps_beside_a_bad_article(nlp: Language) -> None:
    results = analyze_batch([Article(id="a", text=TEXTS[3]), NOT_PROSE,
                             Article(id="b", text=TEXTS[1])], nlp=nlp)
    assert isinstance(results[1], InputError)
    assert [r.article.id for r in results if isinstance(r, ClaimMap)] == ["a", "b"]
