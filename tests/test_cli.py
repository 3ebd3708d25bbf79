"""The command line: help, schema, starter files, reproducible and atomic output."""

from __future__ import annotations

import json
import os
import subprocess
import sys
import zipfile
from pathlib import Path

import pytest

from conftest import REPO, copy_fixture
from pipeline.cli import main
from readback import details, open_docx


@pytest.mark.parametrize("command", sorted(main.commands))
def test_every_command_has_help_with_an_example(command, boardpapers):
    run = boardpapers(command, "--help")
    assert run.exit_code == 0
    assert "Example:" in run.stdout
    assert f"boardpapers {command}" in run.stdout


def test_python_dash_m_pipeline_is_the_same_command():
    done = subprocess.run([sys.executable, "-m", "pipeline", "--help"], capture_output=True, text=True, cwd=REPO)
    assert done.returncode == 0
    assert "Usage: boardpapers" in done.stdout


def test_schema_is_generated_from_the_models_with_descriptions(boardpapers):
    run = boardpapers("schema", "cover-sheet")
    assert run.exit_code == 0
    schema = json.loads(run.stdout)
    properties = schema["properties"]
    assert {"title", "meeting", "implications", "recommendations", "body", "appendices"} <= set(properties)
    assert properties["title"]["description"] == "The title of the paper."
    assert set(schema["required"]) >= {"kind", "title", "author", "purpose", "implications"}
    answers = schema["$defs"]["Implications"]["properties"]["associated_risks"]
    assert answers["anyOf"][0]["enum"] == ["yes", "no", "n/a"]
    assert schema["additionalProperties"] is False


@pytest.mark.parametrize("kind", ["cover-sheet", "committee-report", "options-appraisal"])
def test_new_writes_a_starter_that_checks_and_builds(kind, workdir, boardpapers):
    run = boardpapers("new", kind, "draft.yaml")
    assert run.exit_code == 0, run.stderr
    assert run.stdout.split() == ["draft.yaml", f"{kind}.schema.json"]
    starter = (workdir / "draft.yaml").read_text(encoding="utf-8")
    assert starter.splitlines()[0] == f"# yaml-language-server: $schema=./{kind}.schema.json"
    assert json.loads((workdir / f"{kind}.schema.json").read_text())["title"] == f"boardpapers {kind}"
    check = boardpapers("check", "draft.yaml")
    assert check.exit_code == 0, check.stderr
    built = boardpapers("paper", "draft.yaml", "--out", "out")
    assert built.exit_code == 0, built.stderr
    assert Path(built.stdout.strip()).stat().st_size > 0


def test_cover_sheet_starter_explains_each_field(workdir, boardpapers):
    boardpapers("new", "cover-sheet", "draft.yaml")
    starter = (workdir / "draft.yaml").read_text(encoding="utf-8")
    assert "  # Has a quality impact assessment been completed?\n  quality_impact_assessment: n/a" in starter
    built = boardpapers("paper", "draft.yaml", "--out", "out")
    assert details(open_docx(Path(built.stdout.strip())))["Title of Paper"] == "Conclusion of the phase 3 planning process"


def test_new_never_overwrites_a_file(workdir, boardpapers):
    (workdir / "mine.yaml").write_text("kind: cover-sheet\n")
    run = boardpapers("new", "cover-sheet", "mine.yaml")
    assert run.exit_code == 2
    assert "already exists" in run.stderr
    assert (workdir / "mine.yaml").read_text() == "kind: cover-sheet\n"


def test_same_input_gives_byte_identical_output(workdir, boardpapers):
    paper = copy_fixture("full", workdir)
    first = Path(boardpapers("paper", paper, "--out", "one").stdout.strip())
    second = Path(boardpapers("paper", paper, "--out", "two").stdout.strip())
    assert first.read_bytes() == second.read_bytes()


def test_source_date_epoch_sets_every_timestamp(workdir, boardpapers, monkeypatch):
    paper = copy_fixture("minimal", workdir)
    monkeypatch.setenv("SOURCE_DATE_EPOCH", "1606867200")  # 2020-12-02 00:00 UTC
    built = Path(boardpapers("paper", paper, "--out", "out").stdout.strip())
    with zipfile.ZipFile(built) as archive:
        assert {info.date_time for info in archive.infolist()} == {(2020, 12, 2, 0, 0, 0)}
    core = open_docx(built).core_properties
    assert core.created.isoformat() == core.modified.isoformat() == "2020-12-02T00:00:00+00:00"


def test_a_tool_failure_exits_1_naming_the_file(workdir, boardpapers, monkeypatch):
    paper = copy_fixture("minimal", workdir)
    styles = workdir / "styles"
    (styles / "lsc-ics").mkdir(parents=True)
    (styles / "lsc-ics" / "style.yaml").write_text((REPO / "templates" / "lsc-ics" / "style.yaml").read_text())
    monkeypatch.setenv("BOARDPAPERS_TEMPLATES", str(styles))
    run = boardpapers("paper", paper, "--out", "out")
    assert run.exit_code == 1
    assert run.stderr.startswith("error: house style 'lsc-ics' has no template for cover-sheet: expected ")
    assert "Traceback" not in run.stderr
    assert not (workdir / "out").exists()


def test_a_broken_style_file_is_an_input_error_at_its_line(workdir, boardpapers, monkeypatch):
    paper = copy_fixture("minimal", workdir)
    styles = workdir / "styles" / "lsc-ics"
    styles.mkdir(parents=True)
    text = (REPO / "templates" / "lsc-ics" / "style.yaml").read_text().replace('\ndate_format: "{day} {month} {year}"', '\ndate_format: "%d %B %Y"')
    (styles / "style.yaml").write_text(text)
    monkeypatch.setenv("BOARDPAPERS_TEMPLATES", str(styles.parent))
    run = boardpapers("paper", paper, "--out", "out")
    assert run.exit_code == 2
    line = text.splitlines().index('date_format: "%d %B %Y"') + 1
    assert run.stderr == (
        f"styles/lsc-ics/style.yaml:{line}: date_format: expected a pattern of {{day}}, {{month}}, {{year}} and "
        "{weekday}, such as '{day} {month} {year}', got '%d %B %Y'\n"
    )


def test_console_script_runs_without_traceback_on_bad_input(workdir):
    (workdir / "bad.yaml").write_text("kind: cover-sheet\ntitle: [\n")
    boardpapers = Path(sys.executable).parent / "boardpapers"
    done = subprocess.run([str(boardpapers), "check", "bad.yaml"], capture_output=True, text=True, env={**os.environ})
    assert done.returncode == 2
    assert done.stderr.startswith("bad.yaml:3: yaml: not valid YAML:")
    assert "Traceback" not in done.stderr
