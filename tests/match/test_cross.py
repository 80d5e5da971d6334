from __future__ import annotations

from collections.abc import Sequence
from pathlib import Path

import numpy as np
import pytest

from claimmap.match import FactCheckIndex, load_factchecks
from claimmap.match.cross import CrossEncoder, load_cross, pair_text, reorder_top
from claimmap.types import FactCheck

DATA = Path(__file__).resolve().parents[1] / "data" / "factchecks"
shipped = pytest.mark.skipif(load_cross() is None, reason="the package has no pair model")


def _factcheck(claim: str, title: str | None) -> FactCheck:
    return FactCheck(id="f", claim_reviewed=claim, format="claimreview", rating="False",
                     reviewer="Desk", url="https://desk.example/f", title=title)


def test_cross_pair_text_adds_a_title_that_says_more() -> None:
    assert pair_text(_factcheck("Ferries stopped", "No, ferries ran")) == \
        "Ferries stopped. No, ferries ran"
    assert pair_text(_factcheck("Ferries stopped?", "No")) == "Ferries stopped? No"
    assert pair_text(_factcheck("Ferries stopped", "Ferries stopped")) == "Ferries stopped"
    assert pair_text(_factcheck("  Ferries stopped ", None)) == "Ferries stopped"


def test_cross_reorder_top_only_moves_the_first_candidates() -> None:
    rows = np.array([10, 11, 12, 13, 14])
    logits = np.array([4.0, 3.0, 2.0, 1.0, 0.0], np.float32)
    order = np.array([0, 1, 2, 3, 4])
    # The pair model prefers the third candidate strongly; only the first three are scored.
    again = reorder_top(rows, logits, order, np.array([0.0, 0.0, 5.0], np.float32), 1.0)
    assert again.tolist() == [2, 0, 1, 3, 4]
    # Weight 0 keeps the re-ranker's order; ties fall to the lower row.
    assert reorder_top(rows, logits, order, np.array([9.0, 0.0, 0.0], np.float32),
                       0.0).tolist() == [0, 1, 2, 3, 4]
    tied = reorder_top(np.array([7, 3]), np.array([1.0, 1.0], np.float32), np.array([0, 1]),
                       np.zeros(2, np.float32), 1.0)
    assert tied.tolist() == [1, 0]


class _PreferLast:
    """A stand-in pair model that reverses the order of the candidates it is shown (for the
    index's bookkeeping; the shipped model is tested below)."""

    top = 3
    weight = 1000.0

    def __init__(self) -> None:
        self.calls: list[int] = []

    def logits(self, pairs: Sequence[tuple[str, str]]) -> np.ndarray:
        self.calls.append(len(pairs))
        out = np.zeros(len(pairs), np.float32)
        for start in range(0, len(pairs), self.top):
            out[start:start + self.top] = np.arange(min(self.top, len(pairs) - start))
        return out


def _factchecks() -> list[FactCheck]:
    found, _ = load_factchecks([DATA / "harbour-graph.jsonld", DATA / "single.json",
                                DATA / "feed.json"])
    return found


def test_cross_index_reorders_the_top_and_scores_still_fall() -> None:
    factchecks = _factchecks()
    queries = ["Nordhaven Lines is paying for the dock strike in Veldmark",
               "The ferry fares doubled overnight"]
    plain = FactCheckIndex(factchecks, pairs=False).search(queries, k=5)
    stand_in = _PreferLast()
    paired = FactCheckIndex(factchecks, pairs=stand_in).search(queries, k=5)  # type: ignore[arg-type]
    assert stand_in.calls == [2 * min(3, len(factchecks))], "one call for all queries"
    for before, after in zip(plain, paired, strict=True):
        top = min(3, len(before))
        assert [h.row for h in after[:top]] == [h.row for h in before[:top]][::-1]
        assert [h.row for h in after[top:]] == [h.row for h in before[top:]]
        assert [h.score for h in after] == [h.score for h in before]
        assert [h.rank for h in after] == list(range(1, len(after) + 1))


def test_cross_empty_query_is_not_scored() -> None:
    stand_in = _PreferLast()
    index = FactCheckIndex(_factchecks(), pairs=stand_in)  # type: ignore[arg-type]
    index.search([""], k=3)
    assert stand_in.calls == [0]


@shipped
def test_cross_shipped_model_prefers_the_reviewed_claim() -> None:
    model = load_cross()
    assert model is not None and model.top >= 1 and model.weight > 0
    claim = "The port authority says Nordhaven Lines is paying for the dock strike"
    logits = model.logits([
        (claim, "Nordhaven Lines funds the Veldmark dock strike. Shipping firm paid strikers"),
        (claim, "A new cafe terrace opens in the harbour in spring."),
    ])
    assert logits[0] > logits[1]
    assert model.logits([]).shape == (0,)


@shipped
def test_cross_shipped_model_reads_a_long_pair_within_its_window() -> None:
    model = load_cross()
    assert model is not None
    long = " ".join(["harbour"] * 400)
    (value,) = model.logits([(long, long)])
    assert np.isfinite(value)


def test_cross_bad_directory_is_a_model_error(tmp_path: Path) -> None:
    from claimmap.errors import ModelError

    with pytest.raises(ModelError):
        CrossEncoder(tmp_path)


@shipped
def test_cross_setting_turns_the_pair_model_off(monkeypatch: pytest.MonkeyPatch) -> None:
    from claimmap.corpus.factchecks import _index_of

    found = _factchecks()
    assert _index_of(found, None).pairs is not None
    monkeypatch.setenv("CLAIMMAP_FACTCHECK_PAIRS", "false")
    assert _index_of(found, None).pairs is None


def test_cross_search_in_slices_matches_one_pass(monkeypatch: pytest.MonkeyPatch) -> None:
    import claimmap.match.index as index_module

    queries = ["Nordhaven Lines is paying for the dock strike", "Ferry fares doubled",
               "", "The harbour cafe opens a terrace", "Veldmark port closed for nine days"]
    index = FactCheckIndex(_factchecks(), pairs=_PreferLast())  # type: ignore[arg-type]
    whole = index.search(queries, k=4)
    monkeypatch.setattr(index_module, "SEARCH_SLICE", 2)
    assert index.search(queries, k=4) == whole
