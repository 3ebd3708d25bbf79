"""Named helpers for the WordprocessingML that python-docx has no API for.

Every raw XML tweak lives here (checkbox runs, repeating header rows, shading,
fields, page breaks, bookmarks); the rest of the code calls these by name.
"""

from __future__ import annotations

import copy
from collections.abc import Iterable, Iterator

from docx.document import Document
from docx.oxml import OxmlElement, parse_xml
from docx.oxml.ns import nsdecls, qn
from docx.shared import Twips
from docx.table import Table, _Cell, _Row
from docx.text.paragraph import Paragraph
from lxml import etree

W_P = qn("w:p")
W_TBL = qn("w:tbl")
W_SECTPR = qn("w:sectPr")


def _child(parent: etree._Element, tag: str, before: Iterable[str] = ()) -> etree._Element:
    """Return `parent`'s child `tag`, adding it (ahead of any of `before`) when missing."""
    found = parent.find(qn(tag))
    if found is None:
        found = OxmlElement(tag)
        for name in before:
            successor = parent.find(qn(name))
            if successor is not None:
                successor.addprevious(found)
                break
        else:
            parent.append(found)
    return found


def shade(cell: _Cell, fill: str) -> None:
    """Fill `cell` with the colour `fill` (hex RRGGBB)."""
    tcpr = cell._tc.get_or_add_tcPr()
    for old in tcpr.findall(qn("w:shd")):
        tcpr.remove(old)
    shd = parse_xml(f'<w:shd {nsdecls("w")} w:val="clear" w:color="auto" w:fill="{fill}"/>')
    successor = next((tcpr.find(qn(t)) for t in ("w:noWrap", "w:tcMar", "w:textDirection", "w:tcFitText", "w:vAlign", "w:hideMark") if tcpr.find(qn(t)) is not None), None)
    if successor is not None:
        successor.addprevious(shd)
    else:
        tcpr.append(shd)


def style_table(table: Table, style_id: str = "Table", header_look: bool = True, first_column: bool = False) -> None:
    """Give `table` the table style `style_id`, named outright.

    python-docx leaves the style out when it is the default table style, and
    LibreOffice then draws no borders. `header_look` and `first_column` turn
    on the style's look for the header row and for the label column.
    """
    tblpr = table._tbl.tblPr
    for old in tblpr.findall(qn("w:tblStyle")):
        tblpr.remove(old)
    tblpr.insert(0, parse_xml(f'<w:tblStyle {nsdecls("w")} w:val="{style_id}"/>'))
    look = _child(tblpr, "w:tblLook")
    look.attrib.clear()
    value = (0x0020 if header_look else 0) | (0x0080 if first_column else 0)
    look.attrib.update({qn("w:val"): f"{value:04X}", qn("w:firstRow"): str(int(header_look)), qn("w:lastRow"): "0",
                        qn("w:firstColumn"): str(int(first_column)), qn("w:lastColumn"): "0", qn("w:noHBand"): "1", qn("w:noVBand"): "1"})


PPR_ORDER = ("w:pStyle", "w:keepNext", "w:keepLines", "w:pageBreakBefore", "w:framePr", "w:widowControl", "w:numPr",
             "w:suppressLineNumbers", "w:pBdr", "w:shd", "w:tabs", "w:suppressAutoHyphens", "w:kinsoku", "w:wordWrap",
             "w:overflowPunct", "w:topLinePunct", "w:autoSpaceDE", "w:autoSpaceDN", "w:bidi", "w:adjustRightInd",
             "w:snapToGrid", "w:spacing", "w:ind", "w:contextualSpacing", "w:mirrorIndents", "w:suppressOverlap", "w:jc",
             "w:textDirection", "w:textAlignment", "w:textboxTightWrap", "w:outlineLvl", "w:divId", "w:cnfStyle", "w:rPr",
             "w:sectPr", "w:pPrChange")
"""The children of a paragraph's properties (w:pPr) in the order the schema fixes; Word refuses a file that breaks it."""


def set_paragraph_property(ppr: etree._Element, element: etree._Element) -> None:
    """Put `element` into the paragraph (or paragraph style) properties `ppr`, replacing one of its kind, in schema order."""
    tag = element.tag
    for old in ppr.findall(tag):
        ppr.remove(old)
    later = PPR_ORDER[[qn(name) for name in PPR_ORDER].index(tag) + 1:]
    successor = next((ppr.find(qn(t)) for t in later if ppr.find(qn(t)) is not None), None)
    if successor is not None:
        successor.addprevious(element)
    else:
        ppr.append(element)


def shade_paragraph(paragraph: Paragraph, fill: str) -> None:
    """Fill the background of `paragraph` with the colour `fill` (hex RRGGBB)."""
    set_paragraph_property(paragraph._p.get_or_add_pPr(),
                           parse_xml(f'<w:shd {nsdecls("w")} w:val="clear" w:color="auto" w:fill="{fill}"/>'))


def box(colour: str) -> etree._Element:
    """Return a paragraph border (w:pBdr) on every side in `colour`, 4 pt outside the text."""
    return parse_xml(f'<w:pBdr {nsdecls("w")}>'
                     + "".join(f'<w:{side} w:val="single" w:sz="4" w:space="4" w:color="{colour}"/>'
                               for side in ("top", "left", "bottom", "right"))
                     + "</w:pBdr>")


def box_paragraph(paragraph: Paragraph, colour: str) -> None:
    """Draw `paragraph`'s box in `colour`, so a shaded band shows no other edge."""
    set_paragraph_property(paragraph._p.get_or_add_pPr(), box(colour))


def repair_sections(document: Document) -> None:
    """Give every section the headers, footers and margins of the document's last section.

    docxcompose strips header and footer references from the section breaks of
    a document it inserts, which would leave the pages before a landscape
    section with no footer; and a section break may come from a document with
    other margins. Page orientation and size stay each section's own.
    """
    body = document.element.body
    final = body.find(qn("w:sectPr"))
    breaks = [s for s in body.iter(qn("w:sectPr")) if s is not final]
    if final is None or not breaks:
        return
    references = [r for r in final if r.tag in (qn("w:headerReference"), qn("w:footerReference"))]
    if not references:
        return
    margins = final.find(qn("w:pgMar"))
    for sect in breaks:
        for old in sect.findall(qn("w:headerReference")) + sect.findall(qn("w:footerReference")):
            sect.remove(old)
        for reference in reversed(references):
            sect.insert(0, copy.deepcopy(reference))
        if margins is not None:
            for old in sect.findall(qn("w:pgMar")):
                sect.replace(old, copy.deepcopy(margins))


def mark_header_row(row: _Row) -> None:
    """Mark `row` as a header row, repeated at the top of each page the table spans."""
    trpr = row._tr.get_or_add_trPr()
    _child(trpr, "w:cantSplit")
    header = _child(trpr, "w:tblHeader")
    header.set(qn("w:val"), "true")


def keep_row_together(row: _Row) -> None:
    """Stop `row` from breaking across pages."""
    _child(row._tr.get_or_add_trPr(), "w:cantSplit")


def is_header_row(tr: etree._Element) -> bool:
    """Return True when the table row element `tr` is marked as a header row."""
    header = tr.find(f"{qn('w:trPr')}/{qn('w:tblHeader')}")
    return header is not None and header.get(qn("w:val"), "true") not in {"0", "false", "off"}


def mark_first_rows_as_header(tbl: etree._Element, count: int = 1) -> None:
    """Mark the first `count` rows of the table element `tbl` as header rows."""
    for tr in tbl.findall(qn("w:tr"))[:count]:
        header = _child(_row_properties(tr), "w:tblHeader")
        header.set(qn("w:val"), "true")


def keep_rows_whole(tbl: etree._Element) -> None:
    """Stop every row of the table element `tbl` from breaking across pages (Word's "allow row to break" off)."""
    for tr in tbl.iterchildren(qn("w:tr")):
        _child(_row_properties(tr), "w:cantSplit")


def _row_properties(tr: etree._Element) -> etree._Element:
    """Return the row's ``w:trPr``, added in its place (after any ``w:tblPrEx``) when it has none."""
    trpr = tr.find(qn("w:trPr"))
    if trpr is None:
        trpr = OxmlElement("w:trPr")
        tblpr_ex = tr.find(qn("w:tblPrEx"))
        (tblpr_ex.addnext if tblpr_ex is not None else (lambda e: tr.insert(0, e)))(trpr)
    return trpr


def set_widths(table: Table, widths: list[int]) -> None:
    """Give `table` fixed column `widths` in twentieths of a point (twips)."""
    tbl = table._tbl
    _child(tbl.tblPr, "w:tblW").attrib.update({qn("w:w"): str(sum(widths)), qn("w:type"): "dxa"})
    _child(tbl.tblPr, "w:tblLayout").set(qn("w:type"), "fixed")
    for col, width in zip(tbl.tblGrid.gridCol_lst, widths):
        col.w = Twips(width)
    for tr in tbl.tr_lst:
        start = 0
        for tc in tr.tc_lst:
            tc.width = Twips(sum(widths[start: start + tc.grid_span]))
            start += tc.grid_span


def widen_to(tbl: etree._Element, width: int) -> None:
    """Make the table element `tbl` as wide as `width` twips when it has no width of its own.

    pandoc leaves tables at their automatic width, which LibreOffice draws
    narrow and cramped; the columns keep their relative widths.
    """
    tblpr = tbl.find(qn("w:tblPr"))
    tblw = tblpr.find(qn("w:tblW")) if tblpr is not None else None
    if tblw is None or tblw.get(qn("w:type")) not in (None, "auto") or tblw.get(qn("w:w"), "0") != "0":
        return
    columns = tbl.findall(f"{qn('w:tblGrid')}/{qn('w:gridCol')}")
    total = sum(int(col.get(qn("w:w"), "0")) for col in columns)
    if not columns or total <= 0:
        return
    tblw.set(qn("w:type"), "dxa")
    tblw.set(qn("w:w"), str(width))
    for col in columns:
        col.set(qn("w:w"), str(int(col.get(qn("w:w"))) * width // total))


def footer_element(document: Document) -> etree._Element:
    """Return the default footer of `document`'s last section, as saved (after docxtpl replaced its part)."""
    sect = document.element.body.find(qn("w:sectPr"))
    reference = next(r for r in sect.findall(qn("w:footerReference")) if r.get(qn("w:type"), "default") == "default")
    return document.part.rels[reference.get(qn("r:id"))].target_part._element


def number_pages(document: Document, text: str) -> None:
    """Make the footer say `text`, then "Page" and the page number (a PAGE field), and nothing else."""
    footer = footer_element(document)
    paragraphs = footer.findall(W_P)
    for extra in paragraphs[1:]:
        footer.remove(extra)
    paragraph = Paragraph(paragraphs[0], None)
    for run in list(paragraphs[0].findall(qn("w:r"))):
        paragraphs[0].remove(run)
    paragraph.add_run(f"{text}Page ")
    add_field(paragraph, "PAGE")


def text_width(document: Document) -> int:
    """Return the width between the margins of `document`'s last section, in twips."""
    section = document.sections[-1]
    return int((section.page_width - section.left_margin - section.right_margin) / 635)


def stable_list_ids(document: Document) -> None:
    """Give every list definition an id derived from its number, not a random one.

    docxcompose picks a random ``w:nsid`` for each list it copies (so lists
    restart in Word); deriving it from the list's unique number keeps that and
    makes the same input give the same bytes.
    """
    try:
        numbering = document.part.numbering_part.element
    except NotImplementedError:
        return
    for abstract in numbering.findall(qn("w:abstractNum")):
        nsid = abstract.find(qn("w:nsid"))
        if nsid is not None:
            nsid.set(qn("w:val"), f"{0x5B000000 + int(abstract.get(qn('w:abstractNumId'))):08X}")


def add_field(paragraph: Paragraph, instruction: str, placeholder: str = "1") -> None:
    """Append the Word field `instruction` (e.g. ``PAGE``) to `paragraph`, showing `placeholder` until updated."""
    for run in _field_runs(instruction, placeholder, None):
        paragraph._p.append(run)


def _field_runs(instruction: str, placeholder: str, rpr: etree._Element | None) -> list[etree._Element]:
    parts = ['<w:fldChar w:fldCharType="begin" w:dirty="true"/>',
             f'<w:instrText xml:space="preserve"> {instruction} </w:instrText>',
             '<w:fldChar w:fldCharType="separate"/>', f"<w:t>{placeholder}</w:t>", '<w:fldChar w:fldCharType="end"/>']
    runs = []
    for inner in parts:
        run = parse_xml(f"<w:r {nsdecls('w')}>{inner}</w:r>")
        if rpr is not None:
            run.insert(0, copy.deepcopy(rpr))
        runs.append(run)
    return runs


def page_range_field(root: etree._Element, marker: str, start: str, end: str) -> None:
    """Replace the run whose text is `marker` with "Pages N - M": page references to the bookmarks `start` and `end`.

    Word and LibreOffice compute the numbers when they lay the document out.
    """
    for text in list(root.iter(qn("w:t"))):
        if text.text != marker:
            continue
        run = text.getparent()
        rpr = run.find(qn("w:rPr"))
        pieces = [_plain_run("Pages ", rpr), *_field_runs(f"PAGEREF {start} \\h", "?", rpr),
                  _plain_run(" - ", rpr), *_field_runs(f"PAGEREF {end} \\h", "?", rpr)]
        for piece in pieces:
            run.addprevious(piece)
        run.getparent().remove(run)


def _plain_run(text: str, rpr: etree._Element | None) -> etree._Element:
    run = parse_xml(f'<w:r {nsdecls("w")}><w:t xml:space="preserve">{text}</w:t></w:r>')
    if rpr is not None:
        run.insert(0, copy.deepcopy(rpr))
    return run


def bookmark(paragraph: etree._Element, name: str, number: int, at_end: bool = False) -> None:
    """Put the bookmark `name` (id `number`) at the start of the paragraph element `paragraph`, or at its end."""
    start, end = _bookmark_ends(name, number)
    if at_end:
        paragraph.append(start)
        paragraph.append(end)
    else:
        ppr = paragraph.find(qn("w:pPr"))
        index = 1 if ppr is not None else 0
        paragraph.insert(index, end)
        paragraph.insert(index, start)


def bookmark_last_character(paragraph: etree._Element, name: str, number: int) -> None:
    """Put the bookmark `name` (id `number`) around the last character of the paragraph element `paragraph`.

    An empty bookmark at the very end of a paragraph is lost by LibreOffice
    when pandoc's section bookmarks close after it; one around the last
    character is kept, and its page is the page that character is on, even
    when the paragraph runs over a page. The character gets a run of its own,
    formatted as before. A paragraph without text gets the empty bookmark.
    """
    texts = [t for t in paragraph.iter(qn("w:t")) if t.text]
    if not texts:
        bookmark(paragraph, name, number, at_end=True)
        return
    last = texts[-1]
    run = last.getparent()
    single = OxmlElement("w:r")
    properties = run.find(qn("w:rPr"))
    if properties is not None:
        single.append(copy.deepcopy(properties))
    character = OxmlElement("w:t")
    character.text = last.text[-1]
    character.set("{http://www.w3.org/XML/1998/namespace}space", "preserve")
    single.append(character)
    last.text = last.text[:-1]
    if not last.text:
        run.remove(last)
    run.addnext(single)
    start, end = _bookmark_ends(name, number)
    single.addprevious(start)
    single.addnext(end)


def _bookmark_ends(name: str, number: int) -> tuple[etree._Element, etree._Element]:
    """Return the start and end elements of the bookmark `name` with id `number`."""
    return (parse_xml(f'<w:bookmarkStart {nsdecls("w")} w:id="{number}" w:name="{name}"/>'),
            parse_xml(f'<w:bookmarkEnd {nsdecls("w")} w:id="{number}"/>'))


def renumber_bookmarks(root: etree._Element) -> None:
    """Number the bookmarks under `root` 0, 1, 2... in document order, each end with its own start.

    Ids may repeat on the way in (documents composed together each number
    from 0); a bookmark's end follows its start in the same document, so
    reading in order pairs them.
    """
    start_tag, end_tag = qn("w:bookmarkStart"), qn("w:bookmarkEnd")
    open_ids: dict[str, list[str]] = {}
    number = 0
    for element in root.iter(start_tag, end_tag):
        old = element.get(qn("w:id"))
        if element.tag == start_tag:
            open_ids.setdefault(old, []).append(str(number))
            element.set(qn("w:id"), str(number))
            number += 1
        elif open_ids.get(old):
            element.set(qn("w:id"), open_ids[old].pop())
        else:
            element.getparent().remove(element)  # an end without a start


def expand_pdf_notices(document: Document, pages: dict[str, int]) -> dict[str, int]:
    """Make the notice page of each PDF as many pages long as the PDF; return the pages of those present.

    A notice is a paragraph bookmarked ``name`` at its start and ``nameEnd`` at
    its end; `pages` gives each PDF's page count. Blank pages follow the
    notice, and the bookmarks that mark an end (``nameEnd``, and an item's end
    when the PDF is the item's last document) move to the last of them, so the
    pack's page numbers and page references count the PDF's pages.
    """
    present = {}
    body = document.element.body
    starts = {b.get(qn("w:name")): b for b in body.iter(qn("w:bookmarkStart"))}
    for name, count in pages.items():
        if name not in starts:
            continue
        present[name] = count
        notice = starts[name].getparent()
        ending = {b.get(qn("w:id")) for b in notice.iter(qn("w:bookmarkStart")) if b.get(qn("w:name"), "").endswith("End")}
        trailing = [e for e in notice.iter(qn("w:bookmarkStart"), qn("w:bookmarkEnd")) if e.get(qn("w:id")) in ending]
        last = notice
        for _ in range(count - 1):
            blank = OxmlElement("w:p")
            blank.get_or_add_pPr().pageBreakBefore_val = True
            last.addnext(blank)
            last = blank
        for element in trailing:
            last.append(element)
    return present


def mark_pages(document: Document, spans: list[tuple[etree._Element, etree._Element, str]]) -> None:
    """Give each span of body elements ``(first, last, text)`` pages of their own whose header says `text`.

    Section breaks end the pages before `first` and the pages after `last`
    (where a section does not end there already); every section from
    `first` to `last`, landscape ones too, then takes a header of its own
    holding `text` in the "Protective Marking" style. Call it after
    :func:`repair_sections`, whose header references it replaces. Every
    other section is given a header of its own once, for all the spans.
    """
    body = document.element.body
    final = body.find(W_SECTPR)
    ends = []
    for first, last, _ in spans:
        previous = first.getprevious()
        # Breaks go in paragraphs of their own: a PDF's notice paragraph grows into pages when the pack is exported.
        if previous is not None and _ends_section(previous) is None:
            first.addprevious(section_break(copy.deepcopy(final)))
            if first.tag == W_P:
                first.get_or_add_pPr().pageBreakBefore_val = None  # the section break starts the page
        if last.getnext() is not final and _ends_section(last) is None:
            last.addnext(section_break(copy.deepcopy(final)))
            last = last.getnext()
        ends.append(last)
    if not spans:
        return
    _headed(document, body)
    for (first, _, text), last in zip(spans, ends):
        rid = _add_header(document, text)
        end = final if last.getnext() is final else last
        element = first
        while True:
            sect = final if element is final else _ends_section(element)
            if sect is not None:
                _set_header(sect, rid)
            if element is end:
                break
            element = element.getnext()


def _headed(document: Document, body: etree._Element) -> None:
    """Give every section a header of its own (an empty one where it had none), as a section without one shows the last one's."""
    sections = [s for s in map(_ends_section, body) if s is not None] + [body.find(W_SECTPR)]
    if all(_header_reference(sect) is not None for sect in sections):
        return
    rid = _add_header(document, "")
    for sect in sections:
        if _header_reference(sect) is None:
            _set_header(sect, rid)


def _header_reference(sect: etree._Element) -> etree._Element | None:
    return next((r for r in sect.findall(qn("w:headerReference")) if r.get(qn("w:type"), "default") == "default"), None)


def _set_header(sect: etree._Element, rid: str) -> None:
    """Make the header part `rid` the header of every page of the section `sect`."""
    for old in sect.findall(qn("w:headerReference")):
        sect.remove(old)
    sect.insert(0, parse_xml(f'<w:headerReference {nsdecls("w", "r")} w:type="default" r:id="{rid}"/>'))


def _add_header(document: Document, text: str) -> str:
    """Add a header part saying `text` in the "Protective Marking" style; return its relationship id."""
    part, rid = document.part.add_header_part()
    header = part.element
    for old in list(header):
        header.remove(old)
    paragraph = parse_xml(f'<w:p {nsdecls("w")}><w:pPr><w:pStyle w:val="{_style_id(document, "Protective Marking")}"/>'
                          '</w:pPr></w:p>')
    if text:
        run = parse_xml(f'<w:r {nsdecls("w")}><w:t xml:space="preserve"></w:t></w:r>')
        run[0].text = text
        paragraph.append(run)
    header.append(paragraph)
    return rid


def _ends_section(element: etree._Element) -> etree._Element | None:
    """Return the section properties the body paragraph `element` ends its section with, if it does."""
    return element.find(f"{qn('w:pPr')}/{qn('w:sectPr')}") if element.tag == W_P else None


def section_break(sect: etree._Element) -> etree._Element:
    """Return a hair-thin paragraph ending a section with the properties `sect`, the next section starting a new page."""
    paragraph = parse_xml(f'<w:p {nsdecls("w")}><w:pPr><w:spacing w:before="0" w:after="0" w:line="20" '
                          'w:lineRule="exact"/><w:rPr><w:sz w:val="2"/></w:rPr></w:pPr></w:p>')
    paragraph.find(qn("w:pPr")).append(_next_page(sect))
    return paragraph


def _next_page(sect: etree._Element) -> etree._Element:
    """Return the section properties `sect`, saying that the section after starts on a new page."""
    for kind in sect.findall(qn("w:type")):
        sect.remove(kind)
    kind = OxmlElement("w:type")
    kind.set(qn("w:val"), "nextPage")
    sect.find(qn("w:pgSz")).addprevious(kind)  # the schema's order: references, notes, type, page size...
    return sect


def _style_id(document: Document, name: str) -> str:
    """Return the id of the style `name` in `document`."""
    return document.styles[name].style_id


def page_break() -> etree._Element:
    """Return a paragraph element holding only a page break."""
    return parse_xml(f'<w:p {nsdecls("w")}><w:r><w:br w:type="page"/></w:r></w:p>')


def start_on_new_page(element: etree._Element) -> None:
    """Make the body element `element` start a new page.

    A paragraph gets "page break before", so no blank line is left at the top
    of the page; a table is preceded by a hair-thin paragraph that starts the
    page (so a bookmark on it lands on the table's page, not the one before).
    """
    if element.tag == W_P:
        element.get_or_add_pPr().pageBreakBefore_val = True
    else:
        element.addprevious(parse_xml(
            f'<w:p {nsdecls("w")}><w:pPr><w:pageBreakBefore/><w:spacing w:before="0" w:after="0" w:line="20" '
            'w:lineRule="exact"/><w:rPr><w:sz w:val="2"/></w:rPr></w:pPr></w:p>'
        ))


def paragraph_text(p: etree._Element) -> str:
    """Return the text of the paragraph element `p`."""
    return "".join(t.text or "" for t in p.iter(qn("w:t")))


def style_of(p: etree._Element) -> str | None:
    """Return the style id of the paragraph element `p`, if it has one."""
    style = p.find(f"{qn('w:pPr')}/{qn('w:pStyle')}")
    return style.get(qn("w:val")) if style is not None else None


def set_style(p: etree._Element, style_id: str) -> None:
    """Give the paragraph element `p` the paragraph style `style_id`."""
    _first_child(_first_child(p, "w:pPr"), "w:pStyle").set(qn("w:val"), style_id)


def set_table_style(tbl: etree._Element, style_id: str) -> None:
    """Give the table element `tbl` the table style `style_id`."""
    _first_child(_first_child(tbl, "w:tblPr"), "w:tblStyle").set(qn("w:val"), style_id)


def _first_child(parent: etree._Element, tag: str) -> etree._Element:
    """Return `parent`'s child `tag`, added as its first child when missing (where the schema puts these)."""
    found = parent.find(qn(tag))
    if found is None:
        found = OxmlElement(tag)
        parent.insert(0, found)
    return found


def list_level(p: etree._Element) -> tuple[int, int] | None:
    """Return ``(numId, level)`` of a numbered or bulleted paragraph element, else ``None``."""
    num = p.find(f"{qn('w:pPr')}/{qn('w:numPr')}")
    if num is None or num.find(qn("w:numId")) is None:
        return None
    level = num.find(qn("w:ilvl"))
    return int(num.find(qn("w:numId")).get(qn("w:val"))), int(level.get(qn("w:val"))) if level is not None else 0


def body_paragraphs(body: etree._Element) -> Iterator[etree._Element]:
    """Yield every paragraph element under `body`, in tables too, in document order."""
    yield from body.iter(W_P)
