"""inspect_docx finds what a Word file must not publish; clean_docx removes it and leaves a file that still works."""

from __future__ import annotations

import io
import posixpath
import re
import shutil
import subprocess
import zipfile
from functools import cache

import docx
import pytest
from docxcompose.composer import Composer
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from lxml import etree

from hostile_docx import COMBINABLE, FINDINGS, HOSTILE_DOCX, KEPT, SECRET_AUTHOR, SECRETS, UNREADABLE, combined
from pipeline.docxclean import clean_docx, inspect_docx
from pipeline.findings import Finding, UnreadableFile, describe

READABLE = sorted(FINDINGS)
W = "http://schemas.openxmlformats.org/wordprocessingml/2006/main"
R = "http://schemas.openxmlformats.org/officeDocument/2006/relationships"
O_RELID = "{urn:schemas-microsoft-com:office:office}relid"
NS = {"w": W, "r": R, "v": "urn:schemas-microsoft-com:vml", "a": "http://schemas.openxmlformats.org/drawingml/2006/main",
      "o": "urn:schemas-microsoft-com:office:office"}
RELS = "{http://schemas.openxmlformats.org/package/2006/relationships}Relationship"
TYPES = "{http://schemas.openxmlformats.org/package/2006/content-types}"
DOCUMENT_MAIN = "application/vnd.openxmlformats-officedocument.wordprocessingml.document.main+xml"


@cache
def original(name: str) -> bytes:
    return HOSTILE_DOCX[name]()


@cache
def cleaned(name: str) -> tuple[bytes, list[Finding]]:
    return clean_docx(original(name))


@cache
def parts(data: bytes) -> dict[str, bytes]:
    """Return the zip `data`'s files by name, in archive order."""
    with zipfile.ZipFile(io.BytesIO(data)) as archive:
        return {name: archive.read(name) for name in archive.namelist()}


def holds(blob: bytes, word: str) -> bool:
    """Return whether `blob` holds `word` as UTF-8 or as UTF-16 (as binary Office streams store names)."""
    return word.encode("utf-8") in blob or word.encode("utf-16-le") in blob


def shown_text(data: bytes) -> str:
    """Return the text of every story part of the Word file `data`, a line per paragraph."""
    lines = []
    for name, blob in parts(data).items():
        if re.fullmatch(r"word/(document|header\d*|footer\d*|footnotes|endnotes)\.xml", name):
            for paragraph in etree.fromstring(blob).iter(f"{{{W}}}p"):
                lines.append("".join(t.text or "" for t in paragraph.iter(f"{{{W}}}t")))
    return "\n".join(lines)


def document_xml(data: bytes) -> etree._Element:
    return etree.fromstring(parts(data)["word/document.xml"])


@pytest.fixture(autouse=True)
def files_to_open_by_hand(request, workdir):
    """Write the test's Word file and its cleaned copy where a failing test leaves them (tests/failed/<test>/)."""
    name = getattr(request.node, "callspec", None) and request.node.callspec.params.get("name")
    if name in FINDINGS:
        (workdir / f"{name}.docx").write_bytes(original(name))
        (workdir / f"{name}.cleaned.docx").write_bytes(cleaned(name)[0])


@pytest.mark.parametrize("name", READABLE)
def test_inspect_finds_exactly_what_each_file_carries(name):
    assert describe(inspect_docx(original(name))) == FINDINGS[name]


def test_findings_come_in_the_fixed_order_with_their_names_and_remedies():
    assert inspect_docx(original("everything")) == [
        Finding(18, "tracked change", "tracked changes", "accept or reject the changes"),
        Finding(1, "comment", "comments", "delete the comments"),
        Finding(4, "passage of hidden text", "passages of hidden text", "delete the hidden text"),
        Finding(3, "embedded object", "embedded objects", "paste the objects as pictures"),
        Finding(1, "macro project", "macro projects", "save the file as a Word document without macros"),
        Finding(2, "live field", "live fields", "convert the fields to text (select all, then Ctrl+Shift+F9)"),
        Finding(1, "embedded document chunk", "embedded document chunks", "paste the embedded content in as text"),
        Finding(1, "externally linked file", "externally linked files",
                "embed linked pictures and remove links to other files"),
        Finding(4, "unsafe link", "unsafe links", "remove links that are not web or email addresses"),
        Finding(3, "custom XML part", "custom XML parts", "remove the custom XML data (File, Inspect Document)"),
    ]


@settings(max_examples=8, deadline=None,
          suppress_health_check=[HealthCheck.too_slow, HealthCheck.function_scoped_fixture])
@given(st.lists(st.sampled_from(COMBINABLE), min_size=2, max_size=5, unique=True))
def test_a_file_carrying_several_kinds_reports_each_as_its_files_alone_do_and_cleans_of_all(names):
    data = combined(*names)
    counts: dict[str, int] = {}
    for name in names:
        for finding in inspect_docx(original(name)):
            counts[finding.singular] = counts.get(finding.singular, 0) + finding.count
    findings = inspect_docx(data)
    assert {f.singular: f.count for f in findings} == counts
    order = [f.singular for f in inspect_docx(original("everything"))]
    assert [f.singular for f in findings] == sorted(counts, key=order.index)
    cleaned_parts = parts(clean_docx(data)[0]).values()
    assert all(not holds(blob, secret) for blob in cleaned_parts for name in names for secret in SECRETS[name])


@pytest.mark.parametrize("name", READABLE)
def test_cleaning_reports_what_inspect_finds_and_leaves_nothing_to_find(name):
    data, findings = cleaned(name)
    assert findings == inspect_docx(original(name))
    assert inspect_docx(data) == []


@pytest.mark.parametrize("name", READABLE)
def test_a_cleaned_file_opens_in_python_docx(name):
    document = docx.Document(io.BytesIO(cleaned(name)[0]))
    assert document.paragraphs[0].text == "Community Diagnostic Hubs"


@pytest.mark.parametrize("name", READABLE)
def test_no_part_of_a_cleaned_file_holds_a_secret(name):
    before, after = parts(original(name)), parts(cleaned(name)[0])
    for secret in SECRETS[name]:
        assert any(holds(blob, secret) for blob in before.values()), f"the sample never held {secret!r}"
        assert [part for part, blob in after.items() if holds(blob, secret)] == [], secret
    assert all(not holds(blob, SECRET_AUTHOR) for blob in after.values())


@pytest.mark.parametrize("name", READABLE)
def test_a_cleaned_file_still_shows_what_was_kept(name):
    text = shown_text(cleaned(name)[0])
    for word in KEPT.get(name, []) + ["The Board is asked to note progress on the hubs."]:
        assert word in text


@pytest.mark.parametrize("name", READABLE)
def test_every_reference_in_a_cleaned_file_names_a_relationship_of_its_part(name):
    files = parts(cleaned(name)[0])
    for part, blob in files.items():
        if part.endswith(".rels") or not part.endswith(".xml"):
            continue
        folder, base = posixpath.split(part)
        rels = files.get(posixpath.join(folder, "_rels", base + ".rels"))
        ids = {rel.get("Id") for rel in etree.fromstring(rels).iter(RELS)} if rels else set()
        for element in etree.fromstring(blob).iter(tag=etree.Element):
            for key, value in element.attrib.items():
                if key.startswith(f"{{{R}}}") or key == O_RELID:
                    assert value in ids, f"{part}: {etree.QName(element).localname} {key}={value}"


@pytest.mark.parametrize("name", READABLE)
def test_every_internal_relationship_of_a_cleaned_file_points_to_a_part_there(name):
    files = parts(cleaned(name)[0])
    for rels, blob in files.items():
        if not rels.endswith(".rels"):
            continue
        source = posixpath.join(posixpath.dirname(posixpath.dirname(rels)), posixpath.basename(rels)[:-5])
        for rel in etree.fromstring(blob).iter(RELS):
            if rel.get("TargetMode") != "External":
                target = rel.get("Target")
                path = target[1:] if target.startswith("/") else posixpath.normpath(
                    posixpath.join(posixpath.dirname(source), target))
                assert path in files, f"{rels}: {target}"


@pytest.mark.parametrize("name", READABLE)
def test_the_content_types_of_a_cleaned_file_cover_every_part_and_only_parts_there(name):
    files = parts(cleaned(name)[0])
    types = etree.fromstring(files["[Content_Types].xml"])
    overrides = {o.get("PartName").lstrip("/"): o.get("ContentType") for o in types.iter(TYPES + "Override")}
    defaults = {d.get("Extension").lower() for d in types.iter(TYPES + "Default")}
    assert set(overrides) <= set(files)
    for part in files:
        assert part == "[Content_Types].xml" or part in overrides or part.rsplit(".", 1)[-1].lower() in defaults, part
    assert overrides["word/document.xml"] == DOCUMENT_MAIN


@pytest.mark.parametrize("name", READABLE)
def test_cleaning_keeps_the_order_of_the_remaining_parts(name):
    before, after = list(parts(original(name))), list(parts(cleaned(name)[0]))
    assert after == [part for part in before if part in after]


def test_cleaning_is_reproducible():
    assert clean_docx(original("everything"))[0] == cleaned("everything")[0]


@pytest.mark.parametrize("name", READABLE)
def test_cleaning_a_cleaned_file_changes_nothing(name):
    assert clean_docx(cleaned(name)[0]) == (cleaned(name)[0], [])


def test_a_clean_file_loses_only_its_preview_picture_and_empty_bibliography_and_keeps_its_parts_byte_for_byte():
    before, after = parts(original("clean")), parts(cleaned("clean")[0])
    lost = set(before) - set(after)
    assert lost == {"docProps/thumbnail.jpeg", "customXml/item1.xml", "customXml/itemProps1.xml",
                    "customXml/_rels/item1.xml.rels"}
    assert after["word/document.xml"] == before["word/document.xml"]
    assert after["word/footer1.xml"] == before["word/footer1.xml"]


def test_ordinary_fields_and_safe_links_are_kept():
    data = cleaned("clean")[0]
    codes = " ".join(t.text for part, blob in parts(data).items() if part.endswith(".xml") and part.startswith("word/")
                     for t in etree.fromstring(blob).iter(f"{{{W}}}instrText"))
    assert codes.split() == ["PAGEREF", "Decisions", "\\h", "DATE", "\\@", '"d', "MMMM", 'yyyy"', "PAGE"]
    rels = etree.fromstring(parts(data)["word/_rels/document.xml.rels"])
    targets = {rel.get("Id"): rel.get("Target") for rel in rels.iter(RELS)}
    links = document_xml(data).findall(".//w:hyperlink", NS)
    assert [targets.get(link.get(f"{{{R}}}id")) or "#" + link.get(f"{{{W}}}anchor") for link in links] == [
        "https://www.england.nhs.uk/diagnostics/", "mailto:board.secretary@example.nhs.uk", "#Decisions"]
    assert "1 March 2024" in shown_text(data)


def test_inserted_text_is_kept_and_a_deleted_paragraph_goes_with_its_mark():
    lines = shown_text(cleaned("tracked_changes")[0]).splitlines()
    start = lines.index("The hubs will open in Accrington next spring.")
    assert lines[start:start + 3] == ["The hubs will open in Accrington next spring.", "Staffing follows in Rishton.",
                                      "Next steps follow."]


def test_a_footnote_whose_reference_was_deleted_goes_and_the_others_stay():
    notes = etree.fromstring(parts(cleaned("tracked_changes")[0])["word/footnotes.xml"])
    assert [note.get(f"{{{W}}}type") or "".join(note.itertext()).strip() for note in notes] == [
        "separator", "continuationSeparator", "Wennington figures."]


def test_moved_text_appears_once_where_it_was_moved_to():
    lines = shown_text(cleaned("moved_text")[0]).splitlines()
    assert lines.count("The clinic moves to Burnley.") == 1
    assert lines.index("The clinic moves to Burnley.") == lines.index("Transport is agreed.") + 1


def test_a_deleted_table_row_goes_and_the_kept_row_stays():
    rows = document_xml(cleaned("property_changes")[0]).findall(".//w:tbl/w:tr", NS)
    assert ["".join(row.itertext()) for row in rows] == ["Kept cell Ollerton"]


def test_an_ole_object_becomes_its_picture():
    data = cleaned("ole_object")[0]
    files = parts(data)
    body = document_xml(data)
    assert body.find(".//w:object", NS) is None and body.find(".//o:OLEObject", NS) is None
    picture = body.find(".//w:pict/v:shape/v:imagedata", NS)
    assert picture is not None
    assert [p for p in files if p.startswith("word/embeddings/")] == []
    assert "word/media/object1.png" in files


def test_an_activex_control_and_its_parts_are_removed():
    data = cleaned("activex_control")[0]
    assert document_xml(data).find(".//w:control", NS) is None
    assert [p for p in parts(data) if p.lower().startswith("word/activex/")] == []


def test_a_macro_enabled_file_becomes_an_ordinary_document():
    files = parts(cleaned("macros")[0])
    assert "word/vbaProject.bin" not in files and "word/vbaData.xml" not in files
    assert b"macroEnabled" not in files["[Content_Types].xml"]


def test_a_live_field_becomes_the_text_it_shows():
    data = cleaned("includetext_field")[0]
    body = document_xml(data)
    assert body.find(".//w:fldChar", NS) is None and body.find(".//w:instrText", NS) is None
    assert "Minutes: The minutes were agreed at Wombleton." in shown_text(data).splitlines()


def test_an_includepicture_field_leaves_its_stored_picture():
    body = document_xml(cleaned("includepicture_field")[0])
    assert body.find(".//w:fldSimple", NS) is None
    assert len(body.findall(".//a:blip[@r:embed]", NS)) == 1


def test_a_picture_only_linked_goes_and_one_also_embedded_keeps_its_embedded_copy():
    blips = document_xml(cleaned("linked_image")[0]).findall(".//a:blip", NS)
    assert [sorted(etree.QName(key).localname for key in blip.attrib) for blip in blips] == [["embed"]]


def test_an_attached_template_is_removed_from_the_settings():
    settings = etree.fromstring(parts(cleaned("attached_template")[0])["word/settings.xml"])
    assert settings.find("w:attachedTemplate", NS) is None


def test_a_shape_that_links_to_a_file_stays_a_shape_without_the_link():
    shape = document_xml(cleaned("shape_link")[0]).find(".//w:pict/v:rect", NS)
    assert shape is not None and shape.get("href") is None


@pytest.mark.parametrize("name", ["javascript_link", "file_link", "share_link"])
def test_an_unsafe_link_becomes_plain_text(name):
    data = cleaned(name)[0]
    assert document_xml(data).find(".//w:hyperlink", NS) is None
    assert b"hyperlink" not in parts(data)["word/_rels/document.xml.rels"]


def test_custom_xml_wrappers_give_up_their_content():
    data = cleaned("custom_xml")[0]
    body = document_xml(data)
    assert body.find(".//w:customXml", NS) is None and body.find(".//w:smartTag", NS) is None
    assert "Decision wording Quenby. Preston" in shown_text(data).splitlines()
    assert [p for p in parts(data) if p.startswith("customXml/")] == []


def test_cleaned_files_compose_into_one_document_with_docxcompose():
    composer = Composer(docx.Document())
    for name in READABLE:
        composer.append(docx.Document(io.BytesIO(cleaned(name)[0])))
    out = io.BytesIO()
    composer.save(out)
    text = "\n".join(p.text for p in docx.Document(io.BytesIO(out.getvalue())).paragraphs)
    assert text.count("Community Diagnostic Hubs") == len(READABLE)
    assert all(not holds(blob, secret) for blob in parts(out.getvalue()).values()
               for name in READABLE for secret in SECRETS[name])


@pytest.mark.parametrize("name", sorted(UNREADABLE))
def test_a_file_that_is_not_a_readable_docx_raises_unreadable_file_with_a_plain_message(name):
    for look in (inspect_docx, clean_docx):
        with pytest.raises(UnreadableFile) as raised:
            look(original(name))
        assert str(raised.value).startswith(UNREADABLE[name])


PICTURES = {"clean": 1, "ole_object": 1, "activex_control": 1, "includepicture_field": 1, "linked_image": 1,
            "everything": 2}
"""How many pictures the PDF of each cleaned file shows: an object's picture stands in for it, a linked-only one goes."""


@pytest.mark.pdf
def test_cleaned_files_convert_to_pdf_showing_what_was_kept_and_no_secret(soffice, workdir, tmp_path):
    if shutil.which("pdftotext") is None or shutil.which("pdfimages") is None:
        pytest.skip("pdftotext and pdfimages are not installed: sudo apt-get install poppler-utils")
    files = []
    for name in READABLE:
        path = workdir / f"{name}.cleaned.docx"
        path.write_bytes(cleaned(name)[0])
        files.append(str(path))
    profile = (tmp_path / "profile").as_uri()
    subprocess.run([soffice, f"-env:UserInstallation={profile}", "--headless", "--convert-to", "pdf",
                    "--outdir", str(workdir / "pdf"), *files], capture_output=True, timeout=240, check=True)
    for name in READABLE:
        pdf = workdir / "pdf" / f"{name}.cleaned.pdf"
        assert pdf.is_file(), f"LibreOffice did not convert {name}"
        text = subprocess.run(["pdftotext", "-layout", str(pdf), "-"], capture_output=True, text=True, check=True).stdout
        text = " ".join(text.split())
        for secret in SECRETS[name] + [SECRET_AUTHOR]:
            assert secret not in text, f"{name}: {secret}"
        for word in KEPT.get(name, []):
            assert word in text, f"{name}: {word}"
        images = subprocess.run(["pdfimages", "-list", str(pdf)], capture_output=True, text=True, check=True).stdout
        assert len(images.splitlines()) - 2 == PICTURES.get(name, 0), f"{name}: {images}"


def test_a_word_file_that_unpacks_to_more_than_a_document_needs_is_refused_unread():
    out = io.BytesIO()
    with zipfile.ZipFile(io.BytesIO(HOSTILE_DOCX["clean"]())) as source, zipfile.ZipFile(out, "w", zipfile.ZIP_DEFLATED) as bomb:
        for entry in source.infolist():
            bomb.writestr(entry, source.read(entry))
        with bomb.open("word/media/padding.bin", "w") as padding:
            for _ in range(520):
                padding.write(bytes(1_000_000))
    with pytest.raises(UnreadableFile, match=r"^unpacks to 520,\d{3},\d{3} bytes, more than the 512,000,000"):
        inspect_docx(out.getvalue())
