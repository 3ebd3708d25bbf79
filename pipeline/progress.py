"""Progress points: a build says where it has got to, so that a test can stop it exactly there.

Nothing is reported in normal use. When ``BOARDPAPERS_PROGRESS_FD`` names an
open file descriptor, each point is written to it as one line,
``<pid> <point> <detail>``, by whichever process of the build reaches it.
When ``BOARDPAPERS_PROGRESS_HOLD_FD`` names another, the build then waits for
one byte on it before it goes on: whoever reads the points (tests/test_faults.py)
lets each one pass, or kills the build while it waits there. When that reader
goes away, the build goes on as if unwatched.

The points are where a kill must leave nothing broken: a file's new content
about to be written, and about to replace the old; a cache entry about to be
put in place; a folder of outputs about to be swapped in; LibreOffice or its
client just started.
"""

from __future__ import annotations

import os

REPORT = "BOARDPAPERS_PROGRESS_FD"
HOLD = "BOARDPAPERS_PROGRESS_HOLD_FD"


def point(name: str, detail: object = "") -> None:
    """Report the progress point `name` (with `detail`, a path or a pid), and wait there when told to."""
    report = os.environ.get(REPORT)
    if not report:
        return
    try:
        os.write(int(report), f"{os.getpid()} {name} {detail}\n".encode("utf-8"))
        hold = os.environ.get(HOLD)
        if hold:
            os.read(int(hold), 1)
    except (OSError, ValueError):
        pass  # a process started without the descriptors (LibreOffice's helpers), or the reader has gone
