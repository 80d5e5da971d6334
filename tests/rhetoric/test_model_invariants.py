"""The shipped model on any text: valid offsets, known labels, scores in 0..1."""

from __future__ import annotations

import numpy as np
from hypothesis import given, settings
from hypothesis import strategies as st

from claimmap.rhetoric.component import find_techniques
from claimmap.rhetoric.features import N_COLUMNS, hash_features
from claimmap.rhetoric.linear import pack, unpack
from claimmap.rhetoric.model import load_model
from claimmap.rhetoric.text import TECHNIQUES

WORDS = st.sampled_from(["The", "corrupt", "mayor", "lied", "again", "!", "?", "“", "”",
                         "Why", "should", "we", "trust", "traitors", ".", "\n", "U.S.",
                         "great", "nation", "never", "surrender"])


@settings(max_examples=40, deadline=None)
@given(st.one_of(st.text(max_size=200), st.lists(WORDS, max_size=60).map(" ".join)))
def test_model_offsets_and_labels_for_any_text(text: str) -> None:
    for start, end, technique, score in find_techniques(text, load_model()):
        assert 0 <= start < end <= len(text)
        assert technique in TECHNIQUES
        assert 0.0 <= score <= 1.0


def test_model_hashed_linear_round_trip() -> None:
    rng = np.random.default_rng(3)
    coef = np.zeros((3, N_COLUMNS), dtype=np.float32)
    rows = [hash_features(["w=loaded", "b"]), hash_features(["w=calm"]), []]
    for row in rows:
        coef[:, row] = rng.normal(size=(3, len(row)))
    model = unpack(pack(coef, np.array([0.1, -0.2, 0.0]), "m"), "m")
    logits = model.logits(rows)
    expected = np.stack([coef[:, r].sum(axis=1) for r in rows]) + np.array([0.1, -0.2, 0.0])
    np.testing.assert_allclose(logits, expected, atol=1e-2)
    probs = model.probabilities(rows)
    np.testing.assert_allclose(probs.sum(axis=1), 1.0, atol=1e-5)


def test_model_speaks_on_loaded_text_and_stays_quiet_on_plain_text() -> None:
    model = load_model()
    loaded = ("These treacherous, corrupt globalist puppets are destroying our once great "
              "nation, and only cowards would stay silent!")
    plain = "The council meets on Tuesday at ten in the town hall."
    assert find_techniques(loaded, model)
    assert not find_techniques(plain, model)


def test_model_same_techniques_from_concurrent_threads() -> None:
    # The server analyses on a thread pool; crfsuite taggers keep state, so each thread
    # must get its own and the answers must not depend on who ran when.
    from concurrent.futures import ThreadPoolExecutor

    texts = [
        "The corrupt mayor lied again! Why should we trust these traitors?",
        "The council met on Tuesday and approved the budget for the harbour.",
        "Never surrender to the cowardly thugs who want to destroy our great nation.",
    ] * 4
    model = load_model()
    expected = [find_techniques(text, model) for text in texts]
    with ThreadPoolExecutor(max_workers=4) as pool:
        got = list(pool.map(lambda text: find_techniques(text, model), texts))
    assert got == expected
    assert any(expected)  # the texts do carry techniques: the comparison is not vacuous


def test_model_flagged_questions_keep_their_asking_words() -> None:
    # Trimming a flagged sentence to its likely tokens would cut "Is it", the words that
    # make a rhetorical question; statements are still trimmed.
    from claimmap.rhetoric.context import ArticleContext
    from claimmap.rhetoric.model import Scored, SiParams

    text = "Is it a clever trick? They call it a clever trick."
    ctx = ArticleContext.of(text)
    assert [len(t) for t in ctx.tokens] == [6, 7]
    likely_middle = [0.0, 0.0, 0.0, 0.9, 0.9, 0.0]
    scored = Scored([0.9, 0.9], [likely_middle, [0.0, 0.0, 0.0, 0.0, 0.9, 0.9, 0.0]],
                    [0.9, 0.9])
    si = SiParams(token_threshold=0.95, sentence_threshold=0.5, max_gap=0,
                  trim_threshold=0.5)
    spans = [text[s:e] for s, e, _ in load_model().find_spans(ctx, si, scored)]
    assert spans == ["Is it a clever trick?", "clever trick"]


def test_model_peak_words_respect_the_frequency_band_limit() -> None:
    from claimmap.rhetoric.context import ArticleContext
    from claimmap.rhetoric.model import PeakParams, Scored

    model = load_model()
    assert model.rarity is not None
    text = "These vile, treacherous cowards betray the great people every single day."
    ctx = ArticleContext.of(text, [(t.start, "ADJ") for t in ArticleContext.of(text).tokens[0]])
    toks = ctx.tokens[0]
    scored = Scored([0.9], [[0.9] * len(toks)], [0.9])
    spans = [(toks[0].start, toks[-1].end, 0.9)]
    every = model.peak_words(ctx, spans, scored, PeakParams(0.0, 0.0, 5))
    rare = model.peak_words(ctx, spans, scored, PeakParams(0.0, 0.0, 2))
    bands = {text[s:e]: model.rarity.band(text[s:e]) for s, e, _, _ in every}
    assert any(b > 2 for b in bands.values())  # a common word such as "great" or "people"
    assert rare and {text[s:e] for s, e, _, _ in rare} == {w for w, b in bands.items() if b <= 2}
