"""The input models: one per ``kind``, each with the checks that span its fields.

Models describe what an author may write; they never import a docx library.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path

from pipeline.errors import Problem
from pipeline.models.action_log import ACTION_LOG_RULES, ActionLog, action_log_includes
from pipeline.models.committee_report import COMMITTEE_REPORT_RULES, CommitteeReport
from pipeline.models.cover_sheet import COVER_SHEET_RULES, CoverSheet
from pipeline.models.fields import Model
from pipeline.models.house_style import HouseStyleSettings
from pipeline.models.includes import Include, Included, appraisal_parts
from pipeline.models.meeting import MEETING_INCLUDE_RULES, MEETING_RULES, Meeting, meeting_includes
from pipeline.models.minutes import MINUTES_INCLUDE_RULES, MINUTES_RULES, Minutes, minutes_includes
from pipeline.models.publication import PUBLICATION_RULES
from pipeline.models.options_appraisal import OPTIONS_APPRAISAL_RULES, OptionsAppraisal
from pipeline.source import Source

Rule = Callable[[Model, Source], list[Problem]]
IncludeRule = Callable[[Model, Source, dict[Path, Included], HouseStyleSettings], list[Problem]]
"""A rule comparing a file with those it builds in, given the settings of the file's house style."""


@dataclass(frozen=True)
class Kind:
    """One kind of input file: its model, its cross-field checks, the files it builds in."""

    name: str
    """The value of ``kind:`` in the file."""
    model: type[Model]
    """The model the file must match."""
    rules: tuple[Rule, ...]
    """Rules that span fields; each runs unless a field it reads is itself wrong."""
    includes: Callable[[Model], list[Include]] = lambda model: []
    """The other input files this kind builds in, and the kinds they may be."""
    include_rules: tuple[IncludeRule, ...] = ()
    """Rules that compare the file with the files it builds in."""


KINDS: dict[str, Kind] = {
    kind.name: kind
    for kind in [
        Kind("action-log", ActionLog, ACTION_LOG_RULES, action_log_includes),
        Kind("committee-report", CommitteeReport, COMMITTEE_REPORT_RULES, appraisal_parts),
        Kind("cover-sheet", CoverSheet, COVER_SHEET_RULES, appraisal_parts),
        Kind("meeting", Meeting, MEETING_RULES, meeting_includes, MEETING_INCLUDE_RULES + PUBLICATION_RULES),
        Kind("minutes", Minutes, MINUTES_RULES, minutes_includes, MINUTES_INCLUDE_RULES),
        Kind("options-appraisal", OptionsAppraisal, OPTIONS_APPRAISAL_RULES),
    ]
}
"""Every kind of input, by the value of its ``kind:`` key."""
