"""find_disputes never raises on odd records and keeps every offset inside the text."""

from __future__ import annotations

from typing import Any

from hypothesis import given, settings
from hypothesis import strategies as st

from claimmap.disputes.rules import Context, find_disputes

WORDS = ["The", "union", "accused", "the", "board", "of", "fraud", "denied", "it", "said",
         "30", "at least", "4", "workers", "were", "injured", "contradicted", "saying", ".",
         ",", "\n", "“", "”", "$2 million", "blamed", "for", "’s", "rejected"]


@st.composite
def contexts(draw: st.DrawFn) -> Context:
    text = " ".join(draw(st.lists(st.sampled_from(WORDS), min_size=1, max_size=60)))

    def span() -> dict[str, Any]:
        start = draw(st.integers(0, len(text)))
        end = draw(st.integers(start, len(text)))
        return {"start": start, "end": end, "text": text[start:end]}

    actors = [{"id": f"a{i}", "name": draw(st.sampled_from(["union", "board", "", "the"])),
               "kind": "group", "role": draw(st.sampled_from([None, "chair", "board"])),
               "mentions": [span() for _ in range(draw(st.integers(0, 2)))]}
              for i in range(draw(st.integers(0, 3)))]
    quotes = []
    for i in range(draw(st.integers(0, 5))):
        cue = draw(st.one_of(st.none(), st.just(0)))
        quotes.append({
            "id": f"q{i}", "kind": "indirect", "content": span(),
            "cue": span() if cue is not None else None,
            "cue_class": draw(st.sampled_from(["say", "accuse", "deny", "contradict",
                                               "estimate"])),
            "speaker": {"actor_id": draw(st.sampled_from([None, "a0", "a1"])),
                        "mention": draw(st.one_of(st.none(), st.just(None)))},
        })
    claims = [{"id": f"c{i}", "sourcing": {"actor_id": None},
               "quantities": [{"span": span(), "value": 3.0, "bound": "exact"}]}
              for i in range(draw(st.integers(0, 2)))]
    return Context(text, quotes, actors, claims, "k")


@settings(max_examples=150, deadline=None)
@given(contexts())
def test_rules_robust_on_random_records(ctx: Context) -> None:
    disputes, accusations = find_disputes(ctx)
    ids = {q["id"] for q in ctx.quotes} | {c["id"] for c in ctx.claims}
    spans = [d["evidence"] for d in disputes if d["evidence"]]
    spans += [a["of"] for a in accusations]
    spans += [a["accused_mention"] for a in accusations if a["accused_mention"]]
    for span in spans:
        assert 0 <= span["start"] <= span["end"] <= len(ctx.text)
        assert ctx.text[span["start"]:span["end"]] == span["text"]
    for dispute in disputes:
        assert dispute["a"] in ids and (dispute["b"] is None or dispute["b"] in ids)
        assert 0.0 <= dispute["score"] <= 1.0
        assert dispute["kind"] in ("accusation", "denial", "contradiction", "numeric_conflict")
