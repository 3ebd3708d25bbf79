"""Golden snapshots: what every shipped example and fixture shows, as text and structure.

Each Word document the examples build is read back as a readable outline:
paragraph styles and text, list levels, tables row by row, section breaks with
their orientation, and what the headers say. The outline is compared with
``tests/golden/<name>.txt``; a difference fails with a unified diff, so that
any change to what a page shows is seen in review. After a change that is
meant, rewrite the snapshots with ``BOARDPAPERS_UPDATE_GOLDEN=1 make test
PYTEST_ARGS="-k golden"`` and review the diff in git.
"""

from __future__ import annotations

import difflib
import os
import shutil
from pathlib import Path

import pytest
from docx.oxml.ns import qn

from conftest import FIXTURES, REPO, SPEC_EXAMPLES, add_fixture_files, build_in_process, visible
from readback import open_docx

GOLDEN = Path(__file__).resolve().parent / "golden"
PAPERS = {
    "example-elective-care": REPO / "inputs/papers/elective-care-capacity.yaml",
    "example-place-governance-report": REPO / "inputs/papers/place-governance.yaml",
    "example-place-governance-appraisal": REPO / "inputs/appraisals/place-governance.yaml",
    "example-pathology-hub": REPO / "inputs/papers/pathology-hub-site.yaml",
    "example-place-partnership": REPO / "inputs/papers/place-partnership-governance.yaml",
    "contract-cover-sheet": SPEC_EXAMPLES / "paper-cover-sheet.yaml",
    "contract-committee-report": SPEC_EXAMPLES / "paper-committee-report.yaml",
    "contract-confidential": SPEC_EXAMPLES / "paper-confidential.yaml",
    "contract-options-appraisal": SPEC_EXAMPLES / "options-appraisal.yaml",
    "fixture-minimal": "minimal/paper.yaml",
    "fixture-full": "full/paper.yaml",
    "fixture-council": "council/report.yaml",
    "fixture-appraisal-paper": "appraisal/paper.yaml",
    "fixture-stroke-paper": "stroke-paper/paper.yaml",
    "fixture-library-report": "library-report/report.yaml",
    "fixture-transport-appraisal": "transport-appraisal/appraisal.yaml",
    "fixture-finance-report": "finance-report/paper.yaml",
    "fixture-quality-report": "quality-report/paper.yaml",
    "fixture-part-two-report": "part-two-report/report.yaml",
}
"""Each paper built on its own, by snapshot name: a path, or a fixture's file (its folder copied first)."""
MEETINGS = {
    "example-ics-board": REPO / "inputs/meetings/ics-board/2020-12-02-ics-board.yaml",
    "example-health-and-wellbeing": REPO / "inputs/meetings/health-and-wellbeing/2023-09-05-health-and-wellbeing-board.yaml",
    "contract-meeting": SPEC_EXAMPLES / "meeting.yaml",
    "fixture-quality-committee": "quality-committee/meeting.yaml",
}
PACK_FILES = ("agenda.docx", "pack.docx", "public-pack.docx")


def outline(path: Path) -> str:
    """Return what the Word document `path` shows, as an outline of its parts in order."""
    document = open_docx(path)
    lines = [f"properties: {document.core_properties.title} | {document.core_properties.subject}"]
    for index, section in enumerate(document.sections):
        shown = " / ".join(p.text for p in section.header.paragraphs if p.text.strip())
        if shown:
            lines.append(f"header {index + 1}: {shown}")
    for element in document.element.body:
        if element.tag == qn("w:p"):
            lines.extend(_paragraph(element))
        elif element.tag == qn("w:tbl"):
            lines.extend(_table(element))
    return "\n".join(lines) + "\n"


def _paragraph(p) -> list[str]:
    text = "".join((t.text or "") if t.tag == qn("w:t") else " " for t in p.iter(qn("w:t"), qn("w:tab"), qn("w:br")))
    out = []
    style = p.find(f"{qn('w:pPr')}/{qn('w:pStyle')}")
    name = style.get(qn("w:val")) if style is not None else "Normal"
    level = p.find(f"{qn('w:pPr')}/{qn('w:numPr')}/{qn('w:ilvl')}")
    listed = f" [list {int(level.get(qn('w:val'))) + 1}]" if level is not None else ""
    pictures = len(list(p.iter(qn("w:drawing"))))
    if text.strip() or pictures:
        out.append(f"{name}{listed}: {text.strip()}" + (f" [picture x{pictures}]" if pictures else ""))
    section = p.find(f"{qn('w:pPr')}/{qn('w:sectPr')}")
    if section is not None:
        size = section.find(qn("w:pgSz"))
        out.append(f"--- section ends: {size.get(qn('w:orient'), 'portrait') if size is not None else 'portrait'} ---")
    return out


def _table(tbl) -> list[str]:
    style = tbl.find(f"{qn('w:tblPr')}/{qn('w:tblStyle')}")
    rows = tbl.findall(qn("w:tr"))
    headers = sum(1 for tr in rows if tr.find(f"{qn('w:trPr')}/{qn('w:tblHeader')}") is not None)
    out = [f"table ({style.get(qn('w:val')) if style is not None else 'no style'}), {len(rows)} rows, {headers} header"]
    for tr in rows:
        cells = []
        for tc in tr.findall(qn("w:tc")):
            cells.append(" / ".join(filter(None, ("".join(t.text or "" for t in p.iter(qn("w:t"))).strip()
                                                  for p in tc.iter(qn("w:p"))))))
        out.append("  | " + " | ".join(cells) + " |")
    return out


def _tree(source: Path) -> Path:
    """Return the input tree of `source`: the project for its own inputs, else the file's own folder."""
    return REPO if source.resolve().is_relative_to(REPO) else source.parent


def _source(entry: Path | str, into: Path) -> Path:
    if isinstance(entry, Path):
        return entry
    folder = entry.split("/")[0]
    if not (into / folder).exists():
        shutil.copytree(FIXTURES / folder, into / folder)
        add_fixture_files(folder, into / folder)
    return into / entry


@pytest.fixture(scope="module")
def built(tmp_path_factory) -> dict[str, Path]:
    """Build every example and fixture (Word only); return each snapshot's document by name."""
    if not SPEC_EXAMPLES.is_dir():
        pytest.skip("the contract's examples are not beside the checkout")
    work = tmp_path_factory.mktemp("golden")
    found = {}
    for name, entry in PAPERS.items():
        source = _source(entry, work / "inputs")
        out = work / "out" / name
        build_in_process("paper", source, "--out", out, "--root", _tree(source))
        found[name] = next(out.glob("*.docx"))
    for name, entry in MEETINGS.items():
        source = _source(entry, work / "inputs")
        out = work / "out" / name
        build_in_process("pack", source, "--out", out, "--no-pdf", "--root", _tree(source))
        [folder] = visible(out)
        for file in PACK_FILES:
            found[f"{name}-{file.removesuffix('.docx')}"] = folder / file
    return found


SNAPSHOTS = list(PAPERS) + [f"{m}-{f.removesuffix('.docx')}" for m in MEETINGS for f in PACK_FILES]


@pytest.mark.parametrize("name", SNAPSHOTS)
def test_golden_snapshot_of_what_the_document_shows(name, built):
    shown = outline(built[name])
    golden = GOLDEN / f"{name}.txt"
    if os.environ.get("BOARDPAPERS_UPDATE_GOLDEN") == "1":
        golden.parent.mkdir(exist_ok=True)
        golden.write_text(shown, encoding="utf-8")
    assert golden.exists(), f"no snapshot {golden.name}: make one with BOARDPAPERS_UPDATE_GOLDEN=1"
    expected = golden.read_text(encoding="utf-8")
    if shown != expected:
        diff = "".join(difflib.unified_diff(expected.splitlines(True), shown.splitlines(True), f"golden/{name}.txt", "built"))
        pytest.fail(f"{name} shows something else than its snapshot:\n{diff}")
