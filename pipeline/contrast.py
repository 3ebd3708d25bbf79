"""Colour contrast as WCAG 2.1 measures it: pure arithmetic on ``RRGGBB`` colours.

The house style's settings (:mod:`pipeline.models.house_style`) and the
audit of built documents (:mod:`pipeline.audit`) both judge colours here, so
a colour refused in ``style.yaml`` and a colour failed in a Word file are
measured the same way. Nothing here reads documents.
"""

from __future__ import annotations

import math

MINIMUM = 4.5
"""The contrast ratio WCAG 2.1 asks of text of ordinary size (success criterion 1.4.3, level AA)."""
WHITE = "FFFFFF"
BLACK = "000000"


def relative_luminance(colour: str) -> float:
    """Return the relative luminance (0 for black to 1 for white) of the colour ``RRGGBB``, as WCAG 2.1 defines it.

    Raises :class:`ValueError` when `colour` is not six hex digits.
    """
    def channel(value: int) -> float:
        c = value / 255
        # WCAG 2.1 gives 0.03928 (the sRGB standard says 0.04045); no 8-bit value falls between them.
        return c / 12.92 if c <= 0.03928 else ((c + 0.055) / 1.055) ** 2.4

    if len(colour) != 6:
        raise ValueError(f"expected a colour as six hex digits, RRGGBB, got {colour!r}")
    r, g, b = (int(colour[i:i + 2], 16) for i in (0, 2, 4))
    return 0.2126 * channel(r) + 0.7152 * channel(g) + 0.0722 * channel(b)


def contrast_ratio(first: str, second: str) -> float:
    """Return the WCAG 2.1 contrast ratio (1 to 21) of the colours `first` and `second`, ``RRGGBB``, in either order."""
    lighter, darker = sorted((relative_luminance(first), relative_luminance(second)), reverse=True)
    return (lighter + 0.05) / (darker + 0.05)


def contrast_with_white(colour: str) -> float:
    """Return the WCAG 2.1 contrast ratio of white text on the colour ``RRGGBB``."""
    return contrast_ratio(WHITE, colour)


def shown_ratio(ratio: float) -> str:
    """Return `ratio` as a reader sees it, ``4.4:1``: cut, not rounded, to one decimal.

    Rounding would print a failing 4.46 as 4.5:1, the very figure it falls short of.
    """
    return f"{math.floor(ratio * 10) / 10:.1f}:1"
