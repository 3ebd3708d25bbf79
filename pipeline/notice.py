"""Notice dates: the latest day an agenda may be published, and the report deadline before it.

A clear day is a whole day between the day of publication and the day of the
meeting, neither counted. With working clear days (the council rule: Local
Government Act 1972 s100B, read with s100K's definition) a Saturday, Sunday
or bank holiday is not a clear day; with calendar clear days every day is.
Either way the agenda is published on a working day, so the latest day is
the last working day that leaves enough clear days: five clear working days
before Tuesday 5 September 2023 is Friday 25 August 2023 (Monday 28 August
is the late summer bank holiday). The report deadline is a number of working
days before that. Bank holidays, substitute days included, come from the
``holidays`` library, for the part of the United Kingdom the house style names.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, timedelta
from functools import cache

import holidays

from pipeline.models.fields import MONTHS, WEEKDAYS
from pipeline.models.house_style import HouseStyleSettings

REGIONS = {"england-and-wales": "ENG", "scotland": "SCT", "northern-ireland": "NIR"}
"""The house style's ``bank_holidays`` values and the ``holidays`` library's subdivisions of GB for them."""
ONE_DAY = timedelta(days=1)


@cache
def bank_holidays(region: str) -> holidays.HolidayBase:
    """Return the bank holidays of `region` (``england-and-wales``, ``scotland``, ``northern-ireland``), any year."""
    return holidays.country_holidays("GB", subdiv=REGIONS[region])


def bank_holiday(day: date, region: str) -> str | None:
    """Return the name of the bank holiday on `day` in `region`, or ``None`` when it is not one."""
    return bank_holidays(region).get(day)


def working_day(day: date, region: str) -> bool:
    """Return whether `day` is a working day in `region`: not a Saturday, Sunday or bank holiday."""
    return day.weekday() < 5 and bank_holiday(day, region) is None


def spoken(day: date) -> str:
    """Return `day` as messages give it: Friday 25 August 2023."""
    return f"{WEEKDAYS[day.weekday()]} {day.day} {MONTHS[day.month - 1]} {day.year}"


@dataclass(frozen=True)
class Rules:
    """A house style's notice rules."""

    clear_days: int
    """How many clear days must pass between publication and the meeting."""
    counting: str
    """``working`` or ``calendar``: which days are clear days."""
    region: str
    """Whose bank holidays: ``england-and-wales``, ``scotland`` or ``northern-ireland``."""
    report_days: int
    """How many working days before publication the reports are due."""

    @classmethod
    def of(cls, settings: HouseStyleSettings) -> Rules:
        """Return the rules a house style's settings state."""
        return cls(settings.publish_clear_days, settings.clear_days, settings.bank_holidays, settings.report_deadline_days)

    def clear(self, day: date) -> bool:
        """Return whether `day` counts as a clear day."""
        return self.counting == "calendar" or working_day(day, self.region)

    def describe(self) -> str:
        """Return the rule in words: '5 clear working days'."""
        kind = "working " if self.counting == "working" else ""
        return f"{self.clear_days} clear {kind}day{'s' * (self.clear_days != 1)}"


def latest_publication(meeting: date, rules: Rules) -> date:
    """Return the last working day an agenda may be published for a meeting on `meeting`."""
    day, counted = meeting, 0
    while counted < rules.clear_days:
        day -= ONE_DAY
        counted += rules.clear(day)
    day -= ONE_DAY
    while not working_day(day, rules.region):
        day -= ONE_DAY
    return day


def working_days_before(day: date, count: int, region: str) -> date:
    """Return the working day `count` working days before `day` (`day` itself, or the working day before it, for 0)."""
    while not working_day(day, region):
        day -= ONE_DAY
    for _ in range(count):
        day -= ONE_DAY
        while not working_day(day, region):
            day -= ONE_DAY
    return day


@dataclass(frozen=True)
class Timetable:
    """The dates that lead up to a meeting."""

    deadline: date
    """The day the reports are due."""
    publication: date
    """The latest day the agenda may be published."""
    meeting: date
    """The meeting."""
    holidays: list[tuple[date, str]]
    """The bank holidays from the deadline to the meeting, with their names: why the dates fall where they do."""


def timetable(meeting: date, rules: Rules) -> Timetable:
    """Return the timetable of a meeting on `meeting` under `rules`."""
    publication = latest_publication(meeting, rules)
    deadline = working_days_before(publication, rules.report_days, rules.region)
    between = [(deadline + timedelta(days=n)) for n in range((meeting - deadline).days + 1)]
    named = [(day, name) for day in between if (name := bank_holiday(day, rules.region)) and day.weekday() < 5]
    return Timetable(deadline, publication, meeting, named)
