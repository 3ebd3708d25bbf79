"""The browser check of HTML pages: axe-core's WCAG 2.0/2.1 A and AA rules in headless Chromium, and screenshots.

``make validators`` (``pipeline/axe/install``) installs the npm packages
axe-core and puppeteer-core in ``.venv/axe``; ``$BOARDPAPERS_AXE`` names
another such folder. The browser is Debian's chromium (``/usr/bin/chromium``,
or ``$CHROMIUM``) and the program Node.js, which .ci/run installs with apt.
:file:`check.js`, our driver, opens each page with every request that leaves
the file system refused, and prints one JSON line per page. :func:`check`
runs it once over many pages (Chromium starts in about a second) and returns
a :class:`PageResult` per page; :func:`screenshot` takes a picture of one.
"""

from __future__ import annotations

import json
import os
import shutil
import subprocess
import sys
from dataclasses import dataclass
from pathlib import Path

from pipeline.errors import BuildError

FOLDER_VARIABLE = "BOARDPAPERS_AXE"
INSTALL_HINT = ("set it up with: make validators (pipeline/axe/install; it needs Node.js and Chromium: "
                "sudo apt-get install nodejs npm chromium)")
DRIVER = Path(__file__).with_name("check.js")
START_SECONDS = 60
"""The longest Chromium may take to start, on top of the time each page may take."""
PAGE_SECONDS = 60
"""The longest one page may take to load and be checked or pictured."""


@dataclass(frozen=True)
class Violation:
    """One axe-core rule a page breaks."""

    rule: str
    """axe-core's id of the rule: ``image-alt``."""
    impact: str
    """How much it hinders a reader, as axe-core rates it: ``minor`` to ``critical``."""
    help: str
    """axe-core's one-line statement of the rule."""
    nodes: tuple[str, ...]
    """The CSS selector of every element that breaks it."""


@dataclass(frozen=True)
class PageResult:
    """What the browser check found of one page."""

    path: Path
    violations: list[Violation]
    loads: list[str]
    """Every address outside the file system the page tried to load (each refused, and each a problem)."""

    @property
    def problems(self) -> list[str]:
        """Return every violation and every outside load as a line a person can act on; none when the page passes."""
        lines = [f"{v.rule} ({v.impact}): {v.help}, at {', '.join(v.nodes)}" for v in self.violations]
        return lines + [f"loads {url}: a page must load nothing from outside its own files" for url in self.loads]


def folder() -> Path:
    """Return the folder axe-core and puppeteer-core are (or would be) installed in."""
    configured = os.environ.get(FOLDER_VARIABLE)
    return Path(configured) if configured else Path(sys.prefix) / "axe"


def chromium() -> Path:
    """Return the Chromium program the check runs."""
    return Path(os.environ.get("CHROMIUM", "/usr/bin/chromium"))


def missing() -> str:
    """Return what the browser check lacks, in words, or ``""`` when it can run."""
    if not shutil.which("node"):
        return "Node.js (node) is not installed"
    if not os.access(chromium(), os.X_OK):
        return f"Chromium is not installed at {chromium()}"
    modules = folder() / "node_modules"
    if not (modules / "axe-core" / "axe.min.js").is_file() or not (modules / "puppeteer-core").is_dir():
        return f"axe-core and puppeteer-core are not installed in {folder()}"
    return ""


def installed() -> bool:
    """Return whether the browser check can run: Node.js, Chromium and the npm packages are all there."""
    return not missing()


def check(paths: list[Path]) -> list[PageResult]:
    """Return what axe-core finds of each HTML page of `paths`, in order; raise :class:`BuildError` when it cannot run."""
    absent = [p for p in paths if not Path(p).is_file()]
    if absent:
        raise BuildError(f"the browser check has no page {absent[0]}")
    if not paths:
        return []
    done = _run("axe", *map(str, paths), timeout=START_SECONDS + PAGE_SECONDS * len(paths))
    records = {r["file"]: r for r in (json.loads(line) for line in done.stdout.splitlines() if line.startswith("{"))}
    if done.returncode not in (0, 1) or any(str(p) not in records for p in paths):
        raise BuildError(f"the browser check could not check {paths[0] if len(paths) == 1 else 'the pages'}: "
                         f"{_last_line(done)}")
    return [_result(Path(p), records[str(p)]) for p in paths]


def screenshot(html: Path, png: Path, width: int) -> Path:
    """Write a full-page picture of `html` as it shows `width` pixels wide to `png` and return `png`.

    Raise :class:`BuildError` when the browser cannot run or the page cannot be opened.
    """
    if not Path(html).is_file():
        raise BuildError(f"the browser check has no page {html}")
    done = _run("shot", str(html), str(png), str(width), timeout=START_SECONDS + PAGE_SECONDS)
    if done.returncode != 0 or not Path(png).is_file():
        raise BuildError(f"the browser could not picture {html}: {_last_line(done)}")
    return Path(png)


def _run(*args: str, timeout: int) -> subprocess.CompletedProcess:
    lacking = missing()
    if lacking:
        raise BuildError(f"the browser check cannot run: {lacking}; {INSTALL_HINT}")
    environment = {**os.environ, "NODE_PATH": str(folder() / "node_modules"), "CHROMIUM": str(chromium())}
    try:
        return subprocess.run(["node", str(DRIVER), *args], capture_output=True, text=True, env=environment,
                              timeout=timeout)
    except subprocess.TimeoutExpired:
        raise BuildError(f"the browser check took more than {timeout} s") from None


def _result(path: Path, record: dict) -> PageResult:
    violations = [Violation(v["id"], v["impact"] or "", v["help"], tuple(v["nodes"])) for v in record["violations"]]
    return PageResult(path, violations, record["loads"])


def _last_line(done: subprocess.CompletedProcess) -> str:
    return (done.stderr.strip().splitlines()[-1:] or [f"exit {done.returncode}"])[0]
