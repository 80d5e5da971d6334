"""The not-English note: stopword share for spaced scripts, Latin share for the others."""

from __future__ import annotations

import pytest

from claimmap.claims.language import not_english_note

ENGLISH = ("The harbour board said on Monday that the strike had cost the port more than two "
           "million euros, and that the ships waiting outside would be unloaded this week.")


@pytest.mark.parametrize("text", [
    "Le conseil municipal a voté mardi un budget de quarante millions pour la rénovation du "
    "port, malgré les critiques des commerçants qui dénoncent des travaux trop longs.",
    "Городской совет во вторник утвердил бюджет на ремонт порта, несмотря на критику "
    "торговцев, которые считают работы слишком долгими и дорогими для города.",
    "市议会周二批准了港口改造预算，尽管商人批评工程时间太长，费用太高，影响了他们的生意和日常生活。"
    "市长表示工程将在明年完成。",
])
def test_language_note_for_other_languages(text: str) -> None:
    note = not_english_note(text)
    assert note is not None and "does not look like English" in note


@pytest.mark.parametrize("text", [ENGLISH, ENGLISH.upper(), "Yes.", "2019 40 12,000\n" * 30])
def test_language_no_note_for_english_short_or_numbers(text: str) -> None:
    assert not_english_note(text) is None
