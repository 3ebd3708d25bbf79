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
from pipeline.models.meeting import Meeting, item_numbers, not_for_publication, paper_presenter
from pipeline.render import Slots, fill_template
from pipeline.validate import Validated


@dataclass(frozen=True)
class Row:
    """One agenda item, with everything derived from its paper and documents."""

    number: int
    """Its number, 1..N across sections: what bookmarks, files and page ranges know it by (see :func:`item_numbers`)."""
    label: str
    """Its number as the agenda shows it: the number, or for an item added after publication the one before with a letter (7A)."""
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
    supplement: int | None = None
    """The supplementary agenda that published it (None: the agenda itself, or the agenda as first published)."""
    urgent: str | None = None
    """Why it could not wait, for an item of urgent business."""

    @property
    def key(self) -> str:
        """The name of the bookmarks at its start and end in a pack: bpItem05."""
        return f"bpItem{self.number:02d}"

    @property
    def stem(self) -> str:
        """How file names start for it: 05, 07A."""
        digits = self.label.rstrip("ABCDEFGHIJKLMNOPQRSTUVWXYZ")
        return f"{int(digits):02d}{self.label[len(digits):]}"


def agenda_rows(meeting: Validated, as_published: bool = False) -> list[Row]:
    """Return the rows of `meeting`'s agenda, derived from its items and their papers.

    As it now stands, supplements in; or, `as_published`, the agenda as it
    went out: no item added since, and items published in a supplement still
    to follow, as they were.
    """
    model: Meeting = meeting.model
    rows = []
    section_of = {id(item): s for s, section in enumerate(model.sections) for item in section.items}
    for (number, label), item in zip(item_numbers(model), model.items()):
        if as_published and item.added:
            continue
        later = as_published and item.followed
        paper: Model | None = meeting.includes[item.paper].model if item.paper and not later else None
        files = [] if later else item.files()
        rows.append(Row(
            number=number,
            label=label,
            section=section_of[id(item)],
            title=item.title or paper.title,
            owner=item.owner or paper_presenter(paper),
            action=item.action.value.capitalize(),
            format="Attached" if files else item.format.label,
            files=files,
            reason=not_for_publication(item, paper),
            supplement=None if as_published else item.supplement,
            urgent=None if as_published else item.urgent_reason,
        ))
    return rows


@dataclass(frozen=True)
class Pages:
    """How an agenda shows the pages of each item in a pack."""

    fields: bool = False
    """Word fields (PAGEREF) to the item's bookmarks: the pack computes them itself."""
    known: dict[int, tuple[int, int]] | None = None
    """Page ranges already known, by item number (from a built PDF pack)."""


def agenda_document(meeting: Validated, style: HouseStyle, pages: Pages = Pages(), rows: list[Row] | None = None,
                    supplement: int | None = None) -> Document:
    """Return the agenda of `meeting` in `style`, showing page ranges as `pages` says.

    `rows` are the items it lists (all of them, as the agenda now stands, when
    ``None``); with `supplement`, it is that supplementary agenda, and says
    when it was published and what it brings.
    """
    model: Meeting = meeting.model
    rows = agenda_rows(meeting) if rows is None else rows
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
            "number": row.label, "title": row.title, "owner": row.owner, "action": row.action, "format": row.format,
            "notice": style.notice(row.reason) if row.reason else "", "pages": shown,
            "urgent": f"Urgent item: {row.urgent.rstrip('.')}" if row.urgent else "",
        }

    time = f"{model.start}-{model.end}" if model.end else model.start
    following = model.next_meeting if supplement is None else None
    context: dict[str, Any] = {
        "committee": model.committee, "date": style.date(model.date),
        "title": model.title if supplement is None else f"{model.title} \u2013 Supplementary Agenda {supplement}",
        "heading": "Agenda" if supplement is None else f"Supplementary Agenda {supplement}",
        "intro": supplement_intro(model, style, rows, supplement) if supplement else "",
        "meeting_date": style.meeting_date(model.date), "start": model.start, "time": time, "venue": model.venue,
        "sections": [
            {"title": section.title, "rows": [view(r) for r in rows if r.section == s]}
            for s, section in enumerate(model.sections)
        ],
        "part_one": [view(r) for r in rows if r.reason is None or not style.settings.part_two_last],
        "part_two": [view(r) for r in rows if r.reason is not None and style.settings.part_two_last],
        "next_meeting": next_meeting_view(model, style) if following else None,
    }
    document = fill_template(style.template("agenda"), context, Slots(), style.reference_docx)
    if pages.fields:
        for row in rows:
            if row.files:
                ooxml.page_range_field(document.element.body, f"{marker}{row.number}", row.key, f"{row.key}End")
    return document


def next_meeting_view(model: Meeting, style: HouseStyle) -> dict[str, str] | None:
    """Return what an agenda or minutes say of the next meeting: what it is called and when and where it is."""
    following = model.next_meeting
    if following is None:
        return None
    return {
        "label": following.label or model.committee,
        "when": ", ".join(filter(None, [
            style.date(following.date) + (f" \u2013 {following.start}" if following.start else "")
            + (f"-{following.end}" if following.start and following.end else ""),
            following.venue,
        ])),
    }


def supplement_intro(model: Meeting, style: HouseStyle, rows: list[Row], supplement: int) -> str:
    """Return what a supplementary agenda says of itself: when it was published, and what it brings to which agenda."""
    added = [row for row in rows if not row.label.isdigit()]
    brings = ["the papers of items that were to follow"] if len(added) < len(rows) else []
    brings += ["items of urgent business added since, each numbered after the item before it"] if added else []
    published = model.supplements[supplement - 1].published
    return (f"Published on {style.date(published)}. This supplement to the agenda published on {style.date(model.published)} "
            f"brings {' and '.join(brings)}. Items keep the numbers that agenda gave them.")
