"""A Word document appended as it is (an attachment, an appendix) made to read like the paper around it.

When docxcompose appends a document, a style the paper already has (Heading 1,
Normal, List Number) takes the paper's definition, which is what gives an
appendix the house look. Two things are lost on the way: numbering that a
list style carried (the paper's List Number has none of the appendix's), so
its lists print without numbers; and the appendix's own table styles, which
stand out beside the house's. Here, before composing, each paragraph that was
numbered by its style is numbered directly (docxcompose carries direct
numbering across), and every table takes the house table style, its first row
marked as the header row that repeats on each page.
"""

from __future__ import annotations

import copy

from docx.document import Document
from docx.oxml import OxmlElement
from docx.oxml.ns import qn
from lxml import etree

from pipeline import ooxml

HOUSE_TABLE_STYLE = "Table"
"""The house table style's id, in every house style's reference document."""
_NUM_PR, _NUM_ID, _PPR = qn("w:numPr"), qn("w:numId"), qn("w:pPr")


def house_look(document: Document) -> Document:
    """Return `document` with its style-numbered lists numbered directly and its tables in the house table style."""
    numbering = _style_numbering(document)
    for paragraph in document.element.body.iter(ooxml.W_P):
        ppr = paragraph.find(_PPR)
        if ppr is not None and ppr.find(_NUM_PR) is not None:
            continue
        found = numbering.get(ooxml.style_of(paragraph) or "")
        if found is not None:
            if ppr is None:
                ppr = OxmlElement("w:pPr")
                paragraph.insert(0, ppr)
            style = ppr.find(qn("w:pStyle"))
            (style.addnext if style is not None else (lambda e: ppr.insert(0, e)))(copy.deepcopy(found))
    for table in document.element.body.iter(ooxml.W_TBL):
        _house_table(table)
    return document


def _style_numbering(document: Document) -> dict[str, etree._Element]:
    """Return, by paragraph style id, the numbering (``w:numPr``) each style gives, through its ``basedOn`` chain."""
    styles = {s.get(qn("w:styleId")): s for s in document.styles.element.iter(qn("w:style"))
              if s.get(qn("w:type")) == "paragraph"}
    found = {}
    for style_id in styles:
        seen, current = set(), style_id
        while current in styles and current not in seen:
            seen.add(current)
            numpr = styles[current].find(f"{_PPR}/{_NUM_PR}")
            if numpr is not None:
                number = numpr.find(_NUM_ID)
                if number is not None and number.get(qn("w:val")) != "0":
                    whole = copy.deepcopy(numpr)
                    if whole.find(qn("w:ilvl")) is None:
                        level = OxmlElement("w:ilvl")
                        level.set(qn("w:val"), "0")
                        whole.insert(0, level)
                    found[style_id] = whole
                break
            based = styles[current].find(qn("w:basedOn"))
            current = based.get(qn("w:val")) if based is not None else None
    return found


def _house_table(tbl: etree._Element) -> None:
    ooxml.set_table_style(tbl, HOUSE_TABLE_STYLE)
    if not any(ooxml.is_header_row(tr) for tr in tbl.findall(qn("w:tr"))):
        ooxml.mark_first_rows_as_header(tbl)
