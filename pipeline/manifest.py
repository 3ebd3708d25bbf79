"""The manifest of a built pack: what went in (with hashes), what came out, and with which tools."""

from __future__ import annotations

import hashlib
import json
import platform
import subprocess
from functools import cache
from importlib import metadata
from pathlib import Path

from pipeline.export import soffice_path, stop
from pipeline.housestyle import templates_folder
from pipeline.markdown import pandoc_path
from pipeline.output import write_atomic
from pipeline.validate import Validated

MANIFEST = "manifest.json"


def digest(path: Path) -> str:
    """Return the SHA-256 of the file `path`."""
    sha = hashlib.sha256()
    with open(path, "rb") as stream:
        for block in iter(lambda: stream.read(1 << 20), b""):
            sha.update(block)
    return sha.hexdigest()


@cache
def code_digest() -> str:
    """Return a hash of boardpapers' own code, so that a changed pipeline rebuilds every pack."""
    sha = hashlib.sha256()
    package = Path(__file__).resolve().parent
    for path in sorted(package.rglob("*")):
        if path.suffix in {".py", ".lua"}:
            sha.update(path.relative_to(package).as_posix().encode())
            sha.update(path.read_bytes())
    return sha.hexdigest()


def inputs(meeting: Validated) -> list[Path]:
    """Return every file a meeting's pack is built from: the meeting and all it names, however deep."""
    from pipeline.models.includes import walk

    found: list[Path] = []

    def add(validated: Validated) -> None:
        if validated.source.path not in found:
            found.append(validated.source.path)
        for _, value in walk(validated.model):
            if isinstance(value, Path) and value not in found:
                found.append(value)
        for image in validated.images:
            if image not in found:
                found.append(image)
        for included in validated.includes.values():
            add(included)
        style = validated.style
        for path in sorted(style.folder.glob("*")):
            if path.is_file() and path not in found:
                found.append(path)

    add(meeting)
    return found


def input_digests(meeting: Validated) -> dict[str, str]:
    """Return the hash of every input of `meeting`'s pack, by its path in the input tree."""
    return {relative(p, meeting.root): digest(p) for p in inputs(meeting)}


def write_manifest(folder: Path, meeting: Validated, outputs: list[Path], inputs: dict[str, str] | None = None,
                   publications: dict[str, dict] | None = None) -> Path:
    """Write ``manifest.json`` in `folder` for a pack built from `meeting` into `outputs`; return its path.

    `inputs` are the inputs' hashes as :func:`input_digests` gave them when
    the build began (else they are taken now); `publications` says, by
    output, which publication it belongs to and when that went out.
    """
    root = meeting.root
    written = [p for p in outputs if p.exists()]
    record = {
        "meeting": relative(meeting.source.path, root),
        "inputs": inputs if inputs is not None else input_digests(meeting),
        "outputs": {str(p.relative_to(folder)): digest(p) for p in written},
        "publications": {name: entry for name, entry in (publications or {}).items() if folder / name in written},
        "tools": tool_versions(),
        "code": code_digest(),
    }
    path = folder / MANIFEST
    write_atomic(path, (json.dumps(record, indent=2, sort_keys=True) + "\n").encode("utf-8"))
    return path


def read_manifest(folder: Path) -> dict | None:
    """Return the manifest in `folder`, or ``None`` when there is none or it cannot be read."""
    try:
        return json.loads((folder / MANIFEST).read_text(encoding="utf-8"))
    except (OSError, ValueError):
        return None


def relative(path: Path, root: Path) -> str:
    """Return `path` as the input tree `root` names it, as the manifest records it.

    A house style's file outside the tree is named from the house styles'
    folder (``templates/lsc-ics/style.yaml``), as it is when the tree holds
    them, so that moving the tree changes no name; anything else outside it,
    by the path itself.
    """
    try:
        return str(path.relative_to(root))
    except ValueError:
        pass
    templates = templates_folder()
    try:
        return str(Path(templates.name) / path.relative_to(templates))
    except ValueError:
        return str(path)


@cache
def tool_versions() -> dict[str, str]:
    """Return the versions of the tools a build uses."""
    versions = {"python": platform.python_version()}
    for package in ("boardpapers", "python-docx", "docxtpl", "docxcompose", "pypandoc-binary", "pydantic", "pypdf", "pikepdf", "fpdf2", "unoserver"):
        try:
            versions[package] = metadata.version(package)
        except metadata.PackageNotFoundError:
            versions[package] = "not installed"
    versions["pandoc"] = _first_line([pandoc_path(), "--version"])
    soffice = soffice_path()
    versions["libreoffice"] = _first_line([soffice, "--version"]) if soffice else "not installed"
    return versions


VERSION_SECONDS = 20
"""How long a tool may take to say its version; a hung LibreOffice must not hang the build with it."""


def _first_line(command: list[str]) -> str:
    try:
        process = subprocess.Popen(command, stdout=subprocess.PIPE, stderr=subprocess.DEVNULL, text=True,
                                   start_new_session=True)
    except OSError:
        return "unknown"
    try:
        shown, _ = process.communicate(timeout=VERSION_SECONDS)
    except subprocess.TimeoutExpired:
        stop(process)
        return "unknown (did not answer --version)"
    return (shown.strip().splitlines() or ["unknown"])[0]
