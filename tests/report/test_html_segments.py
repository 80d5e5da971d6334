"""Highlights come from character offsets: any overlap renders, no character is lost."""

from __future__ import annotations

from html.parser import HTMLParser

from hypothesis import given, settings
from hypothesis import strategies as st

from claimmap.report.html import Mark, paragraphs, render_html, segments
from claimmap.types import (
    Actor,
    Article,
    Certainty,
    Checkworthiness,
    Claim,
    ClaimMap,
    Provenance,
    Quote,
    Sourcing,
    Speaker,
    Technique,
    TextSpan,
)

PROV = Provenance("0", "3.8", "en_test", "0", "cfg")


class BodyText(HTMLParser):
    """Text of the article body, per highlight key, and the headline; badges left out."""

    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.depth = 0
        self.stack: list[tuple[str, bool, list[str]]] = []
        self.paragraphs: list[str] = []
        self.by_ref: dict[str, str] = {}
        self.headline = ""
        self.in_headline = False
        self.in_p = False
        self.tab_stops = 0

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        a = dict(attrs)
        classes = (a.get("class") or "").split()
        if tag == "div" and "article" in classes:
            self.depth = 1
        elif self.depth and tag == "div":
            self.depth += 1
        if tag == "h2" and "headline" in classes:
            self.in_headline = True
        hidden = "badge" in classes
        refs = (a.get("data-refs") or "").split()
        if "tabindex" in a:
            self.tab_stops += 1
        if tag == "p" and self.depth:
            self.paragraphs.append("")
            self.in_p = True
        if tag == "span":
            self.stack.append((tag, hidden, refs))

    def handle_endtag(self, tag: str) -> None:
        if tag == "span" and self.stack:
            self.stack.pop()
        if tag == "h2":
            self.in_headline = False
        if tag == "p":
            self.in_p = False
        if tag == "div" and self.depth:
            self.depth -= 1

    def handle_data(self, data: str) -> None:
        if any(hidden for _, hidden, _ in self.stack):
            return
        refs = [r for _, _, rs in self.stack for r in rs]
        if self.in_headline:
            self.headline += data
        elif self.in_p:
            self.paragraphs[-1] += data
        else:
            return
        for ref in refs:
            self.by_ref[ref] = self.by_ref.get(ref, "") + data


def _map(text: str, spans: list[tuple[str, int, int]], title_end: int | None = None,
         captions: tuple[tuple[int, int], ...] = ()) -> ClaimMap:
    actors = (Actor("a1", "Nora Quist", "person"), Actor("a2", "Some officials", "vague"))
    quotes, claims, techniques = [], [], []
    for i, (kind, start, end) in enumerate(spans):
        span = TextSpan.of(text, start, end)
        if kind == "quote":
            quotes.append(Quote(f"q{i}", "direct", span, None, "say",
                                Speaker("a1" if i % 2 else "a2", None)))
        elif kind == "claim":
            claims.append(Claim(f"c{i}", span, Checkworthiness("CFS", 0.9), "event",
                                Certainty("asserted"), Sourcing("author")))
        else:
            techniques.append(Technique(f"t{i}", span, "Loaded_Language", 0.7))
    article = Article("x", text, title=text[:title_end] if title_end else None,
                      title_span=TextSpan.of(text, 0, title_end) if title_end else None,
                      captions=tuple(TextSpan.of(text, s, e) for s, e in captions))
    return ClaimMap(article, PROV, actors=actors, quotes=tuple(quotes), claims=tuple(claims),
                    techniques=tuple(techniques))


def test_html_segments_cut_at_every_boundary() -> None:
    marks = [Mark("k0", "quote", 2, 8, ("quote",), "q", ()),
             Mark("k1", "claim", 5, 12, ("claim",), "c", ())]
    pieces = segments(0, 14, marks)
    assert [(a, b) for a, b, _ in pieces] == [(0, 2), (2, 5), (5, 8), (8, 12), (12, 14)]
    assert [[m.key for m in ms] for _, _, ms in pieces] == [[], ["k0"], ["k0", "k1"], ["k1"], []]


TEXT = st.lists(st.sampled_from([*list("ab <>&\"'\n.“”"), "\n\n", "\n \n"]), min_size=1,
                max_size=60).map("".join)


@settings(max_examples=60, deadline=None)
@given(data=st.data(), text=TEXT)
def test_html_segments_keep_every_character(data: st.DataObject, text: str) -> None:
    n = len(text)
    bounds = st.tuples(st.integers(0, n), st.integers(0, n)).map(sorted)
    marks = [Mark(f"k{i}", "quote", s, e, ("quote",), "t", ())
             for i, (s, e) in enumerate(data.draw(st.lists(bounds, max_size=6)))]
    pieces = segments(0, n, marks)
    assert "".join(text[a:b] for a, b, _ in pieces) == text
    for a, b, covering in pieces:
        assert a < b
        assert {m.key for m in covering} == {m.key for m in marks if m.start < b and m.end > a}


@settings(max_examples=40, deadline=None)
@given(data=st.data(), text=TEXT)
def test_html_render_shows_each_span_text_exactly(data: st.DataObject, text: str) -> None:
    n = len(text)
    kinds = st.sampled_from(["quote", "claim", "technique"])
    spans = data.draw(st.lists(st.tuples(kinds, st.integers(0, n), st.integers(0, n))
                               .map(lambda t: (t[0], min(t[1:]), max(t[1:]))), max_size=6))
    spans = [s for s in spans if s[1] < s[2]]
    cm = _map(text, spans)
    parsed = BodyText()
    parsed.feed(render_html(cm))
    blocks = paragraphs(cm)
    # The body shows the text of every paragraph block, unchanged by escaping.
    assert parsed.paragraphs == [text[s:e] for s, e in blocks]
    # Each highlight shows exactly its span's characters (those inside visible blocks).
    records = [*cm.quotes, *cm.claims, *cm.techniques]
    shown = sorted(parsed.by_ref.values())
    expected = []
    for record in records:
        span = record.content if isinstance(record, Quote) else record.span
        visible = "".join(text[max(s, span.start):min(e, span.end)] for s, e in blocks
                          if max(s, span.start) < min(e, span.end))
        if visible:
            expected.append(visible)
    assert shown == sorted(expected)


def test_html_render_overlaps_quote_claim_technique() -> None:
    text = ('Nora Quist said "the dam leaked twice this year" and '
            "officials called it a disgrace.\n")
    quote = (text.index('"'), text.index('" and') + 1)
    claim = (text.index("the dam"), text.index("officials") + 9)
    technique = (text.index("twice"), text.index("disgrace") + 8)
    cm = _map(text, [("quote", *quote), ("claim", *claim), ("technique", *technique)])
    parsed = BodyText()
    parsed.feed(render_html(cm))
    assert sorted(parsed.by_ref.values()) == sorted(text[s:e]
                                                    for s, e in (quote, claim, technique))
    # One tab stop per highlight, however the spans cut each other.
    assert parsed.tab_stops == 3


def test_html_headline_and_captions_are_kept_apart() -> None:
    text = ("Dam Inspector Quits\n\nNora Quist said the dam was safe.\n\n"
            "Photo: the dam at dusk\n\nOfficials disagreed.\n")
    title_end = text.index("\n")
    cap = (text.index("Photo"), text.index("dusk") + 4)
    quote = (text.index("the dam was"), text.index("safe") + 4)
    cm = _map(text, [("quote", *quote)], title_end=title_end, captions=(cap,))
    html = render_html(cm)
    parsed = BodyText()
    parsed.feed(html)
    assert parsed.headline == "Dam Inspector Quits"
    assert parsed.paragraphs == ["Nora Quist said the dam was safe.", "Officials disagreed."]
    assert "Captions and credits" in html and "Photo: the dam at dusk" in html
