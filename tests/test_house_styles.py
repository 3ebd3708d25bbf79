"""The house styles' Word files: what a clerk opens in Word to restyle."""

from __future__ import annotations

import pytest
from docx import Document

from conftest import REPO
from pipeline.housestyle import available, styles_for
from pipeline.validate import load_house_style
from readback import zip_text

STYLES = REPO / "templates"


@pytest.mark.parametrize("name", available())
def test_reference_defines_every_style_the_documents_use(name):
    reference = Document(str(STYLES / name / "reference.docx"))
    names = {style.name for style in reference.styles}
    needed = {"Normal", "Body Text", "First Paragraph", "Compact", "Heading 1", "Heading 2", "Heading 3",
              "List Number", "List Number 2", "List Bullet", "List Bullet 2", "Table", "Sign-off",
              "Cover Band", "Cover Label", "Cover Text", "Cover Body", "Cover Body List", "Footer"}
    assert needed <= names, needed - names
    assert not reference.paragraphs, "the reference document holds styles, not text"


@pytest.mark.parametrize("name", styles_for("cover-sheet"))
def test_cover_sheet_template_shows_labels_and_tags_but_no_instructions(name):
    style = load_house_style(name)
    text = zip_text(style.template("cover-sheet"))
    for label in ("Date of Meeting", "Title of Paper", "Presented By", "Author", "Contributor/s", "Agenda Item",
                  "Confidential", "Purpose of the Paper", "Executive Summary", "Recommendations",
                  "Governance and Reporting", "Conflicts of Interest Identified", "Implications"):
        assert label in text, label
    assert "{{ slots.purpose }}" in text and "{%tr for entry in governance %}" in text
    for instruction in ("Mark Yes, No or Not Applicable", "List Other Forums", "Click here"):
        assert instruction not in text


def test_lsc_ics_writes_dates_as_the_seed_should_have():
    from datetime import date

    from pipeline.models.fields import When

    style = load_house_style("lsc-ics")
    assert style.date(date(2020, 12, 2)) == "2 December 2020"
    assert style.when(When(2021, 1)) == "January 2021"
    assert style.when(When()) == "Ongoing"
    assert [style.appendix_label(i) for i in (0, 1, 25, 26)] == ["Appendix A", "Appendix B", "Appendix Z", "Appendix AA"]


def a_house_style_with(tmp_path, monkeypatch, old: str, new: str):
    """Copy the lsc-ics house style under $BOARDPAPERS_TEMPLATES with one line of style.yaml changed."""
    import shutil

    shutil.copytree(STYLES / "lsc-ics", tmp_path / "templates" / "lsc-ics")
    settings = tmp_path / "templates" / "lsc-ics" / "style.yaml"
    settings.write_text(settings.read_text(encoding="utf-8").replace(old, new), encoding="utf-8")
    monkeypatch.setenv("BOARDPAPERS_TEMPLATES", str(tmp_path / "templates"))
    _forget_house_styles()
    return settings


def _forget_house_styles() -> None:
    from pipeline import housestyle, validate

    for cached in (validate._house_style, housestyle.available, housestyle.styles_for):
        getattr(cached, "cache_clear", lambda: None)()


@pytest.fixture(autouse=True)
def fresh_house_styles():
    """Forget the house styles read after each test, so that a copy made by one is never used by the next."""
    yield
    _forget_house_styles()


def test_the_cover_sheets_band_colour_is_a_house_setting(tmp_path, monkeypatch, workdir, boardpapers):
    from conftest import copy_fixture
    from readback import band, open_docx, paragraph_fill

    a_house_style_with(tmp_path, monkeypatch, "band_colour: 005EB8", "band_colour: 7A1F5C")
    paper = copy_fixture("minimal", workdir)
    run = boardpapers("paper", paper.relative_to(workdir), "--out", "out")
    assert run.exit_code == 0, run.stderr
    shown = band(open_docx(run.stdout.strip()))
    assert shown.text == "ICS Board" and paragraph_fill(shown) == "7A1F5C"


def test_a_band_colour_white_text_cannot_be_read_on_is_refused(tmp_path, monkeypatch, workdir, boardpapers):
    from conftest import copy_fixture

    settings = a_house_style_with(tmp_path, monkeypatch, "band_colour: 005EB8", "band_colour: 9FC5E8")
    paper = copy_fixture("minimal", workdir)
    run = boardpapers("paper", paper.relative_to(workdir), "--out", "out")
    assert run.exit_code != 0
    line = next(n for n, text in enumerate(settings.read_text().splitlines(), start=1) if text.startswith("band_colour"))
    assert f"style.yaml:{line}: band_colour: white text on 9FC5E8 has a contrast of 1.8:1, under the 4.5:1 WCAG asks for" in run.stderr


def test_a_house_font_this_machine_lacks_is_a_warning_naming_its_substitute(tmp_path, monkeypatch):
    import shutil

    from pipeline.export import font_warnings

    if shutil.which("fc-match") is None:
        pytest.skip("needs fontconfig's fc-match to say what a font is replaced by")
    settings = a_house_style_with(tmp_path, monkeypatch, "  body: Arial", "  body: No Such Font Sans")
    warnings = [w for w in font_warnings(load_house_style("lsc-ics")) if w.key == "fonts.body"]
    assert len(warnings) == 1 and warnings[0].warning
    assert warnings[0].file == settings and warnings[0].line == 8
    assert warnings[0].message.startswith("No Such Font Sans is not installed here, so the PDFs use ")


def test_a_house_style_can_number_figure_captions(tmp_path, monkeypatch, workdir, boardpapers):
    from conftest import copy_fixture, tiny_png
    from readback import open_docx

    settings = a_house_style_with(tmp_path, monkeypatch, "band_colour: 005EB8", "band_colour: 005EB8\nfigure_label: Figure {number}")
    paper = copy_fixture("minimal", workdir)
    (paper.parent / "chart.png").write_bytes(tiny_png(40, 20))
    (paper.parent / "body.md").write_text(
        "# Charts\n\n![Bar chart of beds](chart.png \"Beds open\")\n\nText between.\n\n"
        "![Line chart of waits](chart.png \"Waiting times\")\n\n![No caption here](chart.png)\n")
    run = boardpapers("paper", paper.relative_to(workdir), "--out", "out")
    assert run.exit_code == 0, run.stderr
    captions = [p.text for p in open_docx(run.stdout.strip()).paragraphs if p.style.name == "Image Caption"]
    assert captions == ["Figure 1: Beds open", "Figure 2: Waiting times"]
    assert settings.is_file()


def test_a_figure_label_without_its_number_is_refused(tmp_path, monkeypatch, workdir, boardpapers):
    from conftest import copy_fixture

    settings = a_house_style_with(tmp_path, monkeypatch, "band_colour: 005EB8", "band_colour: 005EB8\nfigure_label: Figure")
    paper = copy_fixture("minimal", workdir)
    run = boardpapers("paper", paper.relative_to(workdir), "--out", "out")
    assert run.exit_code == 2
    line = next(n for n, text in enumerate(settings.read_text().splitlines(), start=1) if text.startswith("figure_label"))
    assert f"style.yaml:{line}: figure_label: expected a label holding {{number}} once, such as 'Figure {{number}}', got 'Figure'" in run.stderr


@pytest.mark.pdf
@pytest.mark.parametrize("house", ["lsc-ics", "lancashire-cc"])
def test_the_house_list_styles_carry_their_own_numbers_and_bullets(house, tmp_path, soffice):
    """A clerk who applies List Number or List Bullet in Word, in a document made from the house style, gets numbers and bullets."""
    import subprocess

    from docx import Document

    from pipeline.export import LibreOffice

    document = Document(str(REPO / "templates" / house / "reference.docx"))
    for text in ("First step", "Second step"):
        document.add_paragraph(text, style="List Number")
    document.add_paragraph("A detail", style="List Number 2")
    document.add_paragraph("Third step", style="List Number")
    document.add_paragraph("A point", style="List Bullet")
    document.save(tmp_path / "lists.docx")
    with LibreOffice() as office:
        pdf = office.convert(tmp_path / "lists.docx", tmp_path / "lists.pdf")
    lines = [" ".join(line.split()) for line in subprocess.run(["pdftotext", str(pdf), "-"], capture_output=True,
                                                                 text=True).stdout.splitlines() if line.strip()]
    assert " ".join(lines).startswith("1. First step 2. Second step a) A detail 3. Third step \u2022 A point"), lines
