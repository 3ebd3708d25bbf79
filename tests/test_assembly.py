"""The PDF packs as assembled from their parts: one structure tree read back, tags of merged PDFs kept, parts reused."""

from __future__ import annotations

from collections import Counter
from pathlib import Path

import pikepdf
import pytest
from docx import Document
from pikepdf import Name

from conftest import build_in_process, small_meeting
from pipeline.cache import FOLDER
from pipeline.export import to_pdf
from test_pack import pdf_pages, stated_ranges


def tagged_pdf(path: Path) -> Path:
    """Write a tagged PDF as another office system exports one: a heading, two paragraphs and a table, from LibreOffice."""
    document = Document()
    document.add_heading("Valuation of the hub site", level=1)
    document.add_paragraph("The district valuer put the Leyland plot at its book value.")
    document.add_paragraph("No other site was valued.")
    table = document.add_table(rows=2, cols=2)
    for cell, text in zip(table._cells, ["Site", "Value", "Leyland", "2.1m"]):
        cell.text = text
    source = path.with_suffix(".docx")
    document.save(str(source))
    return to_pdf(source, path)


def structure(element, roles: dict) -> list[str]:
    """Return the standard types of `element`'s descendants, in reading order (non-standard ones through the role map)."""
    found = []
    kids = element.get("/K")
    for kid in (kids if isinstance(kids, pikepdf.Array) else [kids]) if kids is not None else []:
        if isinstance(kid, pikepdf.Dictionary) and "/S" in kid:
            found.append(str(roles.get(str(kid.S), kid.S)))
            found += structure(kid, roles)
    return found


def pages_marked(element, index: dict) -> set[int]:
    """Return the page numbers (from 1) the elements under `element` mark content on."""
    found = set()
    if "/Pg" in element:
        found.add(index[element.Pg.objgen])
    kids = element.get("/K")
    for kid in (kids if isinstance(kids, pikepdf.Array) else [kids]) if kids is not None else []:
        if isinstance(kid, pikepdf.Dictionary) and "/S" in kid:
            found |= pages_marked(kid, index)
    return found


@pytest.fixture(scope="module")
def assembled(tmp_path_factory) -> tuple[Path, Path]:
    """Build the small meeting with a tagged PDF attached to its paper's item; return the pack's folder and the PDF."""
    work = tmp_path_factory.mktemp("assembled")
    meeting = small_meeting(work / "inputs")
    attachment = tagged_pdf(work / "inputs" / "valuation.pdf")
    text = meeting.read_text(encoding="utf-8").replace("paper: minimal/paper.yaml\n",
                                                       "paper: minimal/paper.yaml\n        attachments: [valuation.pdf]\n")
    meeting.write_text(text, encoding="utf-8")
    out = work / "out"
    build_in_process("pack", meeting, "--out", out, "--root", meeting.parent)
    return out / "2021-01-13-ics-board", attachment


def test_the_pack_is_one_tree_a_part_for_the_agenda_and_each_item(assembled, soffice):
    folder, _ = assembled
    with pikepdf.open(folder / "pack.pdf") as pdf:
        root = pdf.Root.StructTreeRoot
        [document] = list(root.K)
        assert document.S == Name.Document
        parts = list(document.K)
        assert [p.S for p in parts] == [Name.Part] * 3, "the agenda, the paper's item, the notes"
        index = {page.objgen: n for n, page in enumerate(pdf.pages, start=1)}
        ranges = stated_ranges(pdf_pages(folder / "pack.pdf")[0])
        assert min(pages_marked(parts[0], index)) == 1 and max(pages_marked(parts[0], index)) < ranges[0][0]
        for part, (start, end) in zip(parts[1:], ranges):
            assert pages_marked(part, index) <= set(range(start, end + 1)), "each part marks content on its own pages only"
        keys = [int(page.StructParents) for page in pdf.pages if "/StructParents" in page]
        assert len(keys) == len(pdf.pages) and len(set(keys)) == len(keys), "every page has its own ParentTree key"
        tree = pikepdf.NumberTree(root.ParentTree)
        for page in pdf.pages:
            marked = tree[int(page.StructParents)]
            assert all(e.Pg.objgen == page.objgen for e in marked if isinstance(e, pikepdf.Dictionary) and "/Pg" in e)
        assert int(root.ParentTreeNextKey) > max(keys)
        assert not any(Name(str(name)) == role for name, role in root.get("/RoleMap", {}).items()), \
            "no standard type is mapped to itself (PDF/UA calls that a circular mapping)"


def test_a_merged_tagged_pdf_keeps_its_tags_in_the_pack(assembled, soffice):
    folder, attachment = assembled
    with pikepdf.open(attachment) as source:
        roles = {str(k): v for k, v in source.Root.StructTreeRoot.get("/RoleMap", {}).items()}
        expected = structure(source.Root.StructTreeRoot.K[0], roles)
    assert "/H1" in expected and "/Table" in expected and expected.count("/P") >= 2, expected
    pages = pdf_pages(folder / "pack.pdf")
    where = next(n for n, text in enumerate(pages, start=1) if "Valuation of the hub site" in text)
    with pikepdf.open(folder / "pack.pdf") as pdf:
        root = pdf.Root.StructTreeRoot
        roles = {str(k): v for k, v in root.get("/RoleMap", {}).items()}
        index = {page.objgen: n for n, page in enumerate(pdf.pages, start=1)}
        item = list(root.K[0].K)[1]
        grafted = [kid for kid in item.K if kid.S == Name.Part]
        assert len(grafted) == 1, "the attachment's tree is a Part inside its item's"
        assert structure(grafted[0], roles) == expected, "every element, in order, as the attachment had them"
        assert pages_marked(grafted[0], index) == {where}
        assert Counter(structure(item, roles))["/H1"] >= 2, "the paper's headings and the attachment's, both read"


def test_a_part_is_made_once_and_reused_by_the_next_build(assembled, soffice, tmp_path):
    folder, _ = assembled
    cache = folder.parent / FOLDER
    entries = {entry.name: (entry / "part.pdf").stat().st_mtime_ns for entry in cache.iterdir() if (entry / "part.pdf").exists()}
    assert len(entries) == 4, "the members' and the public agenda, and the two items with documents, each with its PDF"
    before = (folder / "pack.pdf").read_bytes()
    meeting = folder.parent.parent / "inputs" / "meeting.yaml"
    build_in_process("pack", meeting, "--out", folder.parent, "--root", meeting.parent)
    assert (folder / "pack.pdf").read_bytes() == before
    assert {name: (cache / name / "part.pdf").stat().st_mtime_ns for name in entries} == entries, "no part was made again"
