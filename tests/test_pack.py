"""Agenda packs, read back: the agenda, the papers, the PDF's pages and bookmarks, the public pack."""

from __future__ import annotations

import json
import re
import shutil
import zipfile
from pathlib import Path

import pytest
from click.testing import CliRunner
from pypdf import PdfReader

from conftest import REPO, SPEC_EXAMPLES, small_meeting
from pipeline.batch import up_to_date
from pipeline.cli import main
from readback import agenda_table, band, details, open_docx, table_text, zip_text, zip_words

ICS = "inputs/meetings/ics-board/2020-12-02-ics-board.yaml"
COUNCIL = "inputs/meetings/health-and-wellbeing/2023-09-05-health-and-wellbeing-board.yaml"
# Phrases only the confidential ICS paper holds: none may reach a public pack.
CONFIDENTIAL_PHRASES = ["Three hundred and twelve stakeholders", "motorway junction", "modular laboratory",
                        "SR-07", "Capital for the hub", "Weighted score", "independent scoring"]
COUNCIL_PHRASES = ["£812", "38 per cent", "market sustainability grant", "£830", "counter-offer"]


def build(meeting: str, out: Path, *extra: str) -> Path:
    return build_from(REPO / meeting, out, *extra)


def build_from(meeting: Path, out: Path, *extra: str, root: Path | None = None) -> Path:
    """Build the pack of `meeting` into `out` (input tree `root`: the repository, or the meeting's folder); return its folder."""
    tree = root or (REPO if meeting.is_relative_to(REPO) else meeting.parent)
    result = CliRunner().invoke(main, ["pack", str(meeting), "--out", str(out), "--root", str(tree), *extra])
    assert result.exit_code == 0, result.stderr
    return Path(result.stdout.strip())


@pytest.fixture(scope="module")
def ics(tmp_path_factory) -> Path:
    return build(ICS, tmp_path_factory.mktemp("packs"))


@pytest.fixture(scope="module")
def council(tmp_path_factory) -> Path:
    return build(COUNCIL, tmp_path_factory.mktemp("packs"))


@pytest.fixture(scope="module")
def contract(tmp_path_factory) -> Path:
    if not (SPEC_EXAMPLES / "meeting.yaml").is_file():
        pytest.skip("the contract's examples (../shared/spec/examples) are not beside this checkout")
    return build_from(SPEC_EXAMPLES / "meeting.yaml", tmp_path_factory.mktemp("packs"))


def pdf_pages(path: Path) -> list[str]:
    return [" ".join(page.extract_text().split()) for page in PdfReader(str(path)).pages]


def stated_ranges(agenda_text: str) -> list[tuple[int, int]]:
    """Return the page ranges an agenda states ("Pages 3 - 4", "Page 2"), not the footer's page number."""
    return [(int(a), int(b or a)) for a, b in re.findall(r"(?<!\u2013 )Pages? (\d+)(?: - (\d+))?", agenda_text)]


def test_pack_folder_holds_every_output(ics, soffice):
    assert ics.name == "2020-12-02-ics-board"
    names = sorted(str(p.relative_to(ics)) for p in ics.rglob("*") if p.is_file())
    assert names == [
        "agenda.docx", "manifest.json", "pack.docx", "pack.pdf",
        "papers/05-protecting-elective-care-capacity-this-winter.docx",
        "papers/08-governance-options-for-place-based-partnerships.docx",
        "papers/11-pathology-collaboration-preferred-hub-site.docx",
        "public-pack.docx", "public-pack.pdf",
    ]


def test_agenda_numbers_items_across_sections_and_derives_formats(ics):
    rows = agenda_table(open_docx(ics / "agenda.docx"))
    items = [(r[0], r[1].split("\n")[0], r[2], r[3], r[4].split("\n")[0]) for r in rows if len(r) == 5][1:]
    assert items == [
        ("1.", "Welcome, Introductions and Apologies", "Chair", "Note", "Verbal"),
        ("2.", "Declarations of Interest", "Chair", "Note", "Attached"),
        ("3.", "Minutes of Previous Meeting and Actions", "Chair", "Approve", "Attached"),
        ("4.", "Key Messages", "Dr Amanda Doyle", "Note", "Verbal"),
        ("5.", "Protecting Elective Care Capacity This Winter", "Carl Ashworth", "Assure", "Attached"),
        ("6.", "Covid Vaccination Update", "Dr Amanda Doyle", "Note", "Presentation"),
        ("7.", "ICP Core Narrative", "Geoff Joliffe", "Approve", "To follow"),
        ("8.", "Governance Options for Place-Based Partnerships", "Talib Yaseen", "Discuss", "Attached"),
        ("9.", "Strategic Assurance Framework", "Gary Raphael/Emily Kruger", "Note", "Attached"),
        ("10.", "Items for the Next Board Meeting", "All", "Note", "Verbal"),
        ("11.", "Pathology Collaboration - Preferred Hub Site", "Mark Hindle", "Decide", "Attached"),
    ]
    sections = [r[0] for r in rows if len(r) == 1]
    assert sections == ["Routine Items of Business", "Sustainability", "Building the Future System", "Any Other Business"]
    to_follow = next(r for r in rows if r[0] == "7.")
    assert "Page" not in to_follow[4], "an item to follow has no page range"


def test_each_paper_shows_its_item_number_and_the_meeting(ics):
    for name, number in (("05-protecting-elective-care-capacity-this-winter", "5"),
                         ("08-governance-options-for-place-based-partnerships", "8"),
                         ("11-pathology-collaboration-preferred-hub-site", "11")):
        shown = details(open_docx(ics / "papers" / f"{name}.docx"))
        assert (shown["Agenda Item"], shown["Date of Meeting"]) == (number, "2 December 2020")
        assert band(open_docx(ics / "papers" / f"{name}.docx")).text == "ICS Board"


def test_pdf_agenda_page_ranges_are_where_each_item_really_is(ics, soffice):
    pages = pdf_pages(ics / "pack.pdf")
    ranges = stated_ranges(pages[0])
    first_words = ["Declarations of interest", "Minutes of the ICS Board, 4 November 2020",
                   "ICS Board Date of Meeting 2 December 2020 Title of Paper Protecting Elective Care Capacity",
                   "ICS Board Date of Meeting 2 December 2020 Title of Paper Governance Options for Place-Based",
                   "System risk summary, November 2020",
                   "CONFIDENTIAL \u2013 NOT FOR PUBLICATION ICS Board Date of Meeting 2 December 2020 Title of Paper Pathology Collaboration"]
    assert len(ranges) == len(first_words)
    for (start, end), words in zip(ranges, first_words):
        assert pages[start - 1].startswith(words), (start, pages[start - 1][:80])
        assert end >= start
    for (_, end), (following, _) in zip(ranges, ranges[1:]):
        assert following == end + 1, "each item ends on the page before the next begins"
    assert ranges[-1][1] == len(pages)
    literal = agenda_table(open_docx(ics / "agenda.docx"))
    assert [r[4].split("\n")[1] for r in literal if len(r) == 5 and "\n" in r[4]] == [
        f"Pages {a} - {b}" if a != b else f"Page {a}" for a, b in ranges]


def test_footer_numbers_run_on_through_every_page(ics, soffice):
    for name in ("pack.pdf", "public-pack.pdf"):
        pages = pdf_pages(ics / name)
        for number, text in enumerate(pages, start=1):
            assert f"ICS Board – 2 December 2020 – Page {number}" in text, (name, number, text[-80:])


def test_pdf_documents_are_merged_in_place(ics, soffice):
    pages = pdf_pages(ics / "pack.pdf")
    start = next(i for i, text in enumerate(pages) if text.startswith("System risk summary"))
    assert pages[start + 1].startswith("Next steps A small group with a member from each ICP")
    assert "Page 2 of 2" in pages[start + 1], "the PDF keeps its own page numbers too"


def test_bookmarks_follow_the_agenda(ics, soffice):
    reader = PdfReader(str(ics / "pack.pdf"))
    top = [entry for entry in reader.outline if not isinstance(entry, list)]
    titles = [str(entry.title) for entry in top]
    assert titles == ["Agenda"] + [f"{n}. {t}" for n, t in [
        (1, "Welcome, Introductions and Apologies"), (2, "Declarations of Interest"),
        (3, "Minutes of Previous Meeting and Actions"), (4, "Key Messages"),
        (5, "Protecting Elective Care Capacity This Winter"), (6, "Covid Vaccination Update"),
        (7, "ICP Core Narrative"), (8, "Governance Options for Place-Based Partnerships"),
        (9, "Strategic Assurance Framework"), (10, "Items for the Next Board Meeting"),
        (11, "Pathology Collaboration - Preferred Hub Site")]]
    starts = {str(e.title): reader.get_destination_page_number(e) + 1 for e in top}
    ranges = stated_ranges(pdf_pages(ics / "pack.pdf")[0])
    assert [starts[t] for t in titles if t[:2] in ("2.", "3.", "5.", "8.", "9.") or t.startswith("11.")] == [s for s, _ in ranges]
    beneath = reader.outline[reader.outline.index(top[8]) + 1]
    assert isinstance(beneath, list) and "Governance options for place-based partnerships" in [str(e.title) for e in beneath if not isinstance(e, list)]


def test_wide_appraisal_pages_are_landscape_in_the_pack(ics, soffice):
    reader = PdfReader(str(ics / "pack.pdf"))
    landscape = [i + 1 for i, page in enumerate(reader.pages) if page.mediabox.width > page.mediabox.height]
    assert len(landscape) >= 3 and landscape == list(range(landscape[0], landscape[-1] + 1))
    ranges = stated_ranges(pdf_pages(ics / "pack.pdf")[0])
    item_8 = ranges[3]
    assert item_8[0] < landscape[0] and landscape[-1] <= item_8[1]


@pytest.mark.parametrize("meeting, phrases", [(ICS, CONFIDENTIAL_PHRASES), (COUNCIL, COUNCIL_PHRASES)], ids=["ics", "council"])
def test_public_pack_never_contains_confidential_text(meeting, phrases, request, soffice):
    folder = request.getfixturevalue("ics" if meeting == ICS else "council")
    members = "\n".join(pdf_pages(folder / "pack.pdf"))
    assert all(phrase in members or phrase in zip_text(folder / "pack.docx") for phrase in phrases), "the phrases are real"
    with zipfile.ZipFile(folder / "public-pack.docx") as archive:
        for name in archive.namelist():
            text = archive.read(name).decode("utf-8", "replace")
            for phrase in phrases:
                assert phrase not in text, (name, phrase)
    public = "\n".join(pdf_pages(folder / "public-pack.pdf"))
    raw = (folder / "public-pack.pdf").read_bytes().decode("latin-1")
    for phrase in phrases:
        assert phrase not in public and phrase not in raw, phrase


def shingles(text: str, size: int = 4) -> set[str]:
    """Return every run of `size` words in `text`, lower case, punctuation dropped."""
    words = re.findall(r"\w+", text.lower())
    return {" ".join(words[i:i + size]) for i in range(len(words) - size + 1)}


def item_pages(folder: Path) -> dict[int, tuple[int, int]]:
    """Return the pages of each item that carries documents, as the built agenda states them."""
    found = {}
    for table in open_docx(folder / "agenda.docx").tables:
        for row in table_text(table):
            number = re.fullmatch(r"(\d+)\.", row[0])
            pages = re.search(r"Pages? (\d+)(?: - (\d+))?", row[-1])
            if number and pages:
                found[int(number.group(1))] = (int(pages.group(1)), int(pages.group(2) or pages.group(1)))
    return found


def confidential_papers(folder: Path) -> dict[int, Path]:
    """Return the meeting's confidential papers by item number: cover sheets marked Yes, Part II reports."""
    found = {}
    for paper in sorted((folder / "papers").glob("*.docx")):
        document = open_docx(paper)
        labels = details(document) if document.tables else {}
        if labels.get("Confidential", "").startswith("Yes") or any(p.text.strip() == "Part II" for p in document.paragraphs):
            found[int(paper.name[:2])] = paper
    return found


@pytest.mark.parametrize("fixture", ["ics", "council", "contract"])
def test_no_run_of_four_words_from_a_confidential_paper_reaches_a_public_pack(fixture, request, soffice):
    """Every example meeting with a confidential paper: its distinctive text is nowhere in the public pack.

    A confidential paper's distinctive text is every run of four words in it
    that appears nowhere else in the members' pack or the other papers: not
    the cover sheet's labels or words other papers share, nor its title and
    the reason it is not published, which the agenda shows.
    """
    folder = request.getfixturevalue(fixture)
    secret = confidential_papers(folder)
    assert secret, "every example meeting tested here has a confidential paper"
    members = pdf_pages(folder / "pack.pdf")
    ranges = item_pages(folder)
    public_docx = shingles(zip_words(folder / "public-pack.docx"))
    public_pdf = shingles(" ".join(pdf_pages(folder / "public-pack.pdf")))
    for number, paper in secret.items():
        start, end = ranges[number]
        elsewhere = shingles(" ".join(members[:start - 1] + members[end:])).union(
            *(shingles(zip_words(other, ("word/document.xml",))) for other in (folder / "papers").glob("*.docx")
              if other not in secret.values()))
        distinctive = shingles(zip_words(paper, ("word/document.xml",))) - elsewhere
        assert len(distinctive) > 40, "the paper has text of its own to leak"
        assert len(distinctive & shingles(" ".join(members[start - 1:end]))) > 40, "the members' pack carries it"
        assert not distinctive & public_docx, (paper.name, sorted(distinctive & public_docx)[:5])
        assert not distinctive & public_pdf, (paper.name, sorted(distinctive & public_pdf)[:5])


@pytest.mark.parametrize("fixture", ["ics", "council", "contract"])
def test_every_page_of_a_confidential_item_and_no_other_carries_the_marking_in_the_members_pack(fixture, request, soffice):
    folder = request.getfixturevalue(fixture)
    marked = {number for number in confidential_papers(folder)}
    pages = pdf_pages(folder / "pack.pdf")
    for number, (start, end) in item_pages(folder).items():
        for page in range(start, end + 1):
            head = pages[page - 1][:120].upper()
            assert ("NOT FOR PUBLICATION" in head) == (number in marked), (number, page, head)
    assert "NOT FOR PUBLICATION" not in pages[0][:120].upper(), "the agenda is public"


def test_public_pack_keeps_the_agenda_line_and_a_notice_page(ics, soffice):
    pages = pdf_pages(ics / "public-pack.pdf")
    assert ("11. Pathology Collaboration - Preferred Hub Site This item is not for publication: Commercially "
            "sensitive until the outline business case is approved Mark Hindle Decide Attached") in pages[0], \
        "the item keeps its row, its reason beneath the title"
    notice = pages[-1]
    assert notice.startswith("Item 11: Pathology Collaboration - Preferred Hub Site This item is not for publication")
    assert len(pages) == len(pdf_pages(ics / "pack.pdf")) - 1, "two pages of the paper became one notice page"


def test_council_agenda_puts_exempt_items_in_part_two(council, soffice):
    agenda = pdf_pages(council / "pack.pdf")[0]
    part_one, rest = agenda.split("Exclusion of the Press and Public")
    assert "Governance Options for the Lancashire Place Partnership" in part_one
    assert "Residential Care Fee Negotiations" not in part_one
    assert "Part II (Not Open to Press and Public) No. Item Presented by Papers 5. Residential Care Fee Negotiations 2024/25" in rest
    assert "Exempt information under paragraph 3 of Part 1 of Schedule 12A" in rest
    report = pdf_pages(council / "pack.pdf")[stated_ranges(agenda)[-1][0] - 1]
    assert report.startswith("PART II \u2013 NOT FOR PUBLICATION: exempt information under paragraph 3 of Part 1 of Schedule 12A "
                             "to the Local Government Act 1972 Report to the Lancashire Health and Wellbeing Board "
                             "Meeting to be held on Tuesday, 5 September 2023 Item 5 Part II")


def test_manifest_records_inputs_outputs_and_tools(ics):
    manifest = json.loads((ics / "manifest.json").read_text())
    assert manifest["meeting"] == ICS
    assert {"inputs/papers/pathology-hub-site.yaml", "inputs/appraisals/place-governance.yaml",
            "inputs/meetings/ics-board/system-risk-summary.pdf", "templates/lsc-ics/cover-sheet.docx"} <= set(manifest["inputs"])
    assert all(re.fullmatch(r"[0-9a-f]{64}", sha) for sha in manifest["inputs"].values())
    assert set(manifest["outputs"]) >= {"pack.pdf", "public-pack.docx", "agenda.docx", "papers/05-protecting-elective-care-capacity-this-winter.docx"}
    assert manifest["tools"]["pandoc"].startswith("pandoc ") and "LibreOffice" in manifest["tools"]["libreoffice"]


def test_without_libreoffice_the_word_outputs_are_still_built(tmp_path, monkeypatch):
    monkeypatch.setenv("BOARDPAPERS_SOFFICE", "/nonexistent/soffice")
    result = CliRunner().invoke(main, ["pack", str(REPO / COUNCIL), "--out", str(tmp_path), "--root", str(REPO)])
    assert result.exit_code == 0, result.stderr
    folder = Path(result.stdout.strip())
    assert sorted(p.name for p in folder.iterdir()) == ["agenda.docx", "manifest.json", "pack.docx", "papers", "public-pack.docx"]
    assert "no PDFs: LibreOffice is needed to make PDFs and was not found; install it with: sudo apt-get install" in result.stderr


def test_packs_rebuilds_only_what_changed(tmp_path):
    inputs = tmp_path / "inputs"
    shutil.copytree(REPO / "inputs", inputs)
    shutil.rmtree(inputs / "meetings" / "ics-board")

    def packs() -> list[str]:
        result = CliRunner().invoke(main, ["packs", str(inputs / "meetings"), "--out", str(tmp_path / "out"),
                                           "--no-pdf", "--root", str(tmp_path)])
        assert result.exit_code == 0, result.stderr
        return [line.split()[1] for line in result.stdout.splitlines()]

    assert packs() == ["built"]
    agenda = next((tmp_path / "out").glob("*/agenda.docx"))
    before = agenda.stat().st_mtime_ns
    assert packs() == ["unchanged"]
    assert agenda.stat().st_mtime_ns == before
    report = inputs / "meetings" / "health-and-wellbeing" / "care-home-fees.yaml"
    report.write_text(report.read_text().replace("£812", "£815"))
    assert packs() == ["built"]


def test_packs_sees_two_inputs_swap_their_contents(tmp_path):
    meeting = small_meeting(tmp_path / "inputs")
    (meeting.parent / "later.md").write_text("# Later notes\n\nThe Board noted the later notes.\n", encoding="utf-8")
    meeting.write_text(meeting.read_text(encoding="utf-8").replace("[notes.md]", "[notes.md, later.md]"), encoding="utf-8")
    out = tmp_path / "out"
    build_from(meeting, out, "--no-pdf")
    assert up_to_date(meeting, out, meeting.parent, pdf=False)
    first, second = meeting.parent / "notes.md", meeting.parent / "later.md"
    texts = first.read_bytes(), second.read_bytes()
    first.write_bytes(texts[1])
    second.write_bytes(texts[0])
    assert not up_to_date(meeting, out, meeting.parent, pdf=False), "the same hashes under other names are another pack"


@pytest.mark.parametrize("fixture", ["ics", "council", "contract"])
def test_every_output_of_every_example_pack_passes_the_accessibility_audit(fixture, request):
    folder = request.getfixturevalue(fixture)
    result = CliRunner().invoke(main, ["audit", str(folder)])
    documents = len(list(folder.rglob("*.docx"))) + len(list(folder.rglob("*.pdf")))
    assert result.exit_code == 0, result.stdout
    assert result.stdout.strip().splitlines()[-1] == f"{documents} documents, 0 problems"


def test_a_pack_ending_with_a_headed_attachment_states_its_last_pages(tmp_path, soffice):
    """LibreOffice once lost the last item's end bookmark here, and the PDF pack was not made."""
    meeting = small_meeting(tmp_path / "inputs")
    folder = build_from(meeting, tmp_path / "out")
    pages = pdf_pages(folder / "pack.pdf")
    ranges = stated_ranges(pages[0])
    assert [pages[start - 1].split()[:3] for start, _ in ranges] == [["ICS", "Board", "Date"], ["Notes", "of", "the"]]
    assert ranges[-1][1] == len(pages) and ranges[0][1] == ranges[1][0] - 1
    assert item_pages(folder) == {2: ranges[0], 3: ranges[1]}, "the Word agenda states the same pages"
