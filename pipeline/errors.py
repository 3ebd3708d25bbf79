"""The two kinds of failure a user can meet, and how a problem is located.

An :class:`InputError` means the inputs are wrong (exit 2): it carries every
:class:`Problem` found in them, each pointing at a file, a line and a key. A
:class:`BuildError` means a tool or file outside the inputs failed (exit 1).
Only :mod:`pipeline.cli` turns these into messages.
"""

from __future__ import annotations

import os
from dataclasses import dataclass
from pathlib import Path


@dataclass(frozen=True)
class Problem:
    """One thing wrong with an input, at a place an author can find."""

    file: Path
    """The file the problem is in."""
    line: int
    """The 1-based line of that file."""
    key: str
    """The key path, e.g. ``recommendations.items[2]``."""
    message: str
    """What was expected and what was found."""
    warning: bool = False
    """A warning is printed but does not stop the build."""

    def __str__(self) -> str:
        prefix = "warning: " if self.warning else ""
        return f"{display_path(self.file)}:{self.line}: {self.key}: {prefix}{self.message}"


class InputError(Exception):
    """The inputs are wrong; every problem found is in `problems`."""

    def __init__(self, problems: list[Problem]) -> None:
        # Once each: a house style's problem is found by every file of a meeting that names it.
        self.problems = sorted(dict.fromkeys(problems), key=lambda p: (str(p.file), p.line, p.key))
        super().__init__("\n".join(str(p) for p in self.problems))


class BuildError(Exception):
    """A tool or a file outside the inputs failed; the message names it."""


def display_path(path: Path) -> str:
    """Return `path` relative to the current folder when it lies inside it."""
    try:
        return os.path.relpath(path)
    except ValueError:  # another drive on Windows
        return str(path)


def key_path(loc: tuple[str | int, ...]) -> str:
    """Return a location such as ``('risks', 0, 'reference')`` as ``risks[1].reference``.

    List positions are shown counting from 1, as an author counts items.
    """
    text = ""
    for part in loc:
        if isinstance(part, int):
            text += f"[{part + 1}]"
        else:
            text += f".{part}" if text else str(part)
    return text or "(file)"
