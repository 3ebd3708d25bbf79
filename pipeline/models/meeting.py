"""A meeting: the clerk's file from which the agenda and the agenda pack are built.

Item numbers run 1..N and the Format column is derived: neither is typed.
"""

from __future__ import annotations

from difflib import SequenceMatcher
from enum import Enum
from pathlib import Path
from typing import Literal

from pydantic import Field

from pipeline.errors import Problem, display_path
from pipeline.models.committee_report import CommitteeReport
from pipeline.models.cover_sheet import CoverSheet
from pipeline.models.fields import Count, Flag, IsoDate, Line, Model, Name, StyleName, Time, input_file, letter
from pipeline.models.house_style import HouseStyleSettings
from pipeline.models.includes import Include, Included
from pipeline.source import Source


class ItemAction(str, Enum):
    """What the meeting is asked to do with an item."""

    NOTE = "note"
    APPROVE = "approve"
    DISCUSS = "discuss"
    ENDORSE = "endorse"
    DECIDE = "decide"
    ASSURE = "assure"
    RECEIVE = "receive"


class Format(str, Enum):
    """How an item without documents comes to the meeting."""

    VERBAL = "verbal"
    PRESENTATION = "presentation"
    TO_FOLLOW = "to-follow"

    @property
    def label(self) -> str:
        """The format as the agenda shows it: Verbal, To follow."""
        return self.value.replace("-", " ").capitalize()


class AgendaItem(Model):
    """One item of business."""

    title: Line | None = Field(default=None, examples=["Declarations of Interest"])
    """The item as the agenda names it; the paper's own title when left out."""
    owner: Line | None = Field(default=None, examples=["Chair"])
    """Who leads the item; the paper's presenter when left out."""
    action: ItemAction = Field(examples=["note"])
    """note, approve, discuss, endorse, decide, assure or receive."""
    paper: input_file(".yaml", ".yml") | None = None
    """A cover-sheet or committee-report file (optional)."""
    attachments: list[input_file(".docx", ".md", ".pdf")] = Field(default_factory=list)
    """Documents included as they are: .docx, .md or .pdf (optional)."""
    clean: Flag = False
    """true to have the build remove the Word attachments' tracked changes, comments, hidden text, objects and live fields (it says what it removed)."""
    minutes: input_file(".yaml", ".yml") | None = None
    """A minutes file (an earlier meeting's), built and packed like a paper (optional)."""
    action_log: input_file(".yaml", ".yml") | None = None
    """An action-log file, shown as the matters-arising table (optional)."""
    format: Format | None = None
    """For an item without documents: verbal, presentation or to-follow."""
    confidential: Flag = False
    """true when the item's attachments are not for publication (a paper says so itself)."""
    confidential_reason: Line | None = None
    """Why the item is not for publication; required when confidential is true."""
    supplement: Count | None = Field(default=None, examples=[1])
    """The supplementary agenda that published the item after the agenda went out: an item that was to follow (keep format: to-follow and add its documents), or one added as urgent business (give urgent_reason)."""
    urgent_reason: Line | None = Field(default=None, examples=["The grant offer must be accepted before 8 September 2023"])
    """Why an item added after the agenda was published cannot wait for the next meeting (Local Government Act 1972 s100B(4)(b)); shown on the agenda as 'Urgent item: ...'."""

    def files(self) -> list[Path]:
        """Return the item's documents in the order they are packed: paper, attachments, minutes, action log."""
        return [f for f in [self.paper, *self.attachments, self.minutes, self.action_log] if f is not None]

    @property
    def added(self) -> bool:
        """Whether the item was added after the agenda was published: in a supplement, and not on the agenda as to follow."""
        return self.supplement is not None and self.format is not Format.TO_FOLLOW

    @property
    def followed(self) -> bool:
        """Whether the item was to follow on the published agenda and its documents came in a supplement."""
        return self.supplement is not None and self.format is Format.TO_FOLLOW


class Section(Model):
    """A section of the agenda, such as Routine Items of Business."""

    title: Line = Field(examples=["Routine Items of Business"])
    """The section's heading row."""
    items: list[AgendaItem] = Field(min_length=1)
    """Its items, numbered on across sections."""


class NextMeeting(Model):
    """When the committee meets next."""

    label: Line | None = Field(default=None, examples=["Informal ICS Board Meeting"])
    """What the next meeting is called (optional; the committee's name otherwise)."""
    date: IsoDate = Field(examples=["2021-01-13"])
    """Its day, YYYY-MM-DD."""
    start: Time | None = Field(default=None, examples=["10:00"])
    """When it starts, "HH:MM"."""
    end: Time | None = Field(default=None, examples=["12:00"])
    """When it ends, "HH:MM"."""
    venue: Line | None = Field(default=None, examples=["MS Teams Teleconference"])
    """Where."""


class Supplement(Model):
    """A supplementary agenda: what was published after the agenda, and when."""

    published: IsoDate = Field(examples=["2023-09-01"])
    """The day it was published, YYYY-MM-DD."""


class Meeting(Model):
    """One meeting of a committee: its agenda and its pack."""

    kind: Literal["meeting"]
    """The kind of input: meeting."""
    style: StyleName = Field(default="lsc-ics", examples=["lsc-ics"])
    """The house style of the agenda and the pack."""
    committee: Name = Field(examples=["ICS Board"])
    """The committee that meets."""
    title: Name = Field(examples=["Formal Integrated Care System (ICS) Board Agenda"])
    """The agenda's title."""
    date: IsoDate = Field(examples=["2020-12-02"])
    """The day of the meeting, YYYY-MM-DD."""
    start: Time = Field(examples=["10:00"])
    """When it starts, "HH:MM"."""
    end: Time | None = Field(default=None, examples=["12:00"])
    """When it ends, "HH:MM" (optional)."""
    venue: Line = Field(examples=["MS Teams Teleconference"])
    """Where it is held."""
    sections: list[Section] = Field(min_length=1, examples=[[
        {"title": "Routine Items of Business", "items": [
            {"title": "Welcome, Introductions and Apologies", "owner": "Chair", "action": "note", "format": "verbal"},
        ]},
    ]])
    """The agenda's sections and their items."""
    next_meeting: NextMeeting | None = None
    """The next meeting (optional)."""
    published: IsoDate | None = Field(default=None, examples=["2020-11-27"])
    """The day the agenda was published, YYYY-MM-DD (optional): check and pack warn when that gave less notice than the house style's rules ask."""
    supplements: list[Supplement] = Field(default_factory=list, examples=[[]])
    """The supplementary agendas published since, in order: supplement 1 first. An item says which one published it (supplement: N)."""

    def items(self) -> list[AgendaItem]:
        """Return every item, in agenda order."""
        return [item for section in self.sections for item in section.items]


# --- what an item shows, derived from its paper ---------------------------------

def paper_title(paper: Model | None) -> str | None:
    """Return the title a paper gives itself."""
    return getattr(paper, "title", None)


def paper_presenter(paper: Model | None) -> str | None:
    """Return who presents a paper: a cover sheet's presenter, a report's author or contact."""
    if isinstance(paper, CoverSheet):
        return paper.presented_by
    if isinstance(paper, CommitteeReport):
        return paper.report_of or paper.contact.name
    return None


def not_for_publication(item: AgendaItem, paper: Model | None) -> str | None:
    """Return why an item is not for publication, or ``None`` when it is public."""
    if isinstance(paper, CoverSheet) and paper.confidential:
        return paper.confidential_reason
    if isinstance(paper, CommitteeReport) and paper.confidential:
        return (f"Exempt information under paragraph {paper.exempt_paragraph} of Part 1 of Schedule 12A "
                "to the Local Government Act 1972")
    return item.confidential_reason if item.confidential else None


def numbered(meeting: Meeting) -> list[tuple[str, tuple[str | int, ...], AgendaItem]]:
    """Return ``(number, loc, item)`` for every item, its number as the agenda shows it (see :func:`item_numbers`)."""
    locs = [("sections", s, "items", i) for s, section in enumerate(meeting.sections) for i in range(len(section.items))]
    return [(label, loc, item) for (_, label), loc, item in zip(item_numbers(meeting), locs, meeting.items())]


def item_numbers(meeting: Meeting) -> list[tuple[int, str]]:
    """Return each item's ``(number, label)``: numbers run 1..N across sections and are never typed.

    An item added after the agenda was published must not renumber what was
    published: it takes the number of the item before it with a letter
    (7A, 7B), and its own number (for bookmarks and files) follows every
    published one's. Without such items, the label is the number.
    """
    published = sum(not item.added for item in meeting.items())
    found, shown, letters, extra = [], 0, 0, published
    for item in meeting.items():
        if item.added:
            extra += 1
            found.append((extra, f"{shown}{letter(letters)}"))
            letters += 1
        else:
            shown, letters = shown + 1, 0
            found.append((shown, str(shown)))
    return found


# --- rules ---------------------------------------------------------------------------

def item_rule(meeting: Meeting, source: Source) -> list[Problem]:
    """An item carries documents or has a format, not both; without a paper it names itself."""
    problems = []
    seen: dict[Path, str] = {}
    for number, loc, item in numbered(meeting):
        if item.files() and item.format is not None and not item.followed:
            later = " (an item that was to follow keeps format: to-follow and says which supplement: N published its documents)" \
                if item.format is Format.TO_FOLLOW else ""
            problems.append(source.problem(loc + ("format",), f"is derived: item {number} carries documents, so the agenda shows it as Attached; remove format{later}"))
        if not item.files() and item.format is None:
            problems.append(source.problem(loc, f"item {number} needs a paper, attachments, minutes or an action_log, or a format (verbal, presentation, to-follow)"))
        if item.followed and not item.files():
            problems.append(source.problem(loc + ("supplement",), f"item {number} was to follow and supplement {item.supplement} publishes it, so it needs its documents: a paper, attachments, minutes or an action_log"))
        for key in ("title", "owner"):
            if getattr(item, key) is None and item.followed:
                problems.append(source.problem(loc, f"item {number} needs a {key}: it stays as the published agenda named it when it was to follow"))
            elif getattr(item, key) is None and item.paper is None:
                problems.append(source.problem(loc, f"item {number} needs a {key}: it has no paper to take it from"))
        if item.paper is not None and (item.confidential or item.confidential_reason):
            problems.append(source.problem(loc + ("confidential",), "a paper says itself whether it is confidential; set it in the paper"))
        elif item.confidential and item.confidential_reason is None:
            problems.append(source.problem(loc + ("confidential",), "is true, so confidential_reason must say why the item is not for publication"))
        if item.paper is not None:
            if item.paper in seen:
                problems.append(source.problem(loc + ("paper",), f"is already item {seen[item.paper]}; a paper goes to one item"))
            seen.setdefault(item.paper, number)
    return problems


def paper_rule(meeting: Meeting, source: Source, included: dict[Path, Included], settings: HouseStyleSettings) -> list[Problem]:
    """A paper's own meeting and item number, if it gives them, agree with the meeting."""
    problems = []
    meets = f"{display_path(source.path)}:{source.line_of(('committee',))}"
    where = f"{display_path(source.path)}:{source.line_of(('date',))}"
    for number, loc, item in numbered(meeting):
        if item.paper not in included:
            continue
        paper, paper_source = included[item.paper]
        if isinstance(paper, CoverSheet) and paper.meeting is not None:
            committee, date, keys = paper.meeting.committee, paper.meeting.date, (("meeting", "committee"), ("meeting", "date"))
        elif isinstance(paper, CommitteeReport):
            committee, date, keys = paper.committee, paper.meeting_date, (("committee",), ("meeting_date",))
        else:
            committee = date = None
            keys = ((), ())
        if committee is not None and committee != meeting.committee:
            problems.append(paper_source.problem(keys[0], f"is '{committee}' but {meets} is a meeting of the '{meeting.committee}'"))
        if date is not None and date != meeting.date:
            problems.append(paper_source.problem(keys[1], f"is {date.isoformat()} but {where} meets on {meeting.date.isoformat()}"))
        if paper.agenda_item is not None and str(paper.agenda_item) != number:
            at = f"{display_path(source.path)}:{source.line_of(loc + ('paper',))}"
            problems.append(paper_source.problem(("agenda_item",), f"is {paper.agenda_item} but {at} makes this paper item {number}"))
        title = item.title
        if title and title != paper.title and SequenceMatcher(None, title.lower(), paper.title.lower()).ratio() >= 0.6:
            problems.append(source.problem(loc + ("title",), f"'{title}' and the paper's own title '{paper.title}' name the item two ways; use one (leave title out to use the paper's)", warning=True))
    return problems


def action_log_rule(meeting: Meeting, source: Source, included: dict[Path, Included], settings: HouseStyleSettings) -> list[Problem]:
    """An action log belongs to the committee that meets."""
    problems = []
    for _, _, item in numbered(meeting):
        if item.action_log in included:
            log, log_source = included[item.action_log]
            if log.committee != meeting.committee:
                where = f"{display_path(source.path)}:{source.line_of(('committee',))}"
                problems.append(log_source.problem(("committee",), f"is '{log.committee}' but {where} is a meeting of the '{meeting.committee}'"))
    return problems


def minutes_rule(meeting: Meeting, source: Source, included: dict[Path, Included], settings: HouseStyleSettings) -> list[Problem]:
    """Minutes packed as an item are an earlier meeting's of the same committee."""
    problems = []
    for number, loc, item in numbered(meeting):
        if item.minutes not in included:
            continue
        minutes = included[item.minutes][0]
        if minutes.meeting not in included:
            continue
        earlier = included[minutes.meeting][0]
        if earlier.committee != meeting.committee:
            problems.append(source.problem(loc + ("minutes",), f"are the minutes of the '{earlier.committee}', but this is a meeting of the '{meeting.committee}'"))
        elif earlier.date >= meeting.date:
            problems.append(source.problem(loc + ("minutes",), f"are of the meeting on {earlier.date.isoformat()}, not before this one on "
                                                               f"{meeting.date.isoformat()}"))
    return problems


def part_two_rule(meeting: Meeting, source: Source, included: dict[Path, Included], settings: HouseStyleSettings) -> list[Problem]:
    """Where the house style takes confidential items last (Part II), none comes before a public one."""
    if not settings.part_two_last:
        return []
    problems = []
    public_after = False
    for number, loc, item in reversed(numbered(meeting)):
        paper = included.get(item.paper)[0] if item.paper in included else None
        if not_for_publication(item, paper) is None:
            public_after = True
        elif public_after:
            problems.append(source.problem(loc, f"item {number} is not for publication, so it belongs in Part II after every public item; move it to the end"))
    return problems


MEETING_RULES = (item_rule,)
"""The rules that span a meeting's fields."""
MEETING_INCLUDE_RULES = (paper_rule, action_log_rule, minutes_rule, part_two_rule)
"""The rules that compare a meeting with its papers and action logs (the rules of publication: :mod:`pipeline.models.publication`)."""


def meeting_includes(meeting: Meeting) -> list[Include]:
    """Return the papers and action logs a meeting builds in."""
    found = []
    for _, loc, item in numbered(meeting):
        if item.paper is not None:
            found.append(Include(loc + ("paper",), item.paper, ("cover-sheet", "committee-report")))
        if item.minutes is not None:
            found.append(Include(loc + ("minutes",), item.minutes, ("minutes",)))
        if item.action_log is not None:
            found.append(Include(loc + ("action_log",), item.action_log, ("action-log",)))
    return found
