"""The text view's technique section: each span, the per-article tally, the per-actor one."""

from __future__ import annotations

from claimmap.claimmap import summarize
from claimmap.report.text import section_techniques
from claimmap.types import Actor, Article, ClaimMap, Provenance, Technique, TextSpan

TEXT = "Mayor Ilves called the plan “a cowardly betrayal”. Who benefits? The scheme is a sham."


def _technique(tid: str, needle: str, label: str, actor: str | None) -> Technique:
    start = TEXT.index(needle)
    return Technique(tid, TextSpan.of(TEXT, start, start + len(needle)), label, 0.5, actor)


def test_text_techniques_tally_by_article_and_actor() -> None:
    actors = (Actor("actor_1", "Mayor Ilves", "person"),)
    techniques = (_technique("t1", "cowardly", "Loaded_Language", "actor_1"),
                  _technique("t2", "betrayal", "Loaded_Language", "actor_1"),
                  _technique("t3", "Who benefits?", "Doubt", None),
                  _technique("t4", "sham", "Loaded_Language", None))
    cm = ClaimMap(article=Article("a", TEXT),
                  provenance=Provenance("0", "3.8", "en_core_web_sm", "3.8.0", "x"),
                  actors=actors, techniques=techniques,
                  summary=summarize(actors, (), (), techniques, ()))
    lines = section_techniques(cm)
    assert "  in all: Loaded_Language 3, Doubt 1" in lines
    assert "  by Mayor Ilves: Loaded_Language 2" in lines
    assert "  by (author): Doubt 1, Loaded_Language 1" in lines
    assert any(line.startswith("  Doubt (0.50, author)") for line in lines)
    assert section_techniques(ClaimMap(article=cm.article, provenance=cm.provenance)) == []
