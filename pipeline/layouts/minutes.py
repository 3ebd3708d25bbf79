"""The minutes, the public minutes and the decisions, laid out from the minutes file and the agenda they follow.

The minutes (seed 003): the heading, attendance tables (group rows, "on
behalf of"), apologies and declarations, then one table Item | Minute |
Action by with the agenda's sections as rows; each minute, its decision in
bold (worded from the paper's own recommendations) and its actions with
their derived codes; the next meeting. While the minutes are a draft every
page says DRAFT at its head. The public minutes keep an item considered in
private as its number, title and reason only.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from docx import Document as new_document
from docx.document import Document

from pipeline import ooxml
from pipeline.compose import compose
from pipeline.housestyle import HouseStyle
from pipeline.layouts.agenda import Row, agenda_rows, next_meeting_view
from pipeline.layouts.laid import InPack, Laid, PdfSlots
from pipeline.markdown import PandocJob, plain_texts
from pipeline.models.meeting import Meeting
from pipeline.models.minutes import MinutedItem, Minutes, Status, action_codes, resolution
from pipeline.output import Properties
from pipeline.render import Slots, fill_template
from pipeline.validate import Validated

DRAFT = "DRAFT"
"""What heads every page of minutes not yet approved."""


@dataclass(frozen=True)
class Minuted:
    """One agenda item with what the minutes say of it."""

    row: Row
    """The agenda's row: number, title, section, reason it is not for publication."""
    entry: MinutedItem
    """What the clerk wrote."""
    codes: list[str]
    """Its actions' codes, derived."""
    recommendations: list[str]
    """Its paper's recommendations (none without a paper)."""

    @property
    def private(self) -> bool:
        """Whether the item was considered in private."""
        return self.row.reason is not None


def minuted(validated: Validated) -> list[Minuted]:
    """Return every agenda item with its minute, in agenda order."""
    minutes: Minutes = validated.model
    meeting = validated.includes[minutes.meeting]
    model: Meeting = meeting.model
    prefix = validated.style.settings.action_prefix or ""
    rows = {row.title: row for row in agenda_rows(meeting)}
    found = []
    for entry, codes in zip(minutes.items, action_codes(minutes, model.date, prefix)):
        row = rows[entry.item]
        paper = meeting.includes[row.files[0]].model if row.files and row.files[0] in meeting.includes else None
        recommendations = list(paper.recommendations.items) if hasattr(paper, "recommendations") else []
        found.append(Minuted(row, entry, codes, recommendations))
    return found


def minutes_title(validated: Validated) -> str:
    """Return the heading: 'Minutes of the ICS Board held on 2 December 2020, MS Teams Teleconference'."""
    model: Meeting = validated.includes[validated.model.meeting].model
    return f"Minutes of the {model.committee} held on {validated.style.date(model.date)}, {model.venue}"


def minutes_view(validated: Validated, style: HouseStyle, slots: Slots, items: list[Minuted]) -> dict[str, Any]:
    """Return what the minutes template shows, as text; each item's minute and action-by cell are slots."""
    minutes: Minutes = validated.model
    model: Meeting = validated.includes[minutes.meeting].model
    titles = {item.row.title: item.row.label for item in items}

    def people(listed, standing_in: bool) -> list[dict[str, str]]:
        shown, group = [], None
        for person in listed:
            name = person.name + (f" (on behalf of {person.for_})" if standing_in and person.for_ else "")
            shown.append({"heading": person.group if person.group and person.group != group else "", "name": name,
                          "role": person.role, "organisation": person.organisation})
            group = person.group
        return shown

    time = f"{model.start}-{model.end}" if model.end else model.start
    approved = (f"Approved on {style.date(minutes.approved_on)}" if minutes.status is Status.APPROVED
                else "Draft: not yet approved")
    return {
        "title": minutes_title(validated), "when": f"{style.meeting_date(model.date)} {time}", "status": approved,
        "chair": minutes.chair,
        "present": people(minutes.present, False), "in_attendance": people(minutes.in_attendance, True),
        "apologies": ", ".join(minutes.apologies) or "None",
        "declarations": [f"{d.name}: item {titles[d.item]}, {d.item}: {d.interest}" for d in minutes.declarations],
        "sections": [
            {"title": section.title, "rows": [
                {"number": item.row.label, "minute": slots.text(f"minute{i}"),
                 "action_by": slots.text(f"actions{i}") if item.entry.actions and item.codes else ""}
                for i, item in enumerate(items) if item.row.section == s
            ]}
            for s, section in enumerate(model.sections)
        ],
        "next_meeting": next_meeting_view(model, style),
    }


def minutes_job(validated: Validated, items: list[Minuted], public: bool) -> PandocJob:
    """Return the pandoc job of each item's minute cell (``minute<i>``) and action-by cell (``actions<i>``)."""
    minutes: Minutes = validated.model
    committee = validated.includes[minutes.meeting].model.committee
    base = validated.source.path.parent
    job = PandocJob(validated.root)
    for i, item in enumerate(items):
        with job.slot(f"minute{i}"):
            job.plain(item.row.title, strong=True)
            if public and item.private:
                job.plain(f"This item was considered in private: {item.row.reason.rstrip('.')}.")
                continue
            job.markdown(item.entry.minute, base, identifiers=False)
            decision(job, item, committee, base)
            for code, action in zip(item.codes, item.entry.actions):
                job.plain(f"Action {code}: {action.title} (due {validated.style.when(action.due)})", italic=True)
        if item.entry.actions and not (public and item.private):
            with job.slot(f"actions{i}"):
                job.lines([(text, strong) for code, action in zip(item.codes, item.entry.actions)
                           for text, strong in ((code, True), (action.lead, False))])
    return job


def decision(job: PandocJob, item: Minuted, committee: str, base) -> None:
    """Add the item's decision, in bold: the resolution, the paper's recommendations, any amendments."""
    outcome = item.entry.outcome
    if outcome is None:
        return
    job.plain(resolution(outcome, committee), strong=True)
    job.numbered([_bold(text) for text in item.recommendations], base)
    if item.entry.amendments:
        job.plain("Amendments:", strong=True)
        job.markdown(item.entry.amendments, base, identifiers=False)


def _bold(markdown: str) -> str:
    """Return one recommendation (Markdown) in bold, unless it sets its own emphasis."""
    return markdown if "*" in markdown or "_" in markdown else f"**{markdown.strip()}**"


def minutes_document(validated: Validated, public: bool = False) -> Document:
    """Return the minutes (the public minutes with `public`) in their meeting's house style; a draft says DRAFT on every page."""
    style = validated.style
    items = minuted(validated)
    if public:
        items = [Minuted(i.row, i.entry, [] if i.private else i.codes, i.recommendations) for i in items]
    slots = Slots()
    document = fill_template(style.template("minutes"), minutes_view(validated, style, slots, items), slots, style.reference_docx)
    document = compose(document, minutes_job(validated, items, public).run(style.reference_docx), slots, {})
    model: Meeting = validated.includes[validated.model.meeting].model
    ooxml.number_pages(document, f"Minutes of the {model.committee} \u2013 {style.date(model.date)} \u2013 ")
    if validated.model.status is Status.DRAFT:
        body = [element for element in document.element.body if element.tag != ooxml.W_SECTPR]
        ooxml.mark_pages(document, [(body[0], body[-1], DRAFT)])
    return document


def decisions_document(validated: Validated) -> Document:
    """Return the decisions alone, item by item, as a council publishes them (an item taken in private: its line and reason)."""
    style = validated.style
    minutes: Minutes = validated.model
    model: Meeting = validated.includes[minutes.meeting].model
    base = validated.source.path.parent
    job = PandocJob(validated.root)
    job.heading(f"Decisions of the {model.committee}, {style.date(model.date)}", level=1)
    job.plain(f"The meeting held on {style.meeting_date(model.date)}, {model.venue}. These are the decisions alone; "
              "the minutes record the discussion.")
    decided = [item for item in minuted(validated) if item.entry.outcome is not None]
    for item in decided:
        job.heading(f"Item {item.row.label}: {item.row.title}", level=2)
        if item.private:
            job.plain(f"This item was considered in private: {item.row.reason.rstrip('.')}.")
        else:
            decision(job, item, model.committee, base)
    if not decided:
        job.plain("No decision was recorded.")
    document = compose(new_document(str(style.reference_docx)), job.run(style.reference_docx), Slots(), {})
    ooxml.number_pages(document, f"Decisions of the {model.committee} \u2013 {style.date(model.date)} \u2013 ")
    return document


def lay_out_minutes(validated: Validated, in_pack: InPack | None = None, pdfs: PdfSlots | None = None) -> Laid:
    """Return the minutes as a document of their own or of the next meeting's pack, with their properties."""
    document = minutes_document(validated, public=in_pack is not None and in_pack.public)
    model: Meeting = validated.includes[validated.model.meeting].model
    return Laid(document, Properties(title=minutes_title(validated), subject=model.committee, author=model.committee))


def decision_records(validated: Validated) -> list[tuple[str, str, str]]:
    """Return each decision as open data publishes it: ``(number, title, text)``; an item taken in private says only that."""
    minutes: Minutes = validated.model
    committee = validated.includes[minutes.meeting].model.committee
    found = []
    for item in minuted(validated):
        if item.entry.outcome is None:
            continue
        if item.private:
            text = f"This item was considered in private: {item.row.reason.rstrip('.')}."
        else:
            plain = plain_texts(item.recommendations + ([item.entry.amendments] if item.entry.amendments else []))
            listed = " ".join(f"{n}. {text}" for n, text in enumerate(plain[:len(item.recommendations)], start=1))
            text = " ".join(filter(None, [resolution(item.entry.outcome, committee), listed,
                                          f"Amendments: {plain[-1]}" if item.entry.amendments else ""]))
        found.append((item.row.label, item.row.title, text))
    return found
