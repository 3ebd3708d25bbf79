"""The council committee report: what its template shows, and the content in it."""

from __future__ import annotations

from typing import Any

from pipeline.compose import compose
from pipeline.housestyle import HouseStyle
from pipeline.models.fields import letter
from pipeline.layouts.body import Appraisal, add_appendix, add_body_parts, word_appraisal
from pipeline.layouts.laid import InPack, Laid, PdfSlots
from pipeline.markdown import PandocJob
from pipeline.models.committee_report import SCHEDULE_12A, CommitteeReport
from pipeline.output import Properties
from pipeline.render import Slots, fill_template
from pipeline.validate import Validated

DETAIL_LEVEL = 3
"""An options appraisal in the detail starts at Heading 3: the detail itself sits under a Heading 2."""


def appendix_line(count: int) -> str:
    """Return the line under the title: (Appendix ‘A’ refers), (Appendix ‘A’, ‘B’ and ‘C’ refer); '' for none.

    The quotes are curly, as pandoc's smart typography makes those the authors type.
    """
    letters = [f"\u2018{letter(i)}\u2019" for i in range(count)]
    if not letters:
        return ""
    if len(letters) == 1:
        return f"(Appendix {letters[0]} refers)"
    return f"(Appendix {', '.join(letters[:-1])} and {letters[-1]} refer)"


def part_two_reason(report: CommitteeReport) -> str:
    """Return the "Reason for inclusion in Part II" text: the Schedule 12A paragraph, or N/A."""
    if not report.confidential or report.exempt_paragraph is None:
        return "N/A"
    number = report.exempt_paragraph
    return (
        f"Exempt information as defined in Paragraph {number} of Part 1 of Schedule 12A to the Local Government "
        f"Act 1972: {SCHEDULE_12A[number]} In all the circumstances of the case the public interest in maintaining "
        "the exemption is considered to outweigh the public interest in disclosing the information."
    )


def committee_report_view(report: CommitteeReport, style: HouseStyle, slots: Slots, in_pack: InPack | None = None) -> dict[str, Any]:
    """Return what the committee-report template shows for `report`, as text; in a pack, its item number."""
    contact = report.contact
    count = len(report.appendices)
    number = in_pack.number if in_pack else report.agenda_item
    return {
        "agenda_item": str(number) if number else "",
        "committee": report.committee,
        "meeting_date": style.meeting_date(report.meeting_date),
        "part": "Part II" if report.confidential else "Part I",
        "marking": (f"{style.settings.marking}: exempt information under paragraph {report.exempt_paragraph} "
                    "of Part 1 of Schedule 12A to the Local Government Act 1972") if report.confidential else "",
        "report_of": report.report_of or "",
        "corporate_priorities": " ".join(f"{priority};" for priority in report.corporate_priorities) or "None",
        "title": report.title,
        "appendix_line": appendix_line(count),
        "contact": ", ".join(filter(None, [contact.name, contact.tel and f"Tel: {contact.tel}", contact.role, contact.email])),
        "consultations": [
            {
                "heading": f"{letter(i).lower()}) {c.with_} (ongoing)" if c.date.ongoing
                else f"{letter(i).lower()}) {c.with_} \u2013 {style.when(c.date)}",
                "slot": slots.text(f"consultation{i}"),
            }
            for i, c in enumerate(report.consultations)
        ],
        "implications": [{"heading": heading, "slot": slots.text(f"implication{i}")} for i, heading in enumerate(report.implications)],
        "background_papers": [
            {"paper": p.paper, "date": style.when(p.date), "contact": p.contact} for p in report.background_papers
        ],
        "part_two_reason": part_two_reason(report),
        "appendices": [{"label": style.appendix_label(i), "title": a.title} for i, a in enumerate(report.appendices)],
    }


def committee_report_job(validated: Validated, style: HouseStyle, pdfs: PdfSlots | None = None,
                         appraisal: Appraisal = word_appraisal) -> tuple[PandocJob, dict[str, Any]]:
    """Return the pandoc job for the report's Markdown, and what it inserts (Word documents; appraisals as `appraisal` makes them)."""
    report: CommitteeReport = validated.model
    base = validated.source.path.parent
    job = PandocJob(validated.root, style.settings.figure_label)
    with job.slot("brief_summary"):
        job.markdown(report.brief_summary, base)
    with job.slot("recommendations"):
        job.plain(report.recommendations.lead_in or f"The {report.committee} is asked to:")
        job.numbered(report.recommendations.items, base, style="LowerRoman", delimiter="OneParen")
    with job.slot("detail"):
        inserts = add_body_parts(job, report.detail, base, validated, style, level=DETAIL_LEVEL, headings_from=DETAIL_LEVEL,
                                 appraisal=appraisal)
    for i, consultation in enumerate(report.consultations):
        with job.slot(f"consultation{i}"):
            job.markdown(consultation.text, base, identifiers=False)
    for i, text in enumerate(report.implications.values()):
        with job.slot(f"implication{i}"):
            job.markdown(text, base, identifiers=False)
    for index, appendix in enumerate(report.appendices):
        inserts.update(add_appendix(job, style.appendix_label(index), appendix.title, appendix.file, pdfs))
    return job, inserts


def lay_out_committee_report(validated: Validated, in_pack: InPack | None = None, pdfs: PdfSlots | None = None) -> Laid:
    """Return the whole report in the council's house style, and its properties (`pdfs` as for a cover sheet)."""
    report: CommitteeReport = validated.model
    style = validated.style
    slots = Slots()
    view = committee_report_view(report, style, slots, in_pack)
    document = fill_template(style.template("committee-report"), view, slots, style.reference_docx)
    job, inserts = committee_report_job(validated, style, in_pack.pdfs if in_pack else pdfs)
    return Laid(
        compose(document, job.run(style.reference_docx), slots, inserts),
        Properties(title=report.title, subject=f"{report.committee}, {style.date(report.meeting_date)}", author=report.contact.name),
        view["marking"],
    )

