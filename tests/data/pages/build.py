"""Write the HTML extraction pages: our fictional articles in four layouts, with gold files.

Run ``python tests/data/pages/build.py`` to regenerate ``dev/`` and ``test/``. Each page is
``<layout>-<id>.html`` with ``<layout>-<id>.json`` holding the gold body (paragraphs and data
table rows, no title, byline, date line, captions or site chrome), byline and date.

The dev and test pages use different articles *and* different page templates (variants 0-1
for dev, 2-4 for test), so tuning the extractor on dev says little about the test layouts.
"""

from __future__ import annotations

import json
import random
from dataclasses import dataclass
from datetime import date
from html import escape
from pathlib import Path

HERE = Path(__file__).parent
LAYOUTS = ("semantic", "plain", "table", "messy")


@dataclass
class Story:
    id: str
    split: str
    title: str
    byline: str
    published: str
    blocks: list[list[str] | str]  # a paragraph, or a table as a list of rows

    @property
    def day(self) -> date:
        return date.fromisoformat(self.published)


def read_stories() -> list[Story]:
    stories: list[Story] = []
    for chunk in (HERE / "articles.txt").read_text(encoding="utf-8").split("\n=== ")[1:]:
        head, _, body = chunk.partition("\n---\n")
        first, *fields = head.splitlines()
        story_id, split = first.split()
        meta = dict(line.split(": ", 1) for line in fields)
        blocks: list[list[str] | str] = []
        for block in body.strip().split("\n\n"):
            lines = block.strip().splitlines()
            if lines[0].startswith("|"):
                blocks.append([row.strip() for row in lines])
            else:
                blocks.append(" ".join(lines))
        stories.append(Story(story_id, split, meta["title"], meta["byline"], meta["date"],
                             blocks))
    return stories


def cells(row: str) -> list[str]:
    return [cell.strip() for cell in row.strip("|").split("|")]


def gold_body(story: Story) -> str:
    out = []
    for block in story.blocks:
        if isinstance(block, list):
            out.extend(" ".join(cells(row)) for row in block)
        else:
            out.append(block)
    return "\n\n".join(out)


# -- the visible byline and date line, in the shapes news sites print them ----------------

def byline_text(story: Story, variant: int) -> str:
    name = story.byline
    return [f"By {name}", f"{name}, Staff Writer", f"By {name.upper()}",
            f"Story by {name}", f"{name} | Reporter", f"Written by {name}",
            f"By {name}, Correspondent"][variant % 7]


def date_text(story: Story, variant: int) -> str:
    d = story.day
    return [f"{d:%B} {d.day}, {d.year}", f"Published: {d:%d.%m.%Y} 08:15",
            f"Updated {d:%A}, {d.day} {d:%B} {d.year}", f"{d:%Y-%m-%d}",
            f"Posted on {d:%b}. {d.day}, {d.year} at 9:40 a.m."][variant % 5]


NAV = ["Home", "News", "Local", "Sport", "Business", "Culture", "Opinion", "Weather"]
RELATED = ["Council debates parking charges in the old town",
           "Five things to do this weekend", "Letters: readers on the new bus lanes",
           "Photos: the harvest festival in pictures", "Obituary: a life on the water",
           "Quiz: how well do you know the region?"]


def table_html(rows: list[str], header_tag: str = "th", attrs: str = "") -> str:
    head, *rest = rows
    out = [f"<table{attrs}>", "<tr>" + "".join(f"<{header_tag}>{escape(c)}</{header_tag}>"
                                              for c in cells(head)) + "</tr>"]
    out += ["<tr>" + "".join(f"<td>{escape(c)}</td>" for c in cells(r)) + "</tr>" for r in rest]
    out.append("</table>")
    return "\n".join(out)


def head_html(story: Story, meta_author: bool, site: str) -> str:
    metas = [f"<title>{escape(story.title)} | {site}</title>",
             '<meta charset="utf-8">']
    if meta_author:
        metas.append(f'<meta name="author" content="{escape(story.byline)}">')
        metas.append(f'<meta property="article:published_time" content="{story.published}'
                     'T08:00:00Z">')
    return "<head>" + "\n".join(metas) + "</head>"


# -- layouts --------------------------------------------------------------------------------

def semantic(story: Story, variant: int, rng: random.Random) -> str:
    site = ["Coast Daily", "The Valley Post", "Northern Herald", "Metro Courier",
            "Lakeside Times"][variant]
    body = []
    for i, block in enumerate(story.blocks):
        if isinstance(block, list):
            body.append(table_html(block, attrs=' class="data"'))
        else:
            body.append(f"<p>{escape(block)}</p>")
        if i == 1:
            body.append('<figure><img src="photo.jpg" alt=""><figcaption>'
                        f"A view of the scene on {story.day:%A}. Photo: {site}</figcaption>"
                        "</figure>")
        if i == 2 and variant >= 3:
            body.append('<aside class="inline-related"><h4>Read more</h4><ul>'
                        + "".join(f'<li><a href="/a{j}">{escape(t)}</a></li>'
                                  for j, t in enumerate(RELATED[:3])) + "</ul></aside>")
    byline = escape(byline_text(story, variant))
    author = (f'<a rel="author" href="/staff/x">{byline}</a>' if variant % 2
              else f'<span class="byline">{byline}</span>')
    time_tag = (f'<time datetime="{story.published}">{escape(date_text(story, variant))}'
                "</time>")
    return f"""<!DOCTYPE html>
<html lang="en">{head_html(story, variant in (0, 2), site)}
<body>
<header class="site"><a class="logo" href="/">{site}</a>
<nav><ul>{''.join(f'<li><a href="/{n.lower()}">{n}</a></li>' for n in NAV)}</ul></nav></header>
<main>
<article>
<header><h1>{escape(story.title)}</h1>
<div class="meta">{author} {time_tag}</div></header>
{chr(10).join(body)}
</article>
<section class="most-read"><h2>Most read</h2><ol>
{''.join(f'<li><a href="/r{j}">{escape(t)}</a></li>' for j, t in enumerate(RELATED))}</ol>
</section>
</main>
<footer><p>&copy; 2026 {site}. All rights reserved.</p><p><a href="/privacy">Privacy</a>
</p></footer>
</body></html>
"""


def plain(story: Story, variant: int, rng: random.Random) -> str:
    site = ["Town Crier", "Riverside Online", "The Borough News", "Weekly Gazette",
            "County Voice"][variant]
    parts = [f"<div>{escape(NAV[0])} &middot; {escape(NAV[1])} &middot; {escape(NAV[2])}</div>",
             f'<div style="font-size:24px"><b>{escape(story.title)}</b></div>',
             f"<div>{escape(byline_text(story, variant + 1))}</div>",
             f"<div>{escape(date_text(story, variant))}</div>"]
    if variant % 2:
        # Paragraphs as text runs split by <br><br> inside one block.
        runs = []
        for block in story.blocks:
            if isinstance(block, list):
                runs.append("</div>\n" + table_html(block, "td") + "\n<div>")
            else:
                runs.append(escape(block) + "<br><br>")
        parts.append("<div>" + "\n".join(runs) + "</div>")
    else:
        for block in story.blocks:
            parts.append(table_html(block, "td") if isinstance(block, list)
                         else f"<div>{escape(block)}</div>")
    parts += ["<div>Share this article</div>", f"<div>Comments ({rng.randint(0, 40)})</div>",
              f"<div>Copyright 2026 {site}</div>"]
    return (f"<html>{head_html(story, variant == 3, site)}<body>\n<div>\n"
            + "\n".join(parts) + "\n</div></body></html>\n")


def table_layout(story: Story, variant: int, rng: random.Random) -> str:
    site = ["THE DISTRICT STAR", "Valley Register", "THE PORT JOURNAL", "Hill County Ledger",
            "Eastern Chronicle"][variant]
    menu = "".join(f'<tr><td><a href="/{n.lower()}"><font size="2">{n}</font></a></td></tr>'
                   for n in NAV)
    story_cells = [f'<font size="5" face="Georgia"><b>{escape(story.title)}</b></font><br>',
                   f'<font size="2"><i>{escape(byline_text(story, variant + 2))}</i></font><br>',
                   f'<font size="1">{escape(date_text(story, variant + 1))}</font><br><br>']
    for i, block in enumerate(story.blocks):
        if isinstance(block, list):
            story_cells.append(table_html(block, "td", ' border="1" cellpadding="2"'))
        elif variant % 2:
            story_cells.append(f'<font face="Arial" size="2">{escape(block)}</font><br><br>')
        else:
            story_cells.append(f"<p>{escape(block)}</p>")
        if i == 0 and variant >= 3:
            story_cells.append('<table align="right"><tr><td><img src="p.jpg" width="200">'
                               f'<br><font size="1">Photo: {site} archive</font></td></tr>'
                               "</table>")
    ads = ('<td width="160" valign="top"><table><tr><td><font size="1">ADVERTISEMENT</font>'
           '</td></tr><tr><td><a href="/ad"><img src="ad.gif"></a></td></tr>'
           '<tr><td><font size="2">Classifieds: boats, cars, homes</font></td></tr></table></td>')
    return f"""<HTML>{head_html(story, variant == 4, site)}
<BODY bgcolor="#ffffff">
<TABLE width="760" border="0" cellspacing="0" cellpadding="0">
<TR><TD colspan="3"><font size="6">{site}</font> <font size="1">Est. 1921</font></TD></TR>
<TR><TD width="140" valign="top"><TABLE>{menu}</TABLE></TD>
<TD width="460" valign="top">
{chr(10).join(story_cells)}
<br><font size="1"><a href="/print">Print this story</a> | <a href="/mail">E-mail it</a>
</font></TD>
{ads if variant != 2 else '<TD></TD>'}
</TR>
<TR><TD colspan="3" align="center"><font size="1">Copyright 2026 {site}. Contact the
newsroom.</font></TD></TR>
</TABLE>
</BODY></HTML>
"""


def messy(story: Story, variant: int, rng: random.Random) -> str:
    site = ["BuzzLocal", "Pulse Regional", "NewsNow Daily", "The Feed", "HotTopics"][variant]
    parts = []
    for i, block in enumerate(story.blocks):
        if isinstance(block, list):
            rows = "".join("<tr>" + "".join(f"<td>{escape(c)}" for c in cells(r))
                           for r in block)
            parts.append(f"<TABLE class=stats>{rows}</TABLE>")
        else:
            # Unclosed <p>, stray entities and zero-width spaces, as pasted CMS output has.
            text = escape(block).replace(" the ", " the\u200b ", 1)
            parts.append(f"<P class=body-text>{text}" + ("</p>" if i % 2 else ""))
        if i == 0:
            parts.append('<div class="ad-slot" id=ad1><script>loadAd("top")</script>'
                         "<span>Advertisement</span></div>")
        if i == 1:
            parts.append("<p>&nbsp;</p><p> </p><p>\u200b</p>")
            parts.append('<div class=newsletter><b>Get the morning briefing</b> Sign up for '
                         "our free newsletter.<form><input name=e></form></div>")
        if i == 2 and variant != 2:
            parts.append(f'<p><strong>Related:</strong> <a href="/x">{escape(RELATED[1])}</a>'
                         "</p>")
    share = ('<div class="share">Share on Facebook | Share on X | Email</div>'
             if variant % 2 else '<ul class=social><li>Tweet<li>Share<li>Pin</ul>')
    return f"""<!-- generated by CMS 4.2 --><html><head>
<title>{escape(story.title)} - {site}</title>
<style>.x{{color:red}} p{{margin:0}}</style>
<script>var dataLayer=[];function loadAd(s){{return s}}</script>
{'<meta name="author" content="' + escape(story.byline) + '">' if variant == 3 else ''}
</head><BODY class=page>
<div id=cookie-banner>We use cookies to improve your experience. <button>Accept</button></div>
<div class=top-nav>{' | '.join(NAV)}</div>
<div class=wrapper><div class=col-main>
<h1 class=headline>{escape(story.title)}</h1>
<div class=author-box><img src=a.png> <span class=name>{escape(byline_text(story,
                                                                          variant + 3))}</span>
<span class=when>{escape(date_text(story, variant + 2))}</span></div>
{share}
<div class=story-body>
{chr(10).join(parts)}
</div>
<div class=comments><h3>{rng.randint(2, 90)} comments</h3><div class=c>Great article!!</div>
<div class=c>I disagree with this completely, the council never listens.</div></div>
</div><div class=sidebar><h3>Trending</h3>{''.join(f'<a href=/t{j}>{escape(t)}</a><br>'
                                                   for j, t in enumerate(RELATED[2:]))}
</div></div>
<footer>&copy; {site} 2026 &bull; Terms &bull; Privacy</footer>
</BODY></html>
"""


RENDER = {"semantic": semantic, "plain": plain, "table": table_layout, "messy": messy}


def main() -> None:
    stories = read_stories()
    for split, variants in (("dev", (0, 1)), ("test", (2, 3, 4))):
        out = HERE / split
        out.mkdir(exist_ok=True)
        for old in out.iterdir():
            old.unlink()
        chosen = [s for s in stories if s.split == split]
        for index, story in enumerate(chosen):
            layout = LAYOUTS[index % 4]
            variant = variants[(index // 4) % len(variants)]
            rng = random.Random(f"{story.id}-{layout}")
            name = f"{layout}-{story.id}"
            (out / f"{name}.html").write_text(RENDER[layout](story, variant, rng),
                                              encoding="utf-8")
            gold = {"layout": layout, "variant": variant, "byline": story.byline,
                    "published": story.published, "title": story.title,
                    "body": gold_body(story)}
            (out / f"{name}.json").write_text(json.dumps(gold, indent=1, ensure_ascii=False)
                                              + "\n", encoding="utf-8")


if __name__ == "__main__":
    main()
