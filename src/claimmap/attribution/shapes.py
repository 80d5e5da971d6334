"""Cue shapes news uses beyond "X said that Y": the attribution after its content
("Nobody was hurt, Hale said."), "quoted X as saying", "X was quoted as saying", "is described
by X as Y", "called it “reckless”" and "posted on Facebook that"."""

from __future__ import annotations

from dataclasses import dataclass

from spacy.tokens import Doc, Token

from claimmap.attribution.quotes import QuoteMarkSpan
from claimmap.attribution.spans import doc_text, sentence_of, subtree_range

# Cue bases that report only in these shapes (they are NOT_CUES otherwise).
SHAPED_CUES = {"post", "call"}
PLATFORMS = {"facebook", "twitter", "x", "instagram", "linkedin", "telegram", "tiktok",
             "threads", "bluesky", "youtube", "website", "blog", "mastodon", "weibo"}


@dataclass(frozen=True, slots=True)
class Shaped:
    content: tuple[int, int]
    source: Token | None
    via: Token | None = None


def trailing_content(cue: Token) -> tuple[int, int] | None:
    """"Nobody was hurt, Captain Hale said." / "..., said Marta Ortiz, a nurse": a clause
    before the cue, closed by a comma, with nothing but the source (and adverbs) between
    the comma and the cue."""
    clause = next((c for c in cue.children if c.dep_ in ("ccomp", "parataxis")
                   and c.i < cue.i), None)
    if clause is None:
        return None
    doc = cue.doc
    comma = clause.right_edge.i + 1
    if comma >= cue.i or doc[comma].text not in (",", "\u2014", "\u2013"):
        return None
    for token in doc[comma + 1:cue.i]:
        if token.dep_ not in ("nsubj", "compound", "det", "poss", "amod", "advmod", "aux",
                              "neg", "punct", "case", "appos", "prep", "pobj", "nummod",
                              "acl", "relcl", "cc", "conj", "npadvmod", "nmod", "attr"):
            return None
    sent = sentence_of(doc, cue.i)
    if clause.left_edge.i > sent.start + 1:
        return None  # the clause does not open the sentence: not a trailing attribution
    start, end = subtree_range(clause)
    return start, end


def quoted_as_saying(cue: Token) -> Shaped | None:
    """"Media quoted Minister X as saying that Y" (X speaks, the media relay it) and "X was
    quoted (by the paper) as saying Y" (X speaks, the paper relays)."""
    if cue.lower_ not in ("quoted", "quotes", "quote", "quoting", "cited", "cites", "citing"):
        return None
    as_prep = next((c for c in cue.children if c.dep_ == "prep" and c.lower_ == "as"), None)
    saying = None if as_prep is None else next(
        (g for g in as_prep.children if g.dep_ in ("pcomp", "pobj")), None)
    if saying is None or saying.lower_ not in ("saying", "telling", "writing", "stating"):
        return None
    said = next((c for c in saying.children if c.dep_ in ("ccomp", "dobj", "xcomp")), None)
    if said is None:
        return None
    content = subtree_range(said)
    passive = next((c for c in cue.children if c.dep_ == "nsubjpass"), None)
    agent = next((c for c in cue.children if c.dep_ == "agent"), None)
    agent_obj = None if agent is None else next(
        (g for g in agent.children if g.dep_ == "pobj"), None)
    if passive is not None:
        return Shaped(content, passive, agent_obj)
    quoted = next((c for c in cue.children if c.dep_ == "dobj"), None)
    relayer = next((c for c in cue.children if c.dep_ == "nsubj"), None)
    if quoted is None:
        return None
    return Shaped(content, quoted, relayer)


def described_as(cue: Token) -> Shaped | None:
    """"Brightwave is described by its former employees as a place where ...": the
    describer speaks; what follows "as" is the content."""
    if cue.lower_ not in ("described", "portrayed", "characterised", "characterized",
                          "depicted", "branded", "labelled", "labeled"):
        return None
    agent = next((c for c in cue.children if c.dep_ == "agent"), None)
    as_prep = next((c for c in cue.children if c.dep_ == "prep" and c.lower_ == "as"), None)
    if agent is None or as_prep is None:
        return None
    speaker = next((g for g in agent.children if g.dep_ == "pobj"), None)
    what = next((g for g in as_prep.children if g.dep_ in ("pobj", "pcomp", "amod")), None)
    if speaker is None or what is None:
        return None
    return Shaped(subtree_range(what), speaker)


def called_quote(cue: Token, quotes: list[QuoteMarkSpan]) -> tuple[int, int] | None:
    """"Washington called the test “reckless and destabilising.”": a quotation that is the
    object's complement of "call" is the caller's words."""
    if cue.lower_ not in ("called", "calls", "call", "calling"):
        return None
    doc = cue.doc
    sent = sentence_of(doc, cue.i)
    after = cue.idx + len(cue.text)
    for quote in quotes:
        if after <= quote.start < sent.end_char and quote.start - after < 60:
            return quote.start, quote.end
    return None


def shaped_post(cue: Token) -> bool:
    """"posted on Facebook that ...": "post" reports only with a clause or a platform."""
    if any(c.dep_ == "ccomp" for c in cue.children):
        return True
    for child in cue.children:
        if child.dep_ == "prep" and child.lower_ == "on" and any(
                g.lower_ in PLATFORMS for g in child.subtree):
            return True
    return False


def source_after_quote(cue: Token, quotes: list[QuoteMarkSpan]) -> Token | None:
    """"'We will appeal,' the club's lawyer, Ruth Okafor, told reporters.": the parser hung
    the source under the quoted verb; the noun phrase between the quotation and its cue is
    the source (its named person when it has one)."""
    doc = cue.doc
    sent = sentence_of(doc, cue.i)
    quote = next((q for q in reversed(quotes) if sent.start_char <= q.start and
                  q.end <= cue.idx), None)
    if quote is None:
        return None
    between = [t for t in doc[sent.start:cue.i] if t.idx >= quote.end]
    if not between or len(between) > 12 or any(t.pos_ in ("VERB", "AUX") for t in between):
        return None
    people = [t for t in between if t.ent_type_ == "PERSON"]
    if people:
        return people[-1]
    nouns = [t for t in between if t.pos_ in ("NOUN", "PROPN", "PRON")
             and t.head not in between]
    return nouns[0] if nouns else None


# Headline labels that name a section or a format, not a speaker ("The Latest: ...").
NOT_HEADLINE_SPEAKERS = {"latest", "update", "updated", "watch", "video", "photos", "live",
                         "exclusive", "breaking", "opinion", "analysis", "editorial", "review",
                         "interview", "transcript", "explainer", "podcast", "daily", "fix"}


def headline_speaker(doc: Doc) -> tuple[tuple[int, int], tuple[int, int], tuple[int, int],
                                        int] | None:
    """"Graham: Trump's Rhetoric Destroying GOP's Chance.": a title line led by a short
    name and a colon says what that speaker said. (source, cue, content character ranges
    and the source's head token), or None. Only the first line of the text: in a body, a
    "Name: ..." line is as often a label as a speaker."""
    text = doc_text(doc)
    line_end = text.find("\n")
    line_end = len(text) if line_end == -1 else line_end
    colon = text.find(": ", 0, line_end)
    if colon <= 0:
        return None
    label = doc.char_span(0, colon, alignment_mode="contract")
    if label is None or not 1 <= len(label) <= 5 or not (label[0].is_title
                                                         or label[0].is_upper):
        return None
    if any(t.pos_ in ("VERB", "AUX", "PRON", "NUM") or t.lower_ in NOT_HEADLINE_SPEAKERS
           or not (t.is_alpha or t.text in ".-'’") for t in label):
        return None
    if label[-1].pos_ not in ("PROPN", "NOUN") or label.text.isupper():
        return None
    start = colon + 2
    end = line_end
    while end > start and text[end - 1] in " .\t\r":
        end -= 1
    if len(text[start:end].split()) < 3:
        return None
    return (0, colon), (colon, colon + 1), (start, end), label[-1].i
