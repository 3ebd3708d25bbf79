"""Stage 4, render: fill a house style's Word template (docxtpl tags) with a view.

The template's tags (``{{ title }}``, ``{%tr for entry in governance %}``) are
rendered strictly: a tag naming something the view lacks is an error naming the
template and the tag. Authors' text never passes through Jinja: the template is
rendered with stand-in tokens, and the tokens are then replaced by the text in
the Word XML, so ``{{ 7*7 }}``, ``<`` and ``&`` appear exactly as written.
"""

from __future__ import annotations

import re
import secrets
from pathlib import Path
from typing import Any

from docx import Document
from docx.opc.constants import RELATIONSHIP_TYPE as RT
from docx.oxml import parse_xml
from docx.oxml.ns import qn
from docxtpl import DocxTemplate
from jinja2 import Environment, StrictUndefined, TemplateError, UndefinedError

from pipeline.errors import BuildError


class Slots:
    """Names for the places in a template where a block of content goes.

    ``{{ slots.purpose }}`` alone in a paragraph marks where the purpose goes;
    :mod:`pipeline.compose` replaces that paragraph with the converted content.
    """

    def __init__(self) -> None:
        self.nonce = secrets.token_hex(6)

    def __getattr__(self, name: str) -> str:
        if name.startswith("_"):
            raise AttributeError(name)
        return self.text(name)

    def text(self, name: str) -> str:
        """Return the paragraph text that marks the slot `name`."""
        return f"bpslot{self.nonce}{name}"

    def name_of(self, text: str) -> str | None:
        """Return the slot name a paragraph's `text` marks, or ``None``."""
        prefix = f"bpslot{self.nonce}"
        return text[len(prefix):] if text.startswith(prefix) else None


def fill_template(template: Path, view: dict[str, Any], slots: Slots, reference_docx: Path) -> Document:
    """Return `template` rendered with `view`, taking its styles from `reference_docx`.

    Raises :class:`BuildError` naming the template when a tag is wrong.
    """
    tokens = _Tokens()
    document = DocxTemplate(str(template))
    environment = Environment(undefined=StrictUndefined, autoescape=True)
    try:
        document.render({**tokens.wrap(view), "slots": slots}, jinja_env=environment)
    except UndefinedError as exc:
        raise BuildError(f"{template}: a tag names something a {template.stem} does not have: {exc.message}") from None
    except TemplateError as exc:
        raise BuildError(f"{template}: broken tag: {exc}") from None
    result = document.docx
    for part in _text_parts(result):
        tokens.restore(part._element)
    use_styles(result, reference_docx)
    return result


def use_styles(document: Document, reference_docx: Path) -> None:
    """Replace the styles of `document` with those of `reference_docx`, the single source of styles."""
    reference = Document(str(reference_docx))
    styles_part = document.part.part_related_by(RT.STYLES)
    styles_part._element = parse_xml(reference.part.part_related_by(RT.STYLES).blob)


def _text_parts(document: Document) -> list[Any]:
    parts = [document.part]
    for rel in document.part.rels.values():
        if rel.reltype in (RT.HEADER, RT.FOOTER) and not rel.is_external:
            parts.append(rel.target_part)
    return parts


class _Tokens:
    """Stand-ins for authors' text while Jinja renders the template."""

    def __init__(self) -> None:
        self.nonce = secrets.token_hex(6)
        self.values: list[str] = []
        self.pattern = re.compile(f"bptok{self.nonce}x(\\d+)x")

    def wrap(self, value: Any) -> Any:
        """Return `value` with every non-empty string replaced by a token."""
        if isinstance(value, str):
            if not value:
                return value
            self.values.append(value)
            return f"bptok{self.nonce}x{len(self.values) - 1}x"
        if isinstance(value, dict):
            return {key: self.wrap(item) for key, item in value.items()}
        if isinstance(value, (list, tuple)):
            return [self.wrap(item) for item in value]
        return value

    def restore(self, root: Any) -> None:
        """Put the text back in place of every token under the XML element `root`."""
        for text in root.iter(qn("w:t")):
            if text.text and "bptok" in text.text:
                text.text = self.pattern.sub(lambda m: self.values[int(m.group(1))], text.text)
                text.set("{http://www.w3.org/XML/1998/namespace}space", "preserve")
