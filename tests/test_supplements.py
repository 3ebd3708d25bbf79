"""Late items: a meeting's agenda goes out with items to follow, then a supplementary agenda brings them.

The meeting is built once as published (two items to follow), then again
after its clerk adds the papers of both (one not for publication) and an
urgent item in supplement 1. What was published must not change; the
supplement and the pack with supplements are read back from their PDFs.
"""

from __future__ import annotations

import hashlib
import json
import re
import shutil
import zipfile
from pathlib import Path
from types import SimpleNamespace

import pytest
from pypdf import PdfReader

from conftest import FIXTURES
from readback import open_docx, table_text, zip_words
from test_pack import build_from, pdf_pages, shingles, stated_ranges

PUBLISHED = """\
kind: meeting
style: lsc-ics
committee: ICS Board
title: ICS Board Agenda
date: 2021-01-13
start: "10:00"
end: "12:00"
venue: MS Teams Teleconference
published: 2021-01-08
sections:
  - title: Business
    items:
      - title: Welcome and Apologies
        owner: Chair
        action: note
        format: verbal
      - title: Community Diagnostic Hubs
        owner: Andy Curran
        action: approve
        paper: hubs/paper.yaml
      - title: Notes of the Last Meeting
        owner: Chair
        action: approve
        attachments: [notes.md]
      - title: Winter Resilience Plan
        owner: Kevin McGee
        action: approve
        format: to-follow
      - title: Estates Disposal
        owner: Gary Raphael
        action: decide
        format: to-follow
"""

URGENT = """\
      - title: Vaccine Storage Grant
        owner: Kevin McGee
        action: decide
        attachments: [grant.md]
        supplement: 1
        urgent_reason: The grant must be accepted before 15 January 2021
"""

# What only the estates paper (not for publication) says: none of it may reach a public file.
SECRET = ["preferred bidder offered four million pounds", "Ribbleton depot", "completion expected before the financial year"]


def paper(tree: Path, folder: str, title: str, presenter: str, body: str, confidential: str | None = None) -> None:
    """Write a cover sheet under `tree`/`folder` (the tests' small paper, retitled) with `body` as its Markdown."""
    (tree / folder).mkdir()
    text = (FIXTURES / "minimal" / "paper.yaml").read_text(encoding="utf-8").replace("agenda_item: 7\n", "")
    text = text.replace("title: Community Diagnostic Hubs", f"title: {title}").replace("presented_by: Andy Curran", f"presented_by: {presenter}")
    if confidential:
        text = text.replace("confidential: false", f"confidential: true\nconfidential_reason: {confidential}")
    (tree / folder / "paper.yaml").write_text(text, encoding="utf-8")
    (tree / folder / "body.md").write_text(body, encoding="utf-8")


def supplemented(text: str) -> str:
    """Return the meeting file `text` as its clerk edits it for supplement 1."""
    text = text.replace("published: 2021-01-08\n", "published: 2021-01-08\nsupplements:\n  - published: 2021-01-11\n")
    text = text.replace("        paper: hubs/paper.yaml\n", "        paper: hubs/paper.yaml\n" + URGENT)
    for title, folder in (("Winter Resilience Plan", "winter"), ("Estates Disposal", "estates")):
        text = re.sub(rf"(- title: {title}\n(?:        .*\n)*?        format: to-follow\n)",
                      rf"\1        paper: {folder}/paper.yaml\n        supplement: 1\n", text)
    return text


def meeting_tree(tree: Path) -> Path:
    """Write the meeting as published, with the papers that come later beside it; return its file."""
    tree.mkdir()
    paper(tree, "hubs", "Community Diagnostic Hubs", "Andy Curran", "# Hubs\n\nTwo hubs open in spring.\n")
    paper(tree, "winter", "Winter Resilience Plan", "Kevin McGee",
          "# Winter\n\nThe plan adds forty beds over the winter months and a discharge lounge at each hospital.\n")
    paper(tree, "estates", "Estates Disposal", "Gary Raphael",
          "# Disposal\n\nThe preferred bidder offered four million pounds for the Ribbleton depot, subject to planning "
          "consent from the borough council, with completion expected before the financial year ends. Legal advice on "
          "the covenant attached to the eastern access road is awaited from the solicitors acting for the trust.\n",
          confidential="Commercially sensitive until contracts are exchanged")
    (tree / "notes.md").write_text("# Notes of the last meeting\n\nThe Board agreed the winter plan.\n", encoding="utf-8")
    (tree / "grant.md").write_text("# Vaccine storage grant\n\nThe region offered a grant for two ultra-low temperature "
                                   "freezers if the Board accepts it this week.\n", encoding="utf-8")
    meeting = tree / "meeting.yaml"
    meeting.write_text(PUBLISHED, encoding="utf-8")
    return meeting


def sha(path: Path) -> str:
    return hashlib.sha256(path.read_bytes()).hexdigest()


@pytest.fixture(scope="module")
def built(tmp_path_factory):
    """The meeting built as published, then with supplement 1."""
    base = tmp_path_factory.mktemp("supplements")
    meeting = meeting_tree(base / "inputs")
    out = base / "outputs"
    folder = build_from(meeting, out, root=base / "inputs")
    words = {p.name: sha(p) for p in folder.glob("*.docx")} | {f"papers/{p.name}": sha(p) for p in (folder / "papers").glob("*.docx")}
    texts = {name: pdf_pages(folder / name) for name in ("pack.pdf", "public-pack.pdf") if (folder / name).is_file()}
    kept = base / "as-published"
    shutil.copytree(folder, kept)
    meeting.write_text(supplemented(PUBLISHED), encoding="utf-8")
    assert build_from(meeting, out, root=base / "inputs") == folder
    return SimpleNamespace(folder=folder, words=words, texts=texts, kept=kept, meeting=meeting, base=base)


def test_what_was_published_stays_as_it_was(built, soffice):
    assert set(built.words) == {"agenda.docx", "pack.docx", "public-pack.docx", "papers/02-community-diagnostic-hubs.docx"}
    for name, digest in built.words.items():
        assert sha(built.folder / name) == digest, f"{name} changed after the supplement was added"
    for name, pages in built.texts.items():
        assert pdf_pages(built.folder / name) == pages, f"{name}'s text changed after the supplement was added"
    agenda = [row for table in open_docx(built.folder / "agenda.docx").tables for row in table_text(table)]
    numbers = [row[0] for row in agenda if re.fullmatch(r"\d+[A-Z]*\.", row[0])]
    assert numbers == ["1.", "2.", "3.", "4.", "5."], "the urgent item is not on the published agenda"
    assert [row[-1] for row in agenda if row[0] in ("4.", "5.")] == ["To follow", "To follow"]


def test_supplement_lists_its_items_with_their_agenda_numbers_and_pages(built, soffice):
    pages = pdf_pages(built.folder / "supplement-1.pdf")
    first = pages[0]
    assert first.startswith("ICS Board Agenda \u2013 Supplementary Agenda 1")
    assert "Published on 11 January 2021. This supplement to the agenda published on 8 January 2021" in first
    rows = re.findall(r"(\d+[A-Z]?)\. (Vaccine Storage Grant|Winter Resilience Plan|Estates Disposal)", first)
    assert rows == [("2A", "Vaccine Storage Grant"), ("4", "Winter Resilience Plan"), ("5", "Estates Disposal")]
    assert "Urgent item: The grant must be accepted before 15 January 2021" in first
    assert "Welcome and Apologies" not in first and "Community Diagnostic Hubs" not in first

    reader = PdfReader(str(built.folder / "supplement-1.pdf"))
    top = [entry for entry in reader.outline if not isinstance(entry, list)]
    assert [str(e.title) for e in top] == ["Supplementary Agenda 1", "2A. Vaccine Storage Grant", "4. Winter Resilience Plan",
                                          "5. Estates Disposal"]
    starts = [reader.get_destination_page_number(e) + 1 for e in top[1:]]
    ranges = stated_ranges(first)
    assert [start for start, _ in ranges] == starts
    assert ranges[-1][1] == len(pages) and ranges[0][0] == 2
    for start, end in ranges:  # each item's pages hold its own text
        assert all(page for page in pages[start - 1:end])
    assert "Vaccine storage grant" in pages[ranges[0][0] - 1]
    assert "Title of Paper Winter Resilience Plan" in pages[ranges[1][0] - 1]
    assert "Agenda Item 4" in pages[ranges[1][0] - 1]
    for number, page in enumerate(pages, start=1):
        assert page.endswith(f"ICS Board \u2013 13 January 2021 \u2013 Supplement 1 \u2013 Page {number}"), page[-80:]


def test_public_supplement_keeps_the_line_and_leaks_nothing(built, soffice):
    public = pdf_pages(built.folder / "public-supplement-1.pdf")
    members = pdf_pages(built.folder / "supplement-1.pdf")
    assert all(any(phrase in page for page in members) for phrase in SECRET), "the members' supplement carries the paper"
    assert ("5. Estates Disposal This item is not for publication: Commercially sensitive until contracts are exchanged"
            in public[0])
    assert public[-1].startswith("Item 5: Estates Disposal This item is not for publication")
    reader = PdfReader(str(built.folder / "public-supplement-1.pdf"))
    assert [str(e.title) for e in reader.outline if not isinstance(e, list)][-1] == "5. Estates Disposal"

    # What the paper says that nothing public may: every run of four words in it found nowhere else in the
    # members' supplement, in the other papers, or in the public agenda (its title and reason are public).
    start, end = stated_ranges(members[0])[-1]
    secret = built.folder / "papers" / "05-estates-disposal.docx"
    elsewhere = shingles(" ".join(members[:start - 1] + members[end:] + public[:1])).union(
        *(shingles(zip_words(other, ("word/document.xml",))) for other in (built.folder / "papers").glob("*.docx") if other != secret))
    distinctive = shingles(zip_words(secret, ("word/document.xml",))) - elsewhere
    assert len(distinctive) > 40
    assert len(distinctive & shingles(" ".join(members[start - 1:end]))) > 40, "the members' supplement carries it"
    raw = (built.folder / "public-supplement-1.pdf").read_bytes().decode("latin-1")
    words = zip_words(built.folder / "public-supplement-1.docx")
    assert not distinctive & shingles(" ".join(public))
    assert not distinctive & shingles(words)
    for phrase in SECRET:
        assert phrase not in raw and phrase not in words and phrase not in " ".join(public)
    with zipfile.ZipFile(built.folder / "public-supplement-1.docx") as archive:
        for name in archive.namelist():
            data = archive.read(name).decode("utf-8", "replace")
            assert not any(phrase in data for phrase in SECRET), name


def test_pack_with_supplements_has_everything_in_agenda_order(built, soffice):
    pages = pdf_pages(built.folder / "pack-with-supplements.pdf")
    reader = PdfReader(str(built.folder / "pack-with-supplements.pdf"))
    top = [entry for entry in reader.outline if not isinstance(entry, list)]
    assert [str(e.title) for e in top] == ["Agenda", "1. Welcome and Apologies", "2. Community Diagnostic Hubs",
                                          "2A. Vaccine Storage Grant", "3. Notes of the Last Meeting",
                                          "4. Winter Resilience Plan", "5. Estates Disposal"]
    ranges = stated_ranges(pages[0])
    assert [start for start, _ in ranges] == [reader.get_destination_page_number(e) + 1 for e in top[2:]]
    assert ranges[-1][1] == len(pages)
    assert "To follow" not in pages[0]
    assert pages[-1].endswith(f"ICS Board \u2013 13 January 2021 \u2013 Page {len(pages)}")
    assert any(phrase in " ".join(pages) for phrase in SECRET), "the members' pack with supplements has every paper"


def test_supplements_and_the_pack_with_them_pass_pdf_ua_1(built, validator):
    from pipeline import verapdf

    made = [built.folder / name for name in ("supplement-1.pdf", "public-supplement-1.pdf", "pack-with-supplements.pdf")]
    verdicts = verapdf.validate_pdfs(made)
    failed = {p.name: [verapdf.plain(f) for f in v.failures] or [v.error] for p, v in verdicts.items() if not v.compliant}
    assert len(verdicts) == 3 and failed == {}


def test_the_manifest_says_which_publication_each_output_belongs_to(built):
    record = json.loads((built.folder / "manifest.json").read_text(encoding="utf-8"))["publications"]
    agenda = {"publication": "agenda", "published": "2021-01-08"}
    supplement = {"publication": "supplement 1", "published": "2021-01-11"}
    for name in ("agenda.docx", "pack.docx", "public-pack.docx", "pack.pdf", "public-pack.pdf", "papers/02-community-diagnostic-hubs.docx"):
        assert record[name] == agenda, name
    for name in ("supplement-1.docx", "public-supplement-1.docx", "supplement-1.pdf", "public-supplement-1.pdf",
                 "papers/04-winter-resilience-plan.docx", "papers/05-estates-disposal.docx"):
        assert record[name] == supplement, name
    assert record["pack-with-supplements.pdf"] == {"publication": "meeting", "published": None}


def test_a_late_supplement_warns_that_its_items_are_urgent_business(built, boardpapers):
    run = boardpapers("check", built.meeting, "--root", built.base / "inputs")
    assert run.exit_code == 0
    assert ("meeting.yaml:11: supplements[1].published: warning: is Monday 11 January 2021, later than Friday 8 January "
            "2021, the last day for 3 clear days' notice, so its items can be taken only as urgent business: give items "
            "4, 5 an urgent_reason") in run.stderr


def test_publish_lists_the_supplement_with_its_date(built, boardpapers, soffice):
    site = built.base / "site"
    run = boardpapers("publish", built.base / "inputs", "--out", site, "--work", built.base / "outputs",
                      "--root", built.base / "inputs", "--today", "2021-01-01")
    assert run.exit_code == 0, run.stderr
    folder = site / "ics-board" / "2021-01-13"
    page = " ".join(re.sub(r"<[^>]+>", " ", (folder / "index.html").read_text(encoding="utf-8")).split())
    assert "Supplementary agenda 1 Published on 11 January 2021, with items 2A, 4, 5." in page
    assert "Public supplementary agenda 1 (PDF, 5 pages" in page
    assert "Item 2A Vaccine Storage Grant" in page and "Urgent item: The grant must be accepted before 15 January 2021" in page
    data = json.loads((site / "meetings.json").read_text(encoding="utf-8"))
    meeting = data["committees"][0]["meetings"][0]
    assert meeting["published"] == "2021-01-08"
    assert [(s["number"], s["published"], s["items"]) for s in meeting["supplements"]] == [(1, "2021-01-11", ["2A", "4", "5"])]
    assert (folder / "public-supplement-1.pdf").read_bytes() == (built.folder / "public-supplement-1.pdf").read_bytes()
    for path in site.rglob("*"):
        if path.is_file():
            text = path.read_bytes().decode("latin-1")
            if path.suffix == ".docx":
                text += zip_words(path)
            assert not any(phrase in text for phrase in SECRET), path
            assert "estates" not in path.name.lower()


# --- wrong supplements: each an exact message --------------------------------------------------------------

def _line(text: str, needle: str, after: str | None = None) -> int:
    """Return the line (from 1) of the first line of `text` holding `needle`, after the line holding `after`."""
    lines = text.splitlines()
    start = next(n for n, line in enumerate(lines) if after in line) if after else 0
    return next(n for n in range(start, len(lines)) if needle in lines[n]) + 1


WINTER = "- title: Winter Resilience Plan"
GRANT = "- title: Vaccine Storage Grant"
WRONG = {
    "a supplement the meeting does not list": (
        lambda t: t.replace("paper: winter/paper.yaml\n        supplement: 1", "paper: winter/paper.yaml\n        supplement: 2"),
        lambda t: f"{_line(t, 'supplement: 2')}: sections[1].items[5].supplement: is 2, but the meeting's supplements lists 1; "
                  "add supplement 2's published date there"),
    "an added item without urgent_reason": (
        lambda t: t.replace("        urgent_reason: The grant must be accepted before 15 January 2021\n", ""),
        lambda t: f"{_line(t, 'supplement: 1', GRANT)}: sections[1].items[3].supplement: item 2A was not on the published agenda "
                  "(it was not to follow), so it is urgent business: urgent_reason must say why it cannot wait for the next "
                  "meeting (Local Government Act 1972 s100B(4)(b))"),
    "urgent_reason on a published item": (
        lambda t: t.replace("attachments: [notes.md]\n", "attachments: [notes.md]\n        urgent_reason: Late\n"),
        lambda t: f"{_line(t, 'urgent_reason: Late')}: sections[1].items[4].urgent_reason: is for an item published after the "
                  "agenda: say which supplement published it (supplement: N)"),
    "supplements without the agenda's published date": (
        lambda t: t.replace("published: 2021-01-08\n", ""),
        lambda t: f"{_line(t, 'supplements:')}: supplements: follow the published agenda: give published, the day the agenda went out"),
    "a supplement before the agenda": (
        lambda t: t.replace("  - published: 2021-01-11", "  - published: 2021-01-07"),
        lambda t: f"{_line(t, '- published: 2021-01-07')}: supplements[1].published: is Thursday 7 January 2021, before Friday "
                  "8 January 2021, when the agenda was published; supplements follow it in order"),
    "a supplement after the meeting": (
        lambda t: t.replace("  - published: 2021-01-11", "  - published: 2021-01-14"),
        lambda t: f"{_line(t, '- published: 2021-01-14')}: supplements[1].published: is Thursday 14 January 2021, after the "
                  "meeting on Wednesday 13 January 2021"),
    "a supplement out of order": (
        lambda t: t.replace("  - published: 2021-01-11\n", "  - published: 2021-01-11\n  - published: 2021-01-09\n")
                   .replace("paper: estates/paper.yaml\n        supplement: 1", "paper: estates/paper.yaml\n        supplement: 2"),
        lambda t: f"{_line(t, '- published: 2021-01-09')}: supplements[2].published: is Saturday 9 January 2021, before Monday "
                  "11 January 2021, when supplement 1 was published; supplements follow it in order"),
    "a supplement that publishes nothing": (
        lambda t: t.replace("  - published: 2021-01-11\n", "  - published: 2021-01-11\n  - published: 2021-01-12\n"),
        lambda t: f"{_line(t, '- published: 2021-01-12')}: supplements[2]: supplement 2 publishes no item: give the items it "
                  "published supplement: 2, or remove it"),
    "an item to follow whose supplement brings nothing": (
        lambda t: t.replace("        paper: winter/paper.yaml\n", ""),
        lambda t: f"{_line(t, 'supplement: 1', WINTER)}: sections[1].items[5].supplement: item 4 was to follow and supplement 1 "
                  "publishes it, so it needs its documents: a paper, attachments, minutes or an action_log"),
    "an item to follow with documents and no supplement": (
        lambda t: t.replace("paper: winter/paper.yaml\n        supplement: 1\n", "paper: winter/paper.yaml\n"),
        lambda t: f"{_line(t, 'format: to-follow', WINTER)}: sections[1].items[5].format: is derived: item 4 carries documents, so "
                  "the agenda shows it as Attached; remove format (an item that was to follow keeps format: to-follow and says "
                  "which supplement: N published its documents)"),
    "an item to follow that lost its title": (
        lambda t: t.replace("      - title: Winter Resilience Plan\n        owner: Kevin McGee\n", "      - owner: Kevin McGee\n"),
        lambda t: f"{_line(t, '- owner: Kevin McGee', 'notes.md')}: sections[1].items[5]: item 4 needs a title: it stays as the "
                  "published agenda named it when it was to follow"),
    "an added item before every published one": (
        lambda t: t.replace(URGENT, "").replace("    items:\n", "    items:\n" + URGENT),
        lambda t: f"{_line(t, GRANT)}: sections[1].items[1]: item 0A was added after publication, so it is numbered after the "
                  "item before it; it cannot come before every published item"),
}


@pytest.mark.parametrize("case", WRONG, ids=list(WRONG))
def test_wrong_supplements_are_errors_at_their_line(case, workdir, boardpapers):
    meeting = meeting_tree(workdir / "inputs")
    change, message = WRONG[case]
    text = change(supplemented(PUBLISHED))
    assert text != supplemented(PUBLISHED)
    meeting.write_text(text, encoding="utf-8")
    run = boardpapers("check", meeting, "--root", workdir / "inputs")
    assert run.exit_code == 2
    problems = [line for line in run.stderr.splitlines() if "warning:" not in line]
    assert problems == [f"inputs/meeting.yaml:{message(text)}"]


def test_a_published_file_that_changes_is_a_warning_at_its_date(workdir, boardpapers):
    meeting = meeting_tree(workdir / "inputs")
    args = ("pack", meeting, "--out", workdir / "out", "--root", workdir / "inputs", "--no-pdf")
    assert boardpapers(*args).exit_code == 0
    again = boardpapers(*args)
    assert again.exit_code == 0 and "changed since" not in again.stderr, "a build of the same inputs changes nothing"
    with_pdfs = boardpapers(*args[:-1])
    assert with_pdfs.exit_code == 0 and "changed since" not in with_pdfs.stderr, "page ranges are not a change to what went out"
    assert boardpapers(*args).exit_code == 0
    body = workdir / "inputs" / "hubs" / "body.md"
    body.write_text(body.read_text(encoding="utf-8").replace("Two hubs", "Three hubs"), encoding="utf-8")
    run = boardpapers(*args)
    assert run.exit_code == 0
    line = _line(PUBLISHED, "published:")
    assert (f"inputs/meeting.yaml:{line}: published: warning: pack.docx, papers/02-community-diagnostic-hubs.docx, "
            "public-pack.docx changed since the agenda went out on Friday 8 January 2021, because an input changed; keep "
            "the copies that were published as the record of what was open for inspection") in run.stderr
