"""The ``boardpapers`` command: parses arguments and calls one function per command.

:class:`_Commands` is the one place where errors become messages and exit
codes: 2 when the inputs are wrong (each problem as ``file:line: key: message``),
1 when anything else failed; no traceback unless ``--debug``.
"""

from __future__ import annotations

import json
from pathlib import Path

import click

from pipeline.audit import audit_documents
from pipeline.batch import build_all, meetings_under, progress_line
from pipeline.build import build_paper
from pipeline.minutes import build_minutes, minutes_starter
from pipeline.pack import build_pack
from pipeline.errors import BuildError, InputError, display_path
from pipeline.models import KINDS
from pipeline.output import write_atomic
from pipeline.schema import json_schema, write_starter
from pipeline.timetable import timetable_calendar, timetable_text
from pipeline.validate import validate, validate_meeting
from pipeline.web.publish import publish as publish_site

ROOT_HELP = "The input tree that paths in inputs must stay inside (default: the current folder, when the file is in it)."


class _Commands(click.Group):
    def invoke(self, ctx: click.Context):  # noqa: D102
        try:
            return super().invoke(ctx)
        except InputError as exc:
            for problem in exc.problems:
                click.echo(str(problem), err=True)
            ctx.exit(2)
        except BuildError as exc:
            click.echo(f"error: {exc}", err=True)
            ctx.exit(1)
        except (click.exceptions.Exit, click.ClickException, click.Abort):
            raise
        except Exception as exc:
            if ctx.obj and ctx.obj.get("debug"):
                raise
            click.echo(f"error: unexpected failure: {type(exc).__name__}: {exc} (run with --debug for the traceback)", err=True)
            ctx.exit(1)


@click.group(cls=_Commands, context_settings={"help_option_names": ["-h", "--help"]})
@click.option("--debug", is_flag=True, help="Show the Python traceback of an unexpected failure.")
@click.version_option(package_name="boardpapers")
@click.pass_context
def main(ctx: click.Context, debug: bool) -> None:
    """Board and committee papers from YAML and Markdown, in house style.

    \b
    Example:
        boardpapers check inputs/papers/winter-plan.yaml
        boardpapers paper inputs/papers/winter-plan.yaml
    """
    ctx.obj = {"debug": debug}


@main.command()
@click.argument("file", type=click.Path(path_type=Path))
@click.option("--out", type=click.Path(file_okay=False, path_type=Path), default=Path("outputs/papers"), show_default=True, help="The folder to write the paper to.")
@click.option("--pdf", is_flag=True, help="Also write OUT/<slug>.pdf (needs LibreOffice).")
@click.option("--root", type=click.Path(file_okay=False, exists=True, path_type=Path), help=ROOT_HELP)
def paper(file: Path, out: Path, pdf: bool, root: Path | None) -> None:
    """Build the paper FILE (a cover-sheet) into OUT/<slug>.docx and print its path.

    \b
    Example:
        boardpapers paper inputs/papers/winter-plan.yaml --out outputs/papers --pdf
    """
    built = build_paper(file, out, root, pdf=pdf)
    for warning in built.warnings:
        click.echo(str(warning), err=True)
    for written in (built.path, built.pdf):
        if written:
            click.echo(display_path(written))


@main.command()
@click.argument("meeting", type=click.Path(path_type=Path))
@click.option("--out", type=click.Path(file_okay=False, path_type=Path), default=Path("outputs"), show_default=True, help="The folder to write the meeting's folder into.")
@click.option("--pdf/--no-pdf", default=True, show_default=True, help="Also make pack.pdf and public-pack.pdf (needs LibreOffice).")
@click.option("--root", type=click.Path(file_okay=False, exists=True, path_type=Path), help=ROOT_HELP)
def pack(meeting: Path, out: Path, pdf: bool, root: Path | None) -> None:
    """Build MEETING's agenda, papers and packs under OUT/<date>-<committee>/ and print the folder.

    \b
    Example:
        boardpapers pack inputs/meetings/ics-board/2020-12-02-ics-board.yaml --out outputs
    """
    built = build_pack(meeting, out, root, pdf=pdf)
    for warning in built.warnings:
        click.echo(str(warning), err=True)
    if built.pdf_skipped and pdf:
        click.echo(f"note: the Word outputs are built; no PDFs: {built.pdf_skipped}", err=True)
    click.echo(display_path(built.folder))


@main.command()
@click.argument("folder", type=click.Path(file_okay=False, exists=True, path_type=Path), default=Path("inputs/meetings"))
@click.option("--out", type=click.Path(file_okay=False, path_type=Path), default=Path("outputs"), show_default=True, help="The folder to write each meeting's folder into.")
@click.option("--pdf/--no-pdf", default=True, show_default=True, help="Also make the PDF packs (needs LibreOffice).")
@click.option("--jobs", type=click.IntRange(min=1), default=None, help="Meetings built at once (default: one per core).")
@click.option("--force", is_flag=True, help="Rebuild every meeting, changed or not.")
@click.option("--root", type=click.Path(file_okay=False, exists=True, path_type=Path), help=ROOT_HELP)
def packs(folder: Path, out: Path, pdf: bool, jobs: int | None, force: bool, root: Path | None) -> None:
    """Build every meeting under FOLDER whose inputs changed since its last build.

    Prints a line per meeting as it finishes; exits 2 when a meeting's inputs
    are wrong and 1 when a build failed, after trying all of them.

    \b
    Example:
        boardpapers packs inputs/meetings --out outputs --jobs 2
    """
    total = len(meetings_under(folder))
    if total == 0:
        click.echo(f"no meeting files (kind: meeting) under {display_path(folder)}")
        return
    worst = 0
    for done, outcome in enumerate(build_all(folder, out, root, pdf, jobs, force), start=1):
        click.echo(progress_line(done, total, outcome))
        if outcome.message:
            click.echo(outcome.message, err=True)
        worst = max(worst, outcome.exit_code)
    if worst:
        raise click.exceptions.Exit(worst)


@main.command()
@click.argument("folder", type=click.Path(file_okay=False, exists=True, path_type=Path), default=Path("inputs/meetings"))
@click.option("--out", type=click.Path(file_okay=False, path_type=Path), default=Path("outputs/site"), show_default=True, help="The folder the website is written to (it is replaced whole).")
@click.option("--work", type=click.Path(file_okay=False, path_type=Path), default=Path("outputs"), show_default=True, help="Where the meetings' packs are built (and cached), as `packs` builds them.")
@click.option("--today", type=click.DateTime(formats=["%Y-%m-%d"]), default=None, help="The day that divides upcoming meetings from past ones (default: today).")
@click.option("--organisation", default=None, help="The name the site goes by (default: the house style's organisation).")
@click.option("--root", type=click.Path(file_okay=False, exists=True, path_type=Path), help=ROOT_HELP)
def publish(folder: Path, out: Path, work: Path, today, organisation: str | None, root: Path | None) -> None:
    """Build the public website of every meeting under FOLDER into OUT and print OUT.

    HTML first, PDF and Word beside it: the committees, their meetings, each
    agenda with its items' papers as web pages, the public packs, each
    committee's calendar, an Atom feed and meetings.json. Items not for
    publication show their agenda line and reason only.

    \b
    Example:
        boardpapers publish inputs/meetings --out outputs/site
    """
    published = publish_site(folder, out, work, root, today.date() if today else None, organisation)
    for warning in published.warnings:
        click.echo(str(warning), err=True)
    click.echo(f"{published.meetings} meeting{'s' * (published.meetings != 1)}: {len(published.written)} file"
               f"{'s' * (len(published.written) != 1)} written, {published.kept} unchanged", err=True)
    click.echo(display_path(published.folder))


@main.command()
@click.argument("file", type=click.Path(path_type=Path))
@click.option("--out", type=click.Path(file_okay=False, path_type=Path), default=Path("outputs/minutes"), show_default=True, help="The folder to write the meeting's folder of minutes into.")
@click.option("--pdf", is_flag=True, help="Also write a PDF of each (needs LibreOffice).")
@click.option("--root", type=click.Path(file_okay=False, exists=True, path_type=Path), help=ROOT_HELP)
def minutes(file: Path, out: Path, pdf: bool, root: Path | None) -> None:
    """Build the minutes FILE: minutes.docx, public-minutes.docx and decisions.docx under OUT/<date>-<committee>/; print the folder.

    Numbers, titles, sections, the date and venue come from the meeting file
    the minutes name; decisions are worded from the papers' recommendations
    and action codes are derived. A draft says DRAFT on every page.

    \b
    Example:
        boardpapers minutes inputs/meetings/ics-board/2020-12-02-minutes.yaml --pdf
    """
    built = build_minutes(file, out, root, pdf=pdf)
    for warning in built.warnings:
        click.echo(str(warning), err=True)
    click.echo(display_path(built.folder))


@main.command()
@click.argument("meeting", type=click.Path(path_type=Path))
@click.option("--ics", type=click.Path(dir_okay=False, path_type=Path), default=None, help="Also write the dates as calendar events to this file.")
@click.option("--root", type=click.Path(file_okay=False, exists=True, path_type=Path), help=ROOT_HELP)
def timetable(meeting: Path, ics: Path | None, root: Path | None) -> None:
    """Print MEETING's timetable: the report deadline, the last day to publish the agenda, and the meeting.

    The dates follow the house style's notice rules (publish_clear_days,
    clear_days, bank_holidays, report_deadline_days).

    \b
    Example:
        boardpapers timetable inputs/meetings/ics-board/2020-12-02-ics-board.yaml --ics timetable.ics
    """
    validated = validate_meeting(meeting, root)
    for warning in validated.warnings:
        click.echo(str(warning), err=True)
    click.echo(timetable_text(validated), nl=False)
    if ics is not None:
        write_atomic(ics, timetable_calendar(validated))
        click.echo(display_path(ics))


@main.command()
@click.argument("files", nargs=-1, required=True, type=click.Path(path_type=Path))
@click.option("--root", type=click.Path(file_okay=False, exists=True, path_type=Path), help=ROOT_HELP)
def check(files: tuple[Path, ...], root: Path | None) -> None:
    """Check FILES without building; print every problem as file:line: key: message.

    Exits 2 when any file has a problem.

    \b
    Example:
        boardpapers check inputs/papers/*.yaml
    """
    problems = []
    for file in files:
        try:
            validated = validate(file, root)
        except InputError as exc:
            problems += exc.problems
            continue
        for warning in validated.warnings:
            click.echo(str(warning), err=True)
        click.echo(f"ok: {display_path(validated.source.path)} ({validated.kind})")
    if problems:
        raise InputError(problems)


@main.command()
@click.argument("paths", nargs=-1, required=True, type=click.Path(exists=True, path_type=Path))
@click.option("--validator/--no-validator", default=True, show_default=True,
              help="Also judge PDFs with the PDF/UA-1 validator (veraPDF), when it is set up (make validators).")
def audit(paths: tuple[Path, ...], validator: bool) -> None:
    """Check the built documents PATHS (.docx, .pdf; a folder: every one under it) for accessibility.

    Prints every problem as path: check: message, then how many documents and
    problems there were; exits 1 when there is any problem. PDFs are judged by
    the PDF/UA-1 validator too when it is set up; when it is not, a note says
    what was then not judged.

    \b
    Example:
        boardpapers audit outputs/papers outputs/2020-12-02-ics-board/pack.pdf
    """
    audited = audit_documents(paths, validator)
    for finding in audited.findings:
        click.echo(str(finding))
    if audited.unjudged:
        click.echo(f"note: {audited.unjudged}", err=True)
    documents, problems = len(audited.documents), len(audited.findings)
    click.echo(f"{documents} document{'s' * (documents != 1)}, {problems} problem{'s' * (problems != 1)}")
    if problems:
        raise click.exceptions.Exit(1)


@main.command()
@click.argument("kind", type=click.Choice(sorted(KINDS)))
def schema(kind: str) -> None:
    """Print the JSON Schema of input files of KIND, for editors' YAML completion.

    \b
    Example:
        boardpapers schema cover-sheet > cover-sheet.schema.json
    """
    click.echo(json.dumps(json_schema(kind), indent=2))


@main.command()
@click.argument("kind", type=click.Choice(sorted(KINDS)))
@click.argument("path", type=click.Path(dir_okay=False, path_type=Path))
@click.option("--meeting", type=click.Path(dir_okay=False, path_type=Path), default=None,
              help="For minutes: the meeting file, whose agenda items the starter lists.")
@click.option("--root", type=click.Path(file_okay=False, exists=True, path_type=Path), help=ROOT_HELP)
def new(kind: str, path: Path, meeting: Path | None, root: Path | None) -> None:
    """Write a commented starter file of KIND to PATH, and its JSON Schema beside it.

    Minutes start from their meeting (--meeting): every agenda item listed in
    order, the attendance to fill in.

    \b
    Example:
        boardpapers new cover-sheet inputs/papers/my-paper.yaml
        boardpapers new minutes inputs/meetings/ics-board/minutes.yaml --meeting inputs/meetings/ics-board/2020-12-02-ics-board.yaml
    """
    if path.exists():
        raise click.UsageError(f"{path} already exists; choose a new file name")
    if (kind == "minutes") != (meeting is not None):
        raise click.UsageError("minutes start from their meeting: give --meeting MEETING (and only for minutes)")
    if meeting is not None:
        write_atomic(path, minutes_starter(validate_meeting(meeting, root), path).encode("utf-8"))
        click.echo(display_path(path))
        return
    for written in write_starter(kind, path):
        click.echo(display_path(written))
