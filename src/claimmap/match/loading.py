"""Fact-check files of either kind: ClaimReview JSON(-LD) or the CLEF-2020 verified-claims TSV."""

from __future__ import annotations

import json
from collections.abc import Sequence
from pathlib import Path

from claimmap.errors import InputError
from claimmap.match.claimreview import ImportedFactCheck, read_claimreview
from claimmap.match.clef import read_vclaims, vclaim_factcheck
from claimmap.types import FactCheck


def _is_tsv(path: Path) -> bool:
    if path.suffix.lower() in (".tsv", ".tab"):
        return True
    try:
        with path.open("rb") as handle:
            head = handle.read(64)
    except OSError as err:
        raise InputError(f"cannot read {path}: {err.strerror}") from None
    return head.startswith(b"\tvclaim")


def read_factcheck_file(path: Path) -> tuple[list[ImportedFactCheck], list[str]]:
    """The fact-checks of one file (by its content: a CLEF TSV or ClaimReview JSON), and a
    one-line problem per record skipped."""
    if not path.is_file():
        raise InputError(f"{path}: no such file")
    if _is_tsv(path):
        out = []
        for n, vclaim in enumerate(read_vclaims(path), start=1):
            fc = vclaim_factcheck(vclaim)
            raw = json.dumps({"vclaim_id": vclaim.id, "vclaim": vclaim.claim,
                              "title": vclaim.title}, ensure_ascii=False)
            out.append(ImportedFactCheck(fc, raw, f"{path}#{n}"))
        return out, []
    return read_claimreview(path)


def load_factchecks(paths: Sequence[Path]) -> tuple[list[FactCheck], list[str]]:
    """Every fact-check in ``paths`` (the first of a duplicate id kept) and the problems of
    records skipped; raises InputError on a file that cannot be read at all."""
    seen: dict[str, FactCheck] = {}
    problems: list[str] = []
    for path in paths:
        records, skipped = read_factcheck_file(path)
        problems.extend(skipped)
        for record in records:
            seen.setdefault(record.factcheck.id, record.factcheck)
    return list(seen.values()), problems


__all__ = ["ImportedFactCheck", "load_factchecks", "read_factcheck_file"]
