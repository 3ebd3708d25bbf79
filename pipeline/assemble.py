"""Tagged PDFs put together: pages joined or replaced, and their structure trees merged into one.

A tagged PDF says what its content is (headings, paragraphs, tables) in a
structure tree, whose elements point at marked content on the pages through
each page's ``/StructParents`` key in the tree's ParentTree. Joining PDFs page
by page loses that; here each PDF's tree is grafted in as a ``Part`` of one
``Document``, with the keys moved past those already used, the role maps
joined (dropping the identity mappings that PDF/UA calls circular), and every
named destination made explicit first, so that no two PDFs' names collide. A
PDF that had no tree brings its pages only: there is nothing to keep.
"""

from __future__ import annotations

from collections.abc import Iterator
from dataclasses import dataclass, field

import pikepdf
from pikepdf import Array, Dictionary, Name

from pipeline.tagged import child_elements

PART = Name("/Part")


@dataclass
class Tree:
    """The structure tree being built for a PDF: its Document element, ParentTree entries and role map."""

    pdf: pikepdf.Pdf
    document: Dictionary
    """The one top element, whose kids are the grafted parts."""
    nums: dict[int, pikepdf.Object] = field(default_factory=dict)
    """The ParentTree: each page's (and annotation's) key to what it marks."""
    roles: dict[str, Name] = field(default_factory=dict)
    """Non-standard structure types and the standard ones they stand for."""

    @classmethod
    def new(cls, pdf: pikepdf.Pdf) -> Tree:
        """Start an empty tree for `pdf`, which is to be given pages and parts."""
        return cls(pdf, pdf.make_indirect(Dictionary(Type=Name.StructElem, S=Name.Document, K=Array())))

    @classmethod
    def of(cls, pdf: pikepdf.Pdf) -> Tree:
        """Take over `pdf`'s own tree (a LibreOffice export's), to graft more into; an empty one when it has none."""
        root = pdf.Root.get("/StructTreeRoot")
        if root is None:
            return cls.new(pdf)
        kids = child_elements(root)
        document = kids[0] if len(kids) == 1 and kids[0].get("/S") == Name.Document else None
        tree = cls.new(pdf) if document is None else cls(pdf, document)
        if document is None:
            for kid in kids:
                kid.P = tree.document
                tree.document.K.append(kid)
        tree.nums = dict(_numbers(root.get("/ParentTree")))
        tree.roles = {str(k): v for k, v in root.get("/RoleMap", Dictionary()).items()}
        return tree

    def graft(self, source: pikepdf.Pdf, at: int | None, offset: int) -> None:
        """Add `source`'s tree as a Part at kid `at` (the end when ``None``), its keys moved on by `offset`.

        `source`'s pages must be in this PDF already, copied from it (so that
        the copied elements point at those pages), their keys moved by `offset` too.
        """
        root = source.Root.get("/StructTreeRoot")
        if root is None:
            return
        copied = self.pdf.copy_foreign(root)
        for key, value in _numbers(copied.get("/ParentTree")):
            self.nums[key + offset] = value
        for name, role in copied.get("/RoleMap", Dictionary()).items():
            self.roles.setdefault(str(name), role)
        part = self.pdf.make_indirect(Dictionary(Type=Name.StructElem, S=PART, P=self.document, K=Array()))
        for kid in child_elements(copied):
            for element in (child_elements(kid) if kid.get("/S") == Name.Document else [kid]):
                element.P = part
                part.K.append(element)
        kids = self.document.K
        kids.insert(len(kids) if at is None else at, part)

    def next_key(self) -> int:
        """Return the first ParentTree key not in use."""
        return max(self.nums, default=-1) + 1

    def shift_keys(self, pages: list[pikepdf.Page], offset: int) -> None:
        """Move the ParentTree keys of `pages` and their annotations on by `offset`."""
        for page in pages:
            if "/StructParents" in page.obj:
                page.obj.StructParents = int(page.obj.StructParents) + offset
            for annotation in page.obj.get("/Annots", Array()):
                if isinstance(annotation, Dictionary) and "/StructParent" in annotation:
                    annotation.StructParent = int(annotation.StructParent) + offset

    def forget(self, pages: list[pikepdf.Page]) -> int:
        """Drop the elements that mark content on `pages` (about to be removed); return the kid index they held, if any."""
        gone = {page.obj.objgen for page in pages}
        keys = {int(page.obj.StructParents) for page in pages if "/StructParents" in page.obj}
        for key in keys:
            self.nums.pop(key, None)
        kids = self.document.K
        place = None
        for index in reversed(range(len(kids))):
            if _page_of(kids[index]) in gone:
                del kids[index]
                place = index
        return place

    def write(self) -> None:
        """Put the tree into the PDF's catalogue (save_pdf marks it as tagged)."""
        nums = Array()
        for key in sorted(self.nums):
            nums.append(key)
            nums.append(self.nums[key])
        roles = Dictionary(dict(sorted(self.roles.items())))  # the standard types' entries go in save_pdf
        root = Dictionary(Type=Name.StructTreeRoot, K=Array([self.document]),
                          ParentTree=self.pdf.make_indirect(Dictionary(Nums=nums)), ParentTreeNextKey=self.next_key())
        if len(roles):
            root.RoleMap = roles
        self.pdf.Root.StructTreeRoot = self.pdf.make_indirect(root)
        self.document.P = self.pdf.Root.StructTreeRoot  # marked as tagged when saved (pdfout.save_pdf)


def append(tree: Tree, source: pikepdf.Pdf) -> int:
    """Add every page of `source` at the end of `tree`'s PDF, its structure as a Part; return the index of its first page."""
    pdf = tree.pdf
    start = len(pdf.pages)
    explicit_destinations(source)
    offset = tree.next_key()
    pdf.pages.extend(source.pages)
    tree.shift_keys(list(pdf.pages)[start:], offset)
    tree.graft(source, None, offset)
    return start


def replace(tree: Tree, start: int, count: int, source: pikepdf.Pdf) -> None:
    """Put `source`'s pages in place of the `count` pages from index `start`, and its structure where theirs was."""
    pdf = tree.pdf
    explicit_destinations(source)
    old = [pdf.pages[i] for i in range(start, start + count)]
    place = tree.forget(old)
    if place is None:
        place = _after_page(tree, {p.obj.objgen for p in list(pdf.pages)[:start]})
    offset = tree.next_key()
    for at, page in enumerate(source.pages):
        pdf.pages.insert(start + at, page)
    for _ in range(count):
        del pdf.pages[start + len(source.pages)]
    tree.shift_keys(list(pdf.pages)[start:start + len(source.pages)], offset)
    tree.graft(source, place, offset)


def explicit_destinations(pdf: pikepdf.Pdf) -> None:
    """Make every link and outline entry in `pdf` that names its destination point at the page itself.

    Names are a PDF's own: two PDFs joined may use the same one for different places.
    """
    named = dict(named_destinations(pdf))
    if not named:
        return
    for page in pdf.pages:
        for annotation in page.obj.get("/Annots", Array()):
            if isinstance(annotation, Dictionary):
                _point_at_pages(annotation, named)
    for entry in _outline_entries(pdf.Root.get("/Outlines")):
        _point_at_pages(entry, named)
    if "/Dests" in pdf.Root:
        del pdf.Root["/Dests"]
    if "/Names" in pdf.Root and "/Dests" in pdf.Root.Names:
        del pdf.Root.Names["/Dests"]


def _point_at_pages(holder: Dictionary, named: dict[str, Array]) -> None:
    """Replace the named destination of a link or outline entry `holder` (its /Dest, or its GoTo action's /D) by the page itself."""
    if "/Dest" in holder and _is_name(holder.Dest):
        holder.Dest = named.get(str(holder.Dest).lstrip("/"), Array())
    action = holder.get("/A")
    if isinstance(action, Dictionary) and action.get("/S") == Name.GoTo and _is_name(action.get("/D")):
        action.D = named.get(str(action.D).lstrip("/"), Array())


def named_destinations(pdf: pikepdf.Pdf) -> Iterator[tuple[str, Array]]:
    """Yield each named destination of `pdf` (the name tree's, or the old /Dests dictionary's) with its explicit destination."""
    names = pdf.Root.get("/Names")
    if isinstance(names, Dictionary) and "/Dests" in names:
        entries = pikepdf.NameTree(names.Dests).items()
    else:
        entries = ((str(k).lstrip("/"), v) for k, v in pdf.Root.get("/Dests", Dictionary()).items())
    for name, destination in entries:
        if isinstance(destination, Dictionary):
            destination = destination.get("/D")
        if isinstance(destination, Array):
            yield str(name), destination


def _outline_entries(node) -> Iterator[Dictionary]:
    if not isinstance(node, Dictionary):
        return
    entry = node.get("/First")
    seen = set()
    while isinstance(entry, Dictionary) and entry.objgen not in seen:
        seen.add(entry.objgen)
        yield entry
        yield from _outline_entries(entry)
        entry = entry.get("/Next")


def _is_name(value) -> bool:
    return isinstance(value, (pikepdf.String, Name))


def _numbers(tree) -> Iterator[tuple[int, pikepdf.Object]]:
    if isinstance(tree, Dictionary):
        yield from ((int(k), v) for k, v in pikepdf.NumberTree(tree).items())


def _page_of(element) -> tuple | None:
    """Return the page (objgen) an element's content starts on: its own /Pg or its first kid's."""
    while isinstance(element, Dictionary):
        if "/Pg" in element:
            return element.Pg.objgen
        kids = child_elements(element)
        element = kids[0] if kids else None
    return None


def _after_page(tree: Tree, before: set) -> int:
    """Return the kid index just after the last kid whose content starts on one of the pages `before`."""
    kids = tree.document.K
    for index in reversed(range(len(kids))):
        if _page_of(kids[index]) in before:
            return index + 1
    return 0
