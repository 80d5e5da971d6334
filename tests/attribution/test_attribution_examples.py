"""Whole-pipeline attribution on our bundled example and on the shared real article."""

from __future__ import annotations

from pathlib import Path

import pytest

import claimmap
from claimmap.types import ClaimMap

pytestmark = pytest.mark.slow
EXAMPLE = Path(claimmap.__file__).resolve().parent / "examples" / "harbour-strike.txt"

# (speaker name must contain, content must contain) for the shared Russia/ISIS article.
RUSSIA_ATTRIBUTIONS = [
    ("Defense", "the last big obstacle"),
    ("Russia", "Washington is shielding the group"),
    ("Defense", "reduced its airstrikes"),
    ("Konashenkov", "merely pretending to fight ISIS"),
    ("Konashenkov", "The main obstacle to completing the annihilation"),
    ("Russia", "assisting ISIS"),
    ("Russia", "its Syrian allies were attacked"),
    ("Dillon", "to kill ISIS or compel them to surrender"),
    ("groups", "Russian airstrikes are targeting them"),
    ("Russia", "all reports of collateral damage"),
    ("observers", "killing and wounding more civilians"),
    ("Russia", "12 soldiers"),
    ("Reuters", "at least 40 Russians"),
    ("some", "take back Syrian territory"),
    ("Konashenkov", "Is it an artful move"),
    ("Konashenkov", "providing cover to the Islamic State"),
]


def found_with_speaker(cm: ClaimMap, speaker: str, content: str) -> bool:
    for quote in cm.quotes:
        actor = cm.actor(quote.speaker.actor_id)
        if content in quote.content.text and actor is not None and speaker in actor.name:
            return True
    return False


def test_attribution_example_article_speakers_roles_and_kinds(nlp: object) -> None:
    cm = claimmap.analyze(EXAMPLE)
    by_name = {actor.name: actor for actor in cm.actors}
    ellison = by_name["Marta Ellison"]
    assert ellison.role == "spokeswoman" and ellison.organisation == "Veldmark Port Authority"
    assert by_name["Tomas Berg"].organisation == "Dockworkers' Union"
    kinds = {actor.name: actor.kind for actor in cm.actors}
    assert kinds["some analysts"] == "vague"
    assert any(kind == "anonymous" and "broker" in name for name, kind in kinds.items())
    assert found_with_speaker(cm, "Ellison", "We have seen the transfers")
    # No cue: the next quotation continues Ellison's turn.
    assert found_with_speaker(cm, "Ellison", "Every day the cranes stand still")
    assert found_with_speaker(cm, "Ellison", "publish the bank records")  # "She added"
    assert found_with_speaker(cm, "Berg", "by our members and nobody else")
    assert found_with_speaker(cm, "broker", "Everybody is counting the numbers")
    berg = next(q for q in cm.quotes if "nobody else" in q.content.text)
    assert berg.kind == "mixed" and berg.cue_class == "deny"


def test_attribution_example_captions_are_not_quotes(nlp: object) -> None:
    cm = claimmap.analyze(EXAMPLE)
    assert len(cm.article.captions) == 3
    for quote in cm.quotes:
        for caption in cm.article.captions:
            assert not quote.content.overlaps(caption)


def test_attribution_offsets_match_the_text(nlp: object) -> None:
    cm = claimmap.analyze(EXAMPLE)
    text = cm.article.text
    spans = [q.content for q in cm.quotes] + [q.cue for q in cm.quotes if q.cue] + [
        m for a in cm.actors for m in a.mentions]
    for span in spans:
        assert text[span.start:span.end] == span.text


def test_attribution_russia_article_bar(nlp: object, russia_text: str) -> None:
    cm = claimmap.analyze(russia_text)
    hits = [pair for pair in RUSSIA_ATTRIBUTIONS if found_with_speaker(cm, *pair)]
    missing = [pair for pair in RUSSIA_ATTRIBUTIONS if pair not in hits]
    assert len(hits) >= 16, f"missing: {missing}"
    konashenkov = [a for a in cm.actors if "Konashenkov" in a.name]
    assert len(konashenkov) == 1 and konashenkov[0].role == "spokesman"
    dillon = next(a for a in cm.actors if "Dillon" in a.name)
    assert dillon.role == "spokesman" and dillon.organisation == "U.S.-led coalition"
    vague = {a.name for a in cm.actors if a.kind == "vague"}
    assert any("observers" in name for name in vague) and "some" in vague
    for quote in cm.quotes:
        for caption in cm.article.captions:
            assert not quote.content.overlaps(caption)
