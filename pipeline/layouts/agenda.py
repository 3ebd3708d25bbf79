"""The agenda: one row per item, numbered 1..N, its format derived, its pages in the pack."""

from __future__ import annotations

import secrets
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from docx.document import Document

from pipeline import ooxml
from pipeline.housestyle import HouseStyle
from pipeline.models.fields import Model
from pipeline.models.meeting import Meeting, not_for_publication, numbered, paper_presenter
from pipeline.render import Slots, fill_template
from pipeline.validate import Validated


@dataclass(frozen=True)
class Row:
    """One agenda item, with everything derived from its paper and documents."""

    number: int
    """Its number, 1..N across sections."""
    section: int
    """The index of its section."""
    title: str
    """As the agenda names it."""
    owner: str
    """Who leads it."""
    action: str
    """What the meeting is asked to do: Note, Approve..."""
    format: str
    """Attached, Verbal, Presentation or To follow."""
    files: list[Path]
    """Its documents, in pack order: paper, attachments, action log."""
    reason: str | None
    """Why it is not for publication; None when it is public."""

    @property
    def key(self) -> str:
        """The name of the bookmarks at its start and end in a pack: bpItem05."""
        return f"bpItem{self.number:02d}"


def agenda_rows(meeting: Validated) -> list[Row]:
    """Return the rows of `meeting`'s agenda, derived from its items and their papers."""
    model: Meeting = meeting.model
    rows = []
    section_of = {id(item): s for s, section in enumerate(model.sections) for item in section.items}
    for number, _, item in numbered(model):
        paper: Model | None = meeting.includes[item.paper].model if item.paper else None
        rows.append(Row(
            number=number,
            section=section_of[id(item)],
            title=item.title or paper.title,
            owner=item.owner or paper_presenter(paper),
            action=item.action.value.capitalize(),
            format="Attached" if item.files() else item.format.label,
            files=item.files(),
            reason=not_for_publication(item, paper),
        ))
    return rows


@dataclass(frozen=True)
class Pages:
    """How an agenda shows the pages of each item in a pack."""

    fields: bool = False
    """Word fields (PAGEREF) to the item's bookmarks: the pack computes them itself."""
    known: dict[int, tuple[int, int]] | None = None
    """Page ranges already known, by item number (from a built PDF pack)."""


def agenda_document(meeting: Validated, style: HouseStyle, pages: Pages = Pages()) -> Document:
    """Return the agenda of `meeting` in `style`, showing page ranges as `pages` says."""
    model: Meeting = meeting.model
    rows = agenda_rows(meeting)
    marker = f"bppages{secrets.token_hex(6)}x"

    def view(row: Row) -> dict[str, str]:
        if not row.files:
            shown = ""
        elif pages.fields:
            shown = f"{marker}{row.number}"
        elif pages.known and row.number in pages.known:
            start, end = pages.known[row.number]
            shown = f"Page {start}" if start == end else f"Pages {start} - {end}"
        else:
            shown = ""
        return {
            "number": str(row.number), "title": row.title, "owner": row.owner, "action": row.action, "format": row.format,
            "notice": style.notice(row.reason) if row.reason else "", "pages": shown,
        }

    time = f"{model.start}-{model.end}" if model.end else model.start
    following = model.next_meeting
    context: dict[str, Any] = {
        "committee": model.committee, "title": model.title, "date": style.date(model.date),
        "meeting_date": style.meeting_date(model.date), "start": model.start, "time": time, "venue": model.venue,
        "sections": [
            {"title": section.title, "rows": [view(r) for r in rows if r.section == s]}
            for s, section in enumerate(model.sections)
        ],
        "part_one": [view(r) for r in rows if r.reason is None or not style.settings.part_two_last],
        "part_two": [view(r) for r in rows if r.reason is not None and style.settings.part_two_last],
        "next_meeting": {
            "label": following.label or model.committee,
            "when": ", ".join(filter(None, [
                style.date(following.date) + (f" \u2013 {following.start}" if following.start else "")
                + (f"-{following.end}" if following.start and following.end else ""),
                following.venue,
            ])),
        } if following else None,
    }
    document = fill_template(style.template("agenda"), context, Slots(), style.reference_docx)
    if pages.fields:
        for row in rows:
            if row.files:
                ooxml.page_range_field(document.element.body, f"{marker}{row.number}", row.key, f"{row.key}End")
    return document
