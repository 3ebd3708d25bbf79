"""The action log as the matters-arising table."""

from __future__ import annotations

from typing import Any

from docx.document import Document

from pipeline.compose import compose
from pipeline.housestyle import HouseStyle
from pipeline.layouts.laid import Laid
from pipeline.markdown import PandocJob
from pipeline.layouts.minutes import minuted
from pipeline.models.action_log import Action, ActionLog, Status
from pipeline.output import Properties
from pipeline.render import Slots, fill_template
from pipeline.validate import Validated


def logged_actions(validated: Validated, public: bool = False) -> list[Action]:
    """Return the log's actions: the clerk's, then those raised in the minutes it names (open, no update yet).

    The clerk's entry for a code wins over the minutes'. With `public`, an
    action raised in an item the meeting took in private is left out, the
    clerk's entry for it too.
    """
    log: ActionLog = validated.model
    raised, private = [], set()
    for path in log.from_minutes:
        for item in minuted(validated.includes[path]):
            for code, action in zip(item.codes, item.entry.actions):
                raised.append(Action(code=code, title=action.title, lead=action.lead, status=Status.OPEN, due=action.due))
                if item.private:
                    private.add(code)
    held = {action.code for action in log.actions}
    actions = list(log.actions) + [action for action in raised if action.code not in held]
    return [action for action in actions if not (public and action.code in private)]


def action_log_view(log: ActionLog, actions: list[Action], style: HouseStyle, slots: Slots) -> dict[str, Any]:
    """Return what the action-log template shows for `log` holding `actions`, as text."""
    return {
        "title": log.title,
        "actions": [
            {"code": a.code, "title": a.title, "lead": a.lead, "status": a.status.label, "due": style.when(a.due),
             "progress": slots.text(f"update{i}") if a.update else ""}
            for i, a in enumerate(actions)
        ],
    }


def action_log_document(validated: Validated, style: HouseStyle, public: bool = False) -> Document:
    """Return the action log laid out in `style` (for publication with `public`)."""
    log: ActionLog = validated.model
    actions = logged_actions(validated, public)
    slots = Slots()
    document = fill_template(style.template("action-log"), action_log_view(log, actions, style, slots), slots, style.reference_docx)
    return compose(document, action_log_job(validated, actions).run(style.reference_docx), slots, {})


def action_log_job(validated: Validated, actions: list[Action]) -> PandocJob:
    """Return the pandoc job for the action log's Markdown: each progress update in its slot (``update<i>``)."""
    job = PandocJob(validated.root)
    for i, action in enumerate(actions):
        if action.update:
            with job.slot(f"update{i}"):
                job.markdown(action.update, validated.source.path.parent, identifiers=False)
    return job


def lay_out_action_log(validated: Validated, in_pack: None = None, pdfs: None = None) -> Laid:
    """Return an action log built on its own, in its house style, and its properties."""
    log: ActionLog = validated.model
    document = action_log_document(validated, validated.style)
    return Laid(document, Properties(title=log.title, subject=log.committee, author=""))
