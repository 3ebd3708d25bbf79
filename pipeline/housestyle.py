"""House styles: a folder under ``templates/`` per organisation, and no code.

A house style folder holds ``style.yaml`` (what code needs to know: names, date
formats), ``reference.docx`` (the single source of Word styles, for the
templates and for pandoc) and one Word template per kind of document.
"""

from __future__ import annotations

import os
from dataclasses import dataclass
from datetime import date
from pathlib import Path

from pipeline.errors import BuildError
from pipeline.models.fields import MONTHS, WEEKDAYS, When, letter
from pipeline.models.house_style import HouseStyleSettings

STYLE_FILE = "style.yaml"
REFERENCE_DOCX = "reference.docx"


def templates_folder() -> Path:
    """Return the folder of house styles: ``$BOARDPAPERS_TEMPLATES`` or the project's ``templates/``."""
    configured = os.environ.get("BOARDPAPERS_TEMPLATES")
    return Path(configured) if configured else Path(__file__).resolve().parents[1] / "templates"


def available() -> list[str]:
    """Return the names of the house styles there are, sorted."""
    folder = templates_folder()
    return sorted(p.parent.name for p in folder.glob(f"*/{STYLE_FILE}")) if folder.is_dir() else []


def styles_for(kind: str) -> list[str]:
    """Return the house styles that can lay out `kind`: those with a template for it.

    A kind that no house style has a template for (an options appraisal) is
    laid out in code with the styles of any house.
    """
    styles = available()
    folder = templates_folder()
    with_template = [name for name in styles if (folder / name / f"{kind}.docx").is_file()]
    return with_template or styles


@dataclass(frozen=True)
class HouseStyle:
    """One house style: its settings and its Word files."""

    name: str
    """The folder name, e.g. lsc-ics."""
    folder: Path
    """The folder."""
    settings: HouseStyleSettings
    """What ``style.yaml`` says."""

    @property
    def reference_docx(self) -> Path:
        """The Word file whose styles every document of this house style uses.

        Raises :class:`BuildError` when the house style has none.
        """
        path = self.folder / REFERENCE_DOCX
        if not path.is_file():
            raise BuildError(f"house style '{self.name}' has no {REFERENCE_DOCX}: expected {path}")
        return path

    def template(self, kind: str) -> Path:
        """Return the Word template for documents of `kind`, e.g. ``cover-sheet``.

        Raises :class:`BuildError` when the house style has none.
        """
        path = self.folder / f"{kind}.docx"
        if not path.is_file():
            raise BuildError(f"house style '{self.name}' has no template for {kind}: expected {path}")
        return path

    def date(self, day: date) -> str:
        """Return `day` in the house date format, e.g. 2 December 2020."""
        return _format(self.settings.date_format, day)

    def meeting_date(self, day: date) -> str:
        """Return `day` as the house style writes a meeting date, e.g. Tuesday, 18 July 2023."""
        return _format(self.settings.meeting_date_format, day)

    def when(self, when: When) -> str:
        """Return a day, a month or 'ongoing' in house format."""
        if when.ongoing:
            return "Ongoing"
        if when.day is None:
            return _format(self.settings.month_format, date(when.year, when.month, 1))
        return self.date(date(when.year, when.month, when.day))

    def rating_colour(self, positions: list[int], steps: int) -> str:
        """Return the shading (RRGGBB) of a rating covering scale `positions` of a scale of `steps`.

        Each step takes its place along the house colours, lowest to highest;
        a range such as LOW/MEDIUM is the blend of its two ends.
        """
        ends = [_along(self.settings.rating_colours, position / (steps - 1)) for position in (positions[0], positions[-1])]
        return "".join(f"{round((a + b) / 2):02X}" for a, b in zip(*ends))

    def notice(self, reason: str) -> str:
        """Return what the house says of an item not for publication, with its `reason`."""
        return self.settings.not_for_publication.replace("{reason}", reason.rstrip("."))

    def appendix_label(self, index: int) -> str:
        """Return the name of the appendix at `index` (from 0), e.g. Appendix A."""
        return self.settings.appendix_label.replace("{letter}", letter(index))


def _along(colours: list[str], t: float) -> tuple[float, ...]:
    """Return the colour a fraction `t` (0 to 1) of the way through `colours`, as RGB."""
    rgb = [tuple(int(c[i:i + 2], 16) for i in (0, 2, 4)) for c in colours]
    where = t * (len(rgb) - 1)
    low = min(int(where), len(rgb) - 2)
    share = where - low
    return tuple(a + (b - a) * share for a, b in zip(rgb[low], rgb[low + 1]))


def _format(pattern: str, day: date) -> str:
    return (
        pattern.replace("{day}", str(day.day))
        .replace("{month}", MONTHS[day.month - 1])
        .replace("{year}", f"{day.year:04d}")
        .replace("{weekday}", WEEKDAYS[day.weekday()])
    )


def style_file(name: str) -> Path:
    """Return the settings file of the house style `name` (:mod:`pipeline.validate` reads it).

    Raises :class:`BuildError` when the house style has none.
    """
    path = templates_folder() / name / STYLE_FILE
    if not path.is_file():
        raise BuildError(f"no house style '{name}': expected {path}")
    return path
