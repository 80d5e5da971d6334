"""CLEF-2020 CheckThat! Task 2 files: the verified claims, the tweets and their qrels.

``verified_claims.docs.tsv`` is TAB-separated with CSV quoting, a header row whose first cell is
blank, then ``vclaim_id``, ``vclaim``, ``title``. Queries are ``tweet_id``, ``tweet_content``
with a header row; qrels are TREC lines ``tweet_id 0 vclaim_id relevance``.
"""

from __future__ import annotations

import csv
import dataclasses
from pathlib import Path

from claimmap.errors import InputError
from claimmap.types import FactCheck, make_id


@dataclasses.dataclass(frozen=True, slots=True)
class VerifiedClaim:
    id: str
    claim: str
    title: str


def _rows(path: Path) -> list[list[str]]:
    csv.field_size_limit(1 << 24)
    try:
        with path.open(encoding="utf-8", newline="") as handle:
            return list(csv.reader(handle, delimiter="\t"))
    except OSError as err:
        raise InputError(f"cannot read {path}: {err.strerror}") from None
    except (UnicodeDecodeError, csv.Error) as err:
        raise InputError(f"{path} is not a UTF-8 TSV file: {err}") from None


def read_vclaims(path: Path) -> list[VerifiedClaim]:
    rows = _rows(path)
    if not rows or len(rows[0]) < 3 or [c.strip() for c in rows[0][1:3]] != ["vclaim", "title"]:
        raise InputError(f"{path}: expected a CLEF-2020 verified-claims TSV "
                         "(header: <blank>, vclaim, title)")
    out = []
    for number, row in enumerate(rows[1:], start=2):
        if len(row) < 3 or not row[0].strip():
            raise InputError(f"{path}: line {number} is not 'vclaim_id TAB vclaim TAB title'")
        out.append(VerifiedClaim(row[0].strip(), row[1], row[2]))
    return out


def vclaim_factcheck(vclaim: VerifiedClaim) -> FactCheck:
    """A verified claim as a FactCheck. The TSV carries no rating, reviewer or URL (the
    claims come from Snopes articles, but the file does not say which): those stay empty."""
    return FactCheck(id=make_id("fc", "clef2020", vclaim.id, vclaim.claim),
                     claim_reviewed=vclaim.claim, format="clef2020", title=vclaim.title or None,
                     source_id=vclaim.id, language="en")


def read_queries(path: Path) -> dict[str, str]:
    rows = _rows(path)
    if not rows or len(rows[0]) < 2:
        raise InputError(f"{path}: expected 'tweet_id TAB tweet_content' with a header row")
    out: dict[str, str] = {}
    for number, row in enumerate(rows[1:], start=2):
        if len(row) < 2:
            raise InputError(f"{path}: line {number} is not 'tweet_id TAB tweet_content'")
        out[row[0].strip()] = row[1]
    return out


def read_qrels(path: Path) -> dict[str, set[str]]:
    try:
        lines = path.read_text(encoding="utf-8").splitlines()
    except OSError as err:
        raise InputError(f"cannot read {path}: {err.strerror}") from None
    out: dict[str, set[str]] = {}
    for number, line in enumerate(lines, start=1):
        parts = line.split()
        if not parts:
            continue
        if len(parts) != 4:
            raise InputError(f"{path}: line {number} is not a TREC qrels line "
                             "'query 0 document relevance'")
        if int(parts[3]) > 0:
            out.setdefault(parts[0], set()).add(parts[2])
    return out
