"""Stage 7, export: Word to PDF with LibreOffice, headless, in a private profile.

Each conversion gets its own LibreOffice user profile (so runs in parallel do not
fight over one) and a time limit (so a hung LibreOffice becomes a clear error).
PDFs are tagged, for screen readers.
"""

from __future__ import annotations

import json
import os
import shutil
import signal
import subprocess
import tempfile
from pathlib import Path

from pipeline.errors import BuildError
from pipeline.output import write_atomic

TIMEOUT_SECONDS = 240
INSTALL_HINT = "install it with: sudo apt-get install libreoffice-writer-nogui (or set BOARDPAPERS_SOFFICE)"
PDF_FILTER = "pdf:writer_pdf_Export:" + json.dumps({"UseTaggedPDF": {"type": "boolean", "value": "true"}})


def soffice_path() -> str | None:
    """Return the LibreOffice program: ``$BOARDPAPERS_SOFFICE``, else ``soffice`` on the PATH."""
    configured = os.environ.get("BOARDPAPERS_SOFFICE")
    return configured or shutil.which("soffice") or shutil.which("libreoffice")


def to_pdf(docx: Path, pdf: Path, timeout: float = TIMEOUT_SECONDS) -> Path:
    """Convert the Word file `docx` to the tagged PDF `pdf`, written atomically; return `pdf`.

    Raises :class:`BuildError` naming LibreOffice when it is missing, fails,
    or takes longer than `timeout` seconds.
    """
    program = soffice_path()
    if program is None:
        raise BuildError(f"LibreOffice is needed to make PDFs and was not found; {INSTALL_HINT}")
    with tempfile.TemporaryDirectory(prefix="boardpapers-pdf-") as folder:
        work = Path(folder)
        command = [
            program, f"-env:UserInstallation={(work / 'profile').as_uri()}",
            "--headless", "--invisible", "--norestore", "--nologo", "--nodefault",
            "--convert-to", PDF_FILTER, "--outdir", str(work / "out"), str(docx.resolve()),
        ]
        try:
            process = subprocess.Popen(command, stdout=subprocess.PIPE, stderr=subprocess.PIPE, start_new_session=True)
        except OSError as exc:
            raise BuildError(f"LibreOffice could not be started ({program}): {exc.strerror}; {INSTALL_HINT}") from None
        try:
            _, errors = process.communicate(timeout=timeout)
        except subprocess.TimeoutExpired:
            os.killpg(process.pid, signal.SIGKILL)
            process.communicate()
            raise BuildError(f"LibreOffice did not convert {docx.name} to PDF within {timeout:g} s and was stopped") from None
        produced = work / "out" / f"{docx.stem}.pdf"
        if process.returncode != 0 or not produced.is_file():
            detail = errors.decode("utf-8", "replace").strip() or f"exit {process.returncode}"
            raise BuildError(f"LibreOffice could not convert {docx.name} to PDF: {detail}")
        write_atomic(pdf, produced.read_bytes())
    return pdf
