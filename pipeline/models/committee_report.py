"""A council committee report, as Lancashire County Council writes them (seed 002)."""

from __future__ import annotations

import re
from typing import Annotated, Any, Literal

from pydantic import BeforeValidator, Field
from pydantic_core import PydanticCustomError

from pipeline.errors import Problem
from pipeline.models.cover_sheet import Appendix, Body, Recommendations
from pipeline.models.fields import Count, DateOrMonth, Flag, IsoDate, Line, Markdown, Model, Name, StyleName, shown
from pipeline.source import Source

SCHEDULE_12A = {
    1: "Information relating to any individual.",
    2: "Information which is likely to reveal the identity of an individual.",
    3: "Information relating to the financial or business affairs of any particular person "
       "(including the authority holding that information).",
    4: "Information relating to any consultations or negotiations, or contemplated consultations or "
       "negotiations, in connection with any labour relations matter arising between the authority or "
       "a Minister of the Crown and employees of, or office holders under, the authority.",
    5: "Information in respect of which a claim to legal professional privilege could be maintained "
       "in legal proceedings.",
    6: "Information which reveals that the authority proposes (a) to give under any enactment a notice "
       "under or by virtue of which requirements are imposed on a person; or (b) to make an order or "
       "direction under any enactment.",
    7: "Information relating to any action taken or to be taken in connection with the prevention, "
       "investigation or prosecution of crime.",
}
"""The paragraphs of Part 1 of Schedule 12A to the Local Government Act 1972 (exempt information)."""


def _email(value: Any) -> str:
    text = value.strip() if isinstance(value, str) else ""
    if not re.fullmatch(r"[^@\s]+@[^@\s]+\.[^@\s]+", text):
        raise PydanticCustomError("email", "expected an email address such as name@lancashire.gov.uk, got {got}", {"got": shown(value)})
    return text


Email = Annotated[str, BeforeValidator(_email)]
"""An email address."""


def _paragraph(value: Any) -> int:
    text = value.strip() if isinstance(value, str) else str(value)
    if not re.fullmatch(r"[1-7]", text):
        raise PydanticCustomError("paragraph", "expected the paragraph of Schedule 12A that applies, 1 to 7, got {got}", {"got": shown(value)})
    return int(text)


ExemptParagraph = Annotated[int, BeforeValidator(_paragraph)]
"""A paragraph of Schedule 12A, 1 to 7."""


class Contact(Model):
    """Who to contact for further information."""

    name: Name = Field(examples=["Louise Taylor"])
    """The officer's name."""
    tel: Line | None = Field(default=None, examples=["01772 536126"])
    """Their telephone number."""
    role: Line | None = Field(default=None, examples=["Executive Director, Adult Services and Health and Wellbeing"])
    """Their role."""
    email: Email | None = Field(default=None, examples=["louise.taylor@lancashire.gov.uk"])
    """Their email address."""


class Consultation(Model):
    """Someone consulted on the report; consultations are lettered a), b), c)."""

    with_: Line = Field(alias="with", examples=["Health and Adults Services Scrutiny Panel"])
    """Who was consulted (the key is 'with')."""
    date: DateOrMonth = Field(examples=["2023-05-12"])
    """When: a date, a month (2023-05) or 'ongoing'."""
    text: Markdown = Field(examples=["The Director discussed the scope of the deal with the panel."])
    """What was discussed or said (Markdown)."""


class BackgroundPaper(Model):
    """A background paper under the Local Government (Access to Information) Act 1985."""

    paper: Line = Field(examples=["Cabinet report, Place Integration Deal"])
    """The paper."""
    date: DateOrMonth = Field(examples=["2023-07-06"])
    """Its date: a date, a month or 'ongoing'."""
    contact: Line = Field(examples=["Louise Taylor, 01772 536126"])
    """Who holds it, with a telephone number."""


class CouncilRecommendations(Recommendations):
    """What the committee is asked to do; items are numbered i), ii), iii)."""

    lead_in: Line | None = Field(default=None, examples=["The Health and Wellbeing Board is asked to:"])
    """Words before the list; "The <committee> is asked to:" when left out."""


class CommitteeReport(Model):
    """A council committee report in the council's house style."""

    kind: Literal["committee-report"]
    """The kind of input: committee-report."""
    style: StyleName = Field(default="lancashire-cc", examples=["lancashire-cc"])
    """The house style: a folder under templates/."""
    committee: Name = Field(examples=["Lancashire Health and Wellbeing Board"])
    """The committee the report goes to."""
    meeting_date: IsoDate = Field(examples=["2023-07-18"])
    """The day of the meeting, YYYY-MM-DD."""
    agenda_item: Count | None = None
    """The agenda item number; derived by the pack when built in one."""
    corporate_priorities: list[Line] = Field(default_factory=list, examples=[["Delivering better services"]])
    """The corporate priorities the report serves."""
    title: Name = Field(examples=["Place Integration Deal"])
    """The title of the report."""
    report_of: Line | None = None
    """Whose report it is, e.g. Director of Health and Care Integration (optional)."""
    contact: Contact
    """Who to contact for further information."""
    confidential: Flag = Field(default=False, examples=[False])
    """true for a Part II report, not for publication; exempt_paragraph then says why."""
    exempt_paragraph: ExemptParagraph | None = None
    """The paragraph of Schedule 12A to the Local Government Act 1972 that applies (1-7); required when confidential."""
    brief_summary: Markdown = Field(examples=["What the report is about, in a few sentences."])
    """The brief summary (Markdown)."""
    recommendations: CouncilRecommendations
    """What the committee is asked to do."""
    detail: Body = Field(examples=[["The detail of the report, in Markdown.\n"]])
    """The detail: Markdown text, or a list of parts."""
    consultations: list[Consultation] = Field(default_factory=list, examples=[[
        {"with": "Health and Adults Services Scrutiny Panel", "date": "2023-05-12", "text": "The panel discussed the scope of the deal."},
    ]])
    """Who was consulted, lettered a), b), c)."""
    implications: dict[str, Markdown] = Field(default_factory=dict, examples=[{"Risk management": "Delegation is phased to limit risk."}])
    """Implications by heading, e.g. Risk management, Financial, Legal (Markdown)."""
    background_papers: list[BackgroundPaper] = Field(default_factory=list, examples=[[]])
    """Background papers; "None" when empty."""
    appendices: list[Appendix] = Field(default_factory=list, examples=[[]])
    """Appendices, lettered 'A', 'B', 'C'."""


def part_two_rule(report: CommitteeReport, source: Source) -> list[Problem]:
    """A Part II report names its Schedule 12A paragraph; a Part I report names none."""
    if report.confidential and report.exempt_paragraph is None:
        return [source.problem(("confidential",), "is true, so exempt_paragraph must give the paragraph of Schedule 12A (1-7) that applies")]
    if not report.confidential and report.exempt_paragraph is not None:
        return [source.problem(("exempt_paragraph",), "is given but confidential is false; a Part I report is published")]
    return []


def implication_rule(report: CommitteeReport, source: Source) -> list[Problem]:
    """Implication headings are not blank."""
    return [source.problem(("implications", heading), "a heading must not be empty") for heading in report.implications if not heading.strip()]


COMMITTEE_REPORT_RULES = (part_two_rule, implication_rule)
"""The rules that span a committee report's fields."""
