"""A source for a sure reporting cue the parse gave no subject: the noun phrase right beside
the cue ("..., said Alan Abramowitz, a demographer" after a misparse; "Senator Harry Reid, the
minority leader, said" when the parser hung the name elsewhere)."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import replace

from spacy.tokens import Doc, Span, Token

from claimmap.attribution.raw import RawAttribution

NOMINAL = ("PROPN", "NOUN", "PRON")
# Pronouns that never speak for themselves here ("it said" is handled by the rules).
FINITE = ("VBD", "VBZ", "VBP")
# "said Varga" parsed with Varga as an adverb: the entity type still names a speaker.
NAMED = ("PERSON", "ORG", "GPE", "NORP")
WHEN = ("DATE", "TIME")
NOT_SPEAKERS = {"it", "there", "this", "that", "which", "what", "itself"}


def chunk_of(token: Token) -> tuple[int, int]:
    """Token range of the noun phrase ``token`` ends or heads: compounds and modifiers to
    its left, as its own subtree gives them (never crossing a comma)."""
    start = token.i
    for left in token.lefts:
        if left.dep_ in ("compound", "amod", "det", "poss", "nummod", "nmod") and \
                not any(t.is_punct for t in token.doc[left.left_edge.i:token.i]):
            start = min(start, left.left_edge.i)
    return start, token.i + 1


def adjacent_source(doc: Doc, cue: Span) -> tuple[int, int, int] | None:
    """(first token, last token + 1, head token) of a noun phrase right before or right
    after ``cue`` in its sentence, or None."""
    sent = cue.sent
    verb = next((t for t in cue if t.pos_ == "VERB"), None)
    # Only a finite verb has a subject beside it: "the world asking", "her statement
    # explaining" name no speaker.
    if verb is None or verb.tag_ not in FINITE:
        return None
    after = _past_spaces(doc, cue.end, sent.end, 1)
    if after < sent.end and doc[after].ent_type_ in WHEN:
        after = sent.end  # "..., Chief Dana Okafor said Monday.": a day is no speaker
    if after < sent.end and (doc[after].pos_ == "PROPN" or doc[after].ent_type_ in NAMED):
        # "said Alan Abramowitz": the phrase runs over its name.
        end = after
        while end + 1 < sent.end and (doc[end + 1].pos_ == "PROPN"
                                      or doc[end + 1].ent_iob_ == "I"):
            end += 1
        return after, end + 1, end
    if after + 1 < sent.end and cue.start > sent.start \
            and doc[cue.start - 1].is_quote and doc[after].is_title and doc[after].is_alpha \
            and doc[after + 1].is_punct:
        # "“...,” said Varga," with Varga parsed as an adverb: after a quotation, one
        # capitalised word closed by punctuation is the speaker's name.
        return after, after + 1, after
    before = _past_spaces(doc, cue.start - 1, sent.start - 1, -1)
    if before >= sent.start and doc[before].text == ",":
        before = _past_spaces(doc, before - 1, sent.start - 1, -1)
    if before >= sent.start and doc[before].text == ")":
        # "Rep. Elijah E. Cummings (D-Md.) said": the party and state are no part of it.
        opening = next((i for i in range(before - 1, max(sent.start, before - 8) - 1, -1)
                        if doc[i].text == "("), None)
        before = before if opening is None else opening - 1
    if before < sent.start:
        return None
    token = doc[before]
    if token.pos_ not in NOMINAL or token.lower_ in NOT_SPEAKERS:
        return None
    head = token
    # "Senator Harry Reid, the minority leader, said": the appositive's head names them.
    while head.dep_ == "appos" and head.head.i < head.i and head.head.i >= sent.start:
        head = head.head
    start = chunk_of(head)[0]
    return start, before + 1, head.i


def _past_spaces(doc: Doc, i: int, stop: int, step: int) -> int:
    """The first token from ``i`` (towards ``stop``, exclusive) that is no whitespace:
    "his brother\u00a0added" puts a no-break space token between the name and the cue."""
    while i != stop and doc[i].is_space:
        i += step
    return i


def inherit_sources(doc: Doc, found: list[RawAttribution]) -> list[RawAttribution]:
    """"..., said Varga, explaining he worked ...": a cue with no source that hangs from
    another attribution's cue (a participle, a conjoined verb) shares that one's source."""
    by_cue: dict[int, RawAttribution] = {}
    for attribution in found:
        if attribution.cue is not None and attribution.source is not None:
            span = doc.char_span(*attribution.cue, alignment_mode="expand")
            if span is not None:
                for token in span:
                    by_cue.setdefault(token.i, attribution)
    out = []
    for attribution in found:
        if attribution.source is None and attribution.cue is not None:
            span = doc.char_span(*attribution.cue, alignment_mode="expand")
            verb = None if span is None else next(
                (t for t in span if t.pos_ == "VERB" and t.dep_ in ("advcl", "conj", "xcomp")),
                None)
            governor = None if verb is None else by_cue.get(verb.head.i)
            if governor is not None and governor.source is not None and not (
                    attribution.content[0] < governor.source[1]
                    and governor.source[0] < attribution.content[1]):
                attribution = replace(attribution, source=governor.source,
                                      source_head=governor.source_head)
        out.append(attribution)
    return out


SUBJECT_DEPS = ("nsubj", "nsubjpass")
# "It seems that ...", "it was clear": "it" stands for no one. With other verbs ("it
# attacked Trump", "It's denouncing ...") it is an organisation or a document speaking.
# Word forms, not lemmas: the pipeline runs no lemmatizer.
IT_IS_NO_SPEAKER = {"seem", "seems", "seemed", "appear", "appears", "appeared", "be", "is",
                    "was", "were", "are", "'s", "’s", "been", "being", "look", "looks",
                    "looked", "sound", "sounds", "sounded", "feel", "feels", "felt", "remain",
                    "remains", "remained", "become", "becomes", "became", "mean", "means",
                    "meant", "matter", "matters", "mattered", "happen", "happens",
                    "happened", "turn", "turns", "turned"}
NOT_SUBJECTS = {"it", "there", "who", "which", "that", "this", "what"}


def governing_subject(verb: Token, skip: Callable[[Token], bool] = lambda t: False
                      ) -> Token | None:
    """"Cruz is making a pitch to voters saying ...", "..., blasting the Drudge Report":
    a participle (or "to" infinitive) cue with no subject of its own speaks for the
    subject of the clause it hangs from, however the parser attached it; the first
    finite verb above it ends the search."""
    # "to turn and [accuse] the audience": a conjoined infinitive shares the first's "to".
    infinitives = (verb, verb.head) if verb.dep_ == "conj" else (verb,)
    # "Holm ran on a plan to rebuild the pier and [accused] the board of ...": a finite
    # verb cannot be conjoined to an infinitive or participle; the parse hung it from the
    # nearer verb, and it shares the subject of the finite clause above.
    finite_on_nonfinite = verb.dep_ == "conj" and verb.tag_ in FINITE and \
        verb.head.tag_ in ("VB", "VBG")
    if not finite_on_nonfinite and (verb.tag_ not in ("VBG", "VB") or (
            verb.tag_ == "VB" and not any(c.dep_ == "aux" and c.lower_ == "to"
                                          for v in infinitives for c in v.children))):
        return None
    for ancestor in verb.ancestors:
        if ancestor.pos_ not in ("VERB", "AUX"):
            continue
        subject = next((c for c in ancestor.children if c.dep_ in SUBJECT_DEPS), None)
        # The skipped words (a quotation the cue is not in) speak for no one; a verb in
        # one whose subject is outside ("she was “whisked … off”") still has it.
        if skip(ancestor) and (subject is None or skip(subject)):
            continue
        if subject is not None:
            return None if subject.lower_ in NOT_SUBJECTS else subject
        if ancestor.tag_ in FINITE or ancestor.tag_ == "MD":
            return None
    return None
