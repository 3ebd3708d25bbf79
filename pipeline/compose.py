"""Stage 5, compose: bring the converted content into the rendered template.

The content document from :mod:`pipeline.markdown` is appended to the rendered
template with docxcompose (which carries styles, numbering, images, footnotes
and links across); then its marker paragraphs are acted on, in named steps:
fill the template's slots, start pages, insert whole documents, and give list
paragraphs Word's list styles.
"""

from __future__ import annotations

from pathlib import Path

from docx import Document
from docx.oxml import OxmlElement
from docx.oxml.ns import qn
import docxcompose.composer

from pipeline import ooxml
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
_BOOKMARK_IDS = 900000
"""Bookmarks added here are numbered from this, clear of pandoc's; :class:`Composer` renumbers all at the end."""

_PLAIN_STYLES = {None, "Compact", "BodyText", "FirstParagraph"}


def compose(document: Document, content: Document, slots: Slots, inserts: dict[str, Path | Document]) -> Document:
    """Return `document` with `content` composed into it.

    `slots` names the template's slots; `inserts` maps the names of ``insert:``
    markers to the Word documents (or files) that go there. Raises
    :class:`BuildError` when the template lacks a slot the content fills.
    """
    composer = Composer(document)
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


def _sibling(marker, direction: str):
    """Return the nearest paragraph before or after `marker` (the last one inside a table)."""
    element = getattr(marker, direction)()
    while element is not None and element.tag not in (ooxml.W_P, ooxml.W_TBL):
        element = getattr(element, direction)()
    if element is not None and element.tag == ooxml.W_TBL:
        element = list(element.iter(ooxml.W_P))[-1 if direction == "getprevious" else 0]
    return element


class Composer(docxcompose.composer.Composer):
    """docxcompose's composer, renumbering bookmarks and drawing ids once, at the end.

    docxcompose renumbers every bookmark and drawing in the whole document
    after each document it adds, which makes composing a pack slower with each
    paper; and it numbers bookmark starts and ends separately, which pairs
    nested bookmarks (pandoc nests one per section) wrongly. Here the ids are
    renumbered once, by :meth:`finish`, pairing each end with its own start.

    Its "restart numbering" step is off: it pairs the first paragraph style of
    a table with the first list inside it and numbers the wrong paragraph (a
    cover sheet's "Recommendations" label); every list pandoc makes already
    restarts on its own.
    """

    def __init__(self, doc: Document) -> None:
        super().__init__(doc)
        self.restart_numbering = False

    def renumber_bookmarks(self) -> None:  # noqa: D102 - deferred to finish()
        pass

    def renumber_docpr_ids(self) -> None:  # noqa: D102 - deferred to finish()
        pass

    def renumber_nvpicpr_ids(self) -> None:  # noqa: D102 - deferred to finish()
        pass

    def finish(self) -> None:
        """Give every bookmark and drawing in the document a unique id."""
        ooxml.renumber_bookmarks(self.doc.element.body)
        super().renumber_docpr_ids()
        super().renumber_nvpicpr_ids()


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
    if content and content[-1].tag == ooxml.W_TBL:
        target.addprevious(OxmlElement("w:p"))  # a table cell must end with a paragraph
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
