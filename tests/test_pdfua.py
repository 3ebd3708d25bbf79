"""PDF/UA-1 as the reference validator judges it (the veraPDF engine): every PDF of every shipped example passes.

The validator is set up by ``make validators`` (CI does it); without it these
tests skip, or fail when ``BOARDPAPERS_REQUIRE_VERAPDF=1``.
"""

from __future__ import annotations

from pathlib import Path

import pytest

from conftest import REPO, build_in_process
from pipeline import verapdf

pytestmark = pytest.mark.pdf

PAPERS = sorted((REPO / "inputs" / "papers").glob("*.yaml")) + sorted((REPO / "inputs" / "appraisals").glob("*.yaml"))
"""Every shipped paper: each builds on its own."""
MEETINGS = sorted((REPO / "inputs" / "meetings").glob("*/*-*-*-*.yaml"))
"""Every shipped meeting file (named by its date)."""


@pytest.fixture(scope="module")
def shipped(tmp_path_factory, validator) -> list[Path]:
    """Return every PDF the shipped examples give: each paper's, and both packs of each meeting."""
    out = tmp_path_factory.mktemp("shipped")
    for paper in PAPERS:
        build_in_process("paper", paper, "--out", out / "papers", "--pdf", "--root", REPO)
    for meeting in MEETINGS:
        build_in_process("pack", meeting, "--out", out, "--root", REPO)
    return sorted(p for p in out.rglob("*.pdf") if not any(part.startswith(".") for part in p.relative_to(out).parts))


def test_every_shipped_example_has_its_pdfs(shipped):
    names = [p.name for p in shipped]
    assert len(MEETINGS) == 2 and names.count("pack.pdf") == 2 and names.count("public-pack.pdf") == 2
    assert len(names) == len(PAPERS) + 4 == 9, names


def test_every_pdf_of_the_shipped_examples_passes_pdf_ua_1(shipped):
    verdicts = verapdf.validate_pdfs(shipped)
    failed = {p.name: [verapdf.plain(f) for f in v.failures] or [v.error] for p, v in verdicts.items() if not v.compliant}
    assert not failed, failed
    assert {v.status for v in verdicts.values()} == {"normal"}
