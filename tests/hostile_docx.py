"""Word files carrying what must never be published, made as Word and other tools write them.

Each generator starts from a real python-docx document (a heading and a
paragraph, saved), then edits its XML parts and adds parts exactly as Word
would: a tracked deletion, a comment, hidden text, an OLE object, a macro
project, live fields ... Nothing is faked beyond the binary payloads (an OLE
object's or a macro project's bytes), which only need to carry a secret word.

- :data:`HOSTILE_DOCX` maps a name to its generator (a function returning bytes);
- :data:`SECRETS` maps it to the words that must appear in no zip part and no
  PDF once the file is cleaned (:data:`SECRET_AUTHOR` too, for every file);
- :data:`KEPT` maps it to words the cleaned file must still show;
- :data:`FINDINGS` maps a readable file to what :func:`pipeline.docxclean.inspect_docx`
  reports, as :func:`pipeline.findings.describe` says it ("" for none);
- :data:`UNREADABLE` maps each file that is not a readable .docx to how its
  :class:`~pipeline.findings.UnreadableFile` message starts;
- :func:`combined` puts what several files carry into one file.
"""

from __future__ import annotations

import io
import re
import zipfile
from collections.abc import Callable

import docx
from docx.shared import Inches
from lxml import etree

from conftest import tiny_png

SECRET_AUTHOR = "Secret Author"
"""The author of every tracked change and comment: never published."""

_NS = {
    "w": "http://schemas.openxmlformats.org/wordprocessingml/2006/main",
    "r": "http://schemas.openxmlformats.org/officeDocument/2006/relationships",
    "v": "urn:schemas-microsoft-com:vml",
    "o": "urn:schemas-microsoft-com:office:office",
    "a": "http://schemas.openxmlformats.org/drawingml/2006/main",
    "w15": "http://schemas.microsoft.com/office/word/2012/wordml",
}
_RELS = "http://schemas.openxmlformats.org/package/2006/relationships"
_TYPES = "http://schemas.openxmlformats.org/package/2006/content-types"
_OFFICE = "http://schemas.openxmlformats.org/officeDocument/2006/relationships/"
_MS = "http://schemas.microsoft.com/office/"
_WML = "application/vnd.openxmlformats-officedocument.wordprocessingml."
_DATE = 'w:date="2024-03-01T09:00:00Z"'
_BY = f'w:author="{SECRET_AUTHOR}" {_DATE}'
_DATED = (2024, 3, 1, 9, 0, 0)
"""When every zip entry was written: the same bytes on every run."""


def png(width: int = 48, height: int = 24) -> bytes:
    """Return a small, valid, solid-green PNG image."""
    return tiny_png(width, height, b"\x2e\x8b\x57")


def compound_file(*streams: str, payload: bytes = b"") -> bytes:
    """Return bytes that start as an OLE compound file does and name `streams` as its directory does (UTF-16)."""
    header = b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1" + b"\x00" * 16 + b"\x3e\x00\x03\x00\xfe\xff\x09\x00"
    names = b"".join(name.encode("utf-16-le").ljust(128, b"\x00") for name in ("Root Entry", *streams))
    return header.ljust(512, b"\x00") + names + payload


def _document(*paragraphs: str) -> docx.Document:
    """Return a python-docx document with the heading and paragraphs every sample starts from."""
    document = docx.Document()
    document.add_heading("Community Diagnostic Hubs", level=1)
    document.add_paragraph("The Board is asked to note progress on the hubs.")
    for text in paragraphs:
        document.add_paragraph(text)
    document.sections[0].header.paragraphs[0].text = "Draft for the Board"
    return document


class _WordFile:
    """A saved python-docx document's zip parts, edited as Word writes them, then zipped again."""

    def __init__(self, document: docx.Document | None = None) -> None:
        stream = io.BytesIO()
        (document or _document()).save(stream)
        with zipfile.ZipFile(stream) as archive:
            self.parts: dict[str, bytes] = {name: archive.read(name) for name in archive.namelist()}
        self._trees: dict[str, etree._Element] = {}

    def xml(self, name: str) -> etree._Element:
        """Return the parsed part `name`, to edit in place."""
        if name not in self._trees:
            self._trees[name] = etree.fromstring(self.parts[name])
        return self._trees[name]

    def append_to_body(self, snippet: str) -> None:
        """Add the body-level WordprocessingML `snippet` before the final section properties."""
        body = self.xml("word/document.xml").find("w:body", _NS)
        sections = body.find("w:sectPr", _NS)
        for element in fragment(snippet):
            sections.addprevious(element)

    def relate(self, source: str, kind: str, target: str, external: bool = False) -> str:
        """Add a relationship of type `kind` from `source` to `target`; return its id."""
        folder, base = source.rsplit("/", 1)
        rels = f"{folder}/_rels/{base}.rels"
        if rels not in self.parts:
            self.parts[rels] = f'<Relationships xmlns="{_RELS}"/>'.encode()
        root = self.xml(rels)
        numbers = [int(n) for n in re.findall(r"rId(\d+)", " ".join(r.get("Id", "") for r in root))]
        rel_id = f"rId{max(numbers, default=0) + 1}"
        attributes = {"Id": rel_id, "Type": kind, "Target": target}
        if external:
            attributes["TargetMode"] = "External"
        etree.SubElement(root, f"{{{_RELS}}}Relationship", attributes)
        return rel_id

    def add_part(self, name: str, blob: bytes | str, content_type: str | None = None) -> None:
        """Add the part `name`, typed by an Override when `content_type` is given (else by its extension's Default)."""
        self.parts[name] = blob.encode() if isinstance(blob, str) else blob
        if content_type:
            self.set_content_type(name, content_type)

    def set_content_type(self, name: str, content_type: str) -> None:
        types = self.xml("[Content_Types].xml")
        for override in types.findall(f"{{{_TYPES}}}Override"):
            if override.get("PartName") == "/" + name:
                override.set("ContentType", content_type)
                return
        etree.SubElement(types, f"{{{_TYPES}}}Override", PartName="/" + name, ContentType=content_type)

    def add_default(self, extension: str, content_type: str) -> None:
        types = self.xml("[Content_Types].xml")
        if not any(d.get("Extension") == extension for d in types.findall(f"{{{_TYPES}}}Default")):
            types.insert(0, etree.Element(f"{{{_TYPES}}}Default", Extension=extension, ContentType=content_type))

    def to_bytes(self) -> bytes:
        """Return the file, the same bytes on every run."""
        out = io.BytesIO()
        with zipfile.ZipFile(out, "w", zipfile.ZIP_DEFLATED) as archive:
            for name, blob in self.parts.items():
                if name in self._trees:
                    blob = etree.tostring(self._trees[name], xml_declaration=True, encoding="UTF-8", standalone=True)
                archive.writestr(zipfile.ZipInfo(name, date_time=_DATED), blob, zipfile.ZIP_DEFLATED)
        return out.getvalue()


def fragment(snippet: str) -> list[etree._Element]:
    """Return the elements of the WordprocessingML `snippet`, its usual namespace prefixes declared."""
    declarations = " ".join(f'xmlns:{prefix}="{uri}"' for prefix, uri in _NS.items())
    return list(etree.fromstring(f"<w:fragment {declarations}>{snippet}</w:fragment>"))


def _paragraph(text: str) -> str:
    return f'<w:p><w:r><w:t xml:space="preserve">{text}</w:t></w:r></w:p>'


def _complex_field(code: str, result: str) -> str:
    """Return the runs of a field as Word writes it: begin, code, separate, the shown result, end."""
    return ('<w:r><w:fldChar w:fldCharType="begin"/></w:r>'
            f'<w:r><w:instrText xml:space="preserve"> {code} </w:instrText></w:r>'
            '<w:r><w:fldChar w:fldCharType="separate"/></w:r>'
            f'<w:r><w:t xml:space="preserve">{result}</w:t></w:r>'
            '<w:r><w:fldChar w:fldCharType="end"/></w:r>')


def _hyperlink(word: _WordFile, target: str, text: str) -> str:
    rel_id = word.relate("word/document.xml", _OFFICE + "hyperlink", target, external=True)
    return (f'<w:p><w:r><w:t xml:space="preserve">Read </w:t></w:r><w:hyperlink r:id="{rel_id}" w:history="1">'
            f'<w:r><w:rPr><w:color w:val="0563C1"/><w:u w:val="single"/></w:rPr><w:t>{text}</w:t></w:r></w:hyperlink></w:p>')


def _add_png(word: _WordFile, name: str = "word/media/object1.png") -> str:
    """Add (once) a PNG picture part; return the id of a new relationship of the document to it."""
    word.add_default("png", "image/png")
    word.parts.setdefault(name, png())
    return word.relate("word/document.xml", _OFFICE + "image", name.removeprefix("word/"))


def _made(*adders: Callable[[_WordFile], None]) -> bytes:
    """Return the sample document with what each of `adders` adds."""
    word = _WordFile()
    for add in adders:
        add(word)
    return word.to_bytes()


# -- the files ------------------------------------------------------------------------------------------------------

def clean() -> bytes:
    """Return a file with nothing to remove: ordinary fields, web and email links, an internal link, a picture."""
    document = _document("Clinics open in 2025 at Royal Preston.")
    document.add_picture(io.BytesIO(png()), width=Inches(1))
    document.sections[0].footer.paragraphs[0].text = "Page "
    word = _WordFile(document)
    footer = word.xml("word/footer1.xml").find("w:p", _NS)
    footer.extend(fragment(_complex_field("PAGE", "1")))
    word.append_to_body(
        '<w:p><w:bookmarkStart w:id="0" w:name="Decisions"/><w:r><w:t>Decisions Kelbrook</w:t></w:r>'
        '<w:bookmarkEnd w:id="0"/></w:p>'
        + _hyperlink(word, "https://www.england.nhs.uk/diagnostics/", "the national programme")
        + _hyperlink(word, "mailto:board.secretary@example.nhs.uk", "the board secretary")
        + '<w:p><w:hyperlink w:anchor="Decisions"><w:r><w:t>See the decisions</w:t></w:r></w:hyperlink></w:p>'
        + "<w:p>" + _complex_field("PAGEREF Decisions \\h", "1")
        + _complex_field('DATE \\@ "d MMMM yyyy"', "1 March 2024") + "</w:p>")
    return word.to_bytes()


def tracked_changes() -> bytes:
    """Return a file with an insertion and a deletion (holding a footnote's reference) in a paragraph, a deleted
    and an inserted paragraph, and a deletion in the header, all by Secret Author."""
    return _made(_add_tracked_changes)


def _add_tracked_changes(word: _WordFile) -> None:
    word.append_to_body(
        '<w:p><w:r><w:t xml:space="preserve">The hubs will open </w:t></w:r>'
        f'<w:ins w:id="101" {_BY}><w:r><w:t xml:space="preserve">in Accrington </w:t></w:r></w:ins>'
        f'<w:del w:id="102" {_BY}><w:r><w:delText xml:space="preserve">after the Zanthorpe review </w:delText></w:r>'
        f'{_note_reference(1)}</w:del><w:r><w:t>next spring.</w:t></w:r>{_note_reference(2)}</w:p>'
        f'<w:p><w:pPr><w:rPr><w:del w:id="103" {_BY}/></w:rPr></w:pPr>'
        f'<w:del w:id="104" {_BY}><w:r><w:delText>The Quarnford site was rejected in private.</w:delText></w:r>'
        '</w:del></w:p>'
        f'<w:p><w:pPr><w:rPr><w:ins w:id="105" {_BY}/></w:rPr></w:pPr>'
        f'<w:ins w:id="106" {_BY}><w:r><w:t>Staffing follows in Rishton.</w:t></w:r></w:ins></w:p>'
        + _paragraph("Next steps follow."))
    header = word.xml("word/header1.xml").find("w:p", _NS)
    header.extend(fragment(f'<w:del w:id="107" {_BY}><w:r><w:delText> Holmfirth draft</w:delText></w:r></w:del>'))
    word.add_part("word/footnotes.xml",
                  f'<w:footnotes xmlns:w="{_NS["w"]}">'
                  '<w:footnote w:type="separator" w:id="-1"><w:p><w:r><w:separator/></w:r></w:p></w:footnote>'
                  '<w:footnote w:type="continuationSeparator" w:id="0"><w:p><w:r><w:continuationSeparator/></w:r></w:p>'
                  '</w:footnote>' + _footnote(1, "Tarnbrook costs were left out.") + _footnote(2, "Wennington figures.")
                  + '</w:footnotes>', _WML + "footnotes+xml")
    word.relate("word/document.xml", _OFFICE + "footnotes", "footnotes.xml")


def _note_reference(note: int) -> str:
    return f'<w:r><w:rPr><w:vertAlign w:val="superscript"/></w:rPr><w:footnoteReference w:id="{note}"/></w:r>'


def _footnote(note: int, text: str) -> str:
    return (f'<w:footnote w:id="{note}"><w:p><w:r><w:rPr><w:vertAlign w:val="superscript"/></w:rPr><w:footnoteRef/></w:r>'
            f'<w:r><w:t xml:space="preserve"> {text}</w:t></w:r></w:p></w:footnote>')


def moved_text() -> bytes:
    """Return a file in which a paragraph was moved (moveFrom, moveTo, their ranges and paragraph marks)."""
    return _made(_add_moved_text)


def _add_moved_text(word: _WordFile) -> None:
    word.append_to_body(
        f'<w:p><w:pPr><w:rPr><w:moveFrom w:id="201" {_BY}/></w:rPr></w:pPr>'
        f'<w:moveFromRangeStart w:id="202" {_BY} w:name="move_Pendle"/>'
        f'<w:moveFrom w:id="203" {_BY}><w:r><w:t>The clinic moves to Burnley.</w:t></w:r></w:moveFrom>'
        '<w:moveFromRangeEnd w:id="202"/></w:p>'
        + _paragraph("Transport is agreed.")
        + f'<w:p><w:pPr><w:rPr><w:moveTo w:id="204" {_BY}/></w:rPr></w:pPr>'
        f'<w:moveToRangeStart w:id="205" {_BY} w:name="move_Pendle"/>'
        f'<w:moveTo w:id="206" {_BY}><w:r><w:t>The clinic moves to Burnley.</w:t></w:r></w:moveTo>'
        '<w:moveToRangeEnd w:id="205"/></w:p>')


def property_changes() -> bytes:
    """Return a file with tracked formatting: of a run, a paragraph, the section, a table and a cell, and a deleted row."""
    return _made(_add_property_changes)


def _add_property_changes(word: _WordFile) -> None:
    word.append_to_body(
        f'<w:p><w:pPr><w:jc w:val="center"/><w:pPrChange w:id="301" {_BY}><w:pPr/></w:pPrChange></w:pPr>'
        f'<w:r><w:rPr><w:b/><w:rPrChange w:id="302" {_BY}><w:rPr/></w:rPrChange></w:rPr>'
        '<w:t>Now in bold: Farrowdale.</w:t></w:r></w:p>'
        '<w:tbl><w:tblPr><w:tblW w:w="0" w:type="auto"/>'
        f'<w:tblPrChange w:id="303" {_BY}><w:tblPr><w:tblW w:w="5000" w:type="dxa"/></w:tblPr></w:tblPrChange></w:tblPr>'
        '<w:tblGrid><w:gridCol w:w="4000"/></w:tblGrid>'
        '<w:tr><w:tc><w:tcPr><w:tcW w:w="4000" w:type="dxa"/>'
        f'<w:tcPrChange w:id="304" {_BY}><w:tcPr><w:tcW w:w="3000" w:type="dxa"/></w:tcPr></w:tcPrChange></w:tcPr>'
        '<w:p><w:r><w:t>Kept cell Ollerton</w:t></w:r></w:p></w:tc></w:tr>'
        f'<w:tr><w:trPr><w:del w:id="305" {_BY}/></w:trPr><w:tc><w:tcPr><w:tcW w:w="4000" w:type="dxa"/></w:tcPr>'
        f'<w:p><w:del w:id="306" {_BY}><w:r><w:delText>Row about Scarcliffe</w:delText></w:r></w:del></w:p></w:tc></w:tr>'
        '</w:tbl><w:p/>')
    sections = word.xml("word/document.xml").find("w:body/w:sectPr", _NS)
    sections.extend(fragment(f'<w:sectPrChange w:id="307" {_BY}><w:sectPr/></w:sectPrChange>'))


def comment() -> bytes:
    """Return a file with one comment by Secret Author, with Word 2013's people and commentsExtended parts."""
    return _made(_add_comment)


def _add_comment(word: _WordFile) -> None:
    word.append_to_body(
        '<w:p><w:commentRangeStart w:id="0"/><w:r><w:t>Commented wording Thistlewood</w:t></w:r>'
        '<w:commentRangeEnd w:id="0"/><w:r><w:rPr><w:rStyle w:val="CommentReference"/></w:rPr>'
        '<w:commentReference w:id="0"/></w:r></w:p>')
    w, w15 = _NS["w"], _NS["w15"]
    word.add_part("word/comments.xml",
                  f'<w:comments xmlns:w="{w}" xmlns:w15="{w15}"><w:comment w:id="0" {_BY} w:initials="SA">'
                  '<w:p w15:paraId="1A2B3C4D"><w:r><w:annotationRef/></w:r>'
                  '<w:r><w:t>Kirkstall is the real preferred site, keep this quiet.</w:t></w:r></w:p></w:comment>'
                  '</w:comments>',
                  _WML + "comments+xml")
    word.add_part("word/commentsExtended.xml",
                  f'<w15:commentsEx xmlns:w15="{w15}"><w15:commentEx w15:paraId="1A2B3C4D" w15:done="0"/></w15:commentsEx>',
                  _WML + "commentsExtended+xml")
    word.add_part("word/people.xml",
                  f'<w15:people xmlns:w15="{w15}"><w15:person w15:author="{SECRET_AUTHOR}">'
                  f'<w15:presenceInfo w15:providerId="None" w15:userId="{SECRET_AUTHOR}"/></w15:person></w15:people>',
                  _WML + "people+xml")
    word.relate("word/document.xml", _OFFICE + "comments", "comments.xml")
    word.relate("word/document.xml", _MS + "2011/relationships/commentsExtended", "commentsExtended.xml")
    word.relate("word/document.xml", _MS + "2011/relationships/people", "people.xml")


def hidden_text() -> bytes:
    """Return a file with text hidden directly, by a character style (and one based on it) and by a paragraph style."""
    return _made(_add_hidden_text)


def _add_hidden_text(word: _WordFile) -> None:
    styles = word.xml("word/styles.xml")
    styles.extend(fragment(
        '<w:style w:type="character" w:customStyle="1" w:styleId="SecretNote"><w:name w:val="Secret Note"/>'
        '<w:rPr><w:vanish/></w:rPr></w:style>'
        '<w:style w:type="character" w:customStyle="1" w:styleId="SecretNoteRed"><w:name w:val="Secret Note Red"/>'
        '<w:basedOn w:val="SecretNote"/><w:rPr><w:color w:val="FF0000"/></w:rPr></w:style>'
        '<w:style w:type="paragraph" w:customStyle="1" w:styleId="HiddenPara"><w:name w:val="Hidden Para"/>'
        '<w:basedOn w:val="Normal"/><w:rPr><w:vanish/></w:rPr></w:style>'))
    word.append_to_body(
        '<w:p><w:r><w:t xml:space="preserve">Visible start. </w:t></w:r>'
        '<w:r><w:rPr><w:vanish/></w:rPr><w:t>Gorsethorpe closes.</w:t></w:r></w:p>'
        '<w:p><w:r><w:rPr><w:rStyle w:val="SecretNote"/></w:rPr><w:t xml:space="preserve">Wybunbury note. </w:t></w:r>'
        '<w:r><w:rPr><w:rStyle w:val="SecretNoteRed"/></w:rPr><w:t xml:space="preserve">Pillaton note. </w:t></w:r>'
        '<w:r><w:rPr><w:vanish w:val="0"/></w:rPr><w:t>Shown Mardle.</w:t></w:r></w:p>'
        '<w:p><w:pPr><w:pStyle w:val="HiddenPara"/></w:pPr><w:r><w:t>Ravensthorpe paragraph.</w:t></w:r></w:p>')


_SHAPETYPE = ('<v:shapetype id="_x0000_t75" coordsize="21600,21600" o:spt="75" o:preferrelative="t" '
              'path="m@4@5l@4@11@9@11@9@5xe" filled="f" stroked="f"><v:stroke joinstyle="miter"/>'
              '<v:path o:extrusionok="f" gradientshapeok="t" o:connecttype="rect"/>'
              '<o:lock v:ext="edit" aspectratio="t"/></v:shapetype>')


def ole_object() -> bytes:
    """Return a file with an embedded Excel worksheet (OLE), shown as its picture, as Word 2016 writes it."""
    return _made(_add_ole_object)


def _add_ole_object(word: _WordFile) -> None:
    picture = _add_png(word)
    word.add_default("bin", "application/vnd.openxmlformats-officedocument.oleObject")
    word.add_part("word/embeddings/oleObject1.bin",
                  compound_file("Workbook", payload="Hatherleigh budget".encode("utf-16-le") + b"Hatherleigh budget"))
    ole = word.relate("word/document.xml", _OFFICE + "oleObject", "embeddings/oleObject1.bin")
    word.append_to_body(
        '<w:p><w:r><w:object w:dxaOrig="1440" w:dyaOrig="720">' + _SHAPETYPE
        + '<v:shape id="_x0000_i1025" type="#_x0000_t75" style="width:72pt;height:36pt" o:ole="">'
        f'<v:imagedata r:id="{picture}" o:title=""/></v:shape>'
        '<o:OLEObject Type="Embed" ProgID="Excel.Sheet.12" ShapeID="_x0000_i1025" DrawAspect="Content" '
        f'ObjectID="_1770000001" r:id="{ole}"/></w:object></w:r></w:p>')


def activex_control() -> bytes:
    """Return a file with an ActiveX text box control (its picture, activeX1.xml and its binary)."""
    return _made(_add_activex_control)


def _add_activex_control(word: _WordFile) -> None:
    picture = _add_png(word)
    word.add_part("word/activeX/activeX1.xml",
                  '<ax:ocx xmlns:ax="http://schemas.microsoft.com/office/2006/activeX" '
                  f'xmlns:r="{_NS["r"]}" ax:classid="{{8BD21D10-EC42-11CE-9E0D-00AA006002F3}}" '
                  'ax:persistence="persistStorage" r:id="rId1"/>',
                  "application/vnd.ms-office.activeX+xml")
    word.add_part("word/activeX/activeX1.bin", compound_file("Contents", payload=b"Ulverscroft default text"),
                  "application/vnd.ms-office.activeX")
    word.relate("word/activeX/activeX1.xml", _MS + "2006/relationships/activeXControlBinary", "activeX1.bin")
    control = word.relate("word/document.xml", _OFFICE + "control", "activeX/activeX1.xml")
    word.append_to_body(
        '<w:p><w:r><w:object w:dxaOrig="1440" w:dyaOrig="360">' + _SHAPETYPE
        + '<v:shape id="_x0000_i1026" type="#_x0000_t75" style="width:108pt;height:18pt">'
        f'<v:imagedata r:id="{picture}" o:title=""/></v:shape>'
        f'<w:control r:id="{control}" w:name="TextBox1" w:shapeid="_x0000_i1026"/></w:object></w:r></w:p>')


def stray_embedding() -> bytes:
    """Return a file holding an embedded object's part that nothing in the text uses any more."""
    return _made(_add_stray_embedding)


def _add_stray_embedding(word: _WordFile) -> None:
    word.add_default("bin", "application/vnd.openxmlformats-officedocument.oleObject")
    word.add_part("word/embeddings/oleObject9.bin", compound_file("Package", payload=b"Grimscote old draft"))


def macros() -> bytes:
    """Return a .docm: a macro-enabled main part, vbaProject.bin with its vbaData.xml."""
    return _made(_add_macros)


def _add_macros(word: _WordFile) -> None:
    word.set_content_type("word/document.xml", "application/vnd.ms-word.document.macroEnabled.main+xml")
    word.add_part("word/vbaProject.bin", compound_file("VBA", "PROJECT", payload=b'Sub AutoOpen()\r\nShell "Wexcombe"'),
                  "application/vnd.ms-office.vbaProject")
    word.add_part("word/vbaData.xml",
                  '<wne:vbaSuppData xmlns:wne="http://schemas.microsoft.com/office/word/2006/wordml"><wne:mcds>'
                  '<wne:mcd wne:macroName="PROJECT.WEXCOMBE.AUTOOPEN" wne:name="Project.Wexcombe.AutoOpen" '
                  'wne:bEncrypt="00" wne:cmg="56"/></wne:mcds></wne:vbaSuppData>',
                  "application/vnd.ms-word.vbaData+xml")
    word.relate("word/vbaProject.bin", _MS + "2006/relationships/wordVbaData", "vbaData.xml")
    word.relate("word/document.xml", _MS + "2006/relationships/vbaProject", "vbaProject.bin")


def includetext_field() -> bytes:
    """Return a file with an INCLUDETEXT field that pulls in another document from the author's disk."""
    return _made(_add_includetext_field)


def _add_includetext_field(word: _WordFile) -> None:
    word.append_to_body('<w:p><w:r><w:t xml:space="preserve">Minutes: </w:t></w:r>'
                        + _complex_field('INCLUDETEXT "C:\\\\Users\\\\clerk\\\\Yarrowby-minutes.docx" \\* MERGEFORMAT',
                                         "The minutes were agreed at Wombleton.") + "</w:p>")


def includepicture_field() -> bytes:
    """Return a file whose picture is the stored result of an INCLUDEPICTURE field (a w:fldSimple)."""
    document = _document()
    document.add_picture(io.BytesIO(png()), width=Inches(1))
    document.add_paragraph("Floor plan of Hapton hub.")
    word = _WordFile(document)
    run = word.xml("word/document.xml").find(".//w:drawing", _NS).getparent()
    simple = etree.Element(f"{{{_NS['w']}}}fldSimple")
    simple.set(f"{{{_NS['w']}}}instr", ' INCLUDEPICTURE "http://127.0.0.1:9/Brackenfell-plan.png" \\* MERGEFORMATINET ')
    run.addprevious(simple)
    simple.append(run)
    return word.to_bytes()


def hyperlink_field() -> bytes:
    """Return a file with a HYPERLINK field (the field, not a w:hyperlink element)."""
    return _made(_add_hyperlink_field)


def _add_hyperlink_field(word: _WordFile) -> None:
    word.append_to_body('<w:p>' + _complex_field('HYPERLINK "http://127.0.0.1:9/Snodland-login" \\o "Open"',
                                                 "Read the briefing note") + "</w:p>")


def alt_chunk() -> bytes:
    """Return a file with an altChunk: an HTML part Word imports when it opens the file."""
    return _made(_add_alt_chunk)


def _add_alt_chunk(word: _WordFile) -> None:
    word.add_default("htm", "text/html")
    word.add_part("word/afchunk.htm", "<html><body><p>Pasted from email: Crowhurst budget cut.</p></body></html>")
    chunk = word.relate("word/document.xml", _OFFICE + "aFChunk", "afchunk.htm")
    word.append_to_body(f'<w:altChunk r:id="{chunk}"/>' + _paragraph("After the chunk."))


def linked_image() -> bytes:
    """Return a file with two pictures linked to http://127.0.0.1:9/x.png: one only linked, one embedded and linked."""
    document = _document()
    document.add_picture(io.BytesIO(png()), width=Inches(1))
    document.add_paragraph("Caption for Dunsop.")
    document.add_picture(io.BytesIO(png(30, 30)), width=Inches(1))
    word = _WordFile(document)
    only_linked, both = word.xml("word/document.xml").iterfind(".//a:blip", _NS)
    for blip in (only_linked, both):
        link = word.relate("word/document.xml", _OFFICE + "image", "http://127.0.0.1:9/x.png", external=True)
        blip.set(f"{{{_NS['r']}}}link", link)
    del only_linked.attrib[f"{{{_NS['r']}}}embed"]
    return word.to_bytes()


def attached_template() -> bytes:
    """Return a file whose settings attach a template on the author's disk, as Word writes it."""
    return _made(_add_attached_template)


def _add_attached_template(word: _WordFile) -> None:
    template = word.relate("word/settings.xml", _OFFICE + "attachedTemplate",
                           "file:///C:\\Users\\jbloggs\\AppData\\Roaming\\Microsoft\\Templates\\Ashdown.dotm", True)
    word.xml("word/settings.xml").find("w:proofState", _NS).addnext(fragment(f'<w:attachedTemplate r:id="{template}"/>')[0])


def javascript_link() -> bytes:
    """Return a file with a hyperlink that runs a script."""
    return _made(_add_javascript_link)


def _add_javascript_link(word: _WordFile) -> None:
    word.append_to_body(_hyperlink(word, "javascript:alert('Bowscale')", "the portal"))


def file_link() -> bytes:
    """Return a file with a hyperlink to a local file."""
    return _made(_add_file_link)


def _add_file_link(word: _WordFile) -> None:
    word.append_to_body(_hyperlink(word, "file:///etc/passwd", "the accounts"))


def share_link() -> bytes:
    """Return a file with a hyperlink to a Windows network share."""
    return _made(_add_share_link)


def _add_share_link(word: _WordFile) -> None:
    word.append_to_body(_hyperlink(word, "\\\\fileserver\\Threlkeld\\minutes.docx", "the minutes"))


def shape_link() -> bytes:
    """Return a file with a VML text box that is itself a link (an href on the shape) to a spreadsheet on a disk."""
    return _made(_add_shape_link)


def _add_shape_link(word: _WordFile) -> None:
    word.append_to_body(
        '<w:p><w:r><w:pict><v:rect id="_x0000_s1026" style="width:160pt;height:30pt" fillcolor="#dbe5f1" '
        'href="file:///C:/Users/clerk/Silverdale-tracker.xlsx"><v:textbox><w:txbxContent>'
        '<w:p><w:r><w:t>Open the tracker</w:t></w:r></w:p></w:txbxContent></v:textbox></v:rect></w:pict></w:r></w:p>')


def custom_xml() -> bytes:
    """Return a file with a SharePoint-style custom XML part, a w:customXml element and a smart tag."""
    return _made(_add_custom_xml)


def _add_custom_xml(word: _WordFile) -> None:
    word.add_part("customXml/item2.xml",
                  '<p:properties xmlns:p="http://schemas.microsoft.com/office/2006/metadata/properties">'
                  '<documentManagement><Classification>Restricted Langstrath</Classification></documentManagement>'
                  '</p:properties>')
    word.add_part("customXml/itemProps2.xml",
                  '<ds:datastoreItem xmlns:ds="http://schemas.openxmlformats.org/officeDocument/2006/customXml" '
                  'ds:itemID="{6F2B3C1A-0000-4000-8000-000000000002}"><ds:schemaRefs>'
                  '<ds:schemaRef ds:uri="http://schemas.microsoft.com/office/2006/metadata/properties"/>'
                  '</ds:schemaRefs></ds:datastoreItem>',
                  "application/vnd.openxmlformats-officedocument.customXmlProperties+xml")
    word.relate("customXml/item2.xml", _OFFICE + "customXmlProps", "itemProps2.xml")
    word.relate("word/document.xml", _OFFICE + "customXml", "../customXml/item2.xml")
    word.append_to_body(
        '<w:p><w:customXml w:uri="urn:board" w:element="decision"><w:customXmlPr>'
        '<w:attr w:name="ref" w:val="Blencathra"/></w:customXmlPr>'
        '<w:r><w:t xml:space="preserve">Decision wording Quenby. </w:t></w:r></w:customXml>'
        '<w:smartTag w:uri="urn:schemas-microsoft-com:office:smarttags" w:element="place"><w:smartTagPr>'
        '<w:attr w:name="owner" w:val="Skiddaw"/></w:smartTagPr><w:r><w:t>Preston</w:t></w:r></w:smartTag></w:p>')


_ADDERS: dict[str, Callable[[_WordFile], None]] = {
    "tracked_changes": _add_tracked_changes,
    "moved_text": _add_moved_text,
    "property_changes": _add_property_changes,
    "comment": _add_comment,
    "hidden_text": _add_hidden_text,
    "ole_object": _add_ole_object,
    "activex_control": _add_activex_control,
    "stray_embedding": _add_stray_embedding,
    "macros": _add_macros,
    "includetext_field": _add_includetext_field,
    "hyperlink_field": _add_hyperlink_field,
    "alt_chunk": _add_alt_chunk,
    "attached_template": _add_attached_template,
    "javascript_link": _add_javascript_link,
    "file_link": _add_file_link,
    "share_link": _add_share_link,
    "shape_link": _add_shape_link,
    "custom_xml": _add_custom_xml,
}
"""What each file that needs no picture of its own adds to the sample document, by the file's name."""


COMBINABLE = tuple(_ADDERS)
"""The files whose contents :func:`combined` can put together in one file."""


def combined(*names: str) -> bytes:
    """Return one file carrying all that each of the files `names` (of :data:`COMBINABLE`) carries."""
    return _made(*(_ADDERS[name] for name in names))


def everything() -> bytes:
    """Return one file carrying all that each file of :data:`COMBINABLE` carries, to check the findings' order."""
    return combined(*COMBINABLE)


def password_protected() -> bytes:
    """Return the start of what Word saves a password-protected .docx as: a compound file, the package encrypted."""
    return compound_file("EncryptionInfo", "EncryptedPackage", payload=bytes(range(256)) * 8)


def word_97_document() -> bytes:
    """Return the start of an old binary .doc: a compound file with a WordDocument stream."""
    return compound_file("WordDocument", "1Table", payload=b"\xec\xa5" + bytes(510))


def not_a_zip() -> bytes:
    """Return a PDF's bytes, as when a PDF is saved with a .docx name."""
    return b"%PDF-1.4\n1 0 obj\n<< /Type /Catalog >>\nendobj\ntrailer\n<< /Root 1 0 R >>\n%%EOF\n"


def zip_without_document() -> bytes:
    """Return a zip that is not a Word document: an export folder of pictures and notes."""
    out = io.BytesIO()
    with zipfile.ZipFile(out, "w") as archive:
        archive.writestr(zipfile.ZipInfo("notes.txt", date_time=_DATED), "Photographs of the site visit.")
        archive.writestr(zipfile.ZipInfo("images/site.png", date_time=_DATED), png())
    return out.getvalue()


def damaged_document() -> bytes:
    """Return a .docx whose document.xml was cut short, as by an interrupted download."""
    word = _WordFile()
    word.parts["word/document.xml"] = word.parts["word/document.xml"][:900]
    return word.to_bytes()


HOSTILE_DOCX: dict[str, Callable[[], bytes]] = {
    "clean": clean,
    "tracked_changes": tracked_changes,
    "moved_text": moved_text,
    "property_changes": property_changes,
    "comment": comment,
    "hidden_text": hidden_text,
    "ole_object": ole_object,
    "activex_control": activex_control,
    "stray_embedding": stray_embedding,
    "macros": macros,
    "includetext_field": includetext_field,
    "includepicture_field": includepicture_field,
    "hyperlink_field": hyperlink_field,
    "alt_chunk": alt_chunk,
    "linked_image": linked_image,
    "attached_template": attached_template,
    "javascript_link": javascript_link,
    "file_link": file_link,
    "share_link": share_link,
    "shape_link": shape_link,
    "custom_xml": custom_xml,
    "everything": everything,
    "password_protected": password_protected,
    "word_97_document": word_97_document,
    "not_a_zip": not_a_zip,
    "zip_without_document": zip_without_document,
    "damaged_document": damaged_document,
}
"""Every sample file by name; each call makes the file afresh."""

SECRETS: dict[str, list[str]] = {
    "clean": [],
    "tracked_changes": ["Zanthorpe", "Quarnford", "Holmfirth", "Tarnbrook"],
    "moved_text": ["move_Pendle"],
    "property_changes": ["Scarcliffe"],
    "comment": ["Kirkstall"],
    "hidden_text": ["Gorsethorpe", "Wybunbury", "Pillaton", "Ravensthorpe"],
    "ole_object": ["Hatherleigh"],
    "activex_control": ["Ulverscroft", "TextBox1"],
    "stray_embedding": ["Grimscote"],
    "macros": ["Wexcombe", "AutoOpen"],
    "includetext_field": ["Yarrowby", "INCLUDETEXT"],
    "includepicture_field": ["Brackenfell", "INCLUDEPICTURE"],
    "hyperlink_field": ["Snodland", "127.0.0.1:9"],
    "alt_chunk": ["Crowhurst"],
    "linked_image": ["127.0.0.1:9"],
    "attached_template": ["Ashdown", "jbloggs"],
    "javascript_link": ["Bowscale", "javascript:"],
    "file_link": ["/etc/passwd"],
    "share_link": ["Threlkeld", "fileserver"],
    "shape_link": ["Silverdale"],
    "custom_xml": ["Langstrath", "Blencathra", "Skiddaw"],
}
"""For each readable file, words that must appear in no part of the cleaned file and in no PDF made from it."""
SECRETS["everything"] = [word for name in _ADDERS for word in SECRETS[name]]

KEPT: dict[str, list[str]] = {
    "clean": ["Kelbrook", "Royal Preston", "national programme", "board secretary", "See the decisions"],
    "tracked_changes": ["Accrington", "Rishton", "next spring", "Draft for the Board", "Wennington figures."],
    "moved_text": ["The clinic moves to Burnley.", "Transport is agreed."],
    "property_changes": ["Farrowdale", "Ollerton"],
    "comment": ["Thistlewood"],
    "hidden_text": ["Visible start.", "Shown Mardle."],
    "includetext_field": ["Minutes:", "Wombleton"],
    "includepicture_field": ["Hapton"],
    "hyperlink_field": ["Read the briefing note"],
    "alt_chunk": ["After the chunk."],
    "linked_image": ["Dunsop"],
    "javascript_link": ["the portal"],
    "file_link": ["the accounts"],
    "share_link": ["the minutes"],
    "shape_link": ["Open the tracker"],
    "custom_xml": ["Quenby", "Preston"],
}
"""For each readable file, words its cleaned copy (and a PDF of it) must still show."""
KEPT["everything"] = [word for name in _ADDERS for word in KEPT.get(name, [])]

FINDINGS: dict[str, str] = {
    "clean": "",
    "tracked_changes": "7 tracked changes",
    "moved_text": "4 tracked changes",
    "property_changes": "7 tracked changes",
    "comment": "1 comment",
    "hidden_text": "4 passages of hidden text",
    "ole_object": "1 embedded object",
    "activex_control": "1 embedded object",
    "stray_embedding": "1 embedded object",
    "macros": "1 macro project",
    "includetext_field": "1 live field",
    "includepicture_field": "1 live field",
    "hyperlink_field": "1 live field",
    "alt_chunk": "1 embedded document chunk",
    "linked_image": "2 externally linked files",
    "attached_template": "1 externally linked file",
    "javascript_link": "1 unsafe link",
    "file_link": "1 unsafe link",
    "share_link": "1 unsafe link",
    "shape_link": "1 unsafe link",
    "custom_xml": "3 custom XML parts",
    "everything": "18 tracked changes, 1 comment, 4 passages of hidden text, 3 embedded objects, 1 macro project, "
                  "2 live fields, 1 embedded document chunk, 1 externally linked file, 4 unsafe links "
                  "and 3 custom XML parts",
}
"""What :func:`pipeline.docxclean.inspect_docx` finds in each readable file, as :func:`~pipeline.findings.describe`
says it."""

UNREADABLE: dict[str, str] = {
    "password_protected": "is password-protected: save a copy without a password",
    "word_97_document": "is a Word 97-2003 document (.doc): save it as a Word document (.docx)",
    "not_a_zip": "is not a Word document (.docx): it is not a zip file",
    "zip_without_document": "is not a Word document (.docx): it has no word/document.xml",
    "damaged_document": "is damaged: its word/document.xml is not well-formed XML",
}
"""How the message of the UnreadableFile raised for each file that is not a readable .docx starts."""
