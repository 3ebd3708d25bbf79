"""Content that every kind of paper shares: body parts and appendices."""

from __future__ import annotations

from pathlib import Path

from pipeline.compose import INSERT, PAGE
from pipeline.errors import BuildError
from pipeline.markdown import PandocJob
from pipeline.models.cover_sheet import BodyPart, MarkdownFile, OptionsAppraisalPart
from pipeline.source import load_markdown


def add_body_parts(job: PandocJob, parts: list[BodyPart], base: Path) -> dict[str, Path]:
    """Add each of `parts` to `job` in order; return the Word files to insert.

    Inline Markdown finds its images relative to `base`, a Markdown file
    relative to its own folder.
    """
    for part in parts:
        if isinstance(part, MarkdownFile):
            job.markdown(load_markdown(part.markdown_file), part.markdown_file.parent)
        elif isinstance(part, OptionsAppraisalPart):
            raise BuildError(f"{part.options_appraisal}: options-appraisal parts are not built yet")
        else:
            job.markdown(part, base)
    return {}


def add_appendix(job: PandocJob, label: str, title: str, file: Path | None) -> dict[str, Path]:
    """Add an appendix's own pages to `job` when it has a .md or .docx file; return Word inserts.

    A .pdf appendix is only listed: it is merged into PDF packs.
    """
    if file is None or file.suffix.lower() == ".pdf":
        return {}
    job.marker(PAGE)
    job.heading(f"{label}: {title}", level=1)
    if file.suffix.lower() == ".docx":
        job.marker(INSERT + label)
        return {label: file}
    job.markdown(load_markdown(file), file.parent)
    return {}
