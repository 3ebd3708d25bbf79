"""The accessibility audit: built papers pass it, and each check fails on a document broken on purpose."""

from __future__ import annotations

import io
from collections.abc import Callable
from pathlib import Path

import pytest
from click.testing import CliRunner
from docx import Document
from docx.document import Document as DocumentType
from docx.opc.constants import RELATIONSHIP_TYPE as RT
from docx.oxml import parse_xml
from docx.oxml.ns import nsdecls, qn
from docx.shared import RGBColor
from docx.table import _Cell
from docx.text.paragraph import Paragraph
from pypdf import PdfWriter
from pypdf.generic import ArrayObject, BooleanObject, DictionaryObject, NameObject, TextStringObject

from conftest import REPO, copy_fixture, tiny_png
from pipeline import ooxml
from pipeline.cli import main

REFERENCE = REPO / "templates" / "lsc-ics" / "reference.docx"
PLAN = "https://www.lancashireandsouthcumbria.icb.nhs.uk/winter-plan"


@pytest.fixture(scope="module")
def built(tmp_path_factory) -> Path:
    """Return a folder of papers built from the fixtures: an NHS paper with an image, a council report, an appraisal paper."""
    folder = tmp_path_factory.mktemp("audit")
    for name, paper in (("full", "paper.yaml"), ("council", "report.yaml"), ("appraisal", "paper.yaml")):
        source = copy_fixture(name, folder / "inputs").with_name(paper)
        result = CliRunner().invoke(main, ["paper", str(source), "--out", str(folder / "out")])
        assert result.exit_code == 0, result.stderr
    return folder / "out"


def accessible_document(path: Path, change: Callable[[DocumentType], None] | None = None) -> Path:
    """Write a small document that passes every check to `path`, after `change` (which breaks one thing); return `path`."""
    document = Document(str(REFERENCE))
    document.core_properties.title = "Winter plan"
    document.add_paragraph("Winter plan", style="Heading 1")
    document.add_paragraph("Background", style="Heading 2")
    document.add_paragraph("Beds are short in every trust.", style="Body Text")
    link(document.add_paragraph("The full plan: ", style="Body Text"), "Winter plan 2020/21", url=PLAN)
    table = document.add_table(rows=2, cols=2)
    for cell, text in zip(table.rows[0].cells + table.rows[1].cells, ["Trust", "Rating", "Royal Preston", "HIGH"]):
        cell.text = text
    ooxml.mark_header_row(table.rows[0])
    ooxml.shade(table.rows[1].cells[1], "F4B183")
    document.add_picture(io.BytesIO(tiny_png()))
    picture(document).set("descr", "Bar chart of beds by trust")
    document.add_paragraph("Risks", style="Heading 3")
    if change:
        change(document)
    document.save(str(path))
    return path


def link(paragraph: Paragraph, text: str, url: str | None = None, anchor: str | None = None) -> None:
    """Add to `paragraph` a link showing `text`, to the address `url` or the bookmark `anchor`, as Word writes one."""
    hyperlink = parse_xml(f'<w:hyperlink {nsdecls("w", "r")}><w:r><w:rPr><w:rStyle w:val="Hyperlink"/></w:rPr>'
                          f'<w:t xml:space="preserve">{text}</w:t></w:r></w:hyperlink>')
    if url:
        hyperlink.set(qn("r:id"), paragraph.part.relate_to(url, RT.HYPERLINK, is_external=True))
    if anchor:
        hyperlink.set(qn("w:anchor"), anchor)
    paragraph._p.append(hyperlink)


def blank_after(paragraph: Paragraph, xml: str = "") -> None:
    """Put a paragraph showing nothing but `xml` (runs) right after `paragraph`."""
    paragraph._p.addnext(parse_xml(f'<w:p {nsdecls("w")}><w:pPr><w:pStyle w:val="BodyText"/></w:pPr>{xml}</w:p>'))


def picture(document: DocumentType):
    """Return the ``wp:docPr`` of `document`'s first picture: its name and alt text."""
    return next(document.element.body.iter(qn("wp:docPr")))


def heading_skipped(document: DocumentType) -> None:
    document.paragraphs[1].style = document.styles["Heading 3"]


def header_row_unmarked(document: DocumentType) -> None:
    trpr = document.tables[0].rows[0]._tr.trPr
    trpr.remove(trpr.find(qn("w:tblHeader")))


def shaded_cell_emptied(document: DocumentType) -> None:
    document.tables[0].rows[1].cells[1].paragraphs[0].text = ""


def alt_text_removed(document: DocumentType) -> None:
    del picture(document).attrib["descr"]


def title_removed(document: DocumentType) -> None:
    document.core_properties.title = ""


def language_removed(document: DocumentType) -> None:
    for lang in list(document.styles.element.iter(qn("w:lang"))):
        lang.getparent().remove(lang)
    document.core_properties.language = ""


def body_row_merged(document: DocumentType) -> None:
    row = document.tables[0].add_row()
    row.cells[0].merge(row.cells[1]).text = "All trusts: no rating yet"


def spacing_paragraphs_added(document: DocumentType) -> None:
    blank_after(document.paragraphs[1], "<w:r><w:tab/><w:t xml:space=\"preserve\">  </w:t></w:r>")
    document.add_paragraph("", style="Body Text")


def link_text_made_generic(document: DocumentType) -> None:
    next(document.element.body.iter(qn("w:hyperlink"))).find(f"{qn('w:r')}/{qn('w:t')}").text = "Click here."


def heading_1_made_pale(document: DocumentType) -> None:
    document.styles["Heading 1"].font.color.rgb = RGBColor.from_string("C0D8F0")


@pytest.mark.parametrize("change, problem", [
    (heading_skipped, "headings: Heading 3 'Background' follows Heading 1 with no Heading 2 before it"),
    (header_row_unmarked, "table-headers: table 1 (first cell 'Trust'): its first row is not marked as a header row (w:tblHeader)"),
    (shaded_cell_emptied, "colour: table 1 (first cell 'Trust'), row 2, cell 2: shaded #F4B183 with no text; "
                          "colour alone must not carry meaning"),
    (body_row_merged, "merged-cells: table 1 (first cell 'Trust'): cells merged or split outside the header rows, in row 3; "
                      "screen readers lose their place in a table that is not a plain grid"),
    (spacing_paragraphs_added, "blank-paragraphs: 2 blank paragraphs used for spacing (after 'Background', after 'Risks'); "
                               "a screen reader reads each out as blank: spacing comes from styles (space before and after)"),
    (link_text_made_generic, f"link-text: link 'Click here.' to {PLAN} does not say where it leads; screen readers list "
                             "links by their text alone: name the target, such as the report's title"),
    (heading_1_made_pale, "contrast: text in style 'Heading 1' is #C0D8F0 on #FFFFFF: 1.4:1, under the 4.5:1 WCAG 2.1 asks"),
    (alt_text_removed, "alt-text: image 'Picture 1' has no alt text (descr) and is not marked decorative"),
    (title_removed, "title: no title in the document properties (File > Info > Title); screen readers announce it"),
    (language_removed, "language: no language: expected w:lang in the default or Normal style, or a language in the "
                       "document properties; screen readers need it to pronounce the text"),
], ids=["a skipped heading level", "a table without a header row", "a shaded empty cell", "cells merged in a body row",
        "blank paragraphs for spacing", "link text that names no target", "a pale heading", "an image without alt text",
        "a missing title", "a missing language"])
def test_each_check_fails_on_a_document_broken_for_it(change, problem, workdir, boardpapers):
    accessible_document(workdir / "paper.docx", change)
    run = boardpapers("audit", "paper.docx")
    assert run.exit_code == 1
    assert run.stdout == f"paper.docx: {problem}\n1 document, 1 problem\n"


def test_the_unbroken_document_passes(workdir, boardpapers):
    accessible_document(workdir / "paper.docx")
    run = boardpapers("audit", "paper.docx")
    assert (run.exit_code, run.stdout, run.stderr) == (0, "1 document, 0 problems\n", "")


def test_a_titled_document_may_open_at_heading_2_and_an_untitled_one_may_not(workdir, boardpapers):
    def open_at_heading_2(document: DocumentType) -> None:
        first = document.paragraphs[0]._p
        first.getparent().remove(first)

    accessible_document(workdir / "titled.docx", open_at_heading_2)
    accessible_document(workdir / "untitled.docx", lambda d: (open_at_heading_2(d), title_removed(d)))
    run = boardpapers("audit", "titled.docx", "untitled.docx")
    assert run.exit_code == 1
    assert run.stdout == (
        "untitled.docx: title: no title in the document properties (File > Info > Title); screen readers announce it\n"
        "untitled.docx: headings: Heading 2 'Background' is the first heading with no Heading 1 before it\n"
        "2 documents, 2 problems\n"
    )


def test_a_decorative_image_needs_no_alt_text_and_a_merged_shaded_cell_no_text_in_each_part(workdir, boardpapers):
    def decorate_and_merge(document: DocumentType) -> None:
        alt_text_removed(document)
        picture(document).append(parse_xml(
            '<a:extLst xmlns:a="http://schemas.openxmlformats.org/drawingml/2006/main"><a:ext uri="{C183D7F6-B498-43B3-948B-1728B52AA6E4}">'
            '<adec:decorative xmlns:adec="http://schemas.microsoft.com/office/drawing/2017/decorative" val="1"/></a:ext></a:extLst>'))
        table = document.tables[0]
        row = table.add_row()
        row.cells[0].text = "Blackpool"
        table.rows[1].cells[1].merge(row.cells[1])
        ooxml.shade(_Cell(row._tr.tc_lst[1], table), "F4B183")  # as Word shades a merged cell: each of its parts

    accessible_document(workdir / "paper.docx", decorate_and_merge)
    run = boardpapers("audit", "paper.docx")
    # The merge itself is a problem of its own, below the header row; the colour check passes it.
    assert run.stdout == ("paper.docx: merged-cells: table 1 (first cell 'Trust'): cells merged or split outside the header "
                          "rows, in rows 2 and 3; screen readers lose their place in a table that is not a plain grid\n"
                          "1 document, 1 problem\n")


def test_what_word_needs_or_allows_is_not_flagged(workdir, boardpapers):
    def allowed(document: DocumentType) -> None:
        first = document.tables[0]
        header = first.add_row()  # a second header row, merged across: a complex header Word's checker allows
        first.rows[1]._tr.addprevious(header._tr)
        header.cells[0].merge(header.cells[1]).text = "Beds open at 8am"
        ooxml.mark_header_row(header)
        band = document.add_table(rows=2, cols=2)
        ooxml.mark_header_row(band.rows[0])
        for cell, text in zip(band._cells, ("Rating", "Meaning", "HIGH", "Act now")):
            cell.text = text
        ooxml.shade(band.rows[0].cells[0], "005EB8")
        band.rows[0].cells[0].paragraphs[0].runs[0].font.color.rgb = RGBColor.from_string("FFFFFF")  # white on NHS blue: 6.3:1
        document.add_paragraph("", style="Body Text")  # one blank paragraph between two tables: Word would join them
        signed = document.add_table(rows=1, cols=1)
        ooxml.mark_header_row(signed.rows[0])
        signed.rows[0].cells[0].text = "Signed"
        sources = document.add_paragraph("Sources: ", style="Body Text")
        link(sources, PLAN, url=PLAN)  # papers are printed: an address names its target
        # A paragraph holding an item's bookmark before a table, as a composed pack marks where an item starts.
        blank_after(sources, '<w:bookmarkStart w:id="1" w:name="bpItem07"/><w:bookmarkEnd w:id="1"/>')
        last = document.add_table(rows=1, cols=1)
        ooxml.mark_header_row(last.rows[0])
        last.rows[0].cells[0].text = "Item 7"
        document.add_paragraph("", style="Body Text")  # the body's last paragraph after a table: Word ends a body so

    accessible_document(workdir / "paper.docx", allowed)
    run = boardpapers("audit", "paper.docx")
    assert (run.exit_code, run.stdout) == (0, "1 document, 0 problems\n")


def test_blank_paragraphs_are_counted_and_the_first_three_named(workdir, boardpapers):
    def blank_everywhere(document: DocumentType) -> None:
        for paragraph in document.paragraphs[:4]:
            blank_after(paragraph)

    accessible_document(workdir / "paper.docx", blank_everywhere)
    run = boardpapers("audit", "paper.docx")
    assert run.stdout == ("paper.docx: blank-paragraphs: 4 blank paragraphs used for spacing (after 'Winter plan', after "
                          "'Background', after 'Beds are short in every trust.' and 1 more); a screen reader reads each out as "
                          "blank: spacing comes from styles (space before and after)\n1 document, 1 problem\n")


def test_links_by_bookmark_and_by_field_are_judged_by_their_text_too(workdir, boardpapers):
    def generic_links(document: DocumentType) -> None:
        paragraph = document.add_paragraph("", style="Body Text")
        link(paragraph, "", anchor="Risks")
        paragraph._p.append(parse_xml(f'<w:fldSimple {nsdecls("w")} w:instr=\' HYPERLINK "{PLAN}" \'>'
                                      '<w:r><w:t>Read more…</w:t></w:r></w:fldSimple>'))
        paragraph._p.append(parse_xml(
            f'<w:r {nsdecls("w")}><w:fldChar w:fldCharType="begin"/></w:r>'))
        paragraph._p.append(parse_xml(
            f'<w:r {nsdecls("w")}><w:instrText xml:space="preserve"> HYPERLINK \\l "Background" </w:instrText></w:r>'))
        for xml in ('<w:fldChar w:fldCharType="separate"/>', "<w:t>here</w:t>", '<w:fldChar w:fldCharType="end"/>'):
            paragraph._p.append(parse_xml(f'<w:r {nsdecls("w")}>{xml}</w:r>'))

    accessible_document(workdir / "paper.docx", generic_links)
    run = boardpapers("audit", "paper.docx")
    says = "does not say where it leads; screen readers list links by their text alone: name the target, such as the report's title"
    assert run.stdout == (f"paper.docx: link-text: link '' to the bookmark 'Risks' {says}\n"
                          f"paper.docx: link-text: link 'Read more…' to {PLAN} {says}\n"
                          f"paper.docx: link-text: link 'here' to the bookmark 'Background' {says}\n"
                          "1 document, 3 problems\n")


def test_contrast_follows_text_from_its_run_to_its_styles_and_from_its_highlight_to_its_cell(workdir, boardpapers):
    def pale_everywhere(document: DocumentType) -> None:
        document.styles["Hyperlink"].font.color.rgb = RGBColor.from_string("9FC5E8")
        run = document.paragraphs[2].runs[0]
        run.font.color.rgb = RGBColor.from_string("FFFFFF")
        run._r.get_or_add_rPr().append(parse_xml(f'<w:highlight {nsdecls("w")} w:val="yellow"/>'))
        rating = document.tables[0].rows[1].cells[1].paragraphs[0].runs[0]
        rating.font.color.rgb = RGBColor.from_string("FFFFFF")  # white on the cell's orange
        rating.font.color.theme_color = 1  # a theme colour keeps its value in w:val, which is what is read

    accessible_document(workdir / "paper.docx", pale_everywhere)
    run = boardpapers("audit", "paper.docx")
    assert run.stdout == (
        "paper.docx: contrast: text coloured directly in style 'Body Text' is #FFFFFF on #FFFF00: 1.0:1, under the 4.5:1 WCAG 2.1 asks\n"
        "paper.docx: contrast: text in style 'Hyperlink' is #9FC5E8 on #FFFFFF: 1.8:1, under the 4.5:1 WCAG 2.1 asks\n"
        "paper.docx: contrast: text coloured directly in style 'Normal' is #FFFFFF on #F4B183: 1.8:1, under the 4.5:1 WCAG 2.1 asks\n"
        "1 document, 3 problems\n")


def test_built_papers_pass_the_audit(built, boardpapers):
    run = boardpapers("audit", built)
    assert run.exit_code == 0, run.stdout
    assert run.stdout == "3 documents, 0 problems\n"


def test_a_built_paper_fails_once_its_cover_sheet_table_loses_its_header_row(built, workdir, boardpapers):
    paper = Document(str(built / "capital-estates-plan-7-7.docx"))
    assert list(paper.element.body.iter(qn("wp:docPr"))), "the full fixture has an image"
    header_row_unmarked(paper)
    first_cell = paper.tables[0].rows[0].cells[0].text
    paper.save(str(workdir / "paper.docx"))
    run = boardpapers("audit", "paper.docx")
    assert run.exit_code == 1
    assert run.stdout == (f"paper.docx: table-headers: table 1 (first cell '{first_cell}'): its first row is not marked as a "
                          "header row (w:tblHeader)\n1 document, 1 problem\n")


def pdf(path: Path, pages: int, accessible: bool, bookmarks: bool = True) -> Path:
    """Write a PDF of `pages` blank pages with pypdf: tagged, titled and in English when `accessible`, with `bookmarks`."""
    writer = PdfWriter()
    for _ in range(pages):
        writer.add_blank_page(width=595, height=842)
    if accessible:
        root = writer._root_object
        tree = DictionaryObject({NameObject("/Type"): NameObject("/StructTreeRoot"), NameObject("/K"): ArrayObject()})
        root[NameObject("/StructTreeRoot")] = writer._add_object(tree)
        root[NameObject("/MarkInfo")] = DictionaryObject({NameObject("/Marked"): BooleanObject(True)})
        root[NameObject("/Lang")] = TextStringObject("en-GB")
        root[NameObject("/ViewerPreferences")] = DictionaryObject({NameObject("/DisplayDocTitle"): BooleanObject(True)})
        writer.add_metadata({"/Title": "Winter plan"})
        if bookmarks:
            writer.add_outline_item(title="Winter plan", page_number=0)
    with open(path, "wb") as stream:
        writer.write(stream)
    return path


def test_an_untagged_pdf_fails_every_pdf_check(workdir, boardpapers):
    pdf(workdir / "scan.pdf", 5, accessible=False)
    run = boardpapers("audit", "--no-validator", "scan.pdf")
    assert run.exit_code == 1
    assert run.stdout == (
        "scan.pdf: tagged: not a tagged PDF: expected /MarkInfo /Marked true and a /StructTreeRoot in the catalog, "
        "found neither; screen readers cannot follow its structure\n"
        "scan.pdf: title: no title in the document information (/Title)\n"
        "scan.pdf: display-title: the title bar shows the file name: expected /ViewerPreferences /DisplayDocTitle true\n"
        "scan.pdf: language: no language: expected /Lang in the catalog; screen readers need it to pronounce the text\n"
        "scan.pdf: bookmarks: 5 pages and no bookmarks (outline); expected bookmarks from 4 pages\n"
        "1 document, 5 problems\n"
    )


def test_a_flag_set_to_false_counts_as_unset(workdir, boardpapers):
    writer = PdfWriter(clone_from=str(pdf(workdir / "flags.pdf", 1, accessible=True)))
    writer._root_object[NameObject("/MarkInfo")][NameObject("/Marked")] = BooleanObject(False)
    writer._root_object[NameObject("/ViewerPreferences")][NameObject("/DisplayDocTitle")] = BooleanObject(False)
    writer.write(str(workdir / "flags.pdf"))
    run = boardpapers("audit", "--no-validator", "flags.pdf")
    assert run.exit_code == 1
    assert run.stdout == (
        "flags.pdf: tagged: not a tagged PDF: expected /MarkInfo /Marked true and a /StructTreeRoot in the catalog, "
        "found no /MarkInfo /Marked true; screen readers cannot follow its structure\n"
        "flags.pdf: display-title: the title bar shows the file name: expected /ViewerPreferences /DisplayDocTitle true\n"
        "1 document, 2 problems\n"
    )


def test_a_tagged_titled_bookmarked_pdf_in_english_passes_our_own_checks_and_says_what_they_do_not_judge(workdir, boardpapers):
    pdf(workdir / "bookmarked.pdf", 5, accessible=True)
    run = boardpapers("audit", "--no-validator", "bookmarked.pdf")
    assert run.stdout == "1 document, 0 problems\n"
    assert run.stderr.startswith("note: the PDF/UA-1 validator was not asked for (--no-validator): the PDFs were judged "
                                 "by boardpapers' own checks only"), run.stderr
    assert "not judged: PDF/UA-1's own rules" in run.stderr


def test_what_our_own_checks_pass_the_validator_may_still_fail_and_then_so_does_the_audit(workdir, boardpapers, validator):
    pdf(workdir / "bookmarked.pdf", 5, accessible=True)  # no XMP metadata, no dc:title, no pdfuaid
    run = boardpapers("audit", "bookmarked.pdf")
    assert run.exit_code == 1
    assert "bookmarked.pdf: pdf-ua: no XMP metadata in the catalogue [PDF/UA-1 7.1-8: " in run.stdout
    assert run.stderr == ""


def test_only_a_pdf_of_four_pages_or_more_needs_bookmarks(workdir, boardpapers):
    pdf(workdir / "short.pdf", 3, accessible=True, bookmarks=False)
    pdf(workdir / "long.pdf", 4, accessible=True, bookmarks=False)
    run = boardpapers("audit", "--no-validator", "short.pdf", "long.pdf")
    assert run.exit_code == 1
    assert run.stdout == "long.pdf: bookmarks: 4 pages and no bookmarks (outline); expected bookmarks from 4 pages\n2 documents, 1 problem\n"


@pytest.mark.pdf
def test_a_built_paper_and_its_pdf_pass_the_audit(workdir, boardpapers, soffice):
    paper = copy_fixture("full", workdir)
    run = boardpapers("paper", paper, "--out", "out", "--pdf")
    assert run.exit_code == 0, run.stderr
    audited = boardpapers("audit", "out")
    assert audited.exit_code == 0, audited.stdout
    assert audited.stdout == "2 documents, 0 problems\n"


def test_a_folder_means_its_documents_and_anything_else_is_an_error(workdir, boardpapers):
    (workdir / "pack" / "papers").mkdir(parents=True)
    accessible_document(workdir / "pack" / "papers" / "01-paper.docx")
    pdf(workdir / "pack" / "pack.pdf", 1, accessible=True)
    pdf(workdir / "pack" / ".pack.raw.pdf", 1, accessible=False)
    (workdir / "pack" / "manifest.json").write_text("{}")
    assert boardpapers("audit", "--no-validator", "pack").stdout == "2 documents, 0 problems\n"

    run = boardpapers("audit", "pack/manifest.json")
    assert (run.exit_code, run.stdout, run.stderr) == (1, "", "error: pack/manifest.json: expected a .docx or .pdf file or a folder\n")
    (workdir / "empty").mkdir()
    run = boardpapers("audit", "empty")
    assert (run.exit_code, run.stderr) == (1, "error: empty: no .docx or .pdf files in this folder\n")
    (workdir / "broken.docx").write_text("not a zip")
    run = boardpapers("audit", "broken.docx")
    assert (run.exit_code, run.stderr) == (1, "error: broken.docx: cannot be read as a Word document: File is not a zip file\n")


def test_without_the_validator_set_up_the_audit_says_what_it_did_not_judge_and_how_to_set_it_up(workdir, boardpapers, monkeypatch):
    monkeypatch.setenv("BOARDPAPERS_VERAPDF", str(workdir / "no-validator-here"))
    pdf(workdir / "bookmarked.pdf", 5, accessible=True)
    run = boardpapers("audit", "bookmarked.pdf")
    assert run.stdout == "1 document, 0 problems\n"
    assert run.stderr.startswith("note: the PDF/UA-1 validator (veraPDF) is not set up here, so the PDFs were judged "
                                 "by boardpapers' own checks only"), run.stderr
    assert run.stderr.rstrip().endswith("set it up with: make validators (pipeline/verapdf/install; it needs Java: default-jdk-headless)")
