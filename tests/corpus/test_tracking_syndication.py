from __future__ import annotations

from claimmap.corpus.tracking.syndication import CopyIndex

STORY = [
    "Harbour officials in the fictional port of Oldport said on Monday that the eastern quay "
    "would stay closed for at least three more weeks while engineers inspect the damage.",
    "The quay was struck by a container ship during a storm last Thursday, and two cranes "
    "were knocked out of service, according to the port authority's operations director.",
    "Shipping lines have begun diverting vessels to the smaller terminal at Velmont, which "
    "local traders say cannot handle more than a fraction of the usual cargo volumes.",
    "The authority said it would publish a full repair schedule once the inspection ends, "
    "and promised compensation talks with the tenants whose warehouses were flooded.",
]
OTHER = ("A new bakery opened on the high street in Corvo this weekend, drawing queues of "
         "residents who came for the sourdough and stayed for the live music in the square "
         "outside, the owners said, adding that they hope to open a second shop next spring.")


def test_tracking_syndication_dateline_footer_and_dropped_paragraph_are_copies() -> None:
    index = CopyIndex()
    assert index.best_copy("\n\n".join(STORY), add_as="orig") is None
    dateline = "OLDPORT, Nov 4 (Wirenews) - " + "\n\n".join(STORY) + \
        "\n\nFollow us on social media for the latest updates."
    dropped = "\n\n".join(STORY[:2] + STORY[3:]) + "\n\nSign up for our newsletter."
    first = index.best_copy(dateline, add_as="copy-a")
    second = index.best_copy(dropped, add_as="copy-b")
    assert first is not None and first.article_id == "orig" and first.jaccard > 0.8
    assert second is not None and second.article_id in ("orig", "copy-a")
    assert second.containment >= 0.8


def test_tracking_syndication_different_story_and_short_text_are_not_copies() -> None:
    index = CopyIndex()
    index.best_copy("\n\n".join(STORY), add_as="orig")
    assert index.best_copy(OTHER) is None
    # A rewrite that keeps the facts but not the words is a different text.
    rewrite = ("Oldport's eastern quay will remain shut for three weeks or more, the port said "
               "Monday, after a ship hit it in a storm and disabled two cranes.")
    assert index.best_copy(rewrite) is None
    assert index.best_copy("Harbour officials in the fictional port") is None
