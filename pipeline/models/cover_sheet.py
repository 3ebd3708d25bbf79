"""The NHS board paper: the standard cover sheet, then the body (seed 003)."""

from __future__ import annotations

from typing import Annotated, Any, Literal, Union

from pydantic import BeforeValidator, Discriminator, Field, Tag
from pydantic_core import PydanticCustomError

from pipeline.errors import Problem
from pipeline.models.fields import (
    Answer, Count, DateOrMonth, Flag, IsoDate, Line, Markdown, Model, Name, StyleName, YesNoNA, input_file, shown,
)
from pipeline.source import Source


class Meeting(Model):
    """The meeting that receives a paper."""

    committee: Name = Field(examples=["ICS Board"])
    """The committee or board, e.g. ICS Board."""
    date: IsoDate = Field(examples=["2020-12-02"])
    """The day of the meeting, YYYY-MM-DD."""


class Recommendations(Model):
    """What the committee is asked to do."""

    lead_in: Line | None = Field(default=None, examples=["The ICS Board is asked to"])
    """Words before the numbered list (optional)."""
    items: list[Markdown] = Field(min_length=1, examples=[["endorse the approach set out in section 2."]])
    """One recommendation each, numbered 1, 2, 3 on the cover sheet (Markdown)."""


class GovernanceEntry(Model):
    """A forum that has already discussed the paper."""

    forum: Line = Field(examples=["System Leadership Executive"])
    """The meeting or group that discussed the paper."""
    date: DateOrMonth = Field(examples=["2020-11-18"])
    """When it did: a date, a month (2020-11) or 'ongoing'."""
    outcome: Line = Field(examples=["Endorsed for the ICS Board."])
    """What it decided or said."""


class Implications(Model):
    """The six impact-assessment rows; each is yes, no or n/a, and exactly one box is ticked."""

    quality_impact_assessment: YesNoNA = Field(examples=["n/a"])
    """Has a quality impact assessment been completed?"""
    equality_impact_assessment: YesNoNA = Field(examples=["n/a"])
    """Has an equality impact assessment been completed?"""
    privacy_impact_assessment: YesNoNA = Field(examples=["n/a"])
    """Has a privacy (data protection) impact assessment been completed?"""
    financial_impact_assessment: YesNoNA = Field(examples=["n/a"])
    """Has a financial impact assessment been completed?"""
    associated_risks: YesNoNA = Field(examples=["no"])
    """Are there risks associated with the paper? yes needs at least one entry under risks."""
    risks_on_register: YesNoNA = Field(examples=["n/a"])
    """Are those risks on the risk register? yes needs a reference on every risk."""


class Risk(Model):
    """A risk the paper carries."""

    description: Line = Field(examples=["Costs may rise above plan during the winter."])
    """What could go wrong."""
    reference: Line | None = Field(default=None, examples=["SR-07"])
    """The risk register reference, required when risks_on_register is yes."""


class SignOff(Model):
    """Who signs the paper off, shown at the end of the body."""

    name: Line = Field(examples=["Gary Raphael"])
    """The name of the officer."""
    role: Line = Field(examples=["ICS Finance Lead"])
    """Their role."""
    date: IsoDate = Field(examples=["2020-11-24"])
    """The day they signed it off, YYYY-MM-DD."""


class Appendix(Model):
    """An appendix: listed after the body, and its file included when given."""

    title: Line = Field(examples=["Plan on a page"])
    """The appendix's title; appendices are lettered A, B, C in order."""
    file: input_file(".docx", ".md", ".pdf") | None = None
    """A .docx or .md file appended to the paper, or a .pdf merged into PDF packs."""
    clean: Flag = False
    """true to have the build remove a Word file's tracked changes, comments, hidden text, objects and live fields (it says what it removed)."""


class MarkdownFile(Model):
    """A body part kept in its own Markdown file."""

    markdown_file: input_file(".md", ".markdown") = Field(examples=["phase-3-planning.md"])
    """The Markdown file, relative to this file."""


class OptionsAppraisalPart(Model):
    """A body part that is an options appraisal."""

    options_appraisal: input_file(".yaml", ".yml")
    """The options-appraisal YAML file, relative to this file."""


def _part_kind(value: Any) -> str | None:
    if isinstance(value, str):
        return "text"
    if isinstance(value, dict):
        for key in ("markdown_file", "options_appraisal"):
            if key in value:
                return key
    return None


BodyPart = Annotated[
    Union[
        Annotated[Markdown, Tag("text")],
        Annotated[MarkdownFile, Tag("markdown_file")],
        Annotated[OptionsAppraisalPart, Tag("options_appraisal")],
    ],
    Discriminator(
        _part_kind,
        custom_error_type="part",
        custom_error_message="expected Markdown text, {markdown_file: path} or {options_appraisal: path}",
    ),
]
"""One part of a body: Markdown text, a Markdown file, or an options appraisal."""


def _parts(value: Any) -> Any:
    if isinstance(value, str):
        return [value]
    if value is None:
        raise PydanticCustomError("blank", "must not be empty")
    if not isinstance(value, list):
        raise PydanticCustomError("parts", "expected Markdown text or a list of parts, got {got}", {"got": shown(value)})
    return value


Body = Annotated[list[BodyPart], BeforeValidator(_parts)]
"""Markdown text, or a list of parts each Markdown text, {markdown_file: path} or {options_appraisal: path}."""


class CoverSheet(Model):
    """An NHS board paper: the standard cover sheet, then the body."""

    kind: Literal["cover-sheet"]
    """The kind of input: cover-sheet."""
    style: StyleName = Field(default="lsc-ics", examples=["lsc-ics"])
    """The house style: a folder under templates/."""
    title: Name = Field(examples=["Conclusion of the phase 3 planning process"])
    """The title of the paper."""
    meeting: Meeting | None = None
    """The meeting the paper goes to; filled in by the pack when built in one."""
    agenda_item: Count | None = Field(default=None, examples=[5])
    """The agenda item number; derived by the pack when built in one."""
    presented_by: Line = Field(examples=["Gary Raphael"])
    """Who presents the paper at the meeting."""
    author: Name = Field(examples=["Gary Raphael"])
    """Who wrote the paper."""
    contributors: list[Line] = Field(default_factory=list, examples=[[]])
    """Others who contributed (optional)."""
    confidential: Flag = Field(default=False, examples=[False])
    """true when the paper is not for publication; confidential_reason then says why."""
    confidential_reason: Line | None = None
    """Why the paper is confidential; required when confidential is true."""
    purpose: Markdown = Field(examples=["For information."])
    """The purpose of the paper (Markdown)."""
    executive_summary: Markdown = Field(examples=["What the paper says, in a few sentences."])
    """The executive summary (Markdown)."""
    recommendations: Recommendations
    """What the meeting is asked to do."""
    governance: list[GovernanceEntry] = Field(
        default_factory=list,
        examples=[[{"forum": "System Leadership Executive", "date": "2020-11-18", "outcome": "Endorsed for the ICS Board."}]],
    )
    """Other forums that have discussed the paper (the Governance and Reporting table)."""
    conflicts_of_interest: Markdown = Field(examples=["None identified."])
    """Conflicts of interest identified (Markdown)."""
    implications: Implications
    """The impact-assessment checkboxes."""
    risks: list[Risk] = Field(default_factory=list, examples=[[]])
    """Risks associated with the paper, each with a description and register reference."""
    body: Body = Field(default_factory=list, examples=[["## Introduction\n\n1. The body of the paper, in Markdown.\n"]])
    """The body of the paper: Markdown text, or a list of parts."""
    sign_off: SignOff | None = None
    """Who signs the paper off (optional)."""
    appendices: list[Appendix] = Field(default_factory=list, examples=[[]])
    """Appendices, lettered A, B, C (optional)."""


def confidentiality_rule(paper: CoverSheet, source: Source) -> list[Problem]:
    """A confidential paper says why; a reason needs confidential: true."""
    if paper.confidential and paper.confidential_reason is None:
        return [source.problem(("confidential",), "is true, so confidential_reason must say why the paper is not for publication")]
    if not paper.confidential and paper.confidential_reason is not None:
        return [source.problem(("confidential_reason",), "is given but confidential is false; set confidential: true or remove the reason")]
    return []


def risk_rule(paper: CoverSheet, source: Source) -> list[Problem]:
    """Associated risks are listed exactly when answered yes; risks on the register have references."""
    problems = []
    answers = paper.implications
    if answers.associated_risks is Answer.YES and not paper.risks:
        problems.append(source.problem(("implications", "associated_risks"), "is yes, so list at least one risk under risks"))
    if answers.associated_risks is not Answer.YES and paper.risks:
        problems.append(source.problem(("risks",), f"risks are listed but implications.associated_risks is {answers.associated_risks.value}; answer yes or remove them"))
    if answers.risks_on_register is Answer.YES:
        if answers.associated_risks is not Answer.YES:
            problems.append(source.problem(("implications", "risks_on_register"), f"is yes but associated_risks is {answers.associated_risks.value}"))
        for index, risk in enumerate(paper.risks):
            if risk.reference is None:
                problems.append(source.problem(("risks", index), "needs a reference: implications.risks_on_register is yes"))
    return problems


COVER_SHEET_RULES = (confidentiality_rule, risk_rule)
"""The rules that span a cover sheet's fields."""
