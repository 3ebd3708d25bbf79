"""Recreate the house styles' Word files from scratch (``make templates``).

The committed ``.docx`` files under ``templates/<style>/`` are what the build
uses, and a clerk may open and restyle them in Word. This script is how their
first version was made: it starts from pandoc's own reference document (so
every style pandoc writes exists), applies the house look, and lays out the
templates with docxtpl tags. Running it again overwrites edits made in Word.
"""

from __future__ import annotations

import subprocess
import sys
from dataclasses import dataclass
from io import BytesIO
from pathlib import Path

import pypandoc
from docx import Document
from docx.enum.section import WD_ORIENT
from docx.enum.style import WD_STYLE_TYPE
from docx.enum.table import WD_CELL_VERTICAL_ALIGNMENT, WD_TABLE_ALIGNMENT
from docx.enum.text import WD_ALIGN_PARAGRAPH
from docx.oxml import parse_xml
from docx.oxml.ns import nsdecls, qn
from docx.shared import Cm, Pt, RGBColor

HERE = Path(__file__).resolve().parent
sys.path.insert(0, str(HERE.parent))

from pipeline import ooxml  # noqa: E402
from pipeline.validate import load_house_style  # noqa: E402
from pipeline.output import FIXED_TIME, normalised_zip, write_atomic  # noqa: E402


@dataclass(frozen=True)
class Look:
    """The colours and sizes of a house style."""

    accent: str
    """Headings and the committee band (hex RRGGBB)."""
    label_fill: str
    """The shading of label cells."""
    subtle_fill: str
    """The shading of column-header rows."""
    border: str
    """Table borders."""
    link: str = "0563C1"
    """Links: a blue at least 4.5:1 on white (WCAG AA), always underlined, so colour is never the only cue."""
    body_size: float = 11
    """Body text, in points."""


LOOKS = {
    # NHS identity colours: NHS Blue, Pale Grey and a light blue.
    "lsc-ics": Look(accent="005EB8", label_fill="E8EDEE", subtle_fill="F3F6F7", border="768692", link="005EB8"),
    # The council's reports are black on white, Arial 12, with plain ruled tables.
    "lancashire-cc": Look(accent="000000", label_fill="D9D9D9", subtle_fill="F2F2F2", border="000000", body_size=12),
}

A4 = (Cm(21.0), Cm(29.7))
MARGIN = Cm(2.0)
TEXT_WIDTH = 9638  # twips: 17 cm, the width between A4 margins of 2 cm


def pandoc_reference() -> Document:
    """Return pandoc's default reference document."""
    data = subprocess.run(
        [pypandoc.get_pandoc_path(), "--print-default-data-file", "reference.docx"],
        check=True, capture_output=True,
    ).stdout
    return Document(BytesIO(data))


def save(document: Document, path: Path) -> None:
    """Save `document` reproducibly to `path`."""
    core = document.core_properties
    core.author = core.last_modified_by = "boardpapers"
    core.title = core.subject = core.keywords = core.comments = ""
    core.created = core.modified = FIXED_TIME.replace(tzinfo=None)
    core.revision = 1
    core.language = "en-GB"
    stream = BytesIO()
    document.save(stream)
    write_atomic(path, normalised_zip(stream.getvalue(), FIXED_TIME))
    print(f"wrote {path.relative_to(HERE.parent)}")


# --- the reference document: every style ---------------------------------------

def build_reference(name: str) -> Path:
    """Write ``templates/<name>/reference.docx`` and return its path."""
    style = load_house_style(name)
    look = LOOKS[name]
    font = style.settings.fonts.body
    document = pandoc_reference()
    styles = document.styles.element

    for fonts in styles.iter(qn("w:rFonts")):
        for attribute in list(fonts.attrib):
            if attribute.endswith("Theme") or attribute.endswith("theme"):
                del fonts.attrib[attribute]
        for attribute in ("w:ascii", "w:hAnsi", "w:eastAsia", "w:cs"):
            fonts.set(qn(attribute), font)
    for colour in styles.iter(qn("w:color")):
        for attribute in ("w:themeColor", "w:themeShade", "w:themeTint"):
            colour.attrib.pop(qn(attribute), None)
    defaults = styles.find(f"{qn('w:docDefaults')}/{qn('w:rPrDefault')}/{qn('w:rPr')}")
    defaults.find(qn("w:sz")).set(qn("w:val"), str(int(look.body_size * 2)))
    defaults.find(qn("w:szCs")).set(qn("w:val"), str(int(look.body_size * 2)))
    language = defaults.find(qn("w:lang"))
    language.set(qn("w:val"), "en-GB")
    language.set(qn("w:eastAsia"), "en-GB")
    styles.find(f"{qn('w:docDefaults')}/{qn('w:pPrDefault')}/{qn('w:pPr')}/{qn('w:spacing')}").set(qn("w:after"), "120")

    paragraph = document.styles
    _text_style(paragraph["Body Text"], before=0, after=120, line=1.15)
    _text_style(paragraph["First Paragraph"], before=0, after=120)
    _text_style(paragraph["Compact"], before=30, after=30)
    _text_style(paragraph["Title"], size=18, bold=True, colour=look.accent, after=240)
    # Each level visibly smaller than the one above, so an author's headings sit under a template's.
    for level, size in ((1, look.body_size + 3), (2, look.body_size + 1), (3, look.body_size), (4, look.body_size)):
        _text_style(paragraph[f"Heading {level}"], size=size, bold=True, italic=level == 4,
                    colour=look.accent if level <= 2 else "000000", before=240 if level == 1 else 180, after=80)
    for heading in range(5, 10):
        _text_style(paragraph[f"Heading {heading}"], size=look.body_size, bold=True, colour="000000")
    for base in ("List Bullet", "List Number"):
        for level in (1, 2, 3):
            style_name = base if level == 1 else f"{base} {level}"
            if style_name not in [s.name for s in paragraph]:
                added = paragraph.add_style(style_name, WD_STYLE_TYPE.PARAGRAPH)
                added.base_style = paragraph["Normal"]
                added.quick_style = level == 1
            _text_style(paragraph[style_name], before=0, after=60, line=1.15)
    _list_numbering(document)

    # The committee band opens the cover sheet as its level-1 heading, a shaded paragraph (not a
    # merged table row), so screen readers and Word's navigation pane meet it as a heading.
    band = _new_style(document, "Cover Band", size=15, bold=True, colour="FFFFFF", before=0, after=0)
    band.paragraph_format.keep_with_next = True
    _boxed(band, look.accent, outline_level=0)
    # An agenda's title and its section names are headings too; they look as the seed's do.
    title = _new_style(document, "Agenda Title", size=18, bold=True, colour=look.accent, before=0, after=120)
    _outline(title, 0)
    section = _new_style(document, "Agenda Section", size=10, bold=True, before=200, after=0)
    section.paragraph_format.keep_with_next = True
    _boxed(section, look.label_fill, outline_level=1, border=look.border)
    _new_style(document, "Cover Label", size=10, bold=True, before=20, after=20)
    _new_style(document, "Cover Text", size=10, before=20, after=20)
    _new_style(document, "Cover Body", size=10, before=20, after=80, line=1.1)
    _new_style(document, "Cover Body List", size=10, before=0, after=60, line=1.1)
    _new_style(document, "Table Text", size=10, before=20, after=60, line=1.05)
    _new_style(document, "Table Text List", size=10, before=0, after=40, line=1.05)
    _new_style(document, "Table Heading", size=10, bold=True, before=20, after=20)
    _new_style(document, "Cover Spacer", size=2, before=0, after=0)
    _new_style(document, "Sign-off", before=360, after=120).paragraph_format.keep_together = True
    _new_style(document, "Report Committee", size=14, bold=True, before=0, after=0)
    _new_style(document, "Report Meeting", bold=True, before=0, after=240)
    part = _new_style(document, "Report Part", bold=True, before=0, after=120)
    part.paragraph_format.alignment = WD_ALIGN_PARAGRAPH.RIGHT
    _new_style(document, "Report Label", bold=True, before=120, after=0)
    _new_style(document, "Report Text", before=0, after=120)
    _new_style(document, "Appendix Refer", bold=True, before=0, after=240)
    _new_style(document, "Consultation Heading", bold=True, before=120, after=60).paragraph_format.keep_with_next = True
    marking = _new_style(document, "Protective Marking", bold=True, size=10, before=0, after=0)
    marking.paragraph_format.alignment = WD_ALIGN_PARAGRAPH.RIGHT
    _text_style(paragraph["Footer"] if "Footer" in [s.name for s in paragraph] else _new_style(document, "Footer"), size=9, before=0, after=0)

    _table_style(styles, look)
    hyperlink = document.styles["Hyperlink"]
    hyperlink.font.color.rgb = RGBColor.from_string(look.link)
    hyperlink.font.underline = True

    section = document.sections[0]
    section.page_width, section.page_height = A4
    section.orientation = WD_ORIENT.PORTRAIT
    section.left_margin = section.right_margin = section.top_margin = section.bottom_margin = MARGIN
    section.header_distance = section.footer_distance = Cm(1.0)
    footer = section.footer.paragraphs[0]
    footer.style = document.styles["Footer"]
    footer.alignment = WD_ALIGN_PARAGRAPH.CENTER
    footer.add_run("Page ")
    ooxml.add_field(footer, "PAGE")
    footer.add_run(" of ")
    ooxml.add_field(footer, "NUMPAGES")

    body = document.element.body
    for element in list(body):
        if element.tag != ooxml.W_SECTPR:
            body.remove(element)
    path = style.folder / "reference.docx"
    save(document, path)
    return path


LIST_LEVELS = {
    "List Bullet": (980, [("bullet", "\u2022"), ("bullet", "\u2013"), ("bullet", "\u2022")]),
    "List Number": (981, [("decimal", "%1."), ("lowerLetter", "%2)"), ("lowerRoman", "%3.")]),
}
"""The list each house list style numbers its paragraphs with: its id, and each level's format and text.
The ids are far above those pandoc gives the lists it writes, so the two never meet."""


def _list_numbering(document: Document) -> None:
    """Make "List Bullet" and "List Number" (and their levels 2 and 3) carry their bullets and numbers.

    A clerk who applies List Number in Word then gets 1., 2., 3.; an appendix
    whose List Number paragraphs take the house's definition keeps numbers.
    """
    numbering = document.part.numbering_part.element
    first_num = numbering.find(qn("w:num"))
    for base, (number, levels) in LIST_LEVELS.items():
        abstract = parse_xml(f'<w:abstractNum {nsdecls("w")} w:abstractNumId="{number}"><w:nsid w:val="{number:08X}"/>'
                             '<w:multiLevelType w:val="multilevel"/></w:abstractNum>')
        for level, (kind, text) in enumerate(levels):
            style_name = base if level == 0 else f"{base} {level + 1}"
            style_id = document.styles[style_name].style_id
            indent = 360 * (level + 1)
            abstract.append(parse_xml(
                f'<w:lvl {nsdecls("w")} w:ilvl="{level}"><w:start w:val="1"/><w:numFmt w:val="{kind}"/>'
                f'<w:pStyle w:val="{style_id}"/><w:lvlText w:val="{text}"/><w:lvlJc w:val="left"/>'
                f'<w:pPr><w:ind w:left="{indent}" w:hanging="360"/></w:pPr></w:lvl>'))
            numbered = document.styles[style_name].element.get_or_add_pPr().get_or_add_numPr()
            numbered.get_or_add_ilvl().val = level
            numbered.get_or_add_numId().val = number
        first_num.addprevious(abstract)
        numbering.append(parse_xml(f'<w:num {nsdecls("w")} w:numId="{number}"><w:abstractNumId w:val="{number}"/></w:num>'))


def _text_style(style, size=None, bold=None, italic=None, colour=None, before=None, after=None, line=None):
    """Set the look of `style`: `size` in points, spacing `before`/`after` in twips."""
    if size is not None:
        style.font.size = Pt(size)
    if bold is not None:
        style.font.bold = bold
    if italic is not None:
        style.font.italic = italic
    if colour is not None:
        style.font.color.rgb = RGBColor.from_string(colour)
    spacing = style.paragraph_format
    if before is not None:
        spacing.space_before = Pt(before / 20)
    if after is not None:
        spacing.space_after = Pt(after / 20)
    if line is not None:
        spacing.line_spacing = line
    return style


def _new_style(document, name, **look):
    styles = document.styles
    style = styles[name] if name in [s.name for s in styles] else styles.add_style(name, WD_STYLE_TYPE.PARAGRAPH)
    style.base_style = styles["Normal"]
    style.quick_style = True
    return _text_style(style, **look)


def _outline(style, level: int) -> None:
    """Make paragraphs in `style` headings of outline `level` (0 is Heading 1), whatever they look like."""
    ooxml.set_paragraph_property(style.element.get_or_add_pPr(), parse_xml(f'<w:outlineLvl {nsdecls("w")} w:val="{level}"/>'))


def _boxed(style, fill: str, outline_level: int, border: str | None = None) -> None:
    """Shade `style`'s paragraphs with `fill` inside a box as wide as a full-width table, and make them headings.

    The box's border (in `fill` unless `border` is given) sits 4 pt outside the
    text, so the text is indented by as much to keep the box within the margins.
    """
    ppr = style.element.get_or_add_pPr()
    ooxml.set_paragraph_property(ppr, ooxml.box(border or fill))
    ooxml.set_paragraph_property(ppr, parse_xml(f'<w:shd {nsdecls("w")} w:val="clear" w:color="auto" w:fill="{fill}"/>'))
    ooxml.set_paragraph_property(ppr, parse_xml(f'<w:ind {nsdecls("w")} w:left="100" w:right="100"/>'))
    _outline(style, outline_level)


def _table_style(styles, look: Look) -> None:
    """Give pandoc's "Table" style borders and a shaded, bold header row."""
    table = styles.find(f"{qn('w:style')}[@{qn('w:styleId')}='Table']")
    for old in table.findall(qn("w:tblStylePr")):
        table.remove(old)
    tblpr = table.find(qn("w:tblPr"))
    margins = tblpr.find(qn("w:tblCellMar"))
    margins.addprevious(parse_xml(
        f'<w:tblBorders {nsdecls("w")}>'
        + "".join(f'<w:{side} w:val="single" w:sz="4" w:space="0" w:color="{look.border}"/>' for side in ("top", "left", "bottom", "right", "insideH", "insideV"))
        + "</w:tblBorders>"
    ))
    for side in ("top", "bottom"):
        margins.find(qn(f"w:{side}")).set(qn("w:w"), "20")
    table.append(parse_xml(
        f'<w:tblStylePr {nsdecls("w")} w:type="firstRow"><w:rPr><w:b/><w:bCs/></w:rPr>'
        f'<w:tcPr><w:shd w:val="clear" w:color="auto" w:fill="{look.label_fill}"/><w:vAlign w:val="bottom"/></w:tcPr></w:tblStylePr>'
    ))
    table.append(parse_xml(
        f'<w:tblStylePr {nsdecls("w")} w:type="firstCol">'
        f'<w:tcPr><w:shd w:val="clear" w:color="auto" w:fill="{look.subtle_fill}"/></w:tcPr></w:tblStylePr>'
    ))


def marking_header(document: Document) -> None:
    """Put the protective marking (``{{ marking }}``, empty for a public paper) in the header of every page."""
    paragraph = document.sections[0].header.paragraphs[0]
    paragraph.style = document.styles["Protective Marking"]
    paragraph.add_run("{{ marking }}")


# --- the cover-sheet template ---------------------------------------------------

IMPLICATION_ROWS = (
    ("quality_impact_assessment", "Quality Impact Assessment Completed"),
    ("equality_impact_assessment", "Equality Impact Assessment Completed"),
    ("privacy_impact_assessment", "Privacy Impact Assessment Completed"),
    ("financial_impact_assessment", "Financial Impact Assessment Completed"),
    ("associated_risks", "Associated Risks"),
    ("risks_on_register", "Are Associated Risks Detailed on the ICS Risk Register?"),
)
RISKS_LABEL = "If Yes, Please Provide a Risk Description and Reference Number"


class CoverSheetLayout:
    """Lays out the ICS cover sheet of seed 003 as separate, labelled tables."""

    def __init__(self, name: str) -> None:
        self.style = load_house_style(name)
        self.look = LOOKS[name]
        self.document = Document(str(self.style.reference_docx))

    def build(self) -> Path:
        """Write ``templates/<name>/cover-sheet.docx`` and return its path."""
        self.header()
        self.band()
        self.details()
        self.section("Purpose of the Paper", "{{ slots.purpose }}")
        self.section("Executive Summary", "{{ slots.executive_summary }}")
        self.section("Recommendations", "{{ slots.recommendations }}")
        self.governance()
        self.section("Conflicts of Interest Identified", "{{ slots.conflicts_of_interest }}")
        self.implications()
        self.risks()
        path = self.style.folder / "cover-sheet.docx"
        save(self.document, path)
        return path

    def header(self) -> None:
        marking_header(self.document)

    def table(self, widths: list[int]):
        # Word joins two tables with nothing between them into one, so one small paragraph parts them;
        # the space around it is its style's, and its empty tag is dropped from the PDF (pdfout.tidy_tags).
        if self.document.element.body[-2:-1] and self.document.element.body[-2].tag == ooxml.W_TBL:
            self.document.add_paragraph(style="Cover Spacer")
        table = self.document.add_table(rows=0, cols=len(widths))
        table.alignment = WD_TABLE_ALIGNMENT.CENTER
        # The layout shades its own label cells; the style's header-row look stays off.
        ooxml.style_table(table, "Table", header_look=False)
        self._widths = widths
        return table

    def row(self, table, *cells: str, fill: str | None = None, style: str = "Cover Text", header: bool = False, spans=None):
        row = table.add_row()
        if spans:
            merged, position = [], 0
            for span in spans:
                cell = row.cells[position]
                if span > 1:
                    cell = cell.merge(row.cells[position + span - 1])
                merged.append(cell)
                position += span
            targets = merged
        else:
            targets = row.cells
        for cell, text in zip(targets, cells):
            paragraph = cell.paragraphs[0]
            paragraph.style = self.document.styles[style]
            if text:
                paragraph.add_run(text)
            cell.vertical_alignment = WD_CELL_VERTICAL_ALIGNMENT.CENTER
            if fill:
                ooxml.shade(cell, fill)
        if header:
            ooxml.mark_header_row(row)
        else:
            ooxml.keep_row_together(row)
        return row

    def label_row(self, table, label: str, value: str, header: bool = False):
        row = self.row(table, label, value, header=header)
        row.cells[0].paragraphs[0].style = self.document.styles["Cover Label"]
        ooxml.shade(row.cells[0], self.look.label_fill)
        return row

    def tag_row(self, table, tag: str) -> None:
        """A row holding only a docxtpl row tag ({%tr ... %}); docxtpl removes it."""
        self.row(table, tag, spans=[len(self._widths)])

    def band(self) -> None:
        """The committee's name in a coloured band: the cover sheet's heading."""
        self.document.add_paragraph("{{ committee }}", style="Cover Band")

    def details(self) -> None:
        """The paper's details, a label and a value a row; the label cells become row headers in the PDF.

        Word's checker wants a header row in every table, so the first row is
        marked as one; it is a label and its value all the same.
        """
        table = self.table([2835, TEXT_WIDTH - 2835])
        self.label_row(table, "Date of Meeting", "{{ meeting_date }}", header=True)
        self.label_row(table, "Title of Paper", "{{ title }}")
        self.label_row(table, "Presented By", "{{ presented_by }}")
        self.label_row(table, "Author", "{{ author }}")
        self.tag_row(table, "{%tr if contributors %}")
        self.label_row(table, "Contributor/s", "{{ contributors }}")
        self.tag_row(table, "{%tr endif %}")
        self.label_row(table, "Agenda Item", "{{ agenda_item }}")
        self.label_row(table, "Confidential", "{{ confidential }}")
        ooxml.set_widths(table, self._widths)

    def section(self, label: str, slot: str) -> None:
        table = self.table([TEXT_WIDTH])
        self.row(table, label, style="Cover Label", fill=self.look.label_fill, header=True)
        self.row(table, slot, style="Cover Body")
        ooxml.set_widths(table, self._widths)

    def governance(self) -> None:
        widths = [2438, 2268, TEXT_WIDTH - 2438 - 2268]
        table = self.table(widths)
        self.row(table, "Governance and Reporting", style="Cover Label", fill=self.look.label_fill, header=True, spans=[3])
        self.row(table, "Meeting", "Date", "Outcome", style="Cover Label", fill=self.look.subtle_fill, header=True)
        self.tag_row(table, "{%tr for entry in governance %}")
        self.row(table, "{{ entry.forum }}", "{{ entry.date }}", "{{ entry.outcome }}")
        self.tag_row(table, "{%tr endfor %}")
        self.tag_row(table, "{%tr if not governance %}")
        self.row(table, "None", "", "")
        self.tag_row(table, "{%tr endif %}")
        ooxml.set_widths(table, widths)

    def implications(self) -> None:
        box = (TEXT_WIDTH - 5103) // 3
        widths = [5103, box, box, TEXT_WIDTH - 5103 - 2 * box]
        table = self.table(widths)
        self.row(table, "Implications", style="Cover Label", fill=self.look.label_fill, header=True, spans=[4])
        symbols = self.style.settings.fonts.symbols
        for key, label in IMPLICATION_ROWS:
            row = self.label_row(table, label, "")
            for cell, (word, answer) in zip(row.cells[1:], (("Yes", "yes"), ("No", "no"), ("N/A", "na"))):
                paragraph = cell.paragraphs[0]
                paragraph.style = self.document.styles["Cover Text"]
                paragraph.alignment = WD_ALIGN_PARAGRAPH.CENTER
                paragraph.add_run(f"{word} ")
                glyph = paragraph.add_run(f"{{{{ implications.{key}.{answer} }}}}")
                glyph.font.name = symbols
                glyph._r.get_or_add_rPr().get_or_add_rFonts().set(qn("w:cs"), symbols)
                glyph._r.rPr.rFonts.set(qn("w:eastAsia"), symbols)
                cell.vertical_alignment = WD_CELL_VERTICAL_ALIGNMENT.CENTER
        ooxml.set_widths(table, widths)

    def risks(self) -> None:
        """The risks an author lists, a section of their own (in one cell of the implications table they needed a merge)."""
        table = self.table([TEXT_WIDTH])
        self.row(table, RISKS_LABEL, style="Cover Label", fill=self.look.label_fill, header=True)
        cell = self.row(table, "{%p for risk in risks %}").cells[0]
        for text in ("{{ risk }}", "{%p endfor %}", "{%p if not risks %}", "None", "{%p endif %}"):
            cell.add_paragraph(text, style="Cover Text")
        ooxml.set_widths(table, self._widths)


class CommitteeReportLayout:
    """Lays out a Lancashire County Council committee report, as seed 002."""

    def __init__(self, name: str) -> None:
        self.style = load_house_style(name)
        self.document = Document(str(self.style.folder / "reference.docx"))

    def paragraph(self, text: str, style: str) -> None:
        self.document.add_paragraph(text, style=style)

    def build(self) -> Path:
        """Write ``templates/<name>/committee-report.docx`` and return its path."""
        marking_header(self.document)
        p = self.paragraph
        p("Report to the {{ committee }}", "Report Committee")
        p("Meeting to be held on {{ meeting_date }}", "Report Meeting")
        p("{%p if agenda_item %}", "Report Part")
        p("Item {{ agenda_item }}", "Report Part")
        p("{%p endif %}", "Report Part")
        p("{{ part }}", "Report Part")
        p("{%p if report_of %}", "Report Text")
        p("Report of {{ report_of }}", "Report Text")
        p("{%p endif %}", "Report Text")
        p("Corporate Priorities:", "Report Label")
        p("{{ corporate_priorities }}", "Report Text")
        p("{{ title }}", "Heading 1")
        p("{%p if appendix_line %}", "Report Text")
        p("{{ appendix_line }}", "Appendix Refer")
        p("{%p endif %}", "Report Text")
        p("Contact for further information:", "Report Label")
        p("{{ contact }}", "Report Text")
        for heading, slot in (("Brief Summary", "brief_summary"), ("Recommendations", "recommendations"), ("Detail", "detail")):
            p(heading, "Heading 2")
            p(f"{{{{ slots.{slot} }}}}", "Body Text")
        p("Consultations", "Heading 2")
        p("{%p for consultation in consultations %}", "Body Text")
        p("{{ consultation.heading }}", "Consultation Heading")
        p("{{ consultation.slot }}", "Body Text")
        p("{%p endfor %}", "Body Text")
        p("{%p if not consultations %}", "Body Text")
        p("None", "Body Text")
        p("{%p endif %}", "Body Text")
        p("Implications:", "Heading 2")
        p("{%p if implications %}", "Body Text")
        p("This item has the following implications, as indicated:", "Body Text")
        p("{%p endif %}", "Body Text")
        p("{%p for implication in implications %}", "Body Text")
        p("{{ implication.heading }}", "Heading 3")
        p("{{ implication.slot }}", "Body Text")
        p("{%p endfor %}", "Body Text")
        p("{%p if not implications %}", "Body Text")
        p("None", "Body Text")
        p("{%p endif %}", "Body Text")
        p("Local Government (Access to Information) Act 1985", "Heading 2")
        p("List of Background Papers", "Report Label")
        self.table(["Paper", "Date", "Contact/Tel"], [4819, 1985, 2834], "background_papers", "paper",
                   ["{{ paper.paper }}", "{{ paper.date }}", "{{ paper.contact }}"])
        p("Reason for inclusion in Part II, if appropriate", "Heading 2")
        p("{{ part_two_reason }}", "Body Text")
        p("Appendices", "Heading 2")
        p("{%p if appendices %}", "Body Text")
        p("The following are attached to this report and referred to in it:", "Body Text")
        p("{%p endif %}", "Body Text")
        self.table(["Appendix", "Title"], [2268, 7370], "appendices", "appendix",
                   ["{{ appendix.label }}", "{{ appendix.title }}"])
        path = self.style.folder / "committee-report.docx"
        save(self.document, path)
        return path

    def table(self, headings: list[str], widths: list[int], items: str, item: str, cells: list[str]) -> None:
        """A table with a header row, a row per item, and a "None" row when there are no items."""
        width = sum(widths)
        widths = [w * (TEXT_WIDTH - 0) // width for w in widths]
        widths[-1] += TEXT_WIDTH - sum(widths)
        table = self.document.add_table(rows=0, cols=len(headings))
        ooxml.style_table(table, "Table", header_look=True)

        def row(texts, spans=None):
            added = table.add_row()
            targets = added.cells
            if spans:
                targets = [added.cells[0].merge(added.cells[-1])]
            for cell, text in zip(targets, texts):
                cell.paragraphs[0].style = self.document.styles["Table Text"]
                cell.paragraphs[0].add_run(text)
            return added

        ooxml.mark_header_row(row(headings))
        row([f"{{%tr for {item} in {items} %}}"], spans=True)
        row(cells)
        row(["{%tr endfor %}"], spans=True)
        row([f"{{%tr if not {items} %}}"], spans=True)
        row(["None"] + [""] * (len(headings) - 1))
        row(["{%tr endif %}"], spans=True)
        ooxml.set_widths(table, widths)


class TableTemplate:
    """Shared by the templates below: a document from the reference with docxtpl table loops."""

    def __init__(self, name: str) -> None:
        self.style = load_house_style(name)
        self.look = LOOKS[name]
        self.document = Document(str(self.style.folder / "reference.docx"))

    def paragraph(self, text: str, style: str) -> None:
        self.document.add_paragraph(text, style=style)

    def table(self, headings: list[str], widths: list[int]):
        table = self.document.add_table(rows=0, cols=len(headings))
        table.alignment = WD_TABLE_ALIGNMENT.CENTER  # its edges on the margins, as a section's box above it
        ooxml.style_table(table, "Table", header_look=True)
        self.widths = widths
        self.row(table, headings, header=True)
        return table

    def row(self, table, texts: list[str], header: bool = False, merged: bool = False, style: str = "Table Text", fill=None):
        added = table.add_row()
        cells = [added.cells[0].merge(added.cells[-1])] if merged else added.cells
        for cell, text in zip(cells, texts):
            lines = text.split("\n")
            cell.paragraphs[0].style = self.document.styles["Table Heading" if header else style]
            cell.paragraphs[0].add_run(lines[0])
            for line in lines[1:]:
                cell.add_paragraph(line, style=style)
            if fill:
                ooxml.shade(cell, fill)
        if header:
            ooxml.mark_header_row(added)
        else:
            ooxml.keep_row_together(added)
        return added

    def tag(self, table, tag: str) -> None:
        """A row holding only a docxtpl row tag ({%tr ... %}); docxtpl removes it."""
        self.row(table, [tag], merged=True)

    def next_meeting(self) -> None:
        """The line naming the next meeting, as seed 003 closes its agenda and minutes (none when there is none)."""
        self.paragraph("{%p if next_meeting %}", "Body Text")
        self.paragraph("Date and Time of the Next {{ next_meeting.label }}: {{ next_meeting.when }}", "Report Label")
        self.paragraph("{%p endif %}", "Body Text")

    def intro(self) -> None:
        """A supplementary agenda's paragraph saying when it was published and what it brings (none on the agenda)."""
        self.paragraph("{%p if intro %}", "Body Text")
        self.paragraph("{{ intro }}", "Body Text")
        self.paragraph("{%p endif %}", "Body Text")

    def save(self, kind: str) -> Path:
        path = self.style.folder / f"{kind}.docx"
        save(self.document, path)
        return path


ITEM_CELL = ("{{ item.title }}\n{%p if item.urgent %}\n{{ item.urgent }}\n{%p endif %}"
             "\n{%p if item.notice %}\n{{ item.notice }}\n{%p endif %}")
"""An agenda item's title, then why it is urgent business and why it is not for publication, when it is."""


class IcsAgendaLayout(TableTemplate):
    """The ICS Board agenda of seed 003: one table, section rows, the next meeting line."""

    def build(self) -> Path:
        """The title and each section's name are headings, and each section has a table of its own.

        A section's name in a row merged across the table would be a merged
        cell in the body of the table, which screen readers read badly.
        """
        self.paragraph("{{ title }}", "Agenda Title")
        self.paragraph("{{ date }} {{ time }} \u2013 {{ venue }}", "Report Meeting")
        self.intro()
        self.paragraph("{%p for section in sections %}", "Body Text")
        self.paragraph("{{ section.title }}", "Agenda Section")
        widths = [737, 4252, 2041, 1020, 1588]
        table = self.table(["Item", "Description", "Owner", "Action", "Format"], widths)
        self.tag(table, "{%tr for item in section.rows %}")
        self.row(table, ["{{ item.number }}.", ITEM_CELL,
                         "{{ item.owner }}", "{{ item.action }}", "{{ item.format }}\n{%p if item.pages %}\n{{ item.pages }}\n{%p endif %}"])
        self.tag(table, "{%tr endfor %}")
        ooxml.set_widths(table, widths)
        self.paragraph("{%p endfor %}", "Body Text")
        self.next_meeting()
        return self.save("agenda")


class CouncilAgendaLayout(TableTemplate):
    """A county council agenda: Part I items, then the exclusion of press and public and Part II."""

    def items(self) -> None:
        widths = [737, 5386, 1928, 1587]
        table = self.table(["No.", "Item", "Presented by", "Papers"], widths)
        return table, widths

    def build(self) -> Path:
        p = self.paragraph
        p("{{ committee }}", "Title")
        p("Meeting to be held on {{ meeting_date }} at {{ start }}", "Report Meeting")
        p("Venue: {{ venue }}", "Report Text")
        p("{{ heading }}", "Heading 1")
        self.intro()
        p("Part I (Open to Press and Public)", "Heading 2")
        self.part("part_one")
        p("{%p if part_two %}", "Body Text")
        p("Exclusion of the Press and Public", "Heading 2")
        p("The committee is asked to consider whether, under Section 100A(4) of the Local Government Act 1972, "
          "it considers that the public should be excluded from the meeting during consideration of the following "
          "items of business on the grounds that there would be a likely disclosure of exempt information as "
          "defined in the appropriate paragraph of Part 1 of Schedule 12A to the Local Government Act 1972 as "
          "indicated against the heading to the item.", "Body Text")
        p("Part II (Not Open to Press and Public)", "Heading 2")
        self.part("part_two")
        p("{%p endif %}", "Body Text")
        p("{%p if next_meeting %}", "Body Text")
        p("Date of Next Meeting", "Heading 2")
        p("The next meeting of the {{ committee }} is on {{ next_meeting.when }}.", "Body Text")
        p("{%p endif %}", "Body Text")
        return self.save("agenda")

    def part(self, rows: str) -> None:
        table, widths = self.items()
        self.tag(table, f"{{%tr for item in {rows} %}}")
        self.row(table, ["{{ item.number }}.", ITEM_CELL,
                         "{{ item.owner }}", "{{ item.format }}\n{%p if item.pages %}\n{{ item.pages }}\n{%p endif %}"])
        self.tag(table, "{%tr endfor %}")
        self.tag(table, f"{{%tr if not {rows} %}}")
        self.row(table, ["", "None", "", ""])
        self.tag(table, "{%tr endif %}")
        ooxml.set_widths(table, widths)


class ActionLogLayout(TableTemplate):
    """The matters-arising table of seed 003."""

    def build(self) -> Path:
        self.paragraph("{{ title }}", "Heading 1")
        widths = [1474, 2098, 1361, 1134, 1361, TEXT_WIDTH - 1474 - 2098 - 1361 - 1134 - 1361]
        table = self.table(["Item Code", "Title", "Responsible Lead", "Status", "Due Date", "Progress Update"], widths)
        self.tag(table, "{%tr for action in actions %}")
        self.row(table, ["{{ action.code }}", "{{ action.title }}", "{{ action.lead }}", "{{ action.status }}",
                         "{{ action.due }}", "{{ action.progress }}"])
        self.tag(table, "{%tr endfor %}")
        self.tag(table, "{%tr if not actions %}")
        self.row(table, ["None", "No actions are outstanding.", "", "", "", ""])
        self.tag(table, "{%tr endif %}")
        ooxml.set_widths(table, widths)
        return self.save("action-log")


class MinutesLayout(TableTemplate):
    """The minutes of seed 003: the heading, who attended, then Item | Minute | Action by with the agenda's sections as rows."""

    def build(self) -> Path:
        p = self.paragraph
        p("{{ title }}", "Heading 1")
        p("{{ when }}", "Report Meeting")
        p("{{ status }}", "Body Text")
        p("Present", "Heading 2")
        self.people("present")
        p("{%p if in_attendance %}", "Body Text")
        p("In Attendance", "Heading 2")
        self.people("in_attendance")
        p("{%p endif %}", "Body Text")
        p("Apologies", "Heading 2")
        p("{{ apologies }}", "Body Text")
        p("Declarations of Interest", "Heading 2")
        p("{%p for declaration in declarations %}", "Body Text")
        p("{{ declaration }}", "Body Text")
        p("{%p endfor %}", "Body Text")
        p("{%p if not declarations %}", "Body Text")
        p("None declared.", "Body Text")
        p("{%p endif %}", "Body Text")
        p("Minutes", "Heading 2")
        # Each section's name is a heading over a table of its own: a name in a row merged across one table
        # would be a merged cell in the body of the table, which screen readers read badly (as the agenda).
        p("{%p for section in sections %}", "Body Text")
        p("{{ section.title }}", "Heading 3")
        widths = [737, TEXT_WIDTH - 737 - 1928, 1928]
        table = self.table(["Item", "Minute", "Action by"], widths)
        self.tag(table, "{%tr for row in section.rows %}")
        self.row(table, ["{{ row.number }}.", "{{ row.minute }}", "{{ row.action_by }}"])
        self.tag(table, "{%tr endfor %}")
        ooxml.set_widths(table, widths)
        p("{%p endfor %}", "Body Text")
        self.next_meeting()
        return self.save("minutes")

    def heading_row(self, table, text: str) -> None:
        """A row naming the group of the rows below it (not merged across: see above), kept on the page of the first of them."""
        row = self.row(table, [text, "", ""], style="Table Heading", fill=self.look.label_fill)
        row.cells[0].paragraphs[0].paragraph_format.keep_with_next = True

    def people(self, listed: str) -> None:
        """A table of people: a group's name as a row of its own above its first member."""
        widths = [2835, 3402, TEXT_WIDTH - 2835 - 3402]
        table = self.table(["Name", "Job Title", "Organisation"], widths)
        self.tag(table, f"{{%tr for person in {listed} %}}")
        self.tag(table, "{%tr if person.heading %}")
        self.heading_row(table, "{{ person.heading }}")
        self.tag(table, "{%tr endif %}")
        self.row(table, ["{{ person.name }}", "{{ person.role }}", "{{ person.organisation }}"])
        self.tag(table, "{%tr endfor %}")
        ooxml.set_widths(table, widths)


TEMPLATES = {
    "lsc-ics": [CoverSheetLayout, IcsAgendaLayout, ActionLogLayout, MinutesLayout],
    "lancashire-cc": [CommitteeReportLayout, CouncilAgendaLayout, ActionLogLayout, MinutesLayout],
}
"""The templates each house style ships."""


def main() -> None:
    """Recreate every house style's Word files."""
    for name in LOOKS:
        build_reference(name)
        for layout in TEMPLATES[name]:
            layout(name).build()


if __name__ == "__main__":
    main()
