"""The browser check itself (pipeline.axe): axe-core in headless Chromium finds what it should, and pictures a page.

``make validators`` sets it up (CI does it); without it these tests skip, or
fail when ``BOARDPAPERS_REQUIRE_BROWSER=1``.
"""

from __future__ import annotations

import struct
from pathlib import Path

import pytest

from conftest import tiny_png
from pipeline import axe
from pipeline.errors import BuildError

PAGE = """<!doctype html>
<html lang="en">
<head><meta charset="utf-8"><title>ICS Board, 2 December 2020</title>{head}</head>
<body><main><h1>ICS Board, 2 December 2020</h1><p>The Board agreed the winter plan.</p>{body}</main></body>
</html>
"""
OUTSIDE_STYLESHEET = "http://cdn.example.com/board.css"
PAGES = {
    "clean": PAGE.format(head="", body=""),
    "broken": PAGE.format(head="", body='<img src="chart.png"><a href="minutes.html"></a>'
                                        '<p style="color: #aaaaaa; background: #ffffff">Draft: not for circulation</p>'),
    "outside": PAGE.format(head=f'<link rel="stylesheet" href="{OUTSIDE_STYLESHEET}">', body=""),
}


@pytest.fixture(scope="module")
def pages(tmp_path_factory) -> dict[str, Path]:
    """Return the three pages, written to files: a clean one, one broken on purpose, one that loads a stylesheet from the web."""
    folder = tmp_path_factory.mktemp("pages")
    (folder / "chart.png").write_bytes(tiny_png())
    for name, html in PAGES.items():
        (folder / f"{name}.html").write_text(html, encoding="utf-8")
    return {name: folder / f"{name}.html" for name in PAGES}


@pytest.fixture(scope="module")
def results(pages) -> dict[str, axe.PageResult]:
    """Return what one run of the check finds of each page."""
    return {name: result for name, result in zip(pages, axe.check(list(pages.values())))}


@pytest.mark.browser
def test_a_clean_page_has_no_violation(results, pages):
    assert results["clean"].path == pages["clean"]
    assert results["clean"].problems == []


@pytest.mark.browser
def test_a_broken_page_reports_the_missing_alt_text_the_empty_link_and_the_faint_text(results):
    rules = {v.rule: v for v in results["broken"].violations}
    assert set(rules) == {"image-alt", "link-name", "color-contrast"}
    assert rules["image-alt"].nodes == ("img",) and rules["link-name"].nodes == ("a",)
    assert any(line.startswith("image-alt (critical): Images must have alternative text") for line in results["broken"].problems)
    assert results["broken"].loads == []


@pytest.mark.browser
def test_a_page_that_loads_from_the_web_is_refused_the_load_and_reported(results):
    assert results["outside"].violations == []
    assert results["outside"].loads == [OUTSIDE_STYLESHEET]
    assert results["outside"].problems == [f"loads {OUTSIDE_STYLESHEET}: a page must load nothing from outside its own files"]


@pytest.mark.browser
@pytest.mark.parametrize("width", [375, 1024])
def test_a_screenshot_is_a_png_as_wide_as_asked(pages, tmp_path, width):
    png = axe.screenshot(pages["clean"], tmp_path / "clean.png", width)
    header = png.read_bytes()[:24]
    assert header[:8] == b"\x89PNG\r\n\x1a\n" and header[12:16] == b"IHDR"
    assert struct.unpack(">II", header[16:24]) == (width, 900), "the page is shorter than the 900 px view"


def test_a_check_that_is_not_set_up_says_how_to_set_it_up(pages, tmp_path, monkeypatch):
    monkeypatch.setenv(axe.FOLDER_VARIABLE, str(tmp_path / "nothing"))
    assert not axe.installed()
    with pytest.raises(BuildError, match="the browser check cannot run: .*make validators"):
        axe.check([pages["clean"]])


def test_a_page_that_is_not_there_is_named(tmp_path):
    with pytest.raises(BuildError, match="the browser check has no page .*absent.html"):
        axe.check([tmp_path / "absent.html"])
