"""Merging the tagger's attributions with what the rules found: which side wins where they
overlap, nested reports, sources filled from the parse, contents snapped to quotation marks."""

from __future__ import annotations

import bisect
from dataclasses import replace

from spacy.tokens import Doc, Token

from claimmap.attribution.assembly import UNSURE_SCORE, char_range, head_of_source, sure_cue
from claimmap.attribution.cues import load_lexicon
from claimmap.attribution.intervals import spans_of
from claimmap.attribution.quotes import QuoteMarkSpan, speech_quotes
from claimmap.attribution.rules import (
    RawAttribution,
    doc_text,
    find_source,
    kind_of,
    sentence_of,
    source_range,
    strip_connective,
    trim,
)
from claimmap.attribution.sources import (
    NOT_SPEAKERS,
    adjacent_source,
    chunk_of,
    governing_subject,
    inherit_sources,
)

# Pronouns that nest one speaker's own words ("he fears", "I think"), unlike "some".
PERSONAL = {"i", "you", "he", "she", "we", "they", "it", "who", "that", "which"}


def _overlap(a: tuple[int, int], b: tuple[int, int]) -> bool:
    return a[0] < b[1] and b[0] < a[1]


def _same_sentence(doc: Doc, a: int, b: int) -> bool:
    first = doc.char_span(min(a, b) - 1, min(a, b), alignment_mode="expand")
    return first is not None and max(a, b) <= sentence_of(doc, first.start).end_char


def _matching_rule(rules: list[RawAttribution], by_cue: list[tuple[int, int, int]],
                   longest: int, cue: tuple[int, int]) -> int | None:
    """The first rule (in the rules' order) whose cue overlaps ``cue``."""
    k = bisect.bisect_left(by_cue, (cue[1], -1, -1)) - 1
    best = None
    while k >= 0 and by_cue[k][0] > cue[0] - longest:
        start, end, index = by_cue[k]
        if start < cue[1] and cue[0] < end and (best is None or index < best):
            best = index
        k -= 1
    return best


def merge_with_rules(doc: Doc, model: list[RawAttribution],
                     rules: list[RawAttribution]) -> list[RawAttribution]:
    """The tagger decides the spans; the rules add what they know better (cue class, the
    accused, a source the tagger missed) and the quotations the tagger left out."""
    merged: list[RawAttribution] = []
    used_rules: set[int] = set()
    by_cue = sorted((r.cue[0], r.cue[1], i) for i, r in enumerate(rules) if r.cue)
    longest = max((e - s for s, e, _ in by_cue), default=0) + 1
    openers = {q.start: q for q in speech_quotes(doc_text(doc), mixed=True)}
    whole: list[RawAttribution] = []  # relayed reports the rules read whole
    for attribution in model:
        attribution = _without_dangling_opener(doc, attribution, openers)
        match = None if attribution.cue is None else _matching_rule(rules, by_cue, longest,
                                                                     attribution.cue)
        relayed_speaker = None if match is None or rules[match].via is None else rules[match].source
        if match is not None and relayed_speaker is not None and \
                relayed_speaker[0] <= attribution.content[0] < relayed_speaker[1]:
            # "[The office] was quoted by the Herald as saying that ...": the tagger took
            # the speaker for the content of a relayed report; the rule reads it whole.
            used_rules.add(match)
            merged.append(rules[match])
            whole.append(rules[match])
            continue
        if match is not None:
            used_rules.add(match)
            attribution = _with_rule(doc, attribution, rules[match])
        elif attribution.cue is not None and attribution.cue_class == "other":
            if attribution.source is None:
                continue  # tagged as cue, but no reporting word we know and no source
            # Kept for recall (PolNeAR counts "brand", "mocked"...), flagged as unsure so
            # claims and disputes can lean on surer quotes.
            attribution = replace(attribution, score=UNSURE_SCORE)
        merged.append(attribution)
    # ... and the tagger's piece of the same report ("as [saying] that ...") goes.
    merged = [a for a in merged if a in whole or a.cue is None or not any(
        w.cue is not None and w.cue[0] <= a.cue[0] < w.content[0]
        and _overlap(a.content, w.content) for w in whole)]
    n_model = len(merged)
    spans = spans_of(merged)
    for index, rule in enumerate(rules):
        if index in used_rules:
            continue
        if rule.cue is not None and rule.source is not None:
            # A cued, sourced rule find inside a tagged content that ran on past its own
            # sentence: the content stops where the rule's sentence begins.
            sent_start = doc.char_span(*rule.cue, alignment_mode="expand")
            start = (sentence_of(doc, sent_start.start).start_char if sent_start is not None
                     else rule.cue[0])
            for i in spans.near(rule.cue[0], rule.cue[0] + 1):
                m = merged[i]
                if m.content[0] < start <= rule.cue[0] < m.content[1] and m.cue is not None \
                        and m.cue[1] <= start:
                    merged[i] = replace(m, content=trim(doc_text(doc), m.content[0], start))
        if rule.cue is not None and rule.source is not None:
            personal = rule.source_head is not None and \
                doc[rule.source_head].lower_ in PERSONAL
            region = (min(rule.source[0], rule.cue[0]), max(rule.source[1], rule.cue[1]))
            for i in spans.near(*region):
                if i >= n_model:
                    continue
                # "X said he believed Y" nests one speaker's attribution; keep it whole.
                # "He says X and says Y" shares the subject before both: the second cue
                # ends the first content.
                nested = personal and merged[i].content[0] <= rule.source[0]
                cut = None if nested else _cut_around(doc_text(doc), merged[i], rule)
                if cut is not None:
                    merged[i] = replace(merged[i], content=cut)
        clashing = [i for i in spans.near(*rule.content) if i < n_model
                    and rule.content[0] < merged[i].content[1]
                    and merged[i].content[0] < rule.content[1]]
        if clashing and rule.cue is not None and rule.source is not None and all(
                merged[i].cue is None or merged[i].source is None
                or (merged[i].cue_class == "other" and rule.cue_class == "say")
                for i in clashing):
            # A cue-less continuation the rules can attribute ("...” — Commissioner X"),
            # a tagged "cue" that is no reporting word ("The cause [was not yet known],
            # the fire service said") or one without a source ("quoted X as [saying]"):
            # the rule's reading wins.
            for i in clashing:
                merged[i] = rule
                spans.grew(i)
            continue
        if clashing and not ((rule.cue is not None and rule.source is not None
                             and rule.source_head is not None
                             and doc[rule.source_head].lower_ not in PERSONAL and all(
                merged[i].content[0] <= min(rule.source[0], rule.cue[0])
                and rule.content[1] <= merged[i].content[1] + 1 for i in clashing))
                or _reports_whole(rule, [merged[i] for i in clashing])):
            continue  # the tagger's reading of that passage wins ...
        # ... but "reported that [the mayor denied X]" nests the rule's whole attribution
        # (a named, described or vague source; "he fears", "I think" nest one speaker's
        # own words), and "a source told the paper that [an aide had warned X]" is an
        # outer report the tagger kept only the inner attribution of
        merged.append(rule)
        spans.add(len(merged) - 1, rule.content)
    quoted = [(q.start, q.end) for q in speech_quotes(doc_text(doc), mixed=True)]
    merged = inherit_sources(doc, [_without_leading_cue(doc, _source_from_parse(doc, a, quoted))
                                   for a in _sources_outside([_subject_out_of_content(
                                       doc, _no_function_word_source(doc, a)) for a in merged])])
    merged = [_speaker_after_quotation(doc, _adjunct_participle_subject(
        doc, _relative_clause_source(doc, _impression_unsourced(doc, a)))) for a in merged]
    merged = _speaker_slot_contents(doc, merged)
    merged = _opening_participles(doc, merged)
    merged = _quoted_cues_continue(doc, merged)
    merged = _split_conjoined_cues(doc, merged)
    merged.sort(key=lambda a: a.content[0])
    merged = _snap_to_quotes(doc, merged)
    return _continuations_follow(_cued_between_quotes(doc, merged))


def _cued_between_quotes(doc: Doc, found: list[RawAttribution]) -> list[RawAttribution]:
    """"“I disagree," said Gen. Ana Holt, who led the mission. "The bottom line ...”": an
    editor's straight mark beside curly ones made the rules' quote marks run on over the
    cue, so the whole passage came out as a cue-less continuation. A sure cue outside
    every quotation inside it, with its speaker there too, names who said it."""
    text = doc_text(doc)
    quoted = [(q.start, q.end) for q in speech_quotes(text, mixed=True)]
    lexicon = load_lexicon()
    out = []
    for attribution in found:
        start, end = attribution.content
        if attribution.cue is None and attribution.method in CONTINUATIONS:
            span = doc.char_span(start, end, alignment_mode="expand")
            cue = None if span is None else next(
                (t for t in span if t.pos_ == "VERB" and not _in_quotation(quoted, t.idx)
                 and sure_cue(doc, t.i, t.i + 1, lexicon)), None)
            subject = None if cue is None else find_source(cue)
            beside = None if cue is None or subject is not None else adjacent_source(
                doc, doc[cue.i:cue.i + 1])
            source, head = None, None
            if subject is not None:
                source, head = source_range(subject), subject.i
            elif beside is not None:
                source, head = char_range(doc, beside[0], beside[1]), beside[2]
            if cue is not None and source is not None and start <= source[0] and \
                    source[1] <= end and not _in_quotation(quoted, source[0]):
                attribution = replace(attribution, cue=char_range(doc, cue.i, cue.i + 1),
                                      cue_token=cue.i, source=source, source_head=head,
                                      via=None, via_head=None,
                                      method="rule:cue-between-quotes")
        out.append(attribution)
    return out


def _with_rule(doc: Doc, attribution: RawAttribution, rule: RawAttribution) -> RawAttribution:
    """A tagged attribution with the rule that read the same cue: the rule's cue class,
    accused, relayer and (where the tagger found none) source; the content mended where the
    tagger's spans are plainly off."""
    if attribution.source is not None and rule.source is not None and \
            not _overlap(attribution.source, rule.source) and \
            _prepositional_object(doc, attribution.source) and \
            not _overlap(rule.source, attribution.content):
        # "Lewandowski, in [a statement released by the campaign], said": a phrase the
        # cue's preposition governs is how or where it was said; the parse's subject says it.
        attribution = replace(attribution, source=rule.source, source_head=rule.source_head)
    tagged_source = attribution.source
    # The tagger's source span is what PolNeAR scores; the rule's parse knows the
    # phrase's head better ("Merrow's mayor, Judith Carr": Carr, not Merrow).
    head = attribution.source_head if attribution.source else rule.source_head
    if attribution.source and rule.source and rule.source_head is not None and \
            _overlap(attribution.source, rule.source):
        head = rule.source_head
    attribution = replace(
        attribution, cue_class=rule.cue_class, target=rule.target,
        source=attribution.source or rule.source, source_head=head,
        cue_token=rule.cue_token, score=0.9, via=rule.via, via_head=rule.via_head)
    accused_only = rule.target is not None and _overlap(attribution.content, rule.target)
    if (accused_only or _overlap(attribution.content, rule.content)) and \
            attribution.content[0] <= rule.content[0] and \
            _same_sentence(doc, attribution.content[1], rule.content[1]):
        # The tagger sometimes stops a content early ("11 miners | were injured"), or
        # takes only the accused ("blamed [the company]"); the parse's clause runs on to
        # what they are blamed for.
        end = max(attribution.content[1], rule.content[1])
        return replace(attribution, content=(attribution.content[0], end))
    if tagged_source is None and rule.source is not None and \
            _overlap(attribution.content, rule.source) and \
            not _overlap(rule.content, rule.source):
        # "Only 12 soldiers have been confirmed [dead by Russia]": the tagged content
        # holds the speaker the parse gives the cue; the parse's is right.
        return replace(attribution, content=rule.content)
    if rule.via is not None and rule.content[0] < attribution.content[0] < rule.content[1] \
            and attribution.content[1] <= rule.content[1] + 1:
        # "A source told the paper that [an aide had warned her ...]": a relayed report's
        # clause starts where the parse says, with its own speaker in it.
        return replace(attribution, content=(rule.content[0], attribution.content[1]))
    return attribution


def _opening_participles(doc: Doc, found: list[RawAttribution]) -> list[RawAttribution]:
    """"Holm stated that the pier is safe. Adding, “We will reopen it.”": a sentence that
    opens on a participle cue with no subject goes on with the speaker of the sentence
    before it (the attribution ending last there)."""
    ends = sorted((a.content[1], i) for i, a in enumerate(found))
    out = []
    for attribution in found:
        cue = attribution.cue
        if attribution.source is None and cue is not None:
            span = doc.char_span(*cue, alignment_mode="expand")
            sent = None if span is None else sentence_of(doc, span.start)
            words = [] if sent is None else [t for t in sent if not t.is_punct
                                             and t.lower_ not in ("and", "but")]
            verb = words[0] if words else None
            if span is not None and sent is not None and sent.start > 0 and \
                    verb is not None and verb.tag_ == "VBG" and span.start <= verb.i < span.end \
                    and not any(c.dep_ in ("nsubj", "nsubjpass") for c in verb.children):
                previous = sentence_of(doc, sent.start - 1)
                k = bisect.bisect_right(ends, (sent.start_char + 1, len(found))) - 1
                speaker = found[ends[k][1]] if k >= 0 else None
                if speaker is not None and speaker.source is not None and \
                        speaker.content[1] > previous.start_char and \
                        not _overlap(speaker.source, attribution.content):
                    attribution = replace(attribution, source=speaker.source,
                                          source_head=speaker.source_head)
        out.append(attribution)
    return out


def _subject_out_of_content(doc: Doc, attribution: RawAttribution) -> RawAttribution:
    """"[Germany views itself as a leader]", "[The complaint, which was filed in May,
    alleged that ...]": a tagged content that ran back over its own cue and the cue's
    subject starts after the cue; the subject is the source (a source the tagger put in
    that stretch gives way to it). Not where a quotation comes before the cue ("“A,” she
    said, “B.”" is one speaker's two halves)."""
    cue, (start, end) = attribution.cue, attribution.content
    if cue is None or not start < cue[0] < cue[1] < end:
        return attribution
    text = doc_text(doc)
    if any(ch in QUOTE_CHARS for ch in text[start:cue[0]]) or "''" in text[start:cue[0]]:
        return attribution
    if attribution.source is not None and not start <= attribution.source[0] < cue[0]:
        return attribution
    span = doc.char_span(*cue, alignment_mode="expand")
    if span is None:
        return attribution
    verb = next((t for t in span if t.pos_ == "VERB"), None)
    subject = None if verb is None else next(
        (c for c in verb.children if c.dep_ in ("nsubj", "nsubjpass")), None)
    if verb is None or subject is None or subject.lower_ in NOT_SPEAKERS:
        return attribution
    source = source_range(subject)
    content = trim(text, cue[1], end)
    # Only the subject phrase before the cue: "In the long run, economists say, ..." and
    # "“A,” she said" are other shapes; seem-verbs and passives ("The board is expected
    # to ...") name no speaker.
    if source[0] != start or source[1] > cue[0] or text[source[1]:cue[0]].strip(" ,") or \
            len(text[content[0]:content[1]].split()) < 2 or \
            any(c.dep_ == "auxpass" for c in verb.children) or \
            any(w in IMPRESSION_VERBS for w in text[cue[0]:cue[1]].lower().split()):
        return attribution
    after = doc.char_span(*content, alignment_mode="expand")
    if after is None or after[0].tag_ in _FINITE_TAGS:
        # "Everything Trump says [is a lie]": a finite verb right after the cue has lost
        # its subject to the cue in the parse; the reading is not safe.
        return attribution
    return replace(attribution, content=content, source=source, source_head=subject.i)


# Dependents that make a conjoined verb a report of its own: it says something about
# something ("and called his standing “unheard of”", "and denied any link").
_COMPLEMENTS = {"dobj", "ccomp", "xcomp", "prep", "attr", "dative", "oprd", "acomp"}


def _split_conjoined_cues(doc: Doc, found: list[RawAttribution]) -> list[RawAttribution]:
    """"He did say [he found Trump charming] and called [his standing “unheard of”]",
    "Obama addressed [the concerns], stating [that ...]": a verb of our lexicon conjoined
    to the cue (or a participle hanging from it) inside the content, with a complement of
    its own and no subject, is a second attribution of the same speaker; the first content
    ends before it."""
    text = doc_text(doc)
    quoted = [(q.start, q.end) for q in speech_quotes(text, mixed=True)]
    cue_starts = {a.cue[0] for a in found if a.cue is not None}
    out: list[RawAttribution] = []
    for attribution in found:
        pieces = _conjoined_split(doc, text, attribution, quoted, cue_starts)
        out.extend(pieces if pieces is not None else [attribution])
    return out


def _conjoined_split(doc: Doc, text: str, attribution: RawAttribution,
                     quoted: list[tuple[int, int]], cue_starts: set[int]
                     ) -> list[RawAttribution] | None:
    cue, (start, end) = attribution.cue, attribution.content
    if cue is None or attribution.source is None or start < cue[1]:
        return None
    span = doc.char_span(*cue, alignment_mode="expand")
    verb = None if span is None else next((t for t in span if t.pos_ == "VERB"), None)
    if verb is None:
        return None
    second = next((w for w in verb.children if start < w.idx < end and w.pos_ == "VERB" and (
        w.dep_ == "conj" or (w.dep_ == "advcl" and w.tag_ == "VBG"))
        and w.idx not in cue_starts and not _in_quotation(quoted, w.idx)
        and any(c.dep_ in _COMPLEMENTS and c.i > w.i for c in w.children)), None)
    entry = None if second is None else load_lexicon().verb(second.text)
    if second is None or entry is None or any(c.dep_ in ("nsubj", "nsubjpass")
                                              for c in second.children):
        return None
    first = strip_connective(text, start, second.idx)
    rest = trim(text, second.idx + len(second.text), end)
    if len(text[first[0]:first[1]].split()) < 2 or len(text[rest[0]:rest[1]].split()) < 2:
        return None
    return [replace(attribution, content=first),
            replace(attribution, content=rest, cue=(second.idx, second.idx + len(second.text)),
                    cue_token=second.i, cue_class=entry[1], target=None,
                    score=attribution.score if sure_cue(doc, second.i, second.i + 1,
                                                        load_lexicon()) else UNSURE_SCORE)]


def _prepositional_object(doc: Doc, source: tuple[int, int]) -> bool:
    """Is the phrase the object of a preposition ("in a statement", "to reporters")?"""
    span = doc.char_span(*source, alignment_mode="expand")
    if span is None:
        return False
    root = span.root
    return root.dep_ == "pobj" and root.head.dep_ == "prep" and root.head.i < span.start


CONTINUATIONS = ("rule:continuation", "model:crf-continuation")


def _quoted_cues_continue(doc: Doc, found: list[RawAttribution]) -> list[RawAttribution]:
    """"“... Their philosophy [seems] to be to give up on growth.”" after "Mr. Holtz-Eakin
    said.": a cue the tagger found inside a quotation, with its content (and any source)
    inside it too, is the quoted speaker's own wording (the rules never read cues there);
    the quotation continues the speaker before it."""
    quoted = [(q.start, q.end) for q in speech_quotes(doc_text(doc), mixed=True) if q.closed]
    out = []
    for attribution in found:
        cue = attribution.cue
        holder = None if cue is None or attribution.method != "model:crf" else next(
            (q for q in quoted if q[0] < cue[0] and cue[1] < q[1]), None)
        if holder is not None and holder[0] <= attribution.content[0] and \
                attribution.content[1] <= holder[1] and (
                    attribution.source is None or holder[0] <= attribution.source[0]):
            attribution = RawAttribution(content=holder, cue=None, cue_class="say",
                                         source=None, source_head=None, kind="direct",
                                         method="model:crf-continuation",
                                         score=attribution.score)
        out.append(attribution)
    return out


def _continuations_follow(found: list[RawAttribution]) -> list[RawAttribution]:
    """"“A,” he continued. “B.”": the rules gave the cue-less quotation to the speaker
    before it while "continued" was no cue of theirs; after the merge the attribution that
    ends last before it (the outermost of those, so not a report nested in a quotation)
    is the speaker whose turn it continues. ``found`` is sorted by content start."""
    out: list[RawAttribution] = []
    last: RawAttribution | None = None  # ends last so far; outermost on ties
    for attribution in found:
        if attribution.cue is None and attribution.method in CONTINUATIONS and \
                last is not None and last.source is not None and \
                last.content[1] <= attribution.content[0] + 1 and \
                attribution.content[0] - last.content[1] < 1500 and \
                last.source != attribution.source:
            attribution = replace(attribution, source=last.source,
                                  source_head=last.source_head, via=last.via,
                                  via_head=last.via_head)
        out.append(attribution)
        if last is None or attribution.content[1] > last.content[1]:
            last = attribution
    return out


_FINITE_TAGS = {"VBD", "VBZ", "VBP", "MD"}


def _speaker_slot_contents(doc: Doc, found: list[RawAttribution]) -> list[RawAttribution]:
    """"The ferry is running again, according to [the port authority].", "The pier was
    sold in May, said [Ivo Marsh, a harbour pilot]": the tagger took the noun phrase after a
    sure cue that ends its sentence for the content. That phrase is who said it; what was
    said is the clause before the cue, when no other attribution holds it already."""
    text = doc_text(doc)
    spans = spans_of(found)
    out = []
    for attribution in found:
        fixed = _speaker_slot(doc, text, attribution)
        if fixed is not None and not any(
                found[i] is not attribution and _overlap(found[i].content, fixed.content)
                for i in spans.near(*fixed.content)):
            attribution = fixed
        out.append(attribution)
    return out


def _speaker_slot(doc: Doc, text: str, attribution: RawAttribution) -> RawAttribution | None:
    cue = attribution.cue
    if cue is None or attribution.content[0] < cue[1]:
        return None
    cue_span = doc.char_span(*cue, alignment_mode="expand")
    content = doc.char_span(*attribution.content, alignment_mode="expand")
    if cue_span is None or content is None or not sure_cue(
            doc, cue_span.start, cue_span.end, load_lexicon()):
        return None
    sent = sentence_of(doc, cue_span.start)
    if content.end > sent.end or any(t.pos_ in ("VERB", "AUX") for t in content):
        return None
    if any(not t.is_punct and not t.is_space for t in doc[content.end:sent.end]):
        return None  # the phrase must close the sentence
    # The cue follows a comma closing a clause with a finite verb of its own.
    comma = cue_span.start - 1
    if comma <= sent.start or doc[comma].text != ",":
        return None
    before = doc[sent.start:comma]
    if not any(t.tag_ in _FINITE_TAGS for t in before) or any(t.is_quote for t in before):
        return None
    if attribution.source is not None and attribution.source[0] < cue[1]:
        return None  # a source before the cue: the phrase after it is no speaker
    # The speaker runs from the cue to the sentence's end, over any tagged source there.
    speaker = doc[cue_span.end:content.end]
    said = trim(text, sent.start_char, doc[comma].idx)
    if said[1] - said[0] < 2 or not len(speaker):
        return None
    return replace(attribution, content=said,
                   source=trim(text, speaker.start_char, speaker.end_char),
                   source_head=head_of_source(speaker))


def _speaker_after_quotation(doc: Doc, attribution: RawAttribution) -> RawAttribution:
    """"A quarrel between those who fear the new pier (''It is a folly,'' Ana Holt
    wrote)": with the content between a source and its cue, the name right before
    the cue, after the content, is who wrote it; the parse hung the cue on a subject
    before the quotation."""
    source, cue, content = attribution.source, attribution.cue, attribution.content
    if source is None or cue is None or not source[1] <= content[0] < content[1] <= cue[0]:
        return attribution
    span = doc.char_span(*cue, alignment_mode="expand")
    beside = None if span is None else adjacent_source(doc, span)
    if beside is None:
        return attribution
    name = char_range(doc, beside[0], beside[1])
    if not content[1] <= name[0] < name[1] <= cue[0]:
        return attribution
    return replace(attribution, source=name, source_head=beside[2])


def _adjunct_participle_subject(doc: Doc, attribution: RawAttribution) -> RawAttribution:
    """"The union sued [the port] on Friday, seeking an injunction": a participle set off
    by a comma is controlled by the subject of the clause it hangs from, never by that
    clause's object; a tagged source that is the object gives way to the subject."""
    if attribution.source is None or attribution.cue is None:
        return attribution
    cue = doc.char_span(*attribution.cue, alignment_mode="expand")
    tagged = doc.char_span(*attribution.source, alignment_mode="expand")
    verb = None if cue is None else next((t for t in cue if t.pos_ == "VERB"), None)
    if verb is None or tagged is None or verb.tag_ != "VBG" or verb.dep_ != "advcl" or \
            verb.i == 0 or doc[verb.i - 1].text != ",":
        return attribution
    governor = verb.head
    subject = next((c for c in governor.children if c.dep_ == "nsubj"), None)
    root = tagged.root
    if subject is None or subject.lower_ in NOT_SPEAKERS or subject.i > verb.i or \
            root.dep_ not in ("dobj", "dative", "pobj") or root.i > verb.i or \
            governor not in root.ancestors or subject in tagged:
        return attribution
    source = source_range(subject)
    if _overlap(source, attribution.content):
        return attribution
    return replace(attribution, source=source, source_head=subject.i)


RELATIVE_PRONOUNS = {"which", "who", "whom", "that"}


def _relative_clause_source(doc: Doc, attribution: RawAttribution) -> RawAttribution:
    """"The convention, [which most nations signed], obliges ...": a tagged source that is
    a relative clause of some other verb stands for the noun it describes (a lone "who"
    is the mention PolNeAR marks, and stays)."""
    if attribution.source is None or attribution.cue is None:
        return attribution
    span = doc.char_span(*attribution.source, alignment_mode="expand")
    if span is None or len(span) < 3:
        return attribution
    # "only two councillors, [both of whom opposed the plan], back it": a quantified
    # relative ("both of whom", "some of which") describes the noun too.
    quantified = len(span) > 3 and span[1].lower_ == "of" and \
        span[2].lower_ in ("whom", "which")
    if span[0].lower_ not in RELATIVE_PRONOUNS and not quantified:
        return attribution
    clause = span[0].head
    if clause.dep_ != "relcl" or attribution.cue[0] <= clause.idx < attribution.cue[1]:
        return attribution
    noun = clause.head
    while noun.dep_ == "pobj" and noun.head.dep_ == "prep" and \
            noun.head.head.pos_ in ("NOUN", "PROPN"):
        # "A spokesman for the Port Authority, who asked ...": the parse hangs the clause
        # on the nearer noun; the phrase's head is who it describes.
        noun = noun.head.head
    source = char_range(doc, *chunk_of(noun))
    if _overlap(source, attribution.content) or noun.pos_ not in ("NOUN", "PROPN"):
        return attribution
    return replace(attribution, source=source, source_head=noun.i)


def _without_dangling_opener(doc: Doc, attribution: RawAttribution,
                             openers: dict[int, QuoteMarkSpan]) -> RawAttribution:
    """"[“A,” of the pier, Ms. Ostrova said. “]B.”": a tagged content that ends on the
    opening mark of the next quotation stops before it (the quotation is another turn)."""
    start, end = attribution.content
    for at in (end - 2, end - 1):
        quote = openers.get(at)
        if quote is not None and start < at and quote.end > end:
            content = trim(doc_text(doc), start, at)
            if content[1] - content[0] >= 2:
                return replace(attribution, content=content)
    return attribution


def _reports_whole(rule: RawAttribution, tagged: list[RawAttribution]) -> bool:
    """Is the rule a relayed outer report ("a source told the Herald that ...": it has a
    relayed_speaker of its own) whose content holds each tagged attribution whole, cue and source?
    Kept to relayed reports: on our tuning split keeping every such outer report cost 0.001
    of content F1 (PolNeAR gives each token one role, so it annotates the inner one only)."""
    if rule.via is None or rule.cue is None or rule.source is None:
        return False
    return all(m.cue is not None and m.source is not None
               and rule.content[0] <= min(m.cue[0], m.source[0])
               and m.content[1] <= rule.content[1] + 1 for m in tagged)


# Parts of speech that never name a speaker on their own.
FUNCTION_POS = {"CCONJ", "SCONJ", "DET", "ADP", "PART", "PUNCT", "AUX", "ADV", "SPACE"}


def _no_function_word_source(doc: Doc, attribution: RawAttribution) -> RawAttribution:
    """"[and] then predicted:", "[All] ran counter to": a tagged source that is one
    function word is no speaker; the parse is asked instead (``_source_from_parse``)."""
    if attribution.source is None:
        return attribution
    span = doc.char_span(*attribution.source, alignment_mode="expand")
    if span is None:
        return attribution
    one_function_word = len(span) == 1 and span[0].pos_ in FUNCTION_POS
    # "[calling for a strike and carrying signs] saying ...": a participle phrase is
    # what someone did, not who they are.
    verb_phrase = len(span) > 1 and span.root.pos_ == "VERB" and span.root.tag_ == "VBG" \
        and span[0] == span.root
    if not one_function_word and not verb_phrase:
        return attribution
    return replace(attribution, source=None, source_head=None)


def _sources_outside(found: list[RawAttribution]) -> list[RawAttribution]:
    """"TheBlaze did the math, and found that [the odds ...]", "Cardin stressed that "[the
    way to proceed] is ...," suggesting ...": a tagged source inside a content (its own, or
    another attribution's that its cue is outside of) is a word of what was said, not who
    said it; the parse is asked again (``_source_from_parse``, ``inherit_sources``)."""
    spans = spans_of(found)
    out = []
    for attribution in found:
        source, cue = attribution.source, attribution.cue
        if source is not None and cue is not None and any(
                found[i].content[0] <= source[0] and source[1] <= found[i].content[1]
                and not found[i].content[0] <= cue[0] < found[i].content[1]
                for i in spans.near(*source)):
            attribution = replace(attribution, source=None, source_head=None)
        out.append(attribution)
    return out


def _quotation_at(quoted: list[tuple[int, int]], at: int) -> tuple[int, int] | None:
    """The quotation that holds character ``at``, if any (``quoted`` is sorted and
    disjoint)."""
    i = bisect.bisect_right(quoted, (at, 1 << 62)) - 1
    return quoted[i] if i >= 0 and quoted[i][0] <= at < quoted[i][1] else None


def _in_quotation(quoted: list[tuple[int, int]], at: int) -> bool:
    return _quotation_at(quoted, at) is not None


def _quoted_apart(quoted: list[tuple[int, int]], at: int, cue: int) -> bool:
    """Does a quotation hold character ``at`` but not the cue at ``cue``?"""
    holder = _quotation_at(quoted, at)
    return holder is not None and not holder[0] <= cue < holder[1]


def _source_from_parse(doc: Doc, attribution: RawAttribution,
                       quoted: list[tuple[int, int]] | None = None) -> RawAttribution:
    """A tagged cue with no tagged source and no rule behind it ("Trump [ripped] the
    deal"): the subject the parse gives the cue's verb is its source."""
    cue = attribution.cue
    if attribution.source is not None or cue is None:
        return attribution
    span = doc.char_span(*cue, alignment_mode="expand")
    if span is None:
        return attribution
    # The lexical verb, not its auxiliary: in "has called for" the subject hangs from
    # "called", and "has" has no subject of its own.
    verb = next((t for t in span if t.pos_ == "VERB"),
                next((t for t in span if t.pos_ == "AUX"), span.root))
    named = [t for t in span if t.i > verb.i and t.pos_ == "PROPN"]
    if named and verb.i == span.start and all(
            t.pos_ == "PROPN" or t.is_punct for t in span[1:]) and \
            named[-1].i - named[0].i == len(named) - 1:
        # "Said Ellis: “...”": the tagged cue ran over the name after it, the speaker.
        return replace(attribution, cue=char_range(doc, verb.i, verb.i + 1),
                       source=char_range(doc, named[0].i, named[-1].i + 1),
                       source_head=named[-1].i)
    before = span[:verb.i - span.start]
    sent = sentence_of(doc, span.start)
    if len(before) and verb.tag_ in ("VBD", "VBZ", "VBN") and span.start > sent.start and \
            all(t.is_title and t.is_alpha for t in before) and \
            not any(c.dep_ in ("nsubj", "nsubjpass") for c in verb.children):
        # "And [Holm called] Ekberg “...”" with Holm parsed as an adverb: the tagged
        # cue ran back over the capitalised name before the verb, the speaker.
        return replace(attribution, cue=char_range(doc, verb.i, span.end),
                       source=char_range(doc, before.start, before.end),
                       source_head=before.end - 1)
    head = find_source(verb)
    if head is None and span.root.pos_ == "NOUN":
        # "[her written reply] to the audit", "the mayor's claim that ...": a report noun's
        # possessor made the report.
        head = next((c for c in span.root.children if c.dep_ == "poss"), None)
    if head is None and verb.pos_ == "NOUN" and verb.dep_ == "pobj" and \
            verb.head.lower_ == "in" and verb.head.head.pos_ in ("VERB", "AUX"):
        # "He has avoided attacks [in hopes] that ...", "in the belief that": the attitude
        # is held by the subject of the verb the phrase modifies.
        head = find_source(verb.head.head)
    if head is not None and attribution.content[0] <= head.idx < attribution.content[1]:
        head = None  # the parse took the quotation for the subject ("“...,” said Varga")
    quoted = quoted or []
    if head is not None and _quoted_apart(quoted, head.idx, verb.idx):
        # "she stated, “... an absence of action would have ...,” adding ...": the parse
        # hung the cue from a verb of the quotation; its subject is a quoted word.
        head = None
    if head is None:
        head = governing_subject(verb, lambda t: _quoted_apart(quoted, t.idx, verb.idx))
        if head is not None and attribution.content[0] <= head.idx < attribution.content[1]:
            attribution = _content_before_main_clause(doc, attribution, cue, head)
            if attribution.content[0] <= head.idx < attribution.content[1]:
                head = None
    if head is None and sure_cue(doc, span.start, span.end, load_lexicon()):
        beside = adjacent_source(doc, span)
        if beside is not None:
            source = char_range(doc, beside[0], beside[1])
            content = attribution.content
            if content[0] < source[0] < content[1] <= cue[0] and not any(
                    ch in QUOTE_CHARS for ch in doc_text(doc)[source[0]:source[1]]):
                # "“...,” Harrowgate police Chief Dana Okafor said": the tagged content ran
                # on into the speaker's name before the cue; it ends where the name starts.
                content = trim(doc_text(doc), content[0], source[0])
            elif content[0] < cue[0] and cue[1] <= source[0] < content[1] and \
                    span.start > 0 and doc[span.start - 1].text == "," and \
                    content[1] <= sentence_of(doc, span.start).end_char:
                # "[The promise appeals to older voters, said Ana Ruiz, a pollster.]": the
                # tagged content ran on over the cue into the speaker after it; what was
                # said is the clause before the comma.
                content = trim(doc_text(doc), content[0], doc[span.start - 1].idx)
            if content[0] < content[1] and not _overlap(source, content):
                return replace(attribution, content=content, source=source,
                               source_head=beside[2])
        return attribution
    if head is None or attribution.content[0] <= head.idx < attribution.content[1]:
        return attribution
    source = source_range(head)
    if attribution.content[0] <= source[0] < attribution.content[1] or (
            source[0] < attribution.content[0] < source[1]):
        return attribution
    return replace(attribution, source=source, source_head=head.i)


def _content_before_main_clause(doc: Doc, attribution: RawAttribution,
                                cue: tuple[int, int], subject: Token) -> RawAttribution:
    """"After saying [her foot was swollen], she was rushed to hospital": a participle's
    content that ran on into the main clause ends at the comma before its subject."""
    text = doc_text(doc)
    comma = text.rfind(",", cue[1], subject.idx)
    if comma == -1 or text[comma + 1:subject.left_edge.idx].strip(" \n\"”’'") or \
            subject.left_edge.idx < comma:
        return attribution
    content = trim(text, attribution.content[0], comma)
    if len(text[content[0]:content[1]].split()) < 2:
        return attribution
    return replace(attribution, content=content)


QUOTE_CHARS = frozenset("\"“”„«»")

# "Both houses now seem intent on ...": the writer's impression, nobody's word.
IMPRESSION_VERBS = {"seem", "seems", "seemed", "seeming", "appear", "appears", "appeared",
                    "appearing"}


def _acts_as_seen(words: list[str]) -> bool:
    """"he appeared to suggest", "Stumpf appeared to blame": a seem-verb before another
    verb hedges what the subject did say; "seems to be", "seem intent on" say nothing."""
    at = next(i for i, w in enumerate(words) if w in IMPRESSION_VERBS)
    rest = [w for w in words[at + 1:] if w not in ("to", "set", "ready", "poised")]
    return bool(rest) and words[at + 1:at + 2] in (["to"], ["set"]) and rest[0] not in (
        "be", "have", "been", "get", "feel", "look")


def _impression_unsourced(doc: Doc, attribution: RawAttribution) -> RawAttribution:
    if attribution.cue is None or attribution.source is None:
        return attribution
    words = doc_text(doc)[attribution.cue[0]:attribution.cue[1]].lower().split()
    if any(w in IMPRESSION_VERBS for w in words) and not _acts_as_seen(words):
        return replace(attribution, source=None, source_head=None)
    span = doc.char_span(*attribution.cue, alignment_mode="expand")
    if span is not None and any(t.lower_ == "asked" and t.tag_ == "VBN" and not any(
            c.dep_ in ("agent", "aux", "auxpass") for c in t.children) for t in span):
        # "Asked about the deal, Trump said ...": who asked is not said; Trump answers
        # ("the campaign has asked Holt to ..." is the campaign asking).
        return replace(attribution, source=None, source_head=None)
    if span is not None and any(_asked_about(t) for t in span):
        # "Trump was asked about the attack": the subject was asked; who asked is unnamed.
        return replace(attribution, source=None, source_head=None)
    if span is not None and any(_agentless_passive(t) for t in span):
        return replace(attribution, source=None, source_head=None)
    return attribution


def _asked_about(verb: Token) -> bool:
    """"was asked about the attack", with no agent: a topic put to the subject."""
    return verb.lower_ == "asked" and verb.tag_ == "VBN" and \
        any(c.dep_ == "auxpass" for c in verb.children) and \
        not any(c.dep_ == "agent" for c in verb.children) and \
        any(c.dep_ == "prep" and c.lower_ == "about" for c in verb.children)


# Passives whose subject still speaks: "X was quoted as saying", "was heard telling",
# "were asked whether", "was caught on tape saying". Not "is expected to": somebody's
# forecast, which PolNeAR gives no source.
SPEAKING_PASSIVES = {"quoted", "heard", "asked", "seen", "overheard", "recorded", "filmed",
                     "caught", "taped", "interviewed", "invited", "urged", "forced", "told"}


# Participles that name the subject's own state of mind: "the harbour master was fired up
# about the plan", "islanders are united in backing it", "she is convinced that ...". The
# subject is the one who holds the attitude, not a thing others talk about.
STANCE_PARTICIPLES = {"fired", "united", "convinced", "determined", "committed", "concerned",
                      "worried", "pleased", "disappointed", "frustrated", "dismayed",
                      "alarmed", "troubled", "outraged", "angered", "satisfied", "delighted",
                      "thrilled", "encouraged", "opposed", "inclined", "divided", "torn",
                      "resigned", "persuaded", "puzzled", "baffled", "offended", "annoyed",
                      "irritated", "infuriated", "incensed", "horrified", "appalled",
                      "shocked", "stunned", "surprised", "impressed", "unimpressed",
                      "unconvinced", "undeterred", "unmoved", "obsessed", "fixated"}


def _agentless_passive(verb: Token) -> bool:
    """"Mariano's diagnosis was confirmed", "Pence was dubbed the winner", "has been
    mentioned as a candidate": nobody is said to have said it, least of all the subject."""
    return verb.pos_ == "VERB" and verb.tag_ == "VBN" and \
        any(c.dep_ == "auxpass" for c in verb.children) and \
        not any(c.dep_ == "agent" for c in verb.children) and \
        verb.lower_ not in SPEAKING_PASSIVES and verb.lower_ not in STANCE_PARTICIPLES


def _without_leading_cue(doc: Doc, attribution: RawAttribution) -> RawAttribution:
    """"[saying the wait was six hours]": a content the tagger opened with its own cue
    starts after it."""
    cue, (start, end) = attribution.cue, attribution.content
    if cue is None or not cue[0] <= start < cue[1] or cue[1] >= end:
        return attribution
    content = trim(doc_text(doc), cue[1], end)
    return attribution if content[1] - content[0] < 2 else replace(attribution, content=content)


def _snap_to_quotes(doc: Doc, found: list[RawAttribution]) -> list[RawAttribution]:
    """A content that starts or ends inside a quotation takes the whole quotation, and a
    cue-less piece of a quotation another attribution already holds joins it: the tagger
    works sentence by sentence, quotations do not."""
    text = doc_text(doc)
    quotes = [q for q in speech_quotes(text, mixed=True) if q.closed]
    snapped = []
    for attribution in found:
        start, end = attribution.content
        if attribution.method == "rule:transcript":
            # A quoted transcript opens each turn's paragraph with a quote mark it never
            # closes: the layout, not the quote marks, bounds the turn.
            snapped.append(attribution)
            continue
        for quote in quotes:
            if quote.start < start < quote.end and end <= quote.end + 1:
                start = quote.start
            if quote.start <= start and quote.start < end < quote.end:
                end = quote.end
        if (start, end) != attribution.content:
            attribution = replace(attribution, content=(start, end),
                                  kind=kind_of((start, end), quotes))
        snapped.append(attribution)
    out: list[RawAttribution] = []
    for attribution in snapped:
        if out and attribution.content[0] < out[-1].content[1]:
            previous = out[-1]
            if attribution.cue is None or previous.cue is None:
                keep = previous if previous.cue is not None else attribution
                content = (min(previous.content[0], attribution.content[0]),
                           max(previous.content[1], attribution.content[1]))
                out[-1] = replace(keep, content=content, kind=kind_of(content, quotes))
                continue
        out.append(attribution)
    return out


def _cut_around(text: str, model: RawAttribution,
                rule: RawAttribution) -> tuple[int, int] | None:
    """"A said X, but B said Y": when a tagged content swallows a whole attribution the
    rules found (its source and cue inside the content), the content keeps only the part on
    its own cue's side of it."""
    assert rule.cue is not None and rule.source is not None
    start, end = model.content
    if start < rule.cue[0] and rule.cue[1] <= end and rule.source[1] <= start:
        # "X called it false and denied any link": a second cue sharing the subject;
        # the first content ends before it.
        region = (rule.cue[0], max(rule.cue[1], rule.content[1]))
    elif start <= rule.source[0] and rule.cue[1] <= end:
        region = (min(rule.source[0], rule.cue[0], rule.content[0]),
                  max(rule.source[1], rule.cue[1], rule.content[1]))
    else:
        return None
    left = strip_connective(text, start, region[0])
    right = strip_connective(text, region[1], end)
    anchor = model.cue[0] if model.cue is not None else start
    # "reported that [the mayor denied X]": a lone "that" is no content; the outer report
    # holds the nested one whole.
    pieces = [p for p in (left, right) if len(text[p[0]:p[1]].split()) >= 2]
    if not pieces:
        return None
    return min(pieces, key=lambda p: min(abs(anchor - p[0]), abs(anchor - p[1])))
