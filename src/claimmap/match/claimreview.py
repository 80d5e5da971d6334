"""Read schema.org ClaimReview fact-checks as publishers and saved feeds carry them.

Accepted shapes, found anywhere in the JSON tree: one ClaimReview object, a list of them, an
``@graph`` (nodes referenced by ``@id`` are resolved), a DataFeed whose ``dataFeedElement``
items hold ClaimReviews, a saved web page's ``<script type="application/ld+json">`` blocks,
JSON Lines, and the Google Fact Check Tools search answer (``{"claims": [{"text", "claimant",
"claimReview": [{"publisher", "url", "textualRating", ...}]}]}``) saved to a file.
Every text is kept exactly as written: the rating is the fact-checker's, never ours.
"""

from __future__ import annotations

import dataclasses
import json
import re
from collections.abc import Iterator
from pathlib import Path
from typing import Any

from claimmap.errors import InputError
from claimmap.types import FactCheck, make_id

_LD_SCRIPT = re.compile(
    r"<script[^>]*type\s*=\s*[\"']application/ld\+json[\"'][^>]*>(.*?)</script>",
    re.IGNORECASE | re.DOTALL)


@dataclasses.dataclass(frozen=True, slots=True)
class ImportedFactCheck:
    """A parsed fact-check with the record it came from (verbatim JSON) and where."""

    factcheck: FactCheck
    raw: str
    source: str


def _types(node: dict[str, Any]) -> set[str]:
    value = node.get("@type", ())
    names = [value] if isinstance(value, str) else value if isinstance(value, list) else []
    # "ClaimReview", "schema:ClaimReview" and "http://schema.org/ClaimReview" are all the type.
    return {str(n).rsplit("/", 1)[-1].rsplit(":", 1)[-1] for n in names}


class _Graph:
    """Nodes by ``@id``, so a reference such as ``{"@id": "#org"}`` reads as the node."""

    def __init__(self, root: Any) -> None:
        self.nodes: dict[str, dict[str, Any]] = {}
        self._collect(root)

    def _collect(self, value: Any) -> None:
        if isinstance(value, dict):
            if isinstance(value.get("@id"), str) and len(value) > 1:
                self.nodes.setdefault(value["@id"], value)
            for item in value.values():
                self._collect(item)
        elif isinstance(value, list):
            for item in value:
                self._collect(item)

    def resolve(self, value: Any) -> Any:
        if isinstance(value, list):
            value = value[0] if value else None
        if isinstance(value, dict) and set(value) == {"@id"}:
            return self.nodes.get(str(value["@id"]), value)
        return value

    def text(self, value: Any) -> str | None:
        """A string field as written: plain, a JSON-LD value object, or a number."""
        value = self.resolve(value)
        if isinstance(value, dict):
            value = value.get("@value")
        if isinstance(value, bool) or value is None:
            return None
        if isinstance(value, (int, float)):
            return str(value)
        return value if isinstance(value, str) and value.strip() else None

    def name(self, value: Any) -> str | None:
        value = self.resolve(value)
        if isinstance(value, dict):
            return self.text(value.get("name")) or self.text(value.get("alternateName"))
        return self.text(value)

    def url(self, value: Any) -> str | None:
        value = self.resolve(value)
        if isinstance(value, dict):
            return self.text(value.get("url")) or self.text(value.get("sameAs"))
        return None


def _claim_reviews(value: Any) -> Iterator[dict[str, Any]]:
    if isinstance(value, dict):
        if "ClaimReview" in _types(value):
            yield value
            return
        for item in value.values():
            yield from _claim_reviews(item)
    elif isinstance(value, list):
        for item in value:
            yield from _claim_reviews(item)


def _factcheck(node: dict[str, Any], graph: _Graph) -> FactCheck | None:
    claim = graph.text(node.get("claimReviewed"))
    item = graph.resolve(node.get("itemReviewed"))
    item = item if isinstance(item, dict) else {}
    if claim is None:  # some publishers put the claim's text only on the reviewed item
        claim = graph.text(item.get("text")) or graph.text(item.get("name"))
    if claim is None:
        return None
    rating = graph.resolve(node.get("reviewRating"))
    rating = rating if isinstance(rating, dict) else {}
    author = node.get("author") or node.get("publisher")
    url = graph.text(node.get("url"))
    return FactCheck(
        id=make_id("fc", url or "", claim),
        claim_reviewed=claim,
        format="claimreview",
        rating=graph.text(rating.get("alternateName")) or graph.text(rating.get("name")),
        rating_value=graph.text(rating.get("ratingValue")),
        best_rating=graph.text(rating.get("bestRating")),
        worst_rating=graph.text(rating.get("worstRating")),
        reviewer=graph.name(author),
        reviewer_url=graph.url(author),
        url=url,
        title=graph.text(node.get("headline")) or graph.text(node.get("name")),
        date_published=graph.text(node.get("datePublished")),
        claimant=graph.name(item.get("author")),
        language=graph.text(node.get("inLanguage")) or graph.name(node.get("inLanguage")),
        source_id=graph.text(node.get("@id")),
    )


def _fact_check_tools(document: Any) -> Iterator[tuple[FactCheck, dict[str, Any]]]:
    """The Fact Check Tools API's own shape: a claim with its reviews (not JSON-LD)."""
    claims = document.get("claims") if isinstance(document, dict) else None
    if not isinstance(claims, list):
        return
    plain = _Graph(None)
    for claim in claims:
        if not isinstance(claim, dict) or not isinstance(claim.get("claimReview"), list):
            continue
        text = plain.text(claim.get("text"))
        for review in claim["claimReview"]:
            if not isinstance(review, dict) or text is None:
                continue
            given = review.get("publisher")
            publisher: dict[str, Any] = given if isinstance(given, dict) else {}
            url = plain.text(review.get("url"))
            site = plain.text(publisher.get("site"))
            yield FactCheck(
                id=make_id("fc", url or "", text), claim_reviewed=text, format="claimreview",
                rating=plain.text(review.get("textualRating")), reviewer=plain.name(publisher),
                reviewer_url=f"https://{site}" if site and "://" not in site else site, url=url,
                title=plain.text(review.get("title")),
                date_published=plain.text(review.get("reviewDate")),
                claimant=plain.text(claim.get("claimant")),
                language=plain.text(review.get("languageCode")),
            ), {**claim, "claimReview": [review]}


def _documents(text: str, name: str) -> list[Any]:
    stripped = text.lstrip("\ufeff").strip()
    if stripped.startswith("<"):
        blocks = _LD_SCRIPT.findall(stripped)
        if not blocks:
            raise InputError(f"{name}: a web page without JSON-LD (no application/ld+json script)")
        return [_loads(block, f"{name} (JSON-LD script {i + 1})") for i, block in enumerate(blocks)]
    try:
        return [json.loads(stripped)]
    except json.JSONDecodeError:
        lines = [line for line in stripped.splitlines() if line.strip()]
        if len(lines) > 1:  # JSON Lines: one record a line
            return [_loads(line, f"{name} line {n}") for n, line in enumerate(lines, start=1)]
        return [_loads(stripped, name)]


def _loads(text: str, where: str) -> Any:
    try:
        return json.loads(text)
    except json.JSONDecodeError as err:
        raise InputError(f"{where}: not valid JSON ({err.msg} at line {err.lineno}, "
                         f"column {err.colno})") from None


def parse_claimreview(text: str, name: str = "<input>"
                      ) -> tuple[list[ImportedFactCheck], list[str]]:
    """The fact-checks in a JSON(-LD) text, and a one-line problem for each review skipped."""
    found: list[ImportedFactCheck] = []
    problems: list[str] = []
    count = 0
    for document in _documents(text, name):
        graph = _Graph(document)
        for node in _claim_reviews(document):
            count += 1
            fc = _factcheck(node, graph)
            if fc is None:
                problems.append(f"{name}: ClaimReview {count} has no claimReviewed text; skipped")
                continue
            found.append(ImportedFactCheck(fc, json.dumps(node, ensure_ascii=False, sort_keys=True),
                                           f"{name}#{count}"))
        for fc, record in _fact_check_tools(document):
            count += 1
            found.append(ImportedFactCheck(fc, json.dumps(record, ensure_ascii=False,
                                                          sort_keys=True), f"{name}#{count}"))
    if count == 0:
        raise InputError(f"{name}: no schema.org ClaimReview found")
    return found, problems


def read_claimreview(path: Path) -> tuple[list[ImportedFactCheck], list[str]]:
    try:
        data = path.read_bytes()
    except OSError as err:
        raise InputError(f"cannot read {path}: {err.strerror}") from None
    try:
        text = data.decode("utf-8")
    except UnicodeDecodeError:
        raise InputError(f"{path}: not UTF-8 text") from None
    return parse_claimreview(text, str(path))
