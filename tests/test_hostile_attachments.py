"""Word and PDF attachments as real tools produce them, on public and on confidential items.

The files come from ``hostile_docx.py`` and ``hostile_pdf.py``: tracked
changes, comments, hidden text, OLE objects, macros, live fields, altChunk,
linked pictures, unsafe links and custom XML in Word; JavaScript, launch and
submit actions, forms, embedded files and multimedia in PDF; and files that
are encrypted, damaged or not what their names say. Each is either refused by
``boardpapers check`` with its exact message and exit 2, or built, with
``clean: true`` where Word needs it, into one meeting whose every zip part and
every PDF object, in both packs, is then searched for what must not be there.
A loopback listener stands where the files' links point, and no build may
connect to it.
"""

from __future__ import annotations

import io
import subprocess
import sys
import zipfile
from dataclasses import dataclass
from pathlib import Path

import pytest
from click.testing import CliRunner

TESTS = Path(__file__).resolve().parent
sys.path.insert(0, str(TESTS))

from hostile_docx import HOSTILE_DOCX, SECRET_AUTHOR, SECRETS as DOCX_SECRETS  # noqa: E402
from hostile_pdf import HOSTILE_PDF, SECRETS as PDF_SECRETS, UNREADABLE as UNREADABLE_PDF, pdf_strings  # noqa: E402
from test_hostile_markdown import Listener  # noqa: E402

from conftest import SMALL_MEETING  # noqa: E402
from pipeline.cli import main  # noqa: E402

REFUSED_DOCX = {
    "tracked_changes": "has 7 tracked changes: accept or reject the changes",
    "moved_text": "has 4 tracked changes: accept or reject the changes",
    "property_changes": "has 7 tracked changes: accept or reject the changes",
    "comment": "has 1 comment: delete the comments",
    "hidden_text": "has 4 passages of hidden text: delete the hidden text",
    "ole_object": "has 1 embedded object: paste the objects as pictures",
    "activex_control": "has 1 embedded object: paste the objects as pictures",
    "stray_embedding": "has 1 embedded object: paste the objects as pictures",
    "macros": "has 1 macro project: save the file as a Word document without macros",
    "includetext_field": "has 1 live field: convert the fields to text (select all, then Ctrl+Shift+F9)",
    "includepicture_field": "has 1 live field: convert the fields to text (select all, then Ctrl+Shift+F9)",
    "hyperlink_field": "has 1 live field: convert the fields to text (select all, then Ctrl+Shift+F9)",
    "alt_chunk": "has 1 embedded document chunk: paste the embedded content in as text",
    "linked_image": "has 2 externally linked files: embed linked pictures and remove links to other files",
    "attached_template": "has 1 externally linked file: embed linked pictures and remove links to other files",
    "javascript_link": "has 1 unsafe link: remove links that are not web or email addresses",
    "file_link": "has 1 unsafe link: remove links that are not web or email addresses",
    "share_link": "has 1 unsafe link: remove links that are not web or email addresses",
    "shape_link": "has 1 unsafe link: remove links that are not web or email addresses",
    "custom_xml": "has 3 custom XML parts: remove the custom XML data (File, Inspect Document)",
}
"""What ``check`` says of each Word file that needs cleaning, after its name."""
UNREADABLE_DOCX = {
    "password_protected": "is password-protected: save a copy without a password",
    "word_97_document": "is a Word 97-2003 document (.doc): save it as a Word document (.docx)",
    "not_a_zip": "is not a Word document (.docx): it is not a zip file",
    "zip_without_document": "is not a Word document (.docx): it has no word/document.xml",
}
UNREADABLE_PDF_MESSAGES = {
    "user_password": "is password-protected: ask its author for a copy without a password",
    "corrupt_unrepairable": "is damaged: unable to find any pages",
    "zip_file": 'is not a PDF file: it starts with "PK..." (a ZIP archive, as Word, Excel and PowerPoint files are)',
    "html_file": 'is not a PDF file: it starts with "<!DOCTYPE html>..." (a web page or XML)',
    "empty_file": "is not a PDF file: it is empty",
    "no_pages": "has no pages",
}
BUILT_DOCX = ["clean", *REFUSED_DOCX, "everything"]
TOGETHER = ("ole_object", "form_text_field")
"""An OLE object and a PDF in one item once crashed the pack (KeyError: 'bpPdf1'); the two go together in one item too."""
BUILT_PDF = [name for name in HOSTILE_PDF if name not in UNREADABLE_PDF]
PLACES = ("public", "private")

HEAD = SMALL_MEETING[:SMALL_MEETING.index("sections:\n") + len("sections:\n")]
"""The small meeting's committee, date and venue, without its items."""


@dataclass(frozen=True)
class Attached:
    """One hostile file on one item: where it is, and whether its item is public."""

    name: str
    suffix: str
    place: str

    @property
    def file(self) -> str:
        return f"{self.place}/{self.name}{self.suffix}"

    def item(self, clean: bool) -> str:
        lines = [f"      - title: {self.place.capitalize()} {self.name.replace('_', ' ')} {self.suffix[1:]}",
                 "        owner: Chair", "        action: note", f"        attachments: [{self.file}]"]
        if clean:
            lines.append("        clean: true")
        if self.place == "private":
            lines += ["        confidential: true", "        confidential_reason: Commercial interests of a provider"]
        return "\n".join(lines) + "\n"


def meeting(attached: list[Attached], clean: bool) -> str:
    """Return a meeting with one item per attached file, public items first (as Part II would have it)."""
    text = HEAD
    for place in PLACES:
        mine = [a for a in attached if a.place == place]
        if mine:
            text += f"  - title: {place.capitalize()} business\n    items:\n" + "".join(a.item(clean) for a in mine)
    return text


def retarget(data: bytes, port: int) -> bytes:
    """Return the Word file `data` with its loopback links pointing at `port` (the listener) instead of port 9."""
    out = io.BytesIO()
    with zipfile.ZipFile(io.BytesIO(data)) as source, zipfile.ZipFile(out, "w", zipfile.ZIP_DEFLATED) as target:
        for item in source.infolist():
            target.writestr(item, source.read(item).replace(b"127.0.0.1:9/", f"127.0.0.1:{port}/".encode()))
    return out.getvalue()


def write_files(folder: Path, attached: list[Attached], port: int | None = None) -> None:
    for one in attached:
        path = folder / one.file
        path.parent.mkdir(parents=True, exist_ok=True)
        data = (HOSTILE_DOCX if one.suffix == ".docx" else HOSTILE_PDF)[one.name]()
        if port is not None and one.suffix == ".docx" and data.startswith(b"PK"):
            data = retarget(data, port)
        path.write_bytes(data)


def run(*args: str | Path) -> tuple[int, str, str]:
    result = CliRunner().invoke(main, [str(a) for a in args], catch_exceptions=False)
    return result.exit_code, result.stdout, result.stderr


def test_the_corpus_has_over_40_hostile_files_each_on_a_public_and_a_confidential_item():
    hostile = [n for n in HOSTILE_DOCX if n != "clean"] + [n for n in HOSTILE_PDF if n not in ("clean", "safe_links")]
    assert len(hostile) >= 40
    assert set(REFUSED_DOCX) | set(UNREADABLE_DOCX) | {"clean", "everything", "damaged_document"} == set(HOSTILE_DOCX)


# --- refused at check ------------------------------------------------------------------

REFUSALS = ([(Attached(n, ".docx", p), f"{n}.docx {m}: {REFUSED_DOCX[n].split(': ', 1)[1]} in Word, or set clean: true on the item")
             for n, m in ((n, REFUSED_DOCX[n].split(":")[0]) for n in REFUSED_DOCX) for p in PLACES]
            + [(Attached(n, ".docx", p), f"{n}.docx {m}") for n, m in UNREADABLE_DOCX.items() for p in PLACES]
            + [(Attached(n, ".pdf", p), f"{n}.pdf {m}") for n, m in UNREADABLE_PDF_MESSAGES.items() for p in PLACES])


@pytest.mark.parametrize("attached, message", REFUSALS, ids=[f"{a.place}-{a.name}{a.suffix}" for a, _ in REFUSALS])
def test_check_refuses_the_file_with_its_exact_message(attached, message, workdir):
    write_files(workdir, [attached])
    (workdir / "meeting.yaml").write_text(meeting([attached], clean=False), encoding="utf-8")
    code, _, errors = run("check", "meeting.yaml")
    assert errors.splitlines() == [f"meeting.yaml:15: sections[1].items[1].attachments[1]: {message}"]
    assert code == 2


def test_a_damaged_word_file_is_refused_naming_the_damage(workdir):
    attached = Attached("damaged_document", ".docx", "public")
    write_files(workdir, [attached])
    (workdir / "meeting.yaml").write_text(meeting([attached], clean=True), encoding="utf-8")
    code, _, errors = run("check", "meeting.yaml")
    assert errors.startswith("meeting.yaml:15: sections[1].items[1].attachments[1]: damaged_document.docx is damaged: "
                             "its word/document.xml is not well-formed XML")
    assert code == 2


# --- built, with everything removed ----------------------------------------------------

@dataclass
class Built:
    folder: Path
    code: int
    errors: str
    connections: int
    parts: dict[str, bytes]
    """Every zip part of both Word packs (and every paper), by ``<file>:<part>``."""
    pdf_objects: dict[str, str]
    """Every object of each PDF pack, as text."""
    pdf_text: dict[str, str]
    """What each PDF pack shows, as pdftotext reads it."""


@pytest.fixture(scope="module")
def built(tmp_path_factory) -> Built:
    """Build one meeting holding every buildable hostile file on a public and on a confidential item."""
    from conftest import soffice_path

    if soffice_path() is None:
        pytest.skip("needs LibreOffice to build the PDF packs")
    folder = tmp_path_factory.mktemp("hostile-attachments")
    attached = [Attached(n, s, p) for p in PLACES for s, names in ((".docx", BUILT_DOCX), (".pdf", BUILT_PDF)) for n in names]
    listener = Listener()
    try:
        write_files(folder, attached, listener.port)
        together = ("      - title: An object and a PDF together\n        owner: Chair\n        action: note\n        clean: true\n"
                    f"        attachments: [public/{TOGETHER[0]}.docx, public/{TOGETHER[1]}.pdf]\n")
        text = meeting(attached, clean=True).replace("  - title: Private business\n", together + "  - title: Private business\n")
        (folder / "meeting.yaml").write_text(text, encoding="utf-8")
        result = subprocess.run([sys.executable, "-m", "pipeline", "pack", "meeting.yaml", "--out", "out"], cwd=folder,
                                capture_output=True, text=True, timeout=900)
    finally:
        listener.close()
    out = folder / "out" / "2021-01-13-ics-board"
    parts = {}
    for docx in out.rglob("*.docx"):
        with zipfile.ZipFile(docx) as archive:
            parts.update({f"{docx.relative_to(out)}:{name}": archive.read(name) for name in archive.namelist()})
    objects, text = {}, {}
    for pack in ("pack.pdf", "public-pack.pdf"):
        if (out / pack).is_file():
            objects[pack] = pdf_strings((out / pack).read_bytes())
            text[pack] = subprocess.run(["pdftotext", "-layout", str(out / pack), "-"], capture_output=True, text=True).stdout
    return Built(out, result.returncode, result.stderr, listener.connections, parts, objects, text)


def test_the_hostile_meeting_builds_both_packs_without_a_crash_or_a_connection(built):
    assert built.code == 0, built.errors
    assert "unexpected failure" not in built.errors and "Traceback" not in built.errors
    assert set(built.pdf_objects) == {"pack.pdf", "public-pack.pdf"}
    assert built.connections == 0


def test_every_cleaned_file_says_once_what_the_build_removed(built):
    warnings = [line for line in built.errors.splitlines() if ": warning: " in line]
    for place in PLACES:
        for name in REFUSED_DOCX:
            said = [w for w in warnings if f".attachments[1]: warning: {name}.docx has " in w and w.endswith("(clean: true)")]
            assert len([w for w in said if f"{name}.docx " + REFUSED_DOCX[name].split(":")[0] in w]) == 2 + TOGETHER.count(name), name
    active = [n for n in BUILT_PDF if n not in ("clean", "safe_links", "corrupt_repairable")]
    for name in active:
        said = [w for w in warnings if f"warning: {name}.pdf has " in w]
        assert len(said) == 2 + TOGETHER.count(name) and all(w.endswith("the build removes them from the packs, keeping what its pages show") for w in said), name


SEARCHED = ([("docx", n, s) for n in BUILT_DOCX for s in DOCX_SECRETS.get(n, []) + [SECRET_AUTHOR]]
            + [("pdf", n, s) for n in BUILT_PDF for s in PDF_SECRETS.get(n, [])])


@pytest.mark.parametrize("kind, name, secret", SEARCHED, ids=[f"{k}-{n}-{s}" for k, n, s in SEARCHED])
def test_no_part_of_either_pack_holds_what_the_file_hid(kind, name, secret, built):
    wanted = secret.encode("utf-8")
    assert not [part for part, data in built.parts.items() if wanted in data], f"{secret!r} in a Word part"
    for pack, objects in built.pdf_objects.items():
        assert secret not in objects, f"{secret!r} in an object of {pack}"
        assert secret not in built.pdf_text[pack], f"{secret!r} shown in {pack}"


def test_what_the_files_show_reaches_the_members_pack_and_only_public_items_the_public_pack(built):
    from hostile_pdf import FORM_VALUE, VISIBLE_WORD

    members, public = built.pdf_text["pack.pdf"], built.pdf_text["public-pack.pdf"]
    assert members.count(VISIBLE_WORD) >= 2 * (len(BUILT_PDF) - 2)
    assert public.count(VISIBLE_WORD) >= len(BUILT_PDF) - 2
    assert FORM_VALUE in members and FORM_VALUE in public
    assert "Commercial interests of a provider" in public
    assert "Private clean docx" in public, "the private item keeps its agenda line"
    assert "An object and a PDF together" in members


def test_no_word_part_keeps_active_content_or_hidden_history(built):
    banned = (b"<w:del ", b"<w:delText", b"<w:ins ", b"<w:vanish/>", b'<w:vanish w:val="1"', b'<w:vanish w:val="true"',
              b"<w:specVanish", b"<o:OLEObject", b"w:altChunk", b"vbaProject",
              b"INCLUDETEXT", b"INCLUDEPICTURE", b'TargetMode="External" Type="http://schemas.openxmlformats.org/'
              b'officeDocument/2006/relationships/image"', b"commentReference", b"javascript:", b"customXml")
    for part, data in built.parts.items():
        for word in banned:
            assert word not in data, f"{word!r} in {part}"
    assert not [p for p in built.parts if "/embeddings/" in p or "/activeX/" in p or "vbaProject" in p]
    assert not [p for p, data in built.parts.items() if b"<w:comment " in data], "no comment, only the template's empty comments part"


def test_every_relationship_the_packs_refer_to_is_there(built):
    import re

    for pack in ("pack.docx", "public-pack.docx"):
        document = built.parts[f"{pack}:word/document.xml"].decode("utf-8")
        rels = built.parts[f"{pack}:word/_rels/document.xml.rels"].decode("utf-8")
        known = set(re.findall(r'Id="([^"]+)"', rels))
        used = set(re.findall(r'r:(?:id|embed|link|pict)="([^"]+)"', document))
        assert used and used <= known, f"{pack} refers to missing relationships {sorted(used - known)}"
        assert 'TargetMode="External"' not in rels or all(
            re.match(r"(https?|mailto):", target) for target in re.findall(r'Target="([^"]+)"[^>]*TargetMode="External"', rels))


def test_the_files_links_point_at_the_listener():
    pointed = [name for name in BUILT_DOCX
               if retarget(HOSTILE_DOCX[name](), 1) != retarget(HOSTILE_DOCX[name](), 2)]
    assert len(pointed) >= 3, "the corpus would not show a connection made"


def test_no_pdf_object_keeps_active_content(built):
    import pikepdf

    for pack, objects in built.pdf_objects.items():
        for word in ("/JavaScript", "/JS", "/Launch", "/SubmitForm", "/GoToR", "/EmbeddedFile", "/AcroForm",
                     "/RichMedia", "/AA"):
            assert word not in objects, f"{word} in {pack}"
        with pikepdf.open(built.folder / pack) as pdf:
            opening = pdf.Root.get("/OpenAction")
            assert opening is None or isinstance(opening, pikepdf.Array), "the pack opens at a page, running nothing"
