"""The input models: one per ``kind``, each with the checks that span its fields.

Models describe what an author may write; they never import a docx library.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass

from pipeline.errors import Problem
from pipeline.models.committee_report import COMMITTEE_REPORT_RULES, CommitteeReport
from pipeline.models.cover_sheet import COVER_SHEET_RULES, CoverSheet
from pipeline.models.fields import Model
from pipeline.models.options_appraisal import OPTIONS_APPRAISAL_RULES, OptionsAppraisal
from pipeline.source import Source


@dataclass(frozen=True)
class Kind:
    """One kind of input file: its model and its cross-field checks."""

    name: str
    """The value of ``kind:`` in the file."""
    model: type[Model]
    """The model the file must match."""
    rules: tuple[Callable[[Model, Source], list[Problem]], ...]
    """Rules that span fields; each runs unless a field it reads is itself wrong."""


KINDS: dict[str, Kind] = {
    kind.name: kind
    for kind in [
        Kind("cover-sheet", CoverSheet, COVER_SHEET_RULES),
        Kind("committee-report", CommitteeReport, COMMITTEE_REPORT_RULES),
        Kind("options-appraisal", OptionsAppraisal, OPTIONS_APPRAISAL_RULES),
    ]
}
"""Every kind of input, by the value of its ``kind:`` key."""
