"""Minutes: built from the clerk's file and the agenda they follow, read back from the Word files and PDFs.

The shipped example (the ICS Board of 2 December 2020) is built once with
PDFs; the next meeting's pack, a starter file and the wrong inputs use small
trees written here.
"""

from __future__ import annotations

import re
import shutil
import zipfile
from pathlib import Path

import pytest
from docx import Document
from docx.text.paragraph import Paragraph

from conftest import REPO, small_meeting
from pipeline.cli import main
from pipeline.markdown import plain_texts
from readback import open_docx, table_text, zip_words
from test_pack import build_from, pdf_pages

EXAMPLE = REPO / "inputs" / "meetings" / "ics-board" / "2020-12-02-minutes.yaml"
# Item 11 was taken in private: what its minute, decision and action say may reach no public file.
PRIVATE = ["scoring of the three shortlisted sites", "transport assumptions behind Leyland",
           "approve Leyland as the preferred hub site", "Submit the outline business case", "ICSB201202-04"]


def run(*args) -> tuple[int, str, str]:
    from click.testing import CliRunner

    result = CliRunner().invoke(main, [str(a) for a in args], catch_exceptions=False)
    return result.exit_code, result.stdout, result.stderr


@pytest.fixture(scope="module")
def built(tmp_path_factory) -> Path:
    out = tmp_path_factory.mktemp("minutes")
    code, stdout, stderr = run("minutes", EXAMPLE, "--out", out, "--pdf", "--root", REPO)
    assert code == 0, stderr
    return Path(stdout.strip())


def minutes_rows(path: Path) -> list[list[str]]:
    """Return the minutes' sections and items: each section's heading as a row of one cell, then its table's rows (Item | Minute | Action by)."""
    document = open_docx(path)
    rows, started = [], False
    for block in document.iter_inner_content():
        if isinstance(block, Paragraph):
            started = started or block.text == "Minutes"
            if started and block.style.name == "Heading 3":
                rows.append([block.text])
        elif started:
            rows += table_text(block)[1:]
    return rows


def test_items_follow_the_agenda_with_its_numbers_and_sections(built):
    rows = minutes_rows(built / "minutes.docx")
    assert all(table_text(table)[0] == ["Item", "Minute", "Action by"] for table in open_docx(built / "minutes.docx").tables[2:])
    sections = [row[0] for row in rows if len(row) == 1]
    assert sections == ["Routine Items of Business", "Sustainability", "Building the Future System", "Any Other Business"]
    items = [(row[0], row[1].split("\n")[0]) for row in rows if len(row) == 3]
    assert items == [
        ("1.", "Welcome, Introductions and Apologies"), ("2.", "Declarations of Interest"),
        ("3.", "Minutes of Previous Meeting and Actions"), ("4.", "Key Messages"),
        ("5.", "Protecting Elective Care Capacity This Winter"), ("6.", "Covid Vaccination Update"),
        ("7.", "ICP Core Narrative"), ("8.", "Governance Options for Place-Based Partnerships"),
        ("9.", "Strategic Assurance Framework"), ("10.", "Items for the Next Board Meeting"),
        ("11.", "Pathology Collaboration - Preferred Hub Site")]
    document = open_docx(built / "minutes.docx")
    assert document.paragraphs[0].text == "Minutes of the ICS Board held on 2 December 2020, MS Teams Teleconference"
    assert document.core_properties.title == document.paragraphs[0].text


def test_decisions_quote_the_papers_own_recommendations_in_bold(built):
    from pipeline.validate import validate

    paper = validate(REPO / "inputs" / "papers" / "elective-care-capacity.yaml").model
    expected = plain_texts(list(paper.recommendations.items))
    cell = next(row[1] for row in minutes_rows(built / "minutes.docx") if row[0] == "5.")
    lines = cell.split("\n")
    at = lines.index("RESOLVED: that the ICS Board approved the recommendations:")
    assert lines[at + 1:at + 1 + len(expected)] == expected
    document = open_docx(built / "minutes.docx")
    resolved = [p for cell in _cells(document) for p in cell.paragraphs if p.text.startswith("RESOLVED:")]
    assert len(resolved) == 3, "items 5, 8 and 11 have outcomes"
    assert all(run.bold for p in resolved for run in p.runs if run.text.strip())
    amended = next(row[1] for row in minutes_rows(built / "minutes.docx") if row[0] == "8.")
    assert "RESOLVED: that the ICS Board approved the recommendations as amended:" in amended
    assert "Option 4 is to be reviewed after six months rather than twelve." in amended


def _cells(document):
    return [cell for table in document.tables for row in table.rows for cell in row.cells]


def test_action_codes_are_derived_in_item_order(built):
    rows = {row[0]: row for row in minutes_rows(built / "minutes.docx") if len(row) == 3}
    assert rows["3."][2] == "ICSB201202-01\nTalib Yaseen"
    assert rows["5."][2] == "ICSB201202-02\nCarl Ashworth"
    assert rows["9."][2] == "ICSB201202-03\nGary Raphael"
    assert rows["11."][2] == "ICSB201202-04\nMark Hindle"
    assert "Action ICSB201202-02: Report waiting-list recovery by place to the January meeting (due 13 January 2021)" in rows["5."][1]
    assert rows["1."][2] == ""


def test_attendance_shows_groups_once_and_who_stood_in_for_whom(built):
    present = table_text(open_docx(built / "minutes.docx").tables[0])
    names = [row[0] for row in present]
    assert names[:4] == ["Name", "David Flory", "Dr Amanda Doyle", "ICS Executive Directors"]
    assert names.count("ICS Executive Directors") == 1 and names.index("ICP Leads") == names.index("Carl Ashworth") + 1
    attending = table_text(open_docx(built / "minutes.docx").tables[1])
    assert attending[1] == ["Jerry Hawker (on behalf of Sue Smith)", "Chief Officer",
                            "University Hospitals of Morecambe Bay NHS Foundation Trust"]
    text = "\n".join(p.text for p in open_docx(built / "minutes.docx").paragraphs)
    assert "Sue Smith, Neil Japp" in text
    assert ("Kevin McGee: item 11, Pathology Collaboration - Preferred Hub Site: Chief Executive of a trust that hosts "
            "one of the laboratories affected") in text
    assert "Date and Time of the Next Informal ICS Board Meeting: 13 January 2021 \u2013 10:00-12:00, MS Teams Teleconference" in text


def test_draft_is_on_every_page_of_the_pdfs(built, soffice):
    for name in ("minutes.pdf", "public-minutes.pdf"):
        pages = pdf_pages(built / name)
        assert len(pages) >= 2, "the example runs over more than one page"
        for number, page in enumerate(pages, start=1):
            assert page.startswith("DRAFT "), (name, number, page[:40])
            assert page.endswith(f"Page {number}"), page[-60:]
    assert not pdf_pages(built / "decisions.pdf")[0].startswith("DRAFT")


def test_public_minutes_and_decisions_keep_the_private_items_line_only(built, soffice):
    members = zip_words(built / "minutes.docx") + " ".join(pdf_pages(built / "minutes.pdf"))
    assert all(phrase in members for phrase in PRIVATE), "the phrases are real"
    for name in ("public-minutes", "decisions"):
        words = zip_words(built / f"{name}.docx")
        pdf = " ".join(pdf_pages(built / f"{name}.pdf"))
        raw = (built / f"{name}.pdf").read_bytes().decode("latin-1")
        with zipfile.ZipFile(built / f"{name}.docx") as archive:
            parts = " ".join(archive.read(n).decode("utf-8", "replace") for n in archive.namelist())
        for phrase in PRIVATE:
            assert phrase not in words and phrase not in pdf and phrase not in raw and phrase not in parts, (name, phrase)
        assert ("Pathology Collaboration - Preferred Hub Site This item was considered in private: Commercially sensitive "
                "until the outline business case is approved.") in pdf
    rows = {row[0]: row for row in minutes_rows(built / "public-minutes.docx") if len(row) == 3}
    assert rows["11."][2] == "" and rows["5."][2] == "ICSB201202-02\nCarl Ashworth"
    decisions = [p.text for p in open_docx(built / "decisions.docx").paragraphs if p.style.name.startswith("Heading 2")]
    assert decisions == ["Item 5: Protecting Elective Care Capacity This Winter",
                         "Item 8: Governance Options for Place-Based Partnerships",
                         "Item 11: Pathology Collaboration - Preferred Hub Site"]


def test_approved_minutes_say_so_and_carry_no_draft_marking(workdir):
    tree = example_tree(workdir)
    minutes = tree / EXAMPLE.name
    minutes.write_text(minutes.read_text(encoding="utf-8").replace("status: draft", "status: approved\napproved_on: 2021-01-13"),
                       encoding="utf-8")
    code, stdout, stderr = run("minutes", minutes, "--out", workdir / "out", "--root", workdir)
    assert code == 0, stderr
    folder = Path(stdout.strip())
    document = open_docx(folder / "minutes.docx")
    assert "Approved on 13 January 2021" in [p.text for p in document.paragraphs]
    headers = " ".join(p.text for section in document.sections for p in section.header.paragraphs)
    assert "DRAFT" not in headers and "DRAFT" not in zip_words(folder / "minutes.docx")


def example_tree(workdir: Path) -> Path:
    """Copy the shipped ICS Board meeting and the papers it names under `workdir`; return the meeting's folder."""
    tree = workdir / "meetings" / "ics-board"
    shutil.copytree(EXAMPLE.parent, tree)
    for folder in ("papers", "appraisals"):
        shutil.copytree(REPO / "inputs" / folder, workdir / folder)
    return tree


def next_meeting(workdir: Path) -> Path:
    """Write the January meeting whose item 2 packs the December minutes and an action log taking their actions."""
    tree = example_tree(workdir)
    (tree / "action-log-2021-01.yaml").write_text("""\
kind: action-log
committee: ICS Board
title: ICS Board - Matters Arising Log
from_minutes: [2020-12-02-minutes.yaml]
actions:
  - code: ICSB201202-02
    title: Report waiting-list recovery by place to the January meeting
    lead: Carl Ashworth
    status: complete
    due: 2021-01-13
    update: On this agenda.
""", encoding="utf-8")
    meeting = tree / "2021-01-13-ics-board.yaml"
    meeting.write_text("""\
kind: meeting
style: lsc-ics
committee: ICS Board
title: Informal ICS Board Agenda
date: 2021-01-13
start: "10:00"
venue: MS Teams Teleconference
sections:
  - title: Routine Items of Business
    items:
      - title: Welcome and Apologies
        owner: Chair
        action: note
        format: verbal
      - title: Minutes of the Previous Meeting and Actions
        owner: Chair
        action: approve
        minutes: 2020-12-02-minutes.yaml
        action_log: action-log-2021-01.yaml
""", encoding="utf-8")
    return meeting


def test_the_next_meeting_packs_the_minutes_and_their_actions(workdir):
    folder = build_from(next_meeting(workdir), workdir / "out", "--no-pdf", root=workdir)
    pack = open_docx(folder / "pack.docx")
    log = table_text(pack.tables[-1])
    assert log[0][:4] == ["Item Code", "Title", "Responsible Lead", "Status"]
    codes = {row[0]: row for row in log[1:]}
    assert list(codes) == ["ICSB201202-02", "ICSB201202-01", "ICSB201202-03", "ICSB201202-04"]
    assert codes["ICSB201202-02"][3] == "Complete" and codes["ICSB201202-02"][5] == "On this agenda.", "the clerk's entry wins"
    assert [codes[c][3] for c in ("ICSB201202-01", "ICSB201202-03", "ICSB201202-04")] == ["Open"] * 3
    assert codes["ICSB201202-03"][4] == "March 2021"
    members = zip_words(folder / "pack.docx")
    assert all(phrase in members for phrase in PRIVATE)
    assert "Minutes of the ICS Board held on 2 December 2020" in members
    public = zip_words(folder / "public-pack.docx")
    assert "Minutes of the ICS Board held on 2 December 2020" in public
    assert "This item was considered in private" in public
    for phrase in PRIVATE:
        assert phrase not in public, phrase
    public_log = [row[0] for row in table_text(open_docx(folder / "public-pack.docx").tables[-1])[1:]]
    assert public_log == ["ICSB201202-02", "ICSB201202-01", "ICSB201202-03"], "an action raised in private stays out"


def test_a_starter_lists_every_agenda_item(workdir):
    meeting = small_meeting(workdir)
    target = workdir / "minutes.yaml"
    code, stdout, stderr = run("new", "minutes", target, "--meeting", meeting)
    assert code == 0, stderr
    text = target.read_text(encoding="utf-8")
    assert re.findall(r"- item: (.*?)  # item (\d+)", text) == [
        ("Welcome and Apologies", "1"), ("Community Diagnostic Hubs", "2"), ("Notes of the Last Meeting", "3")]
    assert "meeting: meeting.yaml" in text and "    # outcome: approved" in text
    code, stdout, stderr = run("check", target)
    assert (code, stdout.strip()) == (0, "ok: minutes.yaml (minutes)"), stderr
    code, _, stderr = run("new", "minutes", workdir / "other.yaml")
    assert code == 2 and "give --meeting MEETING" in stderr


# --- wrong minutes: each an exact message ------------------------------------------------------------

BASE = """\
kind: minutes
meeting: meeting.yaml
status: draft
chair: David Flory
present:
  - name: David Flory
    role: Independent Chair
    organisation: Lancashire and South Cumbria ICS
  - name: Isla Wilson
    role: Vice Chair
    organisation: Lancashire and South Cumbria ICS
    group: ICS Non-Executive Lay Members
in_attendance:
  - name: Jerry Hawker
    role: Chief Officer
    organisation: University Hospitals of Morecambe Bay NHS Foundation Trust
    for: Sue Smith
apologies: [Sue Smith]
declarations:
  - name: Isla Wilson
    item: Community Diagnostic Hubs
    interest: Trustee of a charity that runs a scanning service
items:
  - item: Welcome and Apologies
    minute: The Chair opened the meeting.
  - item: Community Diagnostic Hubs
    minute: The Board discussed the two hub sites.
    outcome: approved
    actions:
      - title: Confirm the hub opening dates
        lead: Andy Curran
        due: 2021-02
  - item: Notes of the Last Meeting
    minute: The notes were agreed.
"""
AGENDA = "1. Welcome and Apologies; 2. Community Diagnostic Hubs; 3. Notes of the Last Meeting"
NOTES = "  - item: Notes of the Last Meeting\n    minute: The notes were agreed.\n"
HUBS = ("  - item: Community Diagnostic Hubs\n    minute: The Board discussed the two hub sites.\n    outcome: approved\n"
        "    actions:\n      - title: Confirm the hub opening dates\n        lead: Andy Curran\n        due: 2021-02\n")


def _at(text: str, needle: str, nth: int = 1) -> int:
    """Return the line (from 1) of the `nth` line of `text` holding `needle`."""
    return [n for n, line in enumerate(text.splitlines(), start=1) if needle in line][nth - 1]


WRONG = {
    "an agenda item left out": (
        lambda t: t.replace(NOTES, ""),
        lambda t: [f"{_at(t, 'items:')}: items: item 3. Notes of the Last Meeting of meeting.yaml is not minuted; minute every "
                   "agenda item (a line saying it was not taken will do)"]),
    "an item that is not on the agenda": (
        lambda t: t.replace("- item: Notes of the Last Meeting", "- item: Notes of Last Meeting"),
        lambda t: [f"{_at(t, 'items:')}: items: item 3. Notes of the Last Meeting of meeting.yaml is not minuted; minute every "
                   "agenda item (a line saying it was not taken will do)",
                   f"{_at(t, 'Notes of Last Meeting')}: items[3].item: 'Notes of Last Meeting' is not on the agenda of "
                   f"meeting.yaml, which holds: {AGENDA}"]),
    "items out of agenda order": (
        lambda t: t.replace(HUBS + NOTES, NOTES + HUBS),
        lambda t: [f"{_at(t, '- item: Community Diagnostic Hubs')}: items[3].item: 'Community Diagnostic Hubs' is item 2, so it "
                   "comes before 'Notes of the Last Meeting' (item 3): minutes follow the agenda's order"]),
    "an item minuted twice": (
        lambda t: t + NOTES,
        lambda t: [f"{_at(t, '- item: Notes of the Last Meeting', 2)}: items[4].item: 'Notes of the Last Meeting' (item 3) is "
                   "minuted twice"]),
    "an outcome for an item without a paper": (
        lambda t: t.replace("    minute: The notes were agreed.\n", "    minute: The notes were agreed.\n    outcome: approved\n"),
        lambda t: [f"{_at(t, 'outcome: approved', 2)}: items[3].outcome: item 3 has no paper, so it has no recommendations to "
                   "approve or note; record what was decided in the minute"]),
    "amended without amendments": (
        lambda t: t.replace("outcome: approved", "outcome: amended"),
        lambda t: [f"{_at(t, 'outcome: amended')}: items[2].outcome: is amended, so amendments must say how the "
                   "recommendations were amended"]),
    "amendments without amended": (
        lambda t: t.replace("outcome: approved", "outcome: approved\n    amendments: Three hubs, not two."),
        lambda t: [f"{_at(t, 'amendments:')}: items[2].amendments: are given, so outcome must be amended"]),
    "approved without the day": (
        lambda t: t.replace("status: draft", "status: approved"),
        lambda t: [f"{_at(t, 'status:')}: status: is approved, so approved_on must give the day the minutes were approved"]),
    "a draft with an approval day": (
        lambda t: t.replace("status: draft", "status: draft\napproved_on: 2021-02-10"),
        lambda t: [f"{_at(t, 'approved_on:')}: approved_on: is given but status is draft; set status: approved, or remove "
                   "approved_on"]),
    "approved on the day of the meeting": (
        lambda t: t.replace("status: draft", "status: approved\napproved_on: 2021-01-13"),
        lambda t: [f"{_at(t, 'approved_on:')}: approved_on: is 2021-01-13, not after the meeting on 2021-01-13; minutes are "
                   "approved at a later meeting"]),
    "a chair who is not present": (
        lambda t: t.replace("chair: David Flory", "chair: Sue Smith"),
        lambda t: [f"{_at(t, 'chair:')}: chair: 'Sue Smith' is not listed under present; add them there"]),
    "apologies from someone attending": (
        lambda t: t.replace("apologies: [Sue Smith]", "apologies: [Sue Smith, Jerry Hawker]"),
        lambda t: [f"{_at(t, 'apologies:')}: apologies[2]: 'Jerry Hawker' sent apologies but is listed as attending; remove one"]),
    "a declaration on an item not on the agenda": (
        lambda t: t.replace("    item: Community Diagnostic Hubs\n", "    item: Diagnostic Hubs\n"),
        lambda t: [f"{_at(t, 'item: Diagnostic Hubs')}: declarations[1].item: 'Diagnostic Hubs' is not on the agenda of "
                   f"meeting.yaml, which holds: {AGENDA}"]),
    "minutes of a paper, not a meeting": (
        lambda t: t.replace("meeting: meeting.yaml", "meeting: minimal/paper.yaml"),
        lambda t: [f"{_at(t, 'meeting:')}: meeting: expected a meeting file, got kind cover-sheet"]),
    "an outcome the minutes do not know": (
        lambda t: t.replace("outcome: approved", "outcome: agreed"),
        lambda t: [f"{_at(t, 'outcome: agreed')}: items[2].outcome: expected one of: approved, noted, endorsed, deferred, "
                   "amended, not-approved; got 'agreed' (did you mean 'amended'?)"]),
    "an action with no lead": (
        lambda t: t.replace("        lead: Andy Curran\n", ""),
        lambda t: [f"{_at(t, '- title: Confirm')}: items[2].actions[1].lead: is required but missing: who is responsible."]),
    "an action due 'soon'": (
        lambda t: t.replace("due: 2021-02", "due: soon"),
        lambda t: [f"{_at(t, 'due: soon')}: items[2].actions[1].due: expected a date (YYYY-MM-DD), a month (YYYY-MM) or "
                   "'ongoing', got 'soon'"]),
    "no one present": (
        lambda t: re.sub(r"present:\n(?:  .*\n)+?(?=in_attendance)", "present: []\n", t),
        lambda t: [f"{_at(t, 'present:')}: present: must list at least one item"]),
}


@pytest.mark.parametrize("case", WRONG, ids=list(WRONG))
def test_wrong_minutes_are_errors_at_their_line(case, workdir):
    small_meeting(workdir)
    change, expected = WRONG[case]
    text = change(BASE)
    assert text != BASE
    (workdir / "minutes.yaml").write_text(text, encoding="utf-8")
    code, _, stderr = run("check", workdir / "minutes.yaml")
    assert code == 2
    assert stderr.splitlines() == [f"minutes.yaml:{line}" for line in expected(text)]


def test_the_base_of_the_wrong_minutes_is_right(workdir):
    small_meeting(workdir)
    (workdir / "minutes.yaml").write_text(BASE, encoding="utf-8")
    code, stdout, stderr = run("minutes", workdir / "minutes.yaml", "--out", workdir / "out")
    assert code == 0, stderr
    rows = {row[0]: row for row in minutes_rows(Path(stdout.strip()) / "minutes.docx") if len(row) == 3}
    assert rows["2."][2] == "ICSB210113-01\nAndy Curran"
    code, _, stderr = run("minutes", workdir / "meeting.yaml")
    assert code == 2 and stderr.strip().endswith("kind: is meeting, but this command takes a minutes file (kind: minutes)")


def test_docx_opens(built):
    assert Document(str(built / "decisions.docx")).paragraphs[0].text == "Decisions of the ICS Board, 2 December 2020"
