"""Writing PDFs reproducibly, and as PDF/UA-1 asks of a tagged PDF's catalogue.

LibreOffice stamps each export with the time it ran and a random document ID.
Every PDF the pipeline writes goes out through :func:`save_pdf`, which dates it
with the build time (``SOURCE_DATE_EPOCH`` when set, else a fixed time) in the
document information and the XMP metadata, and gives it an ID computed from
its content. On the way it puts right what LibreOffice 7.4's tagged export
leaves short of PDF/UA-1 at the catalogue's level (:func:`_universal`): XMP
metadata naming the title and the standard, a role map that maps no standard
structure type (LibreOffice maps each to itself: a circular mapping), and
keyboard order by structure on every page with annotations.
"""

from __future__ import annotations

from datetime import datetime, timezone
from pathlib import Path

import pikepdf

from pipeline.output import atomic_file, build_time
from pipeline.tagged import mark_decoration, tidy_tags

_XMP_DATES = ("xmp:CreateDate", "xmp:ModifyDate", "xmp:MetadataDate")


def save_pdf(pdf: pikepdf.Pdf, target: Path) -> None:
    """Write `pdf` to `target` atomically, dated with the build time and with an ID from its content."""
    when = build_time()
    _universal(pdf)
    stamp = pikepdf.String(_pdf_date(when))
    pdf.docinfo[pikepdf.Name.CreationDate] = stamp
    pdf.docinfo[pikepdf.Name.ModDate] = stamp
    for key in ("/DocChecksum", "/ID"):  # LibreOffice's digest of the export and its random ID; qpdf keeps an old ID
        if key in pdf.trailer:
            del pdf.trailer[key]
    with pdf.open_metadata(set_pikepdf_as_editor=False, update_docinfo=False) as xmp:
        title = str(pdf.docinfo.get("/Title", "")).strip()
        if title:
            xmp["dc:title"] = title
        if "/StructTreeRoot" in pdf.Root:
            xmp["pdfuaid:part"] = "1"
        for key in _XMP_DATES:
            if key in xmp:
                xmp[key] = when.isoformat()
        for key in ("xmpMM:DocumentID", "xmpMM:InstanceID"):
            if key in xmp:
                del xmp[key]
    with atomic_file(target) as stream:  # written as qpdf goes, not held whole in memory first
        pdf.save(stream, deterministic_id=True)


STANDARD_TYPES = frozenset(
    "Document Part Art Sect Div BlockQuote Caption TOC TOCI Index NonStruct Private P H H1 H2 H3 H4 H5 H6 "
    "L LI Lbl LBody Table TR TH TD THead TBody TFoot Span Quote Note Reference BibEntry Code Link Annot "
    "Ruby RB RT RP Warichu WT WP Figure Formula Form".split())
"""The standard structure types of ISO 32000-1 (14.8.4), which a role map must not map."""


def _universal(pdf: pikepdf.Pdf) -> None:
    """Put right, in place, what keeps a tagged `pdf`'s catalogue from PDF/UA-1 (see the module's doc)."""
    root = pdf.Root.get("/StructTreeRoot")
    if root is None:
        return
    roles = root.get("/RoleMap")
    if roles is not None:
        for name in [str(key) for key in roles.keys()]:
            if name[1:] in STANDARD_TYPES:
                del roles[name]
        if not len(roles):
            del root["/RoleMap"]
    for page in pdf.pages:
        if "/Annots" in page.obj:
            page.obj.Tabs = pikepdf.Name.S  # keyboard order follows the structure (7.18.3)
    _entry(pdf.Root, "/MarkInfo").Marked = True
    _entry(pdf.Root, "/ViewerPreferences").DisplayDocTitle = True


def _entry(catalog: pikepdf.Dictionary, key: str) -> pikepdf.Dictionary:
    """Return the catalog's dictionary `key`, made when it is missing; its other entries are kept."""
    if not isinstance(catalog.get(key), pikepdf.Dictionary):
        catalog[key] = pikepdf.Dictionary()
    return catalog[key]


def resave_pdf(path: Path, target: Path) -> Path:
    """Write the PDF `path` (as LibreOffice exported it) to `target` reproducibly, its tags tidied; return `target`."""
    with pikepdf.open(path) as pdf:
        tidy_tags(pdf)
        mark_decoration(pdf)
        save_pdf(pdf, target)
    return target


def _pdf_date(when: datetime) -> str:
    return when.astimezone(timezone.utc).strftime("D:%Y%m%d%H%M%SZ")
