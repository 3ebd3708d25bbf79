"""The input tree: which files an input may name.

Paths in an input are relative to that input and must stay inside the input
tree: ``--root DIR`` when given; otherwise the current folder when the file named
on the command line lies inside it, else that file's own folder. No absolute
paths, and no ``..`` or symlink leading out of the tree.
"""

from __future__ import annotations

import re
from pathlib import Path, PurePosixPath, PureWindowsPath


class PathRefused(ValueError):
    """A path an input names that cannot be used; the message says why."""


def input_root(file: Path, root: Path | None = None) -> Path:
    """Return the input tree for the command-line `file` (see the module doc)."""
    if root is not None:
        return root.resolve()
    here = Path.cwd().resolve()
    return here if file.resolve().is_relative_to(here) else file.resolve().parent


def resolve_inside(text: str, base: Path, root: Path, suffixes: tuple[str, ...]) -> Path:
    """Return the existing file `text` names, relative to the folder `base`.

    Raises :class:`PathRefused` when `text` is absolute, leads outside `root`
    (through ``..`` or a symlink), does not end in one of `suffixes`, does not
    exist, is not a file, or is a symlink loop.
    """
    if PurePosixPath(text).is_absolute() or PureWindowsPath(text).is_absolute() or re.match(r"^[A-Za-z]:", text):
        raise PathRefused(f"'{text}' is an absolute path; give a path relative to this file")
    try:
        target = (base / text).resolve()
    except (OSError, RuntimeError):  # a symlink loop
        raise PathRefused(f"'{text}' is a symlink that leads back to itself; name the file itself") from None
    if not target.is_relative_to(root):
        raise PathRefused(f"'{text}' leads outside the input tree {root}")
    if Path(text).suffix.lower() not in suffixes:
        raise PathRefused(f"'{text}' should be a {_either(suffixes)} file")
    if not target.exists():
        raise PathRefused(f"no such file: '{text}' (looked in {base})")
    if not target.is_file():
        raise PathRefused(f"'{text}' is not a file")
    return target


def _either(suffixes: tuple[str, ...]) -> str:
    names = [s.lstrip(".") for s in suffixes]
    return names[0] if len(names) == 1 else ", ".join(names[:-1]) + " or " + names[-1]
