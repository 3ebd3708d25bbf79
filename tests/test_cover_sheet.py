"""The cover-sheet paper, read back from the built Word file."""

from __future__ import annotations

import re
from pathlib import Path

import pytest
from click.testing import CliRunner
from docx.oxml.ns import qn

from conftest import REPO, copy_fixture, spec_examples
from pipeline.cli import main
from readback import (
    all_tables, band, body_paragraphs, details, governance, header_rows, open_docx, risk_row,
    section_paragraphs, start_override, tables_by_heading, ticks, zip_text,
)


def build(paper: Path, out: Path) -> Path:
    result = CliRunner().invoke(main, ["paper", str(paper), "--out", str(out), "--root", str(paper.parent)])
    assert result.exit_code == 0, result.stderr
    return Path(result.stdout.strip().splitlines()[0]).resolve()


@pytest.fixture(scope="module")
def full(tmp_path_factory) -> Path:
    """The ``full`` fixture paper, built once for this module."""
    folder = tmp_path_factory.mktemp("full")
    return build(copy_fixture("full", folder), folder / "out")


@pytest.fixture(scope="module")
def doc(full):
    return open_docx(full)


def test_output_is_named_after_the_title(full):
    assert full.name == "capital-estates-plan-7-7.docx"


def test_cover_sheet_shows_every_value_in_its_cell(doc):
    assert band(doc).text == "ICS Board"
    assert details(doc) == {
        "Date of Meeting": "3 March 2021",
        "Title of Paper": "Capital & <Estates> Plan {{ 7*7 }}",
        "Presented By": "Gary Raphael, ICS Finance Lead",
        "Author": "Emily Kruger",
        "Contributor/s": "Ann Highton; Neil Greaves",
        "Agenda Item": "9",
        "Confidential": "No",
    }
    assert [p.text for p in section_paragraphs(doc, "Purpose of the Paper")] == [
        "For decision: {% if approved %}approve{% endif %} the plan."
    ]
    summary = [p.text for p in section_paragraphs(doc, "Executive Summary")]
    assert summary == [
        "The plan spends £42m over three years & replaces <b>two</b> ageing wards.",
        "It has two parts:", "wards first;", "clinics second.",
    ]
    conflicts = " ".join(p.text for p in section_paragraphs(doc, "Conflicts of Interest Identified"))
    assert conflicts == "Trust chief executives hold an interest in where the money is spent; the Chair has asked them not to vote."


def test_markdown_in_a_cell_keeps_its_emphasis_and_takes_the_cell_style(doc):
    first = section_paragraphs(doc, "Executive Summary")[0]
    assert [r.text for r in first.runs if r.bold] == ["£42m"]
    assert first.style.name == "Cover Body"


def test_each_implication_row_ticks_exactly_its_answer(doc):
    assert ticks(doc) == {
        "Quality Impact Assessment Completed": ["No"],
        "Equality Impact Assessment Completed": ["N/A"],
        "Privacy Impact Assessment Completed": ["Yes"],
        "Financial Impact Assessment Completed": ["Yes"],
        "Associated Risks": ["Yes"],
        "Are Associated Risks Detailed on the ICS Risk Register?": ["Yes"],
    }


def test_risk_row_lists_reference_and_description(doc):
    assert risk_row(doc) == [
        "SR-01 \u2013 Building costs may rise beyond the contingency.",
        "SR-09 \u2013 Ward closures during building may reduce bed numbers.",
    ]


def test_recommendations_are_numbered_one_list_after_the_lead_in(doc):
    paragraphs = section_paragraphs(doc, "Recommendations")
    assert [p.text for p in paragraphs] == [
        "The ICS Board is asked to", "approve the capital plan;",
        "note the phasing in table 2; and", "ask for an update in September.",
    ]
    numbers = {p._p.pPr.numPr.numId.val for p in paragraphs[1:]}
    assert len(numbers) == 1 and paragraphs[0]._p.pPr.numPr is None
    numbering = doc.part.numbering_part.element
    (number,) = numbers
    abstract_id = numbering.xpath(f'w:num[@w:numId="{number}"]/w:abstractNumId/@w:val')[0]
    fmt = numbering.xpath(f'w:abstractNum[@w:abstractNumId="{abstract_id}"]/w:lvl[@w:ilvl="0"]/w:numFmt/@w:val')[0]
    assert fmt == "decimal"
    assert {p.style.name for p in paragraphs[1:]} == {"Cover Body List"}


def test_governance_rows_keep_their_order_and_house_dates(doc):
    assert governance(doc) == [
        ("Finance Advisory Committee", "February 2021", "Recommended for approval."),
        ("Estates Group", "Ongoing", "Reviewing the clinic options."),
        ("System Leadership Executive", "17 February 2021", "Endorsed."),
    ]


def test_body_starts_on_a_new_page_with_heading_styles(doc):
    paragraphs = body_paragraphs(doc)
    band, first = [p for p in paragraphs if p.text][:2]
    assert (band.text, band.style) == ("ICS Board", "Cover Band"), "the cover sheet's heading, a paragraph"
    assert (first.text, first.style, first.page_break_before) == ("Capital plan", "Heading 1", True)
    headings = [(p.style, p.text) for p in paragraphs if p.style.startswith("Heading")]
    assert headings == [
        ("Heading 1", "Capital plan"), ("Heading 2", "Spending"), ("Heading 2", "Phasing"),
        ("Heading 2", "Appendices"),
        ("Heading 1", "Appendix A: Ward options"), ("Heading 1", "Appendix B: Clinic schedule"),
    ]


def test_numbered_lists_restart_and_use_list_styles(doc):
    items = [p for p in body_paragraphs(doc) if p.num_id is not None]
    by_list: dict[int, list[str]] = {}
    for p in items:
        by_list.setdefault(p.num_id, []).append(p.text)
    bullets = [["a bullet"], ["a nested bullet"]]
    numbered = [texts for texts in by_list.values() if texts not in bullets]
    assert numbered == [
        ["Wards are rebuilt first.", "Clinics follow."],
        ["Year one: design.", "Year two: wards."],
        ["A new list starts again at one.", "And continues."],
    ]
    for num_id, texts in by_list.items():
        if texts not in bullets:
            assert start_override(doc, num_id) in (None, 1), texts
    styles = {p.text: p.style for p in items}
    assert styles["Wards are rebuilt first."] == "List Number"
    assert styles["a bullet"] == "List Bullet"
    assert styles["a nested bullet"] == "List Bullet 2"


def test_every_table_marks_its_header_rows(doc):
    tables = all_tables(doc)
    assert len(tables) == 10  # eight on the cover sheet (its risks a section of their own), one in the body, one in appendix A
    for table in tables:
        assert header_rows(table) >= 1, table.rows[0].cells[0].text
    assert header_rows(tables_by_heading(doc)["Governance and Reporting"]) == 2
    phasing = tables_by_heading(doc)["Year"]
    assert [c.text for c in phasing.rows[0].cells] == ["Year", "Spend (£m)", "Share"]


def test_text_from_inputs_is_never_evaluated(full, doc):
    assert details(doc)["Title of Paper"] == "Capital & <Estates> Plan {{ 7*7 }}"
    body = "\n".join(p.text for p in body_paragraphs(doc))
    assert "The figures use {{ 7*7 }} nowhere" in body
    assert "49" not in details(doc)["Title of Paper"]


def test_no_template_text_or_stand_ins_reach_the_document(full):
    text = zip_text(full)
    for leftover in ("{%tr", "{%p", "{{ slots", "{{ entry", "bptok", "bpslot", "Boardpapers Marker",
                     "Mark Yes, No or Not Applicable", "List Other Forums"):
        assert leftover not in text


def test_sign_off_and_appendices_follow_the_body(doc):
    texts = [p.text for p in body_paragraphs(doc) if p.text]
    sign_off = next(p for p in body_paragraphs(doc) if p.text.startswith("Emily Kruger"))
    assert sign_off.text == "Emily Kruger\nDirector of Strategy\n20 February 2021"
    assert sign_off.style == "Sign-off"
    start = texts.index("Appendices")
    assert texts[start + 1: start + 5] == [
        "Appendix A: Ward options", "Appendix B: Clinic schedule",
        "Appendix C: Surveyor's report (PDF)", "Appendix D: Consultation summary (to follow)",
    ]
    assert texts.index("Three ward options were costed; option B is preferred.") > texts.index("Appendix A: Ward options")
    heading = len(texts) - 1 - texts[::-1].index("Appendix B: Clinic schedule")
    assert texts[heading + 1: heading + 3] == ["Clinic schedule table from the estates team.", "Clinics open in 2023."]
    appendix_headings = [p for p in body_paragraphs(doc) if p.style == "Heading 1" and p.text.startswith("Appendix")]
    assert [p.page_break_before for p in appendix_headings] == [True, True]


def test_image_is_embedded_with_its_alt_text(full):
    text = zip_text(full)
    assert 'descr="Spending by year, rising from £10m to £18m"' in text
    assert re.search(r'Target="media/[^"]+\.png"', text)


def test_document_properties_name_the_paper(doc):
    core = doc.core_properties
    assert (core.title, core.subject, core.author, core.language) == (
        "Capital & <Estates> Plan {{ 7*7 }}", "ICS Board, 3 March 2021", "Emily Kruger", "en-GB",
    )


def test_styles_come_from_the_house_reference_document(doc):
    from docx import Document

    reference = Document(str(REPO / "templates" / "lsc-ics" / "reference.docx"))
    for name in ("Heading 1", "Heading 2", "Body Text", "List Number", "Cover Body", "Table"):
        built, source = doc.styles[name].element, reference.styles[name].element
        assert built.xml == source.xml, name
    lang = doc.styles.element.find(f"{qn('w:docDefaults')}/{qn('w:rPrDefault')}/{qn('w:rPr')}/{qn('w:lang')}")
    assert lang.get(qn("w:val")) == "en-GB"


def test_page_is_a4_with_page_x_of_y_in_the_footer(doc):
    section = doc.sections[-1]
    assert (round(section.page_width.cm, 1), round(section.page_height.cm, 1)) == (21.0, 29.7)
    footer = section.footer._element.xml
    assert "PAGE" in footer and "NUMPAGES" in footer and "Page " in footer and " of " in footer


def test_contributors_row_and_governance_none_row_follow_the_inputs(workdir, boardpapers):
    paper = copy_fixture("minimal", workdir)
    text = paper.read_text().replace(
        "governance:\n  - forum: System Leadership Executive\n    date: 2020-12-16\n    outcome: Supported.\n", ""
    )
    paper.write_text(text)
    run = boardpapers("paper", paper, "--out", workdir / "out")
    assert run.exit_code == 0, run.stderr
    doc = open_docx(Path(run.stdout.strip()))
    assert "Contributor/s" not in details(doc)
    assert governance(doc) == [("None", "", "")]
    assert ticks(doc)["Are Associated Risks Detailed on the ICS Risk Register?"] == ["No"]
    assert risk_row(doc) == ["Radiographer vacancies may delay opening."]


def test_confidential_paper_is_marked_on_every_page(workdir, boardpapers):
    paper = copy_fixture("minimal", workdir)
    paper.write_text(paper.read_text().replace(
        "confidential: false", "confidential: true\nconfidential_reason: Names a preferred supplier before the tender closes."
    ))
    run = boardpapers("paper", paper, "--out", workdir / "out")
    assert run.exit_code == 0, run.stderr
    doc = open_docx(Path(run.stdout.strip()))
    assert details(doc)["Confidential"] == "Yes \u2013 Names a preferred supplier before the tender closes."
    assert doc.sections[0].header.paragraphs[0].text == "CONFIDENTIAL \u2013 NOT FOR PUBLICATION"


def test_paper_without_meeting_shows_house_committee_and_to_be_confirmed(workdir, boardpapers):
    paper = copy_fixture("minimal", workdir)
    paper.write_text(paper.read_text().replace("meeting:\n  committee: ICS Board\n  date: 2021-01-13\nagenda_item: 7\n", ""))
    run = boardpapers("paper", paper, "--out", workdir / "out")
    assert run.exit_code == 0, run.stderr
    doc = open_docx(Path(run.stdout.strip()))
    assert band(doc).text == "ICS Board"
    assert (details(doc)["Date of Meeting"], details(doc)["Agenda Item"]) == ("To be confirmed", "To be confirmed")
    assert doc.core_properties.subject == "ICS Board"


@pytest.mark.parametrize("example", spec_examples("cover-sheet"), ids=lambda p: p.name)
def test_contract_examples_build_unchanged(example, tmp_path):
    built = build(example, tmp_path)
    doc = open_docx(built)
    text = example.read_text(encoding="utf-8")
    title = re.search(r"^title: (.+)$", text, re.MULTILINE).group(1)
    assert details(doc)["Title of Paper"] == title
    assert len(ticks(doc)) == 6


def test_contract_examples_are_present():
    if not spec_examples("cover-sheet"):
        pytest.skip("../shared/spec/examples is not beside this checkout (set BOARDPAPERS_SPEC_EXAMPLES)")
    assert len(spec_examples("cover-sheet")) >= 2


def test_shipped_example_paper_builds(workdir, boardpapers):
    run = boardpapers("paper", REPO / "inputs" / "papers" / "elective-care-capacity.yaml", "--out", workdir, "--root", REPO)
    assert run.exit_code == 0, run.stderr
    doc = open_docx(Path(run.stdout.strip()))
    assert details(doc)["Title of Paper"] == "Protecting Elective Care Capacity This Winter"
    assert "Appendix A: Theatre capacity by trust, week ending 22 November" in [p.text for p in doc.paragraphs]
