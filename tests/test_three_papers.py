"""Three papers as boards really get them, built to PDF and read back page by page.

``fixtures/finance-report``: money tables, a 12-column run-rate table, a long
table, a chart and footnotes. ``fixtures/quality-report``: nested lists, a Word
appendix with numbered lists and styles of its own, a landscape PDF appendix.
``fixtures/part-two-report``: a Part II council report with Markdown, Word and
PDF appendices. The binary files they name are made here, as their authors'
tools would make them.
"""

from __future__ import annotations

import subprocess
from dataclasses import dataclass
from pathlib import Path

import pikepdf
import pytest
from docx.oxml.ns import qn

from conftest import build_in_process, copy_fixture, text_pdf, visible
from readback import all_tables, cell_alignment, open_docx
from test_real_papers import section_of

pytestmark = pytest.mark.pdf

PART_TWO = "PART II \u2013 NOT FOR PUBLICATION: exempt information under paragraph 3"


@dataclass
class Built:
    docx: Path
    pdf: Path
    pages: list[str]
    """Each page's text (pdftotext -layout)."""

    def size(self, page: int) -> tuple[float, float]:
        with pikepdf.open(self.pdf) as pdf:
            box = pdf.pages[page - 1].mediabox
            return float(box[2]) - float(box[0]), float(box[3]) - float(box[1])


def build(folder: Path, file: str, tmp: Path) -> Built:
    out = tmp / "out"
    build_in_process("paper", folder / file, "--out", out, "--pdf", "--root", folder)
    pdf = next(out.glob("*.pdf"))
    pages = subprocess.run(["pdftotext", "-layout", str(pdf), "-"], capture_output=True, text=True).stdout.split("\f")[:-1]
    return Built(pdf.with_suffix(".docx"), pdf, pages)


def copied(name: str, into: Path) -> Path:
    return copy_fixture(name, into).parent


@pytest.fixture(scope="module")
def finance(tmp_path_factory, soffice_module) -> Built:
    tmp = tmp_path_factory.mktemp("finance")
    folder = copied("finance-report", tmp)
    return build(folder, "paper.yaml", tmp)


@pytest.fixture(scope="module")
def quality(tmp_path_factory, soffice_module) -> Built:
    tmp = tmp_path_factory.mktemp("quality")
    folder = copied("quality-report", tmp)
    return build(folder, "paper.yaml", tmp)


@pytest.fixture(scope="module")
def part_two(tmp_path_factory, soffice_module) -> Built:
    tmp = tmp_path_factory.mktemp("part-two")
    folder = copied("part-two-report", tmp)
    return build(folder, "report.yaml", tmp)


@pytest.fixture(scope="module")
def soffice_module():
    from pipeline.export import soffice_path

    if soffice_path() is None:
        pytest.skip("needs LibreOffice")


def page_of(built: Built, words: str) -> int:
    return next(number for number, text in enumerate(built.pages, start=1) if words in text)


def test_the_run_rate_table_is_on_a_landscape_page_with_every_name_and_figure_whole(finance):
    page = page_of(finance, "Elective spells by month")
    width, height = finance.size(page)
    assert width > height
    for words in ("Organisation", "University Hospitals of Morecambe Bay", "Variance", "49,602", "(698)"):
        assert any(words in line for line in finance.pages[page - 1].splitlines()), words
    assert finance.size(page + 1)[0] < finance.size(page + 1)[1], "the paper returns to portrait"


def test_names_stay_on_one_line_in_a_table_with_room(finance):
    page = page_of(finance, "Year-to-date position by organisation")
    lines = finance.pages[page - 1].splitlines()
    for name in ("Blackpool Teaching Hospitals NHS Foundation Trust", "Lancashire Teaching Hospitals NHS Foundation Trust"):
        assert any(name in line for line in lines), name


def test_the_long_table_repeats_its_header_and_never_splits_a_row(finance):
    document = open_docx(finance.docx)
    table = next(t for t in all_tables(document) if t.rows[0].cells[0].text == "Cost centre")
    assert len(table.rows) == 31
    assert all(row._tr.trPr is not None and row._tr.trPr.find(qn("w:cantSplit")) is not None for row in table.rows)
    pages = [n for n, text in enumerate(finance.pages, start=1) if "Cost centre " in text and "Budget" in text]
    assert len(pages) >= 2, "the header row is printed again on the next page"
    assert section_of(document, table) == "portrait"


def test_the_chart_has_alt_text_and_only_its_caption_printed(finance):
    shown = "\n".join(finance.pages)
    assert "Year-to-date variance by organisation" in shown
    assert "Bar chart of the year-to-date variance" not in shown
    assert 'descr="Bar chart of the year-to-date variance by organisation' in open_docx(finance.docx).element.xml


def test_footnotes_are_printed(finance):
    assert "Figures are from the trusts' month 8 returns" in "\n".join(finance.pages).replace("\u2019", "'")


def test_the_quality_reports_nested_lists_and_word_appendix_keep_their_numbers(quality):
    text = "\n".join(quality.pages)
    assert "1. First step" in text and "2. Second step" in text
    assert "Two services reported more category 3 ulcers" in text


def test_the_landscape_pdf_appendix_is_merged_in_on_landscape_pages(quality):
    first = page_of(quality, "Falls with harm per 1,000 bed days")
    assert quality.size(first)[0] > quality.size(first)[1]
    assert "Sheet 2" in quality.pages[first]
    assert f"Page {first + 1} of {len(quality.pages)}" in quality.pages[first]


def test_every_page_of_the_part_two_report_and_its_appendices_is_marked(part_two):
    assert len(part_two.pages) >= 4
    for number, text in enumerate(part_two.pages, start=1):
        assert PART_TWO in " ".join(text.split()), f"page {number} is not marked"
    assert any("Transfer station site plan" in text for text in part_two.pages), "the PDF appendix is merged in"
    assert any("1. First step" in text for text in part_two.pages), "the Word appendix keeps its numbers"


@pytest.fixture(scope="module")
def marked_pack(tmp_path_factory, soffice_module) -> Path:
    """A pack whose confidential items are a finance report with a landscape table and a PDF-only item,
    around a public quality report with a PDF appendix."""
    tmp = tmp_path_factory.mktemp("marked")
    finance_folder = copied("finance-report", tmp)
    paper = finance_folder / "paper.yaml"
    paper.write_text(paper.read_text().replace(
        "confidential: false", "confidential: true\nconfidential_reason: Draft figures not yet reported to NHS England"))
    copied("quality-report", tmp)
    text_pdf(tmp / "valuation.pdf", ["Valuation of the hub site"], pages=2)
    meeting = tmp / "meeting.yaml"
    meeting.write_text(
        "kind: meeting\nstyle: lsc-ics\ncommittee: ICS Board\ntitle: ICS Board\ndate: 2023-12-06\n"
        'start: "10:00"\nend: "12:00"\nvenue: Preston\nsections:\n  - title: Business\n    items:\n'
        "      - action: note\n        paper: finance-report/paper.yaml\n"
        "      - action: assure\n        paper: quality-report/paper.yaml\n"
        "      - title: Hub site valuation\n        owner: Chair\n        action: note\n"
        "        attachments: [valuation.pdf]\n        confidential: true\n"
        "        confidential_reason: Commercially sensitive\n")
    out = tmp / "out"
    build_in_process("pack", meeting, "--out", out, "--root", tmp)
    [folder] = visible(out)
    return folder


def test_in_a_pack_every_page_of_a_confidential_item_is_marked_and_only_those(marked_pack):
    from test_pack import item_pages

    pages = subprocess.run(["pdftotext", "-layout", str(marked_pack / "pack.pdf"), "-"],
                           capture_output=True, text=True).stdout.split("\f")[:-1]
    ranges = item_pages(marked_pack)
    assert sorted(ranges) == [1, 2, 3]
    heads = {number: [" ".join(pages[p - 1].split())[:80] for p in range(start, end + 1)] for number, (start, end) in ranges.items()}
    assert all(h.startswith("CONFIDENTIAL \u2013 NOT FOR PUBLICATION") for h in heads[1]), heads[1]
    assert all(h.startswith("CONFIDENTIAL \u2013 NOT FOR PUBLICATION") for h in heads[3]), heads[3]
    assert not any("NOT FOR PUBLICATION" in h for h in heads[2]), heads[2]
    assert any("Elective spells by month" in pages[p - 1] for p in range(ranges[1][0], ranges[1][1] + 1)), \
        "the landscape table is inside the marked item"
    assert sum("Valuation of the hub site" in page for page in pages) == 2, "both pages of the PDF are merged in"
    with pikepdf.open(marked_pack / "pack.pdf") as pdf:
        turned = [n for n in range(ranges[1][0], ranges[1][1] + 1) if pdf.pages[n - 1].mediabox[2] > pdf.pages[n - 1].mediabox[3]]
    assert turned, "the run-rate table is on a landscape page"
    assert len(pages) == ranges[3][1], "no page is added after the last item"


def test_the_appendix_list_follows_the_body_and_each_appendix_starts_its_own_page(quality):
    import re

    listing = next(n for n, text in enumerate(quality.pages, start=1) if re.search(r"^\s*Appendices\s*$", text, re.M))
    assert listing == page_of(quality, "What improved"), "the list of appendices stays on the body's last page"
    first_lines = [next((line.strip() for line in text.splitlines() if line.strip()), "") for text in quality.pages]
    assert first_lines[listing] == "Appendix A: Quality measures and how they are counted"
    assert first_lines[listing + 1] == "Regional quality dashboard", "the PDF appendix starts a page of its own"


def test_columns_of_figures_left_to_the_default_alignment_are_set_right(finance):
    document = open_docx(finance.docx)
    table = next(t for t in all_tables(document) if t.rows[0].cells[0].text == "Organisation" and len(t.columns) == 12)
    for row in table.rows:
        assert cell_alignment(row.cells[0]) is None, "names stay left"
        assert [cell_alignment(c) for c in row.cells[1:]] == ["right"] * 11, [c.text for c in row.cells]
