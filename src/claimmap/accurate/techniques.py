"""Which technique a span shows, under the accurate profile.

The fast technique model's inputs (hashed span features, the span's mean word vector) beside
the tracking embedder's MiniLM vectors of the span's text and of its sentence, in one
logistic regression fitted on the PTC train+dev articles (``training/accurate_tc_minilm.py``;
the vectors' weight chosen by cross-validation over those articles). The embedder is frozen
MiniLM, the one claim tracking uses, so no second transformer loads for it. Without the
file (or with ``uses.tc_minilm`` off) the fast model's probabilities stand, with the
profile's ``tc_fast_shift``.
"""

from __future__ import annotations

import functools
from collections.abc import Sequence
from typing import TYPE_CHECKING, Any

import numpy as np

from claimmap.errors import ModelError
from claimmap.rhetoric.linear import HashedLinear, softmax

if TYPE_CHECKING:
    from claimmap.accurate.runtime import AccurateModel
    from claimmap.rhetoric.context import ArticleContext
    from claimmap.rhetoric.model import RhetoricModel

TC_FILE = "tc_minilm.npz"
Array = np.ndarray[Any, Any]


class MinilmTechniqueModel:
    def __init__(self, arrays: dict[str, Array]) -> None:
        values = (np.asarray(arrays["technique_q8"], np.float32)
                  * np.asarray(arrays["technique_scale"], np.float32))
        self.hashed = HashedLinear(np.asarray(arrays["technique_columns"]), values,
                                   np.asarray(arrays["technique_bias"], np.float32))
        self.word_dense = np.asarray(arrays["technique_dense"], np.float32)
        self.minilm_dense = np.asarray(arrays["minilm_dense"], np.float32)

    def logits(self, ctx: ArticleContext, spans: Sequence[tuple[int, int]],
               rhetoric: RhetoricModel) -> Array:
        from claimmap.embed import load_encoder
        from claimmap.rhetoric.model import technique_inputs

        rows, inner = technique_inputs(ctx, spans)
        z = self.hashed.logits(rows)
        if not rows:
            return z
        z = z + rhetoric.span_vectors(inner) @ self.word_dense
        span_texts = [ctx.text[s:e] for s, e in spans]
        sentences = []
        for start, end in spans:
            (a, b), _ = ctx.window(start, end)
            sentences.append(ctx.text[a:b])
        # One encoder call for every distinct text (a sentence with three spans is one).
        distinct = list(dict.fromkeys(span_texts + sentences))
        vectors = dict(zip(distinct, load_encoder().encode(distinct), strict=True))
        dense = np.hstack([np.stack([vectors[t] for t in span_texts]),
                           np.stack([vectors[t] for t in sentences])])
        out: Array = z + dense @ self.minilm_dense
        return out


@functools.lru_cache(maxsize=1)
def load_technique_model() -> MinilmTechniqueModel | None:
    """The shipped model, or None when the package carries no such file."""
    from claimmap.accurate.runtime import DATA

    path = DATA / TC_FILE
    if not path.exists():
        return None
    try:
        with np.load(path) as npz:
            return MinilmTechniqueModel({k: npz[k] for k in npz.files})
    except (OSError, ValueError, KeyError) as err:
        raise ModelError(f"cannot load the accurate technique model {path}: {err}") from None


def technique_probabilities(model: AccurateModel, ctx: ArticleContext,
                            spans: Sequence[tuple[int, int]], rhetoric: RhetoricModel
                            ) -> Array:
    """Technique probabilities of ``spans`` in ``rhetoric.labels`` order: the MiniLM
    technique model's where it is in use, else the fast model's with the profile's shifts."""
    from claimmap.accurate.runtime import shift_fast_techniques

    minilm = load_technique_model() if model.uses("tc_minilm") else None
    if minilm is None:
        return shift_fast_techniques(model, rhetoric.classify(ctx, list(spans)),
                                     rhetoric.labels)
    out: Array = softmax(minilm.logits(ctx, spans, rhetoric))
    return out
