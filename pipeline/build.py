"""Stage 6, build: from an input file to the documents on disk, as ordered steps."""

from __future__ import annotations

import re
import tempfile
from collections.abc import Callable
from dataclasses import dataclass, field
from pathlib import Path

from pipeline import ooxml
from pipeline.attachments import page_count
from pipeline.cache import Cache
from pipeline.errors import InputError, Problem
from pipeline.export import font_warnings, to_pdf
from pipeline.furniture import look_of
from pipeline.housestyle import HouseStyle
from pipeline.layouts import LAYOUTS
from pipeline.layouts.laid import Laid, PdfSlots
from pipeline.output import build_lock, owned, save_document, write_atomic
from pipeline.pdfpack import finish_with_appendices
from pipeline.plan import paper_key
from pipeline.validate import Validated, validate


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
    A paper already built from the same inputs (by the hashes of its files,
    the house style's, the tools' and the code's) is copied from the cache
    under `out`, not built again.
    """
    validated = validate(path, root)
    lay_out = LAYOUTS.get(validated.kind)
    if lay_out is None:
        raise InputError([validated.source.problem(("kind",), f"a {validated.kind} does not build on its own; expected one of: {', '.join(LAYOUTS)}")])
    warnings = validated.warnings + (font_warnings(validated.style) if pdf else [])
    cache, key = Cache(out), paper_key(validated, pdf)
    with build_lock(out):
        cache.prune()
        made = cache.get(key, needs=PAPER_PDF if pdf else PAPER_DOCX)
        if made is None:
            made = _make_paper(validated, lay_out, pdf, cache, key)
        target = out / made["name"]
        entry = cache.entry(key)
        write_atomic(target, (entry / PAPER_DOCX).read_bytes())
        if pdf:
            write_atomic(target.with_suffix(".pdf"), (entry / PAPER_PDF).read_bytes())
    return Built(target, target.with_suffix(".pdf") if pdf else None, warnings)


PAPER_DOCX, PAPER_PDF = "paper.docx", "paper.pdf"
"""The names of a paper's files in its cache entry."""


def _make_paper(validated: Validated, lay_out: Callable[..., Laid], pdf: bool, cache: Cache, key: str) -> dict:
    """Lay out the paper `validated` (and convert it to PDF when `pdf`) into the cache entry `key`; return its facts."""
    pdfs = PdfSlots() if pdf else None
    laid = lay_out(validated, pdfs=pdfs)
    name = f"{slug(laid.properties.title)}.docx"
    facts = {"name": name}
    with tempfile.TemporaryDirectory(**owned("boardpapers-paper")) as work:
        draft = Path(work) / name
        save_document(laid.document, draft, laid.properties)
        files = {PAPER_DOCX: draft.read_bytes()}
        if pdf:
            files[PAPER_PDF] = _pdf(laid, pdfs, draft, validated.style).read_bytes()
        cache.put(key, files, facts)  # the PDF is made before the entry is written: a paper's two files are of one build
    return facts


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
