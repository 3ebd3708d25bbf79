"""Body tables laid out by what they hold: column widths from their content, landscape when too wide.

Pandoc gives every column of a Markdown table the same width (or widths from
the dashes an author typed), so a name column wraps to three lines beside
half-empty number columns, and a twelve-column finance table breaks its
words ("Orga/nisati/on"). Here each column is measured: no column is made
narrower than its longest word, and the room left is shared out by how much
text each column holds. A table whose columns cannot fit between the
portrait margins without breaking a word goes on a landscape page of its
own section, and the pages after it return to portrait. An author can
decide instead, with a fenced div around the table: ``::: landscape`` or
``::: portrait``. A column of figures whose alignment the author left to
the default (``|---|``) is set right, so that its digits line up as in every
finance table; a column given an alignment keeps it.

Widths are estimated from character counts in the body font (an average
glyph width), not measured with the font itself: enough to tell a name
column from a number column, and to see that twelve columns will not fit.
"""

from __future__ import annotations

import copy
import re
from dataclasses import dataclass

from docx.enum.text import WD_ALIGN_PARAGRAPH
from docx.oxml.ns import qn
from docx.table import Table
from lxml import etree

from pipeline import ooxml

LANDSCAPE, PORTRAIT = "landscape", "portrait"
ORIENTATION_MARKER = "table:"
"""Marker prefix the pandoc reader puts before a table an author placed in a ``landscape`` or ``portrait`` div."""
GLYPH_EM = 0.56
"""The average width of a character, in ems of the font size (Arial's digits and capitals; lower case is narrower)."""
CELL_PADDING = 260
"""Twips a cell needs beyond its text: the table style's left and right margins and a little air."""
WRAP_AT = 60
"""A cell holding more characters than this may wrap onto more lines: it asks for no more room than this."""
_W_T, _W_TC, _W_TR, _GRID_SPAN = qn("w:t"), qn("w:tc"), qn("w:tr"), qn("w:gridSpan")
FIGURE = re.compile(r"[-\u2013+(]?[£$€]?\(?[-\u2013]?\d[\d,]*(\.\d+)?\)?\s?(%|[kmbKMB]|bn|pp)?\)?\*?")
"""A cell that is one figure: 4,204, (698), -3.5, £1.2m, 12%, 0.4 ..."""


@dataclass
class Column:
    """What one column of a table needs, in twips."""

    least: int
    """Its longest word: narrower, a word would break."""
    wanted: int
    """Its longest cell below the header rows on one line (up to :data:`WRAP_AT` characters)."""


@dataclass
class _Row:
    """A table row read once: whether it is a header row, and each grid column's cell with its text."""

    header: bool
    cells: list[tuple[etree._Element, str] | None]
    """Each grid column's cell and its text; None where a cell spans more than one column."""


def _rows(tbl: etree._Element) -> list[_Row]:
    """Return the rows of the table element `tbl`, each cell's text read once."""
    rows = []
    for tr in tbl.iterchildren(_W_TR):
        cells: list[tuple[etree._Element, str] | None] = []
        for tc in tr.iterchildren(_W_TC):
            span_element = tc.find(f"{qn('w:tcPr')}/{_GRID_SPAN}")
            span = int(span_element.get(qn("w:val"), "1")) if span_element is not None else 1
            cells += [(tc, "".join(t.text or "" for t in tc.iter(_W_T)))] if span == 1 else [None] * span
        rows.append(_Row(ooxml.is_header_row(tr), cells))
    return rows


def columns(tbl: etree._Element, rows: list[_Row], font_size: float) -> list[Column]:
    """Return what each column of the table element `tbl`, read as `rows`, needs for text of `font_size` points."""
    width = GLYPH_EM * font_size * 20
    count = len(tbl.findall(f"{qn('w:tblGrid')}/{qn('w:gridCol')}"))
    longest_word, longest_cell = [0] * count, [0] * count
    for row in rows:
        for at, cell in enumerate(row.cells[:count]):
            if cell is not None:
                text = cell[1]
                longest_word[at] = max(longest_word[at], max((len(w) for w in text.split()), default=0))
                if not row.header:  # a heading may wrap over its column ("Variance / (£m)")
                    longest_cell[at] = max(longest_cell[at], min(len(text.strip()), WRAP_AT))
    return [Column(int(word * width) + CELL_PADDING, int(max(word, cell) * width) + CELL_PADDING)
            for word, cell in zip(longest_word, longest_cell)]


def orientation(needs: list[Column], portrait: int, forced: str | None = None) -> str:
    """Return the orientation a table needing `needs` goes on: landscape when its words cannot fit `portrait` twips."""
    if forced in (LANDSCAPE, PORTRAIT):
        return forced
    return LANDSCAPE if sum(c.least for c in needs) > portrait else PORTRAIT


def widths(needs: list[Column], room: int) -> list[int]:
    """Return column widths filling `room` twips: each at least its longest word where that fits, the rest by text."""
    least = sum(c.least for c in needs)
    wanted = sum(c.wanted for c in needs)
    if least >= room:
        shares = [c.least * room // least for c in needs]  # words break only where no width could keep them whole
    elif wanted <= room:
        shares = [c.wanted + (room - wanted) * c.wanted // wanted for c in needs]
    else:
        spare = wanted - least
        shares = [c.least + (room - least) * (c.wanted - c.least) // spare for c in needs]
    shares[-1] += room - sum(shares)
    return shares


def align_figures(rows: list[_Row]) -> None:
    """Set right every column of a table's `rows` whose body cells are all figures (or blank) and whose alignment was left to the default."""
    count = max((len(row.cells) for row in rows), default=0)
    for at in range(1, count):  # the first column names the rows
        texts = [row.cells[at][1].strip() for row in rows if not row.header and at < len(row.cells) and row.cells[at]]
        if not any(texts) or not all(FIGURE.fullmatch(t) for t in texts if t):
            continue
        paragraphs = [p for row in rows if at < len(row.cells) and row.cells[at] for p in row.cells[at][0].iter(ooxml.W_P)]
        if any(p.find(f"{qn('w:pPr')}/{qn('w:jc')}") is not None for p in paragraphs):
            continue  # the author chose
        for p in paragraphs:
            p.get_or_add_pPr().jc_val = WD_ALIGN_PARAGRAPH.RIGHT


def lay_out(tbl: etree._Element, portrait: int, landscape: int, font_size: float, forced: str | None = None) -> str:
    """Give the table element `tbl` widths from its content, its figures set right; return the orientation it needs."""
    rows = _rows(tbl)
    align_figures(rows)
    needs = columns(tbl, rows, font_size)
    if not needs:
        return PORTRAIT
    turned = orientation(needs, portrait, forced)
    ooxml.set_widths(Table(tbl, None), widths(needs, landscape if turned == LANDSCAPE else portrait))
    return turned


def landscape_section(around: etree._Element, last: etree._Element, final_section: etree._Element) -> None:
    """Put the body elements from `around` to `last` (a table and its caption) on landscape pages of their own.

    A section ends at a paragraph holding its properties: one is added before
    `around`, ending the portrait pages, and one after `last`, ending the
    landscape ones. Both copy the document's `final_section` (headers,
    footers, margins), the second with the page turned.
    """
    before = ooxml.section_break(copy.deepcopy(final_section))
    after = ooxml.section_break(_turned(copy.deepcopy(final_section)))
    around.addprevious(before)
    last.addnext(after)


def text_widths(final_section: etree._Element) -> tuple[int, int]:
    """Return the width between the margins of a portrait page and of a landscape page of `final_section`, in twips."""
    size = final_section.find(qn("w:pgSz"))
    margins = final_section.find(qn("w:pgMar"))
    width, height = int(size.get(qn("w:w"))), int(size.get(qn("w:h")))
    sides = int(margins.get(qn("w:left"), "0")) + int(margins.get(qn("w:right"), "0"))
    return min(width, height) - sides, max(width, height) - sides


def _turned(sect: etree._Element) -> etree._Element:
    size = sect.find(qn("w:pgSz"))
    width, height = size.get(qn("w:w")), size.get(qn("w:h"))
    if int(width) < int(height):
        size.set(qn("w:w"), height)
        size.set(qn("w:h"), width)
    size.set(qn("w:orient"), LANDSCAPE)
    return sect
