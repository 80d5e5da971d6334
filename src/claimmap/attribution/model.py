"""The trained attribution tagger (``claimmap.attribution.crf.v1``): a linear-chain CRF over
token features that tags Source, Cue and Content, then joins tags into attributions and
merges them with what the rules found."""

from __future__ import annotations

import functools
import logging
from dataclasses import replace
from importlib import resources
from pathlib import Path

from spacy.tokens import Doc, Span

from claimmap.attribution.cues import Lexicon, load_lexicon
from claimmap.attribution.features import doc_features
from claimmap.attribution.quotes import find_quote_marks
from claimmap.attribution.rules import RawAttribution, kind_of, trim
from claimmap.errors import ModelError

log = logging.getLogger(__name__)

MODEL_FILE = Path(str(resources.files("claimmap.attribution").joinpath(
    "data/attribution.crfsuite")))

TagSpan = tuple[str, int, int]  # role, first token index, last token index + 1 (doc indices)


def tags_to_bio(roles: list[str]) -> list[str]:
    """["O","CON","CON"] -> ["O","B-CON","I-CON"]."""
    out = []
    previous = "O"
    for role in roles:
        if role == "O":
            out.append("O")
        else:
            out.append(("I-" if previous == role else "B-") + role)
        previous = role
    return out


def bio_spans(sent: Span, tags: list[str]) -> list[TagSpan]:
    spans: list[TagSpan] = []
    current: list[int] | None = None
    role = ""
    for offset, tag in enumerate(tags):
        i = sent.start + offset
        if tag == "O":
            if current:
                spans.append((role, current[0], current[1]))
            current = None
            continue
        kind, _, tag_role = tag.partition("-")
        if current and tag_role == role and kind == "I":
            current[1] = i + 1
        else:
            if current:
                spans.append((role, current[0], current[1]))
            current, role = [i, i + 1], tag_role
    if current:
        spans.append((role, current[0], current[1]))
    return spans


class CrfAttributionModel:
    def __init__(self, path: Path, lexicon: Lexicon | None = None) -> None:
        import pycrfsuite

        if not path.exists():
            raise ModelError(f"attribution model missing at {path}; run `make models`")
        self.tagger = pycrfsuite.Tagger()
        self.tagger.open(str(path))
        self.lexicon = lexicon or load_lexicon()

    def tag(self, doc: Doc, rules: list[RawAttribution]) -> list[tuple[Span, list[TagSpan]]]:
        tagged = []
        for sent, feats in doc_features(doc, rules, self.lexicon):
            tags = self.tagger.tag(feats)
            tagged.append((sent, bio_spans(sent, tags)))
        return tagged

    def refine(self, doc: Doc, rules: list[RawAttribution]) -> list[RawAttribution]:
        return merge_with_rules(doc, assemble(doc, self.tag(doc, rules), self.lexicon), rules)


def _char(doc: Doc, start: int, end: int) -> tuple[int, int]:
    return doc[start].idx, doc[end - 1].idx + len(doc[end - 1].text)


def _cue_class(doc: Doc, start: int, end: int, lexicon: Lexicon) -> str:
    for token in doc[start:end]:
        verb = lexicon.verb(token.text)
        if verb is not None:
            return verb[1]
        noun = lexicon.noun(token.text)
        if noun is not None:
            return noun
        if token.lower_ == "according":
            return "say"
    return "other"


def assemble(doc: Doc, tagged: list[tuple[Span, list[TagSpan]]],
             lexicon: Lexicon) -> list[RawAttribution]:
    """Join tagged spans into attributions: each content and source goes to the nearest cue
    of its sentence; content of a cue-less sentence right after an attribution extends it
    (quotes over several sentences)."""
    text = doc.text
    quotes = find_quote_marks(text)
    found: list[RawAttribution] = []
    last: int | None = None  # index in ``found`` of the attribution the previous sentence ended
    for sent, spans in tagged:
        cues = [s for s in spans if s[0] == "CUE"]
        contents = [s for s in spans if s[0] == "CON"]
        sources = [s for s in spans if s[0] == "SRC"]
        if not cues:
            if contents and last is not None:
                previous = found[last]
                start = min(previous.content[0], _char(doc, contents[0][1], contents[0][2])[0])
                end = max(previous.content[1], _char(doc, contents[-1][1], contents[-1][2])[1])
                found[last] = replace(previous, content=trim(text, start, end))
            else:
                last = None
            continue
        groups: dict[int, dict[str, list[TagSpan]]] = {i: {"CON": [], "SRC": []}
                                                       for i in range(len(cues))}
        for span in contents + sources:
            middle = (span[1] + span[2]) / 2
            nearest = min(range(len(cues)), key=lambda i: abs((cues[i][1] + cues[i][2]) / 2
                                                              - middle))
            groups[nearest][span[0]].append(span)
        last = None
        for i, (_, cue_start, cue_end) in enumerate(cues):
            group = groups[i]
            if not group["CON"]:
                continue
            con_start = min(s[1] for s in group["CON"])
            con_end = max(s[2] for s in group["CON"])
            content = trim(text, *_char(doc, con_start, con_end))
            if content[1] - content[0] < 2:
                continue
            source = None
            source_head = None
            if group["SRC"]:
                best = min(group["SRC"], key=lambda s: abs(s[1] - cue_start))
                source = trim(text, *_char(doc, best[1], best[2]))
                source_head = doc[best[1]:best[2]].root.i
            found.append(RawAttribution(
                content=content, cue=_char(doc, cue_start, cue_end),
                cue_class=_cue_class(doc, cue_start, cue_end, lexicon), source=source,
                source_head=source_head, kind=kind_of(content, quotes), method="model:crf",
                score=0.75, cue_token=cue_start))
            if con_end >= sent.end - 2:
                last = len(found) - 1
    return found


def merge_with_rules(doc: Doc, model: list[RawAttribution],
                     rules: list[RawAttribution]) -> list[RawAttribution]:
    """The tagger decides the spans; the rules add what they know better (cue class, the
    accused, a source the tagger missed) and the quotations the tagger left out."""
    merged: list[RawAttribution] = []
    used_rules: set[int] = set()
    for attribution in model:
        match = None
        for index, rule in enumerate(rules):
            if rule.cue and attribution.cue and rule.cue[0] < attribution.cue[1] and \
                    attribution.cue[0] < rule.cue[1]:
                match = index
                break
        if match is not None:
            rule = rules[match]
            used_rules.add(match)
            attribution = replace(
                attribution, cue_class=rule.cue_class, target=rule.target,
                source=attribution.source or rule.source,
                source_head=attribution.source_head if attribution.source else rule.source_head,
                cue_token=rule.cue_token, score=0.9)
        merged.append(attribution)
    for index, rule in enumerate(rules):
        if index in used_rules:
            continue
        if any(rule.content[0] < m.content[1] and m.content[0] < rule.content[1]
               for m in merged):
            continue
        merged.append(rule)
    merged.sort(key=lambda a: a.content[0])
    return merged


@functools.lru_cache(maxsize=2)
def load_model(name: str = "default") -> CrfAttributionModel:
    path = MODEL_FILE if name == "default" else Path(name)
    return CrfAttributionModel(path)
