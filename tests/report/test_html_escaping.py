"""Article text full of markup payloads is shown as text and never runs or breaks the page."""

from __future__ import annotations

from html.parser import HTMLParser

from claimmap.report.html import render_html
from claimmap.types import Actor, Article, ClaimMap, Provenance, Quote, Speaker, Technique, TextSpan


class _Text(HTMLParser):
    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.chunks: list[str] = []
        self.skip = 0

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        classes = (dict(attrs).get("class") or "").split()
        if tag in ("script", "style") or "badge" in classes:
            self.skip += 1

    def handle_endtag(self, tag: str) -> None:
        if self.skip and tag in ("script", "style", "span"):
            self.skip -= 1

    def handle_data(self, data: str) -> None:
        if not self.skip:
            self.chunks.append(data)


def _text(html: str) -> str:
    parser = _Text()
    parser.feed(html)
    return "".join(parser.chunks)


PROV = Provenance("<b>0</b>", "3.8", "en_test", "0", '"cfg')


def _payload_map(text: str) -> ClaimMap:
    quotes = []
    for i, line_start in enumerate(i for i in range(len(text)) if text.startswith('"', i)):
        end = text.find('"', line_start + 1)
        if end > line_start:
            quotes.append(Quote(f"q{i}", "direct", TextSpan.of(text, line_start, end + 1),
                                None, "say", Speaker("evil", None)))
    evil_name = '<script>alert("actor")</script>"onmouseover="x'
    actors = (Actor("evil", evil_name, "person", role="</td><script>alert(1)</script>",
                    organisation="javascript:alert(2)"),)
    techniques = (Technique("t", TextSpan.of(text, 0, 20), '<img src=x onerror="alert(3)">',
                            0.5, "evil"),)
    article = Article("<x>", text, title='<script>alert("t")</script>',
                      url="javascript:alert(4)", byline='"><script>alert(5)</script>',
                      extra_captions=("</figcaption><script>alert(6)</script>",))
    return ClaimMap(article, PROV, actors=actors, quotes=tuple(quotes),
                    techniques=techniques, notes=("<script>alert(7)</script>",))


def test_html_escaping_payload_article_is_inert(xss_text: str, html_audit) -> None:  # type: ignore[no-untyped-def]
    cm = _payload_map(xss_text)
    assert len(cm.quotes) >= 9
    html = render_html(cm)
    problems, tags = html_audit(html)
    assert problems == []
    # The payloads are still there for the reader, as text.
    page_text = _text(html)
    for line in xss_text.splitlines()[2::2]:
        assert line in page_text
    assert '<script>alert("actor")</script>"onmouseover="x' in page_text
    # The javascript: URL of the article is not linked.
    assert all((attrs.get("href") or "").startswith(("#", "http")) for tag, attrs in tags
               if tag == "a")
