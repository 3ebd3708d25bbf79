"""One meeting's part of the website: its agenda page, each public item's pages and files, its public pack.

Under ``<committee-slug>/<date>/``: ``index.html`` (the agenda); for each
public item with documents, a web page per paper, action log or Markdown
attachment (``item-05-<title>.html``), and the item's PDF and Word file
(``item-05-<title>.pdf``, ``.docx``), made from the pack's parts as the
cache holds them: the PDF with its own page numbers, the Word file with
anything it carries that must not be published removed
(:func:`~pipeline.docxclean.clean_docx`); then ``public-pack.pdf`` and
``public-pack.docx``. An item not for publication is its agenda line and
reason: no page, no file, not its paper's name.
"""

from __future__ import annotations

import tempfile
from dataclasses import dataclass, field
from datetime import date
from pathlib import Path

from pipeline.attachments import page_count
from pipeline.build import slug
from pipeline.cache import Cache
from pipeline.docxclean import clean_docx
from pipeline.furniture import Look
from pipeline.housestyle import HouseStyle
from pipeline.layouts.agenda import Row
from pipeline.layouts.laid import InPack, PdfSlots
from pipeline.manifest import code_digest, digest
from pipeline.models.meeting import Meeting as MeetingModel
from pipeline.parts import Made
from pipeline.pdfpack import assemble_pack
from pipeline.plan import Plan, key_of
from pipeline.validate import Validated
from pipeline.web import opendata
from pipeline.web.feeds import event_uid
from pipeline.web.pages import Templates, house_css, web_files
from pipeline.web.papers import Page, markdown_page, paper_page

Content = bytes | Path
"""A file of the site: its bytes, or the file to copy them from."""


@dataclass
class MeetingSite:
    """A meeting as the site shows it: its open data and its files (by address from the site's root)."""

    meeting: opendata.Meeting
    files: dict[str, Content] = field(default_factory=dict)
    following: tuple[date, str | None, str | None, str | None, str] | None = None
    """The next meeting, as the agenda states it (date, start, end, venue, what it is called)."""


def meeting_url(model: MeetingModel) -> str:
    """Return the folder of a meeting's pages: ``<committee-slug>/<date>/``."""
    return f"{slug(model.committee)}/{model.date.isoformat()}/"


@dataclass(frozen=True)
class MinutesRecord:
    """A meeting's minutes as the site publishes them: the built files' folder, whether approved, the decisions."""

    folder: Path
    """Where public-minutes and decisions (Word and PDF) were built."""
    status: str
    """'draft', or 'approved on 13 January 2021'."""
    decisions: list[tuple[str, str, str]]
    """Each decision: item number, title, text."""


def meeting_site(planned: Plan, made: dict[str, Made], pack: Path, cache: Cache, look: Look, site: dict,
                 minutes: MinutesRecord | None = None) -> MeetingSite:
    """Return the site's part for the meeting of `planned`, whose pack was built in `pack` and whose parts are `made`.

    `site` is what every page shows (the organisation's name); `minutes`, once
    written, adds the public minutes and the decisions.
    """
    meeting: Validated = planned.meeting
    model: MeetingModel = meeting.model
    pages = _MeetingPages(planned, cache, look, site)
    parts = {part.row.number: made[part.key] for part in planned.public}  # an item's public copy: minutes say less
    sections = [opendata.Section(title=section.title, items=[]) for section in model.sections]
    for row in planned.rows:
        documents = pages.item(row, parts[row.number]) if row.reason is None and row.files else []
        sections[row.section].items.append(opendata.Item(
            number=row.label, title=row.title, owner=row.owner, action=row.action, format=row.format,
            public=row.reason is None, reason=row.reason, supplement=row.supplement, urgent_reason=row.urgent,
            documents=documents))
    files, base = pages.files, pages.base

    def packs(name: str, title: str, folder: Path = pack) -> list[opendata.Document]:
        found = []
        for kind in ("pdf", "docx"):
            source = folder / f"{name}.{kind}"
            if source.is_file():
                files[f"{base}{name}.{kind}"] = source if kind == "pdf" else clean_docx(source.read_bytes())[0]
                found.append(_document(title, kind, f"{base}{name}.{kind}", files[f"{base}{name}.{kind}"]))
        return found

    supplements = [opendata.Supplement(number=p.supplement, published=p.published, items=[row.label for row in p.rows],
                                       documents=packs(p.packs[1], f"Public supplementary agenda {p.supplement}"))
                   for p in planned.publications[1:]]
    written = {}
    if minutes is not None:
        written = {"minutes": packs("public-minutes", f"Minutes ({minutes.status})", minutes.folder)
                   + packs("decisions", "Decisions", minutes.folder), "minutes_status": minutes.status,
                   "decisions": [opendata.Decision(item=n, title=t, text=x) for n, t, x in minutes.decisions]}
    result = opendata.Meeting(
        committee=model.committee, title=model.title, date=model.date, start=model.start, end=model.end,
        venue=model.venue, url=base + "index.html", uid=event_uid(slug(model.committee), model.date),
        sections=sections, published=model.published, documents=packs("public-pack", "Public agenda pack"),
        supplements=supplements, **written)
    following = model.next_meeting
    files[base + "index.html"] = pages.templates.page("meeting.html", {
        **page_frame(site, planned.style, 2, result.title, [(model.committee, "../index.html")]),
        "meeting": result, "notice": planned.style.notice, "house_date": planned.style.date,
        "when": planned.style.date(model.date), "time": f"{model.start}\u2013{model.end}" if model.end else model.start,
        "next_meeting": {"label": following.label or model.committee, "when": planned.style.date(following.date),
                         "start": following.start, "venue": following.venue} if following else None,
    })
    return MeetingSite(result, files, (following.date, following.start, following.end, following.venue,
                                       following.label or f"{model.committee} meeting") if following else None)


def page_frame(site: dict, style: HouseStyle | None, depth: int, title: str, crumbs: list[tuple[str, str]]) -> dict:
    """Return what every page's frame shows: its title, the way back up (label, address), the stylesheets."""
    root = "../" * depth
    return {"root": root, "page_title": title, "organisation": site["organisation"], "crumbs": crumbs,
            "house_css": f"{root}assets/{style.name}.css" if house_css(style) else None}


class _MeetingPages:
    """The pages and files of one meeting's items, made or taken from the cache: ``pages.item(row, part)``."""

    def __init__(self, planned: Plan, cache: Cache, look: Look, site: dict) -> None:
        self.planned, self.cache, self.look, self.site = planned, cache, look, site
        model: MeetingModel = planned.meeting.model
        self.model = model
        self.base = meeting_url(model)
        self.templates = Templates(planned.style)
        self.files: dict[str, Content] = {}
        self.crumbs = [(model.committee, "../index.html"), (model.title, "index.html")]
        # What shapes every item's pages beyond its part: the web templates, the code, the site, the address.
        self.shapes = {"web": [digest(p) for p in web_files(planned.style)], "code": code_digest(), "site": site,
                       "base": self.base}

    def item(self, row: Row, part: Made) -> list[opendata.Document]:
        """Add item `row`'s pages and files to :attr:`files` (from the cache when it has them); return its documents."""
        stem = f"item-{row.stem}-{slug(row.title)}"
        key = key_of({**self.shapes, "part": part.key, "title": row.title})
        facts = self.cache.get(key, "item.pdf")
        if facts is None:
            facts = self._make(row, part, stem, key)
        entry = self.cache.entry(key)
        documents = []
        for index, (file, title) in enumerate(facts["pages"]):
            name = _page_name(stem, title, index)
            self.files[self.base + name] = entry / file
            documents.append(_document(title, "html", self.base + name, entry / file))
        for kind in ("pdf", "docx"):
            self.files[self.base + f"{stem}.{kind}"] = entry / f"item.{kind}"
            documents.append(_document(row.title, kind, self.base + f"{stem}.{kind}", entry / f"item.{kind}"))
        return documents

    def _make(self, row: Row, part: Made, stem: str, key: str) -> dict:
        """Make item `row`'s pages, PDF (numbered on its own) and cleaned Word file into the cache entry `key`; return its facts."""
        style, model = self.planned.style, self.model
        made = {}
        pages = _pages(self.planned, row)
        for index, (title, page) in enumerate(pages):
            context = {**page_frame(self.site, style, 2, title, self.crumbs), **page.context,
                       "item": {"number": row.label, "title": row.title}, "pdf": f"{stem}.pdf", "word": f"{stem}.docx"}
            made[f"page-{index}.html"] = self.templates.page(page.template, context)
        with tempfile.TemporaryDirectory(prefix="boardpapers-") as work:
            target = Path(work) / "item.pdf"
            footer = f"{model.committee} \u2013 {style.date(model.date)} \u2013 Item {row.label} \u2013 "
            assemble_pack(target, [part.pdf], footer, row.title, {row.number: f"{row.label}. {row.title}"}, self.look)
            made["item.pdf"] = target.read_bytes()
        made["item.docx"] = clean_docx(part.docx.read_bytes())[0]
        facts = {"pages": [[f"page-{i}.html", title] for i, (title, _) in enumerate(pages)]}
        self.cache.put(key, made, facts)
        return facts


def _pages(planned: Plan, row: Row) -> list[tuple[str, Page]]:
    """Return the web page of each of the item's documents that has one: papers, action logs, Markdown attachments."""
    meeting: Validated = planned.meeting
    model: MeetingModel = meeting.model
    markdown = [path for path in row.files if path.suffix.lower() == ".md"]
    pages = []
    for path in row.files:
        included = meeting.includes.get(path)
        if included is not None and included.kind == "minutes":
            continue  # the minutes are in the item's PDF and Word files, as the public minutes say them
        if included is not None:
            in_pack = InPack(model.committee, model.date, row.label, PdfSlots()) if included.kind != "action-log" else None
            page = paper_page(included, in_pack)
        elif path in markdown:
            title = row.title if len(markdown) == 1 else path.stem.replace("-", " ").capitalize()
            page = markdown_page(path, title, meeting.root, planned.style)
        else:
            continue  # a PDF or Word attachment is in the item's PDF and Word files
        pages.append((page.title, page))
    return pages


def _page_name(stem: str, title: str, index: int) -> str:
    """Return the file of the item's page `index`: the item's name for the first, with its own title after."""
    return f"{stem}.html" if index == 0 else f"{stem}-{index + 1}-{slug(title, 40)}.html"


def _document(title: str, kind: str, url: str, content: Content) -> opendata.Document:
    size = content.stat().st_size if isinstance(content, Path) else len(content)
    pages = page_count(content) if kind == "pdf" else None  # a PDF is always a file: the cache's or the pack's
    return opendata.Document(title=title, format=kind, url=url, bytes=size, pages=pages)

