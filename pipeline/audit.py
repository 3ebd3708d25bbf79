"""Audit: check built Word and PDF documents for what makes them accessible.

UK public sector bodies must publish accessible documents (the Public Sector
Bodies Accessibility Regulations 2018, WCAG 2.2 AA). These checks cover what
can be read from the file itself: a title and a language, headings in order,
marked table header rows, no cells merged outside header rows, no shading
that means something without text, text colour against what is behind it
(4.5:1, by :mod:`pipeline.contrast`), no blank paragraphs for spacing, link
text that names its target, alt text on images; in a PDF, tags, title,
language, bookmarks and pages drawn outside the tags. PDFs are also judged by
the reference validator of PDF/UA-1, the veraPDF engine
(:mod:`pipeline.verapdf`), when it is set up; when it is not,
:attr:`Audit.unjudged` says so and what is then not judged. They do not judge
the words themselves (clear language, whether link text or alt text says the
right thing, beyond the generic 'click here'), nor the contrast of text in
PDFs, text coloured automatically, or text on pictures and text boxes' fills.

Each check reads the saved file, never how it was built, so documents edited
in Word can be audited too.
"""

from __future__ import annotations

import re
import zipfile
from collections.abc import Iterable, Iterator
from dataclasses import dataclass, field
from pathlib import Path

import pikepdf
from docx.styles import BabelFish
from lxml import etree

from pipeline import contrast, ooxml, verapdf
from pipeline.errors import BuildError, display_path
from pipeline.tagged import page_list, untagged_pages

SUFFIXES = (".docx", ".pdf")
"""The documents audited; a folder stands for every one of these under it."""
BOOKMARKS_FROM = 4
"""A PDF of this many pages or more needs bookmarks to find one's way around it."""
NAMESPACES = {
    "w": "http://schemas.openxmlformats.org/wordprocessingml/2006/main",
    "wp": "http://schemas.openxmlformats.org/drawingml/2006/wordprocessingDrawing",
    "dc": "http://purl.org/dc/elements/1.1/",
    "adec": "http://schemas.microsoft.com/office/drawing/2017/decorative",
    "r": "http://schemas.openxmlformats.org/officeDocument/2006/relationships",
    "rel": "http://schemas.openxmlformats.org/package/2006/relationships",
}
"""The XML namespaces read here; ``adec`` is Word's "Mark as decorative" flag on a drawing."""
_DRAWING_PARTS = re.compile(r"^word/(document|header\d*|footer\d*|footnotes|endnotes)\.xml$")
"""The parts of a Word file that may hold images, and text whose colour is judged."""
_RELATIONSHIPS = "word/_rels/document.xml.rels"
"""Where the body's links find their targets."""
GENERIC_LINK_TEXT = frozenset({"click here", "here", "link", "this link", "read more", "more", "more information", "this",
                               "this page", "page", "website", "click"})
"""Link text that does not say where a link leads, once lower-cased and stripped of punctuation."""
BLANK_PLACES_SHOWN = 3
"""How many blank paragraphs a finding names; the rest are counted."""
HIGHLIGHTS = {"black": "000000", "blue": "0000FF", "cyan": "00FFFF", "green": "00FF00", "magenta": "FF00FF", "red": "FF0000",
              "yellow": "FFFF00", "white": "FFFFFF", "darkBlue": "000080", "darkCyan": "008080", "darkGreen": "008000",
              "darkMagenta": "800080", "darkRed": "800000", "darkYellow": "808000", "darkGray": "808080", "lightGray": "C0C0C0"}
"""The colours of Word's named highlights (w:highlight), RRGGBB."""


@dataclass(frozen=True)
class Finding:
    """One accessibility problem in one document."""

    path: Path
    """The document."""
    check: str
    """The check that failed: ``title``, ``language``, ``headings``, ``table-headers``, ``merged-cells``, ``colour``,
    ``contrast``, ``blank-paragraphs``, ``link-text``, ``alt-text``, ``tagged``, ``display-title``, ``bookmarks``,
    ``untagged``; ``pdf-ua``: the validator's."""
    message: str
    """What was expected and what was found, and where in the document."""

    def __str__(self) -> str:
        return f"{display_path(self.path)}: {self.check}: {self.message}"


@dataclass
class Audit:
    """What an audit looked at and found."""

    documents: list[Path] = field(default_factory=list)
    """Every document audited, in order."""
    findings: list[Finding] = field(default_factory=list)
    """Every problem found, document by document."""
    unjudged: str = ""
    """What was not judged, and why, when PDFs were audited without the validator."""


OWN_CHECKS_ONLY = ("the PDFs were judged by boardpapers' own checks only (tags, title, language, bookmarks, pages "
                   "drawn outside the tags); not judged: PDF/UA-1's own rules (how tables, lists and headings are "
                   "tagged, fonts embedded, the role map, the metadata, alternative text of figures)")
"""What an audit of PDFs without the validator judges, and what it does not."""


def audit_documents(paths: Iterable[Path], validator: bool = True) -> Audit:
    """Return the accessibility problems of the .docx and .pdf files `paths` (a folder: every one under it).

    With `validator` (and the validator set up), each PDF is also judged by
    the veraPDF engine, all in one run. Raises :class:`BuildError` when a path
    is neither such a file nor a folder holding one, when a document cannot
    be read, or when the validator fails to run.
    """
    result = Audit()
    for path in paths:
        result.documents += _documents(path)
    pdfs = [d for d in result.documents if d.suffix.lower() == ".pdf"]
    verdicts: dict[Path, verapdf.Verdict] = {}
    if pdfs and not validator:
        result.unjudged = f"the PDF/UA-1 validator was not asked for (--no-validator): {OWN_CHECKS_ONLY}"
    elif pdfs and verapdf.folder() is None:
        result.unjudged = f"the PDF/UA-1 validator (veraPDF) is not set up here, so {OWN_CHECKS_ONLY}; {verapdf.INSTALL_HINT}"
    elif pdfs:
        verdicts = verapdf.validate_pdfs(pdfs)
    for document in result.documents:
        check = _audit_docx if document.suffix.lower() == ".docx" else _audit_pdf
        result.findings += [Finding(document, name, message) for name, message in check(document)]
        if document in verdicts:
            result.findings += [Finding(document, "pdf-ua", message) for message in _validator_says(verdicts[document])]
    return result


def _validator_says(verdict: verapdf.Verdict) -> list[str]:
    """Return what the validator found wrong with one PDF, a message per rule failed, said plainly."""
    if verdict.compliant:
        return []
    if not verdict.failures:
        return [f"the PDF/UA-1 validator could not judge it: {verdict.error or verdict.status}"]
    return [verapdf.plain(failure) for failure in verdict.failures]


def _documents(path: Path) -> list[Path]:
    """Return `path` when it is a document, or the documents under the folder `path`, in name order.

    Hidden files (LibreOffice's and the pack's temporary files) and Word's
    ``~$`` lock files are left out.
    """
    if path.is_dir():
        found = sorted(p for p in path.rglob("*") if p.suffix.lower() in SUFFIXES and p.is_file()
                       and not any(part.startswith((".", "~$")) for part in p.relative_to(path).parts))
        if not found:
            raise BuildError(f"{display_path(path)}: no .docx or .pdf files in this folder")
        return found
    if path.suffix.lower() not in SUFFIXES:
        raise BuildError(f"{display_path(path)}: expected a .docx or .pdf file or a folder")
    if not path.is_file():
        raise BuildError(f"{display_path(path)}: no such file")
    return [path]


# --- Word ----------------------------------------------------------------------

def _audit_docx(path: Path) -> Iterator[tuple[str, str]]:
    """Yield ``(check, message)`` for each problem of the Word file `path`, check by check."""
    parts = _read_parts(path)
    body, styles, core = parts["word/document.xml"], parts.get("word/styles.xml"), parts.get("docProps/core.xml")
    yield from _title(core)
    yield from _language(styles, core)
    styled = _Styles(styles)
    yield from _heading_order(body, _heading_levels(styled), titled=_is_titled(body, core))
    yield from _table_headers(body)
    yield from _merged_cells(body)
    yield from _colour(body)
    yield from _contrast(parts, styled)
    yield from _blank_paragraphs(body)
    yield from _link_text(body, parts.get(_RELATIONSHIPS))
    yield from _alt_text(parts)


def _read_parts(path: Path) -> dict[str, etree._Element]:
    """Return the parts of the Word file `path` that the checks read, by name; raise :class:`BuildError` when it is no Word file."""
    wanted = ("word/document.xml", "word/styles.xml", "docProps/core.xml", _RELATIONSHIPS)
    try:
        with zipfile.ZipFile(path) as archive:
            parts = {name: etree.fromstring(archive.read(name)) for name in archive.namelist()
                     if name in wanted or _DRAWING_PARTS.match(name)}
    except (zipfile.BadZipFile, etree.XMLSyntaxError, OSError) as exc:
        raise BuildError(f"{display_path(path)}: cannot be read as a Word document: {exc}") from None
    if "word/document.xml" not in parts:
        raise BuildError(f"{display_path(path)}: cannot be read as a Word document: it has no word/document.xml")
    return parts


def _title(core: etree._Element | None) -> Iterator[tuple[str, str]]:
    """Yield a problem unless the document properties give a title."""
    if not _text(core, "dc:title"):
        yield "title", "no title in the document properties (File > Info > Title); screen readers announce it"


def _language(styles: etree._Element | None, core: etree._Element | None) -> Iterator[tuple[str, str]]:
    """Yield a problem unless the default or Normal style (where Word and LibreOffice look) or the properties name a language."""
    places = ("w:docDefaults/w:rPrDefault/w:rPr/w:lang", "w:style[@w:styleId='Normal']/w:rPr/w:lang")
    found = [lang.get(_w("val"), "").strip() for where in places for lang in ([] if styles is None else styles.findall(where, NAMESPACES))]
    if not (any(found) or _text(core, "dc:language")):
        yield "language", ("no language: expected w:lang in the default or Normal style, or a language in the "
                           "document properties; screen readers need it to pronounce the text")


def _heading_levels(styles: _Styles) -> dict[str, int]:
    """Return the heading level (1-9) of each paragraph style that makes a heading, following ``basedOn``."""
    levels = {}
    for style_id in styles.of_type("paragraph"):
        outline = next((found for style in styles.chain(style_id)
                        if (found := style.find("w:pPr/w:outlineLvl", NAMESPACES)) is not None), None)
        level = int(outline.get(_w("val"))) if outline is not None else None
        if level is not None and level < 9:  # outline level 9 is body text
            levels[style_id] = level + 1
    return levels


def _is_titled(body: etree._Element, core: etree._Element | None) -> bool:
    """Return True when the document has a title: in its properties, or a paragraph in the Title style."""
    return bool(_text(core, "dc:title")) or any(
        ooxml.style_of(p) == "Title" and ooxml.paragraph_text(p).strip() for p in body.iter(ooxml.W_P))


def _heading_order(body: etree._Element, levels: dict[str, int], titled: bool) -> Iterator[tuple[str, str]]:
    """Yield a problem for each heading more than one level below the heading before it.

    A `titled` document's title stands as its level-1 heading, so it may open
    at Heading 2: a paper's title is on its cover sheet, and its body's
    headings may start at Heading 2 beneath it. Without a title the first
    heading must be Heading 1. Going back up any number of levels is fine;
    empty heading paragraphs are not counted.
    """
    previous = 1 if titled else 0
    for p in body.iter(ooxml.W_P):
        direct = p.find("w:pPr/w:outlineLvl", NAMESPACES)
        level = int(direct.get(_w("val"))) + 1 if direct is not None else levels.get(ooxml.style_of(p) or "")
        if level is None or level > 9 or not ooxml.paragraph_text(p).strip():
            continue
        if level > previous + 1:
            after = f"follows Heading {previous}" if previous else "is the first heading"
            yield "headings", f"Heading {level} {_quote(ooxml.paragraph_text(p))} {after} with no Heading {previous + 1} before it"
        previous = level


def _table_headers(body: etree._Element) -> Iterator[tuple[str, str]]:
    """Yield a problem for each table, nested ones too, whose first row is not marked as a header row.

    Layout tables count: every table the pipeline makes marks one, and a
    screen reader then reads the label row before the values.
    """
    for number, tbl in enumerate(body.iter(ooxml.W_TBL), start=1):
        first = tbl.find("w:tr", NAMESPACES)
        if first is not None and not ooxml.is_header_row(first):
            yield "table-headers", f"table {number} ({_describe_table(tbl)}): its first row is not marked as a header row (w:tblHeader)"


def _colour(body: etree._Element) -> Iterator[tuple[str, str]]:
    """Yield a problem for each shaded table cell with no text: its colour would be its only meaning.

    A cell that continues a vertical merge is part of the cell above, whose text counts.
    """
    for number, tbl in enumerate(body.iter(ooxml.W_TBL), start=1):
        for row_number, tr in enumerate(tbl.findall("w:tr", NAMESPACES), start=1):
            for cell_number, tc in enumerate(tr.findall("w:tc", NAMESPACES), start=1):
                shd = tc.find("w:tcPr/w:shd", NAMESPACES)
                fill = shd.get(_w("fill"), "") if shd is not None else ""
                merge = tc.find("w:tcPr/w:vMerge", NAMESPACES)
                continues = merge is not None and merge.get(_w("val"), "continue") == "continue"
                if fill.lower() not in ("", "auto") and not _cell_text(tc) and not continues:
                    yield "colour", (f"table {number} ({_describe_table(tbl)}), row {row_number}, cell {cell_number}: shaded "
                                     f"#{fill} with no text; colour alone must not carry meaning")


def _merged_cells(body: etree._Element) -> Iterator[tuple[str, str]]:
    """Yield a problem for each table, nested ones too, with cells merged or split in rows that are not header rows.

    A screen reader walks a table as a grid, naming each value's row and
    column headers; a merged cell in the body leaves it unsure where it is.
    Header rows may merge, as Word's own checker allows complex headers.
    """
    for number, tbl in enumerate(body.iter(ooxml.W_TBL), start=1):
        rows = [row_number for row_number, tr in enumerate(tbl.findall("w:tr", NAMESPACES), start=1)
                if not ooxml.is_header_row(tr) and any(_is_merged(tc) for tc in tr.findall("w:tc", NAMESPACES))]
        if rows:
            yield "merged-cells", (f"table {number} ({_describe_table(tbl)}): cells merged or split outside the header rows, "
                                   f"in {_rows(rows)}; screen readers lose their place in a table that is not a plain grid")


def _is_merged(tc: etree._Element) -> bool:
    """Return True when the table cell element `tc` spans columns or takes part in a merge of rows."""
    span = tc.find("w:tcPr/w:gridSpan", NAMESPACES)
    spans = span is not None and span.get(_w("val"), "1").isdigit() and int(span.get(_w("val"), "1")) > 1
    return spans or tc.find("w:tcPr/w:vMerge", NAMESPACES) is not None or tc.find("w:tcPr/w:hMerge", NAMESPACES) is not None


def _rows(numbers: list[int]) -> str:
    """Return row `numbers` as words: ``row 2``, ``rows 2 and 3``, ``rows 2, 3 and 5``."""
    if len(numbers) == 1:
        return f"row {numbers[0]}"
    return f"rows {', '.join(map(str, numbers[:-1]))} and {numbers[-1]}"


_CONTENT = frozenset(ooxml.qn(f"w:{tag}") for tag in ("drawing", "pict", "object", "sym", "fldChar", "fldSimple", "instrText",
                                                       "footnoteReference", "endnoteReference", "sectPr"))
"""What makes a paragraph without text more than a blank line: pictures, symbols, fields, notes, a section break."""
_MATHS = "{http://schemas.openxmlformats.org/officeDocument/2006/math}"
_BLOCKS = (ooxml.W_P, ooxml.W_TBL, ooxml.qn("w:sdt"))
"""The elements a body or a cell is a column of."""


def _blank_paragraphs(body: etree._Element) -> Iterator[tuple[str, str]]:
    """Yield one problem for the body's blank paragraphs that only make space, counting them and naming the first few.

    Space between paragraphs comes from their styles; a screen reader reads
    each blank paragraph out as "blank". Word itself needs some, which pass:
    one between two tables (else Word joins them into one), one ending a
    cell or the body right after a table (Word ends each with a paragraph),
    and the one paragraph of an empty cell.
    """
    tables = {tbl: number for number, tbl in enumerate(body.iter(ooxml.W_TBL), start=1)}
    top = body.find("w:body", NAMESPACES)  # `body` is the document part, the body its child
    containers = ([] if top is None else [top]) + list(body.iter(ooxml.qn("w:tc"), ooxml.qn("w:sdtContent")))
    spacing = {p for container in containers if not _in_text_box(container) for p in _spacing_paragraphs(container)}
    if not spacing:
        return
    places, last_text = [], ""
    for p in body.iter(ooxml.W_P):
        if p in spacing and len(places) < BLANK_PLACES_SHOWN:
            before = _previous_block(p)
            cell = next(p.iterancestors(ooxml.qn("w:tc")), None)
            inside = f" in table {tables[next(cell.iterancestors(ooxml.W_TBL))]}" if cell is not None else ""
            if before is not None and before.tag == ooxml.W_TBL:
                places.append(f"after table {tables[before]} ({_describe_table(before)}){inside}")
            else:
                places.append(f"after {_quote(last_text)}{inside}" if last_text.strip() else f"at the start{inside}")
        last_text = ooxml.paragraph_text(p) if ooxml.paragraph_text(p).strip() else last_text
    more = len(spacing) - len(places)
    where = ", ".join(places) + (f" and {more} more" if more else "")
    count = f"{len(spacing)} blank paragraph{'s' if len(spacing) > 1 else ''}"
    yield "blank-paragraphs", (f"{count} used for spacing ({where}); a screen reader reads each out as blank: "
                               "spacing comes from styles (space before and after)")


def _spacing_paragraphs(container: etree._Element) -> list[etree._Element]:
    """Return the blank paragraphs directly in `container` (the body, a cell, a content control) that Word does not need.

    Blank paragraphs come in runs between other blocks; a run between two
    tables keeps one, a run ending the container after a table keeps its last,
    and a container of nothing but blank paragraphs (an empty cell) keeps one.
    A run before a table also keeps its last when that holds a bookmark: a
    table cannot hold one before it, and a composed pack marks where each
    item starts (the target of its contents and outline) so.
    """
    blocks = [child for child in container if child.tag in _BLOCKS]
    found: list[etree._Element] = []
    start = 0
    while start < len(blocks):
        if not _is_blank(blocks[start]):
            start += 1
            continue
        end = start
        while end < len(blocks) and _is_blank(blocks[end]):
            end += 1
        run = blocks[start:end]
        before = blocks[start - 1] if start else None
        after = blocks[end] if end < len(blocks) else None
        after_table = before is not None and before.tag == ooxml.W_TBL
        if after_table and after is not None and after.tag == ooxml.W_TBL:
            run = run[1:]
        elif (after_table and after is None) or (before is None and after is None and container.tag == ooxml.qn("w:tc")):
            run = run[:-1]
        if run and after is not None and after.tag == ooxml.W_TBL and _bookmarked(run[-1]):
            run = run[:-1]
        found += run
        start = end
    return found


def _is_blank(block: etree._Element) -> bool:
    """Return True when `block` is a paragraph showing nothing: no text but spaces and tabs, no picture, break or field.

    A paragraph starting a new page (``w:pageBreakBefore``) is a page break,
    as a composed pack puts one, holding an item's bookmark, between tables.
    """
    if block.tag != ooxml.W_P or ooxml.paragraph_text(block).strip():
        return False
    breaks = block.find("w:pPr/w:pageBreakBefore", NAMESPACES)
    if breaks is not None and breaks.get(_w("val"), "true") not in ("0", "false", "off"):
        return False
    return not any(e.tag in _CONTENT or e.tag.startswith(_MATHS)
                   or (e.tag == ooxml.qn("w:br") and e.get(_w("type")) in ("page", "column")) for e in block.iter())


def _bookmarked(p: etree._Element) -> bool:
    """Return True when the paragraph `p` holds a bookmark of its own, not one of Word's hidden ones (``_GoBack``)."""
    return any(not mark.get(_w("name"), "_").startswith("_") for mark in p.iterfind("w:bookmarkStart", NAMESPACES))


def _in_text_box(element: etree._Element) -> bool:
    """Return True when `element` sits inside a text box, whose paragraphs belong to a drawing, not the body."""
    return any(True for _ in element.iterancestors(ooxml.qn("w:txbxContent")))


def _previous_block(element: etree._Element) -> etree._Element | None:
    """Return the paragraph, table or content control before `element` in its container, skipping bookmarks and the like."""
    return next((e for e in element.itersiblings(preceding=True) if e.tag in _BLOCKS), None)


def _link_text(body: etree._Element, relationships: etree._Element | None) -> Iterator[tuple[str, str]]:
    """Yield a problem for each link whose text does not say where it leads: empty, or 'click here' and the like.

    Screen readers list a page's links by their text alone. A bare address
    is fine link text: papers are printed, and it names its target.
    """
    targets = {} if relationships is None else {
        rel.get("Id"): rel.get("Target", "") for rel in relationships.iterfind("rel:Relationship", NAMESPACES)}
    for text, target in _links(body, targets):
        words = " ".join(re.sub(r"[^\w\s]|_", " ", text.lower()).split())
        if not words or words in GENERIC_LINK_TEXT:
            yield "link-text", (f"link {_quote(text)} to {target} does not say where it leads; screen readers list links "
                                "by their text alone: name the target, such as the report's title")


def _links(body: etree._Element, targets: dict[str, str]) -> Iterator[tuple[str, str]]:
    """Yield ``(text, target)`` for each link in `body`: hyperlinks, and HYPERLINK fields simple or complex, in order.

    `targets` gives the address of each relationship id. A complex field's
    instruction and result may run across runs and paragraphs, so they are
    followed through the body in document order; fields nest.
    """
    hyperlink, simple = ooxml.qn("w:hyperlink"), ooxml.qn("w:fldSimple")
    fields: list[_Field] = []
    for element in body.iter(hyperlink, simple, ooxml.qn("w:fldChar"), ooxml.qn("w:instrText")):
        if element.tag == hyperlink and (element.get(ooxml.qn("r:id")) or element.get(_w("anchor"))):
            target = targets.get(element.get(ooxml.qn("r:id"), ""), "")
            yield ooxml.paragraph_text(element), _target(target, element.get(_w("anchor"), ""))
        elif element.tag == simple and _hyperlink_field(element.get(_w("instr"), "")):
            yield ooxml.paragraph_text(element), _hyperlink_field(element.get(_w("instr"), ""))
        elif element.tag == ooxml.qn("w:instrText") and fields:
            fields[-1].instruction += element.text or ""
        elif element.tag == ooxml.qn("w:fldChar"):
            kind = element.get(_w("fldCharType"))
            if kind == "begin":
                fields.append(_Field())
            elif kind == "separate" and fields:
                fields[-1].separate = element
            elif kind == "end" and fields:
                ended = fields.pop()
                if _hyperlink_field(ended.instruction):
                    yield _field_result(body, ended.separate, element), _hyperlink_field(ended.instruction)


@dataclass
class _Field:
    """A complex field being read: its instruction so far, and its separate mark once met."""

    instruction: str = ""
    """The field's code, such as ``HYPERLINK "https://..."``."""
    separate: etree._Element | None = None
    """The mark after which the field's result (what it shows) begins."""


def _hyperlink_field(instruction: str) -> str:
    """Return where the field `instruction` links to when it is a HYPERLINK field, else ''."""
    found = re.match(r'\s*HYPERLINK\b\s*(?:"([^"]*)"|([^\s\\]+))?', instruction)
    if not found:
        return ""
    anchor = re.search(r'\\l\s+(?:"([^"]*)"|(\S+))', instruction)
    return _target(found.group(1) or found.group(2) or "", (anchor.group(1) or anchor.group(2)) if anchor else "")


def _target(address: str, anchor: str) -> str:
    """Return a link's target as a reader knows it: its address, with `anchor` after a '#', or the bookmark alone."""
    if address:
        return f"{address}#{anchor}" if anchor else address
    return f"the bookmark {anchor!r}"


def _field_result(body: etree._Element, separate: etree._Element | None, end: etree._Element) -> str:
    """Return the text a complex field shows: that of the runs between its `separate` and `end` marks."""
    if separate is None:
        return ""
    text, showing = [], False
    for element in body.iter(ooxml.qn("w:fldChar"), ooxml.qn("w:t")):
        if element is separate:
            showing = True
        elif element is end:
            break
        elif showing and element.tag == ooxml.qn("w:t"):
            text.append(element.text or "")
    return "".join(text)


class _Styles:
    """The styles of one Word file: each style with those it is based on, for headings and the colour of text."""

    def __init__(self, styles: etree._Element | None) -> None:
        found = [] if styles is None else styles.findall("w:style", NAMESPACES)
        self._by_id = {style.get(_w("styleId")): style for style in found}
        defaults = {style.get(_w("type")): style.get(_w("styleId")) for style in found if style.get(_w("default")) in ("1", "true")}
        self.default_paragraph = defaults.get("paragraph")
        """The style of a paragraph that names none."""
        self.default_table = defaults.get("table")
        """The style of a table that names none."""
        self.defaults = None if styles is None else styles.find("w:docDefaults/w:rPrDefault/w:rPr", NAMESPACES)
        """The run properties of every run before any style (``w:docDefaults``)."""

    def of_type(self, kind: str) -> list[str]:
        """Return the ids of the styles of `kind` (``paragraph``, ``character``, ``table``), in the file's order."""
        return [style_id for style_id, style in self._by_id.items() if style.get(_w("type")) == kind]

    def chain(self, style_id: str | None) -> list[etree._Element]:
        """Return the style `style_id` and those it is based on, nearest first (none when it is not defined)."""
        chain: list[etree._Element] = []
        while style_id in self._by_id and self._by_id[style_id] not in chain:
            chain.append(self._by_id[style_id])
            based = chain[-1].find("w:basedOn", NAMESPACES)
            style_id = based.get(_w("val")) if based is not None else None
        return chain

    def name(self, style_id: str | None) -> str:
        """Return the name of the style `style_id` as Word shows it (``Heading 1``, not ``heading 1``)."""
        style = self._by_id.get(style_id)
        name = style.find("w:name", NAMESPACES) if style is not None else None
        return BabelFish.internal2ui(name.get(_w("val"))) if name is not None else (style_id or "Normal")


@dataclass(frozen=True)
class _Shown:
    """How one piece of text is seen: where its colour comes from, the colour, and what is behind it."""

    where: str
    """The style (or direct formatting) that colours it, in words."""
    colour: str
    """Its text colour, RRGGBB."""
    background: str
    """The colour behind it, RRGGBB."""


def _contrast(parts: dict[str, etree._Element], styles: _Styles) -> Iterator[tuple[str, str]]:
    """Yield a problem for each way text is coloured, once per document, that reads at under 4.5:1 on what is behind it.

    Text in the body, headers, footers and notes is judged run by run. Text
    coloured automatically passes: Word draws it black, or white on a dark
    fill. Text boxes' own fills are not read: their text is judged on white.
    """
    seen: set[_Shown] = set()
    for name, root in sorted(parts.items(), key=lambda item: (item[0] != "word/document.xml", item[0])):
        if not _DRAWING_PARTS.match(name):
            continue
        for run in root.iter(ooxml.qn("w:r")):
            shown = _shown(run, styles)
            if shown is None or shown in seen:
                continue
            seen.add(shown)
            ratio = contrast.contrast_ratio(shown.colour, shown.background)
            if ratio < contrast.MINIMUM:
                yield "contrast", (f"{shown.where} is #{shown.colour} on #{shown.background}: {contrast.shown_ratio(ratio)}, "
                                   f"under the {contrast.MINIMUM}:1 WCAG 2.1 asks")


def _shown(run: etree._Element, styles: _Styles) -> _Shown | None:
    """Return how the visible text of `run` is seen, or None when it shows none or is coloured automatically."""
    p = next(run.iterancestors(ooxml.W_P), None)
    rpr = run.find("w:rPr", NAMESPACES)
    visible = ooxml.paragraph_text(run).strip() or run.find("w:sym", NAMESPACES) is not None
    if p is None or not visible or _on(rpr, "vanish"):
        return None
    character = rpr.find("w:rStyle", NAMESPACES) if rpr is not None else None
    character_id = character.get(_w("val")) if character is not None else None
    paragraph_id = ooxml.style_of(p) or styles.default_paragraph
    tables = _table_layers(p, styles)
    layers = ([(rpr, f"text coloured directly in style {styles.name(paragraph_id)!r}")]
              + [(s.find("w:rPr", NAMESPACES), f"text in style {styles.name(character_id)!r}") for s in styles.chain(character_id)]
              + [(s.find("w:rPr", NAMESPACES), f"text in style {styles.name(paragraph_id)!r}") for s in styles.chain(paragraph_id)]
              + [(layer.find("w:rPr", NAMESPACES), f"text in table style {table_name!r}") for layer, table_name in tables]
              + [(styles.defaults, "text in the document's default formatting")])
    colour, where = next(((_colour_value(props), where) for props, where in layers if _colour_value(props) is not None), ("", ""))
    if colour in ("", "auto"):
        return None
    return _Shown(where, colour, _background(run, p, rpr, character_id, paragraph_id, styles))


def _background(run: etree._Element, p: etree._Element, rpr: etree._Element | None, character_id: str | None,
                paragraph_id: str | None, styles: _Styles) -> str:
    """Return the colour behind `run`: its highlight or shading, its paragraph's shading, its cells' shading, or white."""
    runs = [rpr] + [s.find("w:rPr", NAMESPACES) for s in styles.chain(character_id)]
    for props in runs:
        highlight = props.find("w:highlight", NAMESPACES) if props is not None else None
        if highlight is not None and highlight.get(_w("val")) in HIGHLIGHTS:
            return HIGHLIGHTS[highlight.get(_w("val"))]
    paragraphs = [p.find("w:pPr", NAMESPACES)] + [s.find("w:pPr", NAMESPACES) for s in styles.chain(paragraph_id)]
    cells = [props for tc in run.iterancestors(ooxml.qn("w:tc")) for props in _cell_shadings(tc, styles)]
    for props in runs + paragraphs + cells:
        fill = _fill(props.find("w:shd", NAMESPACES)) if props is not None else None
        if fill:
            return fill
    return contrast.WHITE


def _cell_shadings(tc: etree._Element, styles: _Styles) -> list[etree._Element | None]:
    """Return where the shading of the table cell `tc` may be set, nearest first: the cell, its table style, its table."""
    tbl = next(tc.iterancestors(ooxml.W_TBL))
    return ([tc.find("w:tcPr", NAMESPACES)] + [layer.find("w:tcPr", NAMESPACES) for layer, _ in _cell_style_layers(tc, styles)]
            + [tbl.find("w:tblPr", NAMESPACES)])


def _table_layers(p: etree._Element, styles: _Styles) -> list[tuple[etree._Element, str]]:
    """Return the table style formatting that applies to the paragraph `p` in a cell, nearest first, with the style's name."""
    tc = next(p.iterancestors(ooxml.qn("w:tc")), None)
    return [] if tc is None else _cell_style_layers(tc, styles)


def _cell_style_layers(tc: etree._Element, styles: _Styles) -> list[tuple[etree._Element, str]]:
    """Return the parts of its table style that format the cell `tc`, nearest first: header row, first column, whole table.

    The header row and first column count only when the table's look turns
    them on (``w:tblLook``), as Word draws them; the header row wins.
    """
    tbl = next(tc.iterancestors(ooxml.W_TBL))
    tr = tc.getparent()
    style = tbl.find("w:tblPr/w:tblStyle", NAMESPACES)
    style_id = style.get(_w("val")) if style is not None else styles.default_table
    look = tbl.find("w:tblPr/w:tblLook", NAMESPACES)
    kinds = []
    if tr is not None and tr is tbl.find("w:tr", NAMESPACES) and _look(look, "firstRow", 0x0020):
        kinds.append("firstRow")
    if tr is not None and tc is tr.find("w:tc", NAMESPACES) and _look(look, "firstColumn", 0x0080):
        kinds.append("firstCol")
    chain, name = styles.chain(style_id), styles.name(style_id)
    conditional = [found for kind in kinds for s in chain
                   if (found := s.find(f"w:tblStylePr[@w:type='{kind}']", NAMESPACES)) is not None]
    return [(layer, name) for layer in conditional + chain]


def _look(look: etree._Element | None, name: str, bit: int) -> bool:
    """Return True when the table look `look` turns on `name`, given as an attribute or as a bit of its hex ``w:val``."""
    if look is None:
        return False
    if look.get(_w(name)) is not None:
        return look.get(_w(name)) in ("1", "true", "on")
    value = look.get(_w("val"), "0")
    return bool(int(value, 16) & bit) if re.fullmatch(r"[0-9A-Fa-f]{1,4}", value) else False


def _colour_value(props: etree._Element | None) -> str | None:
    """Return the text colour the run properties `props` set: RRGGBB, 'auto', or None when they set none.

    A theme colour (``w:themeColor``) is read from ``w:val``, where Word
    writes what the theme gave it; a value that is no colour counts as auto.
    """
    colour = props.find("w:color", NAMESPACES) if props is not None else None
    if colour is None:
        return None
    value = colour.get(_w("val"), "auto")
    return value.upper() if re.fullmatch(r"[0-9A-Fa-f]{6}", value) else "auto"


def _fill(shd: etree._Element | None) -> str | None:
    """Return the colour the shading `shd` fills with, RRGGBB, or None when it fills nothing.

    A solid pattern shows its pattern colour; other patterns are taken as
    their fill, which they mostly show.
    """
    if shd is None or shd.get(_w("val")) == "nil":
        return None
    if shd.get(_w("val")) == "solid" and re.fullmatch(r"[0-9A-Fa-f]{6}", shd.get(_w("color"), "")):
        return shd.get(_w("color")).upper()
    fill = shd.get(_w("fill"), "")
    return fill.upper() if re.fullmatch(r"[0-9A-Fa-f]{6}", fill) else None


def _on(props: etree._Element | None, name: str) -> bool:
    """Return True when the run properties `props` turn on the toggle `name`, such as ``vanish`` (hidden text)."""
    found = props.find(f"w:{name}", NAMESPACES) if props is not None else None
    return found is not None and found.get(_w("val"), "true") not in ("0", "false", "off")


def _alt_text(parts: dict[str, etree._Element]) -> Iterator[tuple[str, str]]:
    """Yield a problem for each image, in the body, headers or footers, with no alt text that is not marked decorative."""
    for name, root in sorted(parts.items()):
        if not _DRAWING_PARTS.match(name):
            continue
        for picture in root.iter(f"{{{NAMESPACES['wp']}}}docPr"):
            described = picture.get("descr", "").strip() or picture.get("title", "").strip()
            decorative = any(flag.get("val") in ("1", "true") for flag in picture.iterfind(".//adec:decorative", NAMESPACES))
            if not (described or decorative):
                where = "" if name == "word/document.xml" else f" in the {re.sub(r'[0-9]', '', Path(name).stem)}"
                yield "alt-text", (f"image {picture.get('name') or picture.get('id')!r}{where} has no alt text (descr) "
                                   "and is not marked decorative")


def _w(name: str) -> str:
    """Return the WordprocessingML attribute or tag `name` in Clark notation."""
    return ooxml.qn(f"w:{name}")


def _text(root: etree._Element | None, tag: str) -> str:
    """Return the stripped text of the first `tag` (``prefix:name``) under `root`, or ''."""
    found = root.find(f".//{tag}", NAMESPACES) if root is not None else None
    return (found.text or "").strip() if found is not None else ""


def _describe_table(tbl: etree._Element) -> str:
    """Return how a reader finds the table element `tbl`: the text of its first cell."""
    first = tbl.find("w:tr/w:tc", NAMESPACES)
    text = _cell_text(first) if first is not None else ""
    return f"first cell {_quote(text)}" if text else "first cell empty"


def _cell_text(tc: etree._Element) -> str:
    """Return the text of the table cell element `tc`, its paragraphs joined by spaces."""
    return " ".join(ooxml.paragraph_text(p) for p in tc.iter(ooxml.W_P)).strip()


def _quote(text: str, limit: int = 40) -> str:
    """Return `text` on one line, quoted, cut short at `limit` characters."""
    text = " ".join(text.split())
    return repr(text if len(text) <= limit else text[: limit - 1] + "\u2026")


# --- PDF -------------------------------------------------------------------------

def _audit_pdf(path: Path) -> Iterator[tuple[str, str]]:
    """Yield ``(check, message)`` for each problem of the PDF `path`, read once."""
    try:
        with pikepdf.open(path) as pdf:
            yield from _pdf_problems(pdf)
    except (pikepdf.PdfError, OSError, ValueError) as exc:
        raise BuildError(f"{display_path(path)}: cannot be read as a PDF: {exc}") from None


def _pdf_problems(pdf: pikepdf.Pdf) -> Iterator[tuple[str, str]]:
    catalog = pdf.Root
    marked = _flag(catalog, "/MarkInfo", "/Marked")
    tree = "/StructTreeRoot" in catalog
    if not (marked and tree):
        found = "neither" if not (marked or tree) else "no /StructTreeRoot" if marked else "no /MarkInfo /Marked true"
        yield "tagged", (f"not a tagged PDF: expected /MarkInfo /Marked true and a /StructTreeRoot in the catalog, found {found}; "
                         "screen readers cannot follow its structure")
    if not str(pdf.docinfo.get("/Title", "")).strip():
        yield "title", "no title in the document information (/Title)"
    if not _flag(catalog, "/ViewerPreferences", "/DisplayDocTitle"):
        yield "display-title", "the title bar shows the file name: expected /ViewerPreferences /DisplayDocTitle true"
    if not str(catalog.get("/Lang", "")).strip():
        yield "language", "no language: expected /Lang in the catalog; screen readers need it to pronounce the text"
    pages = len(pdf.pages)
    if pages >= BOOKMARKS_FROM and not _outlined(pdf):
        yield "bookmarks", f"{pages} pages and no bookmarks (outline); expected bookmarks from {BOOKMARKS_FROM} pages"
    untagged = untagged_pages(pdf) if marked and tree else []
    if untagged:
        yield "untagged", (f"{page_list(untagged)} show text or graphics that are neither tagged nor marked as decoration, "
                           "so a screen reader cannot read them (a PDF from another system merged in untagged? "
                           "ask its author for a tagged PDF)")


def _outlined(pdf: pikepdf.Pdf) -> bool:
    """Return True when `pdf` has bookmarks (an outline with at least one entry)."""
    with pdf.open_outline() as outline:
        return bool(outline.root)


def _flag(catalog: pikepdf.Dictionary, dictionary: str, key: str) -> bool:
    """Return True when the catalog's `dictionary` has `key` set to true (a PDF false is not true)."""
    entries = catalog.get(dictionary)
    return isinstance(entries, pikepdf.Dictionary) and entries.get(key) is True
