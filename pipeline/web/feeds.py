"""The site's feeds: each committee's calendar (iCalendar) and the documents feed (Atom), from the open data.

Both are reproducible: an event's UID is made of the committee and the date,
an entry's id is a tag URI of its file's address, and every timestamp comes
from the meetings or from the build time (``SOURCE_DATE_EPOCH``), never from
the clock.
"""

from __future__ import annotations

from datetime import date, datetime, time
from zoneinfo import ZoneInfo

import icalendar
from feedgen.feed import FeedGenerator

from pipeline.output import build_time
from pipeline.web.opendata import Committee, Meeting, OpenData

LONDON = ZoneInfo("Europe/London")
TAG = "tag:boardpapers,2020:"
"""The start of every entry's id: a tag URI needs no web address of the site's."""
MEDIA = {"html": "text/html", "pdf": "application/pdf",
         "docx": "application/vnd.openxmlformats-officedocument.wordprocessingml.document"}


def event_uid(committee_slug: str, day: date) -> str:
    """Return the UID of a committee's meeting on `day`: the same in every build."""
    return f"{day.isoformat()}-{committee_slug}@boardpapers"


def calendar(committee: Committee, organisation: str, following: list[tuple[date, str | None, str | None, str | None, str]]) -> bytes:
    """Return `committee`'s meetings as an iCalendar file; `following` adds meetings known only from an agenda (next meetings)."""
    cal = icalendar.Calendar()
    cal.add("prodid", "-//boardpapers//meetings//EN")
    cal.add("version", "2.0")
    cal.add("x-wr-calname", f"{organisation}: {committee.name}")
    for meeting in committee.meetings:
        cal.add_component(event(event_uid(committee.slug, meeting.date), meeting.date, meeting.start, meeting.end, meeting.venue, f"{committee.name} meeting",
                                 f"The agenda and papers: {meeting.url}"))
    for day, start, end, venue, label in following:
        cal.add_component(event(event_uid(committee.slug, day), day, start, end, venue, label, None))
    days = sorted([meeting.date for meeting in committee.meetings] + [entry[0] for entry in following])
    cal.add_missing_timezones(first_date=date(days[0].year - 1, 1, 1), last_date=date(days[-1].year + 2, 1, 1))
    return cal.to_ical()


def event(uid: str, day: date, start: str | None, end: str | None, venue: str | None, title: str,
          description: str | None) -> icalendar.Event:
    """Return a calendar event: from `start` to `end` in London time on `day`, or the whole day without a `start`."""
    found = icalendar.Event()
    found.add("uid", uid)
    found.add("dtstamp", build_time())
    found.add("summary", title)
    if description:
        found.add("description", description)
    if start:
        found.add("dtstart", datetime.combine(day, time.fromisoformat(start), LONDON))
        if end:
            found.add("dtend", datetime.combine(day, time.fromisoformat(end), LONDON))
    else:
        found.add("dtstart", day)
    if venue:
        found.add("location", venue)
    return found


def atom(data: OpenData) -> bytes:
    """Return the Atom feed of every published document: an entry per paper (its page, PDF and Word file) and per pack."""
    feed = FeedGenerator()
    feed.id(f"{TAG}feed")
    feed.title(f"{data.organisation}: meeting papers")
    feed.author({"name": data.organisation})
    feed.link(href="feed.xml", rel="self")
    feed.link(href="index.html", rel="alternate")
    feed.language("en-GB")
    newest = None
    for committee in data.committees:
        for meeting in committee.meetings:
            when = datetime.combine(meeting.date, time.fromisoformat(meeting.start), LONDON)
            newest = max(newest or when, when)
            groups = [(f"Item {item.number}: {item.title}", item.documents) for item in meeting.items() if item.documents]
            if meeting.documents:
                groups.append(("Public agenda pack", meeting.documents))
            groups += [(f"Supplementary agenda {s.number}", s.documents) for s in meeting.supplements if s.documents]
            for title, documents in reversed(groups):
                _entry(feed, committee, meeting, title, documents, when)
    feed.updated(newest or build_time())
    return feed.atom_str(pretty=True)


def _entry(feed: FeedGenerator, committee: Committee, meeting: Meeting, title: str, documents, when: datetime) -> None:
    entry = feed.add_entry(order="append")
    first = documents[0]
    entry.id(TAG + first.url)
    entry.title(f"{committee.name}, {meeting.date.isoformat()}: {title}")
    entry.updated(when)
    entry.link(href=first.url, rel="alternate", type=MEDIA[first.format])
    for document in documents[1:]:
        entry.link(href=document.url, rel="enclosure", type=MEDIA[document.format], length=str(document.bytes))
    entry.summary(f"{title}, for the meeting of the {committee.name} on {meeting.date.isoformat()}. "
                  + "; ".join(f"{d.format.upper()}" + (f", {d.pages} pages" if d.pages else "") for d in documents))
