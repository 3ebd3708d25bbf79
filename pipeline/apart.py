"""Running one step of a build in a Python process of its own, so that the memory it takes is given back when it ends.

Assembling a long PDF pack holds every part's objects at once (qpdf keeps
what it copies in memory until it writes); done in the build's own process,
that memory would stay taken for the rest of the build. ``call(target,
payload)`` runs ``module:function`` on the JSON `payload` in a child
(``python -m pipeline.apart``), under the same guard as LibreOffice so that it
dies with the build, and returns its JSON result. A :class:`BuildError` in
the child is raised again here with its message; anything else is a fault,
raised with the child's traceback. :func:`few_arenas` keeps the build's own
process from holding memory thread by thread.
"""

from __future__ import annotations

import ctypes
import importlib
import json
import os
import subprocess
import sys
import traceback
from typing import Any

from pipeline.errors import BuildError
from pipeline.export import GUARD, stop


ARENAS = 2
"""The most malloc arenas a build's process keeps (see :func:`few_arenas`)."""


def few_arenas() -> None:
    """Let this process's threads share :data:`ARENAS` malloc arenas, as ``MALLOC_ARENA_MAX`` would.

    glibc gives each thread that allocates its own arena, which the others do
    not reuse; a pack build's worker threads (finishing PDFs) and its main
    thread (composing the Word packs) then hold memory side by side: 259 MB
    at 200 papers against 248 MB with two arenas (``make bench``). Nothing
    happens where the C library has no ``mallopt`` (not glibc).
    """
    mallopt = getattr(ctypes.CDLL(None), "mallopt", None)
    if mallopt is not None:
        mallopt(_M_ARENA_MAX, ARENAS)


_M_ARENA_MAX = -8
"""glibc's ``mallopt`` parameter for the most arenas (malloc.h)."""


def call(target: str, payload: Any) -> Any:
    """Return what ``module:function`` `target` returns for `payload`, run in a child process."""
    command = [sys.executable, "-m", "pipeline.apart", target]
    child = subprocess.Popen(["/bin/sh", "-c", GUARD, "boardpapers-apart", str(os.getpid()), *command],
                             stdin=subprocess.PIPE, stdout=subprocess.PIPE, stderr=subprocess.PIPE, start_new_session=True)
    try:
        shown, errors = child.communicate(json.dumps(payload).encode("utf-8"))
    except BaseException:
        stop(child)
        raise
    answer = json.loads(shown.decode("utf-8") or "{}")
    if child.returncode == 0 and "result" in answer:
        return answer["result"]
    if "error" in answer:
        raise BuildError(answer["error"])
    raise RuntimeError(f"{target} failed in its own process (exit {child.returncode}):\n{errors.decode('utf-8', 'replace')}")


def main(target: str) -> int:
    """Run `target` on the JSON payload on standard input; print ``{"result": ...}`` or ``{"error": ...}``."""
    module, _, name = target.partition(":")
    function = getattr(importlib.import_module(module), name)
    try:
        result = function(json.loads(sys.stdin.read()))
    except BuildError as exc:
        print(json.dumps({"error": str(exc)}))
        return 1
    except Exception:
        traceback.print_exc()
        return 1
    print(json.dumps({"result": result}))
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1]))
