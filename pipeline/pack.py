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
import gc
import shutil
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass, field
from pathlib import Path

from docx import Document
from docx.document import Document as DocumentType

from pipeline import ooxml
from pipeline.apart import few_arenas
from pipeline.build import slug
from pipeline.cache import Cache
from pipeline.compose import new_composer
from pipeline.errors import BuildError, Problem, display_path
from pipeline.export import font_warnings, missing
from pipeline.housestyle import HouseStyle
from pipeline.layouts.agenda import Pages, Row, agenda_document
from pipeline.manifest import read_manifest, write_manifest
from pipeline.notice import spoken
from pipeline.models.meeting import Meeting
from pipeline.output import Properties, build_lock, replacing, save_document
from pipeline.furniture import look_of
from pipeline.parts import Converter, Made, agenda_part, first_block, make_words
from pipeline.pdfpack import assemble_apart, assemble_pack
from pipeline.plan import PartPlan, Plan, Publication, agenda_key, plan
from pipeline.validate import Validated, validate_meeting


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
    published: dict[Path, Publication] = field(default_factory=dict)
    """The publication each output belongs to (none for what is for the meeting itself: the pack with supplements)."""

    def moved(self, stage: Path, folder: Path) -> None:
        """Say that what was written in `stage` is now in `folder`."""
        self.folder = folder
        self.outputs = [folder / p.relative_to(stage) for p in self.outputs]
        self.published = {folder / p.relative_to(stage): publication for p, publication in self.published.items()}

    def add(self, path: Path, publication: Publication | None) -> None:
        """Say that `path` was written, as part of `publication`."""
        self.outputs.append(path)
        if publication is not None:
            self.published[path] = publication


def pack_folder(meeting: Meeting, out: Path) -> Path:
    """Return the folder a meeting's pack is written to: ``out/<date>-<committee-slug>``."""
    return out / f"{meeting.date.isoformat()}-{slug(meeting.committee)}"


def build_pack(path: Path, out: Path, root: Path | None = None, pdf: bool = True) -> PackBuilt:
    """Build the agenda, papers and packs of the meeting `path` under `out`; return what was written.

    Steps: validate the meeting and every file it names, then :func:`_build`
    (PDFs when LibreOffice is there and `pdf`). All of it is written into a new folder that then replaces the
    meeting's folder whole, so the folder is always one build's outputs.
    Raises :class:`~pipeline.errors.InputError` or :class:`BuildError`; when
    only the PDF export fails, the Word outputs and the manifest replace the
    folder (no earlier PDF is left beside them) before the error is raised.
    """
    few_arenas()
    meeting = validate_meeting(path, root)
    model: Meeting = meeting.model
    folder = pack_folder(model, out)
    with build_lock(folder):
        before = read_manifest(folder)
        with replacing(folder) as stage:
            built, failure = _build(meeting, stage, out, pdf)
    built.moved(stage, folder)
    built.warnings = built.warnings + _changed_since_published(meeting, built, before, read_manifest(folder))
    if failure is not None:
        raise BuildError(f"{failure}; the Word outputs were written to {display_path(folder)}, without PDFs")
    return built


def _build(meeting: Validated, folder: Path, out: Path, pdf: bool) -> tuple[PackBuilt, BuildError | None]:
    """Build the pack into the empty `folder`; return what was written, and the PDF export's failure if it failed.

    The steps: plan the parts; make each part's Word document (or take it
    from the cache), starting its PDF as soon as it is there; write the
    papers; compose both Word packs while the PDFs are made; assemble both
    PDF packs from the parts' PDFs; write the agenda with the page ranges;
    write the manifest.
    """
    planned = plan(meeting)
    cache = Cache(out)
    built = PackBuilt(folder, warnings=meeting.warnings)
    built.pdf_skipped = missing() if pdf else "PDFs were not asked for (--no-pdf)"
    pages, failure = None, None
    editions = _editions(planned)
    with _converter(planned, cache, built.pdf_skipped is None) as converter:
        made = make_words(planned, cache, converter.submit if converter else None)
        _write_papers(planned, made, folder, built)
        for edition in editions:
            _write_word_packs(planned, edition, made, folder, built)
        if converter is not None:
            built.warnings = built.warnings + _font_warnings(meeting)
            try:
                pages = _write_pdf_packs(planned, editions, made, converter, folder, built)
            except BuildError as exc:
                failure = exc
    model: Meeting = meeting.model
    main = planned.publications[0]
    agenda = agenda_document(meeting, planned.style, Pages(known=pages), main.rows)
    save_document(agenda, folder / "agenda.docx", Properties(model.title, _subject(model, planned.style), model.committee))
    built.outputs.insert(0, folder / "agenda.docx")
    built.published[folder / "agenda.docx"] = main
    built.outputs.append(write_manifest(folder, meeting, built.outputs, planned.inputs, _publications(built, folder)))
    cache.prune()
    return built, failure


@dataclass(frozen=True)
class _Edition:
    """An agenda and the packs that follow it: a publication's (members' and public), or the members' pack with supplements."""

    rows: list[Row]
    """The items its agenda lists."""
    supplement: int | None
    """Which supplementary agenda it is, if it is one."""
    packs: list[tuple[str, list[PartPlan], bool]]
    """Each pack's name, its parts after the agenda, and whether it is public."""
    publication: Publication | None
    """The publication it is (``None``: the agenda as it now stands, supplements in, for the meeting itself)."""


def _editions(planned: Plan) -> list[_Edition]:
    """Return what is built as packs: each publication, then, when there are supplements, everything in agenda order."""
    editions = [_Edition(p.rows, p.supplement, [(p.packs[0], p.members, False), (p.packs[1], p.public, True)], p)
                for p in planned.publications]
    if len(planned.publications) > 1:
        editions.append(_Edition(planned.rows, None, [(WITH_SUPPLEMENTS, planned.members, False)], None))
    return editions


WITH_SUPPLEMENTS = "pack-with-supplements"
"""The members' pack of the agenda as it now stands: the agenda, supplements in, and every item's documents in agenda order."""


def _publications(built: PackBuilt, folder: Path) -> dict[str, dict]:
    """Return what the manifest says of each output: which publication it belongs to, and when that went out."""
    record = {}
    for path in built.outputs:
        publication = built.published.get(path)
        record[str(path.relative_to(folder))] = {
            "publication": publication.name if publication else "meeting",
            "published": publication.published.isoformat() if publication and publication.published else None,
        }
    return record


def _changed_since_published(meeting: Validated, built: PackBuilt, before: dict | None, after: dict | None) -> list[Problem]:
    """Warn of each file of a publication that differs from the last build's, which went out: what was published is kept as it was.

    A publication counts as gone out when the last build already recorded
    its file with the same date. Builds with and without PDFs are not
    compared. The warning stands at that date in the meeting file.
    """
    if not before or not after or ("pack.pdf" in before["outputs"]) != ("pack.pdf" in after["outputs"]):
        return []  # a build without PDFs states no page ranges: its agenda differs from one with them, by design
    changed: dict[int | None, tuple[Publication, list[str]]] = {}
    for path, publication in built.published.items():
        name = str(path.relative_to(built.folder))
        gone_out = publication.published and before.get("publications", {}).get(name) == after["publications"].get(name)
        if gone_out and before["outputs"].get(name) != after["outputs"].get(name):
            changed.setdefault(publication.supplement, (publication, []))[1].append(name)
    problems = []
    for publication, names in changed.values():
        number = publication.supplement
        loc = ("published",) if number is None else ("supplements", number - 1, "published")
        what = "the agenda" if number is None else f"supplement {number}"
        problems.append(meeting.source.problem(loc, f"{', '.join(sorted(names))} changed since {what} went out on "
                                                    f"{spoken(publication.published)}, because an input changed; keep "
                                                    "the copies that were published as the record of what was open for inspection",
                                               warning=True))
    return problems


def made_parts(meeting: Validated, out: Path) -> tuple[Plan, dict[str, Made]]:
    """Return the plan of `meeting`'s pack and every part of it with its PDF, from the cache under `out` where it is there.

    After a pack build, every part is in the cache, and nothing is made again
    (no LibreOffice is started); what is missing is made as a build would.
    """
    planned = plan(meeting)
    cache = Cache(out)
    with _converter(planned, cache, True) as converter:
        made = make_words(planned, cache, converter.submit)
        converter.wait()
    return planned, made


@contextmanager
def _converter(planned: Plan, cache: Cache, wanted: bool) -> Iterator[Converter | None]:
    """Yield what makes the parts' PDFs (``None`` when no PDFs are made)."""
    if not wanted:
        yield None
        return
    with Converter(cache, look_of(planned.style), planned.meeting.root) as converter:
        if any(cache.get(part.key, "part.pdf") is None for part in planned.parts):
            converter.warm()  # some PDF will be made: LibreOffice starts up while the parts are laid out
        yield converter


def _font_warnings(meeting: Validated) -> list[Problem]:
    styles = {v.style.name: v.style for v in [meeting, *meeting.includes.values()]}
    return [w for style in styles.values() for w in font_warnings(style)]


def _write_papers(planned: Plan, made: dict[str, Made], folder: Path, built: PackBuilt) -> None:
    """Copy each paper the parts hold to ``papers/``, as part of the publication that brought its item."""
    for part in planned.members:
        publication = planned.publications[part.row.supplement or 0]
        for name, cached in made[part.key].papers:
            target = folder / "papers" / name
            target.parent.mkdir(exist_ok=True)
            shutil.copyfile(cached, target)
            built.add(target, publication)


def _subject(meeting: Meeting, style: HouseStyle) -> str:
    return f"{meeting.committee}, {style.date(meeting.date)}"


def _properties(meeting: Meeting, style: HouseStyle, public: bool, edition: _Edition | None = None) -> Properties:
    if edition is not None and edition.supplement is not None:
        what = f"supplementary agenda {edition.supplement}"
    else:
        what = "agenda pack with supplements" if edition is not None and edition.publication is None else "agenda pack"
    title = f"{meeting.title}: {'public ' if public else ''}{what}"
    return Properties(title=title, subject=_subject(meeting, style), author=meeting.committee)


def _write_word_packs(planned: Plan, edition: _Edition, made: dict[str, Made], folder: Path, built: PackBuilt) -> None:
    """Compose the Word packs of `edition` (``pack.docx``, then ``public-pack.docx``): the agenda, then each part from a new page, bookmarked.

    One pack is composed at a time, each part's Word document opened from
    the cache as it is added and let go, so that a long meeting holds one
    long document, not two. The pack with supplements is PDF only.
    """
    if edition.publication is None:
        return
    meeting, style = planned.meeting, planned.style
    for name, order, public in edition.packs:
        pack = _WordPack(meeting, style, edition)
        for part in order:
            pack.add(part.row, Document(str(made[part.key].docx)), "" if public else made[part.key].marking)
        target = folder / f"{name}.docx"
        save_document(pack.finish(), target, _properties(meeting.model, style, public, edition))
        built.add(target, edition.publication)
        del pack
        gc.collect()  # python-docx's objects refer to each other: one long pack in memory at a time


class _WordPack:
    """A Word pack being composed: the agenda (its page ranges as fields), then each part."""

    def __init__(self, meeting: Validated, style: HouseStyle, edition: _Edition) -> None:
        self.master = agenda_document(meeting, style, Pages(fields=True), edition.rows, edition.supplement)
        ooxml.number_pages(self.master, pack_footer_text(meeting.model, style, edition.supplement))
        self.composer = new_composer(self.master)
        self.marked: list = []

    def add(self, row: Row, document: DocumentType, marking: str) -> None:
        """Add `document`, the part of item `row`, from a new page; bookmark its start and end for the agenda's ranges."""
        body = self.master.element.body
        before = body[-1].getprevious()  # the body's last block: what follows it now is `document`
        self.composer.append(document)
        first = first_block(before.getnext())
        ooxml.start_on_new_page(first)
        start = first if first.tag == ooxml.W_P else first.getprevious()
        ooxml.bookmark(start, row.key, 0)
        ooxml.bookmark_last_character(_last_paragraph(body), f"{row.key}End", 0)
        if marking:
            self.marked.append((start, body[-2], marking))

    def finish(self) -> DocumentType:
        """Return the pack, its sections mended and its confidential items' pages marked."""
        self.composer.finish()
        ooxml.repair_sections(self.master)
        ooxml.mark_pages(self.master, self.marked)
        return self.master


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


def pack_footer_text(meeting: Meeting, style: HouseStyle, supplement: int | None = None) -> str:
    """Return the words before the page number in a pack's footer; a supplement's pages are numbered on their own."""
    return f"{meeting.committee} \u2013 {style.date(meeting.date)} \u2013 " + (f"Supplement {supplement} \u2013 " if supplement else "")


ASSEMBLE_APART_PAGES = 300
"""From how many pages a PDF pack is assembled in a process of its own (qpdf holds about 0.5 MB a page while it works)."""
AGENDA_TRIES = 4
"""How often the agenda is laid out again when stating its page ranges changed its own length."""


def _write_pdf_packs(planned: Plan, editions: list[_Edition], made: dict[str, Made], converter: Converter, folder: Path,
                     built: PackBuilt) -> dict[int, tuple[int, int]]:
    """Wait for each part's PDF, then assemble each edition's PDF packs from them; return the ranges of the agenda's members' pack."""
    converter.wait()
    found = [_write_pdf_edition(planned, edition, made, converter, folder, built) for edition in editions]
    return found[0]


def _write_pdf_edition(planned: Plan, edition: _Edition, made: dict[str, Made], converter: Converter, folder: Path,
                       built: PackBuilt) -> dict[int, tuple[int, int]]:
    """Assemble `edition`'s PDF packs (``pack.pdf`` and ``public-pack.pdf``) from the parts' PDFs; return the first pack's ranges.

    Its agendas (members' and public, whose page ranges differ) are made
    once the parts' page counts are known, and again if stating the ranges
    changed their own length.
    """
    meeting, style = planned.meeting, planned.style
    model: Meeting = meeting.model
    lengths = [1] * len(edition.packs)
    for _ in range(AGENDA_TRIES):
        ranges = [_ranges(order, made, length) for (_, order, _), length in zip(edition.packs, lengths)]
        agendas = [converter.submit(agenda_part(agenda_key(planned, edition.publication, r, public),
                                                converter.cache,
                                                lambda r=r: agenda_document(meeting, style, Pages(known=r), edition.rows, edition.supplement),
                                                _properties(model, style, public, edition)))
                   for r, (_, _, public) in zip(ranges, edition.packs)]
        agendas = [future.result() for future in agendas]
        counted = [agenda.pages for agenda in agendas]
        if counted == lengths:
            break
        lengths = counted
    else:
        raise BuildError("the agenda's length would not settle: stating its page ranges changed it each time")
    titles = {row.number: f"{row.label}. {row.title}" for row in edition.rows}
    first = "Agenda" if edition.supplement is None else f"Supplementary Agenda {edition.supplement}"
    footer = pack_footer_text(model, style, edition.supplement)

    pages = sum(made[part.key].pages for part in edition.packs[0][1])
    apart = pages > ASSEMBLE_APART_PAGES

    def assemble(pack: tuple[str, list[PartPlan], bool], agenda: Made) -> None:
        name, order, public = pack
        parts = [agenda.pdf] + [made[part.key].pdf for part in order]
        (assemble_apart if apart else assemble_pack)(folder / f"{name}.pdf", parts, footer,
                                                     _properties(model, style, public, edition).title, titles,
                                                     converter.look, first)

    # A long pack is assembled in a process of its own, both at once; a short one here, quicker than starting one.
    with concurrent.futures.ThreadPoolExecutor(max_workers=2 if apart else 1) as pool:
        list(pool.map(assemble, edition.packs, agendas))
    for name, _, _ in edition.packs:
        built.add(folder / f"{name}.pdf", edition.publication)
    return ranges[0]


def _ranges(order: list[PartPlan], made: dict[str, Made], agenda_pages: int) -> dict[int, tuple[int, int]]:
    """Return each item's pages (from 1) in a pack of the parts `order` after an agenda of `agenda_pages` pages."""
    ranges, start = {}, agenda_pages + 1
    for part in order:
        count = made[part.key].pages
        ranges[part.row.number] = (start, start + count - 1)
        start += count
    return ranges
