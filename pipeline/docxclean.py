"""What a Word file carries that must not be published, and the same file with all of it removed.

Attachments and appendices arrive as .docx files from Word and other tools. A
published pack must never show their history (tracked changes, comments,
hidden text, custom XML data) nor carry their active content (embedded
objects, macros, fields that fetch other files, linked files, links that run
scripts or open local files). :func:`inspect_docx` says what a file carries as
:class:`~pipeline.findings.Finding` values; :func:`clean_docx` removes all of
it and leaves a file that python-docx, docxcompose and LibreOffice open.

The work is done on the zip's parts with lxml, in named steps, one per kind of
finding, then the steps that keep the package whole: parts no relationship
reaches are dropped, references to relationships that were removed are
dropped with what they refer to, and ``[Content_Types].xml`` is made to match
the parts. The story parts are the document, its headers, footers, footnotes
and endnotes (and those of its glossary document, if any).

What is counted: each change record (an insertion, deletion, move or property
change, a paragraph mark's or a row's included); each comment; each hidden
run; each OLE object or ActiveX control once (its w:object, however many
elements make it up), and each embedded part no object uses (a chart's
workbook among them); each macro project; each live field, nested ones too;
each altChunk; each relationship to a file outside the package that is not a
hyperlink; each hyperlink relationship (or VML shape link) that is not to a
web or e-mail address; each custom XML data part and each w:customXml or
w:smartTag element. What an mc:Fallback repeats of its mc:Choice is counted
once. The empty bibliography store Word puts in nearly every file is not
counted, though cleaning removes it.

What stays: inserted and moved-to text, the shown text of live fields, an OLE
object's picture, the text of unsafe links and of custom XML elements, an
embedded picture that was also linked, ordinary fields (PAGE, TOC, REF ...),
web and e-mail links and links within the document.

Known limits: a paragraph whose mark was deleted is joined to the next one
with that one's properties; a deleted table cell is removed only when its row
keeps another. Text hidden by a table style or a list level is not seen.
Document properties (author, company), document variables and the glossary's
building blocks are left as they are: none of them is carried into a pack by
docxcompose. Every part is read into memory whole.
"""

from __future__ import annotations

import io
import posixpath
import re
import zipfile
import zlib
from collections.abc import Callable, Iterable, Iterator
from dataclasses import dataclass, field
from urllib.parse import quote, unquote

from lxml import etree

from pipeline.findings import Finding, UnreadableFile

_NAMESPACES = {
    "w": "http://schemas.openxmlformats.org/wordprocessingml/2006/main",
    "r": "http://schemas.openxmlformats.org/officeDocument/2006/relationships",
    "a": "http://schemas.openxmlformats.org/drawingml/2006/main",
    "v": "urn:schemas-microsoft-com:vml",
    "o": "urn:schemas-microsoft-com:office:office",
    "mc": "http://schemas.openxmlformats.org/markup-compatibility/2006",
    "b": "http://schemas.openxmlformats.org/officeDocument/2006/bibliography",
    "rel": "http://schemas.openxmlformats.org/package/2006/relationships",
    "ct": "http://schemas.openxmlformats.org/package/2006/content-types",
}
_STRICT_W = "http://purl.oclc.org/ooxml/wordprocessingml/main"


def _tags(*names: str) -> tuple[str, ...]:
    """Return the Clark names ("{uri}local") of `names` written as "w:p"."""
    return tuple("{%s}%s" % (_NAMESPACES[name.split(":")[0]], name.split(":")[1]) for name in names)


def _tag(name: str) -> str:
    """Return the Clark name of `name` written as "w:p"."""
    return _tags(name)[0]


W_DOCUMENT, W_BODY, W_SECTPR, W_P, W_PPR, W_R, W_RPR = _tags(
    "w:document", "w:body", "w:sectPr", "w:p", "w:pPr", "w:r", "w:rPr")
W_TBL, W_TR, W_TRPR, W_TC, W_SDT = _tags("w:tbl", "w:tr", "w:trPr", "w:tc", "w:sdt")
W_VAL, W_ID, W_STYLE, W_STYLE_ID, W_TYPE, W_DEFAULT = _tags(
    "w:val", "w:id", "w:style", "w:styleId", "w:type", "w:default")
W_INS, W_DEL, W_MOVE_FROM, W_MOVE_TO, W_CELL_DEL = _tags("w:ins", "w:del", "w:moveFrom", "w:moveTo", "w:cellDel")
W_DEL_TEXT, W_DEL_INSTR_TEXT = _tags("w:delText", "w:delInstrText")
W_COMMENT, W_COMMENT_REFERENCE, W_COMMENT_RANGE_START, W_COMMENT_RANGE_END = _tags(
    "w:comment", "w:commentReference", "w:commentRangeStart", "w:commentRangeEnd")
W_VANISH, W_SPEC_VANISH, W_R_STYLE, W_P_STYLE, W_BASED_ON, W_DOC_DEFAULTS, W_RPR_DEFAULT = _tags(
    "w:vanish", "w:specVanish", "w:rStyle", "w:pStyle", "w:basedOn", "w:docDefaults", "w:rPrDefault")
W_OBJECT, W_CONTROL, W_OBJECT_EMBED, W_OBJECT_LINK, W_PICT, W_DRAWING = _tags(
    "w:object", "w:control", "w:objectEmbed", "w:objectLink", "w:pict", "w:drawing")
O_OLE_OBJECT, O_OLE, O_RELID, V_IMAGEDATA, A_BLIP = _tags("o:OLEObject", "o:ole", "o:relid", "v:imagedata", "a:blip")
A_HYPERLINK_ACTIONS = _tags("a:hlinkClick", "a:hlinkHover", "a:hlinkMouseOver")
W_FLD_SIMPLE, W_FLD_CHAR, W_FLD_CHAR_TYPE, W_INSTR, W_INSTR_TEXT = _tags(
    "w:fldSimple", "w:fldChar", "w:fldCharType", "w:instr", "w:instrText")
W_ALT_CHUNK, W_HYPERLINK, W_MAIL_MERGE = _tags("w:altChunk", "w:hyperlink", "w:mailMerge")
W_CUSTOM_XML, W_SMART_TAG, W_CUSTOM_XML_PR, W_SMART_TAG_PR, W_DATA_BINDING = _tags(
    "w:customXml", "w:smartTag", "w:customXmlPr", "w:smartTagPr", "w:dataBinding")
W_TXBX_CONTENT, W_HDR, W_FTR, W_FOOTNOTE, W_ENDNOTE = _tags(
    "w:txbxContent", "w:hdr", "w:ftr", "w:footnote", "w:endnote")
W_FOOTNOTE_REFERENCE, W_ENDNOTE_REFERENCE = _tags("w:footnoteReference", "w:endnoteReference")
MC_CHOICE, MC_FALLBACK = _tags("mc:Choice", "mc:Fallback")
R_ID, R_EMBED = _tags("r:id", "r:embed")
B_SOURCES = _tag("b:Sources")
REL_RELATIONSHIP = _tag("rel:Relationship")
CT_DEFAULT, CT_OVERRIDE = _tags("ct:Default", "ct:Override")
_R_PREFIX = "{%s}" % _NAMESPACES["r"]

_TRACKED_CHANGES = (W_INS, W_DEL, W_MOVE_FROM, W_MOVE_TO, W_CELL_DEL) + _tags(
    "w:rPrChange", "w:pPrChange", "w:sectPrChange", "w:tblPrChange", "w:trPrChange", "w:tcPrChange",
    "w:tblGridChange", "w:numberingChange", "w:cellIns", "w:cellMerge")
_CHANGE_RECORDS = _TRACKED_CHANGES[4:] + _tags(
    "w:moveFromRangeStart", "w:moveFromRangeEnd", "w:moveToRangeStart", "w:moveToRangeEnd",
    "w:customXmlInsRangeStart", "w:customXmlInsRangeEnd", "w:customXmlDelRangeStart", "w:customXmlDelRangeEnd",
    "w:customXmlMoveFromRangeStart", "w:customXmlMoveFromRangeEnd",
    "w:customXmlMoveToRangeStart", "w:customXmlMoveToRangeEnd")
"""What records a change besides the content it wraps: property changes and the marks around moves."""
_MARK_HOLDERS = (W_RPR, W_TRPR)
"""A w:ins or w:del in these marks a paragraph mark or a row as inserted or deleted; anywhere else it wraps content."""
_OBJECTS = (W_OBJECT, O_OLE_OBJECT, W_CONTROL, W_OBJECT_EMBED, W_OBJECT_LINK)
_PICTURES = (W_DRAWING, W_PICT, W_OBJECT)
_REQUIRED_PARAGRAPH = (W_TC, W_TXBX_CONTENT, W_HDR, W_FTR, W_FOOTNOTE, W_ENDNOTE, W_BODY)
"""Containers Word and LibreOffice reject without a paragraph (a table cell: when it does not end with one)."""

_LIVE_FIELDS = frozenset({
    "INCLUDETEXT", "INCLUDEPICTURE", "INCLUDE", "LINK", "DDE", "DDEAUTO", "IMPORT", "HYPERLINK",
    "DATABASE", "MACROBUTTON", "AUTOTEXT", "AUTOTEXTLIST", "GLOSSARY",
})
"""Fields that fetch another file, run something or follow a link when updated or clicked."""
_SAFE_LINK = re.compile(r"\s*(https?|mailto):", re.IGNORECASE)
_FIELD_NAME = re.compile(r"\s*([A-Za-z]+)")

_STORY_KINDS = ("header", "footer", "footnotes", "endnotes")
_COMMENT_KINDS = ("comments", "commentsExtended", "commentsIds", "commentsExtensible", "people")
_OBJECT_KINDS = ("oleObject", "package", "control", "activeXControlBinary")
_OBJECT_FOLDERS = ("word/embeddings/", "word/activex/")
_MACRO_CONTENT_TYPE = "application/vnd.ms-office.vbaproject"
_DOCUMENT_MAIN = "application/vnd.openxmlformats-officedocument.wordprocessingml.document.main+xml"
_CONTENT_TYPES = "[Content_Types].xml"
_PACKAGE = ""
"""The source name of the package's own relationships (``_rels/.rels``)."""

_COMPOUND_FILE = b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1"
"""The magic of an OLE compound file: what Word saves a password-protected .docx (or an old .doc) as."""
_REFERRING = etree.XPath("//*[@r:* or @o:relid]", namespaces=_NAMESPACES)
"""Every element with a reference to a relationship of its part."""
_VML_LINKS = etree.XPath("//v:*[@href]", namespaces=_NAMESPACES)
"""Every VML shape that is a link by itself, with no relationship."""
_PARSER = etree.XMLParser(resolve_entities=False, no_network=True, load_dtd=False)


def inspect_docx(data: bytes) -> list[Finding]:
    """Return what the Word file `data` carries that must not be published, in a fixed order; [] when clean.

    Raises :class:`~pipeline.findings.UnreadableFile`, with a message that
    leaves out the file's name, when `data` is not a zip file, is
    password-protected, has no ``word/document.xml`` or holds XML that does
    not parse.
    """
    return _findings(_Package.open(data, to_clean=False))


def clean_docx(data: bytes) -> tuple[bytes, list[Finding]]:
    """Return `data` with all that :func:`inspect_docx` finds removed, and those findings.

    The file returned opens in python-docx, composes with docxcompose and
    converts with LibreOffice, and :func:`inspect_docx` finds nothing in it.
    Besides the findings, it loses the preview picture of its first page (which
    shows the document as it was saved) and any part no relationship reaches.
    Raises :class:`~pipeline.findings.UnreadableFile` as :func:`inspect_docx` does.
    """
    package = _Package.open(data, to_clean=True)
    findings = _findings(package)
    for step in _CLEANING_STEPS:
        step(package)
    return package.to_bytes(), findings


class _Package:
    """The parts of a .docx zip, in archive order, with every XML part parsed."""

    def __init__(self, entries: list[zipfile.ZipInfo], blobs: dict[str, bytes], to_clean: bool) -> None:
        self.entries = entries
        self.blobs = blobs
        self.trees: dict[str, etree._Element] = {}
        self.main = ""
        self._as_read: dict[str, bytes] | None = {} if to_clean else None
        self._names = {name.lower(): name for name in blobs}

    @classmethod
    def open(cls, data: bytes, to_clean: bool) -> _Package:
        """Return the package in `data` (`to_clean`, or only to look at); raise UnreadableFile if it is no .docx."""
        package = cls(*_read_zip(data), to_clean)
        if package.find("_rels/.rels"):
            package._parse(package.find("_rels/.rels"))
        main = next((package.target(_PACKAGE, rel) for rel in package.relationships(_PACKAGE)
                     if _kind(rel) == "officeDocument"), None) or package.find("word/document.xml")
        if main is None:
            raise UnreadableFile("is not a Word document (.docx): it has no word/document.xml")
        if package.find(_CONTENT_TYPES) is None:
            raise UnreadableFile(f"is damaged: it has no {_CONTENT_TYPES}")
        package._parse(_CONTENT_TYPES)
        for name in package.blobs:
            is_xml = name.endswith(".rels") or (package.content_type(name) or "").endswith("xml")
            if is_xml and name not in package.trees:
                package._parse(name)
        if main not in package.trees or package.trees[main].tag != W_DOCUMENT:
            if main in package.trees and etree.QName(package.trees[main]).namespace == _STRICT_W:
                raise UnreadableFile("is saved as Strict Open XML: save it as an ordinary Word document (.docx)")
            raise UnreadableFile(f"is not a Word document (.docx): its {main} is not a Word document body")
        package.main = main
        return package

    def _parse(self, name: str) -> None:
        try:
            root = etree.fromstring(self.blobs[name], _PARSER)
        except etree.XMLSyntaxError as error:
            raise UnreadableFile(f"is damaged: its {name} is not well-formed XML ({error.msg})") from None
        self.trees[name] = root
        if self._as_read is not None:
            # What the part serialised to as read: a part that still serialises the same is written back untouched.
            self._as_read[name] = etree.tostring(root)

    def find(self, name: str) -> str | None:
        """Return the name of the part called `name` (compared as OPC does, ignoring case), or None."""
        return self._names.get(name.lower())

    def content_type(self, name: str) -> str | None:
        """Return the content type [Content_Types].xml gives the part `name`, or None."""
        types = self.trees[_CONTENT_TYPES]
        for override in types.iter(CT_OVERRIDE):
            if _part_name(override.get("PartName", "")) == name.lower():
                return override.get("ContentType")
        extension = _extension(name)
        for default in types.iter(CT_DEFAULT):
            if default.get("Extension", "").lower() == extension:
                return default.get("ContentType")
        return None

    def set_content_type(self, name: str, content_type: str) -> None:
        """Give the part `name` the content type `content_type` by an Override."""
        types = self.trees[_CONTENT_TYPES]
        for override in types.iter(CT_OVERRIDE):
            if _part_name(override.get("PartName", "")) == name.lower():
                override.set("ContentType", content_type)
                return
        etree.SubElement(types, CT_OVERRIDE, PartName="/" + quote(name), ContentType=content_type)

    def sources(self) -> list[str]:
        """Return the parts (``""`` for the package itself) that have relationships."""
        return [_source_of(name) for name in self.trees if name.endswith(".rels")]

    def relationships(self, source: str) -> list[etree._Element]:
        """Return the Relationship elements of the part `source`."""
        rels = self.find(_rels_name(source))
        return list(self.trees[rels].iter(REL_RELATIONSHIP)) if rels in self.trees else []

    def target(self, source: str, rel: etree._Element) -> str | None:
        """Return the part `rel` of `source` points to; None when it points outside the package or at nothing."""
        if rel.get("TargetMode") == "External":
            return None
        return self.find(_resolve(source, rel.get("Target", "")))

    def related(self, source: str, *kinds: str) -> list[str]:
        """Return the parts `source` has relationships of `kinds` to ("header", "comments" ...)."""
        found = [self.target(source, rel) for rel in self.relationships(source) if _kind(rel) in kinds]
        return [name for name in found if name is not None]

    def remove_relationships(self, keep: Callable[[str, etree._Element], bool]) -> None:
        """Remove, from every part, the relationships for which `keep(source, rel)` is false."""
        for source in self.sources():
            for rel in self.relationships(source):
                if not keep(source, rel):
                    rel.getparent().remove(rel)

    def remove_part(self, name: str) -> None:
        """Remove the part `name`, its relationships, and the relationships that point to it."""
        own = self.find(_rels_name(name))
        if own and own != name:
            self.remove_part(own)
        self.remove_relationships(lambda source, rel: rel.get("TargetMode") == "External"
                                  or _resolve(source, rel.get("Target", "")).lower() != name.lower())
        del self.blobs[name]
        self.trees.pop(name, None)
        self._names.pop(name.lower(), None)

    def to_bytes(self) -> bytes:
        """Return the package as a zip, its entries in their first order, parts nothing changed as they were."""
        out = io.BytesIO()
        with zipfile.ZipFile(out, "w", zipfile.ZIP_DEFLATED) as archive:
            for entry in self.entries:
                if entry.filename not in self.blobs:
                    continue
                blob = self.blobs[entry.filename]
                tree = self.trees.get(entry.filename)
                if tree is not None and etree.tostring(tree) != self._as_read[entry.filename]:
                    blob = etree.tostring(tree, xml_declaration=True, encoding="UTF-8", standalone=True)
                archive.writestr(zipfile.ZipInfo(entry.filename, entry.date_time), blob, zipfile.ZIP_DEFLATED)
        return out.getvalue()


MAX_UNPACKED_BYTES = 512_000_000
"""Word files that unpack to more are refused: a long paper with pictures is tens of megabytes."""


def _read_zip(data: bytes) -> tuple[list[zipfile.ZipInfo], dict[str, bytes]]:
    """Return the entries of the zip `data` and the contents of its files; raise UnreadableFile when it is not one."""
    if data.startswith(_COMPOUND_FILE):
        # Word encrypts a .docx into a compound file with an "EncryptedPackage" stream; an old .doc has "WordDocument".
        if "WordDocument".encode("utf-16-le") in data and "EncryptedPackage".encode("utf-16-le") not in data:
            raise UnreadableFile("is a Word 97-2003 document (.doc): save it as a Word document (.docx)")
        raise UnreadableFile("is password-protected: save a copy without a password")
    try:
        archive = zipfile.ZipFile(io.BytesIO(data))
    except (zipfile.BadZipFile, ValueError, OSError):
        raise UnreadableFile("is not a Word document (.docx): it is not a zip file") from None
    entries: list[zipfile.ZipInfo] = []
    blobs: dict[str, bytes] = {}
    seen: set[str] = set()
    unpacked = sum(entry.file_size for entry in archive.infolist())
    if unpacked > MAX_UNPACKED_BYTES:
        # zipfile reads no more than an entry's stated size, so the sum bounds what a "zip bomb" can take.
        raise UnreadableFile(f"unpacks to {unpacked:,} bytes, more than the {MAX_UNPACKED_BYTES:,} a Word document "
                             "needs: save it again in Word, or send it as PDF")
    with archive:
        for entry in archive.infolist():
            if entry.is_dir():
                continue
            if entry.filename.lower() in seen:
                # Two readers may each pick a different copy: what is checked must be what is published.
                raise UnreadableFile(f"is damaged: it holds two parts named {entry.filename}")
            if entry.flag_bits & 0x1:
                raise UnreadableFile("is password-protected: save a copy without a password")
            try:
                blobs[entry.filename] = archive.read(entry)
            except (zipfile.BadZipFile, zlib.error, EOFError, NotImplementedError, RuntimeError, ValueError) as error:
                raise UnreadableFile(f"is damaged: its {entry.filename} cannot be read ({error})") from None
            seen.add(entry.filename.lower())
            entries.append(entry)
    return entries, blobs


def _rels_name(part: str) -> str:
    """Return the name of the part holding the relationships of `part`: word/_rels/document.xml.rels."""
    folder, base = posixpath.split(part)
    return posixpath.join(folder, "_rels", base + ".rels")


def _source_of(rels: str) -> str:
    """Return the part whose relationships the part `rels` holds (``""`` for ``_rels/.rels``)."""
    folder, base = posixpath.split(rels)
    return posixpath.join(posixpath.dirname(folder), base[: -len(".rels")])


def _resolve(source: str, target: str) -> str:
    """Return the part name a relationship of `source` with the Target `target` names."""
    target = unquote(target.split("#")[0])
    if target.startswith("/"):
        return posixpath.normpath(target.lstrip("/"))
    return posixpath.normpath(posixpath.join(posixpath.dirname(source), target))


def _part_name(part_name: str) -> str:
    """Return a content-type PartName ("/word/document.xml") as a zip name in lower case."""
    return unquote(part_name).lstrip("/").lower()


def _extension(name: str) -> str:
    base = posixpath.basename(name)
    return base.rsplit(".", 1)[-1].lower() if "." in base else ""


def _kind(rel: etree._Element) -> str:
    """Return the last word of a relationship's type ("header", "hyperlink"), the same in every Office version."""
    return rel.get("Type", "").rsplit("/", 1)[-1]


def _is_external(rel: etree._Element) -> bool:
    return rel.get("TargetMode") == "External"


def _documents(package: _Package) -> list[str]:
    """Return the main document part and its glossary (AutoText) document, if any."""
    return [package.main, *package.related(package.main, "glossaryDocument")]


def _stories(package: _Package) -> list[tuple[str, str | None]]:
    """Return each story part (document, headers, footers, footnotes, endnotes) with the styles part it uses."""
    stories: list[tuple[str, str | None]] = []
    for document in _documents(package):
        styles = next(iter(package.related(document, "styles")), None)
        for story in [document, *package.related(document, *_STORY_KINDS)]:
            if story in package.trees and (story, styles) not in stories:
                stories.append((story, styles))
    return stories


def _story_trees(package: _Package) -> list[tuple[str, etree._Element]]:
    return [(story, package.trees[story]) for story, _ in _stories(package)]


def _revisable_trees(package: _Package) -> list[etree._Element]:
    """Return the story parts, and the styles and numbering parts whose properties can carry tracked changes too."""
    trees = [tree for _, tree in _story_trees(package)]
    for document in _documents(package):
        names = package.related(document, "styles", "numbering")
        trees += [package.trees[name] for name in names if name in package.trees]
    return trees


def _counted(elements: Iterable[etree._Element]) -> list[etree._Element]:
    """Return `elements` less those in an mc:Fallback, which repeats its mc:Choice for older readers."""
    return [element for element in elements if next(element.iterancestors(MC_FALLBACK), None) is None]


def _unwrap(element: etree._Element, dropping: tuple[str, ...] = ()) -> None:
    """Put `element`'s children (but those tagged `dropping`) in its place."""
    for child in list(element):
        if child.tag not in dropping:
            element.addprevious(child)
    element.getparent().remove(element)


def _remove(element: etree._Element) -> None:
    """Remove `element`, and the run that held it when nothing is left in that run."""
    parent = element.getparent()
    if parent is None:
        return
    parent.remove(element)
    if parent.tag == W_R and all(child.tag == W_RPR for child in parent):
        _remove(parent)


def _toggle(element: etree._Element | None) -> bool | None:
    """Return the value of the on/off property `element` (such as w:vanish), None when it is absent."""
    if element is None:
        return None
    return element.get(W_VAL, "true").lower() not in ("0", "false", "off")


# -- 1. tracked changes ---------------------------------------------------------------------------------------------

def _count_tracked_changes(package: _Package) -> int:
    return sum(len(_counted(tree.iter(*_TRACKED_CHANGES))) for tree in _revisable_trees(package))


def _accept_tracked_changes(package: _Package) -> None:
    """Accept every change: deleted content goes, inserted content stays, the records of who changed what go."""
    for tree in _revisable_trees(package):
        _drop_deleted_content(tree)
        _drop_deleted_rows_and_cells(tree)
        _join_paragraphs_with_deleted_marks(tree)
        _keep_inserted_content(tree)
        for record in list(tree.iter(*_CHANGE_RECORDS)):
            record.getparent().remove(record)


def _drop_deleted_content(tree: etree._Element) -> None:
    for deletion in list(tree.iter(W_DEL, W_MOVE_FROM)):
        if deletion.getparent().tag not in _MARK_HOLDERS:
            deletion.getparent().remove(deletion)
    # Deleted text outside a deletion is malformed, but it must not survive either.
    for text in list(tree.iter(W_DEL_TEXT, W_DEL_INSTR_TEXT)):
        _remove(text)


def _drop_deleted_rows_and_cells(tree: etree._Element) -> None:
    for mark in list(tree.iter(W_DEL, W_MOVE_FROM)):
        if mark.getparent().tag != W_TRPR:
            continue
        row = mark.getparent().getparent()
        if row is None or row.tag != W_TR or row.getparent() is None:
            mark.getparent().remove(mark)
            continue
        table = next(row.iterancestors(W_TBL), None)
        row.getparent().remove(row)
        if table is not None and table.getparent() is not None and next(table.iter(W_TR), None) is None:
            table.getparent().remove(table)
    for mark in list(tree.iter(W_CELL_DEL)):
        cell = mark.getparent().getparent()
        if cell is not None and cell.tag == W_TC and len(cell.getparent().findall(W_TC)) > 1:
            cell.getparent().remove(cell)


def _join_paragraphs_with_deleted_marks(tree: etree._Element) -> None:
    """Join each paragraph whose mark was deleted to the paragraph after it, as accepting the deletion does in Word.

    The joined paragraph keeps the properties of the second paragraph, whose
    mark survives. A deleted mark before a table or at the end of a cell only
    loses its record.
    """
    for mark in list(tree.iter(W_DEL, W_MOVE_FROM)):
        holder = mark.getparent()
        if holder.tag != W_RPR:
            continue
        holder.remove(mark)
        properties = holder.getparent()
        paragraph = properties.getparent() if properties is not None and properties.tag == W_PPR else None
        following = paragraph.getnext() if paragraph is not None else None
        if paragraph is None or following is None or following.tag != W_P:
            continue
        anchor = following.find(W_PPR)
        for child in reversed([child for child in paragraph if child.tag != W_PPR]):
            if anchor is not None:
                anchor.addnext(child)
            else:
                following.insert(0, child)
        paragraph.getparent().remove(paragraph)


def _keep_inserted_content(tree: etree._Element) -> None:
    for insertion in list(tree.iter(W_INS, W_MOVE_TO)):
        if insertion.getparent().tag in _MARK_HOLDERS:
            insertion.getparent().remove(insertion)
        else:
            _unwrap(insertion)


# -- 2. comments ----------------------------------------------------------------------------------------------------

def _count_comments(package: _Package) -> int:
    parts = [name for document in _documents(package) for name in package.related(document, "comments")]
    if not parts and package.find("word/comments.xml"):
        parts = [package.find("word/comments.xml")]
    if parts:
        return sum(len(list(package.trees[name].iter(W_COMMENT))) for name in parts if name in package.trees)
    anchors = [e for _, tree in _story_trees(package) for e in tree.iter(W_COMMENT_REFERENCE, W_COMMENT_RANGE_START)]
    return len({anchor.get(W_ID) for anchor in anchors})


def _remove_comments(package: _Package) -> None:
    """Remove the comments' anchors from the text and the comments parts (and the people who wrote them)."""
    for _, tree in _story_trees(package):
        for anchor in list(tree.iter(W_COMMENT_RANGE_START, W_COMMENT_RANGE_END, W_COMMENT_REFERENCE)):
            _remove(anchor)
    package.remove_relationships(lambda source, rel: _kind(rel) not in _COMMENT_KINDS)
    for name in ("word/comments.xml", "word/commentsExtended.xml", "word/commentsIds.xml",
                 "word/commentsExtensible.xml", "word/people.xml"):
        if package.find(name):
            package.remove_part(package.find(name))


# -- 3. hidden text -------------------------------------------------------------------------------------------------

@dataclass
class _Hiding:
    """Which styles of one styles part hide text, and whether text is hidden by default."""

    styles: dict[str, bool | None] = field(default_factory=dict)
    """Each style's w:vanish, its own or inherited through w:basedOn; None when no style in the chain sets it."""
    default_paragraph_style: str | None = None
    default: bool = False

    @classmethod
    def of(cls, styles: etree._Element | None) -> _Hiding:
        """Return what the styles part `styles` (None: there is none) hides."""
        hiding = cls()
        if styles is None:
            return hiding
        own: dict[str, bool | None] = {}
        based_on: dict[str, str] = {}
        for style in styles.iter(W_STYLE):
            style_id = style.get(W_STYLE_ID, "")
            own[style_id] = _vanish(style.find(W_RPR))
            parent = style.find(W_BASED_ON)
            if parent is not None:
                based_on[style_id] = parent.get(W_VAL, "")
            if style.get(W_TYPE) == "paragraph" and style.get(W_DEFAULT) in ("1", "true", "on"):
                hiding.default_paragraph_style = style_id
        for style_id in own:
            chain, current = [], style_id
            while current in own and current not in chain:
                chain.append(current)
                current = based_on.get(current)
            hiding.styles[style_id] = next((own[s] for s in chain if own[s] is not None), None)
        defaults = styles.find(f"{W_DOC_DEFAULTS}/{W_RPR_DEFAULT}/{W_RPR}")
        hiding.default = bool(_vanish(defaults))
        return hiding

    def hides(self, run: etree._Element) -> bool:
        """Return whether `run` is hidden: by its own properties, its character style or its paragraph's style."""
        properties = run.find(W_RPR)
        direct = _vanish(properties)
        if direct is not None:
            return direct
        character = _style_of(properties, W_R_STYLE)
        if self.styles.get(character) is not None:
            return bool(self.styles[character])
        paragraph = next(run.iterancestors(W_P), None)
        style = _style_of(paragraph.find(W_PPR) if paragraph is not None else None, W_P_STYLE)
        style = style or self.default_paragraph_style
        if self.styles.get(style) is not None:
            return bool(self.styles[style])
        return self.default


def _vanish(properties: etree._Element | None) -> bool | None:
    """Return whether the run properties `properties` hide text; None when they do not say."""
    if properties is None:
        return None
    vanish, special = _toggle(properties.find(W_VANISH)), _toggle(properties.find(W_SPEC_VANISH))
    if vanish or special:
        return True
    return vanish


def _style_of(properties: etree._Element | None, reference: str) -> str | None:
    found = properties.find(reference) if properties is not None else None
    return found.get(W_VAL) if found is not None else None


def _hidden_runs(package: _Package) -> Iterator[etree._Element]:
    hidings: dict[str | None, _Hiding] = {}
    for story, styles in _stories(package):
        if styles not in hidings:
            hidings[styles] = _Hiding.of(package.trees.get(styles) if styles else None)
        yield from [run for run in package.trees[story].iter(W_R) if hidings[styles].hides(run)]


def _count_hidden_text(package: _Package) -> int:
    return len(_counted(_hidden_runs(package)))


def _remove_hidden_text(package: _Package) -> None:
    """Remove hidden runs, then stop styles from hiding anything."""
    for run in list(_hidden_runs(package)):
        if run.find(W_FLD_CHAR) is None:
            _remove(run)
            continue
        # Removing a field's begin, separate or end would unbalance the field: keep the mark, show it, drop the text.
        for child in list(run):
            if child.tag not in (W_RPR, W_FLD_CHAR, W_INSTR_TEXT):
                run.remove(child)
        for mark in list(run.iterfind(f"{W_RPR}/*")):
            if mark.tag in (W_VANISH, W_SPEC_VANISH):
                mark.getparent().remove(mark)
    # Word 2010 keeps a second copy of the styles, in stylesWithEffects.xml.
    for document in _documents(package):
        for styles in package.related(document, "styles", "stylesWithEffects"):
            for mark in list(package.trees[styles].iter(W_VANISH, W_SPEC_VANISH)) if styles in package.trees else []:
                mark.getparent().remove(mark)


# -- 4. embedded objects --------------------------------------------------------------------------------------------

def _count_embedded_objects(package: _Package) -> int:
    """Count each OLE object or ActiveX control once, and each embedded part that no such object uses."""
    count, used = 0, set()
    for story, tree in _story_trees(package):
        ids = {rel.get("Id"): package.target(story, rel) for rel in package.relationships(story)}
        for element in _counted(tree.iter(*_OBJECTS)):
            if next(element.iterancestors(*_OBJECTS), None) is None:
                count += 1
            used |= {ids.get(value) for key, value in element.attrib.items() if key.startswith(_R_PREFIX)}
    embedded = [name for name in package.blobs if _is_embedded(name) and not name.endswith(".rels")]
    used |= {target for name in embedded for target in package.related(name, *_OBJECT_KINDS)}
    return count + sum(1 for name in embedded if name not in used)


def _is_embedded(name: str) -> bool:
    return name.lower().startswith(_OBJECT_FOLDERS)


def _replace_embedded_objects(package: _Package) -> None:
    """Put each OLE object's picture in its place (or nothing, when it has none); remove controls and embedded parts."""
    for _, tree in _story_trees(package):
        for element in list(tree.iter(W_OBJECT)):
            _object_to_picture(element)
        for element in list(tree.iter(*_OBJECTS)):
            _remove(element)
    package.remove_relationships(lambda source, rel: _kind(rel) not in _OBJECT_KINDS)
    for name in [name for name in package.blobs if _is_embedded(name)]:
        if name in package.blobs:
            package.remove_part(name)


def _object_to_picture(element: etree._Element) -> None:
    """Replace the w:object `element` by the picture Word shows for it, or remove it when it has none."""
    picture = [child for child in element if child.tag not in _OBJECTS]
    if not any(next(child.iter(V_IMAGEDATA, A_BLIP), None) is not None for child in picture):
        _remove(element)
        return
    drawings = [child for child in picture if child.tag == W_DRAWING]
    if drawings:
        for drawing in drawings:
            element.addprevious(drawing)
    else:
        shape = etree.Element(W_PICT)
        for child in picture:
            if O_OLE in child.attrib:
                del child.attrib[O_OLE]
            shape.append(child)
        element.addprevious(shape)
    element.getparent().remove(element)


# -- 5. macros ------------------------------------------------------------------------------------------------------

def _macro_projects(package: _Package) -> list[str]:
    return [name for name in package.blobs if (package.content_type(name) or "").lower() == _MACRO_CONTENT_TYPE
            or posixpath.basename(name).lower() == "vbaproject.bin"]


def _count_macros(package: _Package) -> int:
    projects = len(_macro_projects(package))
    # A macro-enabled document without its project still opens as one and asks to enable macros.
    return projects or int("macroenabled" in (package.content_type(package.main) or "").lower())


def _remove_macros(package: _Package) -> None:
    """Remove the macro projects; the main part becomes an ordinary document's when the content types are tidied."""
    for name in _macro_projects(package):
        package.remove_part(name)
    package.remove_relationships(lambda source, rel: _kind(rel) != "vbaProject")


# -- 6. live fields -------------------------------------------------------------------------------------------------

@dataclass
class _Field:
    """A complex field: where its begin, separate and end marks are among a story's run contents, and its code."""

    begin: int
    code: list[str] = field(default_factory=list)
    last_code: int | None = None
    separate: int | None = None
    end: int | None = None

    def is_live(self) -> bool:
        return _is_live("".join(self.code))

    def machinery(self) -> list[int]:
        """Return the positions of all but its shown text: begin to separate (to end, when it shows nothing), end."""
        stop = next(i for i in (self.separate, self.end, self.last_code, self.begin) if i is not None)
        return [*range(self.begin, stop + 1), *([self.end] if self.end is not None else [])]


def _is_live(code: str) -> bool:
    name = _FIELD_NAME.match(code)
    return name is not None and name.group(1).upper() in _LIVE_FIELDS


def _run_contents(tree: etree._Element) -> list[etree._Element]:
    """Return what the runs of `tree` hold, in document order; deleted runs left out."""
    runs = [run for run in tree.iter(W_R) if next(run.iterancestors(W_DEL, W_MOVE_FROM), None) is None]
    return [child for run in runs for child in run if child.tag != W_RPR]


def _complex_fields(contents: list[etree._Element]) -> list[_Field]:
    """Return the complex fields among `contents`, nested ones included, a field left open at the end too."""
    fields: list[_Field] = []
    open_fields: list[_Field] = []
    for index, item in enumerate(contents):
        kind = item.get(W_FLD_CHAR_TYPE) if item.tag == W_FLD_CHAR else None
        if kind == "begin":
            open_fields.append(_Field(index))
        elif kind == "separate" and open_fields:
            open_fields[-1].separate = index
        elif kind == "end" and open_fields:
            finished = open_fields.pop()
            finished.end = index
            fields.append(finished)
        elif item.tag == W_INSTR_TEXT and open_fields and open_fields[-1].separate is None:
            open_fields[-1].code.append(item.text or "")
            open_fields[-1].last_code = index
    return fields + open_fields


def _count_live_fields(package: _Package) -> int:
    count = 0
    for _, tree in _story_trees(package):
        count += sum(1 for simple in _counted(tree.iter(W_FLD_SIMPLE)) if _is_live(simple.get(W_INSTR, "")))
        contents = _run_contents(tree)
        live = [contents[f.begin] for f in _complex_fields(contents) if f.is_live()]
        count += len(_counted(live))
    return count


def _flatten_live_fields(package: _Package) -> None:
    """Turn each live field into the text it shows: its code and marks go, its result stays as plain runs."""
    for _, tree in _story_trees(package):
        for simple in list(tree.iter(W_FLD_SIMPLE)):
            if _is_live(simple.get(W_INSTR, "")):
                _unwrap(simple, dropping=_tags("w:fldData"))
        contents = _run_contents(tree)
        doomed = {index for f in _complex_fields(contents) if f.is_live() for index in f.machinery()}
        for index in sorted(doomed):
            _remove(contents[index])


# -- 7. embedded document chunks ------------------------------------------------------------------------------------

def _count_alt_chunks(package: _Package) -> int:
    count = 0
    for story, tree in _story_trees(package):
        used = {chunk.get(R_ID) for chunk in tree.iter(W_ALT_CHUNK)}
        count += len(_counted(tree.iter(W_ALT_CHUNK)))
        count += sum(1 for rel in package.relationships(story) if _kind(rel) == "aFChunk" and rel.get("Id") not in used)
    return count


def _remove_alt_chunks(package: _Package) -> None:
    """Remove the chunks (whose content Word imports only when it opens the file) and the parts holding them."""
    for _, tree in _story_trees(package):
        for chunk in list(tree.iter(W_ALT_CHUNK)):
            chunk.getparent().remove(chunk)
    package.remove_relationships(lambda source, rel: _kind(rel) != "aFChunk")


# -- 8. externally linked files -------------------------------------------------------------------------------------

def _is_linked_file(rel: etree._Element) -> bool:
    return _is_external(rel) and _kind(rel) != "hyperlink"


def _count_linked_files(package: _Package) -> int:
    return sum(1 for source in package.sources() for rel in package.relationships(source) if _is_linked_file(rel))


def _remove_external_links(package: _Package) -> None:
    """Remove relationships to files outside the package; what used them goes with the dangling references."""
    package.remove_relationships(lambda source, rel: not _is_linked_file(rel))


# -- 9. unsafe links ------------------------------------------------------------------------------------------------

def _is_unsafe_link(rel: etree._Element) -> bool:
    return _kind(rel) == "hyperlink" and not _SAFE_LINK.match(rel.get("Target", ""))


def _unsafe_shape_links(package: _Package) -> list[etree._Element]:
    return [shape for _, tree in _story_trees(package) for shape in _VML_LINKS(tree)
            if not _SAFE_LINK.match(shape.get("href", ""))]


def _count_unsafe_links(package: _Package) -> int:
    rels = [rel for source in package.sources() for rel in package.relationships(source) if _is_unsafe_link(rel)]
    return len(rels) + len(_counted(_unsafe_shape_links(package)))


def _remove_unsafe_links(package: _Package) -> None:
    """Remove links that are not web or email addresses; their text (or shape) stays, as plain runs."""
    package.remove_relationships(lambda source, rel: not _is_unsafe_link(rel))
    for shape in _unsafe_shape_links(package):
        del shape.attrib["href"]


# -- 10. custom XML -------------------------------------------------------------------------------------------------

def _custom_xml_items(package: _Package) -> list[str]:
    """Return the custom XML data parts, less their properties parts."""
    return [name for name in package.blobs if name.lower().startswith("customxml/") and not name.endswith(".rels")
            and not posixpath.basename(name).lower().startswith("itemprops")]


def _count_custom_xml(package: _Package) -> int:
    # Word (and python-docx's template) puts an empty bibliography store in nearly every file: it holds nothing.
    items = [name for name in _custom_xml_items(package) if not _is_empty_bibliography(package.trees.get(name))]
    elements = [e for _, tree in _story_trees(package) for e in _counted(tree.iter(W_CUSTOM_XML, W_SMART_TAG))]
    return len(items) + len(elements)


def _is_empty_bibliography(tree: etree._Element | None) -> bool:
    return tree is not None and tree.tag == B_SOURCES and len(tree) == 0


def _remove_custom_xml(package: _Package) -> None:
    """Remove the custom XML parts; keep the content of custom XML and smart tag elements, without their data."""
    for _, tree in _story_trees(package):
        for wrapper in list(tree.iter(W_CUSTOM_XML, W_SMART_TAG)):
            _unwrap(wrapper, dropping=(W_CUSTOM_XML_PR, W_SMART_TAG_PR))
        for binding in list(tree.iter(W_DATA_BINDING)):
            binding.getparent().remove(binding)
    package.remove_relationships(lambda source, rel: _kind(rel) != "customXml")
    for name in [name for name in package.blobs if name.lower().startswith("customxml/")]:
        if name in package.blobs:
            package.remove_part(name)


# -- keeping the package whole --------------------------------------------------------------------------------------

def _remove_preview_picture(package: _Package) -> None:
    """Remove the picture of the first page saved with the file: it shows the document as it was, comments and all."""
    package.remove_relationships(lambda source, rel: _kind(rel) != "thumbnail")


def _drop_unreachable_parts(package: _Package) -> None:
    """Remove relationships to parts that are not there, then every part no relationship reaches from the package."""
    reachable, waiting = {_PACKAGE}, [_PACKAGE]
    while waiting:
        source = waiting.pop()
        for rel in package.relationships(source):
            target = package.target(source, rel)
            if target is None and not _is_external(rel):
                rel.getparent().remove(rel)
            elif target is not None and target not in reachable:
                reachable.add(target)
                waiting.append(target)
    for name in list(package.blobs):
        if name not in package.blobs or name == _CONTENT_TYPES:
            continue
        if (_source_of(name) if name.endswith(".rels") else name) not in reachable:
            package.remove_part(name)


def _drop_dangling_references(package: _Package) -> None:
    """Remove every reference to a relationship its part no longer has, with what it refers to.

    Word and LibreOffice take an r:id, r:embed or r:link that names no
    relationship for a corrupt file.
    """
    for name, tree in list(package.trees.items()):
        if name == _CONTENT_TYPES or name.endswith(".rels"):
            continue
        ids = {rel.get("Id") for rel in package.relationships(name)}
        for element in _REFERRING(tree):
            dangling = [key for key, value in element.attrib.items()
                        if (key.startswith(_R_PREFIX) or key == O_RELID) and value not in ids]
            if dangling and element.getroottree().getroot() is tree:
                _drop_reference(element, dangling)


def _drop_reference(element: etree._Element, keys: list[str]) -> None:
    """Remove the references `keys` of `element`, and the element or the picture that cannot do without them."""
    if element.tag == W_HYPERLINK:
        _unwrap(element)
    elif element.tag in (A_BLIP, V_IMAGEDATA):
        for key in keys:
            del element.attrib[key]
        # A blip's r:link is a second, linked copy of its picture; the picture stays while its r:embed does.
        if element.get(R_EMBED) is None and element.get(R_ID) is None and element.get(O_RELID) is None:
            _remove_picture(element)
    elif element.tag in A_HYPERLINK_ACTIONS:
        element.getparent().remove(element)
    elif etree.QName(element).namespace == _NAMESPACES["v"]:
        for key in keys:
            del element.attrib[key]
    elif next(element.iterancestors(W_MAIL_MERGE), None) is not None:
        _remove(next(element.iterancestors(W_MAIL_MERGE)))
    else:
        _remove_picture(element)


def _remove_picture(element: etree._Element) -> None:
    """Remove the picture (drawing, VML picture or object) `element` belongs to, or `element` when it is in none."""
    target = next(element.iterancestors(*_PICTURES), element)
    holder = target.getparent()
    if holder is not None and holder.tag in (MC_CHOICE, MC_FALLBACK):
        # One alternative without its picture would leave the other to be read differently by each reader.
        target = holder.getparent()
    _remove(target)


def _drop_notes_nothing_refers_to(package: _Package) -> None:
    """Remove footnotes and endnotes whose reference went with deleted or hidden text: they are shown nowhere."""
    references = {(ref.tag, ref.get(W_ID)) for _, tree in _story_trees(package)
                  for ref in tree.iter(W_FOOTNOTE_REFERENCE, W_ENDNOTE_REFERENCE)}
    for _, tree in _story_trees(package):
        for note in list(tree.iter(W_FOOTNOTE, W_ENDNOTE)):
            reference = W_FOOTNOTE_REFERENCE if note.tag == W_FOOTNOTE else W_ENDNOTE_REFERENCE
            # Separators and continuation notices (typed notes) are referred to by position, not by id.
            if note.get(W_TYPE, "normal") == "normal" and (reference, note.get(W_ID)) not in references:
                note.getparent().remove(note)


def _keep_required_paragraphs(package: _Package) -> None:
    """Give a paragraph back to each cell, text box, header, footer, note or body that lost all of its own."""
    for _, tree in _story_trees(package):
        for container in list(tree.iter(*_REQUIRED_PARAGRAPH)):
            blocks = [child for child in container if child.tag in (W_P, W_TBL, W_SDT)]
            if container.tag == W_TC and blocks and blocks[-1].tag != W_TBL:
                continue
            if container.tag != W_TC and blocks:
                continue
            paragraph = etree.Element(W_P)
            sections = container.find(W_SECTPR) if container.tag == W_BODY else None
            if sections is not None:
                sections.addprevious(paragraph)
            else:
                container.append(paragraph)


def _tidy_content_types(package: _Package) -> None:
    """Make [Content_Types].xml name only parts that are there, and the main part an ordinary document's."""
    types = package.trees[_CONTENT_TYPES]
    present = {name.lower() for name in package.blobs}
    extensions = {_extension(name) for name in package.blobs} | {"rels", "xml"}
    for override in list(types.iter(CT_OVERRIDE)):
        if _part_name(override.get("PartName", "")) not in present:
            override.getparent().remove(override)
    for default in list(types.iter(CT_DEFAULT)):
        if default.get("Extension", "").lower() not in extensions:
            default.getparent().remove(default)
    # Macro-enabled documents and templates (.docm, .dotm, .dotx) become documents: python-docx opens nothing else.
    package.set_content_type(package.main, _DOCUMENT_MAIN)


_FINDINGS: tuple[tuple[Callable[[_Package], int], str, str, str], ...] = (
    (_count_tracked_changes, "tracked change", "tracked changes", "accept or reject the changes"),
    (_count_comments, "comment", "comments", "delete the comments"),
    (_count_hidden_text, "passage of hidden text", "passages of hidden text", "delete the hidden text"),
    (_count_embedded_objects, "embedded object", "embedded objects", "paste the objects as pictures"),
    (_count_macros, "macro project", "macro projects", "save the file as a Word document without macros"),
    (_count_live_fields, "live field", "live fields", "convert the fields to text (select all, then Ctrl+Shift+F9)"),
    (_count_alt_chunks, "embedded document chunk", "embedded document chunks", "paste the embedded content in as text"),
    (_count_linked_files, "externally linked file", "externally linked files",
     "embed linked pictures and remove links to other files"),
    (_count_unsafe_links, "unsafe link", "unsafe links", "remove links that are not web or email addresses"),
    (_count_custom_xml, "custom XML part", "custom XML parts", "remove the custom XML data (File, Inspect Document)"),
)
"""What is looked for, in the order findings are reported: how to count it, its names, its remedy."""

_CLEANING_STEPS: tuple[Callable[[_Package], None], ...] = (
    _accept_tracked_changes,
    _remove_comments,
    _flatten_live_fields,  # before hidden text goes: a hidden run may hold part of a field's code
    _remove_hidden_text,
    _replace_embedded_objects,
    _remove_macros,
    _remove_alt_chunks,
    _remove_external_links,
    _remove_unsafe_links,
    _remove_custom_xml,
    _remove_preview_picture,
    _drop_unreachable_parts,
    _drop_dangling_references,
    _drop_notes_nothing_refers_to,
    _keep_required_paragraphs,
    _tidy_content_types,
)


def _findings(package: _Package) -> list[Finding]:
    found = [Finding(count(package), singular, plural, remedy) for count, singular, plural, remedy in _FINDINGS]
    return [finding for finding in found if finding.count > 0]
