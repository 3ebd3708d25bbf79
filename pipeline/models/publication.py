"""The rules of a meeting's publication: notice before the meeting, and supplementary agendas after the agenda.

They need the house style's notice rules, so they run with the rules that
compare a meeting with what it names (:data:`PUBLICATION_RULES`).
"""

from __future__ import annotations

from pathlib import Path

from pipeline.errors import Problem
from pipeline.models.house_style import HouseStyleSettings
from pipeline.models.includes import Included
from pipeline.models.meeting import Meeting, numbered
from pipeline.notice import Rules, latest_publication, spoken
from pipeline.source import Source


def notice_rule(meeting: Meeting, source: Source, included: dict[Path, Included], settings: HouseStyleSettings) -> list[Problem]:
    """The agenda is published before the meeting; later than the house style's notice allows is a warning."""
    if meeting.published is None:
        return []
    if meeting.published >= meeting.date:
        return [source.problem(("published",), f"is {spoken(meeting.published)}, not before the meeting on {spoken(meeting.date)}; "
                                               "give the day the agenda went out")]
    rules = Rules.of(settings)
    latest = latest_publication(meeting.date, rules)
    if meeting.published <= latest:
        return []
    return [source.problem(("published",), f"is {spoken(meeting.published)}, later than {spoken(latest)}, the last working day "
                                           f"that gives {rules.describe()}' notice of the meeting on {spoken(meeting.date)}",
                           warning=True)]


def supplement_rule(meeting: Meeting, source: Source, included: dict[Path, Included], settings: HouseStyleSettings) -> list[Problem]:
    """Supplements follow the published agenda, in order, before the meeting; each publishes items; added items are urgent."""
    problems = []
    held: dict[int, list[str]] = {}
    items = numbered(meeting)
    for number, loc, item in items:
        if item.supplement is not None:
            held.setdefault(item.supplement, []).append(number)
            if item.supplement > len(meeting.supplements):
                listed = f"lists {len(meeting.supplements)}" if meeting.supplements else "lists none"
                problems.append(source.problem(loc + ("supplement",), f"is {item.supplement}, but the meeting's supplements {listed}; "
                                                                      f"add supplement {item.supplement}'s published date there"))
        if item.added and item.urgent_reason is None:
            problems.append(source.problem(loc + ("supplement",), f"item {number} was not on the published agenda (it was not to follow), "
                                                                  "so it is urgent business: urgent_reason must say why it cannot wait for "
                                                                  "the next meeting (Local Government Act 1972 s100B(4)(b))"))
        if item.urgent_reason is not None and item.supplement is None:
            problems.append(source.problem(loc + ("urgent_reason",), "is for an item published after the agenda: say which supplement "
                                                                     "published it (supplement: N)"))
        if item.added and number.startswith("0"):
            problems.append(source.problem(loc, f"item {number} was added after publication, so it is numbered after the item before it; "
                                                "it cannot come before every published item"))
    if meeting.supplements and meeting.published is None:
        problems.append(source.problem(("supplements",), "follow the published agenda: give published, the day the agenda went out"))
    rules = Rules.of(settings)
    latest = latest_publication(meeting.date, rules)
    before = meeting.published
    for index, supplement in enumerate(meeting.supplements):
        loc, n = ("supplements", index, "published"), index + 1
        if before is not None and supplement.published < before:
            problems.append(source.problem(loc, f"is {spoken(supplement.published)}, before {spoken(before)}, when "
                                                f"{'the agenda' if index == 0 else f'supplement {index}'} was published; supplements follow it in order"))
        if supplement.published > meeting.date:
            problems.append(source.problem(loc, f"is {spoken(supplement.published)}, after the meeting on {spoken(meeting.date)}"))
        if n not in held:
            problems.append(source.problem(("supplements", index), f"supplement {n} publishes no item: give the items it published "
                                                                   f"supplement: {n}, or remove it"))
        elif supplement.published > latest and supplement.published <= meeting.date:
            waiting = [number for number, _, item in items if item.supplement == n and item.urgent_reason is None]
            if waiting:
                problems.append(source.problem(loc, f"is {spoken(supplement.published)}, later than {spoken(latest)}, the last day for "
                                                    f"{rules.describe()}' notice, so its items can be taken only as urgent business: "
                                                    f"give item{'s' * (len(waiting) > 1)} {', '.join(waiting)} an urgent_reason",
                                               warning=True))
        before = supplement.published
    return problems


PUBLICATION_RULES = (notice_rule, supplement_rule)
"""The rules of a meeting's notice and supplements."""
