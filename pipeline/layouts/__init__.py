"""What each kind of document shows, and in which order: one module per kind."""

from __future__ import annotations

from collections.abc import Callable

from pipeline.layouts.laid import Laid
from pipeline.layouts.action_log import lay_out_action_log
from pipeline.layouts.committee_report import lay_out_committee_report
from pipeline.layouts.cover_sheet import lay_out_cover_sheet
from pipeline.layouts.minutes import lay_out_minutes
from pipeline.layouts.options_appraisal import lay_out_options_appraisal
from pipeline.validate import Validated

LAYOUTS: dict[str, Callable[..., Laid]] = {
    "action-log": lay_out_action_log,
    "cover-sheet": lay_out_cover_sheet,
    "options-appraisal": lay_out_options_appraisal,
    "committee-report": lay_out_committee_report,
    "minutes": lay_out_minutes,
}
"""How each kind that builds a document on its own is laid out: ``LAYOUTS[kind](validated, in_pack=None, pdfs=None)``."""
