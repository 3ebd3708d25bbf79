"""Field types shared by every kind of input, with the messages authors see.

Inputs arrive as text (see :mod:`pipeline.source`); each type here turns that
text into a value or raises an error that says what was expected and what was
found. No docx library is imported here or anywhere under ``models``.
"""

from __future__ import annotations

import re
import unicodedata
from dataclasses import dataclass
from datetime import date
from enum import Enum
from pathlib import Path
from typing import Annotated, Any

from pydantic import AfterValidator, BeforeValidator, ConfigDict, PlainSerializer, PlainValidator, ValidationInfo, WithJsonSchema
from pydantic import BaseModel
from pydantic_core import PydanticCustomError

from pipeline.paths import PathRefused, resolve_inside


class WrongField(AttributeError):
    """A field read that is not in the model because the author's value for it was wrong (and is reported).

    An ``AttributeError``, so that ``getattr(model, name, default)`` still gives the default.
    """


class Model(BaseModel):
    """Base of every input model: unknown keys are errors; docstrings describe fields.

    A model made of a file with problems holds only its right fields; reading
    one of the others raises :class:`WrongField`, so that validation skips the
    rule that read it. Any other missing name is an ``AttributeError`` as
    usual: a rule with a typo in it fails loudly, not silently.
    """

    model_config = ConfigDict(extra="forbid", use_attribute_docstrings=True, frozen=True)

    def __getattr__(self, name: str) -> Any:
        if name in type(self).model_fields:
            raise WrongField(name)
        return super().__getattr__(name)


def shown(value: Any) -> str:
    """Return `value` as quoted in an error message, shortened when long."""
    if isinstance(value, dict):
        return "a mapping of keys"
    if isinstance(value, list):
        return "a list"
    text = str(value)
    return repr(text if len(text) <= 40 else text[:37] + "...")


def _text(value: Any) -> str:
    if value is None:
        raise PydanticCustomError("blank", "must not be empty")
    if not isinstance(value, str):
        raise PydanticCustomError("text", "expected text, got {got}", {"got": shown(value)})
    if not value.strip():
        raise PydanticCustomError("blank", "must not be empty")
    if not any(_visible(c) for c in value):
        invisible = ", ".join(sorted({f"U+{ord(c):04X}" for c in value if not c.isspace()}))
        raise PydanticCustomError("blank", "holds only invisible characters ({found}); write the text", {"found": invisible})
    return value.strip()


def _visible(character: str) -> bool:
    """Return True when `character` shows on the page: not white space, nor a format character such as U+200B."""
    return not character.isspace() and unicodedata.category(character) != "Cf"


Text = Annotated[str, BeforeValidator(_text), WithJsonSchema({"type": "string", "minLength": 1})]
"""Required text: a missing, empty or blank value is an error."""

class MarkdownText(str):
    """Text that is rendered as Markdown, so that it can be told apart from plain text."""


Markdown = Annotated[
    str,
    BeforeValidator(_text),
    AfterValidator(MarkdownText),
    WithJsonSchema({"type": "string", "minLength": 1, "contentMediaType": "text/markdown"}),
]
"""Text written in Markdown (paragraphs, **bold**, *italic*, lists, tables, links)."""


def _line(value: Any) -> str:
    """Return one-line text: runs of white space, line breaks included, become one space."""
    return " ".join(_text(value).split())


Line = Annotated[str, BeforeValidator(_line), WithJsonSchema({"type": "string", "minLength": 1})]
"""Short text shown on one line, such as a name or a title."""

MAX_NAME_LENGTH = 200
"""The longest title, committee or author: Word keeps them in document properties of at most 255 characters."""


def _name(value: Any) -> str:
    text = _line(value)
    if len(text) > MAX_NAME_LENGTH:
        raise PydanticCustomError("long", "expected at most {limit} characters, got {length} characters", {"limit": MAX_NAME_LENGTH, "length": f"{len(text):,}"})
    return text


Name = Annotated[str, BeforeValidator(_name), WithJsonSchema({"type": "string", "minLength": 1, "maxLength": MAX_NAME_LENGTH})]
"""A :data:`Line` that also names the document in its properties (title, committee, author), so is kept short."""


# --- dates -------------------------------------------------------------------

MONTHS = ("January", "February", "March", "April", "May", "June", "July", "August", "September", "October", "November", "December")
"""Month names in English, whatever the machine's locale."""
WEEKDAYS = ("Monday", "Tuesday", "Wednesday", "Thursday", "Friday", "Saturday", "Sunday")
"""Day names in English, whatever the machine's locale."""
_MONTHS = {name.lower(): number for number, name in enumerate(MONTHS, start=1)}
_MONTHS.update({name[:3].lower(): number for number, name in enumerate(MONTHS, start=1)})
_MONTHS["sept"] = 9


def iso_suggestion(text: str) -> str | None:
    """Return the ISO form of a date written another way, or ``None``.

    Day-first numeric dates (``02.12.2020``, ``2/12/20``) are read as UK dates.
    ``2nd December 2020`` and ``December 2020`` are understood too.
    """
    text = text.strip()
    m = re.fullmatch(r"(\d{1,2})[./-](\d{1,2})[./-](\d{2}|\d{4})", text)
    if m:
        day, month, year = int(m[1]), int(m[2]), int(m[3])
        year += 2000 if year < 100 else 0
        return _iso(year, month, day)
    m = re.fullmatch(r"(?:[A-Za-z]+,?\s+)?(\d{1,2})\s*(?:st|nd|rd|th)?\s+([A-Za-z]+)\.?,?\s+(\d{4})", text)
    if m and m[2].lower() in _MONTHS:
        return _iso(int(m[3]), _MONTHS[m[2].lower()], int(m[1]))
    m = re.fullmatch(r"([A-Za-z]+)\s+(\d{4})", text)
    if m and m[1].lower() in _MONTHS:
        return f"{int(m[2]):04d}-{_MONTHS[m[1].lower()]:02d}"
    m = re.fullmatch(r"(\d{4})[./-](\d{1,2})[./-](\d{1,2})", text)
    if m:
        return _iso(int(m[1]), int(m[2]), int(m[3]))
    return None


def _iso(year: int, month: int, day: int) -> str | None:
    try:
        return date(year, month, day).isoformat()
    except ValueError:
        return None


def _parse_day(text: str) -> date:
    if re.fullmatch(r"\d{4}-\d{2}-\d{2}", text):
        try:
            return date.fromisoformat(text)
        except ValueError:
            raise PydanticCustomError("date", "{got} is not a real date", {"got": shown(text)}) from None
    hint = iso_suggestion(text)
    if hint and len(hint) == 10:
        raise PydanticCustomError("date", "expected an ISO date (YYYY-MM-DD), got {got}: write {hint}", {"got": shown(text), "hint": hint})
    raise PydanticCustomError("date", "expected an ISO date (YYYY-MM-DD) such as 2020-12-02, got {got}", {"got": shown(text)})


def _iso_date(value: Any) -> date:
    if isinstance(value, date):
        return value
    if not isinstance(value, str) or not value.strip():
        raise PydanticCustomError("date", "expected an ISO date (YYYY-MM-DD) such as 2020-12-02, got {got}", {"got": shown(value)})
    return _parse_day(value.strip())


IsoDate = Annotated[date, BeforeValidator(_iso_date), WithJsonSchema({"type": "string", "format": "date"})]
"""A day, written ``2020-12-02``."""


@dataclass(frozen=True)
class When:
    """A day, a month, or ``ongoing``: how long-running work is dated."""

    year: int | None = None
    month: int | None = None
    day: int | None = None

    @property
    def ongoing(self) -> bool:
        """True for ``ongoing``."""
        return self.year is None

    def __str__(self) -> str:
        if self.year is None:
            return "ongoing"
        if self.day is None:
            return f"{self.year:04d}-{self.month:02d}"
        return f"{self.year:04d}-{self.month:02d}-{self.day:02d}"


def _when(value: Any) -> When:
    if isinstance(value, When):
        return value
    if not isinstance(value, str) or not value.strip():
        raise PydanticCustomError("when", "expected a date (2020-12-02), a month (2021-01) or 'ongoing', got {got}", {"got": shown(value)})
    text = value.strip()
    if text.lower() in {"ongoing", "on-going"}:
        return When()
    m = re.fullmatch(r"(\d{4})-(\d{2})", text)
    if m and 1 <= int(m[2]) <= 12:
        return When(int(m[1]), int(m[2]))
    if not re.fullmatch(r"\d{4}-\d{2}-\d{2}", text):
        hint = iso_suggestion(text)
        if hint:
            raise PydanticCustomError("when", "expected a date (YYYY-MM-DD), a month (YYYY-MM) or 'ongoing', got {got}: write {hint}", {"got": shown(text), "hint": hint})
        raise PydanticCustomError("when", "expected a date (YYYY-MM-DD), a month (YYYY-MM) or 'ongoing', got {got}", {"got": shown(text)})
    day = _parse_day(text)
    return When(day.year, day.month, day.day)


DateOrMonth = Annotated[
    When,
    PlainValidator(_when),
    PlainSerializer(str),
    WithJsonSchema({"type": "string", "pattern": r"^(\d{4}-\d{2}(-\d{2})?|ongoing)$"}),
]
"""A day (``2020-12-02``), a month (``2021-01``) or the word ``ongoing``."""


def _time(value: Any) -> str:
    text = value.strip() if isinstance(value, str) else ""
    m = re.fullmatch(r"(\d{1,2})[:.](\d{2})", text)
    if not m or int(m[1]) > 23 or int(m[2]) > 59:
        raise PydanticCustomError("time", "expected a time such as \"10:00\" (24-hour HH:MM), got {got}", {"got": shown(value)})
    return f"{int(m[1]):02d}:{m[2]}"


Time = Annotated[str, BeforeValidator(_time), WithJsonSchema({"type": "string", "pattern": r"^\d{2}:\d{2}$"})]
"""A time of day, ``"HH:MM"`` on the 24-hour clock."""


# --- answers -----------------------------------------------------------------

class Answer(str, Enum):
    """An impact-assessment answer."""

    YES = "yes"
    NO = "no"
    NA = "n/a"


_ANSWERS = {"yes": Answer.YES, "true": Answer.YES, "no": Answer.NO, "false": Answer.NO, "n/a": Answer.NA, "na": Answer.NA}


def _answer(value: Any) -> Answer:
    if isinstance(value, Answer):
        return value
    found = _ANSWERS.get(str(value).strip().lower()) if isinstance(value, (str, bool)) else None
    if found is None:
        raise PydanticCustomError("answer", "expected yes, no or n/a, got {got}", {"got": shown(value)})
    return found


YesNoNA = Annotated[Answer, PlainValidator(_answer), PlainSerializer(lambda a: a.value), WithJsonSchema({"anyOf": [{"enum": ["yes", "no", "n/a"]}, {"type": "boolean"}]})]
"""``yes``, ``no`` or ``n/a`` (a bare YAML yes/no is accepted)."""


_FLAGS = {"true": True, "yes": True, "false": False, "no": False}


def _flag(value: Any) -> bool:
    if isinstance(value, bool):
        return value
    found = _FLAGS.get(value.strip().lower()) if isinstance(value, str) else None
    if found is None:
        raise PydanticCustomError("flag", "expected true or false, got {got}", {"got": shown(value)})
    return found


Flag = Annotated[bool, PlainValidator(_flag), WithJsonSchema({"type": "boolean"})]
"""``true`` or ``false`` (``yes``/``no`` accepted)."""


def _whole(value: Any) -> int:
    text = value.strip() if isinstance(value, str) else str(value) if isinstance(value, int) and not isinstance(value, bool) else ""
    if not re.fullmatch(r"\d{1,6}", text) or int(text) < 1:
        raise PydanticCustomError("whole", "expected a whole number from 1, got {got}", {"got": shown(value)})
    return int(text)


Count = Annotated[int, PlainValidator(_whole), WithJsonSchema({"type": "integer", "minimum": 1})]
"""A whole number from 1, such as an agenda item number."""


# --- files the input names ----------------------------------------------------

def input_file(*suffixes: str) -> Any:
    """Return a field type for a file path, relative to the input, ending in `suffixes`.

    Validation needs the context ``{"base": folder of the input, "root": input
    tree}``; the value becomes the resolved :class:`~pathlib.Path`.
    """

    def check(value: Any, info: ValidationInfo) -> Path:
        if isinstance(value, Path):
            return value
        if not isinstance(value, str) or not value.strip():
            raise PydanticCustomError("path", "expected a file path, got {got}", {"got": shown(value)})
        context = info.context or {}
        if "base" not in context:
            return Path(value)
        try:
            return resolve_inside(value.strip(), context["base"], context["root"], suffixes)
        except PathRefused as exc:
            raise PydanticCustomError("path", str(exc)) from None

    return Annotated[Path, PlainValidator(check), PlainSerializer(str), WithJsonSchema({"type": "string", "description": f"a {'/'.join(suffixes)} file, relative to this file"})]


def _house_style(value: Any, info: ValidationInfo) -> str:
    text = value.strip() if isinstance(value, str) else ""
    styles_for = (info.context or {}).get("styles")
    kind = (info.data or {}).get("kind", "")
    known = styles_for(kind) if styles_for else None
    if not re.fullmatch(r"[a-z0-9][a-z0-9-]*", text) or (known is not None and text not in known):
        choices = f"one of: {', '.join(known)}" if known else "the name of a folder under templates/"
        what = f"a house style with a {kind} template" if kind else "a house style"
        raise PydanticCustomError("style", "expected {what}, {choices}; got {got}", {"what": what, "choices": choices, "got": shown(value)})
    return text


StyleName = Annotated[str, PlainValidator(_house_style), WithJsonSchema({"type": "string", "pattern": "^[a-z0-9][a-z0-9-]*$"})]
"""The name of a house style: a folder under ``templates/``."""


def letter(index: int) -> str:
    """Return A, B, ... Z, AA, AB ... for `index` from 0."""
    text = ""
    index += 1
    while index:
        index, rest = divmod(index - 1, 26)
        text = chr(ord("A") + rest) + text
    return text
