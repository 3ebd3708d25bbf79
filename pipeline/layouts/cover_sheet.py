"""The NHS board paper: what its cover sheet shows, and the content after it."""

from __future__ import annotations

from pathlib import Path
from typing import Any

from docx import Document

from pipeline.compose import PAGE, SLOT, compose
from pipeline.housestyle import HouseStyle, load_house_style
from pipeline.layouts.body import add_appendix, add_body_parts
from pipeline.markdown import PandocJob
from pipeline.models.cover_sheet import CoverSheet
from pipeline.models.fields import Answer
from pipeline.render import Slots, fill_template

TICKED, UNTICKED = "\u2612", "\u2610"  # ☒ ☐
MARKDOWN_SLOTS = ("purpose", "executive_summary", "conflicts_of_interest")


def cover_sheet_view(paper: CoverSheet, style: HouseStyle) -> dict[str, Any]:
    """Return what the cover-sheet template shows for `paper`, as text."""
    meeting = paper.meeting
    return {
        "committee": meeting.committee if meeting else style.settings.committee,
        "meeting_date": style.date(meeting.date) if meeting else "To be confirmed",
        "title": paper.title,
        "presented_by": paper.presented_by,
        "author": paper.author,
        "contributors": "; ".join(paper.contributors),
        "agenda_item": str(paper.agenda_item) if paper.agenda_item else "To be confirmed",
        "confidential": f"Yes \u2013 {paper.confidential_reason}" if paper.confidential else "No",
        "marking": "CONFIDENTIAL \u2013 NOT FOR PUBLICATION" if paper.confidential else "",
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


def cover_sheet_job(paper: CoverSheet, style: HouseStyle, base: Path) -> tuple[PandocJob, dict[str, Path]]:
    """Return the pandoc job for `paper`'s Markdown, and the Word files it inserts.

    The cover-sheet slots come first; then the body, sign-off and appendices,
    starting on a new page.
    """
    job = PandocJob()
    for name in MARKDOWN_SLOTS:
        job.marker(SLOT + name)
        job.markdown(getattr(paper, name), base, identifiers=False)
    job.marker(SLOT + "recommendations")
    if paper.recommendations.lead_in:
        job.plain(paper.recommendations.lead_in)
    job.numbered(paper.recommendations.items, base)

    job.marker(PAGE)
    inserts = add_body_parts(job, paper.body, base)
    if paper.sign_off:
        sign_off = paper.sign_off
        job.lines([(sign_off.name, True), (sign_off.role, False), (style.date(sign_off.date), False)], style="Sign-off")
    if paper.appendices:
        job.heading("Appendices", level=2)
        for index, appendix in enumerate(paper.appendices):
            note = " (PDF)" if appendix.file and appendix.file.suffix.lower() == ".pdf" else ""
            job.plain(f"{style.appendix_label(index)}: {appendix.title}{note}")
        for index, appendix in enumerate(paper.appendices):
            inserts.update(add_appendix(job, style.appendix_label(index), appendix.title, appendix.file))
    return job, inserts


def cover_sheet_document(paper: CoverSheet, base: Path) -> Document:
    """Return the whole paper: the filled cover sheet, then the body.

    `base` is the folder of the paper's YAML file, where its inline Markdown
    finds images.
    """
    style = load_house_style(paper.style)
    slots = Slots()
    document = fill_template(style.template("cover-sheet"), cover_sheet_view(paper, style), slots, style.reference_docx)
    job, inserts = cover_sheet_job(paper, style, base)
    return compose(document, job.run(style.reference_docx), slots, inserts)
