"""Colour contrast: WCAG 2.1's arithmetic, and the shipped house styles measured by it."""

from __future__ import annotations

import pytest

from pipeline.contrast import contrast_ratio, contrast_with_white, relative_luminance, shown_ratio


def test_black_and_white_are_21_to_1_in_either_order_and_a_colour_on_itself_is_1_to_1():
    assert contrast_ratio("000000", "FFFFFF") == pytest.approx(21)
    assert contrast_ratio("FFFFFF", "000000") == pytest.approx(21)
    assert contrast_ratio("005EB8", "005EB8") == pytest.approx(1)
    assert (relative_luminance("000000"), relative_luminance("FFFFFF")) == (0, pytest.approx(1))


def test_contrast_with_white_gives_the_figures_wcag_tools_give():
    # The NHS blue the ICS band is shaded with, and the pale blue the band refuses, as WebAIM's checker shows them.
    assert round(contrast_with_white("005EB8"), 2) == 6.38
    assert round(contrast_with_white("9FC5E8"), 2) == 1.81
    assert round(contrast_ratio("767676", "FFFFFF"), 2) == 4.54


def test_a_ratio_just_under_the_minimum_never_reads_as_the_minimum():
    assert shown_ratio(4.46) == "4.4:1"
    assert shown_ratio(21.0) == "21.0:1"


def test_a_colour_that_is_not_six_hex_digits_is_refused():
    with pytest.raises(ValueError, match="expected a colour as six hex digits, RRGGBB, got 'auto'"):
        relative_luminance("auto")
