"""Every table of every page sits in a `.table-wrap` box that scrolls sideways, so a wide table
on a 360 px phone scrolls inside its box instead of widening the whole page (seen on the wage
pages, the employers list and the disputes board)."""

import re
from pathlib import Path

import homeward

TEMPLATES = Path(homeward.__file__).parent / "templates"
OPENING = re.compile(r'<div class="table-wrap"[^>]*>\s*$')


def test_every_table_is_wrapped_in_a_scrolling_box():
    bare = []
    for path in sorted(TEMPLATES.rglob("*.html")):
        text = path.read_text(encoding="utf-8")
        for table in re.finditer(r"<table\b.*?</table>", text, re.S):
            wrapped = OPENING.search(text[max(0, table.start() - 200) : table.start()])
            closed = re.match(r"\s*</div>", text[table.end() :])
            if not (wrapped and closed):
                line = text.count("\n", 0, table.start()) + 1
                bare.append(f"{path.relative_to(TEMPLATES)}:{line}")
    assert not bare, "tables outside a .table-wrap box: " + ", ".join(bare)


def test_the_box_scrolls_in_both_stylesheets():
    static = Path(homeward.__file__).parent / "static" / "homeward"
    for sheet in ("homeward.css", "portal.css"):
        css = (static / sheet).read_text(encoding="utf-8").replace(" ", "")
        assert ".table-wrap{overflow-x:auto" in css, sheet
