"""PDFs as real tools write them, each carrying one kind of active content (or unreadable in one way), and a grep for what they hide.

Each generator is a plain function returning the bytes of one PDF, built
with pikepdf on a real text page (Helvetica, saying :data:`VISIBLE_WORD`)
and saved with object streams, so that a secret is found only by reading
the objects, never by grepping the file. :data:`HOSTILE_PDF` names them
all; :data:`SECRETS` says, for each, the strings that must never appear in
any object of a published PDF made from it; :func:`pdf_strings` returns
every object of a PDF as text, for that grep.
"""

from __future__ import annotations

import io
import zipfile
from collections.abc import Callable

import pikepdf
from pikepdf import Array, Dictionary, Name, String

VISIBLE_WORD = "ZEBRAFINCH"
"""A word on the first page of every generated PDF, which cleaning must leave readable."""
FORM_VALUE = "FORMVALUE"
"""What is typed into the text field of the form generators, which must stay readable once the form is flattened."""
DEEP = 10_000
"""How many actions the deep /Next chain runs one after another."""


def pdf_strings(data: bytes) -> str:
    """Return every object of the PDF `data` as text, one piece a line: strings, names, dictionary keys, decoded stream data.

    The objects are those reached from the trailer and every other object
    the file lists, reachable or not; each is read once.
    """
    pieces: list[str] = []
    with pikepdf.open(io.BytesIO(data)) as pdf:
        stack: list[object] = [pdf.trailer, *pdf.objects]
        seen: set[tuple[int, int]] = set()
        while stack:
            value = stack.pop()
            if isinstance(value, pikepdf.Object) and value.is_indirect:
                if value.objgen in seen:
                    continue
                seen.add(value.objgen)
            if isinstance(value, String):
                pieces += [_decoded(value), bytes(value).decode("latin-1")]
            elif isinstance(value, Name):
                pieces += [_decoded(value), value.unparse().decode("latin-1")]
            elif isinstance(value, Array):
                stack.extend(value)
            elif isinstance(value, (Dictionary, pikepdf.Stream)):
                for key in value.keys():
                    # A key that is not UTF-8 comes back with surrogates, which .get() and writing to a file refuse.
                    pieces.append(key.encode("utf-8", "surrogateescape").decode("utf-8", "replace"))
                    stack.append(value[key])
                if isinstance(value, pikepdf.Stream):
                    pieces.append(_stream_text(value))
    return "\n".join(pieces)


def _decoded(value: String | Name) -> str:
    """Return `value` as text (a string's PDFDocEncoding or UTF-16, a name's UTF-8), or "" if it is neither."""
    try:
        return str(value)
    except UnicodeDecodeError:
        return ""


def _stream_text(stream: pikepdf.Stream) -> str:
    try:
        data = stream.read_bytes()
    except pikepdf.PdfError:  # a filter qpdf cannot undo: the bytes as they are
        data = stream.read_raw_bytes()
    return data.decode("latin-1")


# Building blocks


def _text_pdf() -> pikepdf.Pdf:
    """Return a new two-page PDF of Helvetica text, as a word processor exports a short paper."""
    pdf = pikepdf.new()
    font = pdf.make_indirect(Dictionary(Type=Name.Font, Subtype=Name.Type1, BaseFont=Name.Helvetica,
                                        Encoding=Name.WinAnsiEncoding))
    for lines in ([f"Finance committee minutes {VISIBLE_WORD}", "The committee noted the report."],
                  ["Appendix: budget lines for the year"]):
        shown = b" ".join(b"(%s) Tj 0 -16 Td" % line.encode() for line in lines)
        content = pdf.make_stream(b"BT /F1 12 Tf 72 720 Td " + shown + b" ET")
        pdf.pages.append(pikepdf.Page(Dictionary(Type=Name.Page, MediaBox=Array([0, 0, 612, 792]), Contents=content,
                                                 Resources=Dictionary(Font=Dictionary(F1=font)))))
    return pdf


def _saved(pdf: pikepdf.Pdf, **options) -> bytes:
    """Return `pdf` saved with object streams, as Word and Acrobat save, unless `options` say otherwise."""
    stream = io.BytesIO()
    pdf.save(stream, **({"object_stream_mode": pikepdf.ObjectStreamMode.generate} | options))
    return stream.getvalue()


def _annotate(pdf: pikepdf.Pdf, annotation: Dictionary, page: int = 0) -> pikepdf.Object:
    """Add `annotation` to `page`'s annotations as an indirect object, as writers do; return it."""
    holder = pdf.pages[page].obj
    annotation = pdf.make_indirect(annotation)
    annotation.P = holder
    if "/Annots" not in holder:
        holder.Annots = pdf.make_indirect(Array())
    holder.Annots.append(annotation)
    return annotation


def _link(pdf: pikepdf.Pdf, action: Dictionary, rect: tuple[int, int, int, int] = (72, 700, 300, 716)) -> pikepdf.Object:
    """Add a link over the first line of the first page that runs `action`, as Word and LibreOffice write links."""
    return _annotate(pdf, Dictionary(Type=Name.Annot, Subtype=Name.Link, Rect=Array(list(rect)),
                                     Border=Array([0, 0, 0]), F=4, A=pdf.make_indirect(action)))


def _script(text: str) -> Dictionary:
    return Dictionary(S=Name.JavaScript, JS=String(text))


def _page_destination(pdf: pikepdf.Pdf, page: int = 1) -> Array:
    return Array([pdf.pages[page].obj, Name.Fit])


def _attached_file(pdf: pikepdf.Pdf, data: bytes, filename: str) -> pikepdf.Object:
    return pikepdf.AttachedFileSpec(pdf, data, mime_type="text/plain", filename=filename).obj


# Readable PDFs


def clean() -> bytes:
    return _saved(_text_pdf())


def safe_links() -> bytes:
    """A web link, an e-mail link and a link to page 2: all of them stay."""
    pdf = _text_pdf()
    _link(pdf, Dictionary(S=Name.URI, URI=String("https://www.example.org/board/papers")), (72, 700, 200, 716))
    _link(pdf, Dictionary(S=Name.URI, URI=String("mailto:clerk@example.org")), (72, 684, 200, 700))
    _link(pdf, Dictionary(S=Name.GoTo, D=_page_destination(pdf)), (72, 668, 200, 684))
    return _saved(pdf)


def open_action_javascript() -> bytes:
    pdf = _text_pdf()
    pdf.Root.OpenAction = pdf.make_indirect(_script("app.alert('SECRET-JS-1');"))
    return _saved(pdf)


def page_javascript() -> bytes:
    """A script run when the first page opens (page /AA /O)."""
    pdf = _text_pdf()
    pdf.pages[0].obj.AA = Dictionary(O=pdf.make_indirect(_script("app.alert('SECRET-JS-2');")))
    return _saved(pdf)


def document_javascript() -> bytes:
    """Two document-level scripts, as Acrobat stores them: one a string, one (a longer one) a stream."""
    pdf = _text_pdf()
    long_script = pdf.make_stream(b"var x = 1;\nthis.submitForm('SECRET-JS-4');\n")
    scripts = Array([String("init"), pdf.make_indirect(_script("app.alert('SECRET-JS-3');")),
                     String("more"), pdf.make_indirect(Dictionary(S=Name.JavaScript, JS=long_script))])
    pdf.Root.Names = Dictionary(JavaScript=pdf.make_indirect(Dictionary(Names=scripts)))
    return _saved(pdf)


def link_javascript() -> bytes:
    pdf = _text_pdf()
    _link(pdf, _script("app.launchURL('SECRET-JS-5');"))
    return _saved(pdf)


def launch_action() -> bytes:
    pdf = _text_pdf()
    _link(pdf, Dictionary(S=Name.Launch, F=String("calc.exe"), NewWindow=True,
                          Win=Dictionary(F=String("calc.exe"), P=String("/c SECRET-LAUNCH"))))
    return _saved(pdf)


def submit_form() -> bytes:
    pdf = _text_pdf()
    _link(pdf, Dictionary(S=Name.SubmitForm, Flags=4, F=Dictionary(FS=Name.URL, F=String("http://127.0.0.1:9/"))))
    return _saved(pdf)


def file_uri_link() -> bytes:
    pdf = _text_pdf()
    _link(pdf, Dictionary(S=Name.URI, URI=String("file:///etc/passwd")))
    return _saved(pdf)


def remote_goto() -> bytes:
    """A link into another PDF on a file server (/GoToR)."""
    pdf = _text_pdf()
    _link(pdf, Dictionary(S=Name.GoToR, F=String("\\\\fileserver\\board\\SECRET-GOTOR.pdf"), D=Array([0, Name.Fit]),
                          NewWindow=True))
    return _saved(pdf)


def automatic_web_visit() -> bytes:
    """A web page visited as the file opens and as it closes: links of a kept kind, run by themselves."""
    pdf = _text_pdf()
    pdf.Root.OpenAction = Dictionary(S=Name.URI, URI=String("https://tracker.example/opened"))
    pdf.Root.AA = Dictionary(WC=Dictionary(S=Name.URI, URI=String("https://tracker.example/closed")))
    return _saved(pdf)


def _form(pdf: pikepdf.Pdf, appearance: bool) -> pikepdf.Object:
    """Add a text field holding :data:`FORM_VALUE` to the first page, as LibreOffice exports one; return it."""
    font = pdf.make_indirect(Dictionary(Type=Name.Font, Subtype=Name.Type1, BaseFont=Name.Helvetica,
                                        Encoding=Name.WinAnsiEncoding))
    field = _annotate(pdf, Dictionary(Type=Name.Annot, Subtype=Name.Widget, FT=Name.Tx, F=4, Ff=0,
                                      T=String("SECRET-FIELD-1"), TU=String("Applicant"), V=String(FORM_VALUE),
                                      DV=String(""), DA=String("0 0 0 rg /Helv 12 Tf"), MK=Dictionary(),
                                      Rect=Array([72, 600, 300, 620])))
    if appearance:
        drawn = pdf.make_stream(b"/Tx BMC\nq\n1 1 226 18 re W n\nBT /Helv 12 Tf 0 g 2 5 Td (%s) Tj ET\nQ\nEMC\n"
                                % FORM_VALUE.encode(), Type=Name.XObject, Subtype=Name.Form,
                                BBox=Array([0, 0, 228, 20]), Resources=Dictionary(Font=Dictionary(Helv=font)))
        field.AP = Dictionary(N=drawn)
    pdf.Root.AcroForm = pdf.make_indirect(Dictionary(Fields=Array([field]), DA=String("/Helv 0 Tf 0 g"),
                                                     DR=Dictionary(Font=Dictionary(Helv=font)),
                                                     NeedAppearances=not appearance))
    return field


def form_text_field() -> bytes:
    """A text field with its value drawn in its appearance, as LibreOffice and Word (via Acrobat) export forms."""
    pdf = _text_pdf()
    _form(pdf, appearance=True)
    return _saved(pdf)


def form_needing_appearances() -> bytes:
    """A text field with no appearance and /NeedAppearances, leaving the reader to draw the value."""
    pdf = _text_pdf()
    _form(pdf, appearance=False)
    return _saved(pdf)


def embedded_file() -> bytes:
    pdf = _text_pdf()
    pdf.attachments["payroll.txt"] = pikepdf.AttachedFileSpec(pdf, b"SECRET-ATTACHMENT: salaries\n",
                                                              mime_type="text/plain", filename="payroll.txt")
    return _saved(pdf)


def file_attachment_annotation() -> bytes:
    """A pushpin holding a file, with its pop-up note, as Acrobat's Attach File tool leaves them."""
    pdf = _text_pdf()
    pin = _annotate(pdf, Dictionary(Type=Name.Annot, Subtype=Name.FileAttachment, Rect=Array([500, 700, 520, 720]),
                                    Name=Name.PushPin, Contents=String("Notes"), T=String("Clerk"),
                                    FS=_attached_file(pdf, b"SECRET-ATTACHMENT-2: notes\n", "notes.txt")))
    pin.Popup = _annotate(pdf, Dictionary(Type=Name.Annot, Subtype=Name.Popup, Rect=Array([520, 600, 600, 720]),
                                          Parent=pin, Open=False))
    return _saved(pdf)


def rich_media() -> bytes:
    """A Flash movie (/RichMedia), its asset embedded."""
    pdf = _text_pdf()
    asset = _attached_file(pdf, b"SECRET-RICHMEDIA flash bytes", "clip.swf")
    instance = Dictionary(Type=Name.RichMediaInstance, Subtype=Name.Flash, Asset=asset)
    configuration = Dictionary(Type=Name.RichMediaConfiguration, Subtype=Name.Flash, Instances=Array([instance]))
    content = Dictionary(Type=Name.RichMediaContent, Assets=Dictionary(Names=Array([String("clip.swf"), asset])),
                         Configurations=Array([configuration]))
    _annotate(pdf, Dictionary(Type=Name.Annot, Subtype=Name.RichMedia, Rect=Array([72, 400, 372, 600]),
                              RichMediaContent=content,
                              RichMediaSettings=Dictionary(Activation=Dictionary(Condition=Name.PO))))
    return _saved(pdf)


def cyclic_next_chain() -> bytes:
    """An open action going to page 2, then running a script, then going back to the first action: a loop."""
    pdf = _text_pdf()
    going = pdf.make_indirect(Dictionary(S=Name.GoTo, D=_page_destination(pdf)))
    script = pdf.make_indirect(_script("app.alert('SECRET-JS-CYCLE');"))
    going.Next = script
    script.Next = going
    pdf.Root.OpenAction = going
    return _saved(pdf)


def deep_next_chain() -> bytes:
    """An open action going to page 2, then going there again :data:`DEEP` times, then running a script."""
    pdf = _text_pdf()
    action = pdf.make_indirect(_script("app.alert('SECRET-JS-DEEP');"))
    for _ in range(DEEP - 1):
        action = pdf.make_indirect(Dictionary(S=Name.GoTo, D=_page_destination(pdf), Next=action))
    pdf.Root.OpenAction = action
    return _saved(pdf)


def cyclic_trees() -> bytes:
    """A JavaScript name tree whose leaf lists the root among its kids, and a form field that lists itself among its kids."""
    pdf = _text_pdf()
    root = pdf.make_indirect(Dictionary())
    leaf = pdf.make_indirect(Dictionary(Limits=Array([String("a"), String("a")]), Kids=Array([root]),
                                        Names=Array([String("a"), pdf.make_indirect(_script("app.alert('SECRET-JS-TREE');"))])))
    root.Kids = Array([leaf])
    pdf.Root.Names = Dictionary(JavaScript=root)
    field = _form(pdf, appearance=True)
    field.Kids = Array([field])
    return _saved(pdf)


def odd_types() -> bytes:
    """Values of the wrong type where a dictionary belongs: a /Names array, a script stream in an /A array, a number as a trigger and as the open action."""
    pdf = _text_pdf()
    pdf.Root.Names = Array([1, 2])
    pdf.Root.OpenAction = 7
    pdf.pages[0].obj.AA = Dictionary(O=42)
    script = pdf.make_stream(b"app.alert('SECRET-JS-ODD');")
    link = _link(pdf, Dictionary(S=Name.GoTo, D=_page_destination(pdf)))
    link.A = Array([Dictionary(S=Name.JavaScript, JS=script)])
    return _saved(pdf)


def owner_password_only() -> bytes:
    """Encrypted with an owner password only, as a "no editing" setting leaves it, so it opens without one; it runs a script."""
    pdf = _text_pdf()
    pdf.Root.OpenAction = pdf.make_indirect(_script("app.alert('SECRET-JS-OWNER');"))
    return _saved(pdf, encryption=pikepdf.Encryption(owner="x", user=""))


def corrupt_repairable() -> bytes:
    """A download cut short just before the cross-reference table and trailer: qpdf rebuilds them."""
    data = _saved(_text_pdf(), object_stream_mode=pikepdf.ObjectStreamMode.disable)
    return data[:data.rindex(b"xref")]


# Unreadable files


def user_password() -> bytes:
    return _saved(_text_pdf(), encryption=pikepdf.Encryption(owner="x", user="board"))


def corrupt_unrepairable() -> bytes:
    """A download cut short a few hundred bytes in: the header and part of the first object, nothing to rebuild from."""
    return _saved(_text_pdf(), object_stream_mode=pikepdf.ObjectStreamMode.disable)[:200]


def zip_file() -> bytes:
    """A Word document (a ZIP archive) named as a PDF."""
    stream = io.BytesIO()
    with zipfile.ZipFile(stream, "w") as archive:
        archive.writestr("[Content_Types].xml", "<Types/>")
        archive.writestr("word/document.xml", "<w:document/>")
    return stream.getvalue()


def html_file() -> bytes:
    """The sign-in page a document portal returned instead of the PDF."""
    return b"<!DOCTYPE html>\n<html><head><title>Sign in</title></head><body>Please sign in</body></html>\n"


def empty_file() -> bytes:
    return b""


def no_pages() -> bytes:
    return _saved(pikepdf.new())


HOSTILE_PDF: dict[str, Callable[[], bytes]] = {generator.__name__: generator for generator in (
    clean, safe_links, open_action_javascript, page_javascript, document_javascript, link_javascript, launch_action,
    submit_form, file_uri_link, remote_goto, automatic_web_visit, form_text_field, form_needing_appearances,
    embedded_file, file_attachment_annotation, rich_media, cyclic_next_chain, deep_next_chain, cyclic_trees, odd_types,
    owner_password_only, corrupt_repairable, user_password, corrupt_unrepairable, zip_file, html_file, empty_file,
    no_pages,
)}
"""Every generator, by name."""

UNREADABLE = {"user_password", "corrupt_unrepairable", "zip_file", "html_file", "empty_file", "no_pages"}
"""The generators whose files are refused rather than cleaned."""

SECRETS: dict[str, list[str]] = dict.fromkeys(HOSTILE_PDF, []) | {
    "open_action_javascript": ["SECRET-JS-1"],
    "page_javascript": ["SECRET-JS-2"],
    "document_javascript": ["SECRET-JS-3", "SECRET-JS-4"],
    "link_javascript": ["SECRET-JS-5"],
    "launch_action": ["calc.exe", "SECRET-LAUNCH"],
    "submit_form": ["127.0.0.1:9"],
    "file_uri_link": ["/etc/passwd"],
    "remote_goto": ["SECRET-GOTOR"],
    "automatic_web_visit": ["tracker.example"],
    "form_text_field": ["SECRET-FIELD-1"],
    "form_needing_appearances": ["SECRET-FIELD-1"],
    "embedded_file": ["SECRET-ATTACHMENT"],
    "file_attachment_annotation": ["SECRET-ATTACHMENT-2"],
    "rich_media": ["SECRET-RICHMEDIA"],
    "cyclic_next_chain": ["SECRET-JS-CYCLE"],
    "deep_next_chain": ["SECRET-JS-DEEP"],
    "cyclic_trees": ["SECRET-JS-TREE", "SECRET-FIELD-1"],
    "odd_types": ["SECRET-JS-ODD"],
    "owner_password_only": ["SECRET-JS-OWNER"],
}
"""For each generator, the strings that must never appear in any object of a PDF published from it."""
