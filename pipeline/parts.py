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
import multiprocessing
import queue
import shutil
import tempfile
import threading
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from dataclasses import dataclass, field
from pathlib import Path

from docx import Document
from docx.document import Document as DocumentType
from docx.opc.constants import RELATIONSHIP_TYPE as RT

from pipeline import ooxml
from pipeline.attachments import page_count, word_document
from pipeline.build import slug
from pipeline.cache import Cache
from pipeline.compose import compose, new_composer
from pipeline.errors import BuildError
from pipeline.export import LibreOffice
from pipeline.furniture import Look
from pipeline.housestyle import HouseStyle
from pipeline.layouts import LAYOUTS
from pipeline.layouts.action_log import action_log_document
from pipeline.layouts.agenda import Row
from pipeline.layouts.body import add_pdf_notice
from pipeline.layouts.laid import InPack, PdfSlots
from pipeline.markdown import PandocJob
from pipeline.output import Properties, document_bytes, owned, sweep_abandoned
from pipeline.pdfpack import PartPdf, finish_with_appendices
from pipeline.plan import PartPlan, Plan
from pipeline.render import Slots
from pipeline.source import load_markdown

LAYOUT_WORKERS = 2
"""Parts laid out at once, each in a process of its own: one per core of the machine the targets are set for."""


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
    pages: int = 0
    """How many pages its PDF has (0 until it has one)."""


def make_words(plan: Plan, cache: Cache, ready: Callable[[Made], object] | None = None) -> dict[str, Made]:
    """Return every part of `plan` as Word, by key, laying out those the cache does not hold in worker processes.

    Laying out is Python's work, which threads would take turns at; worker
    processes (forked, so they start at once and share what is loaded) lay
    out :data:`LAYOUT_WORKERS` parts at a time. They are started before
    anything else runs beside this thread, as a fork copies only the thread
    that makes it. `ready(part)` is called with each part as soon as it is
    there (to start its PDF).
    """
    made: dict[str, Made] = {}
    cached = {part.key: cache.get(part.key, "part.docx") for part in plan.parts}
    missing = [part for part in plan.parts if cached[part.key] is None]
    with _layout_pool(plan, cache, len(missing)) as lay_out:
        laid = lay_out(missing)  # submitted before `ready` starts any thread
        for part in plan.parts:
            if cached[part.key] is not None:
                made[part.key] = _made(part, cached[part.key], cache)
                if ready:
                    ready(made[part.key])
        for part, facts in zip(missing, laid):
            made[part.key] = _made(part, facts, cache)
            if ready:
                ready(made[part.key])
    return {part.key: made[part.key] for part in plan.parts}


_PLANNED: tuple[Plan, Cache] | None = None
"""The plan a forked layout worker works on (it has it from the build that forked it)."""


@contextmanager
def _layout_pool(plan: Plan, cache: Cache, count: int) -> Iterator[Callable[[list[PartPlan]], Iterator[dict]]]:
    """Yield what lays out parts (lazily yielding each part's facts, in order): forked processes, or this one."""
    global _PLANNED
    if count < 2 or LAYOUT_WORKERS < 2 or "fork" not in multiprocessing.get_all_start_methods():
        yield lambda parts: (_lay_out(part, plan, cache) for part in parts)
        return
    _PLANNED = (plan, cache)
    try:
        context = multiprocessing.get_context("fork")
        with concurrent.futures.ProcessPoolExecutor(max_workers=min(LAYOUT_WORKERS, count), mp_context=context) as pool:
            yield lambda parts: (future.result() for future in [pool.submit(_lay_out_planned, part) for part in parts])
    finally:
        _PLANNED = None


def _lay_out_planned(part: PartPlan) -> dict:
    """Lay out `part` of the plan this worker was forked with (see :func:`_lay_out`)."""
    plan, cache = _PLANNED
    return _lay_out(part, plan, cache)


def _made(part: PartPlan, facts: dict, cache: Cache) -> Made:
    entry = cache.entry(part.key)
    pdf = PartPdf(entry / "part.pdf", tuple(facts["foreign"]), part.row.number) if _has_pdf(entry, facts) else None
    return Made(part.key, part.name, entry / "part.docx", [(name, entry / file) for name, file in facts["papers"]],
                facts["marking"], facts["pdfs"], part.row.number, pdf, facts.get("pages", 0))


def _has_pdf(entry: Path, facts: dict) -> bool:
    return "foreign" in facts and (entry / "part.pdf").is_file()


def _lay_out(part: PartPlan, plan: Plan, cache: Cache) -> dict:
    """Lay out `part`, put it in the cache, and return its facts."""
    style = plan.style
    files: dict[str, bytes] = {}
    if part.notice:
        documents, papers, marking, pdfs = [_notice(part.row, style)], [], "", PdfSlots()
    else:
        documents, papers, marking, pdfs = _documents(part.row, plan, part.public)
    for index, (name, data) in enumerate(papers):
        files[f"paper-{index}.docx"] = data
    files["part.docx"] = document_bytes(_composed(style, documents), Properties(part.row.title, "", ""))
    facts = {"papers": [[name, f"paper-{index}.docx"] for index, (name, _) in enumerate(papers)], "marking": marking,
             "pdfs": {name: str(path.relative_to(plan.meeting.root)) for name, path in pdfs.files.items()}}
    cache.put(part.key, files, facts)
    return facts


def _documents(row: Row, plan: Plan, public: bool = False) -> tuple[list[DocumentType], list[tuple[str, bytes]], str, PdfSlots]:
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
            documents.append(action_log_document(included, style, public))
        elif included is not None:
            laid = LAYOUTS[included.kind](included, InPack(meeting.model.committee, meeting.model.date, row.label, pdfs, public))
            papers.append((f"{row.stem}-{slug(laid.properties.title)}.docx", document_bytes(laid.document, laid.properties)))
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
    return _on_house_page(job, style)


def _notice(row: Row, style: HouseStyle) -> DocumentType:
    """Return the one page that stands in a public pack for an item not for publication."""
    job = PandocJob()
    job.heading(f"Item {row.label}: {row.title}", level=1)
    job.plain(style.notice(row.reason))
    return _on_house_page(job, style)


def _on_house_page(job: PandocJob, style: HouseStyle) -> DocumentType:
    """Return what `job` converts, composed onto the house style's blank document."""
    return compose(Document(str(style.reference_docx)), job.run(style.reference_docx), Slots(), {})


def _composed(style: HouseStyle, documents: list[DocumentType]) -> DocumentType:
    """Return `documents` as one, each from a new page, on the house's blank page."""
    master = Document(str(style.reference_docx))
    body = master.element.body
    for element in list(body):
        if element.tag != ooxml.W_SECTPR:
            body.remove(element)
    composer = new_composer(master)
    for position, document in enumerate(documents):
        index = composer.append_index()
        composer.append(document)
        if position:
            ooxml.start_on_new_page(first_block(body[index]))
    composer.finish()
    ooxml.repair_sections(master)
    return master


def first_block(element):
    """Return the first paragraph or table of the body at or after its child `element`."""
    while element.tag not in (ooxml.W_P, ooxml.W_TBL):
        element = element.getnext()
    return element


class Converter:
    """Parts' PDFs made in the background as the parts become ready, by LibreOffices kept running for the build.

    ``with Converter(cache, look, root) as converter: converter.submit(part)``
    returns a future of the part with its PDF. Each of :data:`PDF_WORKERS`
    workers starts a LibreOffice of its own for its first part (so none is
    started when the cache holds every PDF) and keeps it to the end. Once one
    conversion fails, the parts not yet converted fail with the same error at
    once, instead of each waiting on a LibreOffice that is not working.
    """

    def __init__(self, cache: Cache, look: Look, root: Path, workers: int | None = None) -> None:
        self.cache, self.look, self.root = cache, look, root
        self.workers = workers or PDF_WORKERS
        self.pool = concurrent.futures.ThreadPoolExecutor(max_workers=self.workers, thread_name_prefix="pdf")
        self.free: queue.SimpleQueue[LibreOffice] = queue.SimpleQueue()
        self.started: list[LibreOffice] = []
        self.lock = threading.Lock()
        self.failed: BuildError | None = None
        self.submitted: list[concurrent.futures.Future] = []
        sweep_abandoned(Path(tempfile.gettempdir()), "boardpapers-*.tmp")  # what killed builds left
        self.work = Path(tempfile.mkdtemp(**owned("boardpapers-parts")))

    def __enter__(self) -> Converter:
        return self

    def __exit__(self, *exc: object) -> None:
        self.failed = self.failed or BuildError("the build stopped")
        self.pool.shutdown(wait=True, cancel_futures=True)
        for office in self.started:
            office.__exit__(None, None, None)
        shutil.rmtree(self.work, ignore_errors=True)

    def submit(self, part: Made) -> concurrent.futures.Future:
        """Start making `part`'s PDF (at once done when the cache had it); return the future of the part."""
        if part.pdf is not None:
            done: concurrent.futures.Future = concurrent.futures.Future()
            done.set_result(part)
            return done
        future = self.pool.submit(self._make, part)
        self.submitted.append(future)
        return future

    def wait(self) -> None:
        """Wait until every PDF submitted so far is made; raise the first failure."""
        for future in list(self.submitted):
            future.result()

    def _make(self, part: Made) -> Made:
        if self.failed is not None:
            raise self.failed
        office = self._office()
        try:
            return _make_pdf(part, self.cache, office, self.look, self.root, self.work)
        except BuildError as exc:
            self.failed = exc
            raise
        finally:
            self.free.put(office)

    def warm(self) -> None:
        """Start every worker's LibreOffice now, to start up while the parts are laid out (it takes a second or two)."""
        with self.lock:
            while len(self.started) < self.workers:
                self.free.put(self._start())

    def _office(self) -> LibreOffice:
        with self.lock:
            if self.free.empty() and len(self.started) < self.workers:
                return self._start()
        return self.free.get()

    def _start(self) -> LibreOffice:
        """Start one more LibreOffice, to be stopped when the build ends (call with the lock held)."""
        office = LibreOffice().__enter__()
        self.started.append(office)
        return office


PDF_WORKERS = 2
"""LibreOffices converting parts at once: one per core of the machine the targets are set for."""


def _make_pdf(part: Made, cache: Cache, office: LibreOffice, look: Look, root: Path, work: Path) -> Made:
    """Make `part`'s PDF with `office` and put it in the cache: a copy of its Word file with the pack's page furniture.

    The copy has no footer (the pack stamps its own), the part's marking at
    the head of every page, and room for each of its PDF documents, whose
    pages then take that room, their structure trees grafted in.
    """
    document = Document(str(part.docx))
    without_footer(document)
    if part.marking:
        body = document.element.body
        ooxml.mark_pages(document, [(first_block(body[0]), body[-2], part.marking)])  # to the end, as in a pack
    files = {name: root / path for name, path in part.pdfs.items()}
    room = ooxml.expand_pdf_notices(document, {n: page_count(p) for n, p in files.items()})
    variant = work / f"{part.name}.docx"
    variant.write_bytes(document_bytes(document, Properties(part.name, "", "")))
    del document
    raw = office.convert(variant, work / f"{part.name}.raw.pdf")
    target = work / f"{part.name}.pdf"
    finished = finish_with_appendices(raw, target, files, room, part.marking, None, look)
    cache.add(part.key, "part.pdf", target.read_bytes(), {"foreign": finished.foreign, "pages": finished.pages})
    for temporary in (variant, raw, target):
        temporary.unlink(missing_ok=True)
    part.pdf = PartPdf(cache.entry(part.key) / "part.pdf", tuple(finished.foreign), part.item)
    part.pages = finished.pages
    return part


def without_footer(document: DocumentType) -> None:
    """Empty every footer of `document`, keeping its paragraphs (so the text area stays as it was)."""
    for relationship in document.part.rels.values():
        if relationship.reltype == RT.FOOTER:
            for paragraph in relationship.target_part.element.iter(ooxml.W_P):
                for child in list(paragraph):
                    if child.tag != ooxml.qn("w:pPr"):
                        paragraph.remove(child)


def agenda_part(key: str, cache: Cache, lay_out: Callable[[], DocumentType], properties: Properties) -> Made:
    """Return the agenda cached under `key` as a part, with its PDF if the cache has it; `lay_out()` makes it when not cached."""
    facts = cache.get(key, "part.docx")
    if facts is None:
        facts = {"papers": [], "marking": "", "pdfs": {}}
        cache.put(key, {"part.docx": document_bytes(lay_out(), properties)}, facts)
    entry = cache.entry(key)
    pdf = PartPdf(entry / "part.pdf", (), None) if _has_pdf(entry, facts) else None
    return Made(key, f"agenda-{key[:8]}", entry / "part.docx", pdf=pdf, pages=facts.get("pages", 0))

