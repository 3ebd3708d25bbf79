"""Stage 7, export: Word to PDF with LibreOffice, driven through UNO.

Each build starts its own LibreOffice, with a private user profile (so builds in
parallel do not share one) on a free local port, and stops it afterwards.
Conversions go through unoserver's converter, run by the Python that has
LibreOffice's ``uno`` module: it refreshes fields and updates indexes before
exporting, which plain ``soffice --convert-to`` does not. Every step has a
time limit, so a hung LibreOffice becomes a clear error. PDFs are tagged, and
Word bookmarks become named destinations (the pack finds its items by them).
"""

from __future__ import annotations

import importlib.util
import json
import os
import select
import shutil
import signal
import socket
import subprocess
import tempfile
import time
from functools import cache
from pathlib import Path

from pipeline.errors import BuildError, Problem
from pipeline.housestyle import HouseStyle
from pipeline.source import load
from pipeline.output import owned
from pipeline.pdfout import resave_pdf
from pipeline.progress import point

TIMEOUT_SECONDS = 600
"""The longest one conversion (a whole pack) may take, unless ``$BOARDPAPERS_PDF_TIMEOUT`` says otherwise."""
GUARD = ('build=$1; shift; exec 3<&0; "$@" <&3 3<&- & office=$!; exec 3<&-; '
         '(while kill -0 "$build" 2>/dev/null; do sleep 1; done; kill -KILL 0) >/dev/null 2>&1 </dev/null & watcher=$!; '
         'wait "$office"; status=$?; kill "$watcher" 2>/dev/null; exit $status')
"""Runs LibreOffice (``sh -c GUARD guard BUILD_PID soffice ...``), and the client that drives it, so that they die with the build.

A build killed outright (SIGKILL) cannot stop the LibreOffice it started,
which runs in a session of its own and would live on, holding memory, for
good; this watcher does it within a second, by stopping its whole process
group. The watcher keeps none of the program's output pipes open and
ends when the program does; the shell passes on the program's exit status. The program keeps the
shell's standard input (a program run in the background would otherwise read nothing)."""
POLL_SECONDS = 0.5
"""How often a conversion checks that LibreOffice is still running."""
CLIENT = Path(__file__).resolve().parent / "uno" / "convert.py"
INSTALL_HINT = ("install it with: sudo apt-get install libreoffice-writer-nogui python3-uno "
                "(or set BOARDPAPERS_SOFFICE and BOARDPAPERS_UNO_PYTHON)")
PDF_OPTIONS = {
    "UseTaggedPDF": "true",
    "ExportBookmarks": "true",
    "ExportBookmarksToPDFDestination": "true",
    "ExportNotes": "false",
    "DisplayPDFDocumentTitle": "true",
    "PDFUACompliance": "true",
}


def soffice_path() -> str | None:
    """Return the LibreOffice program: ``$BOARDPAPERS_SOFFICE``, else ``soffice`` on the PATH; ``None`` when absent."""
    configured = os.environ.get("BOARDPAPERS_SOFFICE")
    if configured:
        return shutil.which(configured)
    return shutil.which("soffice") or shutil.which("libreoffice")


@cache
def uno_python() -> str | None:
    """Return a Python that can import LibreOffice's ``uno`` module, or ``None``."""
    configured = os.environ.get("BOARDPAPERS_UNO_PYTHON")
    soffice = soffice_path()
    candidates = [configured] if configured else []
    if soffice:
        candidates.append(str(Path(os.path.realpath(soffice)).parent / "python"))
    candidates += ["/usr/bin/python3", shutil.which("python3") or ""]
    for candidate in filter(None, candidates):
        try:
            done = subprocess.run([candidate, "-c", "import uno"], capture_output=True, timeout=60)
        except (OSError, subprocess.TimeoutExpired):
            continue
        if done.returncode == 0:
            return candidate
    return None


def missing() -> str | None:
    """Return what is missing to make PDFs, as a message, or ``None`` when all is there."""
    if soffice_path() is None:
        return f"LibreOffice is needed to make PDFs and was not found; {INSTALL_HINT}"
    if uno_python() is None:
        return f"LibreOffice's Python bridge (uno) is needed to make PDFs and was not found; {INSTALL_HINT}"
    if importlib.util.find_spec("unoserver") is None:
        return "the Python package unoserver is needed to make PDFs; reinstall boardpapers (make install)"
    return None


class LibreOffice:
    """A private LibreOffice for one build: ``with LibreOffice() as office: office.convert(...)``."""

    def __init__(self, timeout: float | None = None) -> None:
        self.timeout = timeout if timeout is not None else pdf_timeout()
        self.process: subprocess.Popen | None = None
        self.client: subprocess.Popen | None = None
        self.done = 0

    def __enter__(self) -> LibreOffice:
        problem = missing()
        if problem:
            raise BuildError(problem)
        self.work = Path(tempfile.mkdtemp(**owned("boardpapers-office")))
        package = Path(importlib.util.find_spec("unoserver").submodule_search_locations[0])
        (self.work / "lib").mkdir()
        (self.work / "lib" / "unoserver").symlink_to(package)
        self.port = str(_free_port())
        command = [
            soffice_path(), "--headless", "--invisible", "--nocrashreport", "--nodefault", "--nologo",
            "--nofirststartwizard", "--norestore", f"-env:UserInstallation={(self.work / 'profile').as_uri()}",
            f"--accept=socket,host=127.0.0.1,port={self.port},tcpNoDelay=1;urp;StarOffice.ComponentContext",
        ]
        try:
            self.process = subprocess.Popen(["/bin/sh", "-c", GUARD, "boardpapers-office", str(os.getpid()), *command],
                                            stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL, start_new_session=True)
            point("office", self.process.pid)
        except OSError as exc:
            shutil.rmtree(self.work, ignore_errors=True)
            raise BuildError(f"LibreOffice could not be started ({command[0]}): {exc.strerror}; {INSTALL_HINT}") from None
        return self

    def __exit__(self, *exc: object) -> None:
        if self.client is not None:
            self.client.stdin.close()  # its input ends: it leaves once the job in hand is done
            try:
                self.client.wait(timeout=POLL_SECONDS * 4)
            except subprocess.TimeoutExpired:
                pass
            self._stop_client()
        if self.process is not None:
            stop(self.process)
        shutil.rmtree(self.work, ignore_errors=True)

    def convert(self, docx: Path, pdf: Path) -> Path:
        """Convert the Word file `docx` to the tagged PDF `pdf`, written atomically and reproducibly; return `pdf`.

        The first conversion starts a client that stays connected to
        LibreOffice for the next ones, so each costs LibreOffice's load and
        export only. Raises :class:`BuildError` naming LibreOffice when it
        fails or takes longer than the time limit (LibreOffice is then stopped).
        """
        produced = self.work / f"{pdf.stem}.{os.getpid()}.{self.done}.pdf"
        self.done += 1
        client = self._client()
        client.stdin.write((json.dumps([str(docx.resolve()), str(produced), PDF_OPTIONS]) + "\n").encode("utf-8"))
        client.stdin.flush()
        deadline = time.monotonic() + self.timeout
        answered = False
        while not answered:
            ready, _, _ = select.select([client.stdout], [], [], POLL_SECONDS)
            if ready:
                answered = client.stdout.readline().strip() == b"done"
                if not answered:
                    break  # the client ended: it failed
            elif self.process is not None and self.process.poll() is not None:
                self._stop_client()
                raise BuildError(f"LibreOffice could not convert {docx.name} to PDF: "
                                 f"LibreOffice stopped unexpectedly (exit {self.process.returncode})") from None
            elif time.monotonic() > deadline:
                self._stop_client()
                if self.process is not None:
                    stop(self.process)
                    self.process = None
                raise BuildError(f"LibreOffice did not convert {docx.name} to PDF within {self.timeout:g} s "
                                 f"and was stopped (set BOARDPAPERS_PDF_TIMEOUT to allow longer)") from None
        if not answered or not produced.is_file():
            errors = self._stop_client()
            if self.process is not None and self.process.poll() is not None:
                detail = f"LibreOffice stopped unexpectedly (exit {self.process.returncode})"
            else:
                lines = errors.decode("utf-8", "replace").strip().splitlines()
                detail = lines[-1] if lines else "the converter ended without a PDF"
            raise BuildError(f"LibreOffice could not convert {docx.name} to PDF: {detail}")
        resave_pdf(produced, pdf)
        produced.unlink()
        return pdf

    def _client(self) -> subprocess.Popen:
        """Return the converter connected to this LibreOffice, starting it if need be."""
        if self.client is None:
            command = [uno_python(), str(CLIENT), str(self.work / "lib"), self.port]
            # Under the same guard as LibreOffice: a build killed outright takes its client with it too.
            self.client = subprocess.Popen(["/bin/sh", "-c", GUARD, "boardpapers-client", str(os.getpid()), *command],
                                           stdin=subprocess.PIPE, stdout=subprocess.PIPE, stderr=subprocess.PIPE,
                                           start_new_session=True)
            point("client", self.client.pid)
        return self.client

    def _stop_client(self) -> bytes:
        """Stop the converter; return what it wrote on its standard error."""
        client, self.client = self.client, None
        if client is None:
            return b""
        stop(client)
        errors = client.stderr.read() if client.stderr else b""
        for stream in (client.stdin, client.stdout, client.stderr):
            if stream:
                stream.close()
        return errors


def font_warnings(style: HouseStyle) -> list[Problem]:
    """Return a warning for each of the house style's fonts that this machine lacks, naming what LibreOffice uses instead.

    LibreOffice draws a PDF with the fonts it finds, and silently puts another
    in place of one it does not (Liberation Sans for Arial, of the same
    widths); the Word files still name the house's font. fontconfig's
    ``fc-match`` says which it will be; where there is no fc-match, nothing
    can be said.
    """
    matcher = shutil.which("fc-match")
    if matcher is None:
        return []
    settings = style.folder / "style.yaml"
    source = load(settings)
    found = []
    for key in ("body", "symbols"):
        font = getattr(style.settings.fonts, key)
        try:
            done = subprocess.run([matcher, "-f", "%{family[0]}", font], capture_output=True, text=True, timeout=20)
        except (OSError, subprocess.TimeoutExpired):
            continue
        used = done.stdout.strip()
        if done.returncode == 0 and used and used.lower() != font.lower():
            found.append(Problem(settings, source.line_of(("fonts", key)), f"fonts.{key}",
                                 f"{font} is not installed here, so the PDFs use {used} in its place (the Word files "
                                 f"still name {font}); install {font} for PDFs in the house font", warning=True))
    return found


def pdf_timeout() -> float:
    """Return the time limit of one conversion: ``$BOARDPAPERS_PDF_TIMEOUT`` seconds, else :data:`TIMEOUT_SECONDS`."""
    configured = os.environ.get("BOARDPAPERS_PDF_TIMEOUT", "").strip()
    try:
        return float(configured) if configured else TIMEOUT_SECONDS
    except ValueError:
        raise BuildError(f"BOARDPAPERS_PDF_TIMEOUT must be a number of seconds, not {configured!r}") from None


def to_pdf(docx: Path, pdf: Path, timeout: float | None = None) -> Path:
    """Convert one Word file to PDF with a LibreOffice of its own; return `pdf`."""
    with LibreOffice(timeout) as office:
        return office.convert(docx, pdf)


def _free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return probe.getsockname()[1]


def stop(process: subprocess.Popen) -> None:
    """Stop `process` and everything it started."""
    try:
        os.killpg(process.pid, signal.SIGKILL)
    except ProcessLookupError:
        pass
    process.wait()
