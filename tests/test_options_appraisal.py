"""The options appraisal: derived summary, shading with text, landscape pages, rules."""

from __future__ import annotations

import shutil
from pathlib import Path

import pytest
from docx.oxml.ns import qn

from conftest import FIXTURES, REPO, SPEC_EXAMPLES
from readback import (
    body_paragraphs, cell_fill, open_docx, orientations, paragraph_fill, table_after_heading, table_text,
)

# Seed 000's summary rating table, cell for cell: per principle, the ratings and the
# "With option N" lines beneath them, options 1 to 5.
SEED_000_SUMMARY = {
    "Collective ownership and accountability": (
        ["LOW/MEDIUM", "MEDIUM/HIGH", "MEDIUM/HIGH", "LOW", "LOW/MEDIUM"],
        ["With option 4 MEDIUM", "With option 4 MEDIUM/HIGH", "With option 4 MEDIUM/HIGH",
         "With option 1 LOW/MEDIUM\nWith options 2 or 3 MEDIUM/HIGH", ""],
    ),
    "Collective decision-making": (
        ["LOW/MEDIUM", "MEDIUM/HIGH", "MEDIUM/HIGH", "LOW", "LOW/MEDIUM"],
        ["With option 4 MEDIUM", "With option 4 MEDIUM/HIGH", "With option 4 MEDIUM/HIGH",
         "With option 1 LOW/MEDIUM\nWith options 2 or 3 MEDIUM/HIGH", ""],
    ),
    "Empowered to act / clear assurance processes": (
        ["LOW/MEDIUM", "MEDIUM/HIGH", "MEDIUM/HIGH", "LOW", "LOW/MEDIUM"],
        ["With option 4 MEDIUM", "", "", "With option 1 LOW/MEDIUM\nWith options 2 or 3 MEDIUM/HIGH", ""],
    ),
}


def summary_rows(doc) -> dict[str, tuple[list[str], list[str]]]:
    """Return the built summary matrix as principle -> (ratings, combinations).

    A principle has one row (no cell merged down two, which screen readers
    misread); in each option's cell the rating is the first line and its
    combinations the lines after it.
    """
    table = table_after_heading(doc, "Summary of ratings")
    rows = table_text(table)
    assert rows[0] == ["Principle", "Option 1", "Option 2", "Option 3", "Option 4", "Option 5"]
    assert not table._tbl.xpath(".//w:vMerge | .//w:gridSpan"), "no cell is merged"
    found = {}
    for row in rows[2:]:
        lines = [cell.split("\n") for cell in row[1:]]
        found[row[0]] = ([cell[0] for cell in lines], ["\n".join(cell[1:]) for cell in lines])
    return found


def build(boardpapers, paper: Path, *extra: str) -> Path:
    run = boardpapers("paper", paper, "--out", "out", "--root", paper.parent.parent, *extra)
    assert run.exit_code == 0, run.stderr
    return Path(run.stdout.split()[0])


@pytest.fixture
def appraisal_dir(workdir) -> Path:
    target = workdir / "appraisal"
    shutil.copytree(FIXTURES / "appraisal", target)
    return target


@pytest.mark.parametrize("source", [
    REPO / "inputs" / "appraisals" / "place-governance.yaml",
    SPEC_EXAMPLES / "options-appraisal.yaml",
], ids=["project example", "contract example"])
def test_summary_reproduces_seed_000_cell_for_cell(source, workdir, boardpapers):
    if not source.exists():
        pytest.skip(f"{source} is not here")
    shutil.copy(source, workdir / "appraisal.yaml")
    doc = open_docx(build(boardpapers, workdir / "appraisal.yaml"))
    assert summary_rows(doc) == SEED_000_SUMMARY


def test_changing_one_assessment_changes_the_summary(workdir, boardpapers):
    source = (REPO / "inputs" / "appraisals" / "place-governance.yaml").read_text()
    changed = source.replace("{option: 5, principle: decisions, rating: LOW/MEDIUM}", "{option: 5, principle: decisions, rating: HIGH}")
    assert changed != source
    (workdir / "appraisal.yaml").write_text(changed)
    rows = summary_rows(open_docx(build(boardpapers, workdir / "appraisal.yaml")))
    assert rows["Collective decision-making"][0] == ["LOW/MEDIUM", "MEDIUM/HIGH", "MEDIUM/HIGH", "LOW", "HIGH"]
    assert rows["Collective ownership and accountability"] == SEED_000_SUMMARY["Collective ownership and accountability"]


def test_rating_cells_are_shaded_low_to_high_and_keep_their_text(workdir, boardpapers):
    shutil.copy(REPO / "inputs" / "appraisals" / "place-governance.yaml", workdir / "appraisal.yaml")
    doc = open_docx(build(boardpapers, workdir / "appraisal.yaml"))
    key = table_after_heading(doc, "Key")
    assert table_text(key) == [["Rating", "Meaning"], ["HIGH", "Good ability to meet the principle"],
                               ["MEDIUM", "Some ability to meet the principle"], ["LOW", "Little ability to meet the principle"]]
    colours = {row.cells[0].text: cell_fill(row.cells[0]) for row in key.rows[1:]}
    assert colours == {"HIGH": "D9EAD3", "MEDIUM": "FFF2CC", "LOW": "F4CCCC"}
    summary = table_after_heading(doc, "Summary of ratings")
    shading = {}
    for row in summary.rows[2:]:
        for cell in row.cells[1:]:
            shading.setdefault(cell.paragraphs[0].text, set()).add(cell_fill(cell))
    assert shading["LOW"] == {colours["LOW"]} and shading["MEDIUM/HIGH"] == {"ECEED0"}
    assert shading["LOW/MEDIUM"] == {"FADFCC"}, "a range is the blend of its ends"
    combined = summary.rows[2].cells[4].paragraphs[1:]
    assert [(p.text, paragraph_fill(p)) for p in combined] == [
        ("With option 1 LOW/MEDIUM", "FADFCC"), ("With options 2 or 3 MEDIUM/HIGH", "ECEED0")]


def test_description_table_derives_combinations_and_notes(workdir, boardpapers):
    shutil.copy(REPO / "inputs" / "appraisals" / "place-governance.yaml", workdir / "appraisal.yaml")
    doc = open_docx(build(boardpapers, workdir / "appraisal.yaml"))
    rows = table_text(table_after_heading(doc, "Description of options"))
    assert rows[0][1:] == ["Option 1: Consultative Forum", "Option 2: Committee of NHS Integrated Care Board",
                           "Option 3: Joint committee", "Option 4: Delegated authority to individual director",
                           "Option 5: Lead provider contract"]
    assert rows[2] == ["Could operate in conjunction with", "Option 4", "Option 3 and/or 4", "Option 2 and/or 4",
                       "Option 1, 2, or 3", "N/A"]
    note = table_after_heading(doc, "Description of options").rows[1].cells[1].paragraphs[-1]
    assert note.text == "Closest to how the Place works today." and all(r.italic for r in note.runs)


def test_detailed_matrix_shows_rating_qualifier_narrative_and_combinations(appraisal_dir, boardpapers):
    doc = open_docx(build(boardpapers, appraisal_dir / "appraisal.yaml"))
    matrix = table_after_heading(doc, "Detailed assessment")
    assert table_text(matrix)[0] == ["Principle", "Option 1: Leyland", "Option 2: Preston", "Option 3: Blackburn"]
    access = matrix.rows[1].cells[1].paragraphs
    assert access[0].text == "Suggested ability: HIGH (once the new bus route opens)"
    assert [r.italic for r in access[0].runs] == [None, True]
    cost = [p.text for p in matrix.rows[2].cells[1].paragraphs]
    assert cost == ["Suggested ability: MEDIUM", "Land is cheap; the building is not.", "With option 2: MEDIUM/HIGH"]


def test_three_options_stay_portrait_and_five_turn_landscape(appraisal_dir, workdir, boardpapers):
    assert orientations(open_docx(build(boardpapers, appraisal_dir / "appraisal.yaml"))) == ["portrait"]
    shutil.copy(REPO / "inputs" / "appraisals" / "place-governance.yaml", workdir / "wide.yaml")
    wide = open_docx(build(boardpapers, workdir / "wide.yaml"))
    assert orientations(wide) == ["portrait", "landscape", "portrait"]
    first_landscape = [p.text for p in body_paragraphs(wide)]
    assert first_landscape.index("Evaluation") > first_landscape.index("Benefits and risks")


def test_appraisal_in_a_paper_body_sits_between_its_parts_with_footers_throughout(appraisal_dir, boardpapers):
    doc = open_docx(build(boardpapers, appraisal_dir / "paper.yaml"))
    texts = [p.text for p in body_paragraphs(doc)]
    order = [texts.index(t) for t in ("Pathology hub site", "The appraisal follows.", "Where to Site the Hub Laboratory",
                                      "Summary of ratings", "Next steps")]
    assert order == sorted(order)
    styles = {p.text: p.style for p in body_paragraphs(doc)}
    assert (styles["Where to Site the Hub Laboratory"], styles["Summary of ratings"]) == ("Heading 2", "Heading 3")
    for section in doc.element.body.iter(qn("w:sectPr")):
        assert section.find(qn("w:footerReference")) is not None


def test_both_house_styles_render_the_same_appraisal(workdir, boardpapers):
    shutil.copytree(REPO / "inputs", workdir / "inputs")
    report = open_docx(build(boardpapers, workdir / "inputs" / "papers" / "place-governance.yaml"))
    paper = workdir / "inputs" / "papers" / "ics.yaml"
    paper.write_text((FIXTURES / "appraisal" / "paper.yaml").read_text().replace("appraisal.yaml", "../appraisals/place-governance.yaml"))
    cover = open_docx(build(boardpapers, paper))
    assert summary_rows(report) == summary_rows(cover) == SEED_000_SUMMARY
    assert orientations(report).count("landscape") == orientations(cover).count("landscape") == 1
    colours = [str(doc.styles["Heading 1"].font.color.rgb) for doc in (report, cover)]
    assert colours == ["000000", "005EB8"], "each document keeps its own house's styles"
