"""Input files that build other input files in: which, where, and of what kind."""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path

from pydantic import BaseModel

from pipeline.models.cover_sheet import OptionsAppraisalPart
from pipeline.models.fields import Model
from pipeline.source import Source


@dataclass(frozen=True)
class Include:
    """A file that an input builds in."""

    loc: tuple[str | int, ...]
    """Where the input names it."""
    path: Path
    """The file."""
    kinds: tuple[str, ...]
    """The kinds it may be."""


Included = tuple[Model, Source]
"""A file built in, validated: its model and its source."""


def appraisal_parts(model: Model) -> list[Include]:
    """Return the options appraisals among the parts of a paper's body or detail."""
    return [
        Include(loc + ("options_appraisal",), value.options_appraisal, ("options-appraisal",))
        for loc, value in walk(model) if isinstance(value, OptionsAppraisalPart)
    ]


def walk(value, loc: tuple[str | int, ...] = ()):
    """Yield ``(loc, value)`` for every value inside the model `value`, depth first."""
    yield loc, value
    if isinstance(value, BaseModel):
        for name in type(value).model_fields:
            if hasattr(value, name):  # a partial model lacks the fields that were wrong
                yield from walk(getattr(value, name), loc + (name,))
    elif isinstance(value, (list, tuple)):
        for index, item in enumerate(value):
            yield from walk(item, loc + (index,))
