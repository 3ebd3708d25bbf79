"""Finishing a PDF pack that LibreOffice exported: PDFs merged in place, page numbers, bookmarks.

LibreOffice exports the pack with one blank page standing for each page of
each PDF document, bookmarked at its first and last; here those pages are
replaced by the PDF's own, which get the pack's footer stamped on them so the
numbering runs on unbroken. The bookmarks (PDF outline) are rebuilt as the
agenda: an entry per item, with the headings of its documents beneath.
"""

from __future__ import annotations

import re
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from pathlib import Path

import pikepdf
from pikepdf import OutlineItem

from pipeline.attachments import pdf_document
from pipeline.errors import BuildError
from pipeline.pdfout import save_pdf

ITEM = re.compile(r"^bpItem(\d+)$")
STAMP_BASELINE = 12.0
"""Where the page number stamped on a merged PDF sits, in points from the bottom edge: below the
PDF's own footer, which may carry its own page numbers."""
STAMP_MARGIN = 56.7
"""The stamp ends this far (2 cm) from the right edge."""


def finish_pdf(raw: Path, target: Path, files: dict[str, Path], placeholders: dict[str, int], footer: str, title: str,
               items: dict[int, str] | None = None, markings: dict[str, str] | None = None) -> dict[int, tuple[int, int]]:
    """Write the finished pack `target` from LibreOffice's `raw` export; return each item's pages (from 1).

    `files` maps the bookmark of each PDF's stand-in pages to the PDF;
    `placeholders` says how many pages stand for each present in this pack;
    `footer` is what the footer says before the page number; `items` names
    the items for the bookmarks (number -> title); `markings` what is stamped
    at the head of the pages of a PDF in an item not for publication. qpdf (pikepdf) reads the
    export's objects as they are needed and copies them as it writes, so a
    long pack is finished in a fraction of the memory of holding it whole.
    """
    with _finishing(raw, target, files, placeholders, lambda at, total: f"{footer}Page {at}", markings or {}) as (pdf, headings, pages):
        ranges = item_ranges(pages, len(pdf.pages))
        _bookmarks(pdf, headings, ranges, items or {})
        pdf.Root.PageMode = pikepdf.Name.UseOutlines
        pdf.docinfo[pikepdf.Name.Title] = title
    return ranges


def finish_paper_pdf(raw: Path, target: Path, files: dict[str, Path], placeholders: dict[str, int],
                     markings: dict[str, str]) -> Path:
    """Write a paper's PDF `target` from LibreOffice's `raw` export, its PDF appendices' pages merged in place; return it.

    As :func:`finish_pdf`, with the paper's own page numbering ("Page 3 of 9")
    stamped on the merged pages, and its bookmarks (its headings) kept. The
    pages of a PDF named in `markings` (a confidential paper's) carry its
    marking at their top too, as the paper's own header says it on every other page.
    """
    with _finishing(raw, target, files, placeholders, lambda at, total: f"Page {at} of {total}", markings) as (pdf, headings, _):
        with pdf.open_outline() as outline:
            outline.root.clear()
            _nest(outline.root, headings)
    return target


@contextmanager
def _finishing(raw: Path, target: Path, files: dict[str, Path], placeholders: dict[str, int],
               stamp: Callable[[int, int], str], markings: dict[str, str]) -> Iterator[tuple[pikepdf.Pdf, list, dict[str, int]]]:
    """Yield LibreOffice's `raw` export with the PDFs merged in and its own names and outline gone; then save it as `target`.

    What is yielded is the PDF, the export's headings ``(depth, title, page
    index)`` and its named pages, for the ``with`` block to rebuild the
    outline from. `stamp(page, pages)` is what a merged page says at its foot,
    `markings[name]` what the pages of the PDF `name` say at their head.
    """
    with pikepdf.open(raw) as pdf:
        index = {page.objgen: number for number, page in enumerate(pdf.pages)}
        pages = _destinations(pdf, index)
        headings = _outline(pdf, index, pages)
        sources = _merge(pdf, pages, files, placeholders, lambda at: stamp(at, len(pdf.pages)), markings)
        try:
            for key in ("/Dests", "/Names", "/Outlines"):
                if key in pdf.Root:
                    del pdf.Root[key]
            yield pdf, headings, pages
            save_pdf(pdf, target)
        finally:
            for source in sources:
                source.close()


def _merge(pdf: pikepdf.Pdf, pages: dict[str, int], files: dict[str, Path], placeholders: dict[str, int],
           stamp: Callable[[int], str], markings: dict[str, str]) -> list[pikepdf.Pdf]:
    """Put each PDF's pages in place of the blank pages standing for it, each stamped `stamp(page number)`
    at its foot and its marking in `markings`, if it has one, at its head.

    Return the PDFs opened, which must stay open until `pdf` is saved (their
    pages are copied as it is written).
    """
    lost = sorted(set(placeholders) - set(pages))
    if lost:
        raise BuildError(f"LibreOffice did not keep the place of {', '.join(files[n].name for n in lost)} in the PDF, "
                         "so its pages cannot be merged in")
    sources = []
    for name in sorted(placeholders, key=lambda n: -pages[n]):
        start = pages[name]
        end = pages.get(f"{name}End", start + placeholders[name] - 1)
        source = pdf_document(files[name])
        sources.append(source)
        if end - start + 1 != len(source.pages):
            raise BuildError(f"{files[name]}: its {len(source.pages)} pages took {end - start + 1} in the PDF; the notice page overflowed")
        for offset, page in enumerate(source.pages):
            at = start + offset
            pdf.pages.insert(at, page)
            del pdf.pages[at + 1]
            _stamp(pdf, pdf.pages[at], stamp(at + 1))
            if name in markings:
                _stamp(pdf, pdf.pages[at], markings[name], top=True)
    return sources


def _destinations(pdf: pikepdf.Pdf, index: dict) -> dict[str, int]:
    """Return the page index of every named destination (LibreOffice's export of the Word bookmarks)."""
    found = {}
    names = pdf.Root.get("/Names")
    if names is not None and "/Dests" in names:
        entries = pikepdf.NameTree(names.Dests).items()
    else:
        entries = ((str(k).lstrip("/"), v) for k, v in pdf.Root.get("/Dests", pikepdf.Dictionary()).items())
    for name, destination in entries:
        page = _page_of(destination, index)
        if page is not None:
            found[str(name)] = page
    return found


def _page_of(destination, index: dict) -> int | None:
    """Return the page index an explicit destination (``[page /XYZ ...]``, or a dictionary with ``/D``) points at."""
    if isinstance(destination, pikepdf.Dictionary):
        destination = destination.get("/D")
    if isinstance(destination, pikepdf.Array) and len(destination) and isinstance(destination[0], pikepdf.Dictionary):
        return index.get(destination[0].objgen)
    return None


def item_ranges(destinations: dict[str, int], total: int) -> dict[int, tuple[int, int]]:
    """Return each item's pages (from 1), from where each item starts (`destinations`, page indexes) and the page count.

    Every document in a pack starts on a new page and nothing follows the
    last item, so an item ends on the page before the next item starts, the
    last item on the last page. (An end bookmark would say the same, but
    LibreOffice drops one at the very end of some documents.)
    """
    starts = sorted((page, int(m.group(1))) for name, page in destinations.items() if (m := ITEM.match(name)))
    ends = [page - 1 for page, _ in starts[1:]] + [total - 1]
    return {number: (start + 1, end + 1) for (start, number), end in zip(starts, ends)}


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


def _bookmarks(pdf: pikepdf.Pdf, headings: list[tuple[int, str, int]], ranges: dict[int, tuple[int, int]], items: dict[int, str]) -> None:
    """Add an entry for the agenda and for each item, the headings of its pages beneath it."""
    starts = sorted(start for start, _ in ranges.values())
    agenda_end = starts[0] - 1 if starts else len(pdf.pages)
    sections = [("Agenda", 1, agenda_end)] + [
        (f"{number}. {items.get(number, f'Item {number}')}", start, end) for number, (start, end) in sorted(ranges.items())
    ]
    for number in sorted(set(items) - set(ranges)):
        sections.append((f"{number}. {items[number]}", 1, 0))
    sections.sort(key=lambda s: _number(s[0]))
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


def _number(title: str) -> int:
    match = re.match(r"(\d+)\.", title)
    return int(match.group(1)) if match else 0


def _stamp(pdf: pikepdf.Pdf, page: pikepdf.Page, text: str, top: bool = False) -> None:
    """Write `text` at the bottom right of `page` (the top right with `top`), marked as an artifact (page furniture)."""
    box = page.mediabox
    width = float(box[2]) - float(box[0])
    size = 9
    shown = text.encode("cp1252", "replace")
    x = max(float(box[0]) + STAMP_MARGIN, float(box[0]) + width - STAMP_MARGIN - _text_width(text, size))
    y = float(box[3]) - STAMP_BASELINE - size if top else float(box[1]) + STAMP_BASELINE
    escaped = shown.replace(b"\\", b"\\\\").replace(b"(", b"\\(").replace(b")", b"\\)")
    font = pikepdf.Dictionary(Type=pikepdf.Name.Font, Subtype=pikepdf.Name.Type1, BaseFont=pikepdf.Name.Helvetica,
                              Encoding=pikepdf.Name.WinAnsiEncoding)
    name = page.add_resource(pdf.make_indirect(font), pikepdf.Name.Font, name=_free_font_name(page))
    place = b"/Header" if top else b"/Footer"
    page.contents_add(pikepdf.Stream(pdf, b"q"), prepend=True)
    page.contents_add(pikepdf.Stream(pdf, b"Q /Artifact <</Type /Pagination /Subtype %s>> BDC BT %s %d Tf %.2f %.2f Td (%s) Tj ET EMC"
                                     % (place, str(name).encode(), size, x, y, escaped)))


def _free_font_name(page: pikepdf.Page) -> pikepdf.Name:
    """Return a font resource name the page does not use (named in order, not at random, so builds repeat)."""
    resources = page.obj.get("/Resources", pikepdf.Dictionary())
    fonts = resources.get("/Font", pikepdf.Dictionary()) if isinstance(resources, pikepdf.Dictionary) else {}
    used = set(fonts.keys()) if isinstance(fonts, pikepdf.Dictionary) else set()
    return next(pikepdf.Name(f"/FBp{n}") for n in range(1, len(used) + 2) if f"/FBp{n}" not in used)


def _text_width(text: str, size: float) -> float:
    """Return roughly how wide `text` is in Helvetica at `size` points (average glyph widths)."""
    narrow, wide = set("iljtfI.,:;'!|() "), set("mwMW@%")
    units = sum(280 if c in narrow else 850 if c in wide else 560 for c in text)
    return units * size / 1000
