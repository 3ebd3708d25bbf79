"""Finishing a PDF pack that LibreOffice exported: PDFs merged in place, page numbers, bookmarks.

LibreOffice exports the pack with one blank page standing for each page of
each PDF document, bookmarked at its first and last; here those pages are
replaced by the PDF's own, which get the pack's footer stamped on them so the
numbering runs on unbroken. The bookmarks (PDF outline) are rebuilt as the
agenda: an entry per item, with the headings of its documents beneath.
"""

from __future__ import annotations

import io
import re
from pathlib import Path

from pypdf import PageObject, PdfReader, PdfWriter
from pypdf.generic import DecodedStreamObject, DictionaryObject, NameObject

from pipeline.errors import BuildError
from pipeline.output import write_atomic

ITEM = re.compile(r"^bpItem(\d+)$")
STAMP_BASELINE = 12.0
"""Where the page number stamped on a merged PDF sits, in points from the bottom edge: below the
PDF's own footer, which may carry its own page numbers."""
STAMP_MARGIN = 56.7
"""The stamp ends this far (2 cm) from the right edge."""


def finish_pdf(raw: Path, target: Path, files: dict[str, Path], placeholders: dict[str, int], footer: str, title: str,
               items: dict[int, str] | None = None) -> dict[int, tuple[int, int]]:
    """Write the finished pack `target` from LibreOffice's `raw` export; return each item's pages (from 1).

    `files` maps the bookmark of each PDF's stand-in pages to the PDF;
    `placeholders` says how many pages stand for each present in this pack;
    `footer` is what the footer says before the page number; `items` names
    the items for the bookmarks (number -> title).
    """
    reader = PdfReader(str(raw))
    pages = {name.lstrip("/"): reader.get_destination_page_number(dest) for name, dest in reader.named_destinations.items()}
    headings = _outline(reader, reader.outline)
    writer = PdfWriter(clone_from=reader)
    for name in sorted(placeholders, key=lambda n: -pages[n]):
        start = pages[name]
        end = pages.get(f"{name}End", start + placeholders[name] - 1)
        source = PdfReader(str(files[name]))
        if end - start + 1 != len(source.pages):
            raise BuildError(f"{files[name]}: its {len(source.pages)} pages took {end - start + 1} in the pack; the notice page overflowed")
        for offset, page in enumerate(source.pages):
            index = start + offset
            writer.insert_page(page, index)
            writer.remove_page(index + 1)
            _stamp(writer.pages[index], f"{footer}Page {index + 1}")
    for key in ("/Dests", "/Names", "/Outlines"):
        if key in writer._root_object:
            del writer._root_object[key]
    ranges = item_ranges(pages, len(writer.pages))
    _bookmarks(writer, headings, ranges, items or {})
    writer.page_mode = "/UseOutlines"
    writer.add_metadata({"/Title": title})
    stream = io.BytesIO()
    writer.write(stream)
    write_atomic(target, stream.getvalue())
    return ranges


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


def _outline(reader: PdfReader, entries: list, depth: int = 0) -> list[tuple[int, str, int]]:
    """Return the exported outline flattened: ``(depth, title, page index)`` in order."""
    found = []
    for entry in entries:
        if isinstance(entry, list):
            found += _outline(reader, entry, depth + 1)
        else:
            found.append((depth, str(entry.title), reader.get_destination_page_number(entry)))
    return found


def _bookmarks(writer: PdfWriter, headings: list[tuple[int, str, int]], ranges: dict[int, tuple[int, int]], items: dict[int, str]) -> None:
    """Add an entry for the agenda and for each item, the headings of its pages beneath it."""
    starts = sorted(start for start, _ in ranges.values())
    agenda_end = starts[0] - 1 if starts else len(writer.pages)
    sections = [("Agenda", 1, agenda_end)] + [
        (f"{number}. {items.get(number, f'Item {number}')}", start, end) for number, (start, end) in sorted(ranges.items())
    ]
    for number in sorted(set(items) - set(ranges)):
        sections.append((f"{number}. {items[number]}", 1, 0))
    sections.sort(key=lambda s: _number(s[0]))
    for title, start, end in sections:
        parent = writer.add_outline_item(title=title, page_number=start - 1)
        stack: list[tuple[int, object]] = []
        for depth, heading, page in headings:
            if not start - 1 <= page <= end - 1:
                continue
            while stack and stack[-1][0] >= depth:
                stack.pop()
            item = writer.add_outline_item(title=heading, page_number=page, parent=stack[-1][1] if stack else parent)
            stack.append((depth, item))


def _number(title: str) -> int:
    match = re.match(r"(\d+)\.", title)
    return int(match.group(1)) if match else 0


def _stamp(page: PageObject, text: str) -> None:
    """Write `text` at the bottom right of `page`, marked as an artifact (page furniture, not content)."""
    width = float(page.mediabox.width)
    size = 9
    shown = text.encode("cp1252", "replace")
    x = width - STAMP_MARGIN - _text_width(text, size)
    escaped = shown.replace(b"\\", b"\\\\").replace(b"(", b"\\(").replace(b")", b"\\)")
    overlay = PageObject.create_blank_page(width=width, height=float(page.mediabox.height))
    font = DictionaryObject({
        NameObject("/Type"): NameObject("/Font"), NameObject("/Subtype"): NameObject("/Type1"),
        NameObject("/BaseFont"): NameObject("/Helvetica"), NameObject("/Encoding"): NameObject("/WinAnsiEncoding"),
    })
    overlay[NameObject("/Resources")] = DictionaryObject({NameObject("/Font"): DictionaryObject({NameObject("/FBp"): font})})
    stream = DecodedStreamObject()
    stream.set_data(b"/Artifact <</Type /Pagination /Subtype /Footer>> BDC BT /FBp %d Tf %.2f %.2f Td (%s) Tj ET EMC"
                    % (size, x, STAMP_BASELINE, escaped))
    overlay[NameObject("/Contents")] = stream
    page.merge_page(overlay)


def _text_width(text: str, size: float) -> float:
    """Return roughly how wide `text` is in Helvetica at `size` points (average glyph widths)."""
    narrow, wide = set("iljtfI.,:;'!|() "), set("mwMW@%")
    units = sum(280 if c in narrow else 850 if c in wide else 560 for c in text)
    return units * size / 1000
