"""Word and PDF files as they arrive from authors and other systems: checked, then made safe to publish.

The policy, in one place:

- A Word file that carries tracked changes, comments, hidden text, embedded
  objects, macros, live fields, embedded chunks, external or unsafe links or
  custom XML is an input error naming what was found and how to remove it in
  Word, unless its item (or appendix) says ``clean: true``; then the build
  removes them (deleted text never appears, insertions are kept, fields
  become their shown text, objects their picture) and a warning says what.
  Both packs, members' and public, get the cleaned file: nobody should read
  deleted text in a pack.
- A PDF's active content (JavaScript, actions other than going to a page or
  a web or email address, form fields, embedded files, multimedia) is always
  removed before its pages are merged, forms flattened to what they show; a
  warning says so once per file.
- A PDF that is not tagged (or has untagged pages) is merged all the same,
  with a warning naming it: it is not accessible, and ``audit`` fails the pack
  on its pages until its author sends a tagged one.
- A file that is not what its name says, is damaged, or needs a password is
  an input error.
"""

from __future__ import annotations

from io import BytesIO
from pathlib import Path

import pikepdf
from docx import Document
from docx.document import Document as DocumentType
from pydantic import BaseModel

from pipeline.appended import house_look
from pipeline.docxclean import clean_docx, inspect_docx
from pipeline.errors import BuildError, Problem
from pipeline.findings import Finding, UnreadableFile, describe, remedies
from pipeline.models.includes import walk
from pipeline.models.fields import Model
from pipeline.pdfclean import clean_pdf, inspect_pdf, open_pdf
from pipeline.source import Source
from pipeline.tagged import page_list, untagged_pages

WORD, PDF = ".docx", ".pdf"


def attachment_problems(model: Model, source: Source) -> list[Problem]:
    """Return a problem (or warning) for every Word or PDF file `model` names that is not fit to publish as it is."""
    problems = []
    values = dict(walk(model))
    for loc, value in values.items():
        if not isinstance(value, Path) or value.suffix.lower() not in (WORD, PDF):
            continue
        owner = _owner(values, loc)
        try:
            findings = _inspect(value)
        except UnreadableFile as exc:
            problems.append(source.problem(loc, f"{value.name} {exc}"))
            continue
        if value.suffix.lower() == PDF:
            problems += _untagged(value, loc, source)
        if not findings:
            continue
        if value.suffix.lower() == PDF:
            problems.append(source.problem(loc, f"{value.name} has {describe(findings)}: the build removes them "
                                                "from the packs, keeping what its pages show", warning=True))
        elif getattr(owner, "clean", False):
            problems.append(source.problem(loc, f"{value.name} has {describe(findings)}: the build removes them "
                                                "(clean: true)", warning=True))
        else:
            what = "item" if "attachments" in loc else "appendix"
            problems.append(source.problem(loc, f"{value.name} has {describe(findings)}: {remedies(findings)} in "
                                                f"Word, or set clean: true on the {what}"))
    return problems


def word_document(path: Path) -> DocumentType:
    """Return the Word file `path` opened with everything that must not be published removed, in the house's look.

    Validation has already refused a file that carries any of it without its
    item's ``clean: true``; cleaning every file all the same means no path
    through the build can compose a file as it arrived. Its lists keep their
    numbers and its tables take the house table style (:mod:`pipeline.appended`).
    """
    cleaned, _ = clean_docx(path.read_bytes())
    return house_look(Document(BytesIO(cleaned)))


def pdf_document(path: Path) -> pikepdf.Pdf:
    """Return the PDF `path` opened, with its active content removed and its forms flattened."""
    pdf = open_pdf(path)
    clean_pdf(pdf)
    return pdf


def page_count(path: Path) -> int:
    """Return how many pages the PDF `path` has.

    Raises :class:`~pipeline.errors.BuildError` when it cannot be read:
    validation refuses such a file, so it changed since.
    """
    try:
        with open_pdf(path) as pdf:
            return len(pdf.pages)
    except UnreadableFile as exc:
        raise BuildError(f"{path}: {exc}") from None


def _untagged(path: Path, loc: tuple[str | int, ...], source: Source) -> list[Problem]:
    """Return a warning when the PDF `path` shows anything a screen reader cannot reach (see :mod:`pipeline.tagged`)."""
    with open_pdf(path) as pdf:
        pages = untagged_pages(pdf)
        tagged = "/StructTreeRoot" in pdf.Root
    if not pages:
        return []
    what = "is not a tagged PDF" if not tagged else f"has untagged content on {page_list(pages)}"
    return [source.problem(loc, f"{path.name} {what}, so it is not accessible: a screen reader cannot read it. "
                                "Ask its author for a tagged PDF (Word: File > Save as > PDF, with \"Document "
                                "structure tags for accessibility\"); until then, audit fails the PDFs it is merged into, on its pages", warning=True)]


def _inspect(path: Path) -> list[Finding]:
    if path.suffix.lower() == PDF:
        return inspect_pdf(path)
    try:
        data = path.read_bytes()
    except OSError as exc:
        raise UnreadableFile(f"cannot be read: {exc.strerror}") from None
    return inspect_docx(data)


def _owner(values: dict[tuple[str | int, ...], object], loc: tuple[str | int, ...]) -> BaseModel | None:
    """Return the nearest model that holds the value at `loc` (an agenda item, an appendix)."""
    for end in range(len(loc) - 1, -1, -1):
        found = values.get(loc[:end])
        if isinstance(found, BaseModel):
            return found
    return None
