"""PDFs finished and put together: PDF appendices merged in place, packs assembled from their parts.

LibreOffice exports a document with one blank page standing for each page of
each PDF it holds, bookmarked at its first; here those pages are replaced by
the PDF's own, its structure tree grafted where theirs was
(:mod:`pipeline.assemble`). A pack is then assembled from its parts' PDFs, in
order, with the pack's running footer and page numbers stamped on every page
(:mod:`pipeline.furniture`) and its bookmarks rebuilt as the agenda: an entry
per item, with the headings of its documents beneath.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, field
from pathlib import Path

import pikepdf
from pikepdf import OutlineItem

from pipeline import apart
from pipeline.assemble import Tree, append, explicit_destinations, named_destinations, replace
from pipeline.attachments import pdf_document
from pipeline.errors import BuildError
from pipeline.furniture import Look, Stamp, stamp
from pipeline.pdfout import save_pdf


@dataclass(frozen=True)
class PartPdf:
    """One part of a pack as a finished PDF: where it is, which of its pages came from other PDFs, its item."""

    path: Path
    foreign: tuple[int, ...] = ()
    """The indexes of its pages that are a merged PDF's (numbered in the corner, below their own footer)."""
    item: int | None = None
    """The agenda item it belongs to (``None`` for the agenda)."""


@dataclass
class Finished:
    """A PDF finished with its PDF appendices: how many pages it has, and which are theirs."""

    pages: int
    foreign: list[int] = field(default_factory=list)


def finish_with_appendices(raw: Path, target: Path, files: dict[str, Path], placeholders: dict[str, int],
                           marking: str = "", numbered: Callable[[int, int], str] | None = None,
                           look: Look | None = None) -> Finished:
    """Write `target` from LibreOffice's `raw` export, each PDF's stand-in pages replaced by its own; say what it holds.

    `files` maps the bookmark of each PDF's stand-in pages to the PDF;
    `placeholders` says how many pages stand for each. The merged pages get
    `marking` at their head (a confidential paper's header says it on every
    other page) and, with `numbered`, ``numbered(page, pages)`` in the
    corner; `look` is the stamps' font. The export's outline is kept.
    """
    with pikepdf.open(raw) as pdf:
        index = {page.objgen: number for number, page in enumerate(pdf.pages)}
        named = _destinations(pdf, index)
        lost = sorted(set(placeholders) - set(named))
        if lost:
            raise BuildError(f"LibreOffice did not keep the place of {', '.join(files[n].name for n in lost)} in the PDF, "
                             "so its pages cannot be merged in")
        headings = _outline(pdf, index, named)
        explicit_destinations(pdf)
        tree = Tree.of(pdf)
        sources, foreign = [], []
        for name in sorted(placeholders, key=lambda n: -named[n]):  # from the end, so earlier places stay put
            source = pdf_document(files[name])
            sources.append(source)
            start = named[name]
            count = named.get(f"{name}End", start + placeholders[name] - 1) - start + 1
            if count != len(source.pages):
                raise BuildError(f"{files[name]}: its {len(source.pages)} pages took {count} in the PDF; "
                                 "the notice page overflowed")
            replace(tree, start, count, source)  # as many pages as it replaces: the other pages keep their indexes
            foreign += range(start, start + count)
        tree.write()
        total = len(pdf.pages)
        stamps = [Stamp(p, marking, "head") for p in foreign if marking]
        stamps += [Stamp(p, numbered(p + 1, total), "corner") for p in foreign if numbered]
        overlay = stamp(pdf, stamps, look) if stamps and look else None
        with pdf.open_outline() as outline:
            outline.root.clear()
            _nest(outline.root, headings)
        try:
            save_pdf(pdf, target)
        finally:
            for source in sources:
                source.close()
            if overlay is not None:
                overlay.close()
        return Finished(total, sorted(foreign))


def assemble_pack(target: Path, parts: list[PartPdf], footer: str, title: str, items: dict[int, str],
                  look: Look, agenda: str = "Agenda") -> dict[int, tuple[int, int]]:
    """Write the pack `target` from its parts' PDFs, numbered on, bookmarked; return each item's pages (from 1).

    `footer` is what every page's footer says before its number; `items`
    names the items for the bookmarks, in agenda order (number -> "5. Title");
    `agenda` names the first part's bookmark.
    """
    pdf = pikepdf.new()
    tree = Tree.new(pdf)
    opened, stamps, headings, starts = [], [], [], []
    try:
        for part in parts:
            source = pikepdf.open(part.path)
            opened.append(source)
            index = {page.objgen: n for n, page in enumerate(source.pages)}
            found = _outline(source, index, _destinations(source, index))
            start = append(tree, source)
            starts.append((start, len(source.pages), part.item))
            headings += [(depth, text, start + page) for depth, text, page in found]
            stamps += [Stamp(start + n, f"{footer}Page {start + n + 1}", "corner" if n in part.foreign else "foot")
                       for n in range(len(source.pages))]
        if not opened:
            raise BuildError("the pack has no pages")
        tree.write()
        if "/Lang" in opened[0].Root:
            pdf.Root.Lang = pikepdf.String(str(opened[0].Root.Lang))
        overlay = stamp(pdf, stamps, look)
        opened.append(overlay)
        ranges = _ranges(starts)
        _bookmarks(pdf, headings, ranges, items, agenda)
        pdf.Root.PageMode = pikepdf.Name.UseOutlines
        pdf.docinfo[pikepdf.Name.Title] = title
        save_pdf(pdf, target)
    finally:
        for source in opened:
            if source is not None:
                source.close()
    return ranges


def assemble_job(job: dict) -> dict[str, list[int]]:
    """Run :func:`assemble_pack` on a job as :mod:`pipeline.apart` passes it (JSON); return the ranges by item number."""
    parts = [PartPdf(Path(p["path"]), tuple(p["foreign"]), p["item"]) for p in job["parts"]]
    look = Look(Path(job["look"]["font"]), job["look"]["size"], job["look"]["baseline"])
    ranges = assemble_pack(Path(job["target"]), parts, job["footer"], job["title"],
                           {int(n): t for n, t in job["items"]}, look, job["agenda"])
    return {str(n): list(r) for n, r in ranges.items()}


def assemble_apart(target: Path, parts: list[PartPdf], footer: str, title: str, items: dict[int, str],
                   look: Look, agenda: str = "Agenda") -> dict[int, tuple[int, int]]:
    """Do :func:`assemble_pack` in a process of its own (see :mod:`pipeline.apart`), so its memory is given back after."""
    job = {"target": str(target), "footer": footer, "title": title, "items": list(items.items()), "agenda": agenda,
           "parts": [{"path": str(p.path), "foreign": list(p.foreign), "item": p.item} for p in parts],
           "look": {"font": str(look.font), "size": look.size, "baseline": look.baseline}}
    ranges = apart.call("pipeline.pdfpack:assemble_job", job)
    return {int(n): (r[0], r[1]) for n, r in ranges.items()}


def _ranges(starts: list[tuple[int, int, int | None]]) -> dict[int, tuple[int, int]]:
    ranges: dict[int, tuple[int, int]] = {}
    for start, count, item in starts:
        if item is not None:
            first, _ = ranges.get(item, (start + 1, start + 1))
            ranges[item] = (first, start + count)
    return ranges


def _destinations(pdf: pikepdf.Pdf, index: dict) -> dict[str, int]:
    """Return the page index of every named destination (LibreOffice's export of the Word bookmarks)."""
    return {name: page for name, destination in named_destinations(pdf) if (page := _page_of(destination, index)) is not None}


def _page_of(destination, index: dict) -> int | None:
    """Return the page index an explicit destination (``[page /XYZ ...]``, or a dictionary with ``/D``) points at."""
    if isinstance(destination, pikepdf.Dictionary):
        destination = destination.get("/D")
    if isinstance(destination, pikepdf.Array) and len(destination) and isinstance(destination[0], pikepdf.Dictionary):
        return index.get(destination[0].objgen)
    return None


def _outline(pdf: pikepdf.Pdf, index: dict, named: dict[str, int]) -> list[tuple[int, str, int]]:
    """Return the exported outline flattened: ``(depth, title, page index)`` in order."""
    found: list[tuple[int, str, int]] = []

    def walk(entries, depth: int) -> None:
        for entry in entries:
            page = _outline_page(entry, index, named)
            if page is not None:
                found.append((depth, entry.title, page))
            walk(entry.children, depth + 1)

    with pdf.open_outline() as outline:
        walk(outline.root, 0)
    return found


def _outline_page(entry, index: dict, named: dict[str, int]) -> int | None:
    destination = entry.destination
    if destination is None and entry.action is not None:
        destination = entry.action.get("/D")
    if isinstance(destination, (pikepdf.String, pikepdf.Name, str)):
        return named.get(str(destination).lstrip("/"))
    return _page_of(destination, index)


def _bookmarks(pdf: pikepdf.Pdf, headings: list[tuple[int, str, int]], ranges: dict[int, tuple[int, int]], items: dict[int, str],
               agenda: str) -> None:
    """Add an entry for the agenda and for each item in agenda order, the headings of its pages beneath it.

    An item without pages of its own (verbal, to follow) points at the agenda.
    """
    starts = sorted(start for start, _ in ranges.values())
    agenda_end = starts[0] - 1 if starts else len(pdf.pages)
    sections = [(agenda, 1, agenda_end)]
    sections += [(items[number], *ranges.get(number, (1, 0))) for number in items]
    sections += [(f"Item {number}", start, end) for number, (start, end) in ranges.items() if number not in items]
    with pdf.open_outline() as outline:
        outline.root.clear()
        for title, start, end in sections:
            parent = OutlineItem(title, start - 1)
            outline.root.append(parent)
            _nest(parent.children, [h for h in headings if start - 1 <= h[2] <= end - 1])


def _nest(entries: list, headings: list[tuple[int, str, int]]) -> None:
    """Add `headings` (depth, title, page index) to the outline `entries`, each under the last shallower one."""
    stack: list[tuple[int, OutlineItem]] = []
    for depth, heading, page in headings:
        while stack and stack[-1][0] >= depth:
            stack.pop()
        item = OutlineItem(heading, page)
        (stack[-1][1].children if stack else entries).append(item)
        stack.append((depth, item))
