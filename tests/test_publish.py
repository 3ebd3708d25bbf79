"""The public website (`boardpapers publish`), read back: pages, links, documents, feeds, data, leaks, bytes."""

from __future__ import annotations

import json
import re
import shutil
import zipfile
from pathlib import Path
from urllib.parse import unquote, urlsplit

import feedparser
import icalendar
import jsonschema
import pytest
from click.testing import CliRunner, Result
from lxml import html as lxml_html
from pypdf import PdfReader

from conftest import REPO, file_hashes
from pipeline.cli import main
from pipeline.docxclean import inspect_docx
from pipeline.layouts.agenda import agenda_rows
from pipeline.validate import validate
from readback import zip_words
from test_pack import COUNCIL_PHRASES, CONFIDENTIAL_PHRASES, shingles

MEETINGS = REPO / "inputs" / "meetings"
ICS = MEETINGS / "ics-board" / "2020-12-02-ics-board.yaml"
COUNCIL = MEETINGS / "health-and-wellbeing" / "2023-09-05-health-and-wellbeing-board.yaml"
TODAY = "2021-01-01"
"""Between the two example meetings: the ICS Board's is past, the council's upcoming."""


def publish(folder: Path, out: Path, work: Path, *extra: str, root: Path = REPO) -> Result:
    return CliRunner().invoke(main, ["publish", str(folder), "--out", str(out), "--work", str(work),
                                     "--today", TODAY, "--root", str(root), *extra])


@pytest.fixture(scope="module")
def built(tmp_path_factory) -> tuple[Path, Path]:
    """Return the site of both example meetings, and the work folder with their packs."""
    from pipeline.export import missing
    if missing():
        pytest.skip(f"publishing needs LibreOffice: {missing()}")
    base = tmp_path_factory.mktemp("publish")
    result = publish(MEETINGS, base / "site", base / "work")
    assert result.exit_code == 0, result.stderr
    assert Path(result.stdout.strip()) == base / "site" or result.stdout.strip().endswith("site")
    return base / "site", base / "work"


@pytest.fixture(scope="module")
def site(built) -> Path:
    return built[0]


def page(path: Path):
    return lxml_html.fromstring(path.read_bytes())


def text(path: Path) -> str:
    return " ".join(page(path).text_content().split())


def pages(site: Path) -> list[Path]:
    return sorted(site.rglob("*.html"))


def links(path: Path) -> list[str]:
    tree = page(path)
    return [element.get(attribute) for attribute in ("href", "src") for element in tree.xpath(f"//*[@{attribute}]")]


def item_documents(site: Path, meeting: str, number: int) -> list:
    agenda = page(site / meeting / "index.html")
    [item] = [li for li in agenda.xpath('//li[contains(@class, "item")]')
              if li.xpath("string(.//span[@class='number'])") == f"Item {number}"]
    return item.xpath(".//ul[@class='documents']/li/a")


# --- the layout ------------------------------------------------------------------------------

def test_site_holds_the_committees_their_meetings_and_the_feeds(site):
    names = {str(p.relative_to(site)) for p in site.rglob("*") if p.is_file()}
    assert {"index.html", "feed.xml", "meetings.json", "meetings.schema.json", "assets/site.css",
            "ics-board/index.html", "ics-board/meetings.ics", "ics-board/2020-12-02/index.html",
            "ics-board/2020-12-02/public-pack.pdf", "ics-board/2020-12-02/public-pack.docx",
            "lancashire-health-and-wellbeing-board/index.html",
            "lancashire-health-and-wellbeing-board/2023-09-05/index.html"} <= names
    front = page(site / "index.html")
    assert [a.text_content() for a in front.xpath("//main//a")] == ["ICS Board", "Lancashire Health and Wellbeing Board"]


def test_the_meeting_lists_its_public_minutes_and_decisions(site):
    folder = site / "ics-board" / "2020-12-02"
    agenda = text(folder / "index.html")
    assert ("Minutes and decisions The minutes are a draft until the committee approves them. Minutes (draft) (PDF, "
            in agenda)
    for name in ("public-minutes.pdf", "public-minutes.docx", "decisions.pdf", "decisions.docx"):
        assert f'href="../../ics-board/2020-12-02/{name}"' in (folder / "index.html").read_text(encoding="utf-8")
        assert (folder / name).stat().st_size > 0
    assert "DRAFT" in " ".join(PdfReader(str(folder / "public-minutes.pdf")).pages[0].extract_text().split()[:3])
    data = json.loads((site / "meetings.json").read_text())
    board = next(c for c in data["committees"] if c["name"] == "ICS Board")["meetings"][0]
    assert board["minutes_status"] == "draft"
    decisions = {d["item"]: d for d in board["decisions"]}
    assert list(decisions) == ["5", "8", "11"]
    assert decisions["5"]["text"].startswith("RESOLVED: that the ICS Board approved the recommendations: 1. note the actions")
    assert decisions["11"]["text"] == ("This item was considered in private: Commercially sensitive until the outline business "
                                       "case is approved.")
    private = ["scoring of the three shortlisted sites", "transport assumptions behind Leyland", "Submit the outline business case"]
    for path in site.rglob("*"):
        if path.is_file():
            found = path.read_bytes().decode("latin-1") + (zip_words(path) if path.suffix == ".docx" else "")
            found += " ".join(p.extract_text() for p in PdfReader(str(path)).pages) if path.suffix == ".pdf" else ""
            assert not any(phrase in " ".join(found.split()) for phrase in private), path


def test_committee_page_lists_upcoming_then_past_meetings(site):
    council = text(site / "lancashire-health-and-wellbeing-board" / "index.html")
    assert re.search(r"Upcoming meetings 5 September 2023: Lancashire Health and Wellbeing Board Agenda\s*10:00, .* Past meetings None yet", council)
    board = text(site / "ics-board" / "index.html")
    assert re.search(r"Upcoming meetings 13 January 2021: Informal ICS Board Meeting\s*10:00–12:00, MS Teams Teleconference "
                     r"\(its agenda is not published yet\) Past meetings 2 December 2020: Formal Integrated Care", board)


@pytest.mark.parametrize("meeting, folder", [(ICS, "ics-board/2020-12-02"),
                                             (COUNCIL, "lancashire-health-and-wellbeing-board/2023-09-05")])
def test_agenda_page_shows_every_item_in_order_with_its_documents(site, meeting, folder):
    rows = agenda_rows(validate(meeting, REPO))
    agenda = page(site / folder / "index.html")
    items = agenda.xpath('//li[contains(@class, "item")]')
    assert [li.xpath("string(.//h3)") for li in items] == [f"Item {r.label} {r.title}" for r in rows]
    sections = [h.text_content() for h in agenda.xpath("//main/h2")]
    assert [s.title for s in validate(meeting, REPO).model.sections] == [s for s in sections if s not in ("The whole agenda pack", "Minutes and decisions", "Next meeting")]
    for row, li in zip(rows, items):
        facts = dict(zip(li.xpath(".//dt/text()"), li.xpath(".//dd/text()")))
        assert facts == {"Lead": row.owner, "Action": row.action, "Format": row.format}
        documents = li.xpath(".//ul[@class='documents']/li/a")
        if row.reason:
            assert not documents
            assert row.reason.rstrip(".") in li.xpath("string(.//p[@class='notice'])")
        elif row.files:
            formats = [re.search(r"\((web page|PDF|Word file)", a.text_content()).group(1) for a in documents]
            assert formats[-2:] == ["PDF", "Word file"] and set(formats[:-2]) <= {"web page"}
        else:
            assert not documents


def test_every_link_resolves_inside_the_site_and_nothing_is_loaded_from_elsewhere(site):
    checked = 0
    for path in pages(site):
        for link in links(path):
            parts = urlsplit(link)
            assert not parts.scheme and not parts.netloc, (path, link)
            target = (path.parent / unquote(parts.path)).resolve() if parts.path else path
            assert target.is_file() and target.is_relative_to(site.resolve()), (path, link)
            if parts.fragment:
                assert page(target).xpath(f'//*[@id="{parts.fragment}"]'), (path, link)
            checked += 1
    assert checked > 100
    assert not [p for p in site.rglob("*") if p.suffix in (".js",)]
    for path in pages(site):
        assert not page(path).xpath("//script"), path


def test_documents_state_their_true_size_and_pages(site):
    for path in pages(site):
        for anchor in page(path).xpath("//a"):
            shown = re.search(r"\((?:PDF, (\d+) pages?, |Word file, )([\d.]+) (bytes|KB|MB)\)", anchor.text_content())
            if not shown:
                continue
            target = path.parent / anchor.get("href")
            size = target.stat().st_size
            scale = {"bytes": 1, "KB": 1000, "MB": 1_000_000}[shown.group(3)]
            assert abs(size / scale - float(shown.group(2))) <= 0.5 + (0.05 if scale == 1_000_000 else 0), (anchor.text_content(), size)
            if shown.group(1):
                assert len(PdfReader(str(target)).pages) == int(shown.group(1))


def test_item_pdf_is_the_item_numbered_on_its_own_and_word_file_carries_nothing_unpublished(site):
    [web, pdf, word] = item_documents(site, "ics-board/2020-12-02", 5)
    folder = site / "ics-board" / "2020-12-02"
    reader = PdfReader(str(folder / pdf.get("href")))
    first = " ".join(reader.pages[0].extract_text().split())
    assert "Protecting Elective Care Capacity This Winter" in first
    assert re.search(r"ICS Board \u2013 2 December 2020 \u2013 Item 5 \u2013 Page 1\b", first)
    assert str(reader.metadata.title) == "Protecting Elective Care Capacity This Winter"
    data = (folder / word.get("href")).read_bytes()
    assert inspect_docx(data) == []
    with zipfile.ZipFile(folder / word.get("href")) as archive:
        core = archive.read("docProps/core.xml").decode()
    assert "<dc:creator>" not in core or re.search(r"<dc:creator>\s*</dc:creator>", core)


# --- the pages -------------------------------------------------------------------------------

def test_headings_nest_without_gaps_and_every_page_has_one_title(site):
    for path in pages(site):
        levels = [int(h.tag[1]) for h in page(path).xpath("//main//*[self::h1 or self::h2 or self::h3 or self::h4 or self::h5 or self::h6]")]
        assert levels[0] == 1 and levels.count(1) == 1, (path, levels)
        for before, after in zip(levels, levels[1:]):
            assert after <= before + 1, (path, levels)


def test_every_table_has_a_caption_and_header_cells_with_scope(site):
    tables = 0
    for path in pages(site):
        for table in page(path).xpath("//table"):
            tables += 1
            caption = table.xpath("string(caption)").strip()
            region = table.getparent().get("aria-label") if table.getparent().get("role") == "region" else ""
            assert caption or region, (path, lxml_html.tostring(table)[:200])
            assert table.xpath(".//th"), path
            assert all(th.get("scope") in ("col", "row") for th in table.xpath(".//th")), path
    assert tables > 10


def test_cover_sheet_page_states_each_answer_in_words(site):
    [web, *_] = item_documents(site, "ics-board/2020-12-02", 5)
    path = site / "ics-board" / "2020-12-02" / web.get("href")
    paper = validate(REPO / "inputs" / "papers" / "elective-care-capacity.yaml", REPO).model
    tree = page(path)
    answers = {tr.xpath("string(th)"): tr.xpath("string(td)") for tr in tree.xpath("//table[@class='answers']/tbody/tr")}
    words = {"yes": "Yes", "no": "No", "n/a": "N/A"}
    assert list(answers.values()) == [words[a.value] for _, a in paper.implications]
    assert "Quality impact assessment completed" in answers
    details = {tr.xpath("string(th)"): tr.xpath("string(td)") for tr in tree.xpath("//table[@class='details']/tbody/tr")}
    assert details["Agenda item"] == "5" and details["Date of meeting"] == "2 December 2020"
    assert details["Confidential"] == "No" and details["Presented by"] == paper.presented_by
    shown = text(path)
    for recommendation in paper.recommendations.items:
        assert " ".join(re.sub(r"[*_`]", "", recommendation).split())[:40] in shown


def test_appraisal_page_shows_the_derived_ratings_as_text_and_colour(site):
    [web, *_] = item_documents(site, "ics-board/2020-12-02", 8)
    tree = page(site / "ics-board" / "2020-12-02" / web.get("href"))
    [summary] = tree.xpath("//table[contains(@class, 'summary')]")
    assert summary.xpath("string(caption)").startswith("Summary of ratings")
    ratings = summary.xpath(".//p[@class='rating']")
    assert ratings and all(re.fullmatch(r"background-color: #[0-9A-F]{6}", p.get("style")) for p in ratings)
    assert all(p.text_content().strip() for p in ratings)
    assert {"Description of options", "Key", "Detailed assessment", "Summary of ratings"} <= {
        h.text_content() for h in tree.xpath("//h3 | //h4")}


def test_council_report_page_follows_the_house_report(site):
    [web, *_] = item_documents(site, "lancashire-health-and-wellbeing-board/2023-09-05", 3)
    path = site / "lancashire-health-and-wellbeing-board" / "2023-09-05" / web.get("href")
    headings = [h.text_content() for h in page(path).xpath("//main/h2")]
    assert headings[:4] == ["Brief summary", "Recommendations", "Detail", "Consultations"]
    assert "Reason for inclusion in Part II, if appropriate" in headings
    assert "Part I" in text(path) and "lancashire-cc.css" in path.read_text()
    # The detail's options appraisal stands in the detail, where the report puts it, and what follows it too.
    order = [h.text_content() for h in page(path).xpath("//main//*[self::h2 or self::h3]")]
    detail = order[order.index("Detail"):order.index("Consultations")]
    assert detail == ["Detail", "How the options were appraised", "Options Appraisal for Lancashire Place Governance", "Timetable"]
    assert page(path).xpath("//table[contains(@class, 'summary')]")


def test_no_page_shows_a_marker_meant_for_the_word_layout(site):
    for path in pages(site):
        assert not re.search(r"\b(appraisal-\d+|slot:|bookmark:|insert:|bpslot)", text(path)), path


def test_author_text_is_data_on_the_web_too(tmp_path):
    """Markup typed by an author is shown as typed, never run, on every page it reaches."""
    from conftest import small_meeting
    meeting = small_meeting(tmp_path / "inputs")
    folder = meeting.parent
    paper = folder / "minimal" / "paper.yaml"
    paper.write_text(paper.read_text().replace("title: ", "title: <script>alert(1)</script> {{ 7*7 }} ", 1))
    result = publish(folder, tmp_path / "site", tmp_path / "work", root=tmp_path / "inputs")
    assert result.exit_code == 0, result.stderr
    found = [p for p in pages(tmp_path / "site") if "alert(1)" in p.read_text()]
    assert found
    for path in found:
        assert "<script>" not in path.read_text() and "&lt;script&gt;alert(1)&lt;/script&gt; {{ 7*7 }}" in path.read_text()


# --- nothing private ---------------------------------------------------------------------------

def site_text(site: Path) -> dict[str, str]:
    """Return every file of the site as text: pages and data as written, PDFs' text and bytes, Word files' words."""
    found = {}
    for path in sorted(p for p in site.rglob("*") if p.is_file()):
        name = str(path.relative_to(site))
        if path.suffix == ".pdf":
            found[name] = " ".join(" ".join(p.extract_text().split()) for p in PdfReader(str(path)).pages) + path.read_bytes().decode("latin-1")
        elif path.suffix == ".docx":
            found[name] = zip_words(path)
        elif path.suffix == ".html":
            found[name] = text(path) + path.read_text()
        else:
            found[name] = path.read_text(encoding="utf-8")
    return found


def test_no_word_of_a_confidential_paper_reaches_any_file_or_file_name(built):
    site, work = built
    everything = site_text(site)
    names = " ".join(everything)
    for phrase in CONFIDENTIAL_PHRASES + COUNCIL_PHRASES:
        for name, content in everything.items():
            assert phrase not in content, (phrase, name)
    assert "pathology" not in names and "care-home" not in names and "fees" not in names
    public = shingles(" ".join(everything.values()))
    confidential = {"2020-12-02-ics-board": "11-", "2023-09-05-lancashire-health-and-wellbeing-board": "05-"}
    for folder, prefix in confidential.items():
        [paper] = (work / folder / "papers").glob(f"{prefix}*.docx")
        others = shingles(" ".join(zip_words(p, ("word/document.xml",)) for p in (work / folder / "papers").glob("*.docx") if p != paper))
        distinctive = shingles(zip_words(paper, ("word/document.xml",))) - others
        shown = shingles(zip_words(work / folder / "agenda.docx", ("word/document.xml",)))  # public: its lines, the notices
        leaked = (distinctive - shown) & public
        assert len(distinctive) > 40 and not leaked, (paper.name, sorted(leaked)[:5])


def test_confidential_item_is_its_agenda_line_and_reason_in_the_data_too(site):
    data = json.loads((site / "meetings.json").read_text())
    board = next(c for c in data["committees"] if c["name"] == "ICS Board")
    [item] = [i for s in board["meetings"][0]["sections"] for i in s["items"] if i["number"] == "11"]
    assert item["public"] is False and item["documents"] == [] and item["reason"].startswith("Commercially")
    feed = (site / "feed.xml").read_text()
    assert "Item 11" not in feed


# --- feeds and data ------------------------------------------------------------------------------

def test_calendar_parses_with_one_event_per_meeting_and_stable_uids(site):
    calendar = icalendar.Calendar.from_ical((site / "ics-board" / "meetings.ics").read_bytes())
    events = calendar.walk("VEVENT")
    assert [str(e["UID"]) for e in events] == ["2020-12-02-ics-board@boardpapers", "2021-01-13-ics-board@boardpapers"]
    first = events[0]
    assert first.decoded("DTSTART").isoformat() == "2020-12-02T10:00:00+00:00"
    assert str(first["LOCATION"]) == "MS Teams Teleconference"
    assert str(events[1]["SUMMARY"]) == "Informal ICS Board Meeting"
    assert calendar.walk("VTIMEZONE")[0]["TZID"] == "Europe/London"
    council = icalendar.Calendar.from_ical((site / "lancashire-health-and-wellbeing-board" / "meetings.ics").read_bytes())
    [meeting, following] = council.walk("VEVENT")
    assert meeting.decoded("DTSTART").isoformat() == "2023-09-05T10:00:00+01:00", "British Summer Time"


def test_atom_feed_parses_with_an_entry_per_published_document(site):
    feed = feedparser.parse((site / "feed.xml").read_bytes())
    assert not feed.bozo, feed.get("bozo_exception")
    assert feed.version == "atom10"
    data = json.loads((site / "meetings.json").read_text())
    expected = sum(1 for c in data["committees"] for m in c["meetings"] for s in m["sections"] for i in s["items"] if i["documents"])
    expected += sum(1 for c in data["committees"] for m in c["meetings"] if m["documents"])
    assert len(feed.entries) == expected
    ids = [entry.id for entry in feed.entries]
    assert len(set(ids)) == len(ids)
    for entry in feed.entries:
        assert (site / entry.link).is_file()
        for enclosure in entry.get("enclosures", []):
            assert (site / enclosure.href).stat().st_size == int(enclosure.length)


def test_open_data_is_valid_against_its_schema_and_says_what_the_pages_say(site):
    data = json.loads((site / "meetings.json").read_text())
    schema = json.loads((site / "meetings.schema.json").read_text())
    jsonschema.Draft202012Validator.check_schema(schema)
    jsonschema.validate(data, schema, cls=jsonschema.Draft202012Validator)
    for committee in data["committees"]:
        for meeting in committee["meetings"]:
            assert (site / meeting["url"]).is_file()
            for section in meeting["sections"]:
                for item in section["items"]:
                    for document in item["documents"]:
                        assert (site / document["url"]).stat().st_size == document["bytes"]
    broken = json.loads(json.dumps(data))
    broken["committees"][0]["meetings"][0]["sections"][0]["items"][0]["number"] = "one"
    with pytest.raises(jsonschema.ValidationError):
        jsonschema.validate(broken, schema)


# --- the same bytes, and only what changed ----------------------------------------------------

def test_same_inputs_give_a_byte_identical_site_and_a_second_publish_writes_nothing(built, tmp_path):
    site, work = built
    again = publish(MEETINGS, tmp_path / "site", work)
    assert again.exit_code == 0, again.stderr
    assert file_hashes(tmp_path / "site") == file_hashes(site)
    before = {p: p.stat().st_mtime_ns for p in site.rglob("*") if p.is_file()}
    repeat = publish(MEETINGS, site, work)
    assert repeat.exit_code == 0, repeat.stderr
    assert "0 files written" in repeat.stderr
    assert {p: p.stat().st_mtime_ns for p in site.rglob("*") if p.is_file()} == before


def test_a_changed_paper_rewrites_its_own_files_and_what_lists_them(built, tmp_path):
    tree = tmp_path / "inputs"
    shutil.copytree(REPO / "inputs", tree)
    shutil.copytree(built[1], tmp_path / "work")  # the packs and their cache: their inputs' paths are the same under tmp_path
    first = publish(tree / "meetings", tmp_path / "site", tmp_path / "work", root=tmp_path)
    assert first.exit_code == 0, first.stderr
    paper = tree / "papers" / "elective-care-capacity.yaml"
    paper.write_text(paper.read_text().replace("title: Protecting Elective Care Capacity This Winter",
                                               "title: Protecting Elective Care Capacity This Winter (revised)"))
    minutes = tree / "meetings" / "ics-board" / "2020-12-02-minutes.yaml"  # they name the item as the agenda does
    minutes.write_text(minutes.read_text().replace("item: Protecting Elective Care Capacity This Winter",
                                                   "item: Protecting Elective Care Capacity This Winter (revised)"))
    second = publish(tree / "meetings", tmp_path / "site", tmp_path / "work", root=tmp_path)
    assert second.exit_code == 0, second.stderr
    written = re.search(r"(\d+) files? written, (\d+) unchanged", second.stderr)
    assert written and 0 < int(written.group(1)) < int(written.group(2))
    council = [p for p in (tmp_path / "site" / "lancashire-health-and-wellbeing-board" / "2023-09-05").iterdir()]
    assert all(p.stat().st_nlink == 1 or p.stat().st_mtime_ns <= paper.stat().st_mtime_ns for p in council)
    assert "(revised)" in text(tmp_path / "site" / "ics-board" / "2020-12-02" / "index.html")


def test_wrong_input_leaves_the_site_as_it_was(built, tmp_path):
    site, work = built
    copy = tmp_path / "site"
    shutil.copytree(site, copy)
    before = file_hashes(copy)
    tree = tmp_path / "inputs"
    shutil.copytree(REPO / "inputs", tree)
    meeting = tree / "meetings" / "ics-board" / "2020-12-02-ics-board.yaml"
    meeting.write_text(meeting.read_text().replace("date: 2020-12-02", "date: 02.12.2020"))
    result = publish(tree / "meetings", copy, work, root=tree)
    assert result.exit_code == 2
    assert re.search(r"2020-12-02-ics-board\.yaml:\d+: date: .*2020-12-02", result.stderr), result.stderr
    assert "Traceback" not in result.stderr
    assert file_hashes(copy) == before


# --- in a real browser ---------------------------------------------------------------------------

@pytest.mark.browser
def test_every_page_passes_axe_core_wcag_2_1_aa_in_chromium(site):
    """Every page of the site (front page, committees, agendas, papers, council report, appraisal, action log,
    Markdown attachments) has no violation of axe-core's WCAG 2.0/2.1 A and AA rules, and loads nothing from elsewhere."""
    from pipeline import axe

    checked = axe.check(pages(site))
    kinds = {"cover-sheet": "Cover sheet", "council report": "Local Government (Access to Information) Act 1985",
             "appraisal": "Summary of ratings", "action log": "Item code"}
    for kind, words in kinds.items():
        assert any(words in text(result.path) for result in checked), kind
    assert len(checked) == len(pages(site)) >= 12
    assert [(str(r.path.relative_to(site)), r.problems) for r in checked if r.problems] == []


def test_every_pdf_the_site_publishes_passes_pdf_ua_1(site, validator):
    from pipeline import verapdf

    published = sorted(site.rglob("*.pdf"))
    assert len(published) >= 9
    verdicts = verapdf.validate_pdfs(published)
    failed = {p.name: [verapdf.plain(f) for f in v.failures] or [v.error] for p, v in verdicts.items() if not v.compliant}
    assert failed == {}
