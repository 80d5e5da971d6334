"""Headline stance of a body: the public ``stance(headline, body)`` and its Doc form."""

from __future__ import annotations

from collections.abc import Sequence

from claimmap.stance.model import Prediction, StanceModel, default_model
from claimmap.types import Stance, TextSpan


def stance(headline: str, body: str, *, model: StanceModel | None = None) -> Stance:
    """Whether ``body`` agrees with, disagrees with, discusses or is unrelated to ``headline``.

    Scores are probabilities over the four FNC-1 labels; ``evidence`` holds the body sentences
    closest to the headline, as offsets into ``body``.

    >>> stance("Ministry denies dam leak", "Officials said the dam was sound.").label in (
    ...     "agree", "disagree", "discuss", "unrelated")
    True
    """
    return stance_of_prediction(headline, body,
                                (model or default_model()).predict(headline, body))


def stance_of_prediction(headline: str, body: str, prediction: Prediction) -> Stance:
    """The Stance record of a model's ``prediction`` for ``headline`` and ``body``."""
    evidence = tuple(TextSpan.of(body, s, e) for s, e in prediction.evidence)
    return Stance(
        headline=headline,
        label=prediction.label,  # type: ignore[arg-type]
        scores=prediction.scores,
        evidence=evidence,
    )


def masked_body(text: str, skip: Sequence[Sequence[int]]) -> str:
    """``text`` with the ranges in ``skip`` (headline, captions) blanked out.

    Spaces keep every offset where it was, so evidence spans index the article text.
    """
    chars = list(text)
    for start, end in skip:
        for i in range(max(0, start), min(len(chars), end)):
            if chars[i] != "\n":
                chars[i] = " "
    return "".join(chars)


def stance_record(
    text: str,
    headline: str | None,
    skip: Sequence[Sequence[int]] = (),
    model: StanceModel | None = None,
) -> Stance | None:
    """The Stance of an article text toward its headline, or None without a headline."""
    if not headline or not headline.strip():
        return None
    body = masked_body(text, skip)
    if not body.strip():
        return None
    result = stance(headline, body, model=model)
    # Evidence texts must come from the real article text, not the masked copy.
    evidence = tuple(TextSpan.of(text, s.start, s.end) for s in result.evidence)
    return Stance(result.headline, result.label, result.scores, evidence)
