"""Page furniture stamped on finished PDF pages: a pack's running footer, a protective marking.

The pages of a pack are made one document at a time, so no document knows its
page numbers in the pack; they are stamped on once the pack is put together.
Each stamp is text in a font embedded in the PDF (a subset of the house font
as this machine has it, found by fontconfig), drawn by fpdf2 on a page of its
own and laid over the pack's page as a form, inside an ``/Artifact``
marked-content sequence, so that a screen reader skips it as page furniture.
"""

from __future__ import annotations

import io
import shutil
import subprocess
from dataclasses import dataclass
from functools import cache
from pathlib import Path

import pikepdf
from docx import Document
from docx.shared import Pt
from fpdf import FPDF
from pikepdf import Name

from pipeline.errors import BuildError
from pipeline.housestyle import HouseStyle

FALLBACK_FONTS = (Path("/usr/share/fonts/truetype/liberation2/LiberationSans-Regular.ttf"),
                  Path("/usr/share/fonts/truetype/liberation/LiberationSans-Regular.ttf"),
                  Path("/usr/share/fonts/truetype/dejavu/DejaVuSans.ttf"))
EDGE = 56.7
"""How far (2 cm) a stamp set to one side ends from the page's edge."""
BELOW_FOOTER = 12.0
"""The baseline of a stamp on a page that was not ours (a merged PDF's), from the bottom edge: below its own footer."""


@dataclass(frozen=True)
class Look:
    """How stamps look: the font file, its size, and where a footer's baseline sits above the bottom edge."""

    font: Path
    size: float = 9.0
    baseline: float = 29.0


@dataclass(frozen=True)
class Stamp:
    """One line of text on one page: at its ``foot`` (centred), its ``corner`` (bottom right) or ``head`` (top right)."""

    page: int
    text: str
    at: str = "foot"


@cache
def font_file(family: str) -> Path:
    """Return the font file this machine draws `family` with (what LibreOffice uses too), or a free one."""
    matcher = shutil.which("fc-match")
    if matcher:
        try:
            done = subprocess.run([matcher, "-f", "%{file}", f"{family}:style=Regular"], capture_output=True,
                                  text=True, timeout=20)
            found = Path(done.stdout.strip())
            if done.returncode == 0 and found.suffix.lower() in {".ttf", ".otf"} and found.is_file():
                return found
        except (OSError, subprocess.TimeoutExpired):
            pass
    for path in FALLBACK_FONTS:
        if path.is_file():
            return path
    raise BuildError(f"no font file was found to number the pack's pages in {family} (install fonts-liberation2)")


def look_of(style: HouseStyle) -> Look:
    """Return how the house's pack footer looks: its font (as this machine has it), size and baseline."""
    return _look(style.reference_docx, style.settings.fonts.body)


@cache
def _look(reference_docx: Path, font: str) -> Look:
    reference = Document(str(reference_docx))
    size = reference.styles["Footer"].font.size or reference.styles["Normal"].font.size or Pt(9)
    distance = reference.sections[0].footer_distance or Pt(28.35)
    return Look(font_file(font), size.pt, distance.pt + 0.07 * size.pt)


def stamp(pdf: pikepdf.Pdf, stamps: list[Stamp], look: Look) -> pikepdf.Pdf | None:
    """Draw every one of `stamps` on its page of `pdf`, as artifacts, in one embedded font.

    Return the PDF the stamps were drawn in, which must stay open until `pdf`
    is saved (qpdf copies the forms' streams as it writes).
    """
    if not stamps:
        return None
    drawn = FPDF(unit="pt")
    drawn.set_auto_page_break(False)
    drawn.set_margin(0)
    drawn.add_font("house", "", str(look.font))
    for one in stamps:
        box = pdf.pages[one.page].mediabox
        left, bottom, right, top = (float(v) for v in box)
        width, height = right - left, top - bottom
        drawn.add_page(format=(width, height))
        drawn.set_font("house", size=look.size)
        wide = drawn.get_string_width(one.text)
        if one.at == "foot":
            x, baseline = (width - wide) / 2, look.baseline
        elif one.at == "corner":
            x, baseline = max(EDGE, width - EDGE - wide), BELOW_FOOTER
        else:
            x, baseline = max(EDGE, width - EDGE - wide), height - BELOW_FOOTER - look.size
        drawn.text(x, height - baseline, one.text)
    overlay = pikepdf.open(io.BytesIO(bytes(drawn.output())))
    for index, one in enumerate(stamps):
        page = pdf.pages[one.page]
        form = pdf.copy_foreign(overlay.pages[index].as_form_xobject())
        name = page.add_resource(form, Name.XObject, name=_free_name(page))
        left, bottom = float(page.mediabox[0]), float(page.mediabox[1])
        kind = b"/Header" if one.at == "head" else b"/Footer"
        page.contents_add(pikepdf.Stream(pdf, b"q"), prepend=True)
        page.contents_add(pikepdf.Stream(pdf, b"Q /Artifact <</Type /Pagination /Subtype %s>> BDC q 1 0 0 1 %.2f %.2f cm %s Do Q EMC"
                                         % (kind, left, bottom, str(name).encode())))
    return overlay


def _free_name(page: pikepdf.Page) -> Name:
    """Return a form name the page does not use (named in order, not at random, so builds repeat)."""
    resources = page.obj.get("/Resources")
    forms = resources.get("/XObject") if isinstance(resources, pikepdf.Dictionary) else None
    used = set(forms.keys()) if isinstance(forms, pikepdf.Dictionary) else set()
    return next(Name(f"/BpStamp{n}") for n in range(1, len(used) + 2) if f"/BpStamp{n}" not in used)
