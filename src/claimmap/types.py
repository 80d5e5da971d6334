"""The ClaimMap data model: frozen, JSON-ready records.

Every span is a :class:`TextSpan` of character offsets into ``Article.text`` so that
``article.text[span.start:span.end] == span.text`` always holds. Field names listed in the
issue tracker as a contract (actors, quotes, article) may gain siblings but are never renamed.
"""

from __future__ import annotations

import dataclasses
import hashlib
import json
import types as _pytypes
import typing
from typing import Any, Literal, TypedDict, TypeVar, get_args, get_origin

SCHEMA_VERSION = "1.0"

ActorKind = Literal["person", "organisation", "country", "group", "vague", "anonymous"]
QuoteKind = Literal["direct", "indirect", "mixed"]
CueClass = Literal[
    "say",
    "accuse",
    "deny",
    "contradict",
    "confirm",
    "estimate",
    "allege",
    "speculate",
    "complain",
    "question",
    "believe",
    "other",
]
CheckworthinessLabel = Literal["CFS", "UFS", "NFS"]
ClaimType = Literal[
    "statistic", "event", "causal", "prediction", "accusation", "denial", "opinion", "other"
]
CertaintyLevel = Literal["asserted", "probable", "possible", "speculative", "questioned"]
SourcingKind = Literal["author", "named", "vague", "anonymous"]
QuantityBound = Literal["exact", "at_least", "at_most", "approx"]
StanceLabel = Literal["agree", "disagree", "discuss", "unrelated"]
DisputeKind = Literal["contradiction", "denial", "accusation", "numeric_conflict"]
SignalName = Literal["sourcing_mix", "hedged_share", "technique_density", "headline_stance",
                     "numeric_conflicts", "originality", "fact_checks"]

T = TypeVar("T")

# Quotes scored below this are attribution's unsure finds (a tagged cue outside the cue
# lexicon); later stages (claims, disputes) build only on quotes at or above it.
SURE_QUOTE_SCORE = 0.5


@dataclasses.dataclass(frozen=True, slots=True)
class TextSpan:
    """A half-open character range ``[start, end)`` of ``Article.text`` and the text it covers."""

    start: int
    end: int
    text: str

    @classmethod
    def of(cls, text: str, start: int, end: int) -> TextSpan:
        return cls(start, end, text[start:end])

    def overlaps(self, other: TextSpan) -> bool:
        return self.start < other.end and other.start < self.end

    def contains(self, other: TextSpan) -> bool:
        return self.start <= other.start and other.end <= self.end


@dataclasses.dataclass(frozen=True, slots=True)
class Article:
    """One input document. ``text`` is what every offset in the ClaimMap indexes."""

    id: str
    text: str
    title: str | None = None
    url: str | None = None
    published: str | None = None
    byline: str | None = None
    outlet: str | None = None
    # Where byline and date were read from (e.g. "html:meta[author]", "text:dateline"), so
    # users can judge them; newspaper-style tools lose this and users complain.
    byline_source: str | None = None
    published_source: str | None = None
    # Image captions and credits kept apart from the body: offsets into ``text`` when they
    # sit inside it (plain text input), otherwise their own strings in ``extra_captions``.
    captions: tuple[TextSpan, ...] = ()
    extra_captions: tuple[str, ...] = ()
    # Where the title line sits in ``text`` when the text starts with it (plain text input).
    title_span: TextSpan | None = None


@dataclasses.dataclass(frozen=True, slots=True)
class Actor:
    id: str
    name: str
    kind: ActorKind
    role: str | None = None
    organisation: str | None = None
    mentions: tuple[TextSpan, ...] = ()
    # The same entity's key in every article ("country:united-states" for "U.S.",
    # "Washington" as a speaker, "the US"); ids are per article, keys are not.
    key: str | None = None


@dataclasses.dataclass(frozen=True, slots=True)
class Speaker:
    actor_id: str | None
    mention: TextSpan | None


@dataclasses.dataclass(frozen=True, slots=True)
class Quote:
    id: str
    kind: QuoteKind
    content: TextSpan
    cue: TextSpan | None
    cue_class: CueClass
    speaker: Speaker
    # How the quote was found ("rule:quote-marks", "model:crf", ...) and a 0..1 confidence.
    method: str = "rule"
    score: float = 1.0
    # The actor who relayed it ("the Herald reported that the mayor denied ..."): the
    # speaker said it, ``via`` reported that they did.
    via: str | None = None


@dataclasses.dataclass(frozen=True, slots=True)
class Checkworthiness:
    label: CheckworthinessLabel
    score: float


@dataclasses.dataclass(frozen=True, slots=True)
class Certainty:
    level: CertaintyLevel
    cues: tuple[TextSpan, ...] = ()


@dataclasses.dataclass(frozen=True, slots=True)
class Sourcing:
    kind: SourcingKind
    actor_id: str | None = None
    quote_id: str | None = None


@dataclasses.dataclass(frozen=True, slots=True)
class Quantity:
    span: TextSpan
    value: float
    unit: str | None
    bound: QuantityBound
    source_actor_id: str | None = None


@dataclasses.dataclass(frozen=True, slots=True)
class Claim:
    id: str
    span: TextSpan
    checkworthiness: Checkworthiness
    type: ClaimType
    certainty: Certainty
    sourcing: Sourcing
    quantities: tuple[Quantity, ...] = ()


@dataclasses.dataclass(frozen=True, slots=True)
class Technique:
    id: str
    span: TextSpan
    technique: str
    score: float
    actor_id: str | None = None
    quote_id: str | None = None


@dataclasses.dataclass(frozen=True, slots=True)
class Stance:
    headline: str
    label: StanceLabel
    scores: dict[str, float]
    # Body sentences that weighed most in the decision.
    evidence: tuple[TextSpan, ...] = ()


@dataclasses.dataclass(frozen=True, slots=True)
class Dispute:
    id: str
    kind: DisputeKind
    a: str
    b: str | None
    actors: tuple[str, ...]
    evidence: TextSpan | None
    score: float


@dataclasses.dataclass(frozen=True, slots=True)
class Accusation:
    accuser: str | None
    accused: str | None
    of: TextSpan
    quote_id: str | None = None
    accused_mention: TextSpan | None = None


@dataclasses.dataclass(frozen=True, slots=True)
class QuoteTarget:
    """Stage record, not part of a ClaimMap: the accused that attribution read off an
    accusing cue's object ("accused *the U.S.* of ..."), handed to disputes."""

    quote_id: str
    span: TextSpan


@dataclasses.dataclass(frozen=True, slots=True)
class FactCheck:
    """A published fact-check (schema.org ClaimReview or a CLEF-2020 verified claim). Every
    text field is exactly as the fact-checker wrote it: the rating is theirs, never ours."""

    id: str
    claim_reviewed: str
    format: Literal["claimreview", "clef2020"]
    rating: str | None = None
    rating_value: str | None = None
    best_rating: str | None = None
    worst_rating: str | None = None
    reviewer: str | None = None
    reviewer_url: str | None = None
    url: str | None = None
    title: str | None = None
    date_published: str | None = None
    claimant: str | None = None
    language: str | None = None
    source_id: str | None = None


@dataclasses.dataclass(frozen=True, slots=True)
class FactCheckMatch:
    """A claim of this article that a fact-check (``ClaimMap.factchecks``) appears to review;
    ``verdict`` is the fact-check's rating text verbatim."""

    claim_id: str
    fact_check_id: str
    title: str
    score: float
    url: str | None = None
    verdict: str | None = None
    reviewer: str | None = None
    rank: int = 1
    method: str = ""


@dataclasses.dataclass(frozen=True, slots=True)
class SignalEvidence:
    """One thing a credibility signal counted: under ``label`` (a sourcing kind, a technique
    class, a fact-checker's rating as written...), the span in this article that shows it,
    the record it comes from, and, for corpus signals, the other article."""

    label: str
    span: TextSpan | None = None
    ref: str | None = None
    article_id: str | None = None
    note: str | None = None


@dataclasses.dataclass(frozen=True, slots=True)
class Signal:
    """A credibility signal of one article: an observation with its evidence, never a score
    of the article. ``value`` is the signal's own measure (a share, a density) or None;
    ``scope`` "corpus" when it needs other articles (a store or a fact-check file)."""

    name: SignalName
    summary: str
    counts: dict[str, int]
    value: float | None = None
    evidence: tuple[SignalEvidence, ...] = ()
    scope: Literal["article", "corpus"] = "article"


@dataclasses.dataclass(frozen=True, slots=True)
class Provenance:
    claimmap: str
    spacy: str
    model: str
    model_version: str
    config_hash: str
    components: tuple[str, ...] = ()


class SummaryCounts(TypedDict):
    actors: int
    quotes: int
    claims: int
    techniques: int
    disputes: int


class Summary(TypedDict):
    """What ``ClaimMap.summary`` holds for a ClaimMap built by the pipeline."""

    counts: SummaryCounts
    quotes_by_kind: dict[str, int]
    quotes_by_actor: dict[str, int]
    techniques: dict[str, int]
    techniques_by_actor: dict[str, dict[str, int]]


@dataclasses.dataclass(frozen=True, slots=True)
class ClaimMap:
    article: Article
    provenance: Provenance
    actors: tuple[Actor, ...] = ()
    quotes: tuple[Quote, ...] = ()
    claims: tuple[Claim, ...] = ()
    techniques: tuple[Technique, ...] = ()
    stance: Stance | None = None
    disputes: tuple[Dispute, ...] = ()
    accusations: tuple[Accusation, ...] = ()
    matches: tuple[FactCheckMatch, ...] = ()
    # The fact-checks that ``matches`` point at (filled by claimmap.match).
    factchecks: tuple[FactCheck, ...] = ()
    # Counts and per-actor tallies (techniques by actor, quotes by actor...): a Summary.
    summary: dict[str, Any] = dataclasses.field(default_factory=dict)
    # Credibility signals, each with its evidence (claimmap.corpus.signals): filled when a
    # store or a fact-check file is given, empty otherwise.
    signals: tuple[Signal, ...] = ()
    # Human-readable notes about the analysis ("text does not look like English").
    notes: tuple[str, ...] = ()
    schema_version: str = SCHEMA_VERSION

    def actor(self, actor_id: str | None) -> Actor | None:
        for actor in self.actors:
            if actor.id == actor_id:
                return actor
        return None

    def to_dict(self) -> dict[str, Any]:
        data: dict[str, Any] = to_dict(self)
        return data

    def to_json_line(self) -> str:
        """Compact JSON on one line: what the store keeps and ``analyze -f jsonl`` prints."""
        return json.dumps(to_dict(self), ensure_ascii=False, separators=(",", ":"))

    @classmethod
    def from_dict(cls, data: dict[str, Any], *, strict: bool = False) -> ClaimMap:
        return from_dict(cls, data, strict=strict)


def make_id(prefix: str, *parts: object) -> str:
    """A deterministic short id, so re-running an article gives the same ids."""
    digest = hashlib.sha1("\x1f".join(str(p) for p in parts).encode("utf-8")).hexdigest()
    return f"{prefix}_{digest[:10]}"


# Field names by record class (None: not a dataclass). Looking them up with
# dataclasses.fields for every record of every ClaimMap was most of to_dict's time.
_FIELD_NAMES: dict[type, tuple[str, ...] | None] = {}
_PLAIN = frozenset({str, int, float, bool, type(None)})


def _field_names(cls: type) -> tuple[str, ...] | None:
    names = _FIELD_NAMES.get(cls, ())
    if names == ():
        names = _FIELD_NAMES[cls] = tuple(f.name for f in dataclasses.fields(cls)) \
            if dataclasses.is_dataclass(cls) else None
    return names


def to_dict(record: Any) -> Any:
    """Plain JSON-ready structure (tuples become lists) of a record tree."""
    cls = type(record)
    if cls in _PLAIN:
        return record
    names = _field_names(cls)
    if names is not None:  # a dataclass instance (a dataclass itself is of type ``type``)
        return {name: to_dict(getattr(record, name)) for name in names}
    if isinstance(record, (tuple, list)):
        return [to_dict(item) for item in record]
    if isinstance(record, dict):
        return {str(k): to_dict(v) for k, v in record.items()}
    return record


_HINTS: dict[type, dict[str, Any]] = {}


def _hints(cls: type) -> dict[str, Any]:
    if cls not in _HINTS:
        _HINTS[cls] = typing.get_type_hints(cls)
    return _HINTS[cls]


def _convert(hint: Any, value: Any, strict: bool = False) -> Any:
    if value is None:
        return None
    origin = get_origin(hint)
    if origin in (typing.Union, _pytypes.UnionType):
        options = [a for a in get_args(hint) if a is not type(None)]
        return _convert(options[0], value, strict) if len(options) == 1 else value
    if origin is tuple:
        (item_hint, *_rest) = get_args(hint)
        return tuple(_convert(item_hint, item, strict) for item in value)
    if origin is dict:
        return dict(value)
    if isinstance(hint, type) and dataclasses.is_dataclass(hint):
        return from_dict(hint, value, strict=strict)
    return value


def from_dict(cls: type[T], data: dict[str, Any], *, strict: bool = False) -> T:
    """Rebuild a record from :func:`to_dict` output.

    Unknown keys are ignored (JSON written by a newer claimmap still reads), or with
    ``strict`` raise ValueError, for code that must not lose a field silently.
    """
    if not strict:
        return _decoder(cls)(data)  # type: ignore[no-any-return]
    hints = _hints(cls)
    names = {f.name for f in dataclasses.fields(cls)}  # type: ignore[arg-type]
    if not set(data) <= names:
        unknown = ", ".join(sorted(set(data) - names))
        raise ValueError(f"{cls.__name__} has no field(s) {unknown}")
    kwargs = {k: _convert(hints[k], v, strict) for k, v in data.items() if k in names}
    return cls(**kwargs)


# The non-strict from_dict, built once per record class from the type hints, not worked out
# again for every value (the Ray driver rebuilds every ClaimMap from JSON). As _convert does.
Decoder = typing.Callable[[Any], Any]
_DECODERS: dict[type, Decoder] = {}


def _decoder(cls: type, building: frozenset[type] = frozenset()) -> Decoder:
    """``cls``'s decoder, shared once whole; ``building``: classes being built further up."""
    if (found := _DECODERS.get(cls)) is not None:
        return found
    hints = _hints(cls)
    fields = {f.name: _field_decoder(hints[f.name], building | {cls})
              for f in dataclasses.fields(cls)}

    def decode(data: dict[str, Any]) -> Any:
        return cls(**{k: v if (convert := fields[k]) is None or v is None else convert(v)
                      for k, v in data.items() if k in fields})

    _DECODERS[cls] = decode
    return decode


def _field_decoder(hint: Any, building: frozenset[type]) -> Decoder | None:
    """How to convert a non-None value of ``hint`` (None: keep it as it is)."""
    origin = get_origin(hint)
    if origin in (typing.Union, _pytypes.UnionType):
        options = [a for a in get_args(hint) if a is not type(None)]
        return _field_decoder(options[0], building) if len(options) == 1 else None
    if origin is tuple:
        item = _field_decoder(get_args(hint)[0], building)
        return tuple if item is None else (
            lambda value: tuple(None if v is None else item(v) for v in value))
    if origin is dict:
        return dict
    if isinstance(hint, type) and dataclasses.is_dataclass(hint):
        # A class being built further up is looked up when called, by then built.
        return (lambda v: _decoder(hint)(v)) if hint in building else _decoder(hint, building)
    return None
