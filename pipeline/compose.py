"""Stage 5, compose: bring the converted content into the rendered template.

The content document from :mod:`pipeline.markdown` is appended to the rendered
template with docxcompose (which carries styles, numbering, images, footnotes
and links across); then its marker paragraphs are acted on, in named steps:
fill the template's slots, start pages, insert whole documents, and give list
paragraphs Word's list styles.
"""

from __future__ import annotations

from copy import deepcopy
from pathlib import Path

from docx import Document
from docx.oxml import OxmlElement
from docx.oxml.ns import qn
from docx.oxml.section import CT_SectPr
from docxcompose.composer import Composer as Docxcompose  # upstream's, named apart from ours (a test swaps ours in for it)
from docxcompose.properties import CustomProperties
from docxcompose.utils import xpath

from pipeline import ooxml, tables
from pipeline.errors import BuildError
from pipeline.markdown import MARKER_STYLE_ID
from pipeline.render import Slots

SLOT = "slot:"
"""Marker prefix: the content up to the matching ``end`` marker fills the template slot named after it."""
END = "end"
"""Marker: the end of a slot's content."""
PAGE = "page"
"""Marker: what follows starts a new page."""
INSERT = "insert:"
"""Marker prefix: the Word document registered under the name after it goes here."""
BOOKMARK = "bookmark:"
"""Marker prefix: a bookmark of the name after it at the start of the next paragraph."""
BOOKMARK_END = "bookmark-end:"
"""Marker prefix: a bookmark of the name after it at the end of the previous paragraph."""
LANDSCAPE_START = "landscape"
"""Marker: what follows, up to the ``landscape-end`` marker, goes on landscape pages of its own section."""
LANDSCAPE_END = "landscape-end"
_BOOKMARK_IDS = 900000
"""Bookmarks added here are numbered from this, clear of pandoc's; :class:`Composer` renumbers all at the end."""

_PLAIN_STYLES = {None, "Compact", "BodyText", "FirstParagraph"}
_STYLE_REFERENCES = (qn("w:tblStyle"), qn("w:pStyle"), qn("w:rStyle"))
_VAL = qn("w:val")
_NUM, _NUM_ID = qn("w:num"), qn("w:numId")
_ABSTRACT_NUM, _ABSTRACT_NUM_ID = qn("w:abstractNum"), qn("w:abstractNumId")


def compose(document: Document, content: Document, slots: Slots, inserts: dict[str, Path | Document]) -> Document:
    """Return `document` with `content` composed into it.

    `slots` names the template's slots; `inserts` maps the names of ``insert:``
    markers to the Word documents (or files) that go there. Raises
    :class:`BuildError` when the template lacks a slot the content fills.
    """
    for table in content.element.body.iter(ooxml.W_TBL):
        ooxml.keep_rows_whole(table)  # a row read across a page break is a row misread
    lay_out_tables(document, content)
    composer = new_composer(document)
    composer.append(content)
    body = document.element.body
    for marker in [p for p in body.iterchildren(ooxml.W_P) if ooxml.style_of(p) == MARKER_STYLE_ID]:
        name = ooxml.paragraph_text(marker)
        if name.startswith(SLOT):
            fill_slot(document, marker, name[len(SLOT):], slots)
        elif name == PAGE:
            following = marker.getnext()
            while following is not None and following.tag not in (ooxml.W_P, ooxml.W_TBL, ooxml.W_SECTPR):
                following = following.getnext()  # bookmarks pandoc puts around sections
            if following is not None and following.tag != ooxml.W_SECTPR:
                ooxml.start_on_new_page(following)
        elif name.startswith(INSERT):
            inserted = inserts[name[len(INSERT):]]
            composer.insert(body.index(marker), inserted if not isinstance(inserted, Path) else Document(str(inserted)))
        elif name.startswith(BOOKMARK):
            following = _sibling(marker, "getnext")
            ooxml.bookmark(following, name[len(BOOKMARK):], _BOOKMARK_IDS + body.index(marker))
        elif name == LANDSCAPE_START:
            end = marker.getnext()
            while ooxml.paragraph_text(end) != LANDSCAPE_END or ooxml.style_of(end) != MARKER_STYLE_ID:
                end = end.getnext()
            tables.landscape_section(marker.getnext(), end.getprevious(), body.find(ooxml.W_SECTPR))
        elif name.startswith(BOOKMARK_END):
            previous = _sibling(marker, "getprevious")
            ooxml.bookmark(previous, name[len(BOOKMARK_END):], _BOOKMARK_IDS + body.index(marker), at_end=True)
        body.remove(marker)
    composer.finish()
    remove_style(document, MARKER_STYLE_ID)
    apply_list_styles(document)
    ooxml.repair_sections(document)
    width = ooxml.text_width(document)
    for table in body.iter(ooxml.W_TBL):
        ooxml.widen_to(table, width)
    return document


def lay_out_tables(document: Document, content: Document) -> None:
    """Give the body tables of `content` widths from their content, marking those that go on landscape pages.

    Tables inside a slot (a cover-sheet cell) keep the cell's width. A table
    an author put in a ``landscape`` or ``portrait`` div follows a marker that
    says so. Landscape tables, with their captions, are put between
    ``landscape`` and ``landscape-end`` markers, acted on once composed.
    """
    final = document.element.body.find(ooxml.W_SECTPR)
    if final is None or final.find(qn("w:pgSz")) is None or final.find(qn("w:pgMar")) is None:
        return
    portrait, landscape = tables.text_widths(final)
    size = _body_font_size(content)
    body = content.element.body
    in_slot, forced = False, None
    for element in list(body):
        if element.tag == ooxml.W_P and ooxml.style_of(element) == MARKER_STYLE_ID:
            name = ooxml.paragraph_text(element)
            if name.startswith(tables.ORIENTATION_MARKER):
                forced = name[len(tables.ORIENTATION_MARKER):]
                body.remove(element)
            in_slot = name.startswith(SLOT) or (in_slot and name != END)
            continue
        if element.tag != ooxml.W_TBL or in_slot:
            continue
        if tables.lay_out(element, portrait, landscape, size, forced) == tables.LANDSCAPE:
            start = element
            while _goes_with_table(start.getprevious()):
                start = start.getprevious()  # its caption and the headings over it turn with it
            start.addprevious(_marker(LANDSCAPE_START))
            element.addnext(_marker(LANDSCAPE_END))
        forced = None


def _goes_with_table(element) -> bool:
    """Return True for a table's caption or a heading: what stands over a table and must not be parted from it."""
    if element is None or element.tag != ooxml.W_P:
        return False
    style = ooxml.style_of(element) or ""
    return style == "TableCaption" or style.startswith("Heading")


def _marker(name: str):
    paragraph = OxmlElement("w:p")
    ooxml.set_style(paragraph, MARKER_STYLE_ID)
    run = OxmlElement("w:r")
    text = OxmlElement("w:t")
    text.text = name
    run.append(text)
    paragraph.append(run)
    return paragraph


def _body_font_size(document: Document) -> float:
    """Return the document's default font size in points (the size body tables are written in)."""
    size = document.styles.element.find(f"{qn('w:docDefaults')}/{qn('w:rPrDefault')}/{qn('w:rPr')}/{qn('w:sz')}")
    return int(size.get(qn("w:val"))) / 2 if size is not None else 11.0


def _sibling(marker, direction: str):
    """Return the nearest paragraph before or after `marker` (the last one inside a table)."""
    element = getattr(marker, direction)()
    while element is not None and element.tag not in (ooxml.W_P, ooxml.W_TBL):
        element = getattr(element, direction)()
    if element is not None and element.tag == ooxml.W_TBL:
        element = list(element.iter(ooxml.W_P))[-1 if direction == "getprevious" else 0]
    return element


class Composer(Docxcompose):
    """docxcompose's composer, with a cost per added document that does not grow with the master.

    For every element it copies, docxcompose lists every style of the master
    (twice, through python-docx's objects) and places the element by counting
    the body's children from the start; for every list it lists every
    numbering definition; for every document it counts the master's sections
    and renumbers all its bookmarks and drawings. That made composing a pack
    several times dearer than it need be, and dearer per paper the longer the
    pack (docs/performance.md has the figures). Here each of those is done
    once, or kept up to date as elements are added; the document made is the
    same, byte for byte.

    It is a drop-in for docxcompose's: by default it makes the same document
    as docxcompose 2.2 (``tests/test_composer_upstream.py`` runs docxcompose's
    own test suite against it). The pipeline differs from upstream in two
    ways, each a named option, and makes its composers with :func:`new_composer`:

    - ``restart_numbering=False``: docxcompose's "restart numbering" step is
      off. It pairs the first paragraph style of a table with the first list
      inside it and numbers the wrong paragraph (a cover sheet's
      "Recommendations" label); every list pandoc makes restarts on its own.
    - ``renumber_at_finish=True``: bookmark and drawing ids are renumbered
      once, by :meth:`finish`, not after every added document (which is work
      that grows with the master), and each bookmark end is paired with its
      own start (docxcompose numbers starts and ends apart, which pairs the
      nested bookmarks pandoc puts around sections wrongly).
    """

    def __init__(self, doc: Document, preserve_styles: bool = False, *,
                 restart_numbering: bool = True, renumber_at_finish: bool = False) -> None:
        super().__init__(doc, preserve_styles=preserve_styles)
        self.restart_numbering = restart_numbering
        self.renumber_at_finish = renumber_at_finish
        self._numbering: _NumberingIndex | None = None
        self._plain_styles: set[str] = set()
        self._master_styles: set[str] | None = None
        self._style_lists: dict[str, int | None] = {}

    def insert(self, index: int, doc: Document, remove_property_fields: bool = True) -> None:
        """Insert the body of `doc` before the master body's child `index`.

        The steps are docxcompose 2.2's ``Composer.insert``, in its order; only
        the placing differs: each element goes before the one that was at
        `index`, found once, instead of at a position counted from the start
        of the body for every element.
        """
        self._prepare(doc, remove_property_fields)
        body = self.doc.element.body
        try:
            anchor = body[index]
        except IndexError:
            anchor = None
        self._insert_before(anchor, doc)

    def append(self, doc: Document, remove_property_fields: bool = True) -> None:
        """Add the body of `doc` at the end of the master's, before its section properties (docxcompose's ``append``).

        The place is found from the end of the body, not by counting its
        children, which takes longer the longer the master.
        """
        body = self.doc.element.body
        try:
            last = body[-1]
        except IndexError:
            last = None
        if last is None or last.tag != ooxml.W_SECTPR:
            return super().append(doc, remove_property_fields)
        self._prepare(doc, remove_property_fields)
        self._insert_before(last, doc)

    def _prepare(self, doc: Document, remove_property_fields: bool) -> None:
        self.reset_reference_mapping()
        self._current_preserved_styles = {}
        self._plain_styles = set()
        self._master_styles = None
        if remove_property_fields:
            properties = CustomProperties(doc)
            for name in properties.keys():
                properties.dissolve_fields(name)
        self._create_style_id_mapping(doc)
        self.retain_formatting_from_default_styles(doc)

    def _insert_before(self, anchor, doc: Document) -> None:
        """Copy `doc`'s body in before the master body's child `anchor` (at the end when ``None``): the rest of ``insert``."""
        body = self.doc.element.body
        for element in doc.element.body:
            if isinstance(element, CT_SectPr):
                continue  # the master's own page setup stays; see fix_section_types
            element = deepcopy(element)
            if anchor is None:
                body.append(element)
            else:
                anchor.addprevious(element)
            self.add_referenced_parts(doc.part, self.doc.part, element)
            self.add_styles(doc, element)
            self.add_numberings(doc, element)
            self.restart_first_numbering(doc, element)
            self.add_images(doc, element)
            self.add_diagrams(doc, element)
            self.add_shapes(doc, element)
            self.add_footnotes(doc, element)
            self.remove_header_and_footer_references(doc, element)

        self.add_styles_from_other_parts(doc)
        self.renumber_bookmarks()
        self.renumber_docpr_ids()
        self.renumber_nvpicpr_ids()
        self.fix_section_types(doc)
        self.fix_header_and_footers(doc)

    def add_numberings(self, doc: Document, element) -> None:
        """Do docxcompose's step a paragraph at a time when `element` holds more than one list (a table).

        docxcompose takes the next free list id once per element, so two lists
        in one table (the minutes' decisions) would become one list numbered on.
        """
        ids = {n.get(_VAL) for n in element.iter(_NUM_ID)}
        if len(ids) <= 1:
            super().add_numberings(doc, element)
            return
        for paragraph in [p for p in element.iter(ooxml.W_P) if p.find(f".//{_NUM_ID}") is not None]:
            super().add_numberings(doc, paragraph)

    def add_styles(self, doc: Document, element) -> None:
        """Add the styles `element` uses that the master lacks (docxcompose's step), skipping the styles it has.

        docxcompose lists every style of the master twice for each element;
        most elements only use styles the master already has under the same
        id, with nothing to map, and those are recognised here from the XML.
        """
        used = {e.get(_VAL) for e in element.iter(_STYLE_REFERENCES)}
        if used <= self._plain_styles:
            return
        if not self.preserve_styles and all(self._is_plain_style(doc, style_id) or self._map_numbered_style(doc, style_id)
                                            for style_id in used):
            self._plain_styles |= used
            return
        super().add_styles(doc, element)
        self._master_styles = None  # it may have added some

    def _is_plain_style(self, doc: Document, style_id: str) -> bool:
        """Return True when docxcompose would leave style `style_id` of `doc` as it is.

        That is when the master has the style under the same id, and the
        style has no numbering for docxcompose to map.
        """
        if self._master_styles is None:
            self._master_styles = style_ids(self.doc)
        if self.mapped_style_id(style_id) != style_id or style_id not in self._master_styles:
            return False
        source = doc.styles.element.get_by_id(style_id)
        return source is None or next(source.iter(_NUM_ID), None) is None

    def _map_numbered_style(self, doc: Document, style_id: str) -> bool:
        """Do docxcompose's step for a style the master has under the same id, with numbering; return True when done.

        docxcompose maps the added document's list definition of the style to
        the master's, finding the master's by an XPath over every list of
        the master: a pack adds lists with every paper, so each lookup took
        longer than the last. The master's styles do not change, so their
        list definitions are looked up once.
        """
        if self._master_styles is None:
            self._master_styles = style_ids(self.doc)
        if self.mapped_style_id(style_id) != style_id or style_id not in self._master_styles:
            return False
        source = doc.styles.element.get_by_id(style_id)
        num_ids = xpath(source, ".//w:numId/@w:val") if source is not None else []
        if not num_ids:
            return False
        anum_ids = xpath(doc.part.numbering_part.element, './/w:num[@w:numId="%s"]/w:abstractNumId/@w:val' % num_ids[0])
        if anum_ids:
            ours = self._style_lists.get(style_id)
            if ours is None:
                ours = self._style_lists[style_id] = self._master_list_of(style_id)
            if ours is not None:
                self.anum_id_mapping[int(anum_ids[0])] = ours
        return True

    def _master_list_of(self, style_id: str) -> int | None:
        """Return the abstract list the master's style `style_id` numbers with, if any."""
        style = self.doc.styles.element.get_by_id(style_id)
        num_ids = xpath(style, ".//w:numId/@w:val") if style is not None else []
        if not num_ids:
            return None
        found = xpath(self.numbering_part().element, './/w:num[@w:numId="%s"]/w:abstractNumId/@w:val' % num_ids[0])
        return int(found[0]) if found else None

    def _next_numbering_ids(self) -> tuple[int, int]:  # noqa: D102 - docxcompose's, kept up to date
        return self._numbering_index().next_ids()

    def _insert_num(self, element) -> None:  # noqa: D102 - docxcompose's, without listing every w:num
        self._numbering_index().insert_num(element)

    def _insert_abstract_num(self, element) -> None:  # noqa: D102 - docxcompose's, without listing every w:num
        self._numbering_index().insert_abstract_num(element)

    def _numbering_index(self) -> _NumberingIndex:
        numbering = self.numbering_part().element
        if self._numbering is None or not self._numbering.describes(numbering):
            self._numbering = _NumberingIndex(numbering)
        return self._numbering

    def append_index(self) -> int:
        """Return where an appended document goes: before the body's own section properties, its last child."""
        body = self.doc.element.body
        # docxcompose finds them with an XPath over every child of the body.
        if len(body) and body[-1].tag == ooxml.W_SECTPR:
            return len(body) - 1
        return super().append_index()

    def renumber_bookmarks(self) -> None:  # noqa: D102 - docxcompose's, or deferred to finish()
        if not self.renumber_at_finish:
            Docxcompose.renumber_bookmarks(self)

    def renumber_docpr_ids(self) -> None:  # noqa: D102 - docxcompose's, or deferred to finish()
        if not self.renumber_at_finish:
            Docxcompose.renumber_docpr_ids(self)

    def renumber_nvpicpr_ids(self) -> None:  # noqa: D102 - docxcompose's, or deferred to finish()
        if not self.renumber_at_finish:
            Docxcompose.renumber_nvpicpr_ids(self)

    def fix_section_types(self, doc: Document) -> None:  # noqa: D102 - docxcompose's, asking the small document first
        # docxcompose does nothing when either document has one section; the
        # added one is small, the master is not, so it is asked first.
        if len(doc.sections) != 1:
            super().fix_section_types(doc)

    def fix_header_and_footers(self, doc: Document) -> None:  # noqa: D102 - as fix_section_types
        if len(doc.sections) != 1 and not self.first_section_properties_added:
            super().fix_header_and_footers(doc)

    def finish(self) -> None:
        """Give every bookmark (each end its start's) and every drawing in the document a unique id."""
        ooxml.renumber_bookmarks(self.doc.element.body)
        Docxcompose.renumber_docpr_ids(self)
        Docxcompose.renumber_nvpicpr_ids(self)


def new_composer(document: Document) -> Composer:
    """Return the pipeline's composer onto `document`: no numbering restarts, ids renumbered by ``finish()``."""
    return Composer(document, restart_numbering=False, renumber_at_finish=True)


class _NumberingIndex:
    """The next free list ids of a numbering part, and where docxcompose puts new ones, kept as lists are added.

    docxcompose finds these by listing every ``w:num`` and ``w:abstractNum``
    each time it adds a list; a pack adds several lists per paper. The index is
    read once and then kept up to date; should anything else add or remove a
    definition, the count of the part's children no longer matches and it is
    read again.
    """

    def __init__(self, numbering) -> None:
        self.numbering = numbering
        self.size = len(numbering)
        nums = numbering.findall(_NUM)
        self.first_num = nums[0] if nums else None
        self.last_num = nums[-1] if nums else None
        self.next_num = max((int(n.get(_NUM_ID)) for n in nums), default=0) + 1
        self.next_abstract = max((int(a.get(_ABSTRACT_NUM_ID)) for a in numbering.findall(_ABSTRACT_NUM)), default=-1) + 1

    def describes(self, numbering) -> bool:
        """Return True when this index is of `numbering` as it is now."""
        return numbering is self.numbering and len(numbering) == self.size

    def next_ids(self) -> tuple[int, int]:
        """Return the next unused numId (from 1) and abstractNumId (from 0)."""
        return self.next_num, self.next_abstract

    def insert_num(self, element) -> None:
        """Put the ``w:num`` `element` where docxcompose does: just before the last one (or last of all)."""
        if self.last_num is None:
            self.numbering.append(element)
            self.first_num = self.last_num = element
        else:
            self.last_num.addprevious(element)
            if self.first_num is self.last_num:
                self.first_num = element
        self.size += 1
        self.next_num = max(self.next_num, int(element.get(_NUM_ID)) + 1)

    def insert_abstract_num(self, element) -> None:
        """Put the ``w:abstractNum`` `element` where docxcompose does: before the first ``w:num`` (or first of all)."""
        if self.first_num is None:
            self.numbering.insert(0, element)
        else:
            self.first_num.addprevious(element)
        self.size += 1
        self.next_abstract = max(self.next_abstract, int(element.get(_ABSTRACT_NUM_ID)) + 1)


def fill_slot(document: Document, marker, name: str, slots: Slots) -> None:
    """Move the content after `marker`, up to its ``end`` marker, into the template's slot `name`.

    Markers inside the content (a document to insert, say) move with it and
    are acted on in their new place.

    Plain paragraphs take the style of the slot's paragraph in the template
    (say "Cover Body"), and list items that style's "List" style when the
    house style has one ("Cover Body List"), so the template decides how text
    in a cover-sheet cell looks.
    """
    target = next((p for p in document.element.body.iter(ooxml.W_P) if ooxml.paragraph_text(p) == slots.text(name)), None)
    if target is None:
        raise BuildError(f"the template has no {{{{ slots.{name} }}}} paragraph for the {name.replace('_', ' ')}")
    content = []
    style = ooxml.style_of(target)
    following = marker.getnext()
    depth = 0
    while following is not None and following.tag != ooxml.W_SECTPR:
        label = ooxml.paragraph_text(following) if ooxml.style_of(following) == MARKER_STYLE_ID else None
        if label == END and depth == 0:
            break
        depth += 1 if label and label.startswith(SLOT) else -1 if label == END else 0
        content.append(following)
        following = following.getnext()
    list_style = f"{style}List" if style and f"{style}List" in style_ids(document) else None
    for element in content:
        if element.tag == ooxml.W_P and style and ooxml.style_of(element) in _PLAIN_STYLES:
            is_list = ooxml.list_level(element) is not None
            if not is_list or list_style:
                ooxml.set_style(element, list_style if is_list else style)
        target.addprevious(element)
    after = target.getnext()
    if content and content[-1].tag == ooxml.W_TBL and (target.getparent().tag == qn("w:tc") or after is None
                                                        or after.tag in (ooxml.W_TBL, ooxml.W_SECTPR)):
        # A table cell must end with a paragraph, and Word joins two tables with none between;
        # anywhere else an empty paragraph would only be spacing, which styles give.
        target.addprevious(OxmlElement("w:p"))
    target.getparent().remove(target)


def style_ids(document: Document) -> set[str]:
    """Return the ids of every style `document` defines."""
    return {style.get(qn("w:styleId")) for style in document.styles.element.findall(qn("w:style"))}


def remove_style(document: Document, style_id: str) -> None:
    """Remove the style `style_id` from `document`'s styles, once nothing uses it."""
    styles = document.styles.element
    for style in styles.findall(qn("w:style")):
        if style.get(qn("w:styleId")) == style_id:
            styles.remove(style)


def apply_list_styles(document: Document) -> None:
    """Give numbered and bulleted paragraphs Word's List Number / List Bullet styles.

    pandoc numbers lists with direct numbering on "Compact" or "Body Text"
    paragraphs; the List styles let a clerk restyle every list in one place.
    The direct numbering stays, so each list still restarts at its own start.
    """
    formats = _number_formats(document)
    for p in document.element.body.iter(ooxml.W_P):
        level = ooxml.list_level(p)
        if level is None or ooxml.style_of(p) not in _PLAIN_STYLES:
            continue
        number_id, depth = level
        kind = "ListBullet" if formats.get((number_id, depth)) == "bullet" else "ListNumber"
        ooxml.set_style(p, kind if depth == 0 else f"{kind}{min(depth, 2) + 1}")


def _number_formats(document: Document) -> dict[tuple[int, int], str]:
    """Return the number format (``decimal``, ``bullet``...) of each (numId, level)."""
    try:
        numbering = document.part.numbering_part.element
    except NotImplementedError:
        return {}
    abstract = {}
    for item in numbering.findall(qn("w:abstractNum")):
        abstract[item.get(qn("w:abstractNumId"))] = {
            int(lvl.get(qn("w:ilvl"))): lvl.find(qn("w:numFmt")).get(qn("w:val"))
            for lvl in item.findall(qn("w:lvl")) if lvl.find(qn("w:numFmt")) is not None
        }
    formats = {}
    for num in numbering.findall(qn("w:num")):
        levels = abstract.get(num.find(qn("w:abstractNumId")).get(qn("w:val")), {})
        for depth, fmt in levels.items():
            formats[(int(num.get(qn("w:numId"))), depth)] = fmt
    return formats
