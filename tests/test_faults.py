"""Faults: builds killed part-way, builds racing each other, LibreOffice hanging or crashing.

Outputs are only ever the previous whole version or the new whole version of
a file; whatever a killed build leaves is hidden and swept by the next one;
a LibreOffice that fails costs the PDFs, never the Word outputs.
"""

from __future__ import annotations

import json
import os
import re
import select
import shutil
import signal
import subprocess
import sys
import zipfile
from collections.abc import Callable
from pathlib import Path

import pytest

from conftest import REPO, file_hashes, small_meeting, visible
from pipeline import progress
from pipeline.export import uno_python

TEMPORARY = ".*.tmp"


class Watched:
    """A build run with its progress points (pipeline/progress.py) reported here, each held until it is let pass."""

    def __init__(self, command: list[str], **options) -> None:
        report, self._report = os.pipe()
        self._hold, hold = os.pipe()
        environment = {**os.environ, **options.pop("env", {}), progress.REPORT: str(self._report), progress.HOLD: str(self._hold)}
        self.process = subprocess.Popen(command, cwd=REPO, env=environment, pass_fds=(self._report, self._hold),
                                        start_new_session=True, **options)
        os.close(self._report)
        os.close(self._hold)
        self.points = os.fdopen(report, "r", encoding="utf-8")
        self.hold = hold
        self.passed: list[tuple[str, str]] = []

    def until(self, wanted: Callable[[int, str, str], bool]) -> tuple[str, str] | None:
        """Let the build's points pass until `wanted(index, point, detail)`; return that point, held, or None if the build ended first."""
        for line in self.points:
            _, name, detail = line.rstrip("\n").split(" ", 2)
            if wanted(len(self.passed), name, detail):
                return name, detail
            self.passed.append((name, detail))
            os.write(self.hold, b".")
        return None

    def finish(self) -> int:
        """Let the build run to its end unheld; return its exit status."""
        os.close(self.hold)
        self.points.close()
        return self.process.wait()

    def kill(self, everything: bool = True) -> None:
        """Kill the build outright (SIGKILL), with every process of its group unless told not to."""
        if everything:
            os.killpg(self.process.pid, signal.SIGKILL)
        else:
            self.process.send_signal(signal.SIGKILL)
        self.process.wait()
        os.close(self.hold)
        self.points.close()


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


def test_a_build_killed_at_any_of_its_progress_points_leaves_each_output_old_or_new(tmp_path):
    meeting = small_meeting(tmp_path / "inputs")
    old_out, new_out = tmp_path / "old", tmp_path / "new"
    assert run_pack(meeting, old_out, "--no-pdf").returncode == 0
    body = meeting.parent / "minimal" / "body.md"
    body.write_text(body.read_text(encoding="utf-8") + "\nA paragraph added since the last build.\n", encoding="utf-8")
    assert run_pack(meeting, new_out, "--no-pdf").returncode == 0
    old, new = hashes(old_out), hashes(new_out)
    assert old.keys() == new.keys() and old != new

    counted = tmp_path / "counted"
    shutil.copytree(old_out, counted)
    watched = Watched(pack_command(meeting, counted, "--no-pdf"), stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
    assert watched.until(lambda *_: False) is None and watched.finish() == 0
    points = watched.passed
    names = {name for name, _ in points}
    assert {"writing", "replacing", "caching", "swapping"} <= names, points

    for index in range(len(points)):
        out = tmp_path / f"killed-{index}"
        shutil.copytree(old_out, out)
        watched = Watched(pack_command(meeting, out, "--no-pdf"), stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
        reached = watched.until(lambda at, *_: at == index)
        assert reached is not None, f"the build ended before its point {index} of {len(points)}"
        watched.kill()
        now = hashes(out)
        assert now.keys() <= old.keys(), set(now) - set(old)
        for name, sha in now.items():
            assert sha in (old[name], new[name]), f"killed at {reached}: {name} is neither version"
        for leftover in out.rglob(TEMPORARY):
            assert leftover.name.startswith("."), leftover
        assert_cache_entries_whole(out)

        if index % 4 == 0 or index == len(points) - 1:
            assert run_pack(meeting, out, "--no-pdf").returncode == 0
            assert hashes(out) == new, f"the build after one killed at {reached}"
            assert not list(out.rglob(TEMPORARY)), "the next build sweeps what killed builds left"
        shutil.rmtree(out)


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
    run = run_pack(meeting, out, env={"BOARDPAPERS_SOFFICE": str(program), "BOARDPAPERS_PDF_TIMEOUT": "3",
                                      "BOARDPAPERS_UNO_PYTHON": bridge})
    assert run.returncode == 1, run.stderr
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


def test_a_build_killed_while_libreoffice_runs_takes_libreoffice_and_its_client_with_it(tmp_path, soffice):
    meeting = small_meeting(tmp_path / "inputs")
    watched = Watched(pack_command(meeting, tmp_path / "out"), stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
    started: dict[str, int] = {}

    def both_running(_, name: str, detail: str) -> bool:
        if name in ("office", "client"):
            started.setdefault(name, int(detail))
        return len(started) == 2

    assert watched.until(both_running) is not None, "LibreOffice and its client were started"
    assert len([pid for guard in started.values() for pid in group_of(guard)]) >= 4, \
        "each guard shell with its program (LibreOffice, the client) and its watcher"
    watched.kill(everything=False)  # the build alone: LibreOffice runs in a session of its own

    for _ in range(3):  # the watchers' kill stops each group at once: nothing new starts after the first wait
        members = [pid for guard in started.values() for pid in group_of(guard)]
        for pid in members:
            wait_for_end(pid)
    assert not any(group_of(guard) for guard in started.values()), "LibreOffice and its client stop with their build"


def wait_for_end(pid: int) -> None:
    """Return once the process `pid` has ended (at most a minute, the bound of a hung test, not a measure)."""
    try:
        handle = os.pidfd_open(pid)
    except ProcessLookupError:
        return
    try:
        select.select([handle], [], [], 60)
    finally:
        os.close(handle)


def group_of(guard: int) -> list[int]:
    """Return the live processes of the group the guard shell `guard` leads (it, LibreOffice or the client, its watcher).

    An ended process waits as a zombie until the system reaps it; it runs nothing and is left out.
    """
    found = subprocess.run(["ps", "-o", "pid=,stat=", "-g", str(guard)], capture_output=True, text=True).stdout
    return [int(pid) for pid, state in (line.split() for line in found.splitlines()) if not state.startswith("Z")]
