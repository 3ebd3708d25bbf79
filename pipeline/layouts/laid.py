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
    markings: dict[str, str] = field(default_factory=dict)
    """The protective marking stamped at the head of each PDF's pages, by the same names, where it has one."""
    prefix: str = "bpPdf"
    """What the names start with (a pack's items each have their own, so that names stay unique in the pack)."""

    def add(self, path: Path) -> str:
        """Register the PDF `path` and return the bookmark name of its notice page."""
        name = f"{self.prefix}{len(self.files) + 1}"
        self.files[name] = path
        return name

    def mark(self, since: int, marking: str) -> None:
        """Mark every PDF registered after the first `since` with `marking` (nothing when it is empty)."""
        if marking:
            self.markings.update(dict.fromkeys(list(self.files)[since:], marking))


@dataclass(frozen=True)
class InPack:
    """What a paper laid out for a meeting's pack takes from the meeting."""

    committee: str
    """The meeting's committee."""
    date: date
    """The meeting's day."""
    number: int
    """The paper's agenda item number."""
    pdfs: PdfSlots
    """Where PDF appendices are registered, to be merged into the PDF pack."""
