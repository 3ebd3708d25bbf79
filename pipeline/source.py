"""Stage 1, load: read one YAML input file into plain data, remembering lines.

Every scalar is kept as the text the author wrote (or ``None`` for an empty
value); the models decide what it means. That is what lets a bare ``yes`` be an
answer in one place and a word in another, and ``10:00`` stay a time instead of
YAML 1.1's sexagesimal 600. Aliases are refused (they make memory bombs), as are
tags, nesting deeper than any input needs, duplicate keys and characters that a
Word document cannot hold.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import yaml
from yaml.events import AliasEvent, CollectionStartEvent, ScalarEvent
from yaml.nodes import MappingNode, Node, ScalarNode, SequenceNode

from pipeline.errors import InputError, Problem, key_path

MAX_INPUT_BYTES = 1_000_000
"""Larger YAML files are refused: a paper's YAML is a few kilobytes."""
MAX_MARKDOWN_BYTES = 1_000_000
"""Larger Markdown files are refused: a long paper's body is well under 1 MB.

Pandoc and docxcompose take about 15 seconds a megabyte, and longer still for
one huge paragraph, so the limits also bound how long a build can take.
"""
MAX_DEPTH = 50
"""Deeper nesting is refused: inputs need a handful of levels, and deep nesting exhausts the stack."""

_NULLS = {"", "~", "null", "Null", "NULL"}
# XML 1.0 allows tab, newline, carriage return and the ranges below; C1
# controls are allowed by XML but print as garbage, so they are refused too.
_NOT_IN_WORD = re.compile("[\x00-\x08\x0b\x0c\x0e-\x1f\x7f-\x84\x86-\x9f\ud800-\udfff\ufffe\uffff]")
# Embedding, override and isolate controls reorder how text is shown, so that a
# title can display as something other than what it says ("Trojan Source").
_BIDI_CONTROLS = re.compile("[\u202a-\u202e\u2066-\u2069]")


def _character_problem(text: str) -> tuple[int, str] | None:
    """Return ``(offset, message)`` for the first character of `text` an input may not hold, or ``None``."""
    bad = _NOT_IN_WORD.search(text)
    if bad:
        return bad.start(), f"contains the control character U+{ord(bad.group()):04X}, which a Word document cannot hold"
    bad = _BIDI_CONTROLS.search(text)
    if bad:
        return bad.start(), (f"contains the bidirectional control character U+{ord(bad.group()):04X}, which makes text "
                             "display in a different order from what it says; remove it")
    return None


@dataclass
class Source:
    """One input file, parsed: its data and the line of every key."""

    path: Path
    """The file, resolved."""
    data: Any
    """Mappings, lists, text and ``None``, as the author wrote them."""
    lines: dict[tuple[str | int, ...], int] = field(default_factory=dict)
    """The 1-based line of each key path; list items map to their first line."""

    def line_of(self, loc: tuple[str | int, ...]) -> int:
        """Return the line of `loc`, or of its nearest ancestor that has one."""
        for end in range(len(loc), 0, -1):
            line = self.lines.get(tuple(loc[:end]))
            if line is not None:
                return line
        return self.lines.get((), 1)

    def problem(self, loc: tuple[str | int, ...], message: str, warning: bool = False) -> Problem:
        """Return a :class:`Problem` at `loc` in this file."""
        return Problem(self.path, self.line_of(loc), key_path(loc), message, warning)


def load(path: Path) -> Source:
    """Return the parsed `path`.

    Raises :class:`InputError` listing every problem found in the text: not
    UTF-8, too large, YAML syntax, aliases, tags, nesting too deep, duplicate
    keys, characters Word cannot hold; or saying that the file is missing, a
    folder, a pipe or a symlink loop.
    """
    try:
        path = path.resolve()
    except (OSError, RuntimeError):  # a symlink loop
        raise InputError([Problem(path, 1, "(file)", "is a symlink that leads back to itself; name the file itself")]) from None
    return parse(_read_text(path, MAX_INPUT_BYTES, "(file)"), path)


def load_markdown(path: Path) -> str:
    """Return the text of the Markdown file `path`.

    Raises :class:`InputError` when it is too large, not UTF-8, or holds a
    character that a Word document cannot.
    """
    text = _read_text(path, MAX_MARKDOWN_BYTES, "(file)")
    bad = _character_problem(text)
    if bad:
        raise InputError([Problem(path, text.count("\n", 0, bad[0]) + 1, "(file)", bad[1])])
    return text


def _read_text(path: Path, limit: int, key: str) -> str:
    if path.exists() and not path.is_dir() and not path.is_file():
        # A pipe or a device would block the read or never end.
        raise InputError([Problem(path, 1, key, "is not a regular file (a pipe or a device?); expected a file")])
    try:
        raw = path.read_bytes()
    except FileNotFoundError:
        raise InputError([Problem(path, 1, key, "no such file")]) from None
    except IsADirectoryError:
        raise InputError([Problem(path, 1, key, "is a folder, expected a file")]) from None
    except OSError as exc:
        raise InputError([Problem(path, 1, key, f"cannot be read: {exc.strerror}")]) from None
    if len(raw) > limit:
        raise InputError([Problem(path, 1, key, f"is {len(raw):,} bytes; input files are limited to {limit:,}")])
    try:
        return raw.decode("utf-8-sig")
    except UnicodeDecodeError as exc:
        line = raw[: exc.start].count(b"\n") + 1
        raise InputError([Problem(path, line, key, "is not UTF-8 text; save it as UTF-8")]) from None


def parse(text: str, path: Path) -> Source:
    """Return `text` parsed as the YAML file `path` (see :func:`load`)."""
    try:
        node = _compose(text)
    except _AliasFound as exc:
        raise InputError([Problem(path, exc.line, "yaml", "YAML aliases (*name) are not allowed; write the value out in full")]) from None
    except _TagFound as exc:
        raise InputError([Problem(path, exc.line, "yaml", f"YAML tags ({exc.tag}) are not allowed; write plain text, lists and keys")]) from None
    except _TooDeep as exc:
        raise InputError([Problem(path, exc.line, "yaml", f"nested more than {MAX_DEPTH} levels deep; inputs need only a few")]) from None
    except yaml.MarkedYAMLError as exc:
        mark = exc.problem_mark or exc.context_mark
        line = mark.line + 1 if mark else 1
        raise InputError([Problem(path, line, "yaml", f"not valid YAML: {_plain_words(exc, text, line)}")]) from None
    except yaml.reader.ReaderError as exc:
        line = text[: exc.position].count("\n") + 1
        raise InputError([Problem(path, line, "yaml", f"character U+{exc.character:04X} is not allowed in a YAML file")]) from None
    except yaml.YAMLError as exc:
        raise InputError([Problem(path, 1, "yaml", f"not valid YAML: {exc}")]) from None
    if node is None:
        raise InputError([Problem(path, 1, "(file)", "the file is empty")])
    source = Source(path, None, {(): node.start_mark.line + 1})
    problems: list[Problem] = []
    source.data = _build(node, (), source, problems)
    if not isinstance(source.data, dict):
        problems.append(Problem(path, node.start_mark.line + 1, "(file)", "expected a mapping of keys such as 'kind: cover-sheet'"))
    if problems:
        raise InputError(problems)
    return source


def _compose(text: str) -> Node | None:
    """Return `text`'s YAML node tree, read by libyaml when it is there (a few times quicker), else by PyYAML.

    A file libyaml refuses is read again by PyYAML, whose messages the
    plain words of :func:`_plain_words` are written for; so is one holding a
    character PyYAML refuses, for its message.
    """
    if _FastLoader is not None and not yaml.reader.Reader.NON_PRINTABLE.search(text):
        try:
            return yaml.compose(text, Loader=_FastLoader)
        except yaml.YAMLError:
            pass
    return yaml.compose(text, Loader=_Loader)


def _plain_words(error: yaml.MarkedYAMLError, text: str, line: int) -> str:
    """Return what a YAML syntax error means in words an author can act on; YAML's own words where there are none better."""
    problem = error.problem or error.context or "the file cannot be read"
    started = error.context_mark.line + 1 if error.context and error.context_mark else None
    shown = text.splitlines()[line - 1] if 0 < line <= len(text.splitlines()) else ""
    if problem == "but found another document":
        return "a second document starts here (after ---); an input file holds one"
    if "'\\t'" in problem or "\t" in shown[: len(shown) - len(shown.lstrip())]:
        return "a tab character: indent with spaces, not tabs"
    if problem == "mapping values are not allowed here":
        if re.match(r"^\s*(- )?[^\s:#][^:#]*:\s+\S.*:(\s|$)", shown):
            return ("the text after the key holds ': ', which YAML reads as another key; put the text in quotes, "
                    f"e.g. {_quoted(shown.strip())}")
        return "this line is indented differently from the keys around it; line up each key under its parent with spaces"
    if "while scanning a quoted scalar" in str(error.context) and started:
        return f"the quote opened on line {started} is never closed; close it, or leave the quotes out"
    where = f" ({error.context} that starts on line {started})" if started and started != line else ""
    return f"{problem}{where}"


def _quoted(line: str) -> str:
    """Return a `key: value` line of YAML with its value in double quotes, as the author should write it."""
    key, _, value = line.partition(": ")
    value = value.strip().replace("\\", "\\\\").replace('"', '\\"')
    return f'{key}: "{value}"'


class _AliasFound(Exception):
    def __init__(self, line: int) -> None:
        self.line = line


class _TagFound(Exception):
    def __init__(self, line: int, tag: str) -> None:
        self.line = line
        self.tag = tag


class _TooDeep(Exception):
    def __init__(self, line: int) -> None:
        self.line = line


class _Checks:
    """What a loader checks as it composes: it stops at the first alias or tag, or at nesting deeper than :data:`MAX_DEPTH`.

    A tag such as ``!!python/object`` or ``!include`` is refused rather than
    dropped, so that nobody believes it did something.
    """

    depth = 0

    def compose_node(self, parent: Node | None, index: Any) -> Node:  # noqa: D102
        event = self.peek_event()
        if isinstance(event, AliasEvent):
            raise _AliasFound(event.start_mark.line + 1)
        if isinstance(event, (ScalarEvent, CollectionStartEvent)) and event.tag not in (None, "!"):
            raise _TagFound(event.start_mark.line + 1, event.tag.replace("tag:yaml.org,2002:", "!!", 1))
        if not isinstance(event, CollectionStartEvent):
            return super().compose_node(parent, index)
        if self.depth >= MAX_DEPTH:
            raise _TooDeep(event.start_mark.line + 1)
        self.depth += 1
        try:
            return super().compose_node(parent, index)
        finally:
            self.depth -= 1


class _Loader(_Checks, yaml.SafeLoader):
    """PyYAML's own safe loader, with the checks of :class:`_Checks`."""


def _build(node: Node, loc: tuple[str | int, ...], source: Source, problems: list[Problem]) -> Any:
    """Return the plain data of `node`, recording lines and problems."""
    line = node.start_mark.line + 1
    if isinstance(node, MappingNode):
        out: dict[str, Any] = {}
        for key_node, value_node in node.value:
            key_line = key_node.start_mark.line + 1
            if not isinstance(key_node, ScalarNode):
                got = "a list" if isinstance(key_node, SequenceNode) else "a mapping"
                problems.append(_at(source, loc, key_line, f"expected a plain key, got {got} (put text that starts with {{ or [ in quotes)"))
                continue
            key = key_node.value
            bad = _NOT_IN_WORD.search(key)
            if bad:
                problems.append(_at(source, loc, key_line, f"the key {key!r} contains the control character U+{ord(bad.group()):04X}"))
                continue
            if key == "<<":
                problems.append(_at(source, loc + (key,), key_line, "YAML merge keys (<<) are not allowed; write the keys out in full"))
                continue
            if key in out:
                first = source.lines[loc + (key,)]
                problems.append(_at(source, loc + (key,), key_line, f"duplicate key: already given on line {first}"))
                continue
            source.lines[loc + (key,)] = key_line
            out[key] = _build(value_node, loc + (key,), source, problems)
        return out
    if isinstance(node, SequenceNode):
        items = []
        for index, item in enumerate(node.value):
            source.lines[loc + (index,)] = item.start_mark.line + 1
            items.append(_build(item, loc + (index,), source, problems))
        return items
    if not node.style and node.value in _NULLS:  # plain: PyYAML says None, libyaml ""
        return None
    bad = _character_problem(node.value)
    if bad:
        problems.append(_at(source, loc, line + 1 + node.value.count("\n", 0, bad[0]) if node.style == "|" else line, bad[1]))
    return node.value


def _at(source: Source, loc: tuple[str | int, ...], line: int, message: str) -> Problem:
    return Problem(source.path, line, key_path(loc), message)


if getattr(yaml, "__with_libyaml__", False):
    class _FastLoader(_Checks, yaml.composer.Composer, yaml.cyaml.CParser, yaml.constructor.SafeConstructor,
                      yaml.resolver.Resolver):
        """:class:`_Loader`'s checks, with libyaml reading the text: PyYAML's composer over libyaml's events."""

        def __init__(self, stream: str) -> None:
            yaml.cyaml.CParser.__init__(self, stream)
            yaml.constructor.SafeConstructor.__init__(self)
            yaml.resolver.Resolver.__init__(self)
            yaml.composer.Composer.__init__(self)
else:  # pragma: no cover - PyYAML built without libyaml
    _FastLoader = None
