"""Notice dates over real calendars, the timetable command, and the `published` warning.

Every date here was counted by hand from the bank holidays of the year (the
``holidays`` library gives them; one test reads its names back too).
"""

from __future__ import annotations

from datetime import date
from pathlib import Path

import icalendar
import pytest

from conftest import small_meeting
from pipeline.notice import Rules, bank_holiday, latest_publication, timetable, working_days_before

COUNCIL = Rules(clear_days=5, counting="working", region="england-and-wales", report_days=5)
NHS = Rules(clear_days=3, counting="calendar", region="england-and-wales", report_days=5)


@pytest.mark.parametrize("meeting, rules, latest", [
    # The contract's example: Monday 28 August 2023 (late summer bank holiday) is not a clear day.
    (date(2023, 9, 5), COUNCIL, date(2023, 8, 25)),
    # Easter 2024: Good Friday 29 March and Easter Monday 1 April are not clear days.
    (date(2024, 4, 4), COUNCIL, date(2024, 3, 25)),
    # Christmas and New Year 2020: Boxing Day fell on a Saturday, so Monday 28 December was its substitute.
    (date(2021, 1, 5), COUNCIL, date(2020, 12, 23)),
    # Late May 2023: the spring bank holiday (Monday 29 May), and a meeting on a Monday.
    (date(2023, 6, 5), COUNCIL, date(2023, 5, 25)),
    # A Monday meeting in an ordinary week: the clear days go back to the Monday before; published the Friday before that.
    (date(2023, 9, 11), COUNCIL, date(2023, 9, 1)),
    # The coronation bank holiday, Monday 8 May 2023, a one-off the library knows.
    (date(2023, 5, 12), COUNCIL, date(2023, 5, 3)),
    # Calendar days: three clear days before Wednesday 2 December 2020 reach back to Saturday 28 November,
    # and the agenda goes out on a working day, the Friday.
    (date(2020, 12, 2), NHS, date(2020, 11, 27)),
    # Calendar days over Christmas: Monday 28, Sunday 27 and Saturday 26 December are clear;
    # Friday 25 December is Christmas Day, so the Thursday.
    (date(2020, 12, 29), NHS, date(2020, 12, 24)),
    # Calendar days over Easter 2024: clear from Good Friday to Easter Monday, published on Thursday 28 March.
    (date(2024, 4, 2), NHS, date(2024, 3, 28)),
    # Calendar days with no weekend in the way.
    (date(2024, 9, 6), NHS, date(2024, 9, 2)),
])
def test_latest_publication_day(meeting: date, rules: Rules, latest: date) -> None:
    assert latest_publication(meeting, rules) == latest


def test_scotland_counts_its_own_bank_holidays() -> None:
    """In Scotland 2 January is a bank holiday too; in 2021 it fell on a Saturday, so Monday 4 January was the holiday."""
    scotland = Rules(clear_days=5, counting="working", region="scotland", report_days=5)
    assert bank_holiday(date(2021, 1, 4), "scotland") is not None
    assert bank_holiday(date(2021, 1, 4), "england-and-wales") is None
    assert latest_publication(date(2021, 1, 5), scotland) == date(2020, 12, 22)
    # Scotland's summer bank holiday is the first Monday of August, not the last.
    assert latest_publication(date(2023, 8, 9), scotland) == date(2023, 7, 31)
    assert latest_publication(date(2023, 8, 9), COUNCIL) == date(2023, 8, 1)


def test_substitute_days_come_from_the_library() -> None:
    assert "Boxing Day" in bank_holiday(date(2020, 12, 28), "england-and-wales")
    assert bank_holiday(date(2020, 12, 29), "england-and-wales") is None
    assert "Late Summer" in bank_holiday(date(2023, 8, 28), "england-and-wales")


@pytest.mark.parametrize("publication, days, deadline", [
    (date(2023, 8, 25), 5, date(2023, 8, 18)),
    # Back over Christmas 2020: Friday 25 and Monday 28 December are bank holidays.
    (date(2020, 12, 31), 5, date(2020, 12, 22)),
    # Back over Easter 2024.
    (date(2024, 4, 3), 3, date(2024, 3, 27)),
    (date(2023, 8, 25), 0, date(2023, 8, 25)),
])
def test_report_deadline(publication: date, days: int, deadline: date) -> None:
    assert working_days_before(publication, days, "england-and-wales") == deadline


def test_timetable_names_the_bank_holidays_in_between() -> None:
    dates = timetable(date(2021, 1, 5), COUNCIL)
    assert dates.publication == date(2020, 12, 23)
    assert dates.deadline == date(2020, 12, 16)
    assert [day for day, _ in dates.holidays] == [date(2020, 12, 25), date(2020, 12, 28), date(2021, 1, 1)]


def council_meeting(into: Path, day: str = "2023-09-05", published: str | None = None) -> Path:
    """Write a meeting in the council's house style (five clear working days) on `day`; return its file."""
    meeting = small_meeting(into)
    text = meeting.read_text(encoding="utf-8").replace("style: lsc-ics", "style: lancashire-cc").replace("2021-01-13", day)
    if published:
        text += f"published: {published}\n"
    meeting.write_text(text.replace("minimal/paper.yaml", "notes.md").replace("paper: notes.md", "attachments: [notes.md]"),
                       encoding="utf-8")
    return meeting


def test_timetable_command_prints_the_dates_in_house_format(workdir: Path, boardpapers) -> None:
    meeting = council_meeting(workdir)
    run = boardpapers("timetable", meeting, "--ics", "timetable.ics")
    assert run.exit_code == 0, run.stderr
    lines = run.stdout.splitlines()
    rows = {line.split("  ")[0]: " ".join(line.split()) for line in lines if line.startswith(("Reports", "Agenda", "Meeting"))}
    assert rows["Reports due"].startswith("Reports due Friday 18 August 2023")
    assert rows["Agenda published by"].startswith("Agenda published by Friday 25 August 2023")
    assert rows["Meeting"].startswith("Meeting Tuesday 5 September 2023 10:00")
    assert "28 August 2023 (Late Summer Bank Holiday)" in run.stdout
    assert "5 clear working days" in lines[0]

    calendar = icalendar.Calendar.from_ical((workdir / "timetable.ics").read_bytes())
    events = {str(e["summary"]).split(":")[0]: e for e in calendar.walk("VEVENT")}
    assert events["Reports due"].decoded("dtstart") == date(2023, 8, 18)
    assert events["Publish the agenda"].decoded("dtstart") == date(2023, 8, 25)
    start = events["ICS Board meeting"].decoded("dtstart")
    assert (start.date(), start.hour, start.utcoffset().total_seconds()) == (date(2023, 9, 5), 10, 3600)
    # The meeting's UID is the site calendar's, so a clerk who imports both has one event.
    assert str(events["ICS Board meeting"]["uid"]) == "2023-09-05-ics-board@boardpapers"
    assert len({str(e["uid"]) for e in events.values()}) == 3


def test_nhs_board_counts_calendar_days(workdir: Path, boardpapers) -> None:
    meeting = small_meeting(workdir)
    for path in (meeting, workdir / "minimal" / "paper.yaml"):
        path.write_text(path.read_text(encoding="utf-8").replace("2021-01-13", "2020-12-02"), encoding="utf-8")
    run = boardpapers("timetable", meeting)
    assert run.exit_code == 0, run.stderr
    assert "Friday 27 November 2020" in " ".join(run.stdout.split())
    assert "3 clear days' notice" in run.stdout


def test_late_publication_is_a_warning_giving_the_last_day(workdir: Path, boardpapers) -> None:
    meeting = council_meeting(workdir, published="2023-08-29")
    run = boardpapers("check", meeting)
    assert run.exit_code == 0, run.stderr
    line = f"{meeting.name}:{_line_of(meeting, 'published:')}: published: warning: is Tuesday 29 August 2023, later than Friday 25 August 2023"
    assert line in run.stderr
    assert "5 clear working days' notice of the meeting on Tuesday 5 September 2023" in run.stderr

    (workdir / "on-time").mkdir()
    on_time = council_meeting(workdir / "on-time", published="2023-08-25")
    run = boardpapers("check", on_time)
    assert (run.exit_code, run.stderr) == (0, "")
    shown = boardpapers("timetable", on_time)
    assert "Agenda published Friday 25 August 2023 on time" in " ".join(shown.stdout.split())


def test_published_on_the_meeting_day_is_an_error(workdir: Path, boardpapers) -> None:
    meeting = council_meeting(workdir, published="2023-09-05")
    run = boardpapers("check", meeting)
    assert run.exit_code == 2
    assert run.stderr.strip() == (f"{meeting.name}:{_line_of(meeting, 'published:')}: published: is Tuesday 5 September 2023, "
                                  "not before the meeting on Tuesday 5 September 2023; give the day the agenda went out")


def test_timetable_of_a_paper_is_an_input_error(workdir: Path, boardpapers) -> None:
    meeting = small_meeting(workdir)
    run = boardpapers("timetable", workdir / "minimal" / "paper.yaml")
    assert run.exit_code == 2
    assert run.stderr.strip().endswith("kind: is cover-sheet, but this command takes a meeting file (kind: meeting)")
    assert "Traceback" not in run.stderr
    run = boardpapers("pack", workdir / "minimal" / "paper.yaml", "--no-pdf")
    assert run.exit_code == 2 and "takes a meeting file" in run.stderr
    assert meeting.is_file()


def test_wrong_notice_rules_in_a_house_style(workdir: Path, boardpapers, monkeypatch) -> None:
    from pipeline.housestyle import templates_folder
    import shutil

    shutil.copytree(templates_folder(), workdir / "templates")
    style = workdir / "templates" / "lsc-ics" / "style.yaml"
    style.write_text(style.read_text(encoding="utf-8").replace("clear_days: calendar", "clear_days: weekdays")
                     .replace("bank_holidays: england-and-wales", "bank_holidays: wales"), encoding="utf-8")
    monkeypatch.setenv("BOARDPAPERS_TEMPLATES", str(workdir / "templates"))
    run = boardpapers("timetable", small_meeting(workdir))
    assert run.exit_code == 2
    problems = run.stderr.strip().splitlines()
    shown = "templates/lsc-ics/style.yaml"
    assert problems == [f"{shown}:{_line_of(style, 'clear_days:')}: clear_days: expected 'working' or 'calendar', got 'weekdays'",
                        f"{shown}:{_line_of(style, 'bank_holidays:')}: bank_holidays: expected 'england-and-wales', "
                        "'scotland' or 'northern-ireland', got 'wales'"]


def _line_of(path: Path, text: str) -> int:
    return next(n for n, line in enumerate(path.read_text(encoding="utf-8").splitlines(), start=1) if line.startswith(text))
