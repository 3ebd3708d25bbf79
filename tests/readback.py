"""Read a built paper back, as a reader of the Word file would see it.

Tests assert on what these return: the text of cells, which box is ticked,
paragraph styles, numbering, header rows. Nothing here knows how the paper was
built.
"""

from __future__ import annotations

import zipfile
from dataclasses import dataclass
from pathlib import Path

from lxml import etree
from docx import Document
from docx.document import Document as DocumentType
from docx.oxml.ns import qn
from docx.table import Table

TICKED, UNTICKED = "\u2612", "\u2610"


def open_docx(path: Path) -> DocumentType:
    """Return the Word file `path`, opened with python-docx."""
    return Document(str(path))


def cell_text(cell) -> str:
    """Return the text of `cell`, paragraphs joined by newlines."""
    return "\n".join(p.text for p in cell.paragraphs)


def tables_by_heading(doc: DocumentType) -> dict[str, Table]:
    """Return the cover sheet's tables by the text of their first row (e.g. "Implications")."""
    found = {}
    for table in doc.tables:
        first = table.rows[0].cells[0].text.strip()
        found.setdefault(first, table)
    return found


def details(doc: DocumentType) -> dict[str, str]:
    """Return the cover sheet's details table (the first table, below its committee band) as label -> value."""
    table = doc.tables[0]
    return {row.cells[0].text.strip(): cell_text(row.cells[1]).strip() for row in table.rows}


def band(doc: DocumentType):
    """Return the cover sheet's committee band: the first paragraph in the "Cover Band" style (a heading)."""
    return next(p for p in doc.paragraphs if p.style.name == "Cover Band")


RISKS = "If Yes, Please Provide a Risk Description and Reference Number"


def section_paragraphs(doc: DocumentType, label: str) -> list:
    """Return the paragraphs under the cover-sheet section `label`, e.g. "Purpose of the Paper"."""
    table = tables_by_heading(doc)[label]
    return [p for p in table.rows[1].cells[0].paragraphs if p.text.strip()]


def ticks(doc: DocumentType) -> dict[str, list[str]]:
    """Return, for each implication row, the answers whose box is ticked ("Yes", "No", "N/A")."""
    table = tables_by_heading(doc)["Implications"]
    rows = {}
    for row in table.rows[1:7]:
        cells = row.cells
        label = cells[0].text.strip()
        rows[label] = [c.text.replace(TICKED, "").replace(UNTICKED, "").strip() for c in cells[1:4] if TICKED in c.text]
        assert sum(c.text.count(TICKED) + c.text.count(UNTICKED) for c in cells[1:4]) == 3, f"{label}: three boxes expected"
    return rows


def risk_row(doc: DocumentType) -> list[str]:
    """Return the lines of the risk description and reference section."""
    table = tables_by_heading(doc)[RISKS]
    return [p.text for p in table.rows[1].cells[0].paragraphs if p.text.strip()]


def governance(doc: DocumentType) -> list[tuple[str, ...]]:
    """Return the governance table's rows below its two header rows."""
    table = tables_by_heading(doc)["Governance and Reporting"]
    rows = []
    for row in table.rows[2:]:
        seen, values = set(), []
        for cell in row.cells:
            if id(cell._tc) not in seen:
                seen.add(id(cell._tc))
                values.append(cell.text.strip())
        rows.append(tuple(values))
    return rows


@dataclass
class Para:
    """A body paragraph as a reader meets it."""

    text: str
    style: str
    num_id: int | None
    level: int | None
    page_break_before: bool


def body_paragraphs(doc: DocumentType) -> list[Para]:
    """Return the paragraphs outside tables, in order."""
    out = []
    for p in doc.paragraphs:
        ppr = p._p.pPr
        num = ppr.numPr if ppr is not None else None
        out.append(Para(
            p.text, p.style.name,
            int(num.numId.val) if num is not None and num.numId is not None else None,
            int(num.ilvl.val) if num is not None and num.ilvl is not None else None,
            bool(ppr is not None and ppr.pageBreakBefore_val),
        ))
    return out


def start_override(doc: DocumentType, num_id: int) -> int | None:
    """Return the number a list (numId) restarts at, when it overrides its start."""
    numbering = doc.part.numbering_part.element
    for num in numbering.findall(qn("w:num")):
        if int(num.get(qn("w:numId"))) == num_id:
            start = num.find(f"{qn('w:lvlOverride')}/{qn('w:startOverride')}")
            return int(start.get(qn("w:val"))) if start is not None else None
    raise AssertionError(f"no numbering {num_id}")


def header_rows(table: Table) -> int:
    """Return how many rows at the top of `table` are marked as repeating header rows."""
    count = 0
    for tr in table._tbl.tr_lst:
        header = tr.find(f"{qn('w:trPr')}/{qn('w:tblHeader')}")
        if header is None or header.get(qn("w:val"), "true") in {"0", "false", "off"}:
            break
        count += 1
    return count


def all_tables(doc: DocumentType) -> list[Table]:
    """Return every table in the document body, nested ones too."""
    tables = []

    def visit(container) -> None:
        for table in container.tables:
            tables.append(table)
            for row in table.rows:
                for cell in row.cells:
                    visit(cell)

    visit(doc)
    return tables


def zip_text(path: Path) -> str:
    """Return every XML part of the Word file `path`, concatenated, for searching."""
    with zipfile.ZipFile(path) as archive:
        return "\n".join(archive.read(name).decode("utf-8", "replace") for name in archive.namelist() if name.endswith((".xml", ".rels")))


def zip_words(path: Path, parts: tuple[str, ...] | None = None) -> str:
    """Return the text of the parts of the zip `path` as words: a paragraph's runs joined, markup dropped.

    Text split across runs (``<w:t>Lan</w:t>...<w:t>cashire</w:t>``) reads whole.
    Every part counts unless `parts` names some: properties and comments
    included, and binary parts as Latin-1.
    """
    words = []
    with zipfile.ZipFile(path) as archive:
        for name in parts or archive.namelist():
            data = archive.read(name)
            try:
                root = etree.fromstring(data)
            except etree.XMLSyntaxError:
                words.append(data.decode("latin-1"))
                continue
            paragraphs = [p for p in root.iter() if isinstance(p.tag, str) and etree.QName(p).localname == "p"]
            words += ["".join(p.itertext()) for p in paragraphs] if paragraphs else [" ".join(root.itertext())]
    return " ".join(" ".join(words).split())


def agenda_table(doc: DocumentType) -> list[list[str]]:
    """Return an agenda as one table's rows: the column headings, then each section's name as a row of one cell and its items.

    An ICS agenda has a heading ("Agenda Section") and a table a section; a
    council agenda has a table a part, under its own headings.
    """
    rows: list[list[str]] = []
    body = doc.element.body
    for element in body:
        if element.tag == qn("w:p"):
            style = element.find(f"{qn('w:pPr')}/{qn('w:pStyle')}")
            text = "".join(t.text or "" for t in element.iter(qn("w:t"))).strip()
            if style is not None and style.get(qn("w:val")) == "AgendaSection" and text:
                rows.append([text])
        elif element.tag == qn("w:tbl"):
            found = table_text(Table(element, doc._body))
            rows += found if not any(len(r) > 1 for r in rows) else found[1:]
    return rows


def table_text(table: Table) -> list[list[str]]:
    """Return `table` as rows of cell texts, a cell merged across columns counted once."""
    rows = []
    for row in table.rows:
        seen, texts = set(), []
        for cell in row.cells:
            if id(cell._tc) not in seen:
                seen.add(id(cell._tc))
                texts.append(cell_text(cell).strip())
        rows.append(texts)
    return rows


def table_after_heading(doc: DocumentType, heading: str) -> Table:
    """Return the first table that follows the paragraph whose text is `heading`."""
    body = doc.element.body
    found = False
    for element in body.iterchildren():
        if element.tag == qn("w:p") and "".join(t.text or "" for t in element.iter(qn("w:t"))) == heading:
            found = True
        elif found and element.tag == qn("w:tbl"):
            return Table(element, doc)
    raise AssertionError(f"no table after {heading!r}")


def cell_fill(cell) -> str | None:
    """Return the shading colour of `cell`, if it has its own."""
    shd = cell._tc.tcPr.find(qn("w:shd")) if cell._tc.tcPr is not None else None
    return shd.get(qn("w:fill")) if shd is not None else None


def cell_alignment(cell) -> str | None:
    """Return the alignment (``w:jc``) of `cell`'s first paragraph, if it has its own."""
    jc = cell.paragraphs[0]._p.find(f"{qn('w:pPr')}/{qn('w:jc')}")
    return jc.get(qn("w:val")) if jc is not None else None


def paragraph_fill(paragraph) -> str | None:
    """Return the shading colour of `paragraph`, if it has its own."""
    ppr = paragraph._p.pPr
    shd = ppr.find(qn("w:shd")) if ppr is not None else None
    return shd.get(qn("w:fill")) if shd is not None else None


def orientations(doc: DocumentType) -> list[str]:
    """Return the orientation of each section, in order: "portrait" or "landscape"."""
    return ["landscape" if s.page_width > s.page_height else "portrait" for s in doc.sections]
