"""Side panels render what the ClaimMap has and say so when a part is missing."""

from __future__ import annotations

import re

import pytest

from claimmap.report.html import render_html, report_context, speaker_styles
from claimmap.types import (
    Accusation,
    Actor,
    Article,
    Certainty,
    Checkworthiness,
    Claim,
    ClaimMap,
    Dispute,
    Provenance,
    Quote,
    Sourcing,
    Speaker,
    Stance,
    Technique,
    TextSpan,
)

PROV = Provenance("0", "3.8", "en_test", "0", "cfg")
TEXT = ("Ferry Operator Blamed For Delays\n\n"
        "Harbour chief Ida Lund said the operator had cancelled 40 crossings. "
        "The operator's director, Per Holm, denied it, calling the figures a smear. "
        "Some officials said the ferries seem to be old.\n")


def _span(needle: str) -> TextSpan:
    start = TEXT.index(needle)
    return TextSpan.of(TEXT, start, start + len(needle))


ACTORS = (Actor("lund", "Ida Lund", "person", role="harbour chief"),
          Actor("holm", "Per Holm", "person", role="director", organisation="the operator"),
          Actor("off", "Some officials", "vague"))
QUOTES = (
    Quote("q1", "indirect", _span("the operator had cancelled 40 crossings"), _span("said"),
          "say", Speaker("lund", _span("Harbour chief Ida Lund"))),
    Quote("q2", "indirect", _span("it"), _span("denied"), "deny",
          Speaker("holm", _span("Per Holm"))),
    Quote("q3", "indirect", _span("the ferries seem to be old"), None, "say",
          Speaker("off", _span("Some officials"))),
)


def _bare() -> ClaimMap:
    return ClaimMap(Article("bare", TEXT, title="Ferry Operator Blamed For Delays",
                            title_span=_span("Ferry Operator Blamed For Delays")), PROV)


def _full() -> ClaimMap:
    claim = Claim("c1", _span("the operator had cancelled 40 crossings"),
                  Checkworthiness("CFS", 0.91), "statistic", Certainty("asserted"),
                  Sourcing("named", "lund", "q1"))
    hedged = Claim("c2", _span("the ferries seem to be old"), Checkworthiness("UFS", 0.2),
                   "opinion", Certainty("possible", (_span("seem to be"),)),
                   Sourcing("vague", "off", "q3"))
    technique = Technique("t1", _span("a smear"), "Name_Calling,Labeling", 0.8, "holm", None)
    return ClaimMap(
        _bare().article, PROV, actors=ACTORS, quotes=QUOTES, claims=(claim, hedged),
        techniques=(technique,),
        stance=Stance("Ferry Operator Blamed For Delays", "discuss",
                      {"agree": 0.2, "disagree": 0.1, "discuss": 0.6, "unrelated": 0.1}),
        disputes=(Dispute("d1", "denial", "q1", "q2", ("lund", "holm"), _span("denied it"),
                          0.7),),
        accusations=(Accusation("lund", "holm", _span("cancelled 40 crossings"), "q1"),))


def test_html_bare_claimmap_renders_every_panel_as_empty() -> None:
    html = render_html(_bare())
    for message in ("Not analysed.", "No actors found.", "No claims in this ClaimMap.",
                    "No disputes or accusations in this ClaimMap.",
                    "No persuasion techniques in this ClaimMap."):
        assert message in html
    assert "<svg" not in html


def test_html_full_claimmap_fills_every_panel() -> None:
    html = render_html(_full())
    assert "Not analysed." not in html and "No actors found." not in html
    assert 'class="stance-label">discuss<' in html
    assert html.count('<line class="edge') == 2  # the accusation and the denial
    assert 'marker-end="url(#a0-arrow)"' in html
    assert 'class="edge dashed"' in html
    assert "Name Calling,Labeling 1" in html  # techniques-by-actor row of Per Holm
    assert re.search(r'<span class="score">0\.91</span> CFS, statistic', html)
    assert re.search(r'class="m [^"]*\bhedge\b', html)


def test_html_claims_are_ranked_and_linked_to_their_span() -> None:
    view = report_context(_full())
    ranked = [item["claim"].id for item in view["top_claims"]]
    assert ranked == ["c1", "c2"]
    anchors = {item["anchor"] for item in view["top_claims"]}
    html = render_html(_full())
    for anchor in anchors:
        assert f'href="#{anchor}"' in html and f'id="{anchor}"' in html


def test_html_speakers_get_distinct_colour_pattern_and_initials() -> None:
    styles = list(speaker_styles(_full()).values())
    assert [s.name for s in styles] == ["Ida Lund", "Per Holm", "Some officials"]
    assert len({s.colour for s in styles}) == 3
    assert len({s.initials for s in styles}) == 3
    assert [s.vague for s in styles] == [False, False, True]
    html = render_html(_full())
    # Each quote starts with its speaker's initials badge (colour is never the only signal).
    for style in styles:
        assert html.count(f'aria-hidden="true">{style.initials}</span>') >= 1
    assert "vague source" in html


@pytest.mark.parametrize("initials_of", [("Maria de la Cruz", "MC"), ("NATO", "NA"),
                                         ("the ministry", "TM"), ("42", "42"),
                                         ("Russia", "Ru")])
def test_html_initials_are_short(initials_of: tuple[str, str]) -> None:
    from claimmap.report.html import _initials

    name, expected = initials_of
    assert _initials(name) == expected


def test_html_unresolved_speakers_are_marked() -> None:
    quote = Quote("q9", "direct", _span("the ferries seem to be old"), None, "say",
                  Speaker(None, _span("Some officials")))
    cm = ClaimMap(_bare().article, PROV, quotes=(quote,))
    html = render_html(cm)
    assert "(unresolved) Some officials" in html and "unresolved</span>" in html
    assert [s.initials for s in speaker_styles(cm).values()] == ["SO"]


def test_html_spans_out_of_range_are_clipped_not_fatal() -> None:
    broken = Quote("q1", "direct", TextSpan(len(TEXT) - 5, len(TEXT) + 50, "x"), None, "say",
                   Speaker(None, TextSpan(-10, 3, "x")))
    empty = Quote("q2", "direct", TextSpan(9, 9, ""), None, "say", Speaker(None, None))
    html = render_html(ClaimMap(_bare().article, PROV, quotes=(broken, empty)))
    assert html.count('data-starts=') == 2  # the clipped quote and the clipped speaker


def test_html_renders_several_articles_with_separate_ids() -> None:
    html = render_html([_full(), _full()])
    assert 'id="a0-report"' in html and 'id="a1-report"' in html
    ids = re.findall(r'\sid="([^"]+)"', html)
    assert len(ids) == len(set(ids))


def test_html_every_tab_stop_is_described() -> None:
    html = render_html(_full())
    ids = set(re.findall(r'\sid="([^"]+)"', html))
    stops = re.findall(r'<span class="m [^"]*"[^>]*tabindex="0"[^>]*>', html)
    assert len(stops) >= len(QUOTES) + 2
    for stop in stops:
        described = re.search(r'aria-describedby="([^"]+)"', stop)
        assert described is not None and re.search(r'aria-label="[^"]+"', stop)
        assert set(described.group(1).split()) <= ids


def test_html_layers_per_article_with_one_on_by_default() -> None:
    html = render_html([_full(), _bare()])
    ids = re.findall(r'id="(a\d-layer-\w+)"', html)
    assert ids == [f"a{i}-layer-{name}" for i in (0, 1)
                   for name in ("quotes", "claims", "techniques", "disputes")]
    assert len(re.findall(r'class="layer"[^>]* checked', html)) == 2
    for layer in ("quotes", "claims", "techniques", "disputes"):
        assert f'data-layer="{layer}"' in html


def test_html_panel_entries_link_to_marks_of_their_layer() -> None:
    view = report_context(_full())
    keys = {view["prefix"] + m.key: m.layer for m in view["marks"]}
    links = [(row["anchor"], "quotes") for row in view["actors"] if row["anchor"]]
    links += [(c["anchor"], "claims") for c in view["top_claims"]]
    links += [(t["anchor"], "techniques") for t in view["techniques"]]
    links += [(a["anchor"], "disputes") for a in view["accusations"]]
    assert links and all(anchor in keys and keys[anchor] == layer for anchor, layer in links)


def test_html_stance_panel_says_when_offsets_overrule_the_likeliest_class() -> None:
    stance = Stance("Ferry Operator Blamed For Delays", "disagree",
                    {"agree": 0.45, "disagree": 0.35, "discuss": 0.1, "unrelated": 0.1})
    page = render_html(ClaimMap(_bare().article, PROV, stance=stance))
    assert "Probabilities before the class offsets that decide the label" in page
    assert "the likeliest class alone is agree" in page
    agreeing = Stance(stance.headline, "agree", dict(stance.scores))
    assert "likeliest class alone" not in render_html(ClaimMap(_bare().article, PROV,
                                                               stance=agreeing))
