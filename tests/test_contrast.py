"""Colour contrast: WCAG 2.1's arithmetic, and the shipped house styles measured by it."""

from __future__ import annotations

import shutil
from dataclasses import dataclass

import pytest
from docx import Document
from docx.enum.style import WD_STYLE_TYPE
from docx.oxml.ns import qn
from docx.shared import RGBColor
from docx.styles.style import BaseStyle

from conftest import REPO, copy_fixture
from pipeline import housestyle, validate
from pipeline.contrast import BLACK, MINIMUM, WHITE, contrast_ratio, contrast_with_white, relative_luminance, shown_ratio

STYLES = REPO / "templates"


def test_black_and_white_are_21_to_1_in_either_order_and_a_colour_on_itself_is_1_to_1():
    assert contrast_ratio("000000", "FFFFFF") == pytest.approx(21)
    assert contrast_ratio("FFFFFF", "000000") == pytest.approx(21)
    assert contrast_ratio("005EB8", "005EB8") == pytest.approx(1)
    assert (relative_luminance("000000"), relative_luminance("FFFFFF")) == (0, pytest.approx(1))


def test_contrast_with_white_gives_the_figures_wcag_tools_give():
    # The NHS blue the ICS band is shaded with, and the pale blue the band refuses, as WebAIM's checker shows them.
    assert round(contrast_with_white("005EB8"), 2) == 6.38
    assert round(contrast_with_white("9FC5E8"), 2) == 1.81
    assert round(contrast_ratio("767676", "FFFFFF"), 2) == 4.54


def test_a_ratio_just_under_the_minimum_never_reads_as_the_minimum():
    assert shown_ratio(4.46) == "4.4:1"
    assert shown_ratio(21.0) == "21.0:1"


def test_a_colour_that_is_not_six_hex_digits_is_refused():
    with pytest.raises(ValueError, match="expected a colour as six hex digits, RRGGBB, got 'auto'"):
        relative_luminance("auto")


# --- The shipped house styles ------------------------------------------------------

HOUSE_STYLES = ("lsc-ics", "lancashire-cc")


@dataclass(frozen=True)
class Text:
    """Text as a Word file shows it: the style it is in, its colour (None: automatic) and the fill behind it."""

    template: str
    style: str
    colour: str | None
    fill: str


@pytest.fixture(autouse=True)
def fresh_house_styles():
    """Forget the house styles read after each test, so that a copy made by one is never used by the next."""
    yield
    forget_house_styles()


def forget_house_styles() -> None:
    for cached in (validate._house_style, housestyle.available, housestyle.styles_for):
        getattr(cached, "cache_clear", lambda: None)()


def text_colour(style: BaseStyle | None) -> str | None:
    """Return the text colour `style` gives, RRGGBB, following the styles it is based on; None when it is automatic."""
    while style is not None:
        if style.font.color.type is not None:
            return str(style.font.color.rgb) if style.font.color.rgb is not None else None
        style = style.base_style
    return None


def style_fill(style: BaseStyle | None) -> str | None:
    """Return the paragraph shading `style` gives, RRGGBB, following the styles it is based on."""
    while style is not None:
        shd = style.element.find(f"{qn('w:pPr')}/{qn('w:shd')}")
        if shd is not None and shd.get(qn("w:fill"), "auto") != "auto":
            return shd.get(qn("w:fill")).upper()
        style = style.base_style
    return None


def own_fill(element, properties: str) -> str | None:
    """Return the shading of the paragraph or cell `element` set in its `properties` (``w:pPr``, ``w:tcPr``), RRGGBB."""
    shd = element.find(f"{qn(properties)}/{qn('w:shd')}")
    return shd.get(qn("w:fill")).upper() if shd is not None and shd.get(qn("w:fill"), "auto") != "auto" else None


def table_style_fill(tc, by_id: dict[str, BaseStyle]) -> str | None:
    """Return the fill the table style gives the cell `tc`: its header row's when the table turns that look on, else its own."""
    tbl = next(tc.iterancestors(qn("w:tbl")))
    style = tbl.find(f"{qn('w:tblPr')}/{qn('w:tblStyle')}")
    look = tbl.find(f"{qn('w:tblPr')}/{qn('w:tblLook')}")
    if style is None or style.get(qn("w:val")) not in by_id:
        return None
    element = by_id[style.get(qn("w:val"))].element
    if tc.getparent() is tbl.find(qn("w:tr")) and look is not None and look.get(qn("w:firstRow")) == "1":
        header = next((c for c in element.findall(qn("w:tblStylePr")) if c.get(qn("w:type")) == "firstRow"), None)
        if header is not None and own_fill(header, "w:tcPr"):
            return own_fill(header, "w:tcPr")
    return own_fill(element, "w:tcPr")


def template_text(name: str) -> list[Text]:
    """Return every piece of text of the house style `name`'s Word templates, in the styles of its reference.docx.

    A build gives each template the reference's styles, so a template's
    paragraph, character and table styles are read from there; the fills
    it gives cells and paragraphs itself are its own.
    """
    folder = STYLES / name
    reference = Document(str(folder / "reference.docx"))
    by_id = {style.style_id: style for style in reference.styles}
    found = []
    for template in sorted(p for p in folder.glob("*.docx") if p.name != "reference.docx"):
        for p in Document(str(template)).element.body.iter(qn("w:p")):
            named = p.find(f"{qn('w:pPr')}/{qn('w:pStyle')}")
            paragraph_style = by_id.get(named.get(qn("w:val"))) if named is not None else reference.styles["Normal"]
            cells = [fill for tc in p.iterancestors(qn("w:tc")) for fill in (own_fill(tc, "w:tcPr"), table_style_fill(tc, by_id))]
            fill = own_fill(p, "w:pPr") or style_fill(paragraph_style) or next((f for f in cells if f), None) or WHITE
            for run in p.iter(qn("w:r")):
                if not "".join(t.text or "" for t in run.iter(qn("w:t"))).strip():
                    continue
                character = run.find(f"{qn('w:rPr')}/{qn('w:rStyle')}")
                colour = run.find(f"{qn('w:rPr')}/{qn('w:color')}")
                if colour is not None:
                    shown = colour.get(qn("w:val")).upper() if colour.get(qn("w:val"), "auto") != "auto" else None
                else:
                    shown = text_colour(by_id.get(character.get(qn("w:val")))) if character is not None else None
                    shown = shown or text_colour(paragraph_style)
                found.append(Text(template.name, paragraph_style.name, shown, fill))
    return found


ON_THE_BAND = "Cover Band"
"""The style of the cover sheet's committee band: white text, only ever on the band's colour."""


@pytest.mark.parametrize("name", HOUSE_STYLES)
def test_every_text_style_of_a_house_style_reads_at_4_5_to_1_on_white(name):
    reference = Document(str(STYLES / name / "reference.docx"))
    judged = {style.name: text_colour(style) for style in reference.styles
              if style.type in (WD_STYLE_TYPE.PARAGRAPH, WD_STYLE_TYPE.CHARACTER) and style.name != ON_THE_BAND}
    assert {"Heading 1", "Title", "Hyperlink", "Body Text", "Cover Label"} <= set(judged)
    too_pale = {style: f"#{colour}: {shown_ratio(contrast_ratio(colour, WHITE))}" for style, colour in judged.items()
                if colour is not None and contrast_ratio(colour, WHITE) < MINIMUM}
    assert too_pale == {}


@pytest.mark.parametrize("name", HOUSE_STYLES)
def test_text_on_the_fills_of_a_house_styles_templates_reads_at_4_5_to_1(name):
    shaded = [t for t in template_text(name) if t.fill != WHITE]
    assert {t.template for t in shaded} >= {"agenda.docx", "action-log.docx"}, "header rows are shaded by the table style"
    # Automatic text is black, or white on a dark fill: whichever Word picks, it must read.
    too_pale = {t for t in shaded if (contrast_ratio(t.colour, t.fill) if t.colour
                                      else max(contrast_ratio(BLACK, t.fill), contrast_ratio(WHITE, t.fill))) < MINIMUM}
    assert too_pale == set()


def test_the_committee_bands_text_reads_at_4_5_to_1_on_the_band():
    style = validate.load_house_style("lsc-ics")
    band = text_colour(Document(str(style.reference_docx)).styles[ON_THE_BAND])
    fills = {t.fill for t in template_text("lsc-ics") if t.style == ON_THE_BAND} | {style.settings.band_colour}
    assert fills - {WHITE, None}, "the band is shaded, in the template or by the house setting"
    for fill in fills - {None}:
        assert contrast_ratio(band, fill) >= MINIMUM, f"#{band} on #{fill}: {shown_ratio(contrast_ratio(band, fill))}"


@pytest.mark.parametrize("name", HOUSE_STYLES)
def test_options_appraisal_rating_shades_read_at_4_5_to_1_under_black_text(name):
    style = validate.load_house_style(name)
    blends = [style.rating_colour(positions, steps) for steps in (2, 3, 4, 5)
              for start in range(steps) for positions in ([start], [start, start + 1]) if positions[-1] < steps]
    for colour in style.settings.rating_colours + blends:
        assert contrast_ratio(BLACK, colour) >= MINIMUM, f"black on #{colour}: {shown_ratio(contrast_ratio(BLACK, colour))}"


def test_a_clerk_who_makes_heading_1_pale_in_word_gets_a_failing_audit(tmp_path, monkeypatch, workdir, boardpapers):
    shutil.copytree(STYLES / "lsc-ics", tmp_path / "templates" / "lsc-ics")
    reference = tmp_path / "templates" / "lsc-ics" / "reference.docx"
    restyled = Document(str(reference))
    restyled.styles["Heading 1"].font.color.rgb = RGBColor.from_string("C0D8F0")
    restyled.save(str(reference))
    monkeypatch.setenv("BOARDPAPERS_TEMPLATES", str(tmp_path / "templates"))
    forget_house_styles()
    paper = copy_fixture("minimal", workdir)
    built = boardpapers("paper", paper.relative_to(workdir), "--out", "out")
    assert built.exit_code == 0, built.stderr
    run = boardpapers("audit", "out")
    assert run.exit_code == 1
    assert ("out/community-diagnostic-hubs.docx: contrast: text in style 'Heading 1' is #C0D8F0 on #FFFFFF: 1.4:1, "
            "under the 4.5:1 WCAG 2.1 asks\n") in run.stdout
