"""Stage 6, build: from an input file to the documents on disk, as ordered steps."""

from __future__ import annotations

import re
import tempfile
from dataclasses import dataclass, field
from pathlib import Path

from pipeline import ooxml
from pipeline.attachments import page_count
from pipeline.errors import InputError, Problem
from pipeline.export import font_warnings, to_pdf
from pipeline.furniture import look_of
from pipeline.housestyle import HouseStyle
from pipeline.layouts import LAYOUTS
from pipeline.layouts.laid import Laid, PdfSlots
from pipeline.output import build_lock, save_document, write_atomic
from pipeline.pdfpack import finish_with_appendices
from pipeline.validate import validate


@dataclass
class Built:
    """What a build wrote, and what it warned about."""

    path: Path
    """The document written."""
    pdf: Path | None = None
    """Its PDF, when one was asked for."""
    warnings: list[Problem] = field(default_factory=list)
    """Problems in the inputs that did not stop the build."""


def build_paper(path: Path, out: Path, root: Path | None = None, pdf: bool = False) -> Built:
    """Build the paper `path` into the folder `out` and return what was written.

    Steps: validate the input; render the cover sheet and convert the Markdown;
    compose them; with `pdf`, convert the result to PDF with LibreOffice
    (PDF appendices' pages merged in where they stand); write ``out/<slug>.docx`` (and ``out/<slug>.pdf``) atomically. Raises
    :class:`~pipeline.errors.InputError` (the inputs are wrong) or
    :class:`~pipeline.errors.BuildError` (a tool failed); the earlier outputs,
    if any, are then left as they were: the PDF is made before either file
    is written, so a paper's Word file and PDF are always of one build.
    """
    validated = validate(path, root)
    lay_out = LAYOUTS.get(validated.kind)
    if lay_out is None:
        raise InputError([validated.source.problem(("kind",), f"a {validated.kind} does not build on its own; expected one of: {', '.join(LAYOUTS)}")])
    pdfs = PdfSlots() if pdf else None
    laid = lay_out(validated, pdfs=pdfs)
    target = out / f"{slug(laid.properties.title)}.docx"
    with build_lock(out):
        if not pdf:
            save_document(laid.document, target, laid.properties)
            return Built(target, None, validated.warnings)
        with tempfile.TemporaryDirectory(prefix="boardpapers-paper-") as work:
            draft = Path(work) / target.name
            save_document(laid.document, draft, laid.properties)
            converted = _pdf(laid, pdfs, draft, validated.style)
            write_atomic(target, draft.read_bytes())
            write_atomic(target.with_suffix(".pdf"), converted.read_bytes())
        fonts = font_warnings(validated.style)
        return Built(target, target.with_suffix(".pdf"), validated.warnings + fonts)


def _pdf(laid: Laid, pdfs: PdfSlots, draft: Path, style: HouseStyle) -> Path:
    """Return the paper saved as `draft` converted to PDF beside it, its PDF appendices' pages merged in place."""
    if not pdfs.files:
        return to_pdf(draft, draft.with_suffix(".pdf"))
    counts = {name: page_count(path) for name, path in pdfs.files.items()}
    placeholders = ooxml.expand_pdf_notices(laid.document, counts)  # room for each PDF's pages
    roomy = draft.with_name(f"with-room-{draft.name}")
    save_document(laid.document, roomy, laid.properties)
    raw = to_pdf(roomy, draft.with_suffix(".raw.pdf"))
    finish_with_appendices(raw, draft.with_suffix(".pdf"), pdfs.files, placeholders, laid.marking,
                           lambda at, total: f"Page {at} of {total}", look_of(style))
    return draft.with_suffix(".pdf")


def slug(title: str, limit: int = 60) -> str:
    """Return `title` as a file name: lower case, words joined by hyphens, at most `limit` characters."""
    words = re.sub(r"[^a-z0-9]+", "-", title.lower()).strip("-")
    if len(words) > limit:
        words = words[:limit].rsplit("-", 1)[0]
    return words or "paper"
