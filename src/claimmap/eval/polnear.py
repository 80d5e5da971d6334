"""Read and write PolNeAR-style attribution folders (brat standoff).

A folder holds ``text/<article>.txt`` and ``attributions/<article>_<annotator>.ann``. Each
``E`` line ties one attribution's roles (``Source``, ``Cue``, ``Content``, ``Content2``...)
to ``T`` spans; the anchor role ``Attribution-no-source`` marks an attribution whose source
is not expressed. Spans are kept as their fragments (``s e;s e`` in brat), offsets index the
``.txt`` exactly as read (UTF-8, newlines untouched).

Quirks handled here, as the corpus has them: span text may run over several lines (a line
that is not a ``T``/``E``/``A``/``#`` record continues the one before it, even if it starts
with a capital T), and a few articles have one file per annotator: we keep the first file in
sorted order so every article is scored against one consistent annotation.
"""

from __future__ import annotations

import dataclasses
import re
from collections.abc import Iterable, Sequence
from pathlib import Path

from claimmap.errors import InputError

Fragment = tuple[int, int]
Fragments = tuple[Fragment, ...]

ROLES = ("source", "cue", "content")
NO_SOURCE = "Attribution-no-source"

# A record line starts with its kind letter, a number and a TAB ("#" notes may lack the
# number); anything else continues the previous record's span text.
_RECORD = re.compile(r"^(?:[TEAR]\d+|#\d*)\t")
_ROLE_DIGITS = re.compile(r"\d+$")


class PolnearFormatError(InputError):
    """An annotation file that cannot be read as brat standoff."""


@dataclasses.dataclass(frozen=True, slots=True)
class PolnearAttribution:
    """One gold attribution: each role as its fragments, empty when not annotated."""

    id: str
    source: Fragments = ()
    cue: Fragments = ()
    content: Fragments = ()
    # True when the annotator marked the source as not expressed in the text.
    no_source: bool = False

    def role(self, name: str) -> Fragments:
        if name not in ROLES:
            raise KeyError(name)
        fragments: Fragments = getattr(self, name)
        return fragments


@dataclasses.dataclass(frozen=True, slots=True)
class PolnearArticle:
    id: str
    text: str
    attributions: tuple[PolnearAttribution, ...]
    # The annotator whose file was read (the part of the file name after the last "_").
    annotator: str = ""


@dataclasses.dataclass(frozen=True, slots=True)
class _Span:
    label: str
    fragments: Fragments


def covering(fragments: Sequence[Fragment]) -> Fragment | None:
    """The smallest range holding every fragment, or None for no fragments."""
    if not fragments:
        return None
    return min(s for s, _ in fragments), max(e for _, e in fragments)


def _records(content: str) -> Iterable[tuple[int, str]]:
    """(line number, record) pairs with continuation lines folded into their record."""
    record: str | None = None
    number = 0
    for index, line in enumerate(content.split("\n"), start=1):
        line = line.rstrip("\r")
        if _RECORD.match(line):
            if record is not None:
                yield number, record
            record, number = line, index
        elif record is not None:
            record += "\n" + line
        elif line.strip():
            raise PolnearFormatError(f"line {index}: text before the first record")
    if record is not None:
        yield number, record


def _parse_fragments(spec: str, where: str, text_length: int | None) -> Fragments:
    fragments: list[Fragment] = []
    for part in spec.split(";"):
        bounds = part.split()
        if len(bounds) != 2 or not all(b.isdigit() for b in bounds):
            raise PolnearFormatError(f"{where}: bad span offsets {part!r}")
        start, end = int(bounds[0]), int(bounds[1])
        if start > end or (text_length is not None and end > text_length):
            raise PolnearFormatError(f"{where}: span {start}-{end} is outside the text")
        fragments.append((start, end))
    return tuple(sorted(fragments))


def parse_ann(content: str, *, text_length: int | None = None,
              source: str = "annotation") -> tuple[PolnearAttribution, ...]:
    """The attributions of one ``.ann`` file's content, in file order of their E lines.

    ``text_length`` (the article's length) lets offsets be checked against the text.
    """
    spans: dict[str, _Span] = {}
    events: list[tuple[str, list[tuple[str, str]], str]] = []
    for number, record in _records(content):
        where = f"{source}:{number}"
        kind = record[0]
        fields = record.split("\t")
        if kind == "T":
            if len(fields) < 2 or " " not in fields[1]:
                raise PolnearFormatError(f"{where}: a T line needs 'label start end'")
            label, spec = fields[1].split(" ", 1)
            spans[fields[0]] = _Span(label, _parse_fragments(spec, where, text_length))
        elif kind == "E":
            if len(fields) < 2:
                raise PolnearFormatError(f"{where}: an E line needs its arguments")
            arguments = []
            for argument in fields[1].split():
                role, sep, ref = argument.partition(":")
                if not sep or not ref:
                    raise PolnearFormatError(f"{where}: bad argument {argument!r}")
                arguments.append((role, ref))
            events.append((fields[0], arguments, where))
        # A (attributes), R (relations) and # (notes) carry nothing we score.
    attributions = []
    for event_id, arguments, where in events:
        roles: dict[str, list[Fragment]] = {r: [] for r in ROLES}
        no_source = False
        for role, ref in arguments:
            span = spans.get(ref)
            if span is None:
                raise PolnearFormatError(f"{where}: {event_id} refers to missing span {ref}")
            # "Content2" is a second content span of the same attribution.
            name = _ROLE_DIGITS.sub("", role).lower()
            if role == NO_SOURCE:
                no_source = True
            elif name in roles:
                roles[name].extend(span.fragments)
        attributions.append(PolnearAttribution(
            id=event_id,
            source=tuple(sorted(roles["source"])),
            cue=tuple(sorted(roles["cue"])),
            content=tuple(sorted(roles["content"])),
            no_source=no_source,
        ))
    return tuple(attributions)


def _split_name(path: Path) -> tuple[str, str]:
    stem, sep, annotator = path.stem.rpartition("_")
    return (stem, annotator) if sep else (path.stem, "")


def read_polnear(directory: str | Path, *, limit: int | None = None) -> list[PolnearArticle]:
    """Every annotated article of a PolNeAR-style folder, sorted by id.

    Articles with a text but no annotation file are left out (nothing to score against);
    ``limit`` keeps the first N articles in that order.
    """
    root = Path(directory)
    text_dir, ann_dir = root / "text", root / "attributions"
    for folder in (text_dir, ann_dir):
        if not folder.is_dir():
            raise InputError(f"{root}: no {folder.name}/ folder (expected a PolNeAR-style "
                             "folder with text/ and attributions/)")
    first_file: dict[str, tuple[Path, str]] = {}
    for path in sorted(ann_dir.glob("*.ann")):
        article_id, annotator = _split_name(path)
        first_file.setdefault(article_id, (path, annotator))
    articles: list[PolnearArticle] = []
    for article_id in sorted(first_file):
        text_path = text_dir / f"{article_id}.txt"
        if not text_path.is_file():
            continue
        if limit is not None and len(articles) >= limit:
            break
        ann_path, annotator = first_file[article_id]
        try:
            # newline="" keeps "\r\n" as two characters, as brat counts them.
            with text_path.open(encoding="utf-8", newline="") as handle:
                text = handle.read()
            with ann_path.open(encoding="utf-8", newline="") as handle:
                ann = handle.read()
        except (OSError, UnicodeDecodeError) as err:
            raise InputError(f"cannot read {article_id}: {err}") from None
        attributions = parse_ann(ann, text_length=len(text), source=ann_path.name)
        articles.append(PolnearArticle(article_id, text, attributions, annotator))
    if not articles:
        raise InputError(f"{root}: no article has both a text and an annotation file")
    return articles


def _brat_text(text: str, fragments: Fragments) -> str:
    # brat joins fragments with a space; newlines are flattened so each record is one line.
    return " ".join(text[s:e] for s, e in fragments).replace("\r", " ").replace("\n", " ")


def format_ann(text: str, attributions: Iterable[PolnearAttribution]) -> str:
    """Brat standoff for ``attributions``, in the corpus's own layout (readable by
    :func:`parse_ann`). The anchor span is the cue, else the content."""
    lines: list[str] = []
    t_count = 0

    def add_span(label: str, fragments: Fragments) -> str:
        nonlocal t_count
        t_count += 1
        spec = ";".join(f"{s} {e}" for s, e in fragments)
        lines.append(f"T{t_count}\t{label} {spec}\t{_brat_text(text, fragments)}")
        return f"T{t_count}"

    for e_count, attribution in enumerate(attributions, start=1):
        arguments: list[str] = []
        roles = []
        for role in ("source", "cue", "content"):
            fragments = attribution.role(role)
            if fragments:
                roles.append(f"{role.capitalize()}:{add_span(role.capitalize(), fragments)}")
        anchor = attribution.cue or attribution.content or attribution.source
        if not anchor:
            continue
        label = NO_SOURCE if attribution.no_source or not attribution.source else "Attribution"
        arguments.append(f"{label}:{add_span(label, anchor)}")
        arguments.extend(roles)
        lines.append(f"E{e_count}\t{' '.join(arguments)}")
    return "".join(line + "\n" for line in lines)
