"""Names and roles read off the words around a person's name: "X, spokesman for Y",
"the Ministry's spokesman X", "U.S. Army Colonel X"."""

from __future__ import annotations

import re
from collections.abc import Collection, Sequence

from spacy.tokens import Doc, Span, Token

from claimmap.attribution.cues import Lexicon
from claimmap.attribution.spans import doc_text, sentence_of
from claimmap.text import drop_zero_width

DETERMINERS = ("the ", "a ", "an ", "this ", "that ", "these ", "those ")
_POSSESSIVE = re.compile(r"(?:['’]s|['’])$")


def clean_name(text: str) -> str:
    # Zero-width characters would make "Ha\u200ble" and "Hale" two actors of one article.
    name = " ".join(drop_zero_width(text).split())
    name = _POSSESSIVE.sub("", name)
    lowered = name.lower()
    for det in DETERMINERS:
        if lowered.startswith(det):
            name = name[len(det):]
            break
    return name.strip(" ,.;:\"“”'’—–-")



def person_details(doc: Doc, lexicon: Lexicon, ent: Span) -> tuple[str | None, str | None]:
    """Role and organisation from an apposition ("X, spokesman for Y") or from the
    words before the name ("the Ministry's spokesman X", "U.S. Army Colonel X")."""
    root = ent.root
    role, org = None, None
    for child in root.children:
        if child.dep_ == "appos" and child.i > ent.end - 1 and child.pos_ in ("NOUN",
                                                                                "PROPN"):
            role, org = _role_and_org(doc, child)
            break
    if role is None:
        head = root.head
        if root.dep_ == "appos" and head.lower_ in lexicon.role_nouns:
            role, org = _role_and_org(doc, head)
        else:
            prefix = [t for t in doc[max(sentence_of(doc, ent.start).start,
                                                 ent.start - 6):ent.start]
                      if t.lower_ in lexicon.role_nouns or t.text.lower().rstrip(".")
                      in lexicon.role_nouns]
            if prefix:
                # "chief executive Satya Nadella": adjacent title words are one title.
                title = [prefix[-1]]
                while len(title) < len(prefix) and prefix[-1 - len(title)].i == title[0].i - 1:
                    title.insert(0, prefix[-1 - len(title)])
                role = " ".join(t.lower_.rstrip(".") if t.lower_.rstrip(".") in
                                lexicon.role_nouns else t.lower_ for t in title)
                org = _possessor_before(doc, ent.start, title[0].i)
    return role, org

def _role_and_org(doc: Doc, noun: Token) -> tuple[str, str | None]:
    compounds = [c for c in noun.children if c.dep_ in ("compound", "amod") and c.i < noun.i]
    role = " ".join([c.lower_ for c in compounds] + [noun.lower_])
    org = None
    for child in noun.children:
        if child.dep_ == "prep" and child.lower_ in ("for", "of", "at", "with"):
            pobj = next((g for g in child.children if g.dep_ == "pobj"), None)
            if pobj is not None:
                org = clean_name(doc_text(doc)[pobj.left_edge.idx:pobj.right_edge.idx
                                                + len(pobj.right_edge.text)])
        elif child.dep_ == "poss":
            org = clean_name(doc_text(doc)[child.left_edge.idx:child.idx
                                            + len(child.text)])
    return role, org

def _possessor_before(doc: Doc, ent_start: int, role_i: int) -> str | None:
    role_token = doc[role_i]
    for child in role_token.children:
        if child.dep_ == "poss":
            return clean_name(doc_text(doc)[child.left_edge.idx:child.idx + len(child.text)])
    words = [t for t in doc[max(0, role_i - 4):role_i] if t.ent_type_ in ("ORG", "GPE")]
    if words:
        return clean_name(" ".join(t.text for t in words))
    return None


def inner_title(words: list[str], role_nouns: Collection[str]
                ) -> tuple[str | None, str, list[str]] | None:
    """(employer, title, name words) when a lowercase title sits inside a name the NER ran
    together ("Tom & Jerry chief Ana Ruiz"): a name's own words are capitalised, so a
    lowercase "chief" followed by capitalised words is a title, and what precedes it the
    employer. A capitalised middle word ("Michael Dean Smith") is left alone."""
    for k in range(1, len(words) - 1):
        if not (words[k].islower() and words[k].rstrip(".") in role_nouns):
            continue
        end = k + 1
        while end < len(words) - 1 and words[end].islower() and words[end] in role_nouns:
            end += 1  # "chief executive"
        rest = words[end:]
        if not rest or not all(w[:1].isupper() for w in rest):
            return None
        employer = clean_name(" ".join(words[:k])) or None
        return employer, " ".join(w.rstrip(".") for w in words[k:end]), rest
    return None


_NOT_TITLE_WORDS = frozenset({"anonymous", "unnamed", "unidentified", "other", "another"})


def title_of(head: Token, role_nouns: Collection[str]) -> str | None:
    """The title a role noun names, with the lowercase words that qualify it just before it
    ("chief executive", "returning officer", "freight broker"); an employer's name or a
    word that only hides the name ("unnamed") is not part of it."""
    lowered = head.lower_
    if lowered not in role_nouns:
        return None
    words = [lowered]
    i = head.i - 1
    while i >= 0:
        token = head.doc[i]
        if token.head != head or token.dep_ not in ("compound", "amod") or not (
                token.is_alpha and token.text.islower()) or token.lower_ in _NOT_TITLE_WORDS:
            break
        words.insert(0, token.lower_)
        i -= 1
    return " ".join(words)


def employer_of(head: Token, ents: Sequence[Span]) -> str | None:
    """Who a role noun works for: an entity owning or modifying it ("Microsoft's
    spokeswoman", "a Microsoft spokeswoman") or a capitalised object of "of" / "for" / "at"
    ("the chief of Tom & Jerry", "a spokesman for the Port Authority")."""
    for ent in ents:
        if ent.label_ in ("ORG", "GPE", "NORP"):
            return clean_name(ent.text) or None
    for prep in head.children:
        if prep.dep_ != "prep" or prep.lower_ not in ("of", "for", "at"):
            continue
        for obj in prep.children:
            if obj.dep_ != "pobj":
                continue
            # The object and what it is joined with ("Tom & Jerry"), not a clause after it.
            right = max([obj, *(c for c in obj.children
                                if c.dep_ in ("cc", "conj") and c.i > obj.i)],
                        key=lambda t: t.i)
            text = doc_text(head.doc)[obj.left_edge.idx:right.idx + len(right.text)]
            name = clean_name(text)
            if name[:1].isupper():
                return name
    return None
