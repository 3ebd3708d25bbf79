"""Building every meeting under a folder: in parallel, and only what changed.

A meeting is rebuilt when its manifest is missing or differs from what a build
now would record: the hash of any input (the meeting, its papers, appraisals,
attachments and house style), the tool versions or the code, or an output that
is missing or changed since.
"""

from __future__ import annotations

import concurrent.futures
import os
import time
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path

from pipeline.errors import BuildError, InputError
from pipeline.manifest import code_digest, digest, input_digests, read_manifest, tool_versions
from pipeline.pack import build_pack, pack_folder
from pipeline.source import load
from pipeline.validate import validate


@dataclass
class Outcome:
    """What became of one meeting in a batch."""

    meeting: Path
    """The meeting file."""
    state: str
    """built, unchanged or failed."""
    folder: Path | None = None
    """Its output folder."""
    seconds: float = 0.0
    """How long it took."""
    message: str = ""
    """Warnings, notes or the error."""
    exit_code: int = 0
    """0 built or unchanged; 2 its inputs are wrong; 1 the build failed."""


def meetings_under(folder: Path) -> list[Path]:
    """Return every meeting file (``kind: meeting``) under `folder`, sorted."""
    return files_of_kind(folder, "meeting")


def files_of_kind(folder: Path, kind: str) -> list[Path]:
    """Return every input file of `kind` (``kind: minutes``) under `folder`, sorted."""
    found = []
    for path in sorted(folder.rglob("*.y*ml")):
        try:
            data = load(path).data
        except InputError:
            continue
        if data.get("kind") == kind:
            found.append(path)
    return found


def up_to_date(meeting: Path, out: Path, root: Path | None, pdf: bool) -> bool:
    """Return True when the meeting's outputs were built from exactly its present inputs, tools and code."""
    try:
        validated = validate(meeting, root)
    except InputError:
        return False
    folder = pack_folder(validated.model, out)
    manifest = read_manifest(folder)
    if manifest is None or manifest.get("tools") != tool_versions() or manifest.get("code") != code_digest():
        return False
    if pdf and "pack.pdf" not in manifest.get("outputs", {}):
        return False
    if manifest.get("inputs") != input_digests(validated):
        return False  # a file changed, or one was renamed, added or removed
    return all((folder / name).is_file() and digest(folder / name) == sha for name, sha in manifest.get("outputs", {}).items())


def _build_one(meeting: Path, out: Path, root: Path | None, pdf: bool) -> Outcome:
    started = time.monotonic()
    try:
        built = build_pack(meeting, out, root, pdf=pdf)
    except InputError as exc:
        return Outcome(meeting, "failed", message="\n".join(str(p) for p in exc.problems),
                       seconds=time.monotonic() - started, exit_code=2)
    except BuildError as exc:
        return Outcome(meeting, "failed", message=f"error: {exc}", seconds=time.monotonic() - started, exit_code=1)
    notes = [str(w) for w in built.warnings] + ([f"note: no PDFs: {built.pdf_skipped}"] if built.pdf_skipped and pdf else [])
    return Outcome(meeting, "built", built.folder, time.monotonic() - started, "\n".join(notes))


def build_all(folder: Path, out: Path, root: Path | None = None, pdf: bool = True, jobs: int | None = None,
              force: bool = False) -> Iterator[Outcome]:
    """Build every meeting under `folder` that changed (all with `force`), `jobs` at a time; yield each outcome as it ends."""
    meetings = meetings_under(folder)
    stale = []
    for meeting in meetings:
        if not force and up_to_date(meeting, out, root, pdf):
            yield Outcome(meeting, "unchanged")
        else:
            stale.append(meeting)
    workers = max(1, min(jobs or os.cpu_count() or 1, len(stale) or 1))
    if workers == 1:
        for meeting in stale:
            yield _build_one(meeting, out, root, pdf)
        return
    with concurrent.futures.ProcessPoolExecutor(max_workers=workers) as pool:
        futures = [pool.submit(_build_one, meeting, out, root, pdf) for meeting in stale]
        for future in concurrent.futures.as_completed(futures):
            yield future.result()


def progress_line(done: int, total: int, outcome: Outcome) -> str:
    """Return the progress display's line for one finished meeting."""
    where = f" -> {outcome.folder}" if outcome.folder else ""
    took = f" ({outcome.seconds:.1f} s)" if outcome.seconds else ""
    return f"[{done}/{total}] {outcome.state:9} {outcome.meeting}{where}{took}"
