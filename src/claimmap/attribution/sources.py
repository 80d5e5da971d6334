"""A source for a sure reporting cue the parse gave no subject: the noun phrase right beside
the cue ("..., said Alan Abramowitz, a demographer" after a misparse; "Senator Harry Reid, the
minority leader, said" when the parser hung the name elsewhere)."""

from __future__ import annotations

from spacy.tokens import Doc, Span, Token

NOMINAL = ("PROPN", "NOUN", "PRON")
# Pronouns that never speak for themselves here ("it said" is handled by the rules).
FINITE = ("VBD", "VBZ", "VBP")
NOT_SPEAKERS = {"it", "there", "this", "that", "which", "what", "itself"}


def _chunk_of(token: Token) -> tuple[int, int]:
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
    after = cue.end
    if after < sent.end and doc[after].pos_ == "PROPN":
        # "said Alan Abramowitz": the phrase runs over its name.
        end = after
        while end + 1 < sent.end and doc[end + 1].pos_ == "PROPN":
            end += 1
        return after, end + 1, end
    before = cue.start - 1
    if before >= sent.start and doc[before].text == ",":
        before -= 1
    if before < sent.start:
        return None
    token = doc[before]
    if token.pos_ not in NOMINAL or token.lower_ in NOT_SPEAKERS:
        return None
    head = token
    # "Senator Harry Reid, the minority leader, said": the appositive's head names them.
    while head.dep_ == "appos" and head.head.i < head.i and head.head.i >= sent.start:
        head = head.head
    start = _chunk_of(head)[0]
    return start, before + 1, head.i
