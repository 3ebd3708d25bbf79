"""Reproducibility: the same inputs give byte-identical Word files, twice over and on a second clone.

The second clone is a copy of the tracked files at another path, built with
its own code, so nothing may depend on where the project lives or when it was
built. PDFs are checked on their own, since they need LibreOffice: it stamps
its export with the time and a random ID, which the finishing step replaces
with the build time and an ID computed from the content.
"""

from __future__ import annotations

import os
import shutil
import subprocess
import sys
from pathlib import Path

from conftest import REPO, build_in_process, file_hashes
from pipeline.cache import FOLDER

MEETINGS = ["inputs/meetings/ics-board/2020-12-02-ics-board.yaml",
            "inputs/meetings/health-and-wellbeing/2023-09-05-health-and-wellbeing-board.yaml"]
PAPERS = ["inputs/papers/elective-care-capacity.yaml", "inputs/papers/place-governance.yaml",
          "inputs/appraisals/place-governance.yaml"]
"""One paper of each kind built on its own (the packs build the others, filled in for their meeting)."""


def second_clone(into: Path) -> Path:
    """Copy the files a fresh clone would have (tracked, or new and not ignored) to `into`; return it."""
    tracked = subprocess.run(["git", "ls-files", "-z", "--cached", "--others", "--exclude-standard"], cwd=REPO, capture_output=True, check=True).stdout
    for name in filter(None, tracked.decode("utf-8").split("\0")):
        source = REPO / name
        if source.is_file():
            (into / name).parent.mkdir(parents=True, exist_ok=True)
            shutil.copy2(source, into / name)
    return into


def build_everything(project: Path, out: Path) -> subprocess.Popen:
    """Start building every example meeting (Word only) and paper of `project` into `out`, with its own code."""
    script = "; ".join(
        [f"boardpapers pack {m} --out {out} --no-pdf --root ." for m in MEETINGS]
        + [f"boardpapers paper {p} --out {out / 'papers'} --root ." for p in PAPERS])
    code = ("import shlex, sys\nfrom pipeline.cli import main\n"
            f"for line in {script!r}.split('; '):\n"
            "    try:\n        main(shlex.split(line)[1:])\n    except SystemExit as done:\n"
            "        if done.code: sys.exit(done.code)\n")
    environment = {**os.environ, "PYTHONPATH": str(project)}
    environment.pop("SOURCE_DATE_EPOCH", None)
    return subprocess.Popen([sys.executable, "-c", code], cwd=project, env=environment,
                            stdout=subprocess.DEVNULL, stderr=subprocess.PIPE, text=True)


def test_builds_twice_and_on_a_second_clone_are_byte_identical(tmp_path):
    clone = second_clone(tmp_path / "clone")
    builds = {name: (project, tmp_path / f"out-{name}") for name, project in
              (("first", REPO), ("second", REPO), ("clone", clone))}
    running = {name: build_everything(project, out) for name, (project, out) in builds.items()}
    for name, process in running.items():
        _, errors = process.communicate(timeout=600)
        assert process.returncode == 0, (name, errors)
    first = file_hashes(tmp_path / "out-first")
    assert len([n for n in first if n.endswith(".docx")]) >= 13, sorted(first)
    assert any(n.endswith("manifest.json") for n in first)
    assert file_hashes(tmp_path / "out-second") == first
    assert file_hashes(tmp_path / "out-clone") == first


def test_pdfs_built_twice_are_byte_identical_and_dated_by_source_date_epoch(tmp_path, soffice, monkeypatch):
    import pikepdf

    monkeypatch.setenv("SOURCE_DATE_EPOCH", "1606867200")  # 2020-12-02 00:00 UTC
    monkeypatch.chdir(REPO)
    outs = [tmp_path / "first", tmp_path / "second"]
    for out in outs:
        for command in (["pack", MEETINGS[0], "--out", str(out), "--root", str(REPO)],
                        ["paper", PAPERS[0], "--out", str(out / "papers"), "--pdf", "--root", str(REPO)]):
            build_in_process(*command)
    first = {name: sha for name, sha in file_hashes(outs[0]).items() if name.endswith(".pdf")}
    published = [name for name in first if FOLDER not in Path(name).parts]  # the packs' cache, and the paper's
    assert len(published) == 3, sorted(first)
    assert {name: sha for name, sha in file_hashes(outs[1]).items() if name.endswith(".pdf")} == first, \
        "the packs, the paper and every PDF in the caches are the same bytes"
    for name in published:
        with pikepdf.open(outs[0] / name) as pdf:
            assert str(pdf.docinfo["/CreationDate"]) == "D:20201202000000Z"
            assert str(pdf.docinfo["/ModDate"]) == "D:20201202000000Z"
