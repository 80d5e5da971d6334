"""From the CRF's scores to tags: Viterbi, and a second look at sentences it leaves without
a cue, where the per-token marginals may still favour one."""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from typing import Any

import numpy as np
import numpy.typing as npt
from spacy.tokens import Span

TagSpan = tuple[str, int, int]  # role, first token index, last token index + 1 (doc indices)

# A sentence Viterbi tags without a cue is decoded again token by token from the marginals,
# with the "O" label's probability scaled by this: PolNeAR attributes far more than the
# tagger dares (recall 0.73 against precision 0.80 on the tuning split); 0.2 was chosen
# there (training/tune_attribution.py --errors: 0.2, 0.3, 0.45 and 1.0 tried).
O_WEIGHT = 0.2
MIN_CONTENT = 3  # tokens: "the" or "the ban" alone is no content


def tags_to_bio(roles: list[str]) -> list[str]:
    """["O","CON","CON"] -> ["O","B-CON","I-CON"]."""
    out = []
    previous = "O"
    for role in roles:
        if role == "O":
            out.append("O")
        else:
            out.append(("I-" if previous == role else "B-") + role)
        previous = role
    return out


def bio_spans(sent: Span, tags: list[str]) -> list[TagSpan]:
    spans: list[TagSpan] = []
    current: list[int] | None = None
    role = ""
    for offset, tag in enumerate(tags):
        i = sent.start + offset
        if tag == "O":
            if current:
                spans.append((role, current[0], current[1]))
            current = None
            continue
        kind, _, tag_role = tag.partition("-")
        if current and tag_role == role and kind == "I":
            current[1] = i + 1
        else:
            if current:
                spans.append((role, current[0], current[1]))
            current, role = [i, i + 1], tag_role
    if current:
        spans.append((role, current[0], current[1]))
    return spans


def wants_second_look(tags: Sequence[str], feats: Sequence[Mapping[str, float | str]],
                      o_weight: float | None = None) -> bool:
    """Does ``decode`` read the marginals of this sentence: neither Viterbi nor the rules
    found a cue in it?"""
    o_weight = O_WEIGHT if o_weight is None else o_weight
    return not (o_weight >= 1.0 or any(t.endswith("CUE") for t in tags) or any(
        f.get("rule") == "CUE" for f in feats))


def decode(tagger: Any, feats: Sequence[Mapping[str, float | str]], o_weight: float | None = None
           ) -> list[str]:
    """BIO tags of one sentence, from a tagger with crfsuite's ``tag``, ``labels`` and
    ``marginal``: Viterbi's, unless neither it nor the rules found a cue and the
    O-discounted marginals give both a cue and a content."""
    tags: list[str] = tagger.tag(feats)
    if not wants_second_look(tags, feats, o_weight):
        return tags  # a cue Viterbi or the rules found: their reading stands
    labels = tagger.labels()
    marginals = np.array([[tagger.marginal(label, i) for label in labels]
                          for i in range(len(tags))]).reshape(len(tags), len(labels))
    return second_look(tags, labels, marginals, o_weight)


def second_look(tags: list[str], labels: Sequence[str], marginals: npt.NDArray[np.float64],
                o_weight: float | None = None) -> list[str]:
    """The tags read again from the marginals [token, label]: each token takes the role
    whose labels' probabilities add up to most, "O" scaled by ``o_weight``; kept only when
    that gives a cue and a content."""
    o_weight = O_WEIGHT if o_weight is None else o_weight
    roles = list(dict.fromkeys("O" if label == "O" else label[2:] for label in labels))
    # Each role's mass summed from zero in label order, then the first of equal maxima:
    # exactly the floats and the choice of a dict summed label by label and max() over it.
    mass = np.zeros((marginals.shape[0], len(roles)))
    for k, label in enumerate(labels):
        column = roles.index("O" if label == "O" else label[2:])
        mass[:, column] += marginals[:, k]
    mass[:, roles.index("O")] *= o_weight
    chosen = [roles[k] for k in mass.argmax(axis=1).tolist()]
    if "CUE" in chosen and chosen.count("CON") >= MIN_CONTENT:
        return tags_to_bio(chosen)
    return tags
