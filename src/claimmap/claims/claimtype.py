"""What kind of claim a span makes: statistic, event, causal, prediction, accusation, denial,
opinion or other.

Rules in priority order over the quote that carries the claim (its cue class), the claim's
words and its verbs' tenses. Denials and accusations come first because a fact-checker checks
them differently from the facts inside them.
"""

from __future__ import annotations

import re

from spacy.tokens import Span

from claimmap.nlp.tokens import doc_text
from claimmap.types import ClaimType, Quote

_DENIAL = re.compile(r"\b(?:den(?:y|ies|ied|ying|ial)|rejected (?:the |all )?(?:claims?|"
                     r"reports?|allegations?|accusations?)|refuted|dismissed (?:the )?"
                     r"(?:claims?|reports?|allegations?)|contradicted|"
                     r"(?:was|is|were|are) not true|false(?:ly)? claim)\b", re.IGNORECASE)
_ACCUSATION = re.compile(r"\b(?:accus\w*|alleg\w*|blam\w*|charged? (?:with|that)|"
                         r"responsible for|guilty of|complicit)\b", re.IGNORECASE)
_CAUSAL = re.compile(r"\b(?:because|due to|caused?|causing|led to|leads? to|lead to|"
                     r"result(?:ed|s)? in|as a result|stems? from|owing to|thanks to|"
                     r"so that|in order to|therefore|consequently|triggered|blamed on)\b",
                     re.IGNORECASE)
_PREDICTION = re.compile(r"\b(?:will|won't|shall|going to|is expected to|are expected to|"
                         r"forecasts?|predicts?|predicted|projected to|is set to|are set to|"
                         r"likely to|next (?:year|month|week))\b", re.IGNORECASE)
_OPINION = re.compile(r"\b(?:i think|i believe|we believe|we think|in my view|in our view|"
                      r"should|ought to|must|best|worst|terrible|great|wonderful|shameful|"
                      r"disgrace|outrageous|ridiculous|wrong|right thing)\b", re.IGNORECASE)
_ACCUSE_CUES = {"accuse", "allege"}
_DENY_CUES = {"deny", "contradict"}


def claim_type(span: Span, quote: Quote | None, n_quantities: int,
               label: str) -> ClaimType:
    """The type of the claim at ``span``, given its quote (or None) and check-worthiness."""
    text = doc_text(span.doc)[span.start_char:span.end_char]  # ``span.text``, not re-joined
    cue_class = quote.cue_class if quote is not None else ""
    if cue_class in _DENY_CUES or _DENIAL.search(text):
        return "denial"
    if cue_class in _ACCUSE_CUES or _ACCUSATION.search(text):
        return "accusation"
    if n_quantities:
        return "statistic"
    if _PREDICTION.search(text):
        return "prediction"
    if _CAUSAL.search(text):
        return "causal"
    if _OPINION.search(text):
        return "opinion"
    # Non-factual sentences without an opinion word are greetings, questions, asides.
    if label != "NFS" and any(t.tag_ in ("VBD", "VBN") for t in span):
        return "event"
    return "other"
