"""What a layout returns, and what a pack tells a layout."""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date
from pathlib import Path

from docx.document import Document

from pipeline.output import Properties


@dataclass
class Laid:
    """A document laid out, with the properties it is saved with."""

    document: Document
    """The Word document."""
    properties: Properties
    """Its title, subject and author."""
    marking: str = ""
    """The protective marking every page carries (empty for a public paper); PDF pages merged in are stamped with it."""


@dataclass
class PdfSlots:
    """The PDF documents a pack merges into its PDF, each at a notice page in the Word documents."""

    files: dict[str, Path] = field(default_factory=dict)
    """Each PDF by the name of the bookmark on its notice page (bpPdf1...)."""
    prefix: str = "bpPdf"
    """What the names start with (a pack's items each have their own, so that names stay unique in the pack)."""

    def add(self, path: Path) -> str:
        """Register the PDF `path` and return the bookmark name of its notice page."""
        name = f"{self.prefix}{len(self.files) + 1}"
        self.files[name] = path
        return name


@dataclass(frozen=True)
class InPack:
    """What a paper laid out for a meeting's pack takes from the meeting."""

    committee: str
    """The meeting's committee."""
    date: date
    """The meeting's day."""
    number: str
    """The paper's agenda item number, as the agenda shows it (5, or 7A for an item added after publication)."""
    pdfs: PdfSlots
    """Where PDF appendices are registered, to be merged into the PDF pack."""
    public: bool = False
    """Laid out for the public pack (minutes then leave out what was said in private)."""
