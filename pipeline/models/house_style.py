"""The small style file of a house style (``templates/<name>/style.yaml``)."""

from __future__ import annotations

import re
from typing import Annotated, Literal

from pydantic import AfterValidator, Field
from pydantic_core import PydanticCustomError

from pipeline.contrast import MINIMUM, contrast_with_white
from pipeline.models.fields import Line, Model, shown

DATE_FIELDS = ("day", "month", "year", "weekday")


def _date_format(value: str) -> str:
    unknown = set(re.findall(r"\{(\w*)\}", value)) - set(DATE_FIELDS)
    if unknown or "{" not in value:
        raise PydanticCustomError(
            "date_format",
            "expected a pattern of {day}, {month}, {year} and {weekday}, such as '{day} {month} {year}', got {got}",
            {"got": shown(value)},
        )
    return value


DateFormat = Annotated[Line, AfterValidator(_date_format)]
"""A date pattern such as ``{day} {month} {year}`` (2 December 2020)."""


def _figure_label(value: str) -> str:
    if re.findall(r"\{(\w*)\}", value) != ["number"]:
        raise PydanticCustomError("figure_label", "expected a label holding {number} once, such as 'Figure {number}', got {got}",
                                  {"got": shown(value)})
    return value


FigureLabel = Annotated[Line, AfterValidator(_figure_label)]
"""How figures are numbered: a label holding ``{number}``, such as ``Figure {number}``."""


def _colour(value: str) -> str:
    if not re.fullmatch(r"[0-9A-Fa-f]{6}", value):
        raise PydanticCustomError("colour", "expected a colour as six hex digits such as F4CCCC, got {got}", {"got": shown(value)})
    return value.upper()


Colour = Annotated[Line, AfterValidator(_colour)]
"""A colour as six hex digits, RRGGBB."""


def _band(value: str) -> str:
    ratio = contrast_with_white(value)
    if ratio < MINIMUM:
        raise PydanticCustomError("contrast", "white text on {got} has a contrast of {ratio}:1, under the 4.5:1 WCAG asks "
                                  "for; choose a darker colour", {"got": value, "ratio": f"{ratio:.1f}"})
    return value


BandColour = Annotated[Colour, AfterValidator(_band)]
"""A colour white text is read on: at least 4.5:1."""


class Fonts(Model):
    """The fonts a house style's templates are built with."""

    body: Line = "Arial"
    """The font of all text."""
    symbols: Line = "Segoe UI Symbol"
    """The font of the ☒/☐ checkbox glyphs (Arial has none)."""


class HouseStyleSettings(Model):
    """What code needs to know about a house style; the look itself lives in its Word files."""

    organisation: Line
    """The organisation whose house style this is."""
    committee: Line
    """The committee shown when a paper names no meeting."""
    fonts: Fonts = Field(default_factory=Fonts)
    """Fonts used by the templates."""
    date_format: DateFormat = "{day} {month} {year}"
    """How every date is written, e.g. '{day} {month} {year}' for 2 December 2020."""
    month_format: DateFormat = "{month} {year}"
    """How a month is written, e.g. December 2020."""
    meeting_date_format: DateFormat = "{day} {month} {year}"
    """How the meeting date is written where the house style spells it out in full."""
    appendix_label: Line = "Appendix {letter}"
    """How an appendix is named; {letter} is A, B, C..."""
    part_two_last: bool = False
    """Whether items not for publication come last, under the exclusion of press and public (Part II)."""
    not_for_publication: Line = "This item is not for publication: {reason}"
    """The notice that stands in a public pack for an item's documents; {reason} says why."""
    marking: Line = "CONFIDENTIAL \u2013 NOT FOR PUBLICATION"
    """The words at the top of every page of a paper or agenda item not for publication (a Part II report adds its exempt paragraph)."""
    figure_label: FigureLabel | None = Field(default=None, examples=["Figure {number}"])
    """How a figure's caption (an image's title) is numbered, e.g. 'Figure {number}' gives 'Figure 2: ...'; captions stay as written when left out."""
    band_colour: BandColour | None = None
    """The shading of the cover sheet's committee band, RRGGBB (white text on it must read at 4.5:1); the template's own when left out."""
    rating_colours: list[Colour] = Field(default_factory=lambda: ["F4CCCC", "FFF2CC", "D9EAD3"], min_length=2)
    """Shading of rating cells, lowest rating first; scales of other lengths are spread across these."""
    publish_clear_days: int = Field(default=5, ge=0, le=60, examples=[5])
    """How many clear days the agenda must be published before the meeting (5 for a council: Local Government Act 1972 s100B)."""
    clear_days: Literal["working", "calendar"] = "working"
    """Which days are clear days: working (not a Saturday, Sunday or bank holiday) or calendar (every day)."""
    bank_holidays: Literal["england-and-wales", "scotland", "northern-ireland"] = "england-and-wales"
    """Whose bank holidays are not working days: england-and-wales, scotland or northern-ireland."""
    action_prefix: Line | None = Field(default=None, examples=["ICSB"])
    """What the minutes' action codes start with: ICSB gives ICSB201202-03 (the meeting's date, then the action's number)."""
    report_deadline_days: int = Field(default=5, ge=0, le=60, examples=[5])
    """How many working days before publication the reports are due."""
