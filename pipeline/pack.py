"""The agenda pack: one meeting file in, the whole meeting out.

Under ``OUT/<date>-<committee>/``: ``agenda.docx``; ``papers/NN-<slug>.docx``
(each cover sheet showing the meeting's committee, date and item number);
``pack.docx`` and ``public-pack.docx``; their PDFs; ``manifest.json``. In each
pack the agenda comes first and every document starts on a new page. In the
public pack an item not for publication keeps its agenda line, marked with its
reason, and its documents become one notice page: they are never composed in,
so nothing of them can reach the file.
"""

from __future__ import annotations

import concurrent.futures
import tempfile
from dataclasses import dataclass, field
from pathlib import Path

from docx import Document
from docx.document import Document as DocumentType
from docx.text.paragraph import Paragraph

from pipeline import ooxml
from pipeline.attachments import page_count, word_document
from pipeline.build import slug
from pipeline.compose import Composer
from pipeline.errors import BuildError, Problem, display_path
from pipeline.export import LibreOffice, font_warnings, missing
from pipeline.housestyle import HouseStyle, load_house_style
from pipeline.layouts import LAYOUTS
from pipeline.layouts.action_log import action_log_document
from pipeline.layouts.agenda import Pages, Row, agenda_document, agenda_rows
from pipeline.layouts.body import add_pdf_notice
from pipeline.layouts.laid import InPack, PdfSlots
from pipeline.manifest import write_manifest
from pipeline.markdown import PandocJob
from pipeline.models.meeting import Meeting
from pipeline.output import Properties, build_lock, replacing, save_document
from pipeline.pdfpack import finish_pdf
from pipeline.source import load_markdown
from pipeline.validate import Validated, validate
from pipeline.compose import compose
from pipeline.render import Slots


@dataclass
class PackBuilt:
    """What a pack build wrote."""

    folder: Path
    """The meeting's output folder."""
    outputs: list[Path] = field(default_factory=list)
    """Every file written."""
    warnings: list[Problem] = field(default_factory=list)
    """Problems in the inputs that did not stop the build."""
    pdf_skipped: str | None = None
    """Why no PDFs were made, when none were."""

    def moved(self, stage: Path, folder: Path) -> None:
        """Say that what was written in `stage` is now in `folder`."""
        self.folder = folder
        self.outputs = [folder / p.relative_to(stage) for p in self.outputs]


@dataclass
class _Item:
    """An agenda item's documents, laid out once and composed into both packs."""

    row: Row
    documents: list[DocumentType]
    marking: str = ""
    """What every page of the item says at its top in the members' pack (empty for a public item)."""


def pack_folder(meeting: Meeting, out: Path) -> Path:
    """Return the folder a meeting's pack is written to: ``out/<date>-<committee-slug>``."""
    return out / f"{meeting.date.isoformat()}-{slug(meeting.committee)}"


def build_pack(path: Path, out: Path, root: Path | None = None, pdf: bool = True) -> PackBuilt:
    """Build the agenda, papers and packs of the meeting `path` under `out`; return what was written.

    Steps: validate the meeting and every file it names; lay out each item's
    documents (papers filled with the meeting's details); write the papers;
    compose the pack and the public pack; convert both to PDF in parallel
    (when LibreOffice is there and `pdf`), merging PDF documents in place and
    adding bookmarks; write the agenda with the PDF's page ranges; write the
    manifest. All of it is written into a new folder that then replaces the
    meeting's folder whole, so the folder is always one build's outputs.
    Raises :class:`~pipeline.errors.InputError` or :class:`BuildError`; when
    only the PDF export fails, the Word outputs and the manifest replace the
    folder (no earlier PDF is left beside them) before the error is raised.
    """
    meeting = validate(path, root)
    model: Meeting = meeting.model
    folder = pack_folder(model, out)
    with build_lock(folder):
        with replacing(folder) as stage:
            built, failure = _build(meeting, stage, pdf)
    built.moved(stage, folder)
    if failure is not None:
        raise BuildError(f"{failure}; the Word outputs were written to {display_path(folder)}, without PDFs")
    return built


def _build(meeting: Validated, folder: Path, pdf: bool) -> tuple[PackBuilt, BuildError | None]:
    """Build the pack into the empty `folder`; return what was written, and the PDF export's failure if it failed."""
    model: Meeting = meeting.model
    style = load_house_style(model.style)
    built = PackBuilt(folder, warnings=meeting.warnings)
    pdfs = PdfSlots()
    items = [_item(row, meeting, style, pdfs, folder, built) for row in agenda_rows(meeting)]

    packs = {}
    for name, public in (("pack", False), ("public-pack", True)):
        packs[name] = _compose(meeting, style, items, public)
        target = folder / f"{name}.docx"
        save_document(packs[name], target, _properties(model, style, public))
        built.outputs.append(target)
    titles = {item.row.number: item.row.title for item in items}
    del items  # every paper is in both packs now; a long pack should not hold each twice while it exports

    pages: dict[int, tuple[int, int]] | None = None
    failure: BuildError | None = None
    built.pdf_skipped = missing() if pdf else "PDFs were not asked for (--no-pdf)"
    if built.pdf_skipped is None:
        styles = dict.fromkeys([model.style] + [v.model.style for v in meeting.includes.values() if hasattr(v.model, "style")])
        built.warnings = built.warnings + [w for name in styles for w in font_warnings(load_house_style(name))]
        try:
            ranges = _export(packs, pdfs, folder, model, style, titles)
        except BuildError as exc:
            failure = exc
        else:
            pages = ranges["pack"]
            built.outputs += [folder / "pack.pdf", folder / "public-pack.pdf"]

    agenda = agenda_document(meeting, style, Pages(known=pages))
    save_document(agenda, folder / "agenda.docx", Properties(model.title, _subject(model, style), model.committee))
    built.outputs.insert(0, folder / "agenda.docx")
    built.outputs.append(write_manifest(folder, meeting, built.outputs))
    return built, failure


def _subject(meeting: Meeting, style: HouseStyle) -> str:
    return f"{meeting.committee}, {style.date(meeting.date)}"


def _properties(meeting: Meeting, style: HouseStyle, public: bool) -> Properties:
    title = f"{meeting.title}: {'public ' if public else ''}agenda pack"
    return Properties(title=title, subject=_subject(meeting, style), author=meeting.committee)


def _item(row: Row, meeting: Validated, style: HouseStyle, pdfs: PdfSlots, folder: Path, built: PackBuilt) -> _Item:
    """Return one item's documents in pack order, writing its paper to ``papers/``, with the marking its pages carry.

    An item not for publication is marked with its paper's own marking (a
    Part II report names its exempt paragraph), or the house's.
    """
    registered = len(pdfs.files)
    documents, markings = _documents(row, meeting, style, pdfs, folder, built)
    marking = next(filter(None, markings), style.settings.marking) if row.reason else ""
    pdfs.mark(registered, marking)
    return _Item(row, documents, marking)


def _documents(row: Row, meeting: Validated, style: HouseStyle, pdfs: PdfSlots, folder: Path,
               built: PackBuilt) -> tuple[list[DocumentType], list[str]]:
    """Return the documents of one item in pack order, writing its paper to ``papers/``, and its papers' markings."""
    model: Meeting = meeting.model
    documents, markings = [], []
    for path in row.files:
        included = meeting.includes.get(path)
        if included is not None and included.kind == "action-log":
            documents.append(action_log_document(included, style))
        elif included is not None:
            laid = LAYOUTS[included.kind](included, InPack(model.committee, model.date, row.number, pdfs))
            target = folder / "papers" / f"{row.number:02d}-{slug(laid.properties.title)}.docx"
            save_document(laid.document, target, laid.properties)
            built.outputs.append(target)
            documents.append(Document(str(target)))
            markings.append(laid.marking)
        elif path.suffix.lower() == ".docx":
            documents.append(word_document(path))
        else:
            documents.append(_converted(path, style, pdfs, meeting.root))
    return documents, markings


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


def _compose(meeting: Validated, style: HouseStyle, items: list[_Item], public: bool) -> DocumentType:
    """Return the agenda with every item's documents after it, each from a new page, bookmarked."""
    master = agenda_document(meeting, style, Pages(fields=True))
    _pack_footer(master, meeting.model, style)
    composer = Composer(master)
    body = master.element.body
    marked = []
    for item in items:
        documents = [_notice(item.row, style)] if public and item.row.reason else item.documents
        start = None
        for position, document in enumerate(documents):
            index = composer.append_index()
            composer.append(document)
            first = _first_block(body, index)
            ooxml.start_on_new_page(first)
            if position == 0:
                start = first if first.tag == ooxml.W_P else first.getprevious()
                ooxml.bookmark(start, item.row.key, 0)
        if documents:
            ooxml.bookmark_last_character(_last_paragraph(body), f"{item.row.key}End", 0)
            if item.marking and not public:
                marked.append((start, body[-2], item.marking))
    composer.finish()
    ooxml.repair_sections(master)
    for first, last, marking in marked:
        ooxml.mark_pages(master, first, last, marking)
    return master


def _first_block(body, index: int):
    element = body[index]
    while element.tag not in (ooxml.W_P, ooxml.W_TBL):
        element = element.getnext()
    return element


def _last_paragraph(body):
    """Return the last paragraph in `body` that shows text (a bookmark in an empty one is not exported to PDF)."""
    # Read from the end, so that each item costs the same however long the pack already is.
    last = None
    for block in body.iterchildren(reversed=True):
        for paragraph in reversed(list(block.iter(ooxml.W_P))):
            if ooxml.paragraph_text(paragraph).strip():
                return paragraph
            last = last if last is not None else paragraph
    return last


def _pack_footer(master: DocumentType, meeting: Meeting, style: HouseStyle) -> None:
    """Number the pack's pages on from the agenda, with the meeting in the footer."""
    footer = ooxml.footer_element(master)
    paragraphs = footer.findall(ooxml.W_P)
    for extra in paragraphs[1:]:
        footer.remove(extra)
    paragraph = Paragraph(paragraphs[0], None)
    for run in list(paragraphs[0].findall(ooxml.qn("w:r"))):
        paragraphs[0].remove(run)
    paragraph.add_run(f"{pack_footer_text(meeting, style)}Page ")
    ooxml.add_field(paragraph, "PAGE")


def pack_footer_text(meeting: Meeting, style: HouseStyle) -> str:
    """Return the words before the page number in a pack's footer."""
    return f"{meeting.committee} \u2013 {style.date(meeting.date)} \u2013 "


def _export(packs: dict, pdfs: PdfSlots, folder: Path, meeting: Meeting, style: HouseStyle,
            titles: dict[int, str]) -> dict[str, dict[int, tuple[int, int]]]:
    """Convert both packs to PDF, one LibreOffice each, in parallel; return each pack's item page ranges.

    Each pack's Word document is let go once its PDF source is saved. The
    PDFs are then finished one at a time on this thread (a second or two
    each): memory that the documents gave back is reused there, where a
    worker thread's allocator would take fresh memory, so a long pack's peak
    stays near what its documents took.
    """
    counts = {key: page_count(path) for key, path in pdfs.files.items()}

    def convert(name: str, work: Path) -> tuple[Path, dict[str, int]]:
        document = packs.pop(name)
        variant = work / f"{name}.docx"
        placeholders = ooxml.expand_pdf_notices(document, counts)
        save_document(document, variant, _properties(meeting, style, name == "public-pack"))
        del document
        with LibreOffice() as office:
            return office.convert(variant, work / f"{name}.raw.pdf"), placeholders

    names = list(packs)
    with tempfile.TemporaryDirectory(prefix="boardpapers-pdf-") as work:
        with concurrent.futures.ThreadPoolExecutor(max_workers=2) as pool:
            converted = dict(zip(names, pool.map(convert, names, [Path(work)] * len(names))))
        return {name: finish_pdf(raw, folder / f"{name}.pdf", pdfs.files, placeholders, pack_footer_text(meeting, style),
                                 _properties(meeting, style, name == "public-pack").title, titles, pdfs.markings)
                for name, (raw, placeholders) in converted.items()}


