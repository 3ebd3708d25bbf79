"""Our Composer against docxcompose's: a drop-in by its own test suite, and the same documents for every example.

``pipeline.compose.Composer`` copies and speeds up docxcompose 2.2's
``Composer``. Two tests hold it to that: docxcompose's own test suite
(``tests/docxcompose_suite``) passes with ours swapped in, at upstream's
defaults; and every example built with upstream's composer, given the
pipeline's two options, gives the same Word files, byte for byte, as with ours.
"""

from __future__ import annotations

import hashlib
import os
import shutil
import subprocess
import sys
import xml.etree.ElementTree as ElementTree
from pathlib import Path

import docxcompose.composer
import pytest
from docx import Document
from docx.oxml import OxmlElement
from docx.oxml.ns import qn

import pipeline.compose
from conftest import REPO, TESTS, build_in_process, copy_fixture

SUITE = TESTS / "docxcompose_suite"
SUITE_TESTS = 114
"""docxcompose 2.2.0 has 121 tests; the 7 of its web service (test_server.py) are left out."""


def test_docxcompose_own_suite_passes_with_our_composer(tmp_path):
    suite = shutil.copytree(SUITE, tmp_path / "tests")
    report = tmp_path / "report.xml"
    environment = {**os.environ, "PYTHONPATH": os.pathsep.join([str(TESTS), str(REPO)])}
    run = subprocess.run([sys.executable, "-m", "pytest", "-p", "docxcompose_swap", "-p", "no:cacheprovider",
                          f"--junitxml={report}", "--rootdir", str(suite), str(suite)],
                         cwd=tmp_path, env=environment, capture_output=True, text=True, timeout=300)
    assert "composer under test: pipeline.compose.Composer" in run.stdout, run.stdout[-3000:] + run.stderr
    totals = ElementTree.parse(report).getroot().find("testsuite").attrib
    assert (int(totals["tests"]), int(totals["failures"]), int(totals["errors"]), int(totals["skipped"])) \
        == (SUITE_TESTS, 0, 0, 0), run.stdout[-3000:]
    assert run.returncode == 0


class UpstreamComposer(docxcompose.composer.Composer):
    """docxcompose's own composer, given the pipeline's two options the plain way.

    What is compared is what ours does faster: placing each element, mapping
    styles and lists, fixing sections; and the one bug ours fixes (several
    lists in one table) is fixed here the same way. The two options are given here as
    upstream allows: numbering restarts off by its attribute, and its
    renumbering after each added document left to our ``finish`` (upstream's
    numbers bookmark ends apart from their starts, losing which end is whose).
    """

    def __init__(self, doc, preserve_styles=False, *, restart_numbering=True, renumber_at_finish=False):
        super().__init__(doc, preserve_styles=preserve_styles)
        self.restart_numbering = restart_numbering
        self.renumber_at_finish = renumber_at_finish

    renumber_bookmarks = pipeline.compose.Composer.renumber_bookmarks
    renumber_docpr_ids = pipeline.compose.Composer.renumber_docpr_ids
    renumber_nvpicpr_ids = pipeline.compose.Composer.renumber_nvpicpr_ids
    finish = pipeline.compose.Composer.finish

    def add_numberings(self, doc, element):
        """Upstream's step, a paragraph at a time where an element holds several lists: the one fix ours makes.

        Upstream takes the next free list id once per element, so two numbered
        lists in one table (an appraisal's cells, the minutes' decisions) became
        one list numbered on; ours gives each its own (see pipeline.compose).
        """
        ids = {n.get(qn("w:val")) for n in element.iter(qn("w:numId"))}
        if len(ids) <= 1:
            return super().add_numberings(doc, element)
        for paragraph in [p for p in element.iter(qn("w:p")) if p.find(".//" + qn("w:numId")) is not None]:
            super().add_numberings(doc, paragraph)


EXAMPLES = [("pack", "inputs/meetings/ics-board/2020-12-02-ics-board.yaml"),
            ("pack", "inputs/meetings/health-and-wellbeing/2023-09-05-health-and-wellbeing-board.yaml"),
            ("paper", "inputs/papers/elective-care-capacity.yaml"),
            ("paper", "inputs/papers/place-governance.yaml"),
            ("paper", "inputs/appraisals/place-governance.yaml")]
FIXTURES = ["full", "finance-report", "council", "stroke-paper", "quality-report"]
"""Fixtures with Word attachments, wide tables, numbered lists and images, built as papers too."""


def build_examples(out: Path, fixtures: dict[str, Path]) -> dict[str, str]:
    """Build every example into `out`; return the SHA-256 of each Word file made, by its path under `out`."""
    for command, path in EXAMPLES:
        extra = ["--no-pdf"] if command == "pack" else []
        build_in_process(command, REPO / path, "--out", out / command, "--root", REPO, *extra)
    for name, paper in fixtures.items():
        build_in_process("paper", paper, "--out", out / "fixtures" / name, "--root", paper.parent)
    return {str(p.relative_to(out)): hashlib.sha256(p.read_bytes()).hexdigest()
            for p in sorted(out.rglob("*.docx")) if ".boardpapers-cache" not in p.parts}


def test_every_example_is_composed_as_upstream_docxcompose_composes_it(tmp_path, monkeypatch):
    fixtures = {name: copy_fixture(name, tmp_path / "inputs") for name in FIXTURES}
    ours = build_examples(tmp_path / "ours", fixtures)
    monkeypatch.setattr(pipeline.compose, "Composer", UpstreamComposer)
    assert isinstance(pipeline.compose.new_composer(Document()), UpstreamComposer)
    upstream = build_examples(tmp_path / "upstream", fixtures)
    assert len(ours) >= 15, sorted(ours)  # both packs (agenda, papers, two packs each) and ten papers
    assert ours == upstream


@pytest.mark.parametrize("options, restarts, renumbered_at_once", [
    ({}, True, True),
    ({"restart_numbering": False, "renumber_at_finish": True}, False, False)])
def test_each_difference_from_upstream_is_a_named_option(options, restarts, renumbered_at_once):
    master = _with_bookmark("Master", "first")
    composer = pipeline.compose.Composer(master, preserve_styles=False, **options)
    composer.append(_with_bookmark("Added", "second"))
    assert composer.restart_numbering is restarts
    assert (len(set(_bookmark_ids(master))) == 2) is renumbered_at_once
    composer.finish()
    assert sorted(_bookmark_ids(master)) == ["0", "1"]


def _with_bookmark(text: str, name: str) -> Document:
    """Return a new document of one paragraph, `text`, holding a bookmark `name` numbered 0."""
    document = Document()
    paragraph = document.add_paragraph(text)
    for tag in ("w:bookmarkStart", "w:bookmarkEnd"):
        element = OxmlElement(tag)
        element.set(qn("w:id"), "0")
        if tag == "w:bookmarkStart":
            element.set(qn("w:name"), name)
        paragraph._p.append(element)
    return document


def _bookmark_ids(document: Document) -> list[str]:
    return [b.get(qn("w:id")) for b in document.element.body.iter(qn("w:bookmarkStart"))]
