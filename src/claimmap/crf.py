"""A crfsuite CRF model file read into numpy, and its Viterbi tags and marginals computed
in numpy: the rhetoric span tagger and the attribution tagger both score this way.

crfsuite's own tagger takes each token as a dict of feature names, encodes every name and
looks it up in its attribute database: for the span tagger (about 60 attributes a token) that
conversion cost more than the rest of the stage's scoring. Here the names become rows of a
weight matrix once per article, and the Viterbi and forward-backward passes run over all of
an article's sentences at once.

The result is crfsuite's to the bit, not merely close: every sum is taken in the order
crfsuite takes it (a token's state score adds its attributes' weights in the order the
attributes come, starting from zero; a Viterbi step adds the transition to the previous
score, then the state score, and keeps the first best label; the forward, backward and
normalising sums run over the labels in index order), and ``exp`` is the C library's, as
crfsuite's is. Padding adds exact zeros. ``tests/rhetoric/test_crf.py`` and
``tests/attribution/test_crf_tagging.py`` check the equality against pycrfsuite itself.
"""

from __future__ import annotations

import itertools
import math
import struct
from collections import defaultdict
from collections.abc import Mapping, Sequence
from pathlib import Path

import numpy as np
import numpy.typing as npt

from claimmap.errors import ModelError

FloatArray = npt.NDArray[np.float64]
_HEADER = struct.Struct("<4sI4sIIIIIIIII")
_CQDB_HEADER = struct.Struct("<4sIIIII")
_CQDB_TABLES = 256 * 8
_RECORD = struct.Struct("<iI")
_FEATURE = np.dtype([("type", "<u4"), ("src", "<u4"), ("dst", "<u4"), ("weight", "<f8")])
_STATE, _TRANSITION = 0, 1
# A crfsuite item as pycrfsuite takes it: a string value names the attribute "key:value",
# a number (here only 1.0) the attribute "key".
Item = Mapping[str, str | float]


def _strings(data: bytes, offset: int, count: int) -> list[str]:
    """The ``count`` keys of the quark database at ``offset``, by id."""
    chunk, *_ = _CQDB_HEADER.unpack_from(data, offset)
    if chunk != b"CQDB":
        raise ModelError("not a crfsuite model: no string table where the header says")
    idents, keys = [0] * count, [b""] * count
    at = offset + _CQDB_HEADER.size + _CQDB_TABLES
    unpack, header = _RECORD.unpack_from, _RECORD.size
    for k in range(count):
        idents[k], size = unpack(data, at)
        keys[k] = data[at + header:at + header + size - 1]
        at += header + size
    # Keys are NUL-terminated UTF-8, as crfsuite's callers encode them: decoded in one go
    # (no key holds a NUL, and a NUL never ends a multi-byte sequence, so it is the same).
    out = [""] * count
    for ident, key in zip(idents, b"\0".join(keys).decode("utf-8", "surrogateescape")
                          .split("\0"), strict=True):
        out[ident] = key
    return out


class _Rows(dict[str, int]):
    """Attribute rows; a name the model never saw reads as the zero row. Not remembered:
    most such names are rare (a corpus of 84 articles has ~110,000 of them), so keeping them
    would cost memory in every worker for little."""

    def __init__(self, known: dict[str, int], pad: int) -> None:
        super().__init__(known)
        self.pad_row = pad

    def __missing__(self, name: str) -> int:
        return self.pad_row


class _ByKey(dict[str, dict[str | float, int]]):
    """Item key -> {value -> attribute row}. A name is filed under every split at a colon:
    pycrfsuite joins key and value with one, so each split names the same attribute
    ("1:pos:PROPN" is key "1:pos", value "PROPN", and key "1", value "pos:PROPN"); a name
    is also its own key with the value 1.0. A key the model never saw reads as empty."""

    def __init__(self, rows: Mapping[str, int]) -> None:
        super().__init__()
        for name, row in rows.items():
            at = name.find(":")
            while at >= 0:
                self.setdefault(name[:at], {})[name[at + 1:]] = row
                at = name.find(":", at + 1)
        for key, values in self.items():
            if key in rows:
                values[1.0] = rows[key]
        self._rows = rows

    def __missing__(self, key: str) -> dict[str | float, int]:
        # Not remembered: item keys are a program's few feature names, all seen at once.
        return {1.0: self._rows[key]} if key in self._rows else {}


class CrfModel:
    """A first-order linear-chain CRF (crfsuite's ``crf1d``) read from its model file."""

    def __init__(self, labels: Sequence[str], attributes: Sequence[str],
                 state: FloatArray, transitions: FloatArray) -> None:
        self.labels = tuple(labels)
        # Attribute name -> row of ``state``. Names the model never saw get the last row,
        # zeros (they add nothing, as crfsuite drops them); so does padding.
        self.pad = len(attributes)
        self.rows = _Rows({name: i for i, name in enumerate(attributes)}, self.pad)
        self.state = state
        self.transitions = transitions
        self.exp_transitions = np.array([[math.exp(w) for w in row] for row in transitions])
        self._by_key: _ByKey | None = None

    @classmethod
    def read(cls, path: Path) -> CrfModel:
        data = path.read_bytes()
        if len(data) < _HEADER.size or data[:4] != b"lCRF" or data[8:12] != b"FOMC":
            raise ModelError(f"{path}: not a crfsuite CRF1d model")
        (_, _, _, _, _, n_labels, n_attrs, off_features, off_labels, off_attrs,
         _, _) = _HEADER.unpack_from(data, 0)
        labels = _strings(data, off_labels, n_labels)
        attributes = _strings(data, off_attrs, n_attrs)
        count = struct.unpack_from("<I", data, off_features + 8)[0]
        features = np.frombuffer(data, dtype=_FEATURE, count=count, offset=off_features + 12)
        state = np.zeros((n_attrs + 1, n_labels))
        transitions = np.zeros((n_labels, n_labels))
        for kind, table in ((_STATE, state), (_TRANSITION, transitions)):
            chosen = features[features["type"] == kind]
            pairs = chosen["src"].astype(np.int64) * n_labels + chosen["dst"]
            if len(pairs) and np.bincount(pairs).max() > 1:
                # crfsuite would add both weights one after the other: not what we do.
                raise ModelError(f"{path}: a feature appears twice")
            table[chosen["src"], chosen["dst"]] = chosen["weight"]
        return cls(labels, attributes, state, transitions)

    def state_scores(self, names: Sequence[Sequence[str]],
                     dense: tuple[FloatArray, FloatArray] | None = None) -> FloatArray:
        """Per token and label, the sum of its attributes' weights, in attribute order.

        ``names``: each token's attribute names (value 1; each name once, as in a dict).
        ``dense``: optional (values [tokens, D], weights [D, labels]) for D numeric
        attributes that follow the named ones in every token (a token without them has
        zeros there, which add nothing)."""
        sizes = np.fromiter(map(len, names), dtype=np.int64, count=len(names))
        total_names = int(sizes.sum())
        # dict.get with a default: a name the model never saw costs no Python call.
        flat = np.fromiter(map(self.rows.get, itertools.chain.from_iterable(names),
                               itertools.repeat(self.pad)), dtype=np.int64, count=total_names)
        width = int(sizes.max(initial=0))
        table = np.full((len(names), width), self.pad, dtype=np.int64)
        table[np.repeat(np.arange(len(names)), sizes),
              np.arange(total_names) - np.repeat(np.cumsum(sizes) - sizes, sizes)] = flat
        total = np.zeros((len(names), len(self.labels)))
        for k in range(width):
            total += self.state[table[:, k]]
        if dense is not None:
            values, weights = dense
            for d in range(weights.shape[0]):
                total += values[:, d:d + 1] * weights[d]
        return total

    def item_state_scores(self, items: Sequence[Item], nul_possible: bool = True
                          ) -> FloatArray:
        """``state_scores`` of tokens given as pycrfsuite items (see ``Item``), without
        joining a name per attribute: tokens with the same keys in the same order are
        looked up together, column by column, in ``by_key``.

        Numeric values must be 1.0 (what a weight-1 attribute is). ``nul_possible=False``
        tells that no key or value holds a NUL (crfsuite cuts a name at its first one)."""
        by_key = self.by_key()
        groups: defaultdict[tuple[str, ...], list[int]] = defaultdict(list)
        for i, keys in enumerate(map(tuple, items)):
            groups[keys].append(i)
        width = max(map(len, groups), default=0)
        table = np.full((len(items), width), self.pad, dtype=np.int64)
        pad = itertools.repeat(self.pad)
        for keys, members in groups.items():
            columns = list(zip(*[items[i].values() for i in members], strict=True))
            if nul_possible and any("\0" in k or any(isinstance(v, str) and "\0" in v
                                                      for v in column)
                                    for k, column in zip(keys, columns, strict=True)):
                table[members, :len(keys)] = self._rows_by_name(items, members)
                continue
            flat = np.fromiter(itertools.chain.from_iterable(
                map(by_key[k].get, column, pad)
                for k, column in zip(keys, columns, strict=True)),
                dtype=np.int64, count=len(keys) * len(members))
            table[members, :len(keys)] = flat.reshape(len(keys), len(members)).T
        total = np.zeros((len(items), len(self.labels)))
        for k in range(width):
            total += self.state[table[:, k]]
        return total

    def _rows_by_name(self, items: Sequence[Item], members: list[int]) -> list[list[int]]:
        """The slow way, for items whose names may hold a NUL: each name built as crfsuite
        builds it (cut at the NUL)."""
        return [[self.rows[(k + ":" + v if isinstance(v, str) else k).split("\0", 1)[0]]
                 for k, v in items[i].items()] for i in members]

    def by_key(self) -> _ByKey:
        """Attribute rows by item key, then value: made on first use (call it before
        forking workers, so that they share it)."""
        if self._by_key is None:
            self._by_key = _ByKey(self.rows)
        return self._by_key

    def marginals(self, state: FloatArray, lengths: Sequence[int]) -> FloatArray:
        """P(label) per token, for consecutive sequences of ``lengths`` tokens whose state
        scores are the rows of ``state``: crfsuite's forward-backward, all sequences at once
        (each padded with exact zeros to the longest)."""
        n_tokens, n_labels = state.shape
        if n_tokens == 0:
            return np.zeros((0, n_labels))
        size, seq, pos = _layout(lengths, n_tokens)
        count, longest = len(size), int(size.max())
        exp_state = np.array([math.exp(v) for v in state.ravel().tolist()]).reshape(state.shape)
        # Forward runs left-aligned, backward right-aligned (every sequence ends at the
        # last column), so each starts where crfsuite starts it.
        right = pos + (longest - size)[seq]
        forward_in = np.zeros((count, longest, n_labels))
        forward_in[seq, pos] = exp_state
        backward_in = np.zeros((count, longest, n_labels))
        backward_in[seq, right] = exp_state
        alpha, scale = self._forward(forward_in)
        right_scale = np.ones((count, longest))
        right_scale[seq, right] = scale[seq, pos]
        beta = self._backward(backward_in, right_scale)
        out: FloatArray = alpha[seq, pos] * beta[seq, right] / scale[seq, pos][:, None]
        return out

    def viterbi(self, state: FloatArray, lengths: Sequence[int]) -> npt.NDArray[np.int64]:
        """The best label index per token, as crfsuite's Viterbi picks it, for consecutive
        sequences of ``lengths`` tokens whose state scores are the rows of ``state``."""
        n_tokens, n_labels = state.shape
        if n_tokens == 0:
            return np.zeros(0, dtype=np.int64)
        size, seq, pos = _layout(lengths, n_tokens)
        count, longest = len(size), int(size.max())
        scores = np.zeros((count, longest, n_labels))
        scores[seq, pos] = state
        best = np.empty_like(scores)
        back = np.zeros((count, longest, n_labels), dtype=np.int64)
        best[:, 0] = scores[:, 0]
        for t in range(1, longest):
            # [sequence, from, to]: previous score + transition; argmax keeps the first of
            # equal scores, as crfsuite's strict comparison does.
            step = best[:, t - 1][:, :, None] + self.transitions[None, :, :]
            back[:, t] = step.argmax(axis=1)
            best[:, t] = step.max(axis=1) + scores[:, t]
        labels = np.zeros((count, longest), dtype=np.int64)
        last = size - 1
        current = best[np.arange(count), last].argmax(axis=1)
        rows = np.arange(count)
        for t in range(longest - 1, -1, -1):
            # Each sequence's trace starts at its own last token.
            active = t <= last
            labels[active, t] = current[active]
            if t:
                current = np.where(active, back[rows, t, current], current)
        out: npt.NDArray[np.int64] = labels[seq, pos]
        return out

    def _forward(self, exp_state: FloatArray) -> tuple[FloatArray, FloatArray]:
        count, longest, n_labels = exp_state.shape
        trans = self.exp_transitions
        alpha = np.empty_like(exp_state)
        scale = np.empty((count, longest))
        for t in range(longest):
            if t == 0:
                cur = exp_state[:, 0].copy()
            else:
                prev = alpha[:, t - 1]
                cur = prev[:, 0:1] * trans[0]
                for i in range(1, n_labels):
                    cur += prev[:, i:i + 1] * trans[i]
                cur *= exp_state[:, t]
            total = cur[:, 0].copy()
            for j in range(1, n_labels):
                total += cur[:, j]
            factor = np.ones(count)
            np.divide(1.0, total, out=factor, where=total != 0.0)
            cur *= factor[:, None]
            alpha[:, t] = cur
            scale[:, t] = factor
        return alpha, scale

    def _backward(self, exp_state: FloatArray, scale: FloatArray) -> FloatArray:
        _, longest, n_labels = exp_state.shape
        trans = self.exp_transitions
        beta = np.empty_like(exp_state)
        beta[:, longest - 1] = scale[:, longest - 1][:, None]
        for t in range(longest - 2, -1, -1):
            row = beta[:, t + 1] * exp_state[:, t + 1]
            terms = row[:, None, :] * trans[None, :, :]
            cur = terms[:, :, 0].copy()
            for j in range(1, n_labels):
                cur += terms[:, :, j]
            cur *= scale[:, t][:, None]
            beta[:, t] = cur
        return beta


def _layout(lengths: Sequence[int], n_tokens: int
            ) -> tuple[npt.NDArray[np.int64], npt.NDArray[np.int64], npt.NDArray[np.int64]]:
    """The sequences' sizes, and each token's sequence and position in it."""
    size = np.asarray(lengths, dtype=np.int64)
    if (size <= 0).any() or int(size.sum()) != n_tokens:
        raise ValueError("lengths must be positive and add up to the tokens")
    seq = np.repeat(np.arange(len(size)), size)
    pos = np.arange(n_tokens) - np.repeat(np.cumsum(size) - size, size)
    return size, seq, pos


def read_model(path: Path) -> CrfModel:
    if not path.exists():
        raise ModelError(f"CRF model missing at {path}; run `make models`")
    return CrfModel.read(path)

