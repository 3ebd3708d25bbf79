"""What the public website holds, as data: the committees, their meetings, items and documents.

One model serves three readers: the page templates, ``meetings.json`` (open
data, with :func:`open_data_schema` written beside it) and the feeds. It
holds public material only: an item not for publication is its number, title
and reason, with no documents. Addresses are relative to the site's root.
"""

from __future__ import annotations

from datetime import date
from typing import Literal

from pydantic import BaseModel, ConfigDict, Field

SCHEMA_ID = "meetings.schema.json"


class _Open(BaseModel):
    model_config = ConfigDict(extra="forbid", frozen=True)


class Document(_Open):
    """A published file."""

    title: str
    """What it is, e.g. the paper's title."""
    format: Literal["html", "pdf", "docx"]
    url: str
    """Its address from the site's root."""
    bytes: int = Field(ge=0)
    pages: int | None = Field(default=None, ge=1)
    """How many pages (PDF only)."""


class Item(_Open):
    """An agenda item."""

    number: str = Field(pattern=r"^[0-9]+[A-Z]*$", examples=["5", "7A"])
    title: str
    owner: str
    action: str
    """What the meeting is asked to do: Note, Approve..."""
    format: str
    """Attached, Verbal, Presentation or To follow."""
    public: bool
    reason: str | None = None
    """Why it is not for publication (only when it is not)."""
    supplement: int | None = None
    """The supplementary agenda that published it, when one did."""
    urgent_reason: str | None = None
    """Why it could not wait, for urgent business added after the agenda was published."""
    documents: list[Document] = Field(default_factory=list)


class Section(_Open):
    title: str
    items: list[Item]


class Decision(_Open):
    """A decision the meeting made (from its minutes, once they are written)."""

    item: str
    """The item's number."""
    title: str
    """The item's title."""
    text: str
    """The decision, worded from the paper's recommendations (an item taken in private: that it was)."""


class Supplement(_Open):
    """A supplementary agenda: published after the agenda, with items that were to follow or urgent business."""

    number: int = Field(ge=1)
    published: date
    """When it was published."""
    items: list[str]
    """The numbers of the items it published."""
    documents: list[Document] = Field(default_factory=list)
    """The public supplement (PDF and Word)."""


class Meeting(_Open):
    """One meeting: its agenda and its public documents."""

    committee: str
    title: str
    date: date
    start: str
    end: str | None = None
    venue: str
    url: str
    """Its agenda page."""
    uid: str
    """Its event's UID in the committee's calendar."""
    sections: list[Section]
    published: date | None = None
    """When the agenda was published, when the meeting file says."""
    documents: list[Document] = Field(default_factory=list)
    """The public agenda pack (PDF and Word), as the agenda was published."""
    supplements: list[Supplement] = Field(default_factory=list)
    """The supplementary agendas published since, in order."""
    minutes: list[Document] = Field(default_factory=list)
    """The public minutes and the decisions (PDF and Word), once written."""
    minutes_status: str | None = None
    """'draft', or when the minutes were approved."""
    decisions: list[Decision] = Field(default_factory=list)

    def items(self) -> list[Item]:
        """Return every item, in agenda order."""
        return [item for section in self.sections for item in section.items]


class Committee(_Open):
    name: str
    slug: str
    url: str
    """Its page of meetings."""
    calendar: str
    """Its iCalendar file."""
    meetings: list[Meeting]
    """Newest first."""


class OpenData(_Open):
    """Every committee of the site (``meetings.json``)."""

    organisation: str
    committees: list[Committee]


def open_data_schema() -> dict:
    """Return the JSON Schema of ``meetings.json``."""
    schema = OpenData.model_json_schema()
    return {"$schema": "https://json-schema.org/draft/2020-12/schema", "$id": SCHEMA_ID, **schema}
