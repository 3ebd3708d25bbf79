"""The options appraisal as a document: tables laid out here, Markdown cells via pandoc.

In order: the description of options, the key, the detailed assessment
matrix, the summary matrix (derived from the assessments, never typed),
benefits and risks, the evaluation and the preferred option. Rating cells are
shaded by rating, low to high, and always carry the rating as text. With more
than three options the tables go into a landscape section.
"""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path

from docx import Document
from docx.enum.section import WD_ORIENT, WD_SECTION
from docx.enum.table import WD_TABLE_ALIGNMENT
from docx.table import Table, _Cell

from pipeline import ooxml
from pipeline.compose import compose
from pipeline.housestyle import HouseStyle
from pipeline.layouts.laid import Laid
from pipeline.markdown import PandocJob
from pipeline.models.options_appraisal import (
    OptionsAppraisal, Rated, conjunction_text, preferred_line, summary,
)
from pipeline.output import Properties
from pipeline.render import Slots
from pipeline.validate import Validated

LANDSCAPE_FROM = 4
"""Appraisals of this many options or more are laid out on landscape pages."""
LABEL_WIDTH = 2268
"""The first (label) column of every matrix: 4 cm."""


def appraisal_document(appraisal: OptionsAppraisal, style: HouseStyle, base: Path, root: Path, level: int = 1) -> Document:
    """Return `appraisal` as a Word document in `style`, its headings starting at `level`.

    `base` is the folder of the appraisal's YAML file, where its Markdown finds
    images; they are read from inside the input tree `root` only.
    """
    layout = _Layout(appraisal, style, base, root, level)
    layout.build()
    return compose(layout.document, layout.job.run(style.reference_docx), layout.slots, {})


class _Layout:
    def __init__(self, appraisal: OptionsAppraisal, style: HouseStyle, base: Path, root: Path, level: int) -> None:
        self.appraisal, self.style, self.base, self.level = appraisal, style, base, level
        self.document = Document(str(style.reference_docx))
        self.job = PandocJob(root)
        self.slots = Slots()
        self.matrix = summary(appraisal)
        self.count = 0
        self.wide = len(appraisal.options) >= LANDSCAPE_FROM

    def build(self) -> None:
        appraisal = self.appraisal
        self.heading(appraisal.title, 0)
        if appraisal.intro:
            self.markdown_paragraph(appraisal.intro)
        if self.wide:
            self.turn_page(WD_ORIENT.LANDSCAPE)
        self.description_table()
        self.key_table()
        self.assessment_matrix()
        self.summary_matrix()
        self.benefits_and_risks()
        if self.wide:
            self.turn_page(WD_ORIENT.PORTRAIT)
        if appraisal.evaluation:
            self.heading("Evaluation", 1)
            self.markdown_paragraph(appraisal.evaluation)
        if appraisal.preferred:
            self.heading("Preferred option", 1)
            self.document.add_paragraph(preferred_line(appraisal), style="Body Text").runs[0].bold = True
            self.markdown_paragraph(appraisal.preferred.rationale)

    # --- the pieces ------------------------------------------------------------

    def heading(self, text: str, depth: int) -> None:
        self.document.add_paragraph(text, style=f"Heading {min(self.level + depth, 9)}")

    def slot(self, fill: Callable[[PandocJob], None]) -> str:
        """Return the text of a new slot whose content `fill` adds to the pandoc job."""
        self.count += 1
        name = f"part{self.count}"
        with self.job.slot(name):
            fill(self.job)
        return self.slots.text(name)

    def markdown(self, markdown: str) -> str:
        """Return the text of a new slot holding `markdown`, converted."""
        return self.slot(lambda job: job.markdown(markdown, self.base, identifiers=False))

    def markdown_paragraph(self, markdown: str) -> None:
        self.document.add_paragraph(self.markdown(markdown), style="Body Text")

    def rich(self, cell: _Cell, slot: str) -> None:
        """Put the slot `slot` in `cell`, so its converted content fills the cell."""
        paragraph = cell.paragraphs[-1] if not cell.paragraphs[-1].text else cell.add_paragraph()
        paragraph.text = slot
        paragraph.style = self.document.styles["Table Text"]

    def turn_page(self, orientation: WD_ORIENT) -> None:
        """End the section here and start one in `orientation` on a new page."""
        section = self.document.add_section(WD_SECTION.NEW_PAGE)
        if section.orientation != orientation:
            section.orientation = orientation
            section.page_width, section.page_height = section.page_height, section.page_width

    def table(self, columns: int, label_width: int = LABEL_WIDTH) -> tuple[Table, list[int]]:
        width = ooxml.text_width(self.document)
        rest = width - label_width
        widths = [label_width] + [rest // (columns - 1)] * (columns - 1)
        widths[-1] += width - sum(widths)
        table = self.document.add_table(rows=0, cols=columns)
        table.alignment = WD_TABLE_ALIGNMENT.CENTER
        ooxml.style_table(table, "Table", header_look=True, first_column=True)
        return table, widths

    def header_row(self, table: Table, texts: list[str]) -> None:
        row = table.add_row()
        for cell, text in zip(row.cells, texts):
            self.text(cell, text, "Table Heading")
        ooxml.mark_header_row(row)

    def text(self, cell: _Cell, text: str, style: str = "Table Text", fill: str | None = None) -> None:
        paragraph = cell.paragraphs[-1] if not cell.paragraphs[-1].text else cell.add_paragraph()
        paragraph.style = self.document.styles[style]
        paragraph.add_run(text)
        if fill:
            ooxml.shade(cell, fill)

    def label(self, cell: _Cell, text: str) -> None:
        """Write a row label; the table style shades the first column."""
        self.text(cell, text, "Table Heading")

    def option_headings(self) -> list[str]:
        return [f"{option.title}: {option.name}" for option in self.appraisal.options]

    def colour(self, rated: Rated) -> str:
        return self.style.rating_colour(rated.positions, len(self.appraisal.scale))

    def finish(self, table: Table, widths: list[int]) -> None:
        # No empty paragraph after it: the next heading's own space sets the table apart.
        ooxml.set_widths(table, widths)
        for row in table.rows[1:]:
            ooxml.keep_row_together(row)

    # --- the tables --------------------------------------------------------------

    def description_table(self) -> None:
        self.heading("Description of options", 1)
        table, widths = self.table(len(self.appraisal.options) + 1)
        self.header_row(table, ["Option"] + self.option_headings())
        row = table.add_row().cells
        self.label(row[0], "Description")
        for cell, option in zip(row[1:], self.appraisal.options):
            def describe(job: PandocJob, option=option) -> None:
                job.markdown(option.description, self.base, identifiers=False)
                if option.note:
                    job.plain(option.note, italic=True)
            self.rich(cell, self.slot(describe))
        row = table.add_row().cells
        self.label(row[0], "Could operate in conjunction with")
        for cell, option in zip(row[1:], self.appraisal.options):
            self.text(cell, conjunction_text(option.combines_with))
        self.finish(table, widths)

    def key_table(self) -> None:
        self.heading("Key", 1)
        table, _ = self.table(2)
        widths = [LABEL_WIDTH, 5670]
        self.header_row(table, ["Rating", "Meaning"])
        steps = len(self.appraisal.scale)
        for position, step in reversed(list(enumerate(self.appraisal.scale))):
            row = table.add_row().cells
            self.text(row[0], step.rating, "Table Heading", fill=self.style.rating_colour([position], steps))
            self.text(row[1], step.meaning)
        table.alignment = WD_TABLE_ALIGNMENT.LEFT
        self.finish(table, widths)

    def rating_paragraph(self, cell: _Cell, rated: Rated, prefix: str, whole_cell: bool = False, qualified: bool = True) -> None:
        """Add the rating `rated` to `cell` as text, shaded by rating: the whole cell when it is the cell's own.

        Its qualifier follows in italics when `qualified`.
        """
        paragraph = cell.paragraphs[-1] if not cell.paragraphs[-1].text else cell.add_paragraph()
        paragraph.style = self.document.styles["Table Text"]
        paragraph.add_run(f"{prefix}{rated.text}").bold = True
        if rated.qualifier and qualified:
            paragraph.add_run(f" ({rated.qualifier})").italic = True
        if whole_cell:
            ooxml.shade(cell, self.colour(rated))
        else:
            ooxml.shade_paragraph(paragraph, self.colour(rated))

    def assessment_matrix(self) -> None:
        self.heading("Detailed assessment", 1)
        appraisal = self.appraisal
        table, widths = self.table(len(appraisal.options) + 1)
        self.header_row(table, ["Principle"] + self.option_headings())
        for principle in appraisal.principles:
            row = table.add_row().cells
            self.label(row[0], principle.title)  # first, so the PDF tags the cell as the row's header
            if principle.points:
                self.rich(row[0], self.slot(lambda job, points=principle.points: job.bullets(points)))
            for cell, option in zip(row[1:], appraisal.options):
                rated, combined = self.matrix[principle.id][option.id]
                self.rating_paragraph(cell, rated, "Suggested ability: ", whole_cell=True)
                narrative = appraisal.assessment(option.id, principle.id).narrative
                if narrative:
                    self.rich(cell, self.markdown(narrative))
                for combination in combined:
                    self.rating_paragraph(cell, combination, f"{combination.combined_with}: ")
        self.finish(table, widths)

    def summary_matrix(self) -> None:
        self.heading("Summary of ratings", 1)
        appraisal = self.appraisal
        table, widths = self.table(len(appraisal.options) + 1)
        self.header_row(table, ["Principle"] + [option.title for option in appraisal.options])
        self.header_row(table, [""] + [option.label or option.name for option in appraisal.options])
        # A row a principle: its rating shades the cell, each combination's its own line. (A second row
        # for the combinations needed the principle's cell merged down both, which screen readers misread.)
        for principle in appraisal.principles:
            row = table.add_row().cells
            self.label(row[0], principle.title)
            for cell, option in zip(row[1:], appraisal.options):
                rated, combined = self.matrix[principle.id][option.id]
                self.rating_paragraph(cell, rated, "", whole_cell=True, qualified=False)
                for combination in combined:
                    self.rating_paragraph(cell, combination, f"{combination.combined_with} ", qualified=False)
        self.finish(table, widths)

    def benefits_and_risks(self) -> None:
        options = self.appraisal.options
        self.heading("Benefits and risks", 1)
        table, widths = self.table(len(options) + 1)
        self.header_row(table, [""] + self.option_headings())
        rows = [("Key features", [o.key_features for o in options]), ("Summary of benefits", [o.benefits for o in options]),
                ("Summary of risks", [o.risks for o in options])]
        for label, lists in rows:
            if not any(lists):
                continue
            row = table.add_row().cells
            self.label(row[0], label)
            for cell, items in zip(row[1:], lists):
                if items:
                    self.rich(cell, self.slot(lambda job, i=items: job.bullets(i)))
        self.finish(table, widths)



def lay_out_options_appraisal(validated: Validated, in_pack: None = None, pdfs: None = None) -> Laid:
    """Return an options appraisal built on its own, in its house style, and its properties."""
    appraisal: OptionsAppraisal = validated.model
    style = validated.style
    document = appraisal_document(appraisal, style, validated.source.path.parent, validated.root)
    return Laid(document, Properties(title=appraisal.title, subject="Options appraisal", author=""))
