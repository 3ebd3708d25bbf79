"""What Markdown points at: every image and link, as pandoc itself reads them.

Checking Markdown with patterns of our own misses what pandoc understands
(brackets inside alt text, reference labels matched regardless of case and
spacing, angle-bracket targets). Here pandoc parses the text, in the dialect
the build uses, and every Image and Link of its reading is judged: an image
must be a file inside the input tree, with alt text; a link must be a web or
email address, or a place in the document.
"""

from __future__ import annotations

import json
import re
from dataclasses import dataclass
from pathlib import Path

from pipeline.markdown import run_pandoc
from pipeline.paths import PathRefused, resolve_inside

SCRIPT = Path(__file__).resolve().parent / "pandoc" / "targets.lua"
IMAGE_SUFFIXES = (".png", ".jpg", ".jpeg", ".gif", ".bmp", ".tif", ".tiff", ".emf", ".wmf", ".svg")
SAFE_LINK = re.compile(r"^(https?://[^\s]+|mailto:[^\s]+|#[^\s]*)$", re.IGNORECASE)
"""The links a published paper may hold: web and email addresses, and places in the document."""
_SCHEME = re.compile(r"^[a-z][a-z0-9+.-]*:", re.IGNORECASE)


@dataclass(frozen=True)
class Target:
    """An image or a link in Markdown."""

    kind: str
    """``image`` or ``link``."""
    target: str
    """Where it points, as pandoc read it."""
    text: str
    """An image's alt text, a link's text."""


def targets(texts: list[str]) -> list[list[Target]]:
    """Return the images and links of each of `texts`, in one pandoc run.

    Texts that cannot hold either (no ``[`` or ``<``) are not sent to pandoc.
    Raises :class:`BuildError` naming pandoc when it fails.
    """
    wanted = [i for i, text in enumerate(texts) if "[" in text or "<" in text]
    found: list[list[Target]] = [[] for _ in texts]
    if not wanted:
        return found
    printed = run_pandoc(["lua", str(SCRIPT)], json.dumps([texts[i] for i in wanted]).encode("utf-8"),
                         " reading the Markdown")
    for index, listed in zip(wanted, json.loads(printed)):
        found[index] = [Target(t["kind"], t["target"], t["text"]) for t in listed or []]
    return found


def problem(found: Target, base: Path, root: Path) -> str | None:
    """Return why `found` (in Markdown whose files are relative to `base`) cannot be published, or ``None``."""
    if found.kind == "link":
        return link_problem(found.target)
    return image_problem(found.text, found.target, base, root)


def link_problem(target: str) -> str | None:
    """Return why a link to `target` cannot be published, or ``None`` for a web or email address or an anchor."""
    if SAFE_LINK.match(target):
        return None
    shown = _short(target)
    if _SCHEME.match(target) or target.startswith("\\\\") or target.startswith("\\"):
        return (f"link to '{shown}' is not a web or email address; a published paper may link only to "
                "https://, http:// or mailto: addresses, or to a heading (#name)")
    return (f"link to '{shown}' names a file; a published paper may link only to https://, http:// or mailto: "
            "addresses, or to a heading (#name): attach the file as an appendix instead")


def image_problem(alt: str, src: str, base: Path, root: Path) -> str | None:
    """Return why the image `src` (relative to `base`) cannot be used, or ``None``."""
    if re.match(r"^https?:", src, re.IGNORECASE):
        return f"image '{src}' is a web address; save the image in the input tree and name the file"
    if _SCHEME.match(src) and not re.match(r"^[A-Za-z]:[\\/]", src):
        return f"image '{_short(src)}' is an address, not a file; save the image in the input tree and name the file"
    if not alt.strip():
        return f"image '{src}' needs alt text, ![what it shows]({src}), for readers who cannot see it"
    try:
        resolve_inside(src, base, root, IMAGE_SUFFIXES)
    except PathRefused as exc:
        return str(exc)
    return None


def line_in(text: str, found: Target) -> int:
    """Return the line of `text` (from 1) where `found` is written, or 1 when it cannot be told."""
    for needle in (found.target, found.target.replace("\\", "\\\\"), found.text):
        at = text.find(needle) if needle else -1
        if at >= 0:
            return text.count("\n", 0, at) + 1
    return 1


def _short(text: str) -> str:
    return text if len(text) <= 60 else text[:57] + "..."
