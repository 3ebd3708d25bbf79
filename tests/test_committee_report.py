"""The council committee report, read back: sections in order, numbering, derived lines."""

from __future__ import annotations

from pathlib import Path

import pytest

from conftest import REPO, copy_fixture, spec_examples
from readback import body_paragraphs, open_docx, table_after_heading, table_text

STATUTORY = "Local Government (Access to Information) Act 1985"


def build(boardpapers, paper: Path, root: Path) -> Path:
    run = boardpapers("paper", paper, "--out", "out", "--root", root)
    assert run.exit_code == 0, run.stderr
    return Path(run.stdout.split()[0])


@pytest.fixture
def report(workdir, boardpapers):
    paper = copy_fixture("council", workdir).parent / "report.yaml"
    return open_docx(build(boardpapers, paper, workdir))


def texts(doc) -> list[str]:
    return [p.text for p in body_paragraphs(doc) if p.text]


def test_sections_come_in_the_council_order(report):
    headings = [(p.style, p.text) for p in body_paragraphs(report) if p.style.startswith("Heading")]
    assert headings == [
        ("Heading 1", "Winter Gritting Routes"), ("Heading 2", "Brief Summary"), ("Heading 2", "Recommendations"),
        ("Heading 2", "Detail"), ("Heading 3", "Routes"), ("Heading 2", "Consultations"), ("Heading 2", "Implications:"),
        ("Heading 3", "Financial"), ("Heading 3", "Legal"), ("Heading 2", STATUTORY),
        ("Heading 2", "Reason for inclusion in Part II, if appropriate"), ("Heading 2", "Appendices"),
    ]
    lines = texts(report)
    assert lines[:5] == ["Report to the Cabinet", "Meeting to be held on Thursday, 5 October 2023", "Part I",
                         "Corporate Priorities:", "Delivering better services;"]
    assert lines[lines.index("Contact for further information:") + 1] == (
        "Sam Ward, Tel: 01772 530000, Head of Highways, sam.ward@example.gov.uk")


def test_title_carries_the_derived_appendix_line(report):
    lines = texts(report)
    assert lines[lines.index("Winter Gritting Routes") + 1] == "(Appendix ‘A’ and ‘B’ refer)"
    assert table_text(table_after_heading(report, "Appendices")) == [
        ["Appendix", "Title"], ["Appendix ‘A’", "Route maps"], ["Appendix ‘B’", "Salt stock forecast"]]


def test_recommendations_follow_the_lead_in_numbered_in_roman(report):
    paragraphs = body_paragraphs(report)
    start = [p.text for p in paragraphs].index("Recommendations") + 1
    lead, first, second = paragraphs[start: start + 3]
    assert (lead.text, lead.num_id) == ("The Cabinet is asked to:", None)
    assert (first.text, second.text) == ("Approve the routes for 2023/24.", "Note the salt stock levels.")
    assert first.num_id == second.num_id is not None
    numbering = report.part.numbering_part.element
    abstract = numbering.xpath(f'w:num[@w:numId="{first.num_id}"]/w:abstractNumId/@w:val')[0]
    level = f'w:abstractNum[@w:abstractNumId="{abstract}"]/w:lvl[@w:ilvl="0"]'
    assert numbering.xpath(f"{level}/w:numFmt/@w:val") == ["lowerRoman"]
    assert numbering.xpath(f"{level}/w:lvlText/@w:val") == ["%1)"]


def test_consultations_are_lettered_with_who_and_when(report):
    lines = texts(report)
    start = lines.index("Consultations")
    assert lines[start + 1: start + 5] == [
        "a) Highways and Transport Committee \u2013 12 September 2023",
        "Members asked for two school routes to be added.",
        "b) District councils (ongoing)",
        "Districts are sharing local knowledge of problem roads.",
    ]


def test_statutory_sections_say_none_and_not_applicable(report):
    assert table_text(table_after_heading(report, STATUTORY)) == [["Paper", "Date", "Contact/Tel"], ["None", "", ""]]
    lines = texts(report)
    assert lines[lines.index("Reason for inclusion in Part II, if appropriate") + 1] == "N/A"


def test_a_part_two_report_names_its_exemption(workdir, boardpapers):
    paper = copy_fixture("council", workdir).parent / "report.yaml"
    paper.write_text(paper.read_text().replace("confidential: false", "confidential: true\nexempt_paragraph: 3"))
    doc = open_docx(build(boardpapers, paper, workdir))
    lines = texts(doc)
    assert lines[2] == "Part II"
    reason = lines[lines.index("Reason for inclusion in Part II, if appropriate") + 1]
    assert reason.startswith("Exempt information as defined in Paragraph 3 of Part 1 of Schedule 12A to the Local "
                             "Government Act 1972: Information relating to the financial or business affairs")


def test_background_papers_are_listed_with_house_dates(workdir, boardpapers):
    doc = open_docx(build(boardpapers, REPO / "inputs" / "papers" / "place-governance.yaml", REPO))
    assert table_text(table_after_heading(doc, STATUTORY))[1] == [
        "Cabinet report, Place Integration Deal", "6 July 2023", "Louise Taylor, 01772 536126"]
    assert doc.core_properties.subject == "Lancashire Health and Wellbeing Board, 5 September 2023"


@pytest.mark.parametrize("example", spec_examples("committee-report"), ids=lambda p: p.name)
def test_contract_committee_report_builds_unchanged(example, workdir, boardpapers):
    doc = open_docx(build(boardpapers, example, example.parent))
    lines = texts(doc)
    assert lines[1] == "Meeting to be held on Tuesday, 18 July 2023"
    assert "(Appendix ‘A’, ‘B’ and ‘C’ refer)" in lines
    assert lines.index("Detail") < lines.index("Context - Lancashire Place") < lines.index("Consultations")
