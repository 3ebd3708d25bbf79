"""The matters-arising (action) log of a committee (seed 003)."""

from __future__ import annotations

from enum import Enum
from typing import Literal

from pydantic import Field

from pipeline.errors import Problem
from pipeline.models.fields import DateOrMonth, Line, Markdown, Model, Name, StyleName, input_file
from pipeline.models.includes import Include
from pipeline.source import Source


class Status(str, Enum):
    """Where an action stands."""

    OPEN = "open"
    IN_PROGRESS = "in-progress"
    COMPLETE = "complete"
    DEFERRED = "deferred"
    CLOSED = "closed"

    @property
    def label(self) -> str:
        """The status as the log shows it: In progress."""
        return self.value.replace("-", " ").capitalize()


class Action(Model):
    """One action from an earlier meeting."""

    code: Line = Field(examples=["ICSB200304-02"])
    """The action's code, unique in the log."""
    title: Line = Field(examples=["Bring a further report on the delivery plan"])
    """What was to be done."""
    lead: Line = Field(examples=["Talib Yaseen"])
    """Who is responsible."""
    status: Status = Field(examples=["in-progress"])
    """open, in-progress, complete, deferred or closed."""
    due: DateOrMonth = Field(examples=["2021-01"])
    """When it is due: a date, a month (2021-01) or 'ongoing'."""
    update: Markdown | None = None
    """Progress so far (Markdown, optional)."""


class ActionLog(Model):
    """A committee's matters-arising log, shown as a table."""

    kind: Literal["action-log"]
    """The kind of input: action-log."""
    style: StyleName = Field(default="lsc-ics", examples=["lsc-ics"])
    """The house style when the log is built on its own."""
    committee: Name = Field(examples=["ICS Board"])
    """The committee whose actions these are."""
    title: Name = Field(examples=["ICS Board - Matters Arising Log"])
    """The log's title."""
    actions: list[Action] = Field(default_factory=list, examples=[[
        {"code": "ICSB200304-02", "title": "Bring a further report on the delivery plan", "lead": "Talib Yaseen",
         "status": "in-progress", "due": "2021-01", "update": "Due back in January."},
    ]])
    """The actions, in the order the table shows them."""
    from_minutes: list[input_file(".yaml", ".yml")] = Field(default_factory=list)
    """Minutes files whose actions join the table, open (optional); an entry above with the same code wins."""


def unique_code_rule(log: ActionLog, source: Source) -> list[Problem]:
    """Action codes are unique."""
    first: dict[str, int] = {}
    problems = []
    for index, action in enumerate(log.actions):
        if action.code in first:
            line = source.line_of(("actions", first[action.code]))
            problems.append(source.problem(("actions", index, "code"), f"'{action.code}' is used twice (first on line {line})"))
        first.setdefault(action.code, index)
    return problems


ACTION_LOG_RULES = (unique_code_rule,)
"""The rules that span an action log's fields."""


def action_log_includes(log: ActionLog) -> list[Include]:
    """Return the minutes files whose actions the log takes in."""
    return [Include(("from_minutes", i), path, ("minutes",)) for i, path in enumerate(log.from_minutes)]
