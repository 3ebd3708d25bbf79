"""The action log as the matters-arising table."""

from __future__ import annotations

from typing import Any

from docx.document import Document

from pipeline.compose import compose
from pipeline.housestyle import HouseStyle
from pipeline.layouts.laid import Laid
from pipeline.markdown import PandocJob
from pipeline.models.action_log import ActionLog
from pipeline.output import Properties
from pipeline.render import Slots, fill_template
from pipeline.validate import Validated


def action_log_view(log: ActionLog, style: HouseStyle, slots: Slots) -> dict[str, Any]:
    """Return what the action-log template shows for `log`, as text."""
    return {
        "title": log.title,
        "actions": [
            {"code": a.code, "title": a.title, "lead": a.lead, "status": a.status.label, "due": style.when(a.due),
             "progress": slots.text(f"update{i}") if a.update else ""}
            for i, a in enumerate(log.actions)
        ],
    }


def action_log_document(validated: Validated, style: HouseStyle) -> Document:
    """Return the action log laid out in `style`."""
    log: ActionLog = validated.model
    slots = Slots()
    document = fill_template(style.template("action-log"), action_log_view(log, style, slots), slots, style.reference_docx)
    return compose(document, action_log_job(validated).run(style.reference_docx), slots, {})


def action_log_job(validated: Validated) -> PandocJob:
    """Return the pandoc job for the action log's Markdown: each progress update in its slot (``update<i>``)."""
    log: ActionLog = validated.model
    job = PandocJob(validated.root)
    for i, action in enumerate(log.actions):
        if action.update:
            with job.slot(f"update{i}"):
                job.markdown(action.update, validated.source.path.parent, identifiers=False)
    return job


def lay_out_action_log(validated: Validated, in_pack: None = None, pdfs: None = None) -> Laid:
    """Return an action log built on its own, in its house style, and its properties."""
    log: ActionLog = validated.model
    document = action_log_document(validated, validated.style)
    return Laid(document, Properties(title=log.title, subject=log.committee, author=""))
