from __future__ import annotations

import lxml.html

from claimmap.ingest.layout import is_layout_table, split_br_paragraphs, unwrap_layout_tables

PROSE = ("The council said on Tuesday that the harbour wall would be rebuilt before the "
         "winter storms, at a cost the treasurer described as painful but necessary.")


def test_layout_tables_with_prose_cells_or_nested_tables_are_layout() -> None:
    root = lxml.html.fromstring(
        f"<div><table id=page><tr><td>Menu</td><td>{PROSE}<table id=data><tr><td>Team</td>"
        "<td>Points</td></tr><tr><td>Rovers</td><td>45</td></tr></table></td></tr></table>"
        "</div>")
    page, data = root.get_element_by_id("page"), root.get_element_by_id("data")
    assert is_layout_table(page) and not is_layout_table(data)
    assert unwrap_layout_tables(root) == 1
    assert root.get_element_by_id("page").tag == "div"
    assert root.get_element_by_id("data").tag == "table"
    assert [c.text for c in root.get_element_by_id("data").iter("td")] == [
        "Team", "Points", "Rovers", "45"]


def test_layout_double_breaks_become_paragraphs_single_breaks_stay() -> None:
    root = lxml.html.fromstring(
        "<div><font>First run<br>same paragraph</font><br><br>Second <b>run</b><br><br><br>"
        "Third run<table><tr><td>x</td></tr></table>Fourth</div>")
    split_br_paragraphs(root)
    paragraphs = [" ".join(p.text_content().split()) for p in root.iter("p")]
    assert paragraphs == ["First runsame paragraph", "Second run", "Third run", "Fourth"]
    assert root.find(".//table") is not None


def test_layout_untouched_without_double_breaks() -> None:
    html = "<div><p>One<br>two</p><span>three</span></div>"
    root = lxml.html.fromstring(html)
    split_br_paragraphs(root)
    assert lxml.html.tostring(root).decode() == html
