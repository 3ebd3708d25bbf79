"""Making a pack's parts: each item's Word document and tagged PDF, the notices, the agenda; each once, cached.

An item's part is its documents (paper, attachments, action log) laid out
and composed in order, each from a new page, as the packs show them. Its PDF
is made from a copy with the pack's page furniture: no footer (the pack's is
stamped on when the pack is assembled, numbered on), the item's protective
marking at the head of every page when it is not for publication, and room
for each PDF document, whose own pages then take that room. What is made
goes into the cache (:mod:`pipeline.cache`) under the part's key
(:mod:`pipeline.plan`); a later build whose part has the same key takes it
from there, and no LibreOffice is started when every PDF is there already.
"""

from __future__ import annotations

import concurrent.futures
import tempfile
from dataclasses import dataclass, field
from functools import cache as memo
from pathlib import Path

from docx import Document
from docx.document import Document as DocumentType
from docx.opc.constants import RELATIONSHIP_TYPE as RT
from docx.shared import Pt

from pipeline import ooxml
from pipeline.attachments import page_count, word_document
from pipeline.build import slug
from pipeline.cache import Cache
from pipeline.compose import Composer, compose
from pipeline.export import Offices
from pipeline.furniture import Look, font_file
from pipeline.housestyle import HouseStyle
from pipeline.layouts import LAYOUTS
from pipeline.layouts.action_log import action_log_document
from pipeline.layouts.agenda import Row
from pipeline.layouts.body import add_pdf_notice
from pipeline.layouts.laid import InPack, PdfSlots
from pipeline.markdown import PandocJob
from pipeline.output import Properties, document_bytes
from pipeline.pdfpack import PartPdf, finish_with_appendices
from pipeline.plan import PartPlan, Plan
from pipeline.render import Slots
from pipeline.source import load_markdown

LAYOUT_WORKERS = 2
"""Parts laid out at once: pandoc runs as a process of its own, so one part's pandoc overlaps another's Python."""


@dataclass
class Made:
    """A part as made (or found in the cache): its Word file, the papers it wrote, its marking; its PDF once made."""

    key: str
    name: str
    docx: Path
    """The part's Word document, in the cache."""
    papers: list[tuple[str, Path]] = field(default_factory=list)
    """Each paper it holds, as ``papers/`` names it, and its file in the cache."""
    marking: str = ""
    """What each of its pages says at the top in the members' pack (empty for a public item)."""
    pdfs: dict[str, str] = field(default_factory=dict)
    """Its PDF documents, by the bookmark of their notice pages."""
    item: int | None = None
    pdf: PartPdf | None = None


def make_words(plan: Plan, cache: Cache) -> dict[str, Made]:
    """Return every part of `plan` as Word, laying out those the cache does not hold (in parallel), by key."""
    made: dict[str, Made] = {}
    missing = []
    for part in plan.parts:
        facts = cache.get(part.key, "part.docx")
        if facts is None:
            missing.append(part)
        else:
            made[part.key] = _made(part, facts, cache)
    with concurrent.futures.ThreadPoolExecutor(max_workers=LAYOUT_WORKERS) as pool:
        for part, facts in zip(missing, pool.map(lambda p: _lay_out(p, plan, cache), missing)):
            made[part.key] = _made(part, facts, cache)
    return {part.key: made[part.key] for part in plan.parts}


def _made(part: PartPlan, facts: dict, cache: Cache) -> Made:
    entry = cache.entry(part.key)
    pdf = PartPdf(entry / "part.pdf", tuple(facts["foreign"]), part.row.number) if "foreign" in facts else None
    return Made(part.key, part.name, entry / "part.docx", [(name, entry / file) for name, file in facts["papers"]],
                facts["marking"], facts["pdfs"], part.row.number, pdf)


def _lay_out(part: PartPlan, plan: Plan, cache: Cache) -> dict:
    """Lay out `part`, put it in the cache, and return its facts."""
    style = plan.style
    files: dict[str, bytes] = {}
    if part.notice:
        documents, papers, marking, pdfs = [_notice(part.row, style)], [], "", PdfSlots()
    else:
        documents, papers, marking, pdfs = _documents(part.row, plan)
    for index, (name, data) in enumerate(papers):
        files[f"paper-{index}.docx"] = data
    files["part.docx"] = document_bytes(_composed(style, documents), Properties(part.row.title, "", ""))
    facts = {"papers": [[name, f"paper-{index}.docx"] for index, (name, _) in enumerate(papers)], "marking": marking,
             "pdfs": {name: str(path.relative_to(plan.meeting.root)) for name, path in pdfs.files.items()}}
    cache.put(part.key, files, facts)
    return facts


def _documents(row: Row, plan: Plan) -> tuple[list[DocumentType], list[tuple[str, bytes]], str, PdfSlots]:
    """Return an item's documents in pack order, the papers among them (name, Word file), its marking, its PDFs.

    An item not for publication is marked with its paper's own marking (a
    Part II report names its exempt paragraph), or the house's.
    """
    meeting, style = plan.meeting, plan.style
    pdfs = PdfSlots(prefix=f"bpPdf{row.number:02d}x")
    documents, papers, markings = [], [], []
    for path in row.files:
        included = meeting.includes.get(path)
        if included is not None and included.kind == "action-log":
            documents.append(action_log_document(included, style))
        elif included is not None:
            laid = LAYOUTS[included.kind](included, InPack(meeting.model.committee, meeting.model.date, row.number, pdfs))
            papers.append((f"{row.number:02d}-{slug(laid.properties.title)}.docx", document_bytes(laid.document, laid.properties)))
            documents.append(laid.document)
            markings.append(laid.marking)
        elif path.suffix.lower() == ".docx":
            documents.append(word_document(path))
        else:
            documents.append(_converted(path, style, pdfs, meeting.root))
    marking = next(filter(None, markings), style.settings.marking) if row.reason else ""
    return documents, papers, marking, pdfs


def _converted(path: Path, style: HouseStyle, pdfs: PdfSlots, root: Path) -> DocumentType:
    """Return a Markdown attachment converted (its images read from inside `root`), or the notice page standing for a PDF one."""
    job = PandocJob(root, style.settings.figure_label)
    if path.suffix.lower() == ".pdf":
        add_pdf_notice(job, pdfs.add(path), f"{path.name} is a PDF document. Its pages follow at this point in the PDF.")
    else:
        job.markdown(load_markdown(path), path.parent)
    return compose(Document(str(style.reference_docx)), job.run(style.reference_docx), Slots(), {})


def _notice(row: Row, style: HouseStyle) -> DocumentType:
    """Return the one page that stands in a public pack for an item not for publication."""
    job = PandocJob()
    job.heading(f"Item {row.number}: {row.title}", level=1)
    job.plain(style.settings.not_for_publication.replace("{reason}", row.reason.rstrip(".")))
    return compose(Document(str(style.reference_docx)), job.run(style.reference_docx), Slots(), {})


def _composed(style: HouseStyle, documents: list[DocumentType]) -> DocumentType:
    """Return `documents` as one, each from a new page, on the house's blank page."""
    master = Document(str(style.reference_docx))
    body = master.element.body
    for element in list(body):
        if element.tag != ooxml.W_SECTPR:
            body.remove(element)
    composer = Composer(master)
    for position, document in enumerate(documents):
        index = composer.append_index()
        composer.append(document)
        if position:
            ooxml.start_on_new_page(first_block(body, index))
    composer.finish()
    ooxml.repair_sections(master)
    return master


def first_block(body, index: int):
    """Return the first paragraph or table at or after `body[index]`."""
    element = body[index]
    while element.tag not in (ooxml.W_P, ooxml.W_TBL):
        element = element.getnext()
    return element


def make_pdfs(made: list[Made], cache: Cache, offices: Offices, look: Look, root: Path) -> None:
    """Give each part in `made` its PDF, converting (in parallel) those the cache does not hold; `root` is the input tree."""
    missing = [m for m in made if m.pdf is None]
    if not missing:
        return
    with tempfile.TemporaryDirectory(prefix="boardpapers-parts-") as work:
        jobs, rooms = [], []
        for part in missing:
            document = Document(str(part.docx))
            without_footer(document)
            if part.marking:
                body = document.element.body
                ooxml.mark_pages(document, first_block(body, 0), body[-2], part.marking)  # to the end, as in a pack
            files = {name: root / path for name, path in part.pdfs.items()}
            rooms.append((files, ooxml.expand_pdf_notices(document, {n: page_count(p) for n, p in files.items()})))
            variant = Path(work) / f"{part.name}.docx"
            variant.write_bytes(document_bytes(document, Properties(part.name, "", "")))
            jobs.append((variant, Path(work) / f"{part.name}.raw.pdf"))
        offices.convert_all(jobs)
        for part, (_, raw), (files, room) in zip(missing, jobs, rooms):
            target = Path(work) / f"{part.name}.pdf"
            finished = finish_with_appendices(raw, target, files, room, part.marking, None, look)
            cache.add(part.key, "part.pdf", target.read_bytes(), {"foreign": finished.foreign, "pages": finished.pages})
            part.pdf = PartPdf(cache.entry(part.key) / "part.pdf", tuple(finished.foreign), part.item)


def without_footer(document: DocumentType) -> None:
    """Empty every footer of `document`, keeping its paragraphs (so the text area stays as it was)."""
    for relationship in document.part.rels.values():
        if relationship.reltype == RT.FOOTER:
            for paragraph in relationship.target_part.element.iter(ooxml.W_P):
                for child in list(paragraph):
                    if child.tag != ooxml.qn("w:pPr"):
                        paragraph.remove(child)


def look_of(style: HouseStyle) -> Look:
    """Return how the house's pack footer looks: its font (as this machine has it), size and baseline."""
    return _look(style.reference_docx, style.settings.fonts.body)


@memo
def _look(reference_docx: Path, font: str) -> Look:
    reference = Document(str(reference_docx))
    size = reference.styles["Footer"].font.size or reference.styles["Normal"].font.size or Pt(9)
    distance = reference.sections[0].footer_distance or Pt(28.35)
    return Look(font_file(font), size.pt, distance.pt + 0.07 * size.pt)


def agenda_part(document: DocumentType, key: str, cache: Cache, properties: Properties) -> Made:
    """Return the agenda `document` as a part (its Word file in the cache under `key`), with its PDF if the cache has it."""
    facts = cache.get(key, "part.docx")
    if facts is None:
        facts = {"papers": [], "marking": "", "pdfs": {}}
        cache.put(key, {"part.docx": document_bytes(document, properties)}, facts)
    entry = cache.entry(key)
    pdf = PartPdf(entry / "part.pdf", (), None) if "foreign" in facts and (entry / "part.pdf").is_file() else None
    return Made(key, f"agenda-{key[:8]}", entry / "part.docx", pdf=pdf)


def pages_of(part: Made) -> int:
    """Return how many pages the part's PDF has."""
    return page_count(part.pdf.path)

