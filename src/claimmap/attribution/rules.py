"""Rule-based attribution over a parsed Doc: cue words, their sources and their contents.

Pure functions from a Doc to plain :class:`RawAttribution` records (character offsets), so
they can be tested on hand-built Docs and combined with the trained tagger.
"""

from __future__ import annotations

import bisect
import re
from dataclasses import replace

from spacy.tokens import Doc, Token

from claimmap.attribution.cues import Lexicon, load_lexicon
from claimmap.attribution.layout import relay, split_coordinated
from claimmap.attribution.quotes import QuoteMarkSpan, speech_quotes
from claimmap.attribution.raw import RawAttribution
from claimmap.attribution.shapes import (
    SHAPED_CUES,
    called_quote,
    described_as,
    headline_speaker,
    quoted_as_saying,
    shaped_post,
    source_after_quote,
    trailing_content,
)
from claimmap.attribution.sources import IT_IS_NO_SPEAKER
from claimmap.attribution.spans import (
    PUNCT_TRIM,
    cue_range,
    doc_text,
    excluded_ranges,
    forget_sentences,
    sentence_of,
    strip_connective,
    subtree_range,
    trim,
)
from claimmap.attribution.transcript import transcript_turns
from claimmap.nlp.tokens import token_table
from claimmap.text import inside_any, overlaps_any

# Names other attribution modules read from here.
__all__ = ["NOT_CUES", "PUNCT_TRIM", "RawAttribution", "cue_range", "doc_text",
           "excluded_ranges", "find_attributions", "find_source", "forget_sentences",
           "kind_of", "sentence_of", "strip_connective", "subtree_range", "trim"]

SUBJECTS = ("nsubj", "nsubjpass", "csubj")
CONTENT_DEPS = ("ccomp", "xcomp", "csubj")
# Cue words that say too little alone: only with a clausal complement.
NEEDS_CLAUSE = {"believe", "say"}
NOT_CUES = {"seem", "appear", "call", "show", "find", "read", "put", "continue", "order",
            "see", "hear", "learn", "count", "push", "point", "brief", "project", "post",
            "answer", "signal", "attack", "charge", "label", "correct", "challenge", "object",
            "want", "consider", "trust", "view"}


def find_source(cue: Token, depth: int = 0) -> Token | None:
    """The head word of whoever the cue attributes to: subject, passive agent, or the
    subject of the verb a participle hangs from ("..., telling CNN")."""
    for child in cue.children:
        if child.dep_ == "agent":
            for grandchild in child.children:
                if grandchild.dep_ == "pobj":
                    return grandchild
    for child in cue.children:
        if child.dep_ in ("nsubj", "csubj") and child.lower_ != "there" and (
                child.lower_ != "it" or (cue.lower_ not in IT_IS_NO_SPEAKER
                                         and cue.dep_ != "relcl")):
            # "a staffer who told ...": the relative pronoun is the mention (as PolNeAR
            # marks it); the actor table resolves it to the noun it hangs from.
            return child
    if cue.dep_ == "relcl" and cue.head.pos_ in ("NOUN", "PROPN"):
        return cue.head
    if cue.dep_ == "xcomp":
        # Object control: "leave the Russians to wonder" -> the Russians wonder.
        obj = next((c for c in cue.head.children if c.dep_ == "dobj" and c.i < cue.i), None)
        if obj is not None:
            return obj
    if depth < 2 and cue.dep_ == "conj" and cue.head.dep_ == "ccomp" and \
            cue.head.head.lower_ == cue.lower_:
        # "He says the answer was X and says he did Y": the repeated cue is conjoined to
        # the first one, not to the verb of what the first one reports.
        return find_source(cue.head.head, depth + 1)
    if depth < 2 and cue.dep_ in ("advcl", "xcomp", "conj", "ccomp", "acl") \
            and cue.head.pos_ in ("VERB", "AUX"):
        return find_source(cue.head, depth + 1)
    if depth < 2 and cue.dep_ == "pcomp" and cue.head.lower_ == "by" and \
            cue.head.head.pos_ in ("VERB", "AUX"):
        # "rallied supporters by warning that ...": whoever rallied warned.
        return find_source(cue.head.head, depth + 1)
    return None


def source_range(head: Token) -> tuple[int, int]:
    """The source NP: the head's subtree, cut before a relative clause that holds a cue."""
    tokens = list(head.subtree)
    return trim(doc_text(head.doc), tokens[0].idx, tokens[-1].idx + len(tokens[-1].text))


def _content_from_children(cue: Token, lexicon: Lexicon, cue_class: str) -> tuple[
        tuple[int, int] | None, tuple[int, int] | None]:
    """(content, target) from the cue's own dependents."""
    target = None
    for child in cue.children:
        if child.dep_ == "dobj" and cue_class == "accuse":
            target = subtree_range(child)
    for child in cue.children:
        if child.dep_ in ("ccomp", "xcomp") and child.i > cue.i:
            return subtree_range(child), target
    holders = [cue] + [c for c in cue.children if c.dep_ == "dobj"]
    for holder in holders:
        for child in holder.children:
            if child.dep_ == "prep" and child.lower_ in ("of", "for", "over", "about") and \
                    cue_class in ("accuse", "complain", "speculate", "question", "say",
                                  "allege"):
                for grandchild in child.children:
                    if grandchild.dep_ in ("pobj", "pcomp"):
                        if holder is not cue and cue_class == "accuse":
                            # "accused the air force of killing": the object is the accused.
                            target = (holder.left_edge.idx, child.idx)
                        return subtree_range(grandchild), target
    if cue_class in ("deny", "confirm", "contradict", "allege", "estimate", "accuse",
                     "complain", "question"):
        for child in cue.children:
            if child.dep_ == "dobj" and child.i > cue.i and cue_class != "accuse":
                return subtree_range(child), target
    for child in cue.children:
        if child.dep_ == "advcl" and child.i > cue.i and any(
                g.dep_ == "mark" and g.lower_ in ("whether", "if") for g in child.children):
            return subtree_range(child), target
    return None, target


def _passive_content(cue: Token) -> tuple[int, int] | None:
    """"12 soldiers have been confirmed dead by Russia": the passive subject and its
    predicate are what is attributed."""
    subject = next((c for c in cue.children if c.dep_ == "nsubjpass"), None)
    if subject is None or subject.lower_ in ("it",):
        return None
    start, end = subtree_range(subject)
    for child in cue.children:
        if child.dep_ in ("oprd", "acomp", "xcomp", "attr") and child.i > cue.i:
            end = max(end, subtree_range(child)[1])
    return start, max(end, cue.idx + len(cue.text))


def find_cue_attributions(doc: Doc, quotes: list[QuoteMarkSpan],
                          lexicon: Lexicon | None = None) -> list[RawAttribution]:
    lexicon = lexicon or load_lexicon()
    excluded = excluded_ranges(doc)
    found: list[RawAttribution] = []
    table = token_table(doc)
    texts, lowers, poses, starts = table.text, table.lower, table.pos, table.idx
    n = len(table)
    # Read from the TokenTable, and the cheap tests first: a Token is made only for the
    # few words that may be cues ("according to" or a cue verb), not for every word.
    for i in range(n):
        according = lowers[i] == "according" and i + 1 < n and lowers[i + 1] == "to"
        entry = None
        if not according:
            entry = lexicon.verb(texts[i])
            if entry is None or poses[i] not in ("VERB", "AUX"):
                continue
        start = starts[i]
        if table.is_space[i] or inside_any(excluded, start, start + 1):
            continue
        token = doc[i]
        if according:
            attribution = _according_to(doc, token)
            if attribution:
                found.append(attribution)
            continue
        holder = bisect.bisect_right(quotes, start, key=lambda q: q.start) - 1
        if holder >= 0 and start + len(texts[i]) <= quotes[holder].end:
            continue  # cues inside a quotation belong to the quoted speaker's own speech
        assert entry is not None
        base, cue_class = entry
        shaped = base in SHAPED_CUES and (shaped_post(token) if base == "post" else
                                          called_quote(token, quotes) is not None)
        shaped = shaped or (base == "show" and _evidence_shows(token))
        if base in NOT_CUES and not shaped and not (base == "put" and (any(
                c.dep_ == "dobj" and c.lower_ == "it" for c in token.children)
                or _figure_at(token) is not None)):
            continue  # "as one broker put it" and "put the toll at 40" are cues
        attribution = _verbal(doc, token, base, cue_class, quotes, lexicon)
        if attribution and not _ANONYMITY.match(doc_text(doc), attribution.content[0]):
            found.append(attribution)
    return found


# "who asked not to be named": the terms a source spoke on, not something they said.
_ANONYMITY = re.compile(r"(?:not\s+to\s+be\s+(?:named|identified|quoted)|anonymity)\b",
                        re.IGNORECASE)


# What records say: "records show", "audit files show that ...", "the data showed".
EVIDENCE_NOUNS = {"records", "record", "data", "documents", "files", "filings", "figures",
                  "statistics", "numbers", "polls", "poll", "survey", "surveys", "emails",
                  "logs", "transcripts", "results", "study", "studies", "research", "analysis",
                  "report", "reports", "estimates", "tallies", "receipts", "disclosures"}


def _evidence_shows(cue: Token) -> bool:
    """"Records show", "audit files from the vendor show that ...": "show" reports when
    its subject is a record and it has a clause to report (its own, or the sentence it
    closes)."""
    subject = next((c for c in cue.children if c.dep_ == "nsubj"), None)
    if subject is None or subject.lower_ not in EVIDENCE_NOUNS:
        return False
    return any(c.dep_ == "ccomp" for c in cue.children) or (cue.dep_ in (
        "parataxis", "ccomp", "conj") and cue.head.i < cue.i)


def _verbal(doc: Doc, cue: Token, base: str, cue_class: str, quotes: list[QuoteMarkSpan],
            lexicon: Lexicon) -> RawAttribution | None:
    text = doc_text(doc)
    figure = _figure_at(cue) if base == "put" else None
    if base == "put":
        cue_class = "estimate" if figure is not None else "say"
    source = find_source(cue) or source_after_quote(cue, quotes)
    via = None
    content: tuple[int, int] | None
    shaped = quoted_as_saying(cue) or described_as(cue)
    if shaped is not None:
        content, target = shaped.content, None
        source, via = shaped.source, shaped.via
    elif base == "call":
        content, target = called_quote(cue, quotes), None
    elif figure is not None:
        content, target = figure, None
    else:
        content, target = _content_from_children(cue, lexicon, cue_class)
    if content is None:
        # "More rain was expected on Friday, it added.": here "it" is the agency.
        subject = source or next((c for c in cue.children if c.dep_ == "nsubj"
                                  and c.lower_ == "it" and c.i > cue.i - 3), None)
        content = trailing_content(cue) if subject is not None else None
        if content is not None:
            source = subject
    is_passive = any(c.dep_ == "nsubjpass" for c in cue.children)
    # Passive "confirmed dead by Russia" attributes; passive "was written by" does not.
    if content is None and is_passive and cue_class in ("confirm", "estimate", "allege",
                                                        "believe", "deny"):
        content = _passive_content(cue)
    if content is None:
        # "..., and Breitbart News responded:" then the quotation: the colon announces it,
        # whatever clause the cue is conjoined to.
        content = _colon_quote(doc, cue, quotes)
    if content is None and cue.dep_ in ("parataxis", "ccomp", "conj") and cue.head.i < cue.i \
            and lexicon.verb(cue.head.text) is None and source is not None \
            and sentence_of(cue.doc, cue.i).end - cue.right_edge.i <= 4:
        # "X is Y, he said": the clause the cue hangs from is the content.
        sent = sentence_of(cue.doc, cue.i)
        left = cue.left_edge
        if left.i > sent.start:
            content = (sent[0].idx, doc[left.i - 1].idx + len(doc[left.i - 1].text))
    if content is None:
        content = _as_clause_content(doc, cue)
    if content is None:
        quote = _adjacent_quote(doc, cue, quotes)
        if quote is not None:
            content = (quote.start, quote.end)
    if content is None:
        return None
    start, end = trim(text, *content)
    if end - start < 2:
        return None
    if via is None and base == "tell":
        via = _told_outlet(cue)
    source_span = source_range(source) if source is not None else None
    if source_span and source_span[0] <= start < source_span[1]:
        return None
    return RawAttribution(content=(start, end), cue=cue_range(cue), cue_class=cue_class,
                          source=source_span, source_head=source.i if source is not None
                          else None, kind="indirect", method="rule:cue", score=0.8,
                          cue_token=cue.i, target=target,
                          via=source_range(via) if via is not None else None,
                          via_head=via.i if via is not None else None)


# Who is told, when it passes the words on: "a source told the Herald that ...".
OUTLET_NOUNS = {"paper", "newspaper", "agency", "broadcaster", "magazine", "outlet", "station",
                "channel", "network", "website", "daily", "herald", "times", "post", "tribune",
                "gazette", "journal", "news"}


def _told_outlet(cue: Token) -> Token | None:
    """The news outlet a source told (it relays the words to the reader), or None: "told
    reporters" or "told her" name nobody who relays."""
    told = next((c for c in cue.children if c.dep_ in ("dobj", "dative")), None)
    if told is None or told.pos_ not in ("PROPN", "NOUN"):
        return None
    if told.lower_ in OUTLET_NOUNS or (told.ent_type_ == "ORG" and any(
            t.lower_ in OUTLET_NOUNS for t in told.subtree)):
        return told
    return None


FIGURE_NOUNS = {"figure", "number", "toll", "total", "cost", "count", "tally", "damage",
                "losses", "loss", "bill", "price", "value", "estimate", "turnout", "crowd"}


def _figure_at(cue: Token) -> tuple[int, int] | None:
    """"The trust put the figure at 20 homes": the figure and its value, an estimate."""
    obj = next((c for c in cue.children if c.dep_ == "dobj" and c.lower_ in FIGURE_NOUNS),
               None)
    at = next((c for c in cue.children if c.dep_ == "prep" and c.lower_ == "at"), None)
    if obj is None or at is None:
        return None
    return obj.left_edge.idx, at.right_edge.idx + len(at.right_edge.text)


def _as_clause_content(doc: Doc, cue: Token) -> tuple[int, int] | None:
    """"..., as some have speculated, does the U.S. want ...": the clause the as-clause
    comments on is the content."""
    if not any(c.dep_ == "mark" and c.lower_ == "as" for c in cue.children):
        return None
    clause_start = cue.left_edge.idx
    clause_end = cue.right_edge.idx + len(cue.right_edge.text)
    sent = sentence_of(cue.doc, cue.i)
    after = trim(doc_text(doc), clause_end, sent.end_char)
    before = trim(doc_text(doc), sent.start_char, clause_start)
    # Mid-sentence, the as-clause announces what follows it; at the end, what precedes it.
    if len(doc_text(doc)[after[0]:after[1]].split()) >= 3 or clause_start - sent.start_char < 3:
        return after if after[1] > after[0] else None
    return before if before[1] > before[0] else None


def _colon_quote(doc: Doc, cue: Token, quotes: list[QuoteMarkSpan]) -> tuple[int, int] | None:
    """The quotation a colon right after the cue opens (within 60 characters)."""
    after = cue.idx + len(cue.text)
    if not doc_text(doc)[after:after + 12].lstrip(" ").startswith(":"):
        return None
    at = bisect.bisect_right(quotes, after, key=lambda q: q.start)
    if at < len(quotes) and quotes[at].start - cue.idx < 60:
        return quotes[at].start, quotes[at].end
    return None


def _adjacent_quote(doc: Doc, cue: Token, quotes: list[QuoteMarkSpan]) -> QuoteMarkSpan | None:
    """A quotation in the cue's sentence, or opening the next paragraph after "X said:"."""
    sent = sentence_of(cue.doc, cue.i)
    s_start, s_end = sent.start_char, sent.end_char
    best = None
    for quote in quotes:
        in_sentence = quote.start < s_end and s_start < quote.end
        if in_sentence and not quote.start <= cue.idx < quote.end and (
                best is None or abs(quote.start - cue.idx) < abs(best.start - cue.idx)):
            best = quote
    if best is not None:
        return best
    if len(sent) <= 6:
        # “Are we ready?” she asked.: the splitter ends the sentence at the question mark.
        before = [q for q in quotes if q.end <= s_start and s_start - q.end <= 3]
        if before and doc_text(doc)[before[-1].inner_end - 1:before[-1].inner_end] in "?!.":
            return before[-1]
    following = doc_text(doc)[cue.idx + len(cue.text): cue.idx + len(cue.text) + 12]
    if following.lstrip(" ").startswith(":"):
        for quote in quotes:
            if quote.start > cue.idx and quote.start - cue.idx < 60:
                return quote
    text = doc_text(doc)
    if text[s_start:s_end].rstrip().endswith(":"):
        # "He told the crowd, to loud applause:" then the quotation: a sentence that
        # closes on a colon announces what opens right after it.
        at = bisect.bisect_left(quotes, s_end - 1, key=lambda q: q.start)
        if at < len(quotes) and not text[s_end:quotes[at].start].strip():
            return quotes[at]
    return None


def _according_to(doc: Doc, according: Token) -> RawAttribution | None:
    to = doc[according.i + 1]
    pobj = next((c for c in to.children if c.dep_ == "pobj"), None)
    if pobj is None:
        pobj = next((c for c in according.children if c.dep_ == "pobj"), None)
    if pobj is None:
        return None
    phrase_start = according.idx
    phrase_end = pobj.right_edge.idx + len(pobj.right_edge.text)
    sent = sentence_of(doc, according.i)
    text = doc_text(doc)
    if phrase_start - sent.start_char < 3:
        content = trim(text, phrase_end, sent.end_char)
    else:
        content = trim(text, sent.start_char, phrase_start)
    if content[1] - content[0] < 3:
        return None
    return RawAttribution(content=content, cue=(according.idx, to.idx + len(to.text)),
                          cue_class="say", source=source_range(pobj), source_head=pobj.i,
                          method="rule:according-to", score=0.85, cue_token=according.i)


# Em and en dashes, the quotation dash (U+2015) and a hyphen, with any spacing on the line
# (no-break spaces included: pasted sign-offs often carry them).
_DASH = re.compile(r"[^\S\n]*[—–―-][^\S\n]*")


def _dash_signature(doc: Doc, quote: QuoteMarkSpan) -> RawAttribution | None:
    """"“We will not back down.” — Commissioner Ana Holt": a quotation signed after a dash."""
    text = doc_text(doc)
    match = _DASH.match(text, quote.end)
    if match is None or match.end() == quote.end:
        return None
    line_end = text.find("\n", match.end())
    line_end = len(text) if line_end == -1 else line_end
    start, end = trim(text, match.end(), line_end)
    while end > start and (text[end - 1].isspace() or text[end - 1] == "."):
        end -= 1  # "― Carla Sanchez.\xa0": the sign-off's full stop is no part of the name
    span = doc.char_span(start, end, alignment_mode="expand")
    if span is None or not 0 < len(span) <= 8 or not span[0].is_title:
        return None
    names = [e for e in span.ents if e.label_ in ("PERSON", "ORG", "GPE", "NORP")]
    head = names[-1].root if names else span[-1]
    dash = (match.start() + len(match.group()) - len(match.group().lstrip()),
            match.start() + len(match.group().rstrip()))
    return RawAttribution(content=(quote.start, quote.end), cue=dash, cue_class="say",
                          source=(start, end), source_head=head.i, kind="direct",
                          method="rule:dash-signature", score=0.8)


def _line_signature(doc: Doc, quote: QuoteMarkSpan) -> RawAttribution | None:
    """"\"I worry that deficits will return.\nDana Holt, Harbour Policy Institute.\"": a
    pull quote whose last line, before the closing mark, names who said it. The quotation
    stops at the line break (no closer there), and the name line ends on the closer."""
    text = doc_text(doc)
    if quote.closed or text[quote.end:quote.end + 1] != "\n" or \
            text[quote.end + 1:quote.end + 2] == "\n":
        return None
    line_end = text.find("\n", quote.end + 1)
    line_end = len(text) if line_end == -1 else line_end
    start, end = trim(text, quote.end + 1, line_end)
    if end - start < 4 or text[end - 1] not in "\"\u201d":
        return None
    closer = end - 1
    name_end = closer
    while name_end > start and text[name_end - 1] in ". ":
        name_end -= 1
    span = doc.char_span(start, name_end, alignment_mode="expand")
    if span is None or not 0 < len(span) <= 12 or not span[0].is_title:
        return None
    person = next((e for e in span.ents if e.label_ == "PERSON"), None)
    if person is None or person.start != span.start:
        return None
    return RawAttribution(content=(quote.start, quote.end), cue=(closer, closer + 1),
                          cue_class="say", source=(start, name_end), source_head=person.root.i,
                          kind="direct", method="rule:line-signature", score=0.75)


def _previous_subject(doc: Doc, quote: QuoteMarkSpan) -> Token | None:
    """The named person who is the subject of the sentence just before a cue-less quotation,
    when nothing but whitespace or a paragraph break lies between them."""
    first = doc.char_span(quote.start, quote.end, alignment_mode="expand")
    if first is None or first.start == 0:
        return None
    sentence = sentence_of(doc, first.start)
    if sentence.start == 0:
        return None
    before = sentence_of(doc, sentence.start - 1)
    while not before.text.strip() and before.start > 0:
        before = sentence_of(doc, before.start - 1)
    if doc_text(doc)[before.end_char:quote.start].count("\n") > 2:
        return None
    for token in before:
        if token.dep_ == "nsubj" and token.ent_type_ == "PERSON":
            return token
    return None


def kind_of(content: tuple[int, int], quotes: list[QuoteMarkSpan]) -> str:
    """Direct when a quotation holds the content (2 characters of slack), mixed when one
    overlaps it. ``quotes`` are in text order and disjoint, so two bisects answer it."""
    start, end = content
    holder = bisect.bisect_right(quotes, start + 2, key=lambda q: q.start) - 1
    if holder >= 0 and end - 2 <= quotes[holder].end:
        return "direct"
    last = bisect.bisect_left(quotes, end, key=lambda q: q.start) - 1
    if last >= 0 and quotes[last].end > start:
        return "mixed"
    return "indirect"


def find_attributions(doc: Doc, lexicon: Lexicon | None = None) -> list[RawAttribution]:
    """Every attribution the rules find: cue-led ones, then direct quotes left without a cue
    (given to the speaker of the attribution just before them)."""
    lexicon = lexicon or load_lexicon()
    excluded = excluded_ranges(doc)
    quotes = [q for q in speech_quotes(doc_text(doc))
              if not overlaps_any(excluded, q.start, q.end)]
    cued = find_cue_attributions(doc, quotes, lexicon)
    result: list[RawAttribution] = []
    for attribution in cued:
        start, end = attribution.content
        # A quotation that starts inside the content but runs on belongs to it whole.
        last = bisect.bisect_left(quotes, end, key=lambda q: q.start) - 1
        if last >= 0 and start <= quotes[last].start < end < quotes[last].end:
            end = quotes[last].end
        result.append(replace(attribution, content=(start, end),
                              kind=kind_of((start, end), quotes)))
    headline = _headline(doc, excluded)
    if headline is not None:
        result.append(headline)
    result.extend(transcript_turns(doc, excluded))
    result.extend(_uncued_quotes(doc, quotes, result))
    result = split_coordinated(doc, result)
    result = _inherit_stronger_class(doc, result)
    result.sort(key=lambda a: a.content[0])
    # Who relayed what, read while the outer reports are still whole (the tagger may keep
    # only the inner one; it inherits the relayer from its rule).
    return relay(result)


def _headline(doc: Doc, excluded: list[tuple[int, int]]) -> RawAttribution | None:
    """The title line's "Name: what they said" (``shapes.headline_speaker``)."""
    found = headline_speaker(doc)
    if found is None or overlaps_any(excluded, 0, found[2][1]):
        return None
    source, cue, content, head = found
    return RawAttribution(content=content, cue=cue, cue_class="say", source=source,
                          source_head=head, kind="indirect", method="rule:headline",
                          score=0.7)


def _uncued_quotes(doc: Doc, quotes: list[QuoteMarkSpan],
                   cued: list[RawAttribution]) -> list[RawAttribution]:
    """Quotations no cue claims: a dash signature, else the speaker of the attribution that
    ends last before it (within 1,500 characters), else the person just named. One pass over
    the quotations with a pointer into the cued contents sorted by end: linear after the
    sorts, whatever the number of quote marks."""
    text = doc_text(doc)
    by_start = sorted(cued, key=lambda a: a.content[0])
    reach: list[int] = []  # running maximum of content ends, by start
    for attribution in by_start:
        reach.append(max(reach[-1], attribution.content[1]) if reach else
                     attribution.content[1])
    by_end = sorted(cued, key=lambda a: a.content[1])
    pointer, speaker = 0, None
    out: list[RawAttribution] = []
    for quote in quotes:
        while pointer < len(by_end) and by_end[pointer].content[1] <= quote.start:
            if speaker is None or by_end[pointer].content[1] >= speaker.content[1]:
                speaker = by_end[pointer]
            pointer += 1
        opened = bisect.bisect_left(by_start, quote.end, key=lambda a: a.content[0])
        if opened and reach[opened - 1] > quote.start:
            continue  # a cued attribution already holds (part of) it
        signed = _dash_signature(doc, quote) or _line_signature(doc, quote)
        if signed is not None:
            out.append(signed)
            speaker = signed
            continue
        inner = text[quote.inner_start:quote.inner_end]
        near = speaker is not None and quote.start - speaker.content[1] < 1500
        if len(inner.split()) < 4 and not (
                near and speaker is not None and quote.start - speaker.content[1] < 120
                and "\n" not in text[speaker.content[1]:quote.start]
                and inner.rstrip()[-1:] in ".?!" and inner.lstrip()[:1].isupper()):
            continue  # scare quotes and titles, not speech ("Nobody applied." right after)
        subject = _previous_subject(doc, quote) if not near else None
        if subject is not None:
            # "Alice turned to the board. “We are out of time.”": the person just named speaks.
            found = RawAttribution(
                content=(quote.start, quote.end), cue=None, cue_class="say",
                source=(subject.left_edge.idx, subject.idx + len(subject.text)),
                source_head=subject.i, kind="direct", method="rule:previous-subject",
                score=0.55)
        else:
            found = RawAttribution(
                content=(quote.start, quote.end), cue=None, cue_class="say",
                source=speaker.source if near and speaker else None,
                source_head=speaker.source_head if near and speaker else None,
                kind="direct", method="rule:continuation" if near else "rule:quote-marks",
                score=0.7 if near else 0.5)
        out.append(found)
        speaker = found
    return out


def _inherit_stronger_class(doc: Doc, found: list[RawAttribution]) -> list[RawAttribution]:
    """"contradicted Russia's accusations, telling CNN that ...": what is told carries the
    class of the verb it elaborates (contradict), not a plain "say"."""
    by_token = {a.cue_token: a for a in found if a.cue_token is not None}
    out = []
    for attribution in found:
        if attribution.cue_token is not None and attribution.cue_class == "say":
            cue = doc[attribution.cue_token]
            governing = by_token.get(cue.head.i) if cue.dep_ in ("advcl", "conj") else None
            if governing is not None and governing.cue_class != "say":
                attribution = replace(attribution, cue_class=governing.cue_class)
        out.append(attribution)
    return out
