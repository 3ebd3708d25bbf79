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
from pikepdf import Dictionary, Name

from conftest import FIXTURES, build_in_process, tiny_png
from readback import all_tables, open_docx
from test_real_papers import section_of, styled_appendix

pytestmark = pytest.mark.pdf

PART_TWO = "PART II \u2013 NOT FOR PUBLICATION: exempt information under paragraph 3"


def text_pdf(path: Path, lines: list[str], landscape: bool = False, pages: int = 1) -> None:
    """Write a PDF of `pages` pages showing `lines` of text, as another system exports one."""
    pdf = pikepdf.new()
    font = pdf.make_indirect(Dictionary(Type=Name.Font, Subtype=Name.Type1, BaseFont=Name.Helvetica))
    width, height = (842, 595) if landscape else (595, 842)
    for number in range(pages):
        shown = b" ".join(b"(%s) Tj 0 -28 Td" % line.encode("latin-1") for line in lines + [f"Sheet {number + 1}"])
        content = pdf.make_stream(b"BT /F1 18 Tf 60 %d Td %s ET" % (height - 80, shown))
        pdf.pages.append(pikepdf.Page(Dictionary(Type=Name.Page, MediaBox=[0, 0, width, height], Contents=content,
                                                 Resources=Dictionary(Font=Dictionary(F1=font)))))
    pdf.save(path)


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
    import shutil

    shutil.copytree(FIXTURES / name, into / name)
    return into / name


@pytest.fixture(scope="module")
def finance(tmp_path_factory, soffice_module) -> Built:
    tmp = tmp_path_factory.mktemp("finance")
    folder = copied("finance-report", tmp)
    (folder / "chart.png").write_bytes(tiny_png(120, 60))
    return build(folder, "paper.yaml", tmp)


@pytest.fixture(scope="module")
def quality(tmp_path_factory, soffice_module) -> Built:
    tmp = tmp_path_factory.mktemp("quality")
    folder = copied("quality-report", tmp)
    styled_appendix(folder / "measures.docx")
    text_pdf(folder / "dashboard.pdf", ["Regional quality dashboard", "Falls with harm per 1,000 bed days"], landscape=True, pages=2)
    return build(folder, "paper.yaml", tmp)


@pytest.fixture(scope="module")
def part_two(tmp_path_factory, soffice_module) -> Built:
    tmp = tmp_path_factory.mktemp("part-two")
    folder = copied("part-two-report", tmp)
    styled_appendix(folder / "terms.docx")
    text_pdf(folder / "site-plan.pdf", ["Transfer station site plan"], landscape=True)
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
