"""What a layout returns."""

from __future__ import annotations

from dataclasses import dataclass

from docx.document import Document

from pipeline.output import Properties


@dataclass
class Laid:
    """A document laid out, with the properties it is saved with."""

    document: Document
    """The Word document."""
    properties: Properties
    """Its title, subject and author."""
