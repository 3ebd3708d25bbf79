"""Audit: check built Word and PDF documents for what makes them accessible.

UK public sector bodies must publish accessible documents (the Public Sector
Bodies Accessibility Regulations 2018, WCAG 2.2 AA). These checks cover what
can be read from the file itself: a title and a language, headings in order,
marked table header rows, no shading that means something without text, alt
text on images; in a PDF, tags, title, language, bookmarks and pages drawn
outside the tags. PDFs are also judged by the reference validator of PDF/UA-1,
the veraPDF engine (:mod:`pipeline.verapdf`), when it is set up; when it is
not, :attr:`Audit.unjudged` says so and what is then not judged. They do not
judge the words (clear language, meaningful link text) or colour contrast.

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
from lxml import etree

from pipeline import ooxml, verapdf
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
}
"""The XML namespaces read here; ``adec`` is Word's "Mark as decorative" flag on a drawing."""
_DRAWING_PARTS = re.compile(r"^word/(document|header\d*|footer\d*|footnotes|endnotes)\.xml$")
"""The parts of a Word file that may hold images."""


@dataclass(frozen=True)
class Finding:
    """One accessibility problem in one document."""

    path: Path
    """The document."""
    check: str
    """The check that failed: ``title``, ``language``, ``headings``, ``table-headers``, ``colour``,
    ``alt-text``, ``tagged``, ``display-title``, ``bookmarks``, ``untagged``; ``pdf-ua``: the validator's."""
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
    yield from _heading_order(body, _heading_levels(styles), titled=_is_titled(body, core))
    yield from _table_headers(body)
    yield from _colour(body)
    yield from _alt_text(parts)


def _read_parts(path: Path) -> dict[str, etree._Element]:
    """Return the parts of the Word file `path` that the checks read, by name; raise :class:`BuildError` when it is no Word file."""
    wanted = ("word/document.xml", "word/styles.xml", "docProps/core.xml")
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


def _heading_levels(styles: etree._Element | None) -> dict[str, int]:
    """Return the heading level (1-9) of each paragraph style that makes a heading, following ``basedOn``."""
    if styles is None:
        return {}
    own: dict[str, int | None] = {}
    parent: dict[str, str] = {}
    for style in styles.findall("w:style[@w:type='paragraph']", NAMESPACES):
        style_id = style.get(_w("styleId"))
        level = style.find("w:pPr/w:outlineLvl", NAMESPACES)
        own[style_id] = int(level.get(_w("val"))) if level is not None else None
        based = style.find("w:basedOn", NAMESPACES)
        if based is not None:
            parent[style_id] = based.get(_w("val"))
    levels = {}
    for style_id in own:
        current, seen = style_id, set()
        while own.get(current) is None and current in parent and current not in seen:
            seen.add(current)
            current = parent[current]
        level = own.get(current)
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
