"""Faults: builds killed part-way, builds racing each other, LibreOffice hanging or crashing.

Outputs are only ever the previous whole version or the new whole version of
a file; whatever a killed build leaves is hidden and swept by the next one;
a LibreOffice that fails costs the PDFs, never the Word outputs.
"""

from __future__ import annotations

import json
import os
import random
import re
import shutil
import signal
import subprocess
import sys
import time
import zipfile
from pathlib import Path

import pytest

from conftest import REPO, file_hashes, small_meeting, visible
from pipeline.export import uno_python

TEMPORARY = ".*.tmp"


def pack_command(meeting: Path, out: Path, *extra: str) -> list[str]:
    return [sys.executable, "-m", "pipeline", "pack", str(meeting), "--out", str(out), "--root", str(meeting.parent), *extra]


def run_pack(meeting: Path, out: Path, *extra: str, env: dict[str, str] | None = None) -> subprocess.CompletedProcess:
    return subprocess.run(pack_command(meeting, out, *extra), capture_output=True, text=True, cwd=REPO,
                          env={**os.environ, **(env or {})}, timeout=300)


def hashes(out: Path) -> dict[str, str]:
    """Return the SHA-256 of every visible file under `out`, by relative path (not inside a build's hidden new folder, nor the parts cache)."""
    return {name: sha for name, sha in file_hashes(out, leave_out=TEMPORARY).items()
            if not any(part.startswith(".") for part in Path(name).parts)}


def assert_cache_entries_whole(out: Path) -> None:
    """Every entry of the parts cache a build left is whole: its facts readable, its Word file a whole zip."""
    cache = out / ".boardpapers-cache"
    for entry in (e for e in cache.iterdir() if not e.name.startswith(".")) if cache.is_dir() else []:
        json.loads((entry / "part.json").read_text(encoding="utf-8"))
        with zipfile.ZipFile(entry / "part.docx") as part:
            assert part.testzip() is None, entry


def test_a_build_killed_at_any_moment_leaves_each_output_old_or_new(tmp_path):
    meeting = small_meeting(tmp_path / "inputs")
    old_out, new_out, out = tmp_path / "old", tmp_path / "new", tmp_path / "out"
    started = time.monotonic()
    assert run_pack(meeting, old_out, "--no-pdf").returncode == 0
    duration = time.monotonic() - started
    body = meeting.parent / "minimal" / "body.md"
    body.write_text(body.read_text(encoding="utf-8") + "\nA paragraph added since the last build.\n", encoding="utf-8")
    assert run_pack(meeting, new_out, "--no-pdf").returncode == 0
    old, new = hashes(old_out), hashes(new_out)
    assert old.keys() == new.keys() and old != new
    shutil.copytree(old_out, out)

    moments = random.Random(20201202)
    killed = 0
    for run in range(20):
        # Spread the kills over the whole build, start-up to the last write, jittered.
        delay = duration * (run + moments.random()) / 20
        process = subprocess.Popen(pack_command(meeting, out, "--no-pdf"), cwd=REPO,
                                   stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
        time.sleep(delay)
        if process.poll() is None:
            process.send_signal(signal.SIGKILL)
            killed += 1
        process.wait()
        now = hashes(out)
        assert now.keys() <= old.keys(), set(now) - set(old)
        for name, sha in now.items():
            assert sha in (old[name], new[name]), f"run {run} (killed after {delay:.2f} s): {name} is neither version"
        for leftover in out.rglob(TEMPORARY):
            assert leftover.name.startswith("."), leftover
        assert_cache_entries_whole(out)
    assert killed >= 15, f"only {killed} of 20 builds were killed before they finished"

    assert run_pack(meeting, out, "--no-pdf").returncode == 0
    assert hashes(out) == new
    assert not list(out.rglob(TEMPORARY)), "the next build sweeps what killed builds left"


def test_two_builds_of_one_meeting_at_once_do_not_corrupt_each_other(tmp_path):
    meeting = small_meeting(tmp_path / "inputs")
    assert run_pack(meeting, tmp_path / "alone", "--no-pdf").returncode == 0
    out = tmp_path / "out"
    racing = [subprocess.Popen(pack_command(meeting, out, "--no-pdf"), cwd=REPO, stdout=subprocess.PIPE,
                               stderr=subprocess.PIPE, text=True) for _ in range(2)]
    for process in racing:
        _, errors = process.communicate(timeout=300)
        assert process.returncode == 0, errors
    assert hashes(out) == hashes(tmp_path / "alone")
    assert not list(out.rglob(TEMPORARY))


def fake_soffice(folder: Path, script: str) -> Path:
    """Write an executable standing in for LibreOffice that runs `script` (sh); return its path."""
    program = folder / "soffice"
    program.write_text(f'#!/bin/sh\n[ "$1" = --version ] && echo "LibreOffice 0.0 stand-in" && exit 0\n{script}\n',
                       encoding="utf-8")
    program.chmod(0o755)
    return program


WORD_OUTPUTS = ["agenda.docx", "manifest.json", "pack.docx", "papers/02-community-diagnostic-hubs.docx", "public-pack.docx"]


@pytest.mark.parametrize("script, message", [
    ("exec sleep 600", "LibreOffice did not convert {name} to PDF within 3 s and was stopped"),
    ("exit 3", "LibreOffice could not convert {name} to PDF: LibreOffice stopped unexpectedly (exit 3)"),
], ids=["hangs", "crashes"])
def test_libreoffice_hanging_or_crashing_is_a_clear_error_and_the_word_outputs_land(tmp_path, script, message):
    bridge = uno_python()
    if bridge is None:
        pytest.skip("needs LibreOffice's Python bridge (python3-uno) to get as far as starting LibreOffice")
    meeting = small_meeting(tmp_path / "inputs")
    out = tmp_path / "out"
    program = fake_soffice(tmp_path, script)
    started = time.monotonic()
    run = run_pack(meeting, out, env={"BOARDPAPERS_SOFFICE": str(program), "BOARDPAPERS_PDF_TIMEOUT": "3",
                                      "BOARDPAPERS_UNO_PYTHON": bridge})
    assert run.returncode == 1, run.stderr
    assert time.monotonic() - started < 30, "the time limit, not the 90 s connection wait, ends the build"
    assert "Traceback" not in run.stderr
    lines = run.stderr.strip().splitlines()
    assert len(lines) == 1 and lines[0].startswith("error: "), run.stderr
    assert re.search(re.escape(message).replace(re.escape("{name}"), r"(item|agenda|notice)-[\w-]+\.docx"), lines[0]), lines[0]
    assert lines[0].endswith(f"; the Word outputs were written to {os.path.relpath(out / '2021-01-13-ics-board', REPO)}, without PDFs")
    assert sorted(hashes(out / "2021-01-13-ics-board")) == WORD_OUTPUTS
    left = subprocess.run(["pgrep", "-f", f"{program}"], capture_output=True, text=True).stdout.split()
    assert not left, "the stand-in LibreOffice was stopped"


def test_a_rebuild_whose_pdf_export_fails_leaves_one_builds_files_each_in_the_manifest(tmp_path, soffice):
    meeting = small_meeting(tmp_path / "inputs")
    out = tmp_path / "out"
    folder = out / "2021-01-13-ics-board"
    assert run_pack(meeting, out).returncode == 0
    assert {"pack.pdf", "public-pack.pdf"} <= set(hashes(folder))
    body = meeting.parent / "minimal" / "body.md"
    body.write_text(body.read_text(encoding="utf-8") + "\nA paragraph added since the last build.\n", encoding="utf-8")

    run = run_pack(meeting, out, env={"BOARDPAPERS_SOFFICE": str(fake_soffice(tmp_path, "exit 3"))})

    assert run.returncode == 1, run.stderr
    present = hashes(folder)
    manifest = json.loads((folder / "manifest.json").read_text(encoding="utf-8"))
    assert sorted(present) == WORD_OUTPUTS, "no PDF of the earlier build is left beside the new Word files"
    assert manifest["outputs"] == {name: sha for name, sha in present.items() if name != "manifest.json"}
    assert [p.name for p in visible(out)] == ["2021-01-13-ics-board"], "the new folder was swapped in, not left aside"


def offices_of(build: int, guard: str = "boardpapers-office") -> list[str]:
    """Return the command lines of the LibreOffice processes (or, with `guard` boardpapers-client, the clients) of `build`."""
    found = subprocess.run(["pgrep", "-a", "-f", f"{guard} {build} "], capture_output=True, text=True).stdout
    return found.splitlines()


def test_a_build_killed_while_libreoffice_runs_takes_libreoffice_and_its_client_with_it(tmp_path, soffice):
    meeting = small_meeting(tmp_path / "inputs")
    build = subprocess.Popen(pack_command(meeting, tmp_path / "out"), cwd=REPO,
                             stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
    deadline = time.monotonic() + 120
    while not offices_of(build.pid, "boardpapers-client") and build.poll() is None and time.monotonic() < deadline:
        time.sleep(0.1)
    started = offices_of(build.pid)
    assert started and offices_of(build.pid, "boardpapers-client"), "LibreOffice and its client were started"
    profile = re.search(r"UserInstallation=(\S+)", started[0]).group(1)
    client = re.search(r"convert\.py (\S+)", offices_of(build.pid, "boardpapers-client")[0]).group(1)
    build.send_signal(signal.SIGKILL)
    build.wait()

    def running() -> str:
        return "".join(subprocess.run(["pgrep", "-a", "-f", name], capture_output=True, text=True).stdout
                       for name in (profile, client))

    deadline = time.monotonic() + 10
    while running() and time.monotonic() < deadline:
        time.sleep(0.2)
    assert not running(), "LibreOffice (oosplash, soffice.bin) and its client stopped within seconds of its build"
