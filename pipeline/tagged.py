"""Whether a PDF's content is tagged: the pages with text or images a screen reader cannot reach.

PDF/UA-1 (7.1) asks that everything a page shows be either tagged (inside
marked content the structure tree points at) or marked as decoration (an
``/Artifact``). A PDF from another system often has neither. This reads each
page's content stream, as qpdf parses it, for what is drawn outside any
marked content; the reference validator (:mod:`pipeline.verapdf`) judges the
rest.
"""

from __future__ import annotations

import pikepdf

DRAWS = frozenset({"Tj", "TJ", "'", '"', "Do", "sh", "INLINE IMAGE", "f", "F", "f*", "B", "B*", "b", "b*", "S", "s"})
"""The operators that show something: text, images and forms, shadings, filled or stroked paths."""
OPENS, CLOSES = frozenset({"BMC", "BDC"}), "EMC"


def untagged_pages(pdf: pikepdf.Pdf) -> list[int]:
    """Return the pages of `pdf` (from 1) that draw something outside any marked content."""
    return [number for number, page in enumerate(pdf.pages, start=1) if _draws_unmarked(page)]


def _draws_unmarked(page: pikepdf.Page) -> bool:
    depth = 0
    for _, operator in pikepdf.parse_content_stream(page):
        name = str(operator)
        if name in OPENS:
            depth += 1
        elif name == CLOSES:
            depth = max(depth - 1, 0)
        elif depth == 0 and name in DRAWS:
            return True
    return False


def page_list(pages: list[int] | tuple[int, ...]) -> str:
    """Return `pages` as words with ranges: ``page 4``, ``pages 3-5, 9``."""
    spans: list[list[int]] = []
    for page in sorted(pages):
        if spans and page == spans[-1][1] + 1:
            spans[-1][1] = page
        else:
            spans.append([page, page])
    ranges = ", ".join(str(a) if a == b else f"{a}-{b}" for a, b in spans)
    return f"page{'s' if len(pages) > 1 else ''} {ranges}"
