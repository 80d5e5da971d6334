"""The passes that lay attributions against each other stay linear-ish on hostile input
(thousands of attributions): the old pairwise loops were quadratic."""

from __future__ import annotations

import time

from spacy.language import Language

from claimmap.attribution.component import _drop_nested_same_speaker
from claimmap.attribution.layout import relay, split_coordinated
from claimmap.attribution.raw import RawAttribution


def _many(nlp_blank: Language, n: int) -> tuple[object, list[RawAttribution]]:
    """n sentences "Anna said it rained ." with one attribution each."""
    words = ["Anna", "said", "it", "rained", "."] * n
    doc = nlp_blank.make_doc(" ".join(words))
    for token in doc:
        token.pos_ = "PROPN" if token.text == "Anna" else "VERB"
    found = []
    for i in range(n):
        base = doc[i * 5].idx
        found.append(RawAttribution(content=(base + 10, base + 19), cue=(base + 5, base + 9),
                                    cue_class="say", source=(base, base + 4),
                                    source_head=i * 5))
    return doc, found


def _seconds(nlp_blank: Language, n: int) -> float:
    doc, found = _many(nlp_blank, n)
    started = time.process_time()
    split_coordinated(doc, found)  # type: ignore[arg-type]
    relay(found)
    _drop_nested_same_speaker(found, ["person:anna"] * n)
    return time.process_time() - started


def test_layout_passes_scale_linearly(nlp_blank: Language) -> None:
    small = min(_seconds(nlp_blank, 1000) for _ in range(2))
    large = min(_seconds(nlp_blank, 8000) for _ in range(2))
    # Linear (or n log n) work grows about 8x; the quadratic loops grew 64x.
    assert large < max(small, 0.002) * 24, (small, large)


def test_layout_split_coordinated_still_cuts_a_second_speaker(nlp_blank: Language) -> None:
    text = "Anna said the port is closed while Berit said it is open"
    doc = nlp_blank.make_doc(text)
    for token in doc:
        token.pos_ = "PROPN" if token.text in ("Anna", "Berit") else "VERB"
    a = RawAttribution(content=(text.index("the port"), len(text)), cue=(5, 9),
                       cue_class="say", source=(0, 4), source_head=0)
    berit = text.index("Berit")
    b = RawAttribution(content=(text.index("it is"), len(text)),
                       cue=(berit + 6, berit + 10), cue_class="say",
                       source=(berit, berit + 5), source_head=7)
    cut, _ = split_coordinated(doc, [a, b])
    assert text[cut.content[0]:cut.content[1]] == "the port is closed"


def test_layout_nested_report_keeps_the_inner_attribution_whole(nlp_blank: Language) -> None:
    text = "The Herald reported that Ruzic denied the sale"
    doc = nlp_blank.make_doc(text)
    for token in doc:
        token.pos_ = "PROPN" if token.text in ("Herald", "Ruzic") else "VERB"
    ruzic = text.index("Ruzic")
    outer = RawAttribution(content=(text.index("that"), len(text)), cue=(11, 19),
                           cue_class="say", source=(0, 10), source_head=1)
    inner = RawAttribution(content=(text.index("the sale"), len(text)),
                           cue=(ruzic + 6, ruzic + 12), cue_class="deny",
                           source=(ruzic, ruzic + 5), source_head=4)
    laid = split_coordinated(doc, [outer, inner])
    assert laid[0].content == outer.content
    relayed = relay(laid)
    assert relayed[1].via == (0, 10) and relayed[0].via is None
