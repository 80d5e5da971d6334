from __future__ import annotations

import pytest

from claimmap.report.text import section_stance
from claimmap.types import Article, ClaimMap, Provenance, Stance


@pytest.mark.parametrize(("label", "phrase"), [
    ("agree", "The body AGREES with the headline"),
    ("disagree", "The body DISAGREES with the headline"),
    ("discuss", "The body DISCUSSES the headline"),
    ("unrelated", "The body is UNRELATED to the headline"),
])
def test_text_stance_section_reads_as_english(label: str, phrase: str) -> None:
    scores = dict.fromkeys(("agree", "disagree", "discuss", "unrelated"), 0.25)
    cm = ClaimMap(article=Article("a", "Body."), provenance=Provenance("0", "3", "m", "1", "h"),
                  stance=Stance("Head", label, scores))  # type: ignore[arg-type]
    lines = section_stance(cm)
    assert lines[3].strip().startswith(phrase)
    assert "0.25" in lines[3]
    # The scores are named for what they are: the label may not be their highest.
    assert "before the class bias" in lines[3]
