"""PDF/UA-1 as the reference validator judges it (the veraPDF engine): every PDF of every shipped example passes.

The validator is set up by ``make validators`` (CI does it); without it these
tests skip, or fail when ``BOARDPAPERS_REQUIRE_VERAPDF=1``.
"""

from __future__ import annotations

from pathlib import Path

import pikepdf
import pytest

from conftest import REPO, build_in_process, copy_fixture
from pipeline.batch import files_of_kind
from pipeline import verapdf
from pipeline.tagged import child_elements, elements, untagged_pages

pytestmark = pytest.mark.pdf

PAPERS = sorted((REPO / "inputs" / "papers").glob("*.yaml")) + sorted((REPO / "inputs" / "appraisals").glob("*.yaml"))
"""Every shipped paper: each builds on its own."""
MEETINGS = files_of_kind(REPO / "inputs" / "meetings", "meeting")
MINUTES = files_of_kind(REPO / "inputs" / "meetings", "minutes")
"""Every shipped meeting file, and every minutes file: each gives its documents."""


@pytest.fixture(scope="module")
def shipped(tmp_path_factory, validator) -> list[Path]:
    """Return every PDF the shipped examples give: each paper's, and both packs of each meeting."""
    out = tmp_path_factory.mktemp("shipped")
    for paper in PAPERS:
        build_in_process("paper", paper, "--out", out / "papers", "--pdf", "--root", REPO)
    for meeting in MEETINGS:
        build_in_process("pack", meeting, "--out", out, "--root", REPO)
    for minutes in MINUTES:
        build_in_process("minutes", minutes, "--out", out / "minutes", "--pdf", "--root", REPO)
    return sorted(p for p in out.rglob("*.pdf") if not any(part.startswith(".") for part in p.relative_to(out).parts))


def test_every_shipped_example_has_its_pdfs(shipped):
    names = [p.name for p in shipped]
    assert len(MEETINGS) == 2 and names.count("pack.pdf") == 2 and names.count("public-pack.pdf") == 2
    assert len(MINUTES) == 1 and [names.count(n) for n in ("minutes.pdf", "public-minutes.pdf", "decisions.pdf")] == [1, 1, 1]
    assert len(names) == len(PAPERS) + 4 + 3 == 12, names


def test_every_pdf_of_the_shipped_examples_passes_pdf_ua_1(shipped):
    verdicts = verapdf.validate_pdfs(shipped)
    failed = {p.name: [verapdf.plain(f) for f in v.failures] or [v.error] for p, v in verdicts.items() if not v.compliant}
    assert not failed, failed
    assert {v.status for v in verdicts.values()} == {"normal"}


def untagged(pdf: pikepdf.Pdf) -> None:
    del pdf.Root["/StructTreeRoot"]
    del pdf.Root["/MarkInfo"]


def without_language(pdf: pikepdf.Pdf) -> None:
    del pdf.Root["/Lang"]


def without_title(pdf: pikepdf.Pdf) -> None:
    del pdf.docinfo["/Title"]
    with pdf.open_metadata(set_pikepdf_as_editor=False, update_docinfo=False) as xmp:
        del xmp["dc:title"]


BROKEN = {  # what is broken: (the audit's own check, a PDF/UA-1 rule the validator fails)
    untagged: ("tagged", "7.1-11"),
    without_language: ("language", "7.2-34"),
    without_title: ("title", "7.1-9"),
}


@pytest.fixture(scope="module")
def broken(shipped, tmp_path_factory) -> dict[str, Path]:
    """Return a shipped paper's PDF as built (``as-built``) and broken in each way of :data:`BROKEN`, by name."""
    paper = next(p for p in shipped if p.name.startswith("protecting-elective-care"))
    folder = tmp_path_factory.mktemp("broken")
    made = {"as-built": paper}
    for breaking in BROKEN:
        with pikepdf.open(paper) as pdf:
            breaking(pdf)
            pdf.save(folder / f"{breaking.__name__}.pdf")
        made[breaking.__name__] = folder / f"{breaking.__name__}.pdf"
    return made


def test_the_audit_and_the_validator_agree_on_pdfs_broken_on_purpose(broken, boardpapers):
    verdicts = verapdf.validate_pdfs(list(broken.values()))
    assert verdicts[broken["as-built"]].compliant
    run = boardpapers("audit", *broken.values())  # one validator run for all
    said = run.stdout.splitlines()
    assert run.exit_code == 1
    assert not [line for line in said if f"{broken['as-built'].name}: " in line], "the paper as built passes"
    for breaking, (check, rule) in BROKEN.items():
        path = broken[breaking.__name__]
        assert not verdicts[path].compliant and rule in [f.rule for f in verdicts[path].failures], breaking.__name__
        assert f"{path.name}: {check}: " in run.stdout, "our own check finds it"
        assert any(f"{path.name}: pdf-ua: " in line and f"[PDF/UA-1 {rule}: " in line for line in said), \
            "and the validator's finding is reported"
        assert f": {check}: " in boardpapers("audit", "--no-validator", path).stdout, "without the validator too"


def test_an_untagged_pdf_merged_into_a_paper_is_warned_of_and_fails_the_audit_on_its_pages(workdir, boardpapers, validator):
    paper = copy_fixture("quality-report", workdir)
    checked = boardpapers("check", paper)
    assert checked.exit_code == 0
    assert "appendices[2].file: warning: dashboard.pdf is not a tagged PDF, so it is not accessible" in checked.stderr
    built = boardpapers("paper", paper, "--out", "out", "--pdf")
    assert built.exit_code == 0, built.stderr
    assert "dashboard.pdf is not a tagged PDF" in built.stderr
    pdf = next((workdir / "out").glob("*.pdf"))
    with pikepdf.open(pdf) as opened:
        pages = untagged_pages(opened)
    verdict = verapdf.validate_pdfs([pdf])[pdf]
    merged = next(f for f in verdict.failures if f.rule == "7.1-3")
    assert list(merged.pages) == pages == [4, 5], "the dashboard's two pages, as the validator finds them"
    run = boardpapers("audit", pdf)
    assert run.exit_code == 1
    assert f"{pdf.name}: untagged: pages 4-5 show text or graphics that are neither tagged nor marked as decoration" in run.stdout
    assert "on pages 4-5 (" in run.stdout and "[PDF/UA-1 7.1-3: " in run.stdout


def scope(cell) -> str | None:
    attributes = cell.get("/A")
    for owned in (attributes if isinstance(attributes, pikepdf.Array) else [attributes]):
        if isinstance(owned, pikepdf.Dictionary) and owned.get("/O") == "/Table":
            return str(owned.get("/Scope"))
    return None


def test_a_cover_sheets_labels_are_row_headers_and_its_band_a_heading_outside_any_table(shipped):
    paper = next(p for p in shipped if p.name.startswith("protecting-elective-care"))
    with pikepdf.open(paper) as pdf:
        document = child_elements(pdf.Root.StructTreeRoot)[0]
        band, details = child_elements(document)[:2]
        assert (band.S, details.S) == ("/H1", "/Table")
        rows = child_elements(details)
        assert len(rows) == 7
        for row in rows:
            label, value = child_elements(row)
            assert (label.S, scope(label), value.S) == ("/TH", "/Row", "/TD")
        tables = [t for t in child_elements(document) if t.S == "/Table"]
        implications = next(t for t in tables if len(child_elements(t)) == 7 and len(child_elements(child_elements(t)[1])) == 4)
        header, *answers = child_elements(implications)
        assert [(c.S, scope(c)) for c in child_elements(header)] == [("/TH", "/Column")]
        assert all([(c.S, scope(c)) for c in child_elements(row)] == [("/TH", "/Row")] + [("/TD", None)] * 3 for row in answers)


def test_no_pdf_has_an_empty_structure_element(shipped):
    """Nothing a screen reader would stop on and find empty: Word's paragraphs between tables leave no tag behind."""
    for path in shipped:
        with pikepdf.open(path) as pdf:
            empty = [str(e.S) for e in elements(pdf.Root.StructTreeRoot) if e.get("/K") is None or (isinstance(e.K, pikepdf.Array) and not len(e.K))]
            assert all(name in ("/TR", "/TH", "/TD") for name in empty), (path.name, empty)
            assert "/Cover Spacer" not in {str(e.S) for e in elements(pdf.Root.StructTreeRoot)}, path.name


def test_an_agendas_title_and_sections_are_headings_in_the_pack(shipped):
    pack = next(p for p in shipped if p.name == "pack.pdf" and "ics-board" in str(p))
    with pikepdf.open(pack) as pdf:
        agenda = child_elements(child_elements(child_elements(pdf.Root.StructTreeRoot)[0])[0])
        shown = [str(e.S) for e in agenda]
        assert shown[0] == "/H1" and shown.count("/H2") == 4 and shown.count("/Table") == 4, shown
