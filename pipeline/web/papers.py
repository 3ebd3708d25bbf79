"""What a paper's web page shows: the same views and Markdown as its Word document, for the HTML templates.

Each kind of paper has a view (the text its Word template shows, from
:mod:`pipeline.layouts`) and a pandoc job (its Markdown, in named slots). A
web page takes both: the view, with each slot's place filled by the slot's
HTML, and the body that follows the slots, in order, an options appraisal's
HTML where the Word document inserts its tables. What the Word view shows as
a ticked box the page states in words ("Yes"), and a rating is its text on
its colour.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from markupsafe import Markup

from pipeline.housestyle import HouseStyle
from pipeline.layouts.action_log import action_log_job, action_log_view, logged_actions
from pipeline.layouts.committee_report import committee_report_job, committee_report_view
from pipeline.layouts.cover_sheet import cover_sheet_job, cover_sheet_view
from pipeline.layouts.laid import InPack
from pipeline.markdown import PandocJob
from pipeline.models.fields import Answer
from pipeline.models.options_appraisal import OptionsAppraisal, conjunction_text, preferred_line, summary
from pipeline.render import Slots
from pipeline.source import load_markdown
from pipeline.validate import Validated
from pipeline.web.fragments import Rendered, job_html

ANSWERS = {Answer.YES: "Yes", Answer.NO: "No", Answer.NA: "N/A"}


@dataclass
class Page:
    """A page to render: its template (by name) and what the template is given."""

    template: str
    title: str
    context: dict[str, Any] = field(default_factory=dict)


def paper_page(validated: Validated, in_pack: InPack | None = None) -> Page:
    """Return the web page of the paper or action log `validated` (an options appraisal is shown inside its paper)."""
    return _PAGES[validated.kind](validated, in_pack)


def markdown_page(path: Path, title: str, root: Path, style: HouseStyle) -> Page:
    """Return the web page of a Markdown attachment `path`, headed `title`."""
    job = PandocJob(root, style.settings.figure_label)
    job.markdown(load_markdown(path), path.parent)
    return Page("document.html", title, {"title": title, "flow": job_html(job).flow})


APPRAISAL_LEVEL = 3
"""An options appraisal's title on a paper's page: under the cover sheet's "Report", or the council report's "Detail"."""


def _web_appraisal(included: Validated, style: HouseStyle, level: int) -> dict[str, Any]:
    """Lay out an options appraisal of a paper's body for its web page (the Word heading `level` does not apply)."""
    return appraisal_view(included, APPRAISAL_LEVEL)


def _cover_sheet(validated: Validated, in_pack: InPack | None) -> Page:
    paper, style = validated.model, validated.style
    view = cover_sheet_view(paper, style, in_pack)
    view["answers"] = {name: ANSWERS[answer] for name, answer in paper.implications}
    job, inserts = cover_sheet_job(validated, style, appraisal=_web_appraisal)
    rendered = job_html(job, top=APPRAISAL_LEVEL)
    return Page("cover-sheet.html", paper.title, {**view, "slots": rendered.slots, "flow": _inserted(rendered.flow, inserts)})


def _committee_report(validated: Validated, in_pack: InPack | None) -> Page:
    report, style = validated.model, validated.style
    slots = Slots()
    job, inserts = committee_report_job(validated, style, appraisal=_web_appraisal)
    rendered = job_html(job, top=APPRAISAL_LEVEL)
    view = _filled(committee_report_view(report, style, slots, in_pack), slots, rendered)
    return Page("committee-report.html", report.title, {
        **view, "slots": rendered.slots, "detail": _inserted(rendered.flows.get("detail", []), inserts),
        "flow": _inserted(rendered.flow, inserts)})


def _action_log(validated: Validated, in_pack: InPack | None = None) -> Page:
    log, style = validated.model, validated.style
    slots = Slots()
    actions = logged_actions(validated, public=True)  # the web is public
    view = _filled(action_log_view(log, actions, style, slots), slots, job_html(action_log_job(validated, actions)))
    return Page("action-log.html", log.title, {**view, "committee": log.committee})


_PAGES: dict[str, Callable[[Validated, InPack | None], Page]] = {
    "cover-sheet": _cover_sheet, "committee-report": _committee_report,
    "action-log": _action_log,
}


def _filled(view: Any, slots: Slots, rendered: Rendered) -> Any:
    """Return `view` with each slot's stand-in text replaced by the slot's HTML."""
    if isinstance(view, dict):
        return {key: _filled(value, slots, rendered) for key, value in view.items()}
    if isinstance(view, list):
        return [_filled(value, slots, rendered) for value in view]
    if isinstance(view, str) and slots.name_of(view) is not None:
        return rendered.slots.get(slots.name_of(view), Markup(""))
    return view


def _inserted(pieces: list[Markup | str], inserts: dict[str, Any]) -> list:
    """Return `pieces` with each insert's name replaced by what stands there on the page.

    An options appraisal is its view (:func:`_web_appraisal`); another
    document a Word paper inserts (a .docx appendix) is in the item's Word
    and PDF files, and the page says so where it stands.
    """
    shown = []
    for piece in pieces:
        if isinstance(piece, Markup):
            shown.append(piece)
        elif isinstance(inserts.get(piece), dict):
            shown.append(inserts[piece])
        else:
            shown.append({"document": piece})
    return shown


def appraisal_view(validated: Validated, level: int) -> dict[str, Any]:
    """Return what the options-appraisal template shows: every table's text and colours, its Markdown as HTML.

    `level` is the heading level of the appraisal's title; its sections are a level below.
    """
    appraisal: OptionsAppraisal = validated.model
    style = validated.style
    base = validated.source.path.parent
    job = PandocJob(validated.root)
    steps = len(appraisal.scale)

    def markdown(name: str, text: str | None) -> str:
        if text:
            with job.slot(name):
                job.markdown(text, base, identifiers=False)
        return name

    def rating(rated) -> dict[str, Any]:
        return {"text": rated.text, "qualifier": rated.qualifier, "with": rated.combined_with,
                "colour": style.rating_colour(rated.positions, steps)}

    matrix = summary(appraisal)
    options = [{"id": o.id, "title": o.title, "name": o.name, "label": o.label or o.name, "note": o.note,
                "description": markdown(f"option{o.id}", o.description), "with": conjunction_text(o.combines_with),
                "key_features": o.key_features, "benefits": o.benefits, "risks": o.risks}
               for o in appraisal.options]
    principles = []
    for principle in appraisal.principles:
        cells = []
        for option in appraisal.options:
            rated, combined = matrix[principle.id][option.id]
            narrative = appraisal.assessment(option.id, principle.id).narrative
            cells.append({"rating": rating(rated), "combined": [rating(c) for c in combined],
                          "narrative": markdown(f"narrative-{principle.id}-{option.id}", narrative) if narrative else None})
        principles.append({"title": principle.title, "points": principle.points, "cells": cells})
    preferred = None
    if appraisal.preferred:
        preferred = {"line": preferred_line(appraisal),
                     "rationale": markdown("rationale", appraisal.preferred.rationale)}
    key = [{"rating": step.rating, "meaning": step.meaning, "colour": style.rating_colour([position], steps)}
           for position, step in reversed(list(enumerate(appraisal.scale)))]
    view = {"title": appraisal.title, "level": level, "intro": markdown("intro", appraisal.intro),
            "evaluation": markdown("evaluation", appraisal.evaluation), "options": options, "principles": principles,
            "key": key, "preferred": preferred,
            "has": {name: any(o[name] for o in options) for name in ("key_features", "benefits", "risks")}}
    view["html"] = job_html(job, top=level + 2).slots
    return view
