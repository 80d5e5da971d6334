"""Dispute rules on hand-built quote and actor records (no spaCy)."""

from __future__ import annotations

from dataclasses import replace

import pytest

from claimmap.disputes.rules import Context, find_disputes, quote_class
from claimmap.types import (
    Accusation,
    Actor,
    Certainty,
    Checkworthiness,
    Claim,
    Dispute,
    Quantity,
    Quote,
    QuoteTarget,
    Sourcing,
    Speaker,
    TextSpan,
)

TEXT = ("The union accused the port authority of hiding safety reports. "
        "The port authority has denied all claims of a cover-up. "
        "Inspector Mara Quill contradicted the union's accusations, saying the reports were "
        "public. "
        "The union said 30 workers were injured, but the authority said only 4 workers were hurt.")


def _span(sub: str, start_at: int = 0) -> TextSpan:
    start = TEXT.index(sub, start_at)
    return TextSpan(start, start + len(sub), sub)


def _claim(cid: str, span: TextSpan, actor_id: str | None = None,
           quantities: tuple[Quantity, ...] = ()) -> Claim:
    return Claim(id=cid, span=span, checkworthiness=Checkworthiness("CFS", 0.9),
                 type="statistic" if quantities else "other",
                 certainty=Certainty("asserted"),
                 sourcing=Sourcing("named" if actor_id else "author", actor_id),
                 quantities=quantities)


def _actor(aid: str, name: str, *mentions: str) -> Actor:
    spans = []
    for m in mentions:
        pos = -1
        while True:
            pos = TEXT.find(m, pos + 1)
            if pos < 0:
                break
            spans.append(TextSpan(pos, pos + len(m), m))
    return Actor(id=aid, name=name, kind="organisation", mentions=tuple(spans))


def _quote(qid: str, cue: str, cls: str, content: str, speaker: str | None,
           after: int = 0) -> Quote:
    cue_span = _span(cue, after)
    return Quote(id=qid, kind="indirect", cue=cue_span, cue_class=cls,  # type: ignore[arg-type]
                 content=_span(content, cue_span.end), speaker=Speaker(speaker, None))


ACTORS = [_actor("a_union", "union", "union"),
          _actor("a_port", "port authority", "port authority"),
          _actor("a_quill", "Mara Quill", "Mara Quill")]
QUOTES = [
    _quote("q1", "accused", "accuse", "hiding safety reports", "a_union"),
    _quote("q2", "denied", "deny", "all claims of a cover-up", "a_port"),
    _quote("q3", "contradicted", "contradict", "the union's accusations", "a_quill"),
    _quote("q4", "said", "say", "30 workers were injured", "a_union", TEXT.index("30") - 10),
    _quote("q5", "said", "say", "only 4 workers were hurt", "a_port", TEXT.index("only") - 10),
]


def _run() -> tuple[tuple[Dispute, ...], tuple[Accusation, ...]]:
    return find_disputes(Context(TEXT, QUOTES, ACTORS, [], "k"))


def test_rules_accusation_names_accuser_accused_and_act() -> None:
    _, accusations = _run()
    assert len(accusations) == 1
    acc = accusations[0]
    assert (acc.accuser, acc.accused) == ("a_union", "a_port")
    assert acc.of.text == "hiding safety reports"
    assert TEXT[acc.of.start:acc.of.end] == acc.of.text


def test_rules_denial_answers_the_accusation() -> None:
    disputes, _ = _run()
    denial = next(d for d in disputes if d.kind == "denial")
    assert (denial.a, denial.b) == ("q2", "q1")
    assert denial.actors == ("a_port", "a_union")
    assert denial.evidence.text == "has denied all claims"


def test_rules_contradiction_targets_the_named_actor() -> None:
    disputes, _ = _run()
    contradiction = next(d for d in disputes if d.kind == "contradiction")
    assert contradiction.b == "q1"
    assert contradiction.actors == ("a_quill", "a_union")
    assert contradiction.evidence.text.startswith("contradicted the union")


def test_rules_numeric_conflict_between_sources() -> None:
    disputes, _ = _run()
    numeric = [d for d in disputes if d.kind == "numeric_conflict"]
    assert len(numeric) == 1
    assert {numeric[0].a, numeric[0].b} == {"q4", "q5"}
    assert 0.5 < numeric[0].score <= 1.0


def test_rules_same_source_numbers_do_not_conflict() -> None:
    quotes = list(QUOTES)
    quotes[4] = replace(quotes[4], speaker=Speaker("a_union", None))
    disputes, _ = find_disputes(Context(TEXT, quotes, ACTORS, [], "k"))
    assert not [d for d in disputes if d.kind == "numeric_conflict"]


def test_rules_dispute_ids_are_deterministic() -> None:
    first, _ = _run()
    second, _ = _run()
    assert [d.id for d in first] == [d.id for d in second]
    assert len({d.id for d in first}) == len(first)


def test_rules_quote_class_is_the_cue_class_attribution_gave() -> None:
    quote = QUOTES[0]
    rejected = TextSpan(0, 15, "flatly rejected")
    assert quote_class(replace(quote, cue=rejected, cue_class="deny")) == "deny"
    assert quote_class(replace(quote, cue=rejected, cue_class="say")) == "other"
    telling = TextSpan(0, 7, "telling")
    assert quote_class(replace(quote, cue=telling, cue_class="contradict")) == "other"


@pytest.mark.parametrize(("verb", "cls"), [
    ("accused", "accuse"), ("blamed", "accuse"), ("condemned", "accuse"),
    ("denounced", "accuse"), ("faulted", "accuse"), ("denied", "deny"), ("rejected", "deny"),
    ("dismissed", "deny"), ("disavowed", "deny"), ("contradicted", "contradict"),
    ("disputed", "contradict"), ("rebutted", "contradict"), ("countered", "contradict"),
    ("challenged", "contradict"), ("disagreed", "contradict"), ("retorted", "contradict"),
    ("refuted", "contradict"),
])
def test_rules_attribution_classes_every_disputing_cue(verb: str, cls: str) -> None:
    # Disputes trusts the cue class on the quote, so the cue lexicon must class these.
    from claimmap.attribution.cues import load_lexicon

    entry = load_lexicon().verb(verb)
    assert entry is not None and entry[1] == cls


def test_rules_claim_quantities_are_used_when_present() -> None:
    start = TEXT.index("30")
    figure = Quantity(TextSpan(start, start + 2, "30"), 30.0, "workers", "exact", "a_union")
    claim = _claim("c1", TextSpan(start, start + 2, "30"), "a_union", (figure,))
    # Without the union's quote, only the claim holds the union's figure.
    quotes = [q for q in QUOTES if q.id != "q4"]
    disputes, _ = find_disputes(Context(TEXT, quotes, ACTORS, [claim], "k"))
    numeric = [d for d in disputes if d.kind == "numeric_conflict"]
    assert {numeric[0].a, numeric[0].b} == {"c1", "q5"}


def test_rules_quote_figures_win_over_a_sentence_wide_claim() -> None:
    start = TEXT.index("30")
    sentence = TEXT.index("The union said 30")
    figure = Quantity(TextSpan(start, start + 2, "30"), 30.0, "workers", "exact", "a_union")
    claim = _claim("c1", TextSpan(sentence, len(TEXT), TEXT[sentence:]), "a_union", (figure,))
    disputes, _ = find_disputes(Context(TEXT, QUOTES, ACTORS, [claim], "k"))
    numeric = [d for d in disputes if d.kind == "numeric_conflict"]
    assert {numeric[0].a, numeric[0].b} == {"q4", "q5"}


def test_rules_claim_carries_a_dispute_no_quote_holds() -> None:
    text = ("Councillor Ivo Brandt charged that the transport director had steered the "
            "contract to his cousin. Ivo Brandt was denied a seat on the panel.")
    second = text.index("Ivo Brandt was")
    actors = [Actor(id="a_b", name="Ivo Brandt", kind="person",
                    mentions=(TextSpan(11, 21, "Ivo Brandt"),
                              TextSpan(second, second + 10, "Ivo Brandt")))]
    first_end = text.index(".") + 1
    claims = [_claim("c1", TextSpan.of(text, 0, first_end)),
              _claim("c2", TextSpan.of(text, first_end + 1, len(text)))]
    disputes, accusations = find_disputes(Context(text, [], actors, claims, "k"))
    assert [d.kind for d in disputes] == ["accusation"]  # "was denied a seat" is no denial
    acc = accusations[0]
    assert acc.accuser == "a_b" and acc.quote_id == "c1"
    assert acc.accused_mention.text == "the transport director"
    assert acc.of.text.startswith("had steered the contract")


def test_rules_accused_starts_where_attribution_read_it() -> None:
    # The quote's content swallowed part of the accused ("port authority of hiding ..."), so
    # the words between cue and content say only "the"; attribution's target says more.
    swallowed = replace(QUOTES[0], content=_span("authority of hiding safety reports"))
    quotes = [swallowed, *QUOTES[1:]]
    _, plain = find_disputes(Context(TEXT, quotes, ACTORS, [], "k"))
    target = QuoteTarget("q1", _span("the port authority"))
    _, read = find_disputes(Context(TEXT, quotes, ACTORS, [], "k", targets=[target]))
    assert read[0].accused_mention is not None
    assert read[0].accused_mention.text == "the port authority"
    assert read[0].accused == "a_port"
    assert plain[0].accused_mention != read[0].accused_mention


def test_rules_verbs_no_quote_carries_are_classed_as_attribution_classes_them() -> None:
    # The verb list of events.py (disputing verbs that cue no quote) must agree with the cue
    # lexicon that classes the verbs that do.
    from claimmap.attribution.cues import load_lexicon
    from claimmap.disputes.events import DISPUTE_VERB_FORMS, _verb_class

    lexicon = load_lexicon()
    for form in DISPUTE_VERB_FORMS:
        entry = lexicon.verb(form.split()[0])
        assert entry is not None and entry[1] == _verb_class(form), form
