"""Whether a PDF's content is tagged, and its tags told as a screen reader needs them.

PDF/UA-1 (7.1) asks that everything a page shows be either tagged (inside
marked content the structure tree points at) or marked as decoration (an
``/Artifact``). A PDF from another system often has neither. This reads each
page's content stream, as qpdf parses it, for what is drawn outside any
marked content; the reference validator (:mod:`pipeline.verapdf`) judges the
rest.

:func:`tidy_tags` puts right two things LibreOffice's tagged export says
poorly, which PDF/UA-1's validator does not test but a screen reader meets:
a key/value table (a cover sheet's "Date of Meeting | 2 December 2020") has
its label cells tagged as data, or the first row as column headers; and an
empty paragraph (the one Word needs between two tables) becomes a structure
element with nothing in it. :func:`mark_decoration` marks as decoration the
boxes and shading LibreOffice draws behind a shaded paragraph (a cover
sheet's committee band) outside any tag, which PDF/UA-1 does test (7.1-3).
"""

from __future__ import annotations

from collections.abc import Iterator

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


LABEL_TYPES = frozenset({"/Cover Label", "/Table Heading"})
"""The structure types (LibreOffice names them after the Word paragraph style) of a label cell's text."""
CELLS = frozenset({"/TH", "/TD"})
KEPT_EMPTY = frozenset({"/TR", "/TH", "/TD", "/Document", "/Part"})
"""Structure types kept even with nothing in them: a table's rows and cells keep its grid whole."""


def tidy_tags(pdf: pikepdf.Pdf) -> None:
    """Tag `pdf`'s label cells as row headers and drop its empty structure elements, in place.

    A row that holds label cells (text in a :data:`LABEL_TYPES` style) beside
    value cells is a key/value row: its label cells become TH with the scope
    Row, its value cells TD. A row of labels alone is a header row and keeps
    LibreOffice's TH (scope Column). Elements with no content and no children
    are removed, bottom up, except rows and cells.
    """
    root = pdf.Root.get("/StructTreeRoot")
    if root is None:
        return
    for element in list(elements(root)):
        if element.get("/S") == pikepdf.Name.TR:
            _key_value_row(element)
    _drop_empty(root)


def child_elements(node: pikepdf.Object) -> list[pikepdf.Dictionary]:
    """Return the structure elements directly under `node` (the tree's root or an element), leaving out its marked content."""
    found = node.get("/K")
    if found is None:
        return []
    return [k for k in (found if isinstance(found, pikepdf.Array) else [found]) if isinstance(k, pikepdf.Dictionary) and "/S" in k]


def elements(node: pikepdf.Object) -> Iterator[pikepdf.Dictionary]:
    """Yield every structure element under `node`, depth first."""
    for kid in child_elements(node):
        yield kid
        yield from elements(kid)


def _key_value_row(row: pikepdf.Dictionary) -> None:
    cells = [kid for kid in child_elements(row) if str(kid.get("/S")) in CELLS]
    labels = [_is_label(cell) for cell in cells]
    if not any(labels) or all(labels):
        return
    for cell, label in zip(cells, labels):
        cell.S = pikepdf.Name.TH if label else pikepdf.Name.TD
        _set_scope(cell, "/Row" if label else None)


def _is_label(cell: pikepdf.Dictionary) -> bool:
    """Return True when the first paragraph in `cell` is in a label style."""
    first = next(elements(cell), None)
    return first is not None and str(first.get("/S")) in LABEL_TYPES


def _set_scope(cell: pikepdf.Dictionary, scope: str | None) -> None:
    """Give `cell` the table attribute /Scope `scope`, or take it away when None; its other attributes are kept.

    A table attribute dictionary left with nothing but its owner goes.
    """
    owned = cell.get("/A")
    attributes = list(owned) if isinstance(owned, pikepdf.Array) else [owned] if owned is not None else []
    table = next((a for a in attributes if isinstance(a, pikepdf.Dictionary) and a.get("/O") == pikepdf.Name.Table), None)
    if table is None:
        table = pikepdf.Dictionary(O=pikepdf.Name.Table)
        attributes.append(table)
    if scope is not None:
        table.Scope = pikepdf.Name(scope)
    elif "/Scope" in table:
        del table["/Scope"]
    attributes = [a for a in attributes if not (a is table and len(table) == 1)]
    if attributes:
        cell.A = attributes[0] if len(attributes) == 1 else pikepdf.Array(attributes)
    elif "/A" in cell:
        del cell["/A"]


def _drop_empty(node: pikepdf.Object) -> bool:
    """Remove the empty structure elements under `node`; return True when `node` itself is then empty."""
    kids = node.get("/K")
    if kids is None:
        return True
    if not isinstance(kids, pikepdf.Array):
        if isinstance(kids, pikepdf.Dictionary) and "/S" in kids and _drop_empty(kids) and str(kids.S) not in KEPT_EMPTY:
            del node["/K"]
            return True
        return False
    kept = [kid for kid in kids
            if not (isinstance(kid, pikepdf.Dictionary) and "/S" in kid and _drop_empty(kid) and str(kid.S) not in KEPT_EMPTY)]
    if len(kept) != len(kids):
        node.K = pikepdf.Array(kept)
    return not kept


PATH_STARTS = frozenset({"m", "re"})
PATH_ENDS = frozenset({"f", "F", "f*", "B", "B*", "b", "b*", "S", "s", "n"})
"""Operators that begin a path, and those that paint (or discard) it and so end it."""


def mark_decoration(pdf: pikepdf.Pdf) -> None:
    """Mark as artifacts, in place, the paths `pdf` paints outside any marked content.

    Only paths (lines, boxes, fills) are marked: untagged text or images are
    left as they are, for the validator and :func:`untagged_pages` to find.
    """
    for page in pdf.pages:
        marked, changed, depth, start = [], False, 0, None
        for instruction in pikepdf.parse_content_stream(page):
            name = str(instruction.operator)
            if name in OPENS:
                depth += 1
            elif name == CLOSES:
                depth = max(depth - 1, 0)
            if depth == 0 and start is None and name in PATH_STARTS:
                start = len(marked)
            marked.append(instruction)
            if start is not None and name in PATH_ENDS:
                if name != "n":
                    marked.insert(start, pikepdf.ContentStreamInstruction([pikepdf.Name.Artifact], pikepdf.Operator("BMC")))
                    marked.append(pikepdf.ContentStreamInstruction([], pikepdf.Operator("EMC")))
                    changed = True
                start = None
        if changed:
            page.obj.Contents = pdf.make_stream(pikepdf.unparse_content_stream(marked))


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
