"""find_disputes never raises on odd records and keeps every offset inside the text."""

from __future__ import annotations

from hypothesis import given, settings
from hypothesis import strategies as st

from claimmap.disputes.rules import Context, find_disputes
from claimmap.types import (
    Actor,
    Certainty,
    Checkworthiness,
    Claim,
    Quantity,
    Quote,
    Sourcing,
    Speaker,
    TextSpan,
)

WORDS = ["The", "union", "accused", "the", "board", "of", "fraud", "denied", "it", "said",
         "30", "at least", "4", "workers", "were", "injured", "contradicted", "saying", ".",
         ",", "\n", "“", "”", "$2 million", "blamed", "for", "’s", "rejected"]


@st.composite
def contexts(draw: st.DrawFn) -> Context:
    text = " ".join(draw(st.lists(st.sampled_from(WORDS), min_size=1, max_size=60)))

    def span() -> TextSpan:
        start = draw(st.integers(0, len(text)))
        end = draw(st.integers(start, len(text)))
        return TextSpan.of(text, start, end)

    actors = [Actor(id=f"a{i}", name=draw(st.sampled_from(["union", "board", "", "the"])),
                    kind="group", role=draw(st.sampled_from([None, "chair", "board"])),
                    mentions=tuple(span() for _ in range(draw(st.integers(0, 2)))))
              for i in range(draw(st.integers(0, 3)))]
    quotes = []
    for i in range(draw(st.integers(0, 5))):
        cue = draw(st.one_of(st.none(), st.just(0)))
        mention = span() if draw(st.booleans()) else None
        quotes.append(Quote(
            id=f"q{i}", kind="indirect", content=span(),
            cue=span() if cue is not None else None,
            cue_class=draw(st.sampled_from(["say", "accuse", "deny", "contradict",
                                            "estimate"])),
            speaker=Speaker(draw(st.sampled_from([None, "a0", "a1"])), mention),
        ))
    claims = [Claim(id=f"c{i}", span=span(), checkworthiness=Checkworthiness("CFS", 0.5),
                    type="statistic", certainty=Certainty("asserted"),
                    sourcing=Sourcing("author"),
                    quantities=(Quantity(span(), 3.0, None, "exact"),))
              for i in range(draw(st.integers(0, 2)))]
    return Context(text, quotes, actors, claims, "k")


@settings(max_examples=150, deadline=None)
@given(contexts())
def test_rules_robust_on_random_records(ctx: Context) -> None:
    disputes, accusations = find_disputes(ctx)
    ids = {q.id for q in ctx.quotes} | {c.id for c in ctx.claims}
    spans = [d.evidence for d in disputes if d.evidence]
    spans += [a.of for a in accusations]
    spans += [a.accused_mention for a in accusations if a.accused_mention]
    for span in spans:
        assert 0 <= span.start <= span.end <= len(ctx.text)
        assert ctx.text[span.start:span.end] == span.text
    for dispute in disputes:
        assert dispute.a in ids and (dispute.b is None or dispute.b in ids)
        assert 0.0 <= dispute.score <= 1.0
        assert dispute.kind in ("accusation", "denial", "contradiction", "numeric_conflict")
