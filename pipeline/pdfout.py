"""Writing PDFs reproducibly: the same inputs give the same bytes.

LibreOffice stamps each export with the time it ran and a random document ID.
Every PDF the pipeline writes goes out through :func:`save_pdf`, which dates it
with the build time (``SOURCE_DATE_EPOCH`` when set, else a fixed time) in the
document information and any XMP metadata, and gives it an ID computed from
its content.
"""

from __future__ import annotations

from datetime import datetime, timezone
from pathlib import Path

import pikepdf

from pipeline.output import atomic_file, build_time

_XMP_DATES = ("xmp:CreateDate", "xmp:ModifyDate", "xmp:MetadataDate")


def save_pdf(pdf: pikepdf.Pdf, target: Path) -> None:
    """Write `pdf` to `target` atomically, dated with the build time and with an ID from its content."""
    when = build_time()
    stamp = pikepdf.String(_pdf_date(when))
    pdf.docinfo[pikepdf.Name.CreationDate] = stamp
    pdf.docinfo[pikepdf.Name.ModDate] = stamp
    for key in ("/DocChecksum", "/ID"):  # LibreOffice's digest of the export and its random ID; qpdf keeps an old ID
        if key in pdf.trailer:
            del pdf.trailer[key]
    if "/Metadata" in pdf.Root:
        with pdf.open_metadata(set_pikepdf_as_editor=False, update_docinfo=False) as xmp:
            for key in _XMP_DATES:
                if key in xmp:
                    xmp[key] = when.isoformat()
            for key in ("xmpMM:DocumentID", "xmpMM:InstanceID"):
                if key in xmp:
                    del xmp[key]
    with atomic_file(target) as stream:  # written as qpdf goes, not held whole in memory first
        pdf.save(stream, deterministic_id=True)


def resave_pdf(path: Path, target: Path) -> Path:
    """Write the PDF `path` (as LibreOffice exported it) to `target` reproducibly; return `target`."""
    with pikepdf.open(path) as pdf:
        save_pdf(pdf, target)
    return target


def _pdf_date(when: datetime) -> str:
    return when.astimezone(timezone.utc).strftime("D:%Y%m%d%H%M%SZ")
