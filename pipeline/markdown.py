"""Stage 3, convert: every piece of Markdown in a document, in one pandoc run.

A :class:`PandocJob` lists blocks in document order: Markdown to parse, plain
text never to parse, numbered lists, headings, and named markers that
:mod:`pipeline.compose` acts on afterwards. One pandoc call converts the whole
job with the house style's reference document, so every paragraph carries the
house's Word styles.
"""

from __future__ import annotations

import json
import os
from collections.abc import Iterator
from contextlib import contextmanager
import secrets
import subprocess
import tempfile
from io import BytesIO
from pathlib import Path
from typing import Any

import pypandoc
from docx import Document

from pipeline.errors import BuildError

READER = Path(__file__).resolve().parent / "pandoc" / "job-reader.lua"
TIMEOUT_SECONDS = 300
MARKER_STYLE_ID = "BoardpapersMarker"
"""The style id pandoc gives the marker paragraphs (the Lua reader's "Boardpapers Marker")."""


class PandocJob:
    """The content of one document, in order, for one pandoc run."""

    def __init__(self, root: Path | None = None, figures: str | None = None) -> None:
        self.root = root
        """The input tree: images are read from inside it, and from nowhere else."""
        self.figures = figures
        """How a figure's caption is numbered ("Figure {number}"), or None to leave captions as written."""
        self.blocks: list[dict[str, Any]] = []

    def marker(self, name: str) -> None:
        """Add a marker paragraph holding `name` (letters, digits, ``:``, ``'`` and ``-``)."""
        self.blocks.append({"type": "marker", "name": name})

    @contextmanager
    def slot(self, name: str) -> Iterator[None]:
        """Mark what is added inside the ``with`` block as the content of the template slot `name`."""
        self.marker(f"slot:{name}")
        yield
        self.marker("end")

    def markdown(self, text: str, base: Path, identifiers: bool = True, top: int | None = None) -> None:
        """Add Markdown `text` whose images are relative to the folder `base`.

        `identifiers` gives headings bookmarks for links; text that is moved
        into a cover-sheet cell is converted without them. With `top`, the
        headings move down together until the first level used is `top` (a
        council report's ``#`` sits under the template's section headings).
        """
        self.blocks.append({"type": "markdown", "text": text, "base": str(base), "identifiers": identifiers,
                            **({"top": top} if top else {})})

    def numbered(self, items: list[str], base: Path, style: str = "Decimal", delimiter: str = "Period") -> None:
        """Add a list numbered from 1 whose `items` are Markdown.

        `style` and `delimiter` are pandoc's: Decimal / LowerRoman / LowerAlpha,
        Period / OneParen.
        """
        self.blocks.append({"type": "ordered_list", "items": list(items), "base": str(base), "style": style, "delimiter": delimiter})

    def plain(self, text: str, strong: bool = False, italic: bool = False, style: str | None = None) -> None:
        """Add a paragraph of `text`, exactly as written, in the Word paragraph `style` if given."""
        self.blocks.append({"type": "plain", "text": text, "strong": strong, "italic": italic, **_style(style)})

    def lines(self, lines: list[tuple[str, bool]], style: str | None = None) -> None:
        """Add one paragraph of ``(text, strong)`` `lines` separated by line breaks, in `style` if given."""
        self.blocks.append({"type": "lines", "lines": [{"text": t, "strong": s} for t, s in lines], **_style(style)})

    def bullets(self, items: list[str]) -> None:
        """Add a bulleted list whose `items` are plain text, exactly as written."""
        self.blocks.append({"type": "bullets", "items": list(items)})

    def heading(self, text: str, level: int = 1) -> None:
        """Add a heading of `level` whose `text` is exactly as written."""
        self.blocks.append({"type": "heading", "text": text, "level": level})

    def run(self, reference_docx: Path) -> Document:
        """Return the job converted to a Word document styled by `reference_docx`.

        Raises :class:`BuildError` naming pandoc when it fails.
        """
        with tempfile.TemporaryDirectory(prefix="boardpapers-") as folder:
            output = Path(folder) / "content.docx"
            # --sandbox: pandoc itself reads no file but its command line's and fetches nothing;
            # the reader puts the job's images (files inside `root`) in its media bag.
            run_pandoc(["--sandbox", "--from", str(READER), "--to", "docx", "--reference-doc", str(reference_docx),
                        "--output", str(output)], json.dumps(self._job()).encode("utf-8"))
            return Document(BytesIO(output.read_bytes()))

    def html(self) -> str:
        """Return the job converted to HTML: its images embedded (``data:``), markers as divs of the marker style.

        Raises :class:`BuildError` naming pandoc when it fails.
        """
        arguments = ["--sandbox", "--from", str(READER), "--to", "html5", "--embed-resources", "--wrap", "none"]
        return run_pandoc(arguments, json.dumps(self._job()).encode("utf-8"), " writing HTML").decode("utf-8")

    def _job(self) -> dict[str, Any]:
        """Return the job as the reader reads it."""
        options = {"root": str(self.root) if self.root else None, "figures": self.figures}
        return {"blocks": self.blocks, **{key: value for key, value in options.items() if value}}


def _style(style: str | None) -> dict[str, str]:
    """Return the job key for a Word paragraph style; none at all when unset (JSON null is truthy in Lua)."""
    return {"style": style} if style else {}


def plain_texts(texts: list[str]) -> list[str]:
    """Return each Markdown text as plain text on one line (emphasis and links dropped), in one pandoc run."""
    if not texts:
        return []
    marker = f"bpsplit{secrets.token_hex(6)}x"
    converted = run_pandoc(["--sandbox", "--from", "markdown-raw_html", "--to", "plain", "--wrap", "none"],
                           f"\n\n{marker}\n\n".join(texts).encode("utf-8"), " writing plain text").decode("utf-8")
    return [" ".join(part.split()) for part in converted.split(marker)]


def run_pandoc(arguments: list[str], data: bytes, doing: str = "") -> bytes:
    """Run pandoc with `arguments` on the standard input `data`; return what it printed.

    `doing` says what pandoc was doing, for the messages. Raises
    :class:`BuildError` naming pandoc when it cannot start, fails, or takes
    longer than :data:`TIMEOUT_SECONDS`.
    """
    command = [pandoc_path(), *arguments]
    environment = {**os.environ, "SOURCE_DATE_EPOCH": os.environ.get("SOURCE_DATE_EPOCH", "946684800")}
    try:
        done = subprocess.run(command, input=data, capture_output=True, timeout=TIMEOUT_SECONDS, env=environment)
    except subprocess.TimeoutExpired:
        raise BuildError(f"pandoc did not finish{doing} within {TIMEOUT_SECONDS} s") from None
    except OSError as exc:
        raise BuildError(f"pandoc could not be started ({command[0]}): {exc.strerror}") from None
    if done.returncode != 0:
        raise BuildError(f"pandoc failed{doing} (exit {done.returncode}): {done.stderr.decode('utf-8', 'replace').strip()}")
    return done.stdout


def pandoc_path() -> str:
    """Return the pandoc that pypandoc-binary ships (or the one pypandoc finds)."""
    try:
        return pypandoc.get_pandoc_path()
    except OSError as exc:
        raise BuildError(f"pandoc is not installed: {exc}; run 'make install'") from None
