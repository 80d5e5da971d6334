"""Attribution scored on hand-annotated news bodies: is each attribution found, with the
right speaker?

The file format (ours; see tests/attribution/data/news_dev.txt): ``=== id``, the body, a
``--- gold`` line, then one attribution a line, ``speaker | cue | content [| via=relayer]``.
Content and cue are substrings of the body, looked up in order (each at or after the start
of the content before it, else anywhere). A gold attribution is **found** when one quote's
content shares at least half of the gold content's characters and at least half of its own
(a quote that runs over both halves of a split quotation and its cue finds neither); of
several such quotes the tightest fit counts. Its
**speaker is right** when that quote's actor names the gold speaker: the names are equal, or
one holds the other (after dropping a leading article and case).
"""

from __future__ import annotations

import dataclasses
import re
from collections.abc import Iterable, Sequence
from pathlib import Path
from typing import TYPE_CHECKING

from claimmap.errors import InputError

if TYPE_CHECKING:
    from spacy.language import Language
from claimmap.types import ClaimMap, Quote

MIN_SHARE = 0.5
_PUNCT = " \t\r\n,.;:\"'“”‘’()"


@dataclasses.dataclass(frozen=True, slots=True)
class GoldAttribution:
    speaker: str
    cue: str
    content: tuple[int, int]
    via: str | None = None


@dataclasses.dataclass(frozen=True, slots=True)
class NewsBody:
    id: str
    text: str
    gold: tuple[GoldAttribution, ...]

    @property
    def words(self) -> int:
        return len(self.text.split())


@dataclasses.dataclass(slots=True)
class NewsScores:
    gold: int = 0
    found: int = 0
    speaker_right: int = 0
    via_gold: int = 0
    via_right: int = 0
    bodies: int = 0
    misses: list[str] = dataclasses.field(default_factory=list)

    @property
    def found_share(self) -> float:
        return self.found / self.gold if self.gold else 0.0

    @property
    def speaker_recall(self) -> float:
        return self.speaker_right / self.gold if self.gold else 0.0

    def to_dict(self) -> dict[str, float | int]:
        return {"bodies": self.bodies, "attributions": self.gold, "found": self.found,
                "found_share": round(self.found_share, 3),
                "speaker_right": self.speaker_right,
                "speaker_recall": round(self.speaker_recall, 3),
                "via_gold": self.via_gold, "via_right": self.via_right}


def read_news(path: str | Path) -> list[NewsBody]:
    """The bodies of one annotated file; a content or cue not in its body is an error."""
    source = Path(path)
    try:
        raw = source.read_text(encoding="utf-8")
    except OSError as err:
        raise InputError(f"cannot read {source}: {err.strerror}") from None
    bodies = []
    for chunk in re.split(r"^=== ", raw, flags=re.M)[1:]:
        head, _, rest = chunk.partition("\n")
        text, marker, gold_lines = rest.partition("\n--- gold\n")
        if not marker:
            raise InputError(f"{source}: body {head.strip()} has no '--- gold' line")
        text = text.strip("\n")
        bodies.append(NewsBody(head.strip(), text, _gold(source, head.strip(), text,
                                                          gold_lines)))
    if not bodies:
        raise InputError(f"{source}: no '=== id' bodies")
    return bodies


def _gold(source: Path, body: str, text: str, lines: str) -> tuple[GoldAttribution, ...]:
    out: list[GoldAttribution] = []
    cursor = 0
    for line in lines.splitlines():
        if not line.strip() or line.startswith("#"):
            continue
        parts = [p.strip() for p in line.split(" | ")]
        if len(parts) < 3:
            raise InputError(f"{source}: {body}: not 'speaker | cue | content': {line!r}")
        speaker, cue, content = parts[:3]
        via = next((p[4:] for p in parts[3:] if p.startswith("via=")), None)
        start = text.find(content, cursor)
        if start == -1:
            start = text.find(content)
        if start == -1 or cue not in text:
            raise InputError(f"{source}: {body}: not in the text: {line!r}")
        cursor = start
        out.append(GoldAttribution(speaker, cue, (start, start + len(content)), via))
    return tuple(out)


def _norm(name: str) -> str:
    name = name.lower().strip(_PUNCT)
    name = re.sub(r"^(the|a|an)\s+", "", name)
    name = re.sub(r"['’]s$", "", name)
    return " ".join(name.replace(".", "").split())


def names_match(gold: str, predicted: str | None) -> bool:
    if not predicted:
        return False
    g, p = _norm(gold), _norm(predicted)
    if not g or not p:
        return False
    return g == p or (len(p) >= 3 and f" {p} " in f" {g} ") or f" {g} " in f" {p} "


def _share(a: tuple[int, int], b: tuple[int, int]) -> int:
    return max(0, min(a[1], b[1]) - max(a[0], b[0]))


def best_quote(text: str, gold: tuple[int, int], quotes: Sequence[Quote]) -> Quote | None:
    """The quote whose content matches the gold content (see the module docstring)."""
    g_start, g_end = _strip(text, *gold)
    best, best_fit = None, 0.0
    for quote in quotes:
        start, end = _strip(text, quote.content.start, quote.content.end)
        shared = _share((g_start, g_end), (start, end))
        if shared < MIN_SHARE * (g_end - g_start) or shared < MIN_SHARE * (end - start):
            continue
        # The tightest fit wins: an outer report holding the inner attribution whole
        # ("the Herald reported that the mayor denied X") is not the inner one.
        fit = shared / (max(g_end, end) - min(g_start, start))
        if fit > best_fit:
            best, best_fit = quote, fit
    return best


def _strip(text: str, start: int, end: int) -> tuple[int, int]:
    while start < end and text[start] in _PUNCT:
        start += 1
    while end > start and text[end - 1] in _PUNCT:
        end -= 1
    return start, max(end, start + 1)


def score(pairs: Iterable[tuple[NewsBody, ClaimMap]]) -> NewsScores:
    scores = NewsScores()
    for body, claim_map in pairs:
        scores.bodies += 1
        text = claim_map.article.text
        offset = text.find(body.text[:80])
        if offset == -1:
            raise ValueError(f"{body.id}: the ClaimMap's text is not the body")
        for gold in body.gold:
            scores.gold += 1
            span = (gold.content[0] + offset, gold.content[1] + offset)
            quote = best_quote(text, span, claim_map.quotes)
            snippet = text[span[0]:span[1]][:50]
            if quote is None:
                scores.misses.append(f"{body.id}: not found: {gold.speaker}: {snippet}")
                continue
            scores.found += 1
            actor = claim_map.actor(quote.speaker.actor_id)
            mention = quote.speaker.mention.text if quote.speaker.mention else None
            if names_match(gold.speaker, actor.name if actor else mention):
                scores.speaker_right += 1
            else:
                scores.misses.append(f"{body.id}: speaker {actor.name if actor else mention!r}"
                                     f" for {gold.speaker}: {snippet}")
            if gold.via is not None:
                scores.via_gold += 1
                via = claim_map.actor(getattr(quote, "via", None))
                if via is not None and names_match(gold.via, via.name):
                    scores.via_right += 1
    return scores


def predict(bodies: Sequence[NewsBody], *, nlp: Language | None = None) -> Iterable[
        tuple[NewsBody, ClaimMap]]:
    """Each body through the pipeline with only attribution on."""
    from claimmap.api import analyze_many
    from claimmap.ingest.text import from_text
    from claimmap.settings import Options

    options = Options(attribution=True, claims=False, rhetoric=False, stance=False,
                      disputes=False)
    inputs = [from_text(b.text, id=b.id, source=b.id) for b in bodies]
    maps = analyze_many(inputs, nlp=nlp, options=options)
    yield from zip(bodies, maps, strict=True)
