"""Papers as boards really get them look right: tables, pictures, links and typography.

Each test builds a paper from a fixture and reads back what a reader meets:
rows that never split across pages, alt text kept for screen readers and never
printed, captions only where the author wrote one, links that are more than a
colour, and one kind of quote marks throughout.
"""

from __future__ import annotations

import re

import pytest
from docx.oxml.ns import qn

from conftest import copy_fixture, styled_appendix, tiny_png
from pipeline.contrast import MINIMUM, WHITE, contrast_ratio
from readback import all_tables, cell_alignment, open_docx

BODY_IMAGES = """

![Bar chart of scans per week, rising from 400 to 650](chart.png)

![Line chart of waiting times](chart.png "Waiting times fell in every month")
"""


def build(workdir, boardpapers, fixture: str = "minimal", extra_markdown: str = "") -> object:
    paper = copy_fixture(fixture, workdir)
    (paper.parent / "chart.png").write_bytes(tiny_png())
    if extra_markdown:
        body = paper.parent / "body.md"
        body.write_text(body.read_text(encoding="utf-8") + extra_markdown, encoding="utf-8")
    run = boardpapers("paper", paper.relative_to(workdir), "--out", "out")
    assert run.exit_code == 0, run.stderr
    return open_docx(run.stdout.strip())


FILES = {"minimal": "paper.yaml", "council": "report.yaml"}


@pytest.mark.parametrize("fixture", FILES)
def test_links_are_underlined_and_their_colour_reads_at_least_4_5_to_1(fixture, workdir, boardpapers):
    paper = copy_fixture(fixture, workdir).parent / FILES[fixture]
    run = boardpapers("paper", paper.relative_to(workdir), "--out", "out")
    document = open_docx(run.stdout.strip())
    style = document.styles["Hyperlink"]
    assert style.font.underline is True
    assert contrast_ratio(str(style.font.color.rgb), WHITE) >= MINIMUM


def test_no_row_of_a_body_table_breaks_across_pages_and_header_rows_still_repeat(workdir, boardpapers):
    document = build(workdir, boardpapers, "full")
    tables = [t for t in all_tables(document) if t._tbl.tblPr.find(qn("w:tblStyle")) is not None
              and t._tbl.tblPr.find(qn("w:tblStyle")).get(qn("w:val")) == "Table"]
    body = [t for t in tables if {"Spend (£m)", "Beds"} & {cell.text for cell in t.rows[0].cells}]
    assert len(body) == 2
    for table in body:
        for row in table.rows:
            assert row._tr.trPr is not None and row._tr.trPr.find(qn("w:cantSplit")) is not None
        assert table.rows[0]._tr.trPr.find(qn("w:tblHeader")) is not None


def test_alt_text_describes_the_picture_and_only_a_title_is_printed_as_its_caption(workdir, boardpapers):
    document = build(workdir, boardpapers, extra_markdown=BODY_IMAGES)
    shown = [p.text for p in document.paragraphs]
    assert not any("Bar chart of scans" in text for text in shown), "alt text is never printed"
    assert "Waiting times fell in every month" in shown
    caption = next(p for p in document.paragraphs if p.text == "Waiting times fell in every month")
    assert caption.style.name == "Image Caption"
    descriptions = re.findall(r'<wp:docPr [^>]*descr="([^"]*)"', document.element.xml)
    assert descriptions == ["Bar chart of scans per week, rising from 400 to 650", "Line chart of waiting times"]


def test_derived_lines_use_the_same_curly_quotes_as_converted_text(workdir, boardpapers):
    paper = copy_fixture("council", workdir).parent / FILES["council"]
    run = boardpapers("paper", paper.relative_to(workdir), "--out", "out")
    text = "\n".join(p.text for p in open_docx(run.stdout.strip()).paragraphs)
    assert "(Appendix \u2018A\u2019 and \u2018B\u2019 refer)" in text
    assert not re.search(r"Appendix '[A-Z]'", text)


@pytest.mark.pdf
def test_a_pdf_appendix_is_merged_into_the_papers_own_pdf_where_it_stands(workdir, boardpapers, soffice):
    import subprocess

    import pikepdf
    from hostile_pdf import HOSTILE_PDF, VISIBLE_WORD

    paper = copy_fixture("full", workdir)
    (paper.parent / "appendix.pdf").write_bytes(HOSTILE_PDF["clean"]())
    run = boardpapers("paper", paper.relative_to(workdir), "--out", "out", "--pdf")
    assert run.exit_code == 0, run.stderr
    pdf_path = workdir / "out" / "capital-estates-plan-7-7.pdf"
    with pikepdf.open(pdf_path) as pdf:
        total = len(pdf.pages)
        with pdf.open_outline() as outline:
            titles = [entry.title for entry in outline.root]
            at = next(entry for entry in outline.root if entry.title.startswith("Appendix C"))
            target = pdf.pages.index(pikepdf.Page(at.destination[0])) if at.destination else None
    with pikepdf.open(paper.parent / "appendix.pdf") as appendix:
        count = len(appendix.pages)
    merged = subprocess.run(["pdftotext", "-f", str(total - count + 1), "-l", str(total), str(pdf_path), "-"],
                            capture_output=True, text=True).stdout
    assert count == 2 and VISIBLE_WORD in merged and f"Page {total} of {total}" in merged
    assert "Appendix C: Surveyor's report" in titles
    assert target == total - count, "the bookmark opens the appendix's first page"


RUN_RATE = """

## Run rate

| Organisation | Apr | May | Jun | Jul | Aug | Sep | Oct | Nov | YTD | Plan | Variance |
|---|---|---|---|---|---|---|---|---|---|---|---|
| Blackpool Teaching Hospitals | 1,204 | 1,180 | 1,222 | 1,190 | 1,175 | 1,240 | 1,260 | 1,231 | 9,702 | 9,500 | 202 |
| Lancashire Teaching Hospitals | 2,104 | 2,080 | 2,122 | 2,090 | 2,075 | 2,140 | 2,160 | 2,131 | 16,902 | 17,000 | -98 |
| University Hospitals of Morecambe Bay | 1,504 | 1,480 | 1,522 | 1,490 | 1,475 | 1,540 | 1,560 | 1,531 | 12,102 | 12,000 | 102 |

: Elective activity by month, 2023/24

Beds by trust:

| Trust | Beds | Occupied |
|---|---|---|
| Blackpool Teaching Hospitals | 800 | 92% |
| East Lancashire Hospitals | 1,000 | 95% |

::: landscape
| Site | Status |
|---|---|
| Preston | Open |
:::

The end.
"""


def section_of(document, table) -> str:
    """Return the orientation of the section `table` is in: the next section properties after it say."""
    element = table._tbl
    while element is not None:
        found = element.find(f"{qn('w:pPr')}/{qn('w:sectPr')}") if element.tag == qn("w:p") else None
        if found is not None:
            return found.find(qn("w:pgSz")).get(qn("w:orient"), "portrait")
        element = element.getnext()
    return document.sections[-1].orientation.name.lower()


def grid(table) -> list[int]:
    return [int(col.get(qn("w:w"))) for col in table._tbl.findall(f"{qn('w:tblGrid')}/{qn('w:gridCol')}")]


def test_a_table_too_wide_for_portrait_goes_on_landscape_pages_with_columns_sized_by_content(workdir, boardpapers):
    document = build(workdir, boardpapers, extra_markdown=RUN_RATE)
    tables = {t.rows[0].cells[0].text: t for t in all_tables(document)}
    wide, beds, forced = tables["Organisation"], tables["Trust"], tables["Site"]
    assert section_of(document, wide) == "landscape"
    assert section_of(document, beds) == "portrait"
    assert section_of(document, forced) == "landscape", "an author's ::: landscape div decides"
    assert document.sections[-1].orientation.name == "PORTRAIT", "the paper returns to portrait"
    organisation, *months = grid(wide)
    assert organisation > 2 * max(months), "the name column is wide, the number columns narrow"
    trust, *numbers = grid(beds)
    assert trust > sum(numbers)
    heading = next(p for p in document.paragraphs if p.text == "Run rate")
    after = heading._p.getnext()
    assert after.find(f"{qn('w:pPr')}/{qn('w:sectPr')}") is None, "the heading turns with its table, not left behind"


@pytest.mark.pdf
def test_every_word_of_the_wide_table_is_whole_on_its_landscape_page(workdir, boardpapers, soffice):
    import subprocess

    paper = copy_fixture("minimal", workdir)
    body = paper.parent / "body.md"
    body.write_text(body.read_text(encoding="utf-8") + RUN_RATE, encoding="utf-8")
    run = boardpapers("paper", paper.relative_to(workdir), "--out", "out", "--pdf")
    assert run.exit_code == 0, run.stderr
    pdf = workdir / "out" / "community-diagnostic-hubs.pdf"
    pages = subprocess.run(["pdftotext", "-layout", str(pdf), "-"], capture_output=True, text=True).stdout.split("\f")
    page = next(i for i, text in enumerate(pages) if "Organisation" in text) + 1
    size = subprocess.run(["pdfinfo", "-f", str(page), "-l", str(page), str(pdf)], capture_output=True, text=True).stdout
    width, height = map(float, next(l for l in size.splitlines() if "size:" in l).split("size:")[1].split("pts")[0].split(" x "))
    assert width > height, "the wide table's page is landscape"
    lines = pages[page - 1].splitlines()
    for name in ("Organisation", "Blackpool Teaching Hospitals", "University Hospitals of Morecambe Bay", "Variance", "16,902"):
        assert any(name in line for line in lines), f"{name!r} is broken across lines"


@pytest.mark.pdf
def test_every_page_of_a_part_two_report_says_it_is_not_for_publication(workdir, boardpapers, soffice):
    import subprocess

    report = copy_fixture("council", workdir).parent / FILES["council"]
    text = report.read_text(encoding="utf-8").replace("confidential: false", "confidential: true\nexempt_paragraph: 3")
    long_detail = "\n".join(f"  Paragraph {n} of the routes review, kept long so that the report runs onto more pages." * 3
                            + "\n" for n in range(60))
    report.write_text(text.replace("  Priority routes cover 2,500 km of road.\n", long_detail), encoding="utf-8")
    run = boardpapers("paper", report.relative_to(workdir), "--out", "out", "--pdf")
    assert run.exit_code == 0, run.stderr
    pdf = next((workdir / "out").glob("*.pdf"))
    pages = subprocess.run(["pdftotext", str(pdf), "-"], capture_output=True, text=True).stdout.split("\f")[:-1]
    assert len(pages) >= 3
    for number, page in enumerate(pages, start=1):
        assert "PART II \u2013 NOT FOR PUBLICATION: exempt information under paragraph 3" in page, f"page {number}"


def test_a_public_council_report_carries_no_marking(workdir, boardpapers):
    report = copy_fixture("council", workdir).parent / FILES["council"]
    run = boardpapers("paper", report.relative_to(workdir), "--out", "out")
    document = open_docx(run.stdout.strip())
    assert all(not p.text.strip() for section in document.sections for p in section.header.paragraphs)


def test_a_rating_shades_its_whole_cell_and_stays_in_text(workdir, boardpapers):
    from readback import cell_fill, table_after_heading

    appraisal = copy_fixture("appraisal", workdir).parent / "appraisal.yaml"
    run = boardpapers("paper", appraisal.relative_to(workdir), "--out", "out")
    assert run.exit_code == 0, run.stderr
    matrix = table_after_heading(open_docx(run.stdout.strip()), "Detailed assessment")
    rated = [cell for row in matrix.rows[1:] for cell in row.cells[1:]]
    assert rated and all(cell_fill(cell) for cell in rated)
    assert all("Suggested ability: " in cell.text for cell in rated)


@pytest.mark.parametrize("fixture", FILES)
def test_each_heading_level_is_visibly_smaller_than_the_one_above(fixture, workdir, boardpapers):
    paper = copy_fixture(fixture, workdir).parent / FILES[fixture]
    document = open_docx(boardpapers("paper", paper.relative_to(workdir), "--out", "out").stdout.strip())
    sizes = [document.styles[f"Heading {level}"].font.size.pt for level in (1, 2, 3)]
    assert sizes[0] > sizes[1] > sizes[2]


def test_a_word_appendix_keeps_its_numbers_and_takes_the_house_look(workdir, boardpapers):
    from readback import header_rows

    paper = copy_fixture("full", workdir)
    styled_appendix(paper.parent / "appendix.docx")
    run = boardpapers("paper", paper.relative_to(workdir), "--out", "out")
    assert run.exit_code == 0, run.stderr
    document = open_docx(run.stdout.strip())
    steps = [p for p in document.paragraphs if p.text in ("First step", "Second step", "Third step")]
    assert len(steps) == 3 and all(p._p.pPr.numPr is not None for p in steps)
    assert len({p._p.pPr.numPr.numId.val for p in steps}) == 1, "one list, numbered on"
    heading = next(p for p in document.paragraphs if p.text == "Clinic schedule")
    assert heading.style.name == "Heading 1" and str(heading.style.font.color.rgb) == "005EB8"
    table = next(t for t in all_tables(document) if t.rows[0].cells[0].text == "Clinic")
    assert table.style.style_id == "Table" and header_rows(table) == 1


@pytest.mark.pdf
def test_a_word_appendix_prints_its_list_numbers(workdir, boardpapers, soffice):
    import subprocess

    paper = copy_fixture("full", workdir)
    styled_appendix(paper.parent / "appendix.docx")
    run = boardpapers("paper", paper.relative_to(workdir), "--out", "out", "--pdf")
    assert run.exit_code == 0, run.stderr
    text = subprocess.run(["pdftotext", str(workdir / "out" / "capital-estates-plan-7-7.pdf"), "-"],
                          capture_output=True, text=True).stdout
    assert "1. First step" in text and "3. Third step" in text


def test_a_column_of_figures_the_author_aligned_keeps_its_alignment(workdir, boardpapers):
    paper = copy_fixture("minimal", workdir)
    (paper.parent / "body.md").write_text(
        "# Beds\n\n| Ward | Beds | Open | Note |\n|---|:--|---|---|\n| Ash | 12 | 10 | two closed |\n| Elm | 8 | (2) | |\n")
    run = boardpapers("paper", paper.relative_to(workdir), "--out", "out")
    assert run.exit_code == 0, run.stderr
    table = open_docx(run.stdout.strip()).tables[-1]
    assert [[cell_alignment(c) for c in row.cells] for row in table.rows] == [[None, "left", "right", None]] * 3
