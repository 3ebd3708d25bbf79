"""The paper as a committee member sees it: converted to PDF by LibreOffice, read back page by page."""

from __future__ import annotations

import re
from pathlib import Path

import pytest
from pypdf import PdfReader

from conftest import copy_fixture
from pipeline.cache import FOLDER

pytestmark = pytest.mark.pdf


@pytest.fixture
def pdf(workdir, boardpapers, soffice) -> PdfReader:
    paper = copy_fixture("full", workdir)
    run = boardpapers("paper", paper, "--out", "out", "--pdf")
    assert run.exit_code == 0, run.stderr
    docx, pdf = (Path(line) for line in run.stdout.split())
    assert (docx.suffix, pdf.suffix) == (".docx", ".pdf")
    return PdfReader(str(pdf))


def page_texts(reader: PdfReader) -> list[str]:
    return [" ".join(page.extract_text().split()) for page in reader.pages]


def test_pdf_pages_read_as_the_paper(pdf):
    pages = page_texts(pdf)
    cover = pages[0]
    for text in ("ICS Board", "Date of Meeting 3 March 2021", "Title of Paper Capital & <Estates> Plan {{ 7*7 }}",
                 "Agenda Item 9", "Purpose of the Paper", "Governance and Reporting", "Implications"):
        assert text in cover, text
    assert "Quality Impact Assessment Completed Yes \u2610 No \u2612 N/A \u2610" in cover
    body = next(i for i, text in enumerate(pages) if text.startswith("Capital plan"))
    assert body >= 1, "the body starts on a page of its own"
    assert any("Appendix A: Ward options Three ward options" in text for text in pages)


def test_every_page_says_page_x_of_y(pdf):
    pages = page_texts(pdf)
    total = len(pages)
    assert total >= 4
    for number, text in enumerate(pages, start=1):
        assert re.search(rf"Page {number} of {total}\b", text), (number, text[-80:])


def test_pdf_carries_title_and_is_tagged(pdf):
    assert pdf.metadata.title == "Capital & <Estates> Plan {{ 7*7 }}"
    assert "/StructTreeRoot" in pdf.trailer["/Root"]
    assert pdf.trailer["/Root"]["/Lang"] == "en-GB"


def test_a_paper_built_again_unchanged_is_taken_from_the_cache_and_a_changed_one_is_made_again(pdf, workdir, boardpapers):
    out = workdir / "out"
    entries = lambda: {e.name: (e / "paper.pdf").stat().st_mtime_ns for e in (out / FOLDER).iterdir()}  # noqa: E731
    made = entries()
    assert len(made) == 1, "the paper's Word file and PDF, in one entry"
    pdf_file = next(out.glob("*.pdf"))
    before = pdf_file.read_bytes()
    pdf_file.write_bytes(b"damaged")  # what the build writes is the cache's copy, whatever is there
    again = boardpapers("paper", workdir / "full" / "paper.yaml", "--out", "out", "--pdf")
    assert again.exit_code == 0, again.stderr
    assert entries() == made, "nothing was made again"
    assert pdf_file.read_bytes() == before
    paper = workdir / "full" / "paper.yaml"
    paper.write_text(paper.read_text(encoding="utf-8").replace("# Capital plan", "# Capital plan, revised"), encoding="utf-8")
    changed = boardpapers("paper", workdir / "full" / "paper.yaml", "--out", "out", "--pdf")
    assert changed.exit_code == 0, changed.stderr
    assert len(entries()) == 2, "the changed paper made again, in an entry of its own"
    assert any("Capital plan, revised" in text for text in page_texts(PdfReader(str(pdf_file))))
