"""The minutes of a meeting: what the clerk writes after it, everything the agenda knows taken from its meeting file.

The committee, date, venue, sections, item numbers and titles, and the
papers' recommendations come from the meeting file (``meeting:``); decisions
and action codes are derived, never typed.
"""

from __future__ import annotations

from datetime import date
from enum import Enum
from pathlib import Path
from typing import Literal

from pydantic import Field

from pipeline.errors import Problem, display_path
from pipeline.models.fields import DateOrMonth, IsoDate, Line, Markdown, Model, Name, StyleName, input_file
from pipeline.models.house_style import HouseStyleSettings
from pipeline.models.includes import Include, Included
from pipeline.models.meeting import numbered
from pipeline.source import Source


class Status(str, Enum):
    """Whether the minutes are a draft or approved by the next meeting."""

    DRAFT = "draft"
    APPROVED = "approved"


class Outcome(str, Enum):
    """What the meeting did with an item's paper."""

    APPROVED = "approved"
    NOTED = "noted"
    ENDORSED = "endorsed"
    DEFERRED = "deferred"
    AMENDED = "amended"
    NOT_APPROVED = "not-approved"


class Member(Model):
    """Someone present as a member."""

    name: Name = Field(examples=["David Flory"])
    """Their name."""
    role: Line = Field(examples=["Independent Chair"])
    """Their job title."""
    organisation: Line = Field(examples=["Lancashire and South Cumbria ICS"])
    """Their organisation."""
    group: Line | None = Field(default=None, examples=["ICS Non-Executive Lay Members"])
    """The group they sit in, shown as a heading row above it (optional)."""


class Attendee(Member):
    """Someone in attendance, perhaps standing in for a member."""

    for_: Name | None = Field(default=None, alias="for", examples=["Sue Smith"])
    """The member they stand in for, shown '(on behalf of ...)' (optional)."""


class Declaration(Model):
    """An interest declared."""

    name: Name = Field(examples=["Kevin McGee"])
    """Who declared it."""
    item: Line = Field(examples=["Pathology Collaboration - Preferred Site"])
    """The agenda item it concerns, as the agenda names it."""
    interest: Line = Field(examples=["Chief Executive of a trust bidding to host the hub"])
    """What the interest is."""


class MinuteAction(Model):
    """An action the meeting gave someone; its code is derived."""

    title: Line = Field(examples=["Report the winter financial position to the January meeting"])
    """What is to be done."""
    lead: Name = Field(examples=["Gary Raphael"])
    """Who is responsible."""
    due: DateOrMonth = Field(examples=["2021-01-13"])
    """When it is due: a date, a month (2021-01) or 'ongoing'."""


class MinutedItem(Model):
    """What was said and decided on one agenda item."""

    item: Line = Field(examples=["Current Financial and Operational Overview"])
    """The agenda item's title, exactly as the agenda shows it."""
    minute: Markdown = Field(examples=["The Board discussed the report."])
    """The minute (Markdown)."""
    outcome: Outcome | None = None
    """For an item with a paper: approved, noted, endorsed, deferred, amended (give amendments) or not-approved."""
    amendments: Markdown | None = None
    """How the recommendations were amended, when the outcome is amended (Markdown)."""
    actions: list[MinuteAction] = Field(default_factory=list)
    """The actions the item gave (optional)."""


class Minutes(Model):
    """The minutes of one meeting."""

    kind: Literal["minutes"]
    """The kind of input: minutes."""
    meeting: input_file(".yaml", ".yml") = Field(examples=["meeting.yaml"])
    """The meeting file whose agenda these minutes follow."""
    style: StyleName | None = None
    """The house style; the meeting's when left out."""
    status: Status = Field(examples=["draft"])
    """draft (DRAFT on every page) or approved (give approved_on)."""
    approved_on: IsoDate | None = None
    """The day the minutes were approved, YYYY-MM-DD; required when status is approved."""
    chair: Name = Field(examples=["David Flory"])
    """Who chaired the meeting; they are listed under present."""
    present: list[Member] = Field(min_length=1, examples=[[
        {"name": "David Flory", "role": "Independent Chair", "organisation": "Lancashire and South Cumbria ICS"},
    ]])
    """The members present, in the order the minutes list them."""
    in_attendance: list[Attendee] = Field(default_factory=list)
    """Others in attendance (optional)."""
    apologies: list[Name] = Field(default_factory=list)
    """Who sent apologies (optional)."""
    declarations: list[Declaration] = Field(default_factory=list)
    """Interests declared; 'None declared' when there are none."""
    items: list[MinutedItem] = Field(min_length=1, examples=[[
        {"item": "Welcome, Introductions and Apologies", "minute": "The Chair welcomed members."},
    ]])
    """One entry per agenda item, in agenda order."""


# --- rules ---------------------------------------------------------------------------

def status_rule(minutes: Minutes, source: Source) -> list[Problem]:
    """Approved minutes say when; draft ones do not; the chair is present; an amendment goes with 'amended'."""
    problems = []
    if minutes.status is Status.APPROVED and minutes.approved_on is None:
        problems.append(source.problem(("status",), "is approved, so approved_on must give the day the minutes were approved"))
    if minutes.status is Status.DRAFT and minutes.approved_on is not None:
        problems.append(source.problem(("approved_on",), "is given but status is draft; set status: approved, or remove approved_on"))
    if minutes.chair not in [member.name for member in minutes.present]:
        problems.append(source.problem(("chair",), f"'{minutes.chair}' is not listed under present; add them there"))
    for index, item in enumerate(minutes.items):
        if item.outcome is Outcome.AMENDED and not item.amendments:
            problems.append(source.problem(("items", index, "outcome"), "is amended, so amendments must say how the recommendations were amended"))
        if item.amendments and item.outcome is not Outcome.AMENDED:
            problems.append(source.problem(("items", index, "amendments"), "are given, so outcome must be amended"))
    names = [p.name for p in minutes.present] + [a.name for a in minutes.in_attendance]
    for index, name in enumerate(minutes.apologies):
        if name in names:
            problems.append(source.problem(("apologies", index), f"'{name}' sent apologies but is listed as attending; remove one"))
    return problems


def agenda_rule(minutes: Minutes, source: Source, included: dict[Path, Included], settings: HouseStyleSettings) -> list[Problem]:
    """The items follow the agenda: each on it, in its order, none left out; an outcome needs a paper; declarations name agenda items."""
    if minutes.meeting not in included:
        return []
    meeting, meeting_source = included[minutes.meeting]
    agenda = [(number, item, _title(item, included)) for number, _, item in numbered(meeting)]
    titles = [title for _, _, title in agenda]
    where = display_path(meeting_source.path)
    listing = "; ".join(f"{number}. {title}" for number, _, title in agenda)
    problems = []
    position = {title: index for index, title in enumerate(titles)}
    last, seen = -1, set()
    for index, entry in enumerate(minutes.items):
        at = position.get(entry.item)
        if at is None:
            problems.append(source.problem(("items", index, "item"), f"'{entry.item}' is not on the agenda of {where}, which holds: {listing}"))
            continue
        number, item, _ = agenda[at]
        if entry.item in seen:
            problems.append(source.problem(("items", index, "item"), f"'{entry.item}' (item {number}) is minuted twice"))
        elif at < last:
            problems.append(source.problem(("items", index, "item"), f"'{entry.item}' is item {number}, so it comes before "
                                                                      f"'{titles[last]}' (item {agenda[last][0]}): minutes follow the agenda's order"))
        seen.add(entry.item)
        last = max(last, at)
        if entry.outcome is not None and item.paper is None:
            problems.append(source.problem(("items", index, "outcome"), f"item {number} has no paper, so it has no recommendations to "
                                                                        "approve or note; record what was decided in the minute"))
    missing = [f"{number}. {title}" for number, _, title in agenda if title not in seen]
    if missing:
        many = len(missing) > 1
        problems.append(source.problem(("items",), f"{'items' if many else 'item'} {'; '.join(missing)} of {where} "
                                                   f"{'are' if many else 'is'} not minuted; minute every agenda item "
                                                   "(a line saying it was not taken will do)"))
    for index, declaration in enumerate(minutes.declarations):
        if declaration.item not in position:
            problems.append(source.problem(("declarations", index, "item"), f"'{declaration.item}' is not on the agenda of {where}, "
                                                                            f"which holds: {listing}"))
    if minutes.status is Status.APPROVED and minutes.approved_on is not None and minutes.approved_on <= meeting.date:
        problems.append(source.problem(("approved_on",), f"is {minutes.approved_on.isoformat()}, not after the meeting on "
                                                          f"{meeting.date.isoformat()}; minutes are approved at a later meeting"))
    if settings.action_prefix is None and any(item.actions for item in minutes.items):
        problems.append(source.problem(("items",), "give actions, but the house style has no action_prefix to make their codes; "
                                                   "add one to its style.yaml (e.g. action_prefix: ICSB)"))
    return problems


def _title(item, included: dict[Path, Included]) -> str:
    """Return an agenda item's title as the agenda shows it (its paper's when it names none)."""
    if item.title:
        return item.title
    paper = included.get(item.paper)
    return getattr(paper[0], "title", "") if paper else ""


MINUTES_RULES = (status_rule,)
"""The rules that span the minutes' own fields."""
MINUTES_INCLUDE_RULES = (agenda_rule,)
"""The rules that compare the minutes with their meeting."""


def minutes_includes(minutes: Minutes) -> list[Include]:
    """Return the meeting file the minutes follow."""
    return [Include(("meeting",), minutes.meeting, ("meeting",))]


# --- derived, never typed ----------------------------------------------------------

def action_codes(minutes: Minutes, day: date, prefix: str) -> list[list[str]]:
    """Return each item's action codes: ``<prefix><YYMMDD>-<NN>``, numbered 1, 2, 3 across the minutes in item order."""
    codes, number = [], 0
    for item in minutes.items:
        found = []
        for _ in item.actions:
            number += 1
            found.append(f"{prefix}{day:%y%m%d}-{number:02d}")
        codes.append(found)
    return codes


RESOLVED = {
    Outcome.APPROVED: "approved the recommendations",
    Outcome.ENDORSED: "endorsed the recommendations",
    Outcome.NOTED: "noted the recommendations",
    Outcome.DEFERRED: "deferred its decision on the recommendations",
    Outcome.AMENDED: "approved the recommendations as amended",
    Outcome.NOT_APPROVED: "did not approve the recommendations",
}
"""What the committee did, by outcome, as the resolution words it."""


def resolution(outcome: Outcome, committee: str) -> str:
    """Return the words before the paper's recommendations: 'RESOLVED: that the ICS Board approved the recommendations:'."""
    return f"RESOLVED: that the {committee} {RESOLVED[outcome]}:"
