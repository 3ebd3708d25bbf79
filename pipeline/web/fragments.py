"""A pandoc job as HTML: the same Markdown the Word documents are made of, through pandoc's HTML writer.

The layouts describe a document's Markdown as a :class:`~pipeline.markdown.PandocJob`
with named slots (``slot:purpose`` ... ``end``) and markers for Word's sake
(page breaks, bookmarks, documents inserted). :func:`job_html` runs the same
job to HTML and returns each slot's HTML and, in order, what lies outside the
slots, the markers for inserted documents kept as names so that the page can
put its own HTML there. Images are embedded in the page (``data:`` addresses):
a page loads nothing from anywhere else.

:func:`tidy` then makes pandoc's HTML fit the page it goes into: headings
renumbered to follow on from the page's own without a gap, header cells
given their ``scope``, each table put in a region that scrolls sideways on
a narrow screen.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field

from lxml import html as lxml_html
from markupsafe import Markup

from pipeline.compose import END, INSERT, SLOT
from pipeline.markdown import PandocJob

_MARKER = re.compile(r'<div data-custom-style="Boardpapers Marker">\s*<p>([^<]*)</p>\s*</div>\s*')
"""A marker paragraph as pandoc's HTML writer writes it (the Lua reader's Div with custom-style)."""


@dataclass
class Rendered:
    """A job as HTML, in order: outside the slots (``None``) and in each slot, HTML or the name of a document inserted there."""

    flows: dict[str | None, list[Markup | str]] = field(default_factory=dict)
    """By slot (``None``: what is in no slot), its pieces: HTML (:class:`Markup`), or a plain ``str`` naming an insert."""

    @property
    def flow(self) -> list[Markup | str]:
        """What is in no slot, in order."""
        return self.flows.get(None, [])

    @property
    def slots(self) -> dict[str, Markup]:
        """Each slot's HTML (for slots that insert nothing: a slot with inserts is read from :attr:`flows`)."""
        return {name: Markup("".join(pieces)) for name, pieces in self.flows.items()
                if name is not None and all(isinstance(piece, Markup) for piece in pieces)}


def job_html(job: PandocJob, top: int = 2) -> Rendered:
    """Return `job` converted to HTML, its headings starting at level `top` (see :func:`tidy`).

    A document inserted inside a slot (an options appraisal in a council
    report's detail) stays in that slot, where it stands.
    """
    rendered, slot, taken = Rendered(), None, []

    def flush() -> None:
        html = Markup(tidy("".join(taken), top))
        taken.clear()
        if html:
            rendered.flows.setdefault(slot, []).append(html)

    if not job.blocks:
        return rendered
    pieces = _MARKER.split(job.html())  # text, marker name, text, marker name ... text
    for index, piece in enumerate(pieces):
        name = piece.strip() if index % 2 else None
        if name is None or not name.startswith((SLOT, INSERT)) and name != END:
            taken.append(piece if name is None else "")  # a page break or bookmark means nothing on a web page
            continue
        flush()
        if name.startswith(INSERT):
            rendered.flows.setdefault(slot, []).append(name[len(INSERT):])
        else:
            slot = name[len(SLOT):] if name.startswith(SLOT) else None
            rendered.flows.setdefault(slot, [])
    flush()
    return rendered


def tidy(fragment: str, top: int = 2) -> str:
    """Return the HTML `fragment` made fit for a page whose own headings stop at level ``top - 1``.

    Headings move so that the highest is `top`, and none is more than one
    level below the heading before it; every ``th`` says what it heads; each
    table is put in a labelled region that scrolls on its own.
    """
    if not fragment.strip():
        return ""
    root = lxml_html.fragment_fromstring(fragment, create_parent="div")
    _nest_headings(root, top)
    for table in root.iter("table"):
        for cell in table.iter("th"):
            cell.set("scope", "col" if cell.getparent().getparent().tag == "thead" else "row")
        _scrolling(table)
    for styled in root.xpath("//*[@data-custom-style]"):  # a Word paragraph style: a class on the web
        styled.set("class", re.sub(r"[^a-z0-9]+", "-", styled.attrib.pop("data-custom-style").lower()).strip("-"))
    return "".join(lxml_html.tostring(child, encoding="unicode") for child in root) if len(root) else (root.text or "")


def _nest_headings(root, top: int) -> None:
    """Renumber the headings under `root`: the first at `top`, each at most one below the one before."""
    headings = [element for element in root.iter() if element.tag in ("h1", "h2", "h3", "h4", "h5", "h6")]
    if not headings:
        return
    shift = top - min(int(h.tag[1]) for h in headings)
    previous = top - 1
    for heading in headings:
        level = min(max(int(heading.tag[1]) + shift, top), previous + 1, 6)
        heading.tag = f"h{level}"
        previous = level


def _scrolling(table) -> None:
    """Wrap `table` in a region that scrolls sideways on a narrow screen, named by its caption, reachable by keyboard."""
    caption = table.find("caption")
    label = caption.text_content().strip() if caption is not None else "Table"
    region = lxml_html.Element("div", {"class": "table-region", "role": "region", "tabindex": "0", "aria-label": label})
    table.addprevious(region)
    region.append(table)
