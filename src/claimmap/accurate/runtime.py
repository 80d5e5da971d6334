"""The accurate profile's model at run time: the fine-tuned MiniLM-L6 encoder (ONNX, int8, run
by onnxruntime), the tracking embedder's int8 word-embedding table and word pieces
(shared: fine-tuning left them as MiniLM's) and four linear heads (numpy).

Loaded once per process, and only when a caller asks for the accurate profile: the default
fast profile never imports this module's dependencies.
"""

from __future__ import annotations

import bisect
import functools
import json
import os
from collections import Counter
from collections.abc import Mapping, Sequence
from pathlib import Path
from typing import Any

import numpy as np
import numpy.typing as npt

from claimmap.accurate.text import (
    WORD,
    Piece,
    encode_lines,
    runs_to_spans,
    segments,
    stance_piece,
    tc_features,
    tc_piece,
)
from claimmap.embed.encoder import graph_inputs, load_tokenizer_json, load_word_table
from claimmap.embed.kernels import file_session
from claimmap.errors import ModelError

DATA = Path(__file__).resolve().parent / "data"
ENCODER_FILE = "encoder.int8.onnx"
Array = npt.NDArray[np.float32]
BATCH = 32
# A batch is padded to its longest input; past this share of padding the next (longer) input
# starts a new batch. The encoder's products cost the same per piece, padded or not, and on
# machines without int8 dot-product instructions they are most of the profile's time.
MAX_PADDING = 0.15
Encoded = tuple[Sequence[Piece], Sequence[Array]]


def _softmax(z: Array) -> Array:
    e = np.exp(z - z.max(-1, keepdims=True))
    out: Array = e / e.sum(-1, keepdims=True)
    return out


class AccurateModel:
    def __init__(self, directory: Path = DATA, encoder_file: str = ENCODER_FILE,
                 threads: int = 1) -> None:
        try:
            import onnxruntime  # type: ignore[import-untyped]  # noqa: F401 (a clear error)
            from tokenizers import Tokenizer
        except ImportError as err:
            raise ModelError(f"the accurate profile needs onnxruntime and tokenizers ({err}); "
                             "pip install 'claimmap[accurate]'") from None
        try:
            self.params: dict[str, Any] = json.loads(
                (directory / "accurate.json").read_text(encoding="utf-8"))
            arrays = np.load(directory / "accurate_heads.npz")
            # The word pieces and their table are the tracking embedder's: this encoder was
            # fine-tuned with the table frozen, so one copy ships.
            self.tokenizer = Tokenizer.from_str(load_tokenizer_json())
            self.words_q, self.words_scale = load_word_table()
            self.session = file_session(directory / encoder_file, threads=threads)
        except (OSError, ValueError, RuntimeError) as err:
            raise ModelError(f"cannot load the accurate profile's model: {err}") from None
        self.tokenizer.no_padding()
        self.tokenizer.no_truncation()
        self.heads = {k: arrays[k].astype(np.float32) for k in arrays.files}

    def uses(self, head: str) -> bool:
        """Whether the profile uses this head (cw, si, tc, stance): export keeps a head only
        when it beat the fast model on dev; otherwise the fast stage's answer stands."""
        return bool(self.params.get("uses", {}).get(head, True))

    # ---- encoder

    def hidden(self, pieces: Sequence[Piece]) -> list[Array]:
        """Last-layer states of each input, (pieces, 384), batched by length."""
        out: list[Array] = [np.zeros((0, 384), np.float32)] * len(pieces)
        for rows in length_batches([len(p.ids) for p in pieces]):
            feeds = graph_inputs((self.words_q, self.words_scale),
                                 [pieces[i].ids for i in rows], [pieces[i].types for i in rows])
            (states,) = self.session.run(None, feeds)
            for r, i in enumerate(rows):
                out[i] = states[r, :len(pieces[i].ids)]
        return out

    def _head(self, name: str, x: Array) -> Array:
        out: Array = x @ self.heads[f"{name}_w"].T + self.heads[f"{name}_b"]
        return out

    # ---- heads

    def encode(self, text: str, sentences: Sequence[tuple[int, int]] = ()) -> Encoded:
        """The article's one encoder pass, shared by the SI, TC and check-worthiness heads:
        every line, cut at the edges of ``sentences`` (the claims) so that each claim
        sentence is an input of its own, exactly as the check-worthiness head was trained,
        and the SI head reads sentence-sized inputs as it did in training (PTC's lines)."""
        pieces = encode_lines(self.tokenizer, text, segments(text, sentences))
        return pieces, self.hidden(pieces)

    def checkworthiness(self, texts: Sequence[str]) -> Array:
        """P(CFS), P(UFS), P(NFS) per sentence, each read on its own."""
        if not texts:
            return np.zeros((0, 3), np.float32)
        pieces = []
        sep = int(self.tokenizer.token_to_id("[SEP]") or 102)
        for enc in self.tokenizer.encode_batch(list(texts)):
            ids = list(enc.ids)
            if len(ids) > 128:
                ids = [*ids[:127], sep]
            pieces.append(Piece(tuple(ids), ()))
        pooled = np.stack([h.mean(0) for h in self.hidden(pieces)])
        return _softmax(self._head("cw", pooled))

    def checkworthiness_in(self, text: str, sentences: Sequence[tuple[int, int]],
                           encoded: Encoded | None = None) -> Array:
        """:meth:`checkworthiness` of each sentence span of ``text``, read from the article's
        pass (``encoded``, from :meth:`encode` with these sentences) when it holds the
        sentence as inputs of its own; a sentence it does not hold is encoded alone."""
        if not sentences:
            return np.zeros((0, 3), np.float32)
        pieces, states = encoded if encoded is not None else self.encode(text, sentences)
        pooled, found = own_inputs(sentences, pieces, states)
        missing = [i for i, ok in enumerate(found) if not ok]
        if missing:
            alone = self.checkworthiness([text[sentences[i][0]:sentences[i][1]]
                                          for i in missing])
        out = _softmax(self._head("cw", pooled))
        if missing:
            out[missing] = alone
        return out

    def cw_label(self, probs: Array) -> str:
        if probs[0] >= float(self.params["cw_threshold"]):
            return "CFS"
        return "UFS" if probs[1] >= probs[2] else "NFS"

    def span_probabilities(self, text: str) -> tuple[list[Piece], list[Array]]:
        pieces = encode_lines(self.tokenizer, text)
        states = self.hidden(pieces)
        return pieces, [_softmax(self._head("si", h))[:, 1] for h in states]

    def find_spans(self, text: str, threshold: float | None = None
                   ) -> list[tuple[int, int, float]]:
        """Propaganda spans (start, end, mean inside probability) in text order."""
        return self.read(text, threshold)[0]

    def read(self, text: str, threshold: float | None = None,
             encoded: Encoded | None = None,
             fast: tuple[Sequence[Sequence[float]], Sequence[Sequence[Any]]] | None = None,
             second: Sequence[Sequence[float]] | None = None
             ) -> tuple[list[tuple[int, int, float]], Sequence[Piece], Sequence[Array]]:
        """SI spans, and the encoded lines they came from (for :meth:`techniques`).

        ``fast``: the fast tagger's token marginals and tokens per sentence; when given and
        the blend is on (``uses.si_blend``), each piece's P(inside) is averaged with the fast
        one (``si_blend``, chosen on dev by training/accurate_si_blend.py) before decoding.
        ``second``: the second CRF tagger's marginals on the same tokens
        (claimmap.accurate.tagger), averaged in with ``si_blend.second_weight``."""
        cut = float(self.params["si_threshold"]) if threshold is None else threshold
        gap = int(self.params.get("si_gap", 1))
        min_words = int(self.params.get("si_min_words", 1))
        pieces, states = encoded if encoded is not None else self.encode(text)
        probs = self.si_probabilities(states)
        if fast is not None and self.blends_si():
            blend = self.params["si_blend"]
            weight = float(blend["fast_weight"])
            other = fast_piece_probabilities(fast[0], fast[1], pieces, probs)
            if second is not None and self.blends_second():
                share = float(blend["second_weight"])
                third = fast_piece_probabilities(second, fast[1], pieces, probs)
                probs = [((1.0 - weight - share) * m + weight * f + share * t
                          ).astype(np.float32)
                         for m, f, t in zip(probs, other, third, strict=True)]
            else:
                probs = [((1.0 - weight) * m + weight * f).astype(np.float32)
                         for m, f in zip(probs, other, strict=True)]
            cut = float(blend["threshold"]) if threshold is None else threshold
            gap, min_words = int(blend["gap"]), int(blend["min_words"])
        return spans_from(text, pieces, probs, cut, gap, min_words), pieces, states

    def blends_si(self) -> bool:
        """Whether SI averages the MiniLM head with the fast tagger (off unless chosen)."""
        return "si_blend" in self.params and bool(
            self.params.get("uses", {}).get("si_blend", False))

    def blends_second(self) -> bool:
        """Whether the SI blend also averages in the second CRF tagger."""
        return self.blends_si() and float(self.params["si_blend"].get("second_weight", 0.0)) > 0

    def si_probabilities(self, states: Sequence[Array]) -> list[Array]:
        """The SI head's P(inside) of every piece of each encoded input."""
        return [_softmax(self._head("si", h))[:, 1] for h in states]

    def techniques(self, text: str, spans: Sequence[tuple[int, int]],
                   encoded: Encoded | None = None) -> Array:
        """Technique probabilities (len(spans), 14), labels in ``self.params['tc_labels']``.

        ``encoded`` (lines and their states from :meth:`read`) saves a second encoder pass
        for every span that lies within one encoded line: the training input of a span was
        its line, so the line's states are the same input."""
        if not spans:
            return np.zeros((0, len(self.params["tc_labels"])), np.float32)
        counts = Counter(w.lower() for w in WORD.findall(text))
        rows: list[Array | None] = [None] * len(spans)
        pending: list[int] = []
        pieces, masks = [], []
        for i, (start, end) in enumerate(spans):
            found = _holding_piece(encoded, start, end) if encoded else None
            if found is not None:
                piece, state = found
                mask = np.array([1.0 if s != e and s < end and e > start else 0.0
                                 for s, e in piece.offsets], np.float32)
                rows[i] = _tc_row(state, mask, tc_features(text, start, end, counts))
                continue
            piece, mask_list = tc_piece(self.tokenizer, text, start, end)
            pending.append(i)
            pieces.append(piece)
            masks.append(np.array(mask_list, np.float32))
        for i, h, m in zip(pending, self.hidden(pieces), masks, strict=True):
            rows[i] = _tc_row(h, m, tc_features(text, spans[i][0], spans[i][1], counts))
        z = self._head("tc", np.stack([r for r in rows if r is not None])) + np.array(
            self.params.get("tc_bias", [0.0] * len(self.params["tc_labels"])), np.float32)
        return _softmax(z)

    def stance(self, headline: str, body: str) -> Array:
        """P(agree), P(disagree), P(discuss) for a related headline and body."""
        (h,) = self.hidden([stance_piece(self.tokenizer, headline, body)])
        probs: Array = _softmax(self._head("stance", h.mean(0)[None]))[0]
        return probs

    def stance_label(self, probs: Array, fast: Sequence[float] | None = None) -> str:
        """The related pair's label from the head's probabilities, blended (``stance_blend``,
        the head's weight, chosen on pairs neither model trained on) with the fast model's
        agree / disagree / discuss probabilities when given."""
        bias = np.array(self.params.get("stance_bias", [0.0, 0.0, 0.0]), np.float32)
        labels: list[str] = self.params["stance_labels"]
        z = np.log(probs + 1e-9)
        weight = float(self.params.get("stance_blend", 1.0))
        if fast is not None and weight < 1.0:
            other = np.asarray(fast, np.float32)
            other = other / max(float(other.sum()), 1e-9)
            z = weight * z + (1.0 - weight) * np.log(other + 1e-9)
        return labels[int(np.argmax(z + bias))]


def blend_techniques(model: AccurateModel, fast: Array, fast_labels: Sequence[str],
                     minilm: Array) -> Array:
    """Technique probabilities in ``fast_labels`` order: ``log p_fast + w * log p_minilm``
    renormalised, ``w`` = ``tc_blend`` (chosen on dev by training/accurate_tc_blend.py)."""
    if not len(fast):
        return fast
    order = [model.params["tc_labels"].index(label) for label in fast_labels]
    weight = float(model.params.get("tc_blend", 1.0))
    z = np.log(np.asarray(fast, np.float64) + 1e-9) + weight * np.log(
        np.asarray(minilm, np.float64)[:, order] + 1e-9)
    return _softmax(z.astype(np.float32))


def shift_fast_techniques(model: AccurateModel, fast: Array, fast_labels: Sequence[str]
                          ) -> Array:
    """The fast technique probabilities with the accurate profile's own log shifts
    (``tc_fast_shift``: technique -> shift, chosen by cross-validation in
    training/tc_cv.py) added, renormalised; unchanged when there are none."""
    shift = model.params.get("tc_fast_shift")
    if not shift or not len(fast):
        return fast
    add = np.array([float(shift.get(label, 0.0)) for label in fast_labels], np.float64)
    z = np.log(np.asarray(fast, np.float64) + 1e-12) + add
    return _softmax(z.astype(np.float32))


def shifted_fast_label(model: AccurateModel, label: str, scores: Mapping[str, float]) -> str:
    """The fast stance model's label with the accurate profile's extra offsets
    (``stance_fast_bias``, chosen on the selection pairs by
    training/accurate_stance_select.py) added to its own; unrelated stays unrelated."""
    shift = model.params.get("stance_fast_bias")
    if label == "unrelated" or not shift or not any(shift):
        return label
    from claimmap.stance.model import RELATED, default_model

    probs = np.array([float(scores.get(k, 0.0)) for k in RELATED], np.float64)
    probs = probs / max(float(probs.sum()), 1e-12)
    z = np.log(probs + 1e-12) + default_model().s2_bias + np.asarray(shift, np.float64)
    return RELATED[int(np.argmax(z))]


def related_probabilities(scores: Mapping[str, float], labels: Sequence[str]) -> list[float]:
    """The fast stance model's probabilities of ``labels`` from a prediction's scores
    (``stance_label`` normalises them over the related labels)."""
    return [float(scores.get(label, 0.0)) for label in labels]


def _tc_row(state: Array, mask: Array, features: list[float]) -> Array:
    span_mean = (state * mask[:, None]).sum(0) / max(float(mask.sum()), 1.0)
    return np.concatenate([span_mean, state[0], np.array(features, np.float32)])


def length_batches(lengths: Sequence[int], size: int = BATCH,
                   max_padding: float = MAX_PADDING) -> list[list[int]]:
    """Indices of ``lengths`` in batches of at most ``size``, shortest first, each padded by
    at most ``max_padding`` of its pieces (an input alone is never split)."""
    batches: list[list[int]] = []
    rows: list[int] = []
    total = 0
    for i in sorted(range(len(lengths)), key=lambda j: lengths[j]):
        n = lengths[i]  # the longest so far: inputs come shortest first
        if rows and (len(rows) == size or (len(rows) + 1) * n * (1.0 - max_padding) > total + n):
            batches.append(rows)
            rows, total = [], 0
        rows.append(i)
        total += n
    if rows:
        batches.append(rows)
    return batches


def _holding_piece(encoded: Encoded, start: int, end: int
                   ) -> tuple[Piece, Array] | None:
    """The first encoded window that holds all of [start, end)."""
    for piece, state in zip(*encoded, strict=True):
        inner = [o for o in piece.offsets if o[0] != o[1]]
        if inner and inner[0][0] <= start and end <= inner[-1][1]:
            return piece, state
    return None


def own_inputs(sentences: Sequence[tuple[int, int]], pieces: Sequence[Piece],
               states: Sequence[Array]) -> tuple[Array, list[bool]]:
    """For each sentence span, the mean state (special pieces included, as the head was
    trained) of the encoder inputs that lie wholly inside it (one, unless the sentence was
    over 128 pieces long); and whether there were any."""
    dim = states[0].shape[1] if states else 384
    sums = np.zeros((len(sentences), dim), np.float32)
    counts = np.zeros(len(sentences), np.float32)
    order = sorted(range(len(sentences)), key=lambda j: sentences[j])
    starts = [sentences[j][0] for j in order]
    for piece, state in zip(pieces, states, strict=True):
        inner = [o for o in piece.offsets if o[0] != o[1]]
        if not inner:
            continue
        lo, hi = inner[0][0], inner[-1][1]
        k = bisect.bisect_right(starts, lo) - 1
        # Claims do not overlap: walk back only over spans that still reach the window.
        while k >= 0 and sentences[order[k]][1] > lo:
            j = order[k]
            if hi <= sentences[j][1]:
                sums[j] += state.sum(0)
                counts[j] += len(state)
            k -= 1
    pooled: Array = (sums / np.maximum(counts, 1.0)[:, None]).astype(np.float32)
    return pooled, [bool(c > 0) for c in counts]


def fast_piece_probabilities(marginals: Sequence[Sequence[float]],
                             tokens: Sequence[Sequence[Any]], pieces: Sequence[Piece],
                             fallback: Sequence[Array]) -> list[Array]:
    """The fast tagger's P(inside) on the encoder's pieces: per piece, the largest marginal
    of the fast tokens (anything with ``start`` / ``end``) it overlaps; a piece no fast token
    touches (the special pieces) keeps its ``fallback`` value (the MiniLM one), so a blend
    leaves it as it was."""
    size = max((t.end for sent in tokens for t in sent), default=0)
    size = max([size, *(e for p in pieces for _, e in p.offsets)])
    chars = np.full(size + 1, -1.0, np.float32)
    for sent, probs in zip(tokens, marginals, strict=True):
        for token, prob in zip(sent, probs, strict=True):
            chars[token.start:token.end] = prob
    out = []
    for piece, base in zip(pieces, fallback, strict=True):
        row = np.array(base, np.float32, copy=True)
        for i, (s, e) in enumerate(piece.offsets):
            if s != e:
                best = float(chars[s:e].max())
                if best >= 0.0:
                    row[i] = best
        out.append(row)
    return out


def spans_from(text: str, pieces: Sequence[Piece], probs: Sequence[Array], cut: float,
               gap: int, min_words: int = 1) -> list[tuple[int, int, float]]:
    """Spans of the pieces at ``cut`` or above, runs ``gap`` pieces apart joined; spans of
    fewer than ``min_words`` words are dropped (``si_min_words``, chosen on dev: a lone
    inside word is more often noise than a technique)."""
    out = []
    for piece, p in zip(pieces, probs, strict=True):
        inside = [bool(x >= cut) for x in p]
        for start, end in runs_to_spans(text, piece.offsets, inside, gap):
            if len(text[start:end].split()) < min_words:
                continue
            members = [float(x) for (s, e), x in zip(piece.offsets, p, strict=True)
                       if s != e and s < end and e > start]
            out.append((start, end, round(sum(members) / max(len(members), 1), 4)))
    return out


@functools.lru_cache(maxsize=1)
def load_model() -> AccurateModel:
    """The shipped model, loaded once per process. ``CLAIMMAP_ACCURATE_THREADS`` sets
    onnxruntime's threads (default 1: analyze_many runs one process per core)."""
    threads = int(os.environ.get("CLAIMMAP_ACCURATE_THREADS", "1") or 1)
    return AccurateModel(threads=max(1, threads))
