"""Fixtures: real input trees, the real command, and somewhere to keep failures.

A test that fails leaves what it built under ``tests/failed/<test>/`` (git
ignores it) so that the .docx can be opened by hand.
"""

from __future__ import annotations

import hashlib
import os
import shutil
import struct
import zlib
from dataclasses import dataclass
from pathlib import Path

import pikepdf
import pytest
from click.testing import CliRunner
from docx import Document
from pikepdf import Dictionary, Name
from pypdf import PdfWriter

from pipeline import axe, verapdf
from pipeline.cli import main
from pipeline.export import soffice_path

TESTS = Path(__file__).resolve().parent
REPO = TESTS.parent
FIXTURES = TESTS / "fixtures"
FAILED = TESTS / "failed"
SPEC_EXAMPLES = Path(os.environ.get("BOARDPAPERS_SPEC_EXAMPLES", REPO.parent / "shared" / "spec" / "examples"))

collect_ignore = ["docxcompose_suite"]
"""docxcompose's own tests: run in a session of their own, by test_composer_upstream.py."""


@dataclass
class Run:
    """The outcome of one ``boardpapers`` command."""

    exit_code: int
    stdout: str
    stderr: str


@pytest.hookimpl(tryfirst=True, hookwrapper=True)
def pytest_runtest_makereport(item, call):
    outcome = yield
    report = outcome.get_result()
    setattr(item, f"report_{report.when}", report)


@pytest.fixture
def workdir(tmp_path: Path, request, monkeypatch) -> Path:
    """Return an empty folder that is the current folder; kept under tests/failed/ if the test fails."""
    folder = tmp_path / "work"
    folder.mkdir()
    monkeypatch.chdir(folder)
    yield folder
    report = getattr(request.node, "report_call", None)
    if report is not None and report.failed:
        kept = FAILED / request.node.name.replace("/", "_")
        shutil.rmtree(kept, ignore_errors=True)
        shutil.copytree(folder, kept)


@pytest.fixture
def boardpapers():
    """Return a function that runs ``boardpapers ARGS...`` in-process and returns a :class:`Run`."""
    def run(*args: str | Path) -> Run:
        result = CliRunner().invoke(main, [str(a) for a in args], catch_exceptions=False)
        return Run(result.exit_code, result.stdout, result.stderr)

    return run


def build_in_process(*args: str | Path) -> None:
    """Run ``boardpapers ARGS...`` in this process, failing the test unless it exits 0 (its messages go to stderr)."""
    try:
        code = main([str(a) for a in args], standalone_mode=False)
    except SystemExit as done:
        code = done.code
    assert not code, f"boardpapers {' '.join(map(str, args))} exited {code}"


def copy_fixture(name: str, into: Path) -> Path:
    """Copy the input tree ``tests/fixtures/<name>`` into `into`, with the binary files it names; return its paper file."""
    target = into / name
    shutil.copytree(FIXTURES / name, target)
    add_fixture_files(name, target)
    return next(target / file for file in ("paper.yaml", "report.yaml", "meeting.yaml", "appraisal.yaml")
                if (target / file).is_file())


def add_fixture_files(name: str, folder: Path) -> None:
    """Write into `folder` the binary files the fixture `name` names, as their authors' tools would make them."""
    if name == "full":
        add_full_attachments(folder)
    elif name == "finance-report":
        (folder / "chart.png").write_bytes(tiny_png(120, 60))
    elif name == "quality-report":
        styled_appendix(folder / "measures.docx")
        text_pdf(folder / "dashboard.pdf", ["Regional quality dashboard", "Falls with harm per 1,000 bed days"],
                 landscape=True, pages=2)
    elif name == "part-two-report":
        styled_appendix(folder / "terms.docx")
        text_pdf(folder / "site-plan.pdf", ["Transfer station site plan"], landscape=True)


def add_full_attachments(folder: Path) -> None:
    """Write the binary files the ``full`` fixture names: a .docx and a .pdf appendix, a .png chart."""
    appendix = Document(str(REPO / "templates" / "lsc-ics" / "reference.docx"))
    appendix.add_paragraph("Clinic schedule table from the estates team.", style="Body Text")
    appendix.add_paragraph("Clinics open in 2023.", style="Body Text")
    appendix.save(str(folder / "appendix.docx"))
    writer = PdfWriter()
    writer.add_blank_page(width=595, height=842)
    with open(folder / "appendix.pdf", "wb") as stream:
        writer.write(stream)
    (folder / "chart.png").write_bytes(tiny_png())


def styled_appendix(path: Path) -> None:
    """Write a Word appendix as an author's own Word makes it: a restyled heading, style-numbered lists, its own table style."""
    from docx import Document
    from docx.shared import Pt, RGBColor

    document = Document()
    heading = document.styles["Heading 1"]
    heading.font.color.rgb, heading.font.name, heading.font.size = RGBColor(0x70, 0x30, 0xA0), "Georgia", Pt(20)
    document.add_heading("Clinic schedule", 1)
    for text in ("First step", "Second step", "Third step"):
        document.add_paragraph(text, style="List Number")
    for text in ("Bullet a", "Bullet b"):
        document.add_paragraph(text, style="List Bullet")
    table = document.add_table(rows=2, cols=2)
    table.style = "Light Grid Accent 1"
    for cell, text in zip(table._cells, ("Clinic", "Day", "Preston", "Monday")):
        cell.text = text
    document.save(str(path))


def text_pdf(path: Path, lines: list[str], landscape: bool = False, pages: int = 1) -> None:
    """Write a PDF of `pages` pages showing `lines` of text, as another system exports one."""
    pdf = pikepdf.new()
    font = pdf.make_indirect(Dictionary(Type=Name.Font, Subtype=Name.Type1, BaseFont=Name.Helvetica))
    width, height = (842, 595) if landscape else (595, 842)
    for number in range(pages):
        shown = b" ".join(b"(%s) Tj 0 -28 Td" % line.encode("latin-1") for line in lines + [f"Sheet {number + 1}"])
        content = pdf.make_stream(b"BT /F1 18 Tf 60 %d Td %s ET" % (height - 80, shown))
        pdf.pages.append(pikepdf.Page(Dictionary(Type=Name.Page, MediaBox=[0, 0, width, height], Contents=content,
                                                 Resources=Dictionary(Font=Dictionary(F1=font)))))
    pdf.save(path)


def tiny_png(width: int = 40, height: int = 20, colour: bytes = b"\x00\x5e\xb8") -> bytes:
    """Return a small, valid PNG image of one `colour` (red, green, blue bytes; blue unless given)."""
    def chunk(kind: bytes, data: bytes) -> bytes:
        return struct.pack(">I", len(data)) + kind + data + struct.pack(">I", zlib.crc32(kind + data) & 0xFFFFFFFF)

    rows = b"".join(b"\x00" + colour * width for _ in range(height))
    header = struct.pack(">IIBBBBB", width, height, 8, 2, 0, 0, 0)
    return b"\x89PNG\r\n\x1a\n" + chunk(b"IHDR", header) + chunk(b"IDAT", zlib.compress(rows)) + chunk(b"IEND", b"")


@pytest.fixture
def soffice() -> str:
    """Return the LibreOffice program, or skip (fail when BOARDPAPERS_REQUIRE_PDF=1) without it."""
    program = soffice_path()
    if program is None:
        message = "LibreOffice is not installed: sudo apt-get install libreoffice-writer-nogui"
        if os.environ.get("BOARDPAPERS_REQUIRE_PDF") == "1":
            pytest.fail(message)
        pytest.skip(message)
    return program


@pytest.fixture(scope="session")
def validator() -> Path:
    """Return the folder of the veraPDF engine (PDF/UA-1), or skip (fail when BOARDPAPERS_REQUIRE_VERAPDF=1) without it."""
    found = verapdf.folder()
    if found is None:
        message = f"the veraPDF validator is not set up; {verapdf.INSTALL_HINT}"
        if os.environ.get("BOARDPAPERS_REQUIRE_VERAPDF") == "1":
            pytest.fail(message)
        pytest.skip(message)
    return found


def axe_or_skip() -> None:
    """Skip the test (fail it when BOARDPAPERS_REQUIRE_BROWSER=1) unless the browser check (axe-core, Chromium) can run.

    Every test marked ``browser`` is put through it before it starts.
    """
    lacking = axe.missing()
    if lacking:
        message = f"the browser check cannot run: {lacking}; {axe.INSTALL_HINT}"
        if os.environ.get("BOARDPAPERS_REQUIRE_BROWSER") == "1":
            pytest.fail(message)
        pytest.skip(message)


def pytest_runtest_setup(item):
    if item.get_closest_marker("browser"):
        axe_or_skip()


def spec_examples(kind: str) -> list[Path]:
    """Return the contract's example files of `kind` (none when ../shared is not beside the checkout)."""
    if not SPEC_EXAMPLES.is_dir():
        return []
    return sorted(p for p in SPEC_EXAMPLES.glob("*.yaml") if f"kind: {kind}" in p.read_text(encoding="utf-8"))


SMALL_MEETING = """\
kind: meeting
style: lsc-ics
committee: ICS Board
title: ICS Board Agenda
date: 2021-01-13
start: "10:00"
end: "12:00"
venue: MS Teams Teleconference
sections:
  - title: Business
    items:
      - title: Welcome and Apologies
        owner: Chair
        action: note
        format: verbal
      - title: Community Diagnostic Hubs
        owner: Andy Curran
        action: approve
        paper: minimal/paper.yaml
      - title: Notes of the Last Meeting
        owner: Chair
        action: approve
        attachments: [notes.md]
"""


def small_meeting(into: Path) -> Path:
    """Write a small meeting (a verbal item, a paper, a Markdown attachment) under `into`; return its file."""
    shutil.copytree(FIXTURES / "minimal", into / "minimal")
    paper = into / "minimal" / "paper.yaml"
    paper.write_text(paper.read_text(encoding="utf-8").replace("agenda_item: 7\n", ""), encoding="utf-8")
    (into / "notes.md").write_text("# Notes of the last meeting\n\nThe Board agreed the winter plan.\n", encoding="utf-8")
    meeting = into / "meeting.yaml"
    meeting.write_text(SMALL_MEETING, encoding="utf-8")
    return meeting


def visible(folder: Path) -> list[Path]:
    """Return what `folder` holds but hidden entries (the parts cache, a build's new folder), sorted."""
    return sorted(p for p in folder.iterdir() if not p.name.startswith("."))


def file_hashes(folder: Path, leave_out: str | None = None) -> dict[str, str]:
    """Return the SHA-256 of every file under `folder` by relative path, but those whose names match `leave_out`."""
    return {str(p.relative_to(folder)): hashlib.sha256(p.read_bytes()).hexdigest()
            for p in sorted(folder.rglob("*")) if p.is_file() and not (leave_out and p.match(leave_out))}
