"""The NHS board paper: what its cover sheet shows, and the content after it."""

from __future__ import annotations

from datetime import date
from typing import Any

from docx.document import Document

from pipeline import ooxml
from pipeline.compose import PAGE, compose
from pipeline.housestyle import HouseStyle
from pipeline.layouts.body import Appraisal, add_appendix, add_body_parts, word_appraisal
from pipeline.layouts.laid import InPack, Laid, PdfSlots
from pipeline.markdown import PandocJob
from pipeline.models.cover_sheet import CoverSheet
from pipeline.models.fields import Answer
from pipeline.output import Properties
from pipeline.render import Slots, fill_template
from pipeline.validate import Validated

TICKED, UNTICKED = "\u2612", "\u2610"  # ☒ ☐
MARKDOWN_SLOTS = ("purpose", "executive_summary", "conflicts_of_interest")


def cover_sheet_view(paper: CoverSheet, style: HouseStyle, in_pack: InPack | None = None) -> dict[str, Any]:
    """Return what the cover-sheet template shows for `paper`, as text; in a pack, the meeting's details."""
    committee, day = _meeting(paper, style, in_pack)
    number = in_pack.number if in_pack else paper.agenda_item
    return {
        "committee": committee,
        "meeting_date": style.date(day) if day else "To be confirmed",
        "title": paper.title,
        "presented_by": paper.presented_by,
        "author": paper.author,
        "contributors": "; ".join(paper.contributors),
        "agenda_item": str(number) if number else "To be confirmed",
        "confidential": f"Yes \u2013 {paper.confidential_reason}" if paper.confidential else "No",
        "marking": style.settings.marking if paper.confidential else "",
        "governance": [
            {"forum": entry.forum, "date": style.when(entry.date), "outcome": entry.outcome}
            for entry in paper.governance
        ],
        "implications": {
            name: {
                "yes": TICKED if answer is Answer.YES else UNTICKED,
                "no": TICKED if answer is Answer.NO else UNTICKED,
                "na": TICKED if answer is Answer.NA else UNTICKED,
            }
            for name, answer in paper.implications
        },
        "risks": [f"{risk.reference} \u2013 {risk.description}" if risk.reference else risk.description for risk in paper.risks],
    }


def _meeting(paper: CoverSheet, style: HouseStyle, in_pack: InPack | None) -> tuple[str, date | None]:
    """Return the committee and day the paper goes to: the pack's, the paper's, or the house default."""
    if in_pack:
        return in_pack.committee, in_pack.date
    if paper.meeting:
        return paper.meeting.committee, paper.meeting.date
    return style.settings.committee, None


def cover_sheet_job(validated: Validated, style: HouseStyle, pdfs: PdfSlots | None = None,
                    appraisal: Appraisal = word_appraisal) -> tuple[PandocJob, dict[str, Any]]:
    """Return the pandoc job for the paper's Markdown, and what it inserts (Word documents; appraisals as `appraisal` makes them).

    The cover-sheet slots come first; then the body, sign-off and appendices,
    starting on a new page.
    """
    paper: CoverSheet = validated.model
    base = validated.source.path.parent
    job = PandocJob(validated.root, style.settings.figure_label)
    for name in MARKDOWN_SLOTS:
        with job.slot(name):
            job.markdown(getattr(paper, name), base, identifiers=False)
    with job.slot("recommendations"):
        if paper.recommendations.lead_in:
            job.plain(paper.recommendations.lead_in)
        job.numbered(paper.recommendations.items, base)

    job.marker(PAGE)
    inserts = add_body_parts(job, paper.body, base, validated, style, appraisal=appraisal)
    if paper.sign_off:
        sign_off = paper.sign_off
        job.lines([(sign_off.name, True), (sign_off.role, False), (style.date(sign_off.date), False)], style="Sign-off")
    if paper.appendices:
        job.heading("Appendices", level=2)
        for index, appendix in enumerate(paper.appendices):
            note = " (PDF)" if appendix.file and appendix.file.suffix.lower() == ".pdf" else ""
            job.plain(f"{style.appendix_label(index)}: {appendix.title}{note}")
        for index, appendix in enumerate(paper.appendices):
            inserts.update(add_appendix(job, style.appendix_label(index), appendix.title, appendix.file, pdfs))
    return job, inserts


def shade_band(document: Document, colour: str) -> None:
    """Shade the cover sheet's committee band (its paragraphs in the "Cover Band" style) with `colour`, the house's setting."""
    for paragraph in document.paragraphs:
        if paragraph.style is not None and paragraph.style.name == "Cover Band":
            ooxml.shade_paragraph(paragraph, colour)
            ooxml.box_paragraph(paragraph, colour)


def lay_out_cover_sheet(validated: Validated, in_pack: InPack | None = None, pdfs: PdfSlots | None = None) -> Laid:
    """Return the whole paper: the filled cover sheet, then the body, and its properties.

    PDF appendices get a notice page, registered in `pdfs` (the pack's, when
    built for one), where the PDF's pages are merged in; without either they
    are only listed.
    """
    paper: CoverSheet = validated.model
    style = validated.style
    slots = Slots()
    view = cover_sheet_view(paper, style, in_pack)
    document = fill_template(style.template("cover-sheet"), view, slots, style.reference_docx)
    if style.settings.band_colour:
        shade_band(document, style.settings.band_colour)
    job, inserts = cover_sheet_job(validated, style, in_pack.pdfs if in_pack else pdfs)
    committee, day = _meeting(paper, style, in_pack)
    subject = f"{committee}, {style.date(day)}" if day else committee
    return Laid(
        compose(document, job.run(style.reference_docx), slots, inserts),
        Properties(title=paper.title, subject=subject, author=paper.author),
        view["marking"],
    )
