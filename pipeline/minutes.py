"""``boardpapers minutes``: the minutes, the public minutes and the decisions of a meeting, from its minutes file.

Under ``OUT/<date>-<committee-slug>/``: ``minutes.docx``, ``public-minutes.docx``
and ``decisions.docx`` (with PDFs of each when asked). They are written into
a new folder that then replaces the old one whole, so a failed build leaves
the earlier files as they were.
"""

from __future__ import annotations

import os
from dataclasses import dataclass, field
from pathlib import Path

import yaml

from pipeline.build import slug
from pipeline.errors import Problem
from pipeline.export import font_warnings, to_pdf
from pipeline.layouts.agenda import agenda_rows
from pipeline.layouts.minutes import decisions_document, minutes_document, minutes_title
from pipeline.models.meeting import Meeting
from pipeline.output import Properties, build_lock, replacing, save_document
from pipeline.validate import Validated, validate_kind

OUTPUTS = ("minutes", "public-minutes", "decisions")
"""The documents built, by file name."""


@dataclass
class MinutesBuilt:
    """What a minutes build wrote."""

    folder: Path
    outputs: list[Path] = field(default_factory=list)
    warnings: list[Problem] = field(default_factory=list)


def minutes_folder(validated: Validated, out: Path) -> Path:
    """Return the folder the minutes of `validated` are written to: ``out/<date>-<committee-slug>``."""
    model: Meeting = validated.includes[validated.model.meeting].model
    return out / f"{model.date.isoformat()}-{slug(model.committee)}"


def build_minutes(path: Path, out: Path, root: Path | None = None, pdf: bool = False) -> MinutesBuilt:
    """Build the minutes file `path` into ``out/<date>-<committee>/``: minutes, public minutes, decisions (and their PDFs)."""
    validated = validate_kind(path, root, "minutes")
    model: Meeting = validated.includes[validated.model.meeting].model
    style = validated.style
    folder = minutes_folder(validated, out)
    title = minutes_title(validated)
    documents = {
        "minutes": (minutes_document(validated), title),
        "public-minutes": (minutes_document(validated, public=True), f"{title}: public minutes"),
        "decisions": (decisions_document(validated), f"Decisions of the {model.committee}, {style.date(model.date)}"),
    }
    built = MinutesBuilt(folder, warnings=validated.warnings + (font_warnings(style) if pdf else []))
    with build_lock(folder):
        with replacing(folder) as stage:
            for name, (document, heading) in documents.items():
                target = stage / f"{name}.docx"
                save_document(document, target, Properties(heading, f"{model.committee}, {style.date(model.date)}", model.committee))
                built.outputs.append(folder / target.name)
                if pdf:
                    to_pdf(target, target.with_suffix(".pdf"))
                    built.outputs.append(folder / f"{name}.pdf")
    return built


def minutes_starter(meeting: Validated, path: Path) -> str:
    """Return a starter minutes file for `meeting`, to be written at `path`: every agenda item listed, attendance to fill in."""
    model: Meeting = meeting.model
    named = os.path.relpath(meeting.source.path, path.parent.resolve())
    lines = [
        f"# The minutes of the {model.committee} of {meeting.style.date(model.date)}. Every agenda item is listed in order:",
        "# write each minute, an outcome for an item with a paper (approved, noted, endorsed,",
        "# deferred, amended with amendments, not-approved) and any actions. Numbers, titles,",
        "# the date, decisions and action codes come from the meeting file. Then run:",
        f"#   boardpapers minutes {path.name} --pdf",
        "kind: minutes",
        f"meeting: {_quoted(Path(named).as_posix())}",
        "status: draft",
        "chair: Name of the chair",
        "present:",
        "  - name: Name of the chair",
        "    role: Chair",
        f"    organisation: {_quoted(meeting.style.settings.organisation)}",
        "in_attendance: []",
        "apologies: []",
        "declarations: []",
        "items:",
    ]
    for row in agenda_rows(meeting):
        lines.append(f"  - item: {_quoted(row.title)}  # item {row.label}" + (" (in private)" if row.reason else ""))
        lines.append("    minute: To be written.")
        if row.files and row.files[0] in meeting.includes and meeting.includes[row.files[0]].kind in ("cover-sheet", "committee-report"):
            lines.append("    # outcome: approved")
    return "\n".join(lines) + "\n"


def _quoted(text: str) -> str:
    """Return `text` as a YAML scalar, quoted when it must be."""
    return yaml.safe_dump(text, default_flow_style=True, width=1000).removesuffix("\n...\n").strip()
