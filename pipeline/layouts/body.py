"""Content that every kind of paper shares: body parts and appendices."""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path
from typing import Any

from docx.document import Document

from pipeline.attachments import word_document
from pipeline.compose import BOOKMARK, BOOKMARK_END, INSERT, PAGE
from pipeline.housestyle import HouseStyle
from pipeline.layouts.laid import PdfSlots
from pipeline.layouts.options_appraisal import appraisal_document
from pipeline.markdown import PandocJob
from pipeline.models.cover_sheet import BodyPart, MarkdownFile, OptionsAppraisalPart
from pipeline.source import load_markdown
from pipeline.validate import Validated


def add_pdf_notice(job: PandocJob, name: str, text: str) -> None:
    """Add the notice page of a PDF: bookmarked `name` at its start and `name`End at its end."""
    job.marker(BOOKMARK + name)
    job.plain(text)
    job.marker(BOOKMARK_END + f"{name}End")


def word_appraisal(included: Validated, style: HouseStyle, level: int) -> Document:
    """Return the options appraisal `included` laid out in Word in `style`, its headings from `level`."""
    return appraisal_document(included.model, style, included.source.path.parent, included.root, level)


Appraisal = Callable[[Validated, HouseStyle, int], Any]
"""What lays out an options appraisal of a body: (the appraisal, the house style, its heading level) -> what is inserted."""


def add_body_parts(job: PandocJob, parts: list[BodyPart], base: Path, validated: Validated, style: HouseStyle,
                   level: int = 2, headings_from: int | None = None, appraisal: Appraisal = word_appraisal) -> dict[str, Any]:
    """Add each of `parts` to `job` in order; return what to insert where the markers stand, by name.

    Inline Markdown finds its images relative to `base`, a Markdown file
    relative to its own folder; with `headings_from`, its headings are moved
    down so that none is above that level (under a template's own headings).
    An options appraisal is laid out by `appraisal` (a Word document, unless
    a web page asks for its own) with its headings from `level`, and inserted
    where it stands.
    """
    inserts = {}
    for part in parts:
        if isinstance(part, MarkdownFile):
            job.markdown(load_markdown(part.markdown_file), part.markdown_file.parent, top=headings_from)
        elif isinstance(part, OptionsAppraisalPart):
            included = validated.includes[part.options_appraisal]
            name = f"appraisal-{len(inserts) + 1}"
            inserts[name] = appraisal(included, style, level)
            job.marker(INSERT + name)
        else:
            job.markdown(part, base, top=headings_from)
    return inserts


def add_appendix(job: PandocJob, label: str, title: str, file: Path | None, pdfs: PdfSlots | None = None) -> dict[str, Path | Document]:
    """Add an appendix's own pages to `job` when it has a .md or .docx file; return Word inserts.

    A .pdf appendix is only listed, unless the paper is built for a pack
    (`pdfs`): it then gets a notice page that the PDF pack replaces with it.
    """
    if file is None or (file.suffix.lower() == ".pdf" and pdfs is None):
        return {}
    job.marker(PAGE)
    job.heading(f"{label}: {title}", level=1)
    if file.suffix.lower() == ".pdf":
        add_pdf_notice(job, pdfs.add(file), f"{label} is a PDF document. Its pages follow at this point in the PDF.")
        return {}
    if file.suffix.lower() == ".docx":
        job.marker(INSERT + label)
        return {label: word_document(file)}
    job.markdown(load_markdown(file), file.parent)
    return {}
