"""A meeting's timetable (``boardpapers timetable``): report deadline, latest publication day and meeting.

Shown as a table in the house date format, or as calendar events a clerk
imports (the meeting's event has the same UID as on the published site, so
importing both gives one event, not two).
"""

from __future__ import annotations

from datetime import date

import icalendar

from pipeline.build import slug
from pipeline.models.meeting import Meeting
from pipeline.models.fields import WEEKDAYS
from pipeline.notice import Rules, Timetable, timetable
from pipeline.validate import Validated
from pipeline.web.feeds import event, event_uid


def meeting_timetable(meeting: Validated) -> Timetable:
    """Return the timetable of `meeting` under its house style's notice rules."""
    return timetable(meeting.model.date, Rules.of(meeting.style.settings))


def timetable_rows(meeting: Validated, dates: Timetable) -> list[tuple[str, date, str]]:
    """Return the rows of the timetable `dates` of `meeting`: what, when, and a note (how the day was reached, or how the agenda's publication went)."""
    model: Meeting = meeting.model
    rules = Rules.of(meeting.style.settings)
    rows = [
        ("Reports due", dates.deadline, f"{rules.report_days} working day{'s' * (rules.report_days != 1)} before publication"),
        ("Agenda published by", dates.publication, f"the last working day leaving {rules.describe()} before the meeting"),
    ]
    if model.published is not None:
        late = model.published > dates.publication
        rows.append(("Agenda published", model.published, "late: after the last day allowed" if late else "on time"))
    for number, supplement in enumerate(model.supplements, start=1):
        late = supplement.published > dates.publication
        rows.append((f"Supplement {number} published", supplement.published,
                     "after the last day: its items are taken as urgent business" if late else "on time"))
    rows.append(("Meeting", model.date, f"{model.start}, {model.venue}"))
    return rows


def timetable_text(meeting: Validated) -> str:
    """Return the timetable as a table a clerk reads in the terminal."""
    model: Meeting = meeting.model
    style = meeting.style
    rules = Rules.of(style.settings)
    dates = meeting_timetable(meeting)
    rows = [(what, WEEKDAYS[day.weekday()], style.date(day), note) for what, day, note in timetable_rows(meeting, dates)]
    widths = [max(len(row[i]) for row in rows) for i in range(3)]
    lines = [f"{model.committee}, {style.date(model.date)}: {rules.describe()}' notice, "
             f"bank holidays of {rules.region.replace('-', ' ').title().replace(' And ', ' and ')}", ""]
    lines += ["  ".join(cell.ljust(width) for cell, width in zip(row[:3], widths)) + "  " + row[3] for row in rows]
    if dates.holidays:
        lines += ["", "Bank holidays in between: " + "; ".join(f"{style.date(day)} ({name})" for day, name in dates.holidays)]
    return "\n".join(line.rstrip() for line in lines) + "\n"


def timetable_calendar(meeting: Validated) -> bytes:
    """Return the timetable as an iCalendar file: the deadline and the publication day as all-day events, then the meeting."""
    model: Meeting = meeting.model
    committee = slug(model.committee)
    dates = meeting_timetable(meeting)
    what = f"{model.committee} on {meeting.style.date(model.date)}"
    cal = icalendar.Calendar()
    cal.add("prodid", "-//boardpapers//timetable//EN")
    cal.add("version", "2.0")
    cal.add("x-wr-calname", f"{model.committee}: timetable")
    cal.add_component(event(f"{model.date.isoformat()}-{committee}-reports@boardpapers", dates.deadline, None, None, None,
                            f"Reports due: {what}", "The last day for reports to reach the clerk."))
    cal.add_component(event(f"{model.date.isoformat()}-{committee}-agenda@boardpapers", dates.publication, None, None, None,
                            f"Publish the agenda: {what}", "The last day the agenda and papers may be published."))
    cal.add_component(event(event_uid(committee, model.date), model.date, model.start, model.end, model.venue,
                            f"{model.committee} meeting", model.title))
    cal.add_missing_timezones(first_date=date(model.date.year - 1, 1, 1), last_date=date(model.date.year + 2, 1, 1))
    return cal.to_ical()
