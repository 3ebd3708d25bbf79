"""The reference PDF/UA-1 validator, the veraPDF engine: found, run over PDFs, its rules said plainly.

veraPDF is a Java library; ``make validators`` (``pipeline/verapdf/install``)
sets it up in ``.venv/verapdf`` with :file:`Validate.java`, our driver, which
prints one JSON line per file. ``$BOARDPAPERS_VERAPDF`` names another such
folder. :func:`validate_pdfs` runs it once over many files (Java starts in a
few seconds; each file then takes well under one) and returns a
:class:`Verdict` per file; :func:`plain` says a failed rule in words a clerk
can act on, with the pages it was found on.
"""

from __future__ import annotations

import json
import os
import shutil
import subprocess
import sys
from dataclasses import dataclass, field
from pathlib import Path

from pipeline.errors import BuildError
from pipeline.tagged import page_list

FOLDER_VARIABLE = "BOARDPAPERS_VERAPDF"
INSTALL_HINT = "set it up with: make validators (pipeline/verapdf/install; it needs Java: default-jdk-headless)"
TIMEOUT_SECONDS = 900
"""The longest one validator run may take."""


@dataclass(frozen=True)
class Failure:
    """One PDF/UA-1 rule a file fails, as the validator reports it."""

    rule: str
    """The rule's clause of ISO 14289-1 and its test number: ``7.1-3``."""
    count: int
    """How many times the file fails it."""
    message: str
    """The validator's own description of the rule."""
    where: tuple[str, ...] = ()
    """The first few places it failed, as the validator names them."""
    pages: tuple[int, ...] = ()
    """Every page (from 1) it failed on, where the failures are on pages."""


@dataclass(frozen=True)
class Verdict:
    """What the validator found of one PDF."""

    path: Path
    compliant: bool
    failures: list[Failure] = field(default_factory=list)
    status: str = ""
    """How the validator's run on it ended: ``normal`` when it read the whole file."""
    error: str = ""
    """Why the file could not be validated, when it could not."""


def folder() -> Path | None:
    """Return the folder the validator is set up in, or ``None`` when it is not (or Java is missing)."""
    configured = os.environ.get(FOLDER_VARIABLE)
    where = Path(configured) if configured else Path(sys.prefix) / "verapdf"
    if not (where / "classpath").is_file() or not shutil.which("java"):
        return None
    return where


def validate_pdfs(paths: list[Path]) -> dict[Path, Verdict]:
    """Return the validator's verdict on each PDF of `paths`; raise :class:`BuildError` when it is not set up or fails."""
    where = folder()
    if where is None:
        raise BuildError(f"the veraPDF validator is not set up; {INSTALL_HINT}")
    if not paths:
        return {}
    classpath = (where / "classpath").read_text(encoding="utf-8").strip()
    try:
        done = subprocess.run(["java", "-cp", classpath, "Validate", *map(str, paths)], capture_output=True,
                              timeout=TIMEOUT_SECONDS, text=True)
    except subprocess.TimeoutExpired:
        raise BuildError(f"the veraPDF validator took more than {TIMEOUT_SECONDS} s") from None
    verdicts = {}
    for line in done.stdout.splitlines():
        if line.startswith("{"):
            verdict = _verdict(json.loads(line))
            verdicts[verdict.path] = verdict
    missing = [p for p in paths if Path(p) not in verdicts]
    if missing:
        last = done.stderr.strip().splitlines()[-1:] or [f"exit {done.returncode}"]
        raise BuildError(f"the veraPDF validator gave no verdict on {missing[0]}: {last[0]}")
    return {Path(p): verdicts[Path(p)] for p in paths}


def _verdict(record: dict) -> Verdict:
    failures = [Failure(f["rule"], f["count"], f["message"], tuple(f["where"]), tuple(f["pages"])) for f in record["failed"]]
    return Verdict(Path(record["file"]), record["compliant"], failures, record["status"], record.get("error", ""))


PLAIN = {
    "5": "the XMP metadata does not say the file is PDF/UA-1 (pdfuaid:part)",
    "6.2": "the PDF is not marked as tagged (/MarkInfo /Marked true)",
    "7.1-1": "content marked as decoration (an artifact) sits inside tagged content",
    "7.1-2": "tagged content sits inside content marked as decoration (an artifact)",
    "7.1-3": ("text or graphics are neither tagged nor marked as decoration, so a screen reader cannot read them "
              "(a PDF from another system merged in untagged? ask its author for a tagged PDF)"),
    "7.1-5": "a structure type of its own is not mapped to a standard one",
    "7.1-6": "the role map maps a structure type in a circle (a standard type to itself)",
    "7.1-7": "the role map remaps a standard structure type",
    "7.1-8": "no XMP metadata in the catalogue",
    "7.1-9": "the XMP metadata has no title (dc:title)",
    "7.1-10": "the title bar would show the file name, not the title (/DisplayDocTitle)",
    "7.1-11": "no structure tree (/StructTreeRoot): the PDF is not tagged",
    **{f"7.2-{n}": "the language of some text is not set (/Lang), so a screen reader cannot pronounce it"
       for n in (2, 21, 22, 23, 24, 25, 29, 30, 31, 32, 33, 34)},
    "7.2": "a table, list or table of contents is not tagged as a screen reader expects (its parts, or its rows and columns)",
    "7.3": "an image (Figure) has no alternative text",
    "7.4": "headings skip a level, or are nested wrongly",
    "7.5": "a table's header cells do not say which cells they head (/Scope)",
    "7.18": "an annotation or link is not tagged or described, or the page's tab order is not by structure",
    "7.21": "a font is not embedded, or cannot be mapped to Unicode text",
}
"""What each failed rule (or each clause, for its rules with no entry of their own) means, in plain words."""


def plain(failure: Failure) -> str:
    """Return `failure` said plainly: what is wrong, how often, on which pages, and the rule it breaks."""
    clause = failure.rule.split("-")[0]
    words = PLAIN.get(failure.rule) or next(
        (text for key, text in PLAIN.items() if clause == key or clause.startswith(key + ".")), failure.message)
    pages = failure.pages
    where = f" on {page_list(pages)}" if pages else ""
    times = f" ({failure.count} times)" if failure.count > 1 else ""
    return f"{words}{where}{times} [PDF/UA-1 {failure.rule}: {failure.message}]"
