"""The house styles' Word files: what a clerk opens in Word to restyle."""

from __future__ import annotations

import pytest
from docx import Document

from conftest import REPO
from pipeline.housestyle import available, load_house_style, styles_for
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
