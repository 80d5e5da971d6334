"""The stock attribute_ruler's matches, found by table lookup instead of spaCy's Matcher.

The small English model's attribute_ruler (tag -> POS and morphology, plus word exceptions)
holds about 180 one- and two-token patterns. spaCy's Matcher tries every pattern at every
token, calling back into Python for each set and regex test: a fifth of the whole parse's
time. Nearly every pattern pins one attribute to one value (``TAG == "NN"``, ``LOWER ==
"her"``), so indexing the patterns by that value leaves a few candidates per token. The
matches are the same (start, end, rule) triples the Matcher finds, sorted the same way, and
go through the ruler's own ``set_annotations``: the Doc comes out identical (a test compares
every token attribute over real text). A pattern this module cannot read (an operator, an
attribute it does not know) leaves the ruler on spaCy's Matcher.
"""

from __future__ import annotations

import re
from collections.abc import Callable, Sequence
from typing import Any

import numpy as np
from spacy.attrs import DEP, IS_SPACE, LOWER, TAG
from spacy.pipeline import AttributeRuler
from spacy.tokens import Doc

# Matcher attribute name -> column of Doc.to_array.
_COLUMNS = {"TAG": 0, "LOWER": 1, "DEP": 2, "IS_SPACE": 3}
_ARRAY_ATTRS = [TAG, LOWER, DEP, IS_SPACE]
# Which pinned attribute to index a pattern by, most selective first.
_ANCHOR_ORDER = ("LOWER", "DEP", "TAG", "IS_SPACE")

Test = Callable[[Any], bool]
# One token of a pattern: (column, test on that column's value) pairs, all of which must hold.
TokenSpec = tuple[tuple[int, Test], ...]
Rule = tuple[int, int, int, tuple[tuple[int, int, Test], ...]]


class UnsupportedPattern(ValueError):
    """A pattern outside the subset this index reads; the ruler keeps spaCy's Matcher."""


def _test(column: int, value: Any, strings: Any, regex_cache: dict[tuple[str, int], bool]
          ) -> tuple[Test, Any]:
    """A test of one attribute's value (a string hash, or 0/1 for IS_SPACE) and, when it
    pins one value or a set of values, those values (for the index)."""
    if column == _COLUMNS["IS_SPACE"]:
        if not isinstance(value, bool):
            raise UnsupportedPattern(f"IS_SPACE {value!r}")
        wanted = int(value)
        return (lambda v: v == wanted), (wanted,)
    if isinstance(value, str):
        key = strings.add(value)
        return (lambda v: v == key), (key,)
    if isinstance(value, dict) and len(value) == 1:
        (op, arg), = value.items()
        if op == "IN" and isinstance(arg, list):
            keys = frozenset(strings.add(a) for a in arg)
            return keys.__contains__, tuple(keys)
        if op == "NOT_IN" and isinstance(arg, list):
            banned = frozenset(strings.add(a) for a in arg)
            return (lambda v: v not in banned), None
        if op == "REGEX" and isinstance(arg, str):
            pattern = re.compile(arg)

            def search(v: Any) -> bool:
                # The Matcher searches the attribute's string; one search per distinct value.
                found = regex_cache.get((arg, v))
                if found is None:
                    if len(regex_cache) > 200_000:  # a long-running server's vocabulary
                        regex_cache.clear()
                    found = regex_cache[(arg, v)] = bool(pattern.search(strings[v]))
                return found
            return search, None
    raise UnsupportedPattern(f"{value!r}")


class IndexedRuleMatcher:
    """``AttributeRuler.match`` by lookup: the same sorted (rule, match id, start, end)."""

    def __init__(self, ruler: AttributeRuler) -> None:
        strings = ruler.vocab.strings
        self._regex_cache: dict[tuple[str, int], bool] = {}
        self._memo: dict[tuple[int, ...], tuple[tuple[tuple[int, int], ...],
                                                tuple[Rule, ...]]] = {}
        # Per column: value -> [(rule, match id, pattern)] for the patterns pinned there; a
        # pattern is a flat tuple of (token offset, column, test).
        self._index: list[dict[Any, list[Rule]]] = [{} for _ in _COLUMNS]
        self._unpinned: list[Rule] = []
        for rule, entry in enumerate(ruler.patterns):
            match_id = strings[str(rule)]
            patterns: Any = entry["patterns"]
            for pattern in patterns:
                if not pattern or not isinstance(pattern, list):
                    raise UnsupportedPattern("empty pattern")
                specs: list[TokenSpec] = []
                anchor: tuple[int, Sequence[Any]] | None = None
                for position, token in enumerate(pattern):
                    tests = []
                    pins: dict[str, Sequence[Any]] = {}
                    for name, value in token.items():
                        if name not in _COLUMNS:
                            raise UnsupportedPattern(name)
                        test, pinned = _test(_COLUMNS[name], value, strings,
                                             self._regex_cache)
                        tests.append((_COLUMNS[name], test))
                        if pinned is not None:
                            pins[name] = pinned
                    specs.append(tuple(tests))
                    if position == 0:
                        anchor = next(((_COLUMNS[n], pins[n]) for n in _ANCHOR_ORDER
                                       if n in pins), None)
                flat = tuple((k, column, test) for k, spec in enumerate(specs)
                             for column, test in spec)
                item = (rule, match_id, len(specs), flat)
                if anchor is None:
                    self._unpinned.append(item)
                else:
                    for value in anchor[1]:
                        self._index[anchor[0]].setdefault(value, []).append(item)

    def _for_row(self, row: tuple[int, int, int, int]
                 ) -> tuple[tuple[tuple[int, int], ...], tuple[Rule, ...]]:
        """For a token with these attribute values: the one-token rules it matches, and the
        longer rules whose first token it matches (their other tokens still to check)."""
        single: list[tuple[int, int]] = []
        longer: list[Rule] = []
        for candidates in (self._unpinned, *(index.get(value) for index, value
                                             in zip(self._index, row, strict=True))):
            for item in candidates or ():
                rule, match_id, length, tests = item
                if all(test(row[column]) for k, column, test in tests if k == 0):
                    if length == 1:
                        single.append((rule, match_id))
                    else:
                        longer.append(item)
        return tuple(single), tuple(longer)

    def __call__(self, doc: Doc) -> list[tuple[int, int, int, int]]:
        if not len(doc):
            return []
        # Rows repeat ("the" as DT det, "said" as VBD ROOT): each distinct one is looked up
        # once, then remembered.
        rows = [tuple(r) for r in doc.to_array(_ARRAY_ATTRS).astype(np.uint64).tolist()]
        n = len(rows)
        memo = self._memo
        if len(memo) > 500_000:  # a long-running server's vocabulary
            memo.clear()
        found: set[tuple[int, int, int, int]] = set()
        for start, row in enumerate(rows):
            known = memo.get(row)
            if known is None:
                known = memo[row] = self._for_row(row)
            single, longer = known
            for rule, match_id in single:
                found.add((rule, match_id, start, start + 1))
            for rule, match_id, length, tests in longer:
                end = start + length
                if end <= n and all(test(rows[start + k][column])
                                    for k, column, test in tests if k):
                    found.add((rule, match_id, start, end))
        return sorted(found)


def index_attribute_ruler(ruler: object) -> bool:
    """Give ``ruler`` the indexed matcher; False (and spaCy's Matcher kept) when it is no
    AttributeRuler or one of its patterns is outside what the index reads."""
    if not isinstance(ruler, AttributeRuler):
        return False
    try:
        matcher = IndexedRuleMatcher(ruler)
    except UnsupportedPattern:
        return False
    # AttributeRuler.__call__ finds its matches through self.match: an instance attribute
    # wins over the method, and set_annotations stays the ruler's own.
    ruler.match = matcher  # type: ignore[method-assign]
    return True
