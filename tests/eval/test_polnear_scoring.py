"""Span scoring: exact and overlap matching, each gold span used once, content tokens."""

from __future__ import annotations

import pytest
from hypothesis import given
from hypothesis import strategies as st

from claimmap.eval.attribution import AttributionScores, quote_attribution
from claimmap.eval.polnear import PolnearAttribution
from claimmap.eval.scoring import PRF, Tokens, exact_matches, overlap_pairs, span_set, trim
from claimmap.types import Quote, Speaker, TextSpan

TEXT = "Ana Ruiz said the mill would close. Later she said that jobs would go, he added."


def _at(phrase: str, nth: int = 0) -> tuple[int, int]:
    start = -1
    for _ in range(nth + 1):
        start = TEXT.index(phrase, start + 1)
    return start, start + len(phrase)


def test_polnear_scoring_trim_whitespace_only() -> None:
    text = "  “Yes.”  "
    assert trim(text, (0, len(text))) == (2, 8)
    assert trim(text, (0, 2)) is None
    # Punctuation and quote marks stay: they are part of what exact measures.
    assert span_set(text, [(2, 8), (1, 9), (0, 2)]) == [(2, 8)]


def test_polnear_scoring_exact_uses_each_gold_once() -> None:
    gold = [(0, 8), (20, 30)]
    assert exact_matches([(0, 8), (0, 8), (20, 29)], gold) == 1
    assert exact_matches([(0, 8), (20, 30)], gold) == 2
    assert exact_matches([], gold) == 0


def test_polnear_scoring_overlap_one_to_one() -> None:
    # One long prediction over two gold spans counts once.
    assert overlap_pairs([(0, 30)], [(0, 10), (12, 30)]) == [(0, 1)]
    # Touching is not overlapping (end is exclusive).
    assert overlap_pairs([(0, 10)], [(10, 20)]) == []


def test_polnear_scoring_overlap_prefers_largest_overlap() -> None:
    pred = [(0, 10), (8, 20)]
    gold = [(0, 9), (9, 20)]
    assert sorted(overlap_pairs(pred, gold)) == [(0, 0), (1, 1)]
    # The larger overlap wins the shared gold span; the other prediction goes unmatched.
    assert overlap_pairs([(0, 4), (0, 9)], [(0, 10)]) == [(1, 0)]


@given(pred=st.lists(st.tuples(st.integers(0, 50), st.integers(1, 20))
                     .map(lambda p: (p[0], p[0] + p[1])), max_size=8),
       gold=st.lists(st.tuples(st.integers(0, 50), st.integers(1, 20))
                     .map(lambda p: (p[0], p[0] + p[1])), max_size=8))
def test_polnear_scoring_overlap_pairs_are_a_matching(pred: list[tuple[int, int]],
                                                      gold: list[tuple[int, int]]) -> None:
    pairs = overlap_pairs(pred, gold)
    assert len({i for i, _ in pairs}) == len(pairs) == len({j for _, j in pairs})
    for i, j in pairs:
        assert min(pred[i][1], gold[j][1]) > max(pred[i][0], gold[j][0])
    assert exact_matches(pred, gold) <= len(pairs) <= min(len(pred), len(gold))


def test_polnear_scoring_prf() -> None:
    prf = PRF()
    assert (prf.precision, prf.recall, prf.f1) == (0.0, 0.0, 0.0)
    prf.add(3, 4, 6)
    prf.add(1, 1, 2)
    assert prf.precision == pytest.approx(0.8)
    assert prf.recall == pytest.approx(0.5)
    assert prf.f1 == pytest.approx(2 * 0.8 * 0.5 / 1.3)


def test_polnear_scoring_tokens() -> None:
    tokens = Tokens("He said: “Go home.”")
    # Words and punctuation marks are tokens; a token counts when a span overlaps it.
    assert tokens.covered([(9, 19)]) == {3, 4, 5, 6, 7}
    assert tokens.covered([(10, 11)]) == {4}
    assert tokens.covered([]) == set()


def test_polnear_scoring_article_scores() -> None:
    gold = [
        PolnearAttribution("E1", source=(_at("Ana Ruiz"),), cue=(_at("said"),),
                           content=(_at("the mill would close"),)),
        PolnearAttribution("E2", source=(_at("she"),), cue=(_at("said", 1),),
                           content=(_at("that jobs would go"),)),
    ]
    pred = [
        # Exact on every role.
        PolnearAttribution("Q1", source=(_at("Ana Ruiz"),), cue=(_at("said"),),
                           content=(_at("the mill would close"),)),
        # Content overlaps but is too long; source missed.
        PolnearAttribution("Q2", cue=(_at("said", 1),),
                           content=(_at("that jobs would go, he added."),), no_source=True),
        # A cue with nothing gold there.
        PolnearAttribution("Q3", cue=(_at("added"),), content=(_at("Later"),)),
    ]
    scores = AttributionScores()
    scores.add(TEXT, gold, pred)
    assert (scores.exact["content"].tp, scores.exact["content"].n_pred,
            scores.exact["content"].n_gold) == (1, 3, 2)
    assert scores.overlap["content"].tp == 2
    assert (scores.exact["source"].tp, scores.exact["source"].n_pred) == (1, 1)
    assert scores.exact["source"].recall == 0.5
    assert scores.exact["cue"].tp == 2 and scores.exact["cue"].precision == pytest.approx(2 / 3)
    tokens = scores.content_tokens
    # Gold: 4 + 4 tokens. Predicted: 4 + 8 ("that jobs would go , he added .") + 1 ("Later").
    assert (tokens.tp, tokens.n_pred, tokens.n_gold) == (8, 13, 8)
    assert scores.to_dict()["roles"]["cue"]["exact"]["n_gold"] == 2


def test_polnear_scoring_perfect_prediction_with_fragments() -> None:
    # A discontinuous gold content is scored as its covering range.
    gold = [PolnearAttribution("E1", source=(_at("Ana Ruiz"),), cue=(_at("said"),),
                               content=(_at("the mill"), _at("would close")))]
    pred = [PolnearAttribution("Q1", source=(_at("Ana Ruiz"),), cue=(_at("said"),),
                               content=(_at("the mill would close"),))]
    scores = AttributionScores()
    scores.add(TEXT, gold, pred)
    for role in ("content", "source", "cue"):
        assert scores.exact[role].f1 == 1.0
    assert scores.content_tokens.f1 == 1.0


def test_polnear_scoring_shared_source_counts_once() -> None:
    gold = [PolnearAttribution("E1", source=(_at("Ana Ruiz"),), cue=(_at("said"),)),
            PolnearAttribution("E2", source=(_at("Ana Ruiz"),), cue=(_at("said", 1),))]
    pred = [PolnearAttribution("Q1", source=(_at("Ana Ruiz"),), cue=(_at("said"),))]
    scores = AttributionScores()
    scores.add(TEXT, gold, pred)
    assert (scores.exact["source"].tp, scores.exact["source"].n_gold) == (1, 1)


def test_polnear_scoring_quote_roles() -> None:
    content = TextSpan.of(TEXT, *_at("the mill would close"))
    quote = Quote("q_1", "indirect", content, TextSpan.of(TEXT, *_at("said")), "say",
                  Speaker("a_1", TextSpan.of(TEXT, *_at("Ana Ruiz"))))
    attribution = quote_attribution(quote)
    assert (attribution.source, attribution.cue, attribution.content) == (
        (_at("Ana Ruiz"),), (_at("said"),), (_at("the mill would close"),))
    unattributed = quote_attribution(Quote("q_2", "direct", content, None, "other",
                                           Speaker(None, None)))
    assert unattributed.no_source and unattributed.source == () and unattributed.cue == ()


def _quote(text: str, qid: str, content: str, cue: str | None, speaker: str | None,
           actor: str | None) -> Quote:
    def at(phrase: str, k: int = 0) -> TextSpan:
        start = -1
        for _ in range(k + 1):
            start = text.index(phrase, start + 1)
        return TextSpan.of(text, start, start + len(phrase))

    return Quote(qid, "direct", at(content), at(cue) if cue else None, "say",
                 Speaker(actor, at(speaker) if speaker else None))


def test_polnear_scoring_halves_of_one_utterance_are_one_attribution() -> None:
    from claimmap.eval.attribution import quotes_as_attributions

    text = ("“We will rebuild,” Mayor Ines Vela said, “and we will do it this year.” "
            "“It will cost money,” Vela added. “Nobody will be left behind.”")
    first = _quote(text, "q1", "“We will rebuild,”", "said", "Mayor Ines Vela", "a1")
    second = _quote(text, "q2", "“and we will do it this year.”", "said", "Mayor Ines Vela",
                    "a1")
    third = _quote(text, "q3", "“It will cost money,”", "added", "Vela", "a1")
    fourth = _quote(text, "q4", "“Nobody will be left behind.”", None, "Vela", "a1")
    found = quotes_as_attributions(text, (fourth, third, second, first))
    # A quote split by its own cue is one PolNeAR content of two fragments; "she added"
    # opens an attribution of its own, and its uncued continuation joins it.
    assert [len(a.content) for a in found] == [2, 2]
    assert found[0].content == ((first.content.start, first.content.end),
                                (second.content.start, second.content.end))
    assert third.cue is not None and found[1].cue == ((third.cue.start, third.cue.end),)
