from __future__ import annotations

from claimmap.report.dot import render_dot
from claimmap.types import (
    Accusation,
    Actor,
    Article,
    ClaimMap,
    Dispute,
    Provenance,
    Quote,
    Speaker,
    TextSpan,
)

TEXT = 'The guild accused the "Harbour Board" of fraud. The board denied it.'


def _map() -> ClaimMap:
    of = TextSpan.of(TEXT, TEXT.index("fraud"), TEXT.index("fraud") + 5)
    quote = Quote("q1", "indirect", of, TextSpan.of(TEXT, 10, 17), "accuse",
                  Speaker("a1", TextSpan.of(TEXT, 0, 9)))
    return ClaimMap(
        article=Article("doc1", TEXT, title="Guild and board"),
        provenance=Provenance("0", "3", "m", "1", "h"),
        actors=(Actor("a1", "guild", "group"), Actor("a2", 'Harbour "Board"', "organisation")),
        quotes=(quote,),
        accusations=(Accusation("a1", None, of, "q1",
                                TextSpan.of(TEXT, 18, 37)),),
        disputes=(Dispute("d1", "denial", "q2", "q1", ("a2", "a1"), None, 0.8),),
    )


def test_dot_graph_draws_accusations_and_disputes() -> None:
    dot = render_dot([_map()])
    assert dot.startswith("digraph accusations {") and dot.rstrip().endswith("}")
    assert '[label="guild"]' in dot
    # An unresolved accused keeps the words that named it, quotes escaped.
    assert '[label="the \\"Harbour Board\\""]' in dot
    assert '-> a0_n1 [label="fraud"]' in dot
    assert 'label="denial", style=dashed' in dot


def test_dot_graph_clusters_each_article() -> None:
    dot = render_dot([_map(), _map()])
    assert "subgraph cluster_0" in dot and "subgraph cluster_1" in dot
    assert dot.count("digraph") == 1


def test_dot_graph_controls_in_names_are_escaped() -> None:
    cm = _map()
    evil = ClaimMap(article=Article("doc1", TEXT, title="\x1b[2J\u202eGuild"),
                    provenance=cm.provenance, actors=(Actor("a1", "gu\u2066ild\x07", "group"),
                                                      cm.actors[1]),
                    quotes=cm.quotes, accusations=cm.accusations, disputes=cm.disputes)
    dot = render_dot([evil])
    assert "\x1b" not in dot and "\u202e" not in dot and "\u2066" not in dot
    assert "\x07" not in dot
    # Shown as an escape, its backslash escaped for DOT.
    assert 'label="\\\\u001b[2J\\\\u202eGuild"' in dot
