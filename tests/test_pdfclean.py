"""PDF attachments read and cleaned: each hostile generator's active content found, removed, and not a trace left."""

from __future__ import annotations

import functools
import io
import re
import shutil
import subprocess
import sys
from collections.abc import Iterator
from pathlib import Path

import pikepdf
import pytest

from conftest import REPO
from hostile_pdf import DEEP, FORM_VALUE, HOSTILE_PDF, SECRETS, UNREADABLE, VISIBLE_WORD, pdf_strings
from pipeline.findings import UnreadableFile, describe
from pipeline.pdfclean import MAX_KEPT_CHAIN, clean_pdf, inspect_pdf, open_pdf

FOUND = {
    "clean": "",
    "safe_links": "",
    "open_action_javascript": "1 JavaScript action",
    "page_javascript": "1 JavaScript action",
    "document_javascript": "2 JavaScript actions",
    "link_javascript": "1 JavaScript action",
    "launch_action": "1 launch action",
    "submit_form": "1 other action",
    "file_uri_link": "1 other action",
    "remote_goto": "1 other action",
    "automatic_web_visit": "2 automatic actions",
    "form_text_field": "1 form field",
    "form_needing_appearances": "1 form field",
    "embedded_file": "1 embedded file",
    "file_attachment_annotation": "1 embedded file",
    "rich_media": "1 multimedia annotation",
    "cyclic_next_chain": "1 JavaScript action",
    "deep_next_chain": "1 JavaScript action",
    "cyclic_trees": "1 JavaScript action and 1 form field",
    "odd_types": "1 JavaScript action",
    "owner_password_only": "1 JavaScript action",
    "corrupt_repairable": "",
}
"""What inspecting each readable generator's PDF finds."""

REFUSED = {
    "user_password": re.escape("is password-protected: ask its author for a copy without a password"),
    "corrupt_unrepairable": r"is damaged: [a-z].{5,120}",
    "zip_file": re.escape('is not a PDF file: it starts with "PK..." (a ZIP archive, as Word, Excel and PowerPoint files are)'),
    "html_file": re.escape('is not a PDF file: it starts with "<!DOCTYPE html>..." (a web page or XML)'),
    "empty_file": re.escape("is not a PDF file: it is empty"),
    "no_pages": re.escape("has no pages"),
}
"""The whole message each unreadable generator's PDF is refused with, as a pattern."""

FORMS = ["form_text_field", "form_needing_appearances", "cyclic_trees"]
ORDINARY = [name for name in FOUND if name not in FORMS]
"""The readable generators whose pages show the same text before cleaning and after."""


@functools.cache
def generated(name: str) -> bytes:
    return HOSTILE_PDF[name]()


def written(name: str, folder: Path) -> Path:
    path = folder / f"attachment-{name}.pdf"
    path.write_bytes(generated(name))
    return path


def cleaned(name: str, folder: Path) -> tuple[Path, list]:
    """Return the PDF of generator `name` cleaned and saved, and what cleaning it removed."""
    with open_pdf(written(name, folder)) as pdf:
        removed = clean_pdf(pdf)
        target = folder / f"cleaned-{name}.pdf"
        pdf.save(target)
    return target, removed


def visible_text(path: Path) -> str:
    """Return the text the pages of the PDF at `path` show: pdftotext's reading if it is installed, else the strings shown."""
    if shutil.which("pdftotext"):
        return subprocess.run(["pdftotext", str(path), "-"], check=True, capture_output=True, text=True).stdout
    with pikepdf.open(path) as pdf:
        return "\n".join(" ".join(_shown(page.obj, page.obj.get("/Resources"), set())) for page in pdf.pages)


def _shown(content: pikepdf.Object, resources: pikepdf.Object | None, seen: set) -> Iterator[str]:
    """Yield the strings `content` shows, in the forms (XObjects) it draws too."""
    for operands, operator in pikepdf.parse_content_stream(content):
        if str(operator) in ("Tj", "'", '"'):
            yield str(operands[-1])
        elif str(operator) == "TJ":
            yield "".join(str(part) for part in operands[0] if isinstance(part, pikepdf.String))
        elif str(operator) == "Do" and resources is not None:
            form = resources.get("/XObject", pikepdf.Dictionary()).get(str(operands[0]))
            if form is not None and form.get("/Subtype") == pikepdf.Name.Form and form.objgen not in seen:
                seen.add(form.objgen)
                yield from _shown(form, form.get("/Resources", resources), seen)


def test_every_generator_is_either_found_or_refused():
    assert set(FOUND) | set(REFUSED) == set(HOSTILE_PDF)
    assert set(REFUSED) == UNREADABLE
    assert set(SECRETS) == set(HOSTILE_PDF)


@pytest.mark.parametrize("name", FOUND)
def test_each_hostile_pdf_gives_exactly_its_findings(name, workdir):
    findings = inspect_pdf(written(name, workdir))
    assert describe(findings) == FOUND[name]
    assert all(finding.count > 0 and finding.remedy == "" for finding in findings)


@pytest.mark.parametrize("name", [name for name, secrets in SECRETS.items() if secrets])
def test_each_secret_is_in_the_generated_pdf_before_cleaning(name):
    strings = pdf_strings(generated(name))
    assert [secret for secret in SECRETS[name] if secret not in strings] == []
    assert not any(secret.encode() in generated(name) for secret in SECRETS[name] if name != "owner_password_only"), \
        "a secret lies compressed in a stream, so only reading the objects finds it"


@pytest.mark.parametrize("name", FOUND)
def test_cleaning_removes_what_inspection_finds_and_leaves_nothing_to_find(name, workdir):
    target, removed = cleaned(name, workdir)
    assert describe(removed) == FOUND[name]
    assert inspect_pdf(target) == []
    strings = pdf_strings(target.read_bytes())
    assert [secret for secret in SECRETS[name] if secret in strings] == []


@pytest.mark.parametrize("name", FOUND)
def test_cleaning_keeps_every_page_and_the_visible_word(name, workdir):
    target, _ = cleaned(name, workdir)
    with pikepdf.open(workdir / f"attachment-{name}.pdf") as before, pikepdf.open(target) as after:
        assert len(after.pages) == len(before.pages) == 2
    assert VISIBLE_WORD in visible_text(target)


@pytest.mark.parametrize("name", ORDINARY)
def test_cleaning_leaves_the_text_of_ordinary_pages_as_it_was(name, workdir):
    target, _ = cleaned(name, workdir)
    assert visible_text(target) == visible_text(workdir / f"attachment-{name}.pdf")


@pytest.mark.parametrize("name", FOUND)
def test_cleaned_pages_merged_into_a_pack_carry_no_secret(name, workdir):
    target, _ = cleaned(name, workdir)
    with pikepdf.open(target) as source, pikepdf.new() as pack:
        pack.pages.extend(source.pages)
        pack.save(workdir / "pack.pdf")
    strings = pdf_strings((workdir / "pack.pdf").read_bytes())
    assert [secret for secret in SECRETS[name] if secret in strings] == []


def test_links_to_the_web_to_e_mail_and_within_the_document_survive_cleaning(workdir):
    target, _ = cleaned("safe_links", workdir)
    with pikepdf.open(target) as pdf:
        actions = [annotation.A for annotation in pdf.pages[0].obj.Annots]
        assert [str(action.get("/URI", action.S)) for action in actions] == [
            "https://www.example.org/board/papers", "mailto:clerk@example.org", "/GoTo"]
        assert actions[2].D[0].objgen == pdf.pages[1].obj.objgen


@pytest.mark.parametrize("name", FORMS)
def test_a_flattened_form_field_still_shows_its_value(name, workdir):
    target, _ = cleaned(name, workdir)
    assert FORM_VALUE in visible_text(target)
    with pikepdf.open(target) as pdf:
        assert "/AcroForm" not in pdf.Root
        assert [annotation for page in pdf.pages for annotation in page.obj.get("/Annots", [])] == []


def test_a_file_attachment_goes_with_its_pop_up_note(workdir):
    target, _ = cleaned("file_attachment_annotation", workdir)
    with pikepdf.open(target) as pdf:
        assert "/Annots" not in pdf.pages[0].obj


@pytest.mark.parametrize("name", ["cyclic_next_chain", "deep_next_chain"])
def test_an_open_action_going_to_a_page_is_kept_without_the_script_it_chains(name, workdir):
    target, _ = cleaned(name, workdir)
    with pikepdf.open(target) as pdf:
        action, seen = pdf.Root.OpenAction, set()
        while action is not None:
            assert action.S == pikepdf.Name.GoTo and action.objgen not in seen
            seen.add(action.objgen)
            action = action.get("/Next")
        assert 1 <= len(seen) <= MAX_KEPT_CHAIN


@pytest.mark.parametrize("name", ["cyclic_next_chain", "deep_next_chain", "cyclic_trees"])
def test_deep_and_cyclic_chains_neither_crash_nor_hang(name, workdir):
    source = written(name, workdir)
    script = (
        "import sys; from pathlib import Path\n"
        "from pipeline.findings import describe\n"
        "from pipeline.pdfclean import clean_pdf, inspect_pdf, open_pdf\n"
        "source, target = Path(sys.argv[1]), Path(sys.argv[2])\n"
        "found = describe(inspect_pdf(source))\n"
        "with open_pdf(source) as pdf:\n"
        "    removed = describe(clean_pdf(pdf))\n"
        "    pdf.save(target)\n"
        "print(found, removed, describe(inspect_pdf(target)) or 'nothing', sep=' | ')\n"
    )
    run = subprocess.run([sys.executable, "-c", script, str(source), str(workdir / "out.pdf")], cwd=REPO,
                         capture_output=True, text=True, timeout=60)
    assert run.returncode == 0, run.stderr
    assert run.stdout.strip() == f"{FOUND[name]} | {FOUND[name]} | nothing"


def test_the_deep_chain_really_is_deep():
    with pikepdf.open(io.BytesIO(generated("deep_next_chain"))) as pdf:
        assert len(pdf.objects) > DEEP


@pytest.mark.parametrize("name", REFUSED)
def test_unreadable_files_are_refused_with_a_plain_message(name, workdir):
    path = written(name, workdir)
    with pytest.raises(UnreadableFile) as refused:
        open_pdf(path)
    message = str(refused.value)
    assert re.fullmatch(REFUSED[name], message), message
    assert message[0].islower() and path.name not in message and str(workdir) not in message
    with pytest.raises(UnreadableFile, match=re.escape(message)):
        inspect_pdf(path)


def test_a_pdf_header_after_some_junk_is_found_within_the_first_1024_bytes(workdir):
    near, far = workdir / "near.pdf", workdir / "far.pdf"
    near.write_bytes(b"\x00" * 1000 + generated("clean"))
    far.write_bytes(b"\x00" * 1100 + generated("clean"))
    assert inspect_pdf(near) == []
    with pytest.raises(UnreadableFile, match=re.escape("is not a PDF file: it starts with bytes 00 00 00 00 ...")):
        inspect_pdf(far)
