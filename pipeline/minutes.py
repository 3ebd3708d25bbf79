"""``boardpapers minutes``: the minutes, the public minutes and the decisions of a meeting, from its minutes file.

Under ``OUT/<date>-<committee-slug>/``: ``minutes.docx``, ``public-minutes.docx``
and ``decisions.docx`` (with PDFs of each when asked). They are written into
a new folder that then replaces the old one whole, so a failed build leaves
the earlier files as they were.
"""

from __future__ import annotations

import os
import shutil
import tempfile
from dataclasses import dataclass, field
from pathlib import Path

import yaml

from pipeline.build import slug
from pipeline.cache import Cache
from pipeline.errors import Problem
from pipeline.export import font_warnings, to_pdf
from pipeline.layouts.agenda import agenda_rows
from pipeline.layouts.minutes import decisions_document, minutes_document, minutes_title
from pipeline.models.meeting import Meeting
from pipeline.output import Properties, build_lock, owned, replacing, save_document
from pipeline.plan import paper_key
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
    """Build the minutes file `path` into ``out/<date>-<committee>/``: minutes, public minutes, decisions (and their PDFs).

    What was built from the same inputs (the minutes, their meeting and its
    papers, the house style, the tools and the code) is taken from the cache
    under `out`, with no LibreOffice started.
    """
    return write_minutes(validate_kind(path, root, "minutes"), out, pdf)


def write_minutes(validated: Validated, out: Path, pdf: bool) -> MinutesBuilt:
    """Build the minutes `validated` as :func:`build_minutes` does."""
    style = validated.style
    folder = minutes_folder(validated, out)
    cache, key = Cache(out), paper_key(validated, pdf)
    built = MinutesBuilt(folder, warnings=validated.warnings + (font_warnings(style) if pdf else []))
    names = [f"{name}.{kind}" for name in OUTPUTS for kind in ("docx", "pdf") if kind == "docx" or pdf]
    with build_lock(out):
        if cache.get(key, needs=names[-1]) is None:
            cache.put(key, _made(validated, names), {"names": names})
        with build_lock(folder):
            with replacing(folder) as stage:
                for name in names:
                    shutil.copyfile(cache.entry(key) / name, stage / name)
                    built.outputs.append(folder / name)
        cache.prune()
    return built


def _made(validated: Validated, names: list[str]) -> dict[str, bytes]:
    """Lay out the minutes, the public minutes and the decisions; return the files `names`, by name (PDFs by LibreOffice)."""
    model: Meeting = validated.includes[validated.model.meeting].model
    style = validated.style
    title = minutes_title(validated)
    documents = {
        "minutes": (minutes_document(validated), title),
        "public-minutes": (minutes_document(validated, public=True), f"{title}: public minutes"),
        "decisions": (decisions_document(validated), f"Decisions of the {model.committee}, {style.date(model.date)}"),
    }
    with tempfile.TemporaryDirectory(**owned("boardpapers-minutes")) as work:
        for name, (document, heading) in documents.items():
            target = Path(work) / f"{name}.docx"
            save_document(document, target, Properties(heading, f"{model.committee}, {style.date(model.date)}", model.committee))
            if f"{name}.pdf" in names:
                to_pdf(target, target.with_suffix(".pdf"))
        return {name: (Path(work) / name).read_bytes() for name in names}


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
