"""The Word files of every shipped example, read as Word's Accessibility Checker reads them.

No merged or split cells outside header rows, no empty paragraphs used for
spacing, every table with a marked header row, headings where a reader looks
for them (a paper's committee band, an agenda's title and sections). The
rules are read straight from the files here, not through ``audit``, so the
audit's own checks (tests/test_audit.py) are tested against a second reading.
"""

from __future__ import annotations

from pathlib import Path

import pytest
from docx.oxml.ns import qn
from lxml import etree

from conftest import REPO, build_in_process
from pipeline.batch import files_of_kind
from pipeline import ooxml
from readback import band, open_docx

PAPERS = sorted((REPO / "inputs" / "papers").glob("*.yaml")) + sorted((REPO / "inputs" / "appraisals").glob("*.yaml"))
MEETINGS = files_of_kind(REPO / "inputs" / "meetings", "meeting")
MINUTES = files_of_kind(REPO / "inputs" / "meetings", "minutes")


@pytest.fixture(scope="module")
def word_files(tmp_path_factory) -> list[Path]:
    """Return every Word file the shipped examples give: each paper, and each meeting's agenda, papers and packs."""
    out = tmp_path_factory.mktemp("word")
    for paper in PAPERS:
        build_in_process("paper", paper, "--out", out / "papers", "--root", REPO)
    for meeting in MEETINGS:
        build_in_process("pack", meeting, "--out", out, "--root", REPO, "--no-pdf")
    for minutes in MINUTES:
        build_in_process("minutes", minutes, "--out", out / "minutes", "--root", REPO)
    return sorted(p for p in out.rglob("*.docx") if not any(part.startswith(".") for part in p.relative_to(out).parts))


def body(path: Path) -> etree._Element:
    return open_docx(path).element.body


def is_blank(p: etree._Element) -> bool:
    """Return True when the paragraph `p` shows nothing and does nothing: no text, picture, break, field or section end."""
    busy = (".//w:drawing", ".//w:pict", ".//w:object", ".//w:br", ".//w:fldChar", ".//w:fldSimple", "./w:pPr/w:sectPr")
    return not ooxml.paragraph_text(p).strip() and not any(p.xpath(x) for x in busy)


def test_every_shipped_example_gives_its_word_files(word_files):
    names = [p.name for p in word_files]
    assert names.count("pack.docx") == 2 and names.count("agenda.docx") == 2 and len(names) >= len(PAPERS) + 8, names


def test_no_cell_is_merged_or_split_outside_a_header_row(word_files):
    merged = {}
    for path in word_files:
        for row in body(path).iter(qn("w:tr")):
            if not ooxml.is_header_row(row) and row.xpath("./w:tc/w:tcPr/w:gridSpan[@w:val > 1] | ./w:tc/w:tcPr/w:vMerge"):
                merged.setdefault(path.name, []).append(" | ".join(ooxml.paragraph_text(p) for p in row.iter(qn("w:p")))[:60])
    assert not merged, merged


def test_no_empty_paragraph_is_used_for_spacing(word_files):
    """The only empty paragraphs are those Word needs: one between two tables, or one closing a cell or the body after a table."""
    spacing = {}
    for path in word_files:
        for p in body(path).iter(qn("w:p")):
            if not is_blank(p):
                continue
            before, after = p.getprevious(), p.getnext()
            between_tables = before is not None and before.tag == qn("w:tbl") and after is not None and after.tag == qn("w:tbl")
            closing = before is not None and before.tag == qn("w:tbl") and (after is None or after.tag == qn("w:sectPr"))
            empty_cell = p.getparent().tag == qn("w:tc") and len(p.getparent().findall(qn("w:p"))) == 1
            if not (between_tables or closing or empty_cell):
                spacing.setdefault(path.name, []).append((before.tag.split("}")[1] if before is not None else None,
                                                          after.tag.split("}")[1] if after is not None else None,
                                                          [c.tag.split("}")[1] for c in p]))
    assert not spacing, spacing


def test_every_table_has_a_marked_header_row(word_files):
    unmarked = {path.name: n for path in word_files for n, tbl in enumerate(body(path).iter(qn("w:tbl")), start=1)
                if not ooxml.is_header_row(tbl.find(qn("w:tr")))}
    assert not unmarked, unmarked


def outline_level(style) -> int | None:
    """Return the outline level (0 is Heading 1) `style` gives its paragraphs, through the styles it is based on."""
    while style is not None:
        found = style.element.find(f"{qn('w:pPr')}/{qn('w:outlineLvl')}")
        if found is not None:
            return int(found.get(qn("w:val")))
        style = style.base_style
    return None


def test_a_papers_band_and_an_agendas_title_and_sections_are_headings(word_files):
    for path in word_files:
        document = open_docx(path)
        if path.name == "agenda.docx" or path.name.startswith("pack"):
            first = next(p for p in document.paragraphs if p.text.strip() and outline_level(p.style) is not None)
            assert outline_level(first.style) == 0, (path.name, first.style.name, first.text)
        if any(p.style.name == "Cover Band" for p in document.paragraphs):
            assert band(document).text.strip() and outline_level(band(document).style) == 0, path.name
    ics = open_docx(next(p for p in word_files if p.name == "agenda.docx" and "ics-board" in str(p)))
    assert next(p for p in ics.paragraphs if p.text.strip()).style.name == "Agenda Title"
    sections = [p for p in ics.paragraphs if p.style.name == "Agenda Section"]
    assert [p.text for p in sections] == ["Routine Items of Business", "Sustainability", "Building the Future System",
                                          "Any Other Business"]
    assert {outline_level(p.style) for p in sections} == {1}
