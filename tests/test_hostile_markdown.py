"""Images and links in every shape pandoc reads, judged by pandoc's own reading.

Each shape is written into a copy of ``fixtures/minimal`` (into its body file, or
into a field of its YAML) beside a file outside the input tree. A shape that
must not be published is refused by ``boardpapers check`` with its exact
message and exit 2; one that may is built, and the Word file read back holds
only what it should: images from inside the tree, web and email links. A
listener on the loopback address proves that neither pandoc nor a build opens
a connection, even when the check is walked round.
"""

from __future__ import annotations

import socket
import threading
import zipfile
from dataclasses import dataclass
from pathlib import Path

import pytest

from conftest import REPO, copy_fixture, tiny_png
from pipeline.markdown import PandocJob

BODY = "minimal/body.md"
PAPER = "minimal/paper.yaml"
OUTSIDE = "the input tree {root}"
"""How the messages name the input tree."""


@dataclass
class Shape:
    """A piece of Markdown, where it goes, and the messages ``check`` must give (none: it builds)."""

    name: str
    markdown: str
    expected: list[str]
    field: str | None = None
    """A key of the paper whose (Markdown) value it replaces; the body file otherwise."""


def refused(message: str, line: int = 12) -> list[str]:
    """Return the one message of a shape in the body file at its `line` (the shape starts on line 12)."""
    return [f"{BODY}:{line}: {message}"]


def outside(src: str) -> str:
    return f"image: '{src}' leads outside {OUTSIDE}"


def bad_link(target: str) -> str:
    return (f"link: link to '{target}' is not a web or email address; a published paper may link only to "
            "https://, http:// or mailto: addresses, or to a heading (#name)")


SHAPES = [
    # images that name a file outside the tree, however pandoc is asked to read them
    Shape("brackets inside the alt text", "![site plan [v2]](/etc/passwd)",
          refused("image: '/etc/passwd' is an absolute path; give a path relative to this file")),
    Shape("reference label in another case and spacing",
          "![map][Ward Boundaries]\n\n[ward  boundaries]: ../../outside.png", refused(outside("../../outside.png"), 14)),
    Shape("implicit reference", "![Outside]\n\n[outside]: ../../outside.png", refused(outside("../../outside.png"), 14)),
    Shape("angle-bracket target", "![plan](<../../outside.png>)", refused(outside("../../outside.png"))),
    Shape("target with a title", '![plan](../../outside.png "Site plan")', refused(outside("../../outside.png"))),
    Shape("nested brackets", "![a [b [c]] d](../../outside.png)", refused(outside("../../outside.png"))),
    Shape("image inside a link", "[![logo](../../outside.png)](https://example.org)", refused(outside("../../outside.png"))),
    Shape("image with attributes", "![plan](../../outside.png){width=50%}", refused(outside("../../outside.png"))),
    Shape("image in a table cell", "| Plan |\n|---|\n| ![plan](../../outside.png) |", refused(outside("../../outside.png"), 14)),
    Shape("image in a footnote", "See the plan.[^1]\n\n[^1]: ![plan](../../outside.png)", refused(outside("../../outside.png"), 14)),
    Shape("image in a quoted list", "> - ![plan](../../outside.png)", refused(outside("../../outside.png"))),
    Shape("Windows drive path", "![plan](C:/Users/clerk/secret.png)",
          refused("image: 'C:/Users/clerk/secret.png' is an absolute path; give a path relative to this file")),
    Shape("file address", "![plan](file:///etc/passwd)",
          refused("image: image 'file:///etc/passwd' is an address, not a file; save the image in the input tree and name the file")),
    Shape("data address", "![dot](data:image/png;base64,iVBORw0KGgo=)",
          refused("image: image 'data:image/png;base64,iVBORw0KGgo=' is an address, not a file; save the image in the input tree and name the file")),
    Shape("web image", "![chart](http://127.0.0.1:9/chart.png)",
          refused("image: image 'http://127.0.0.1:9/chart.png' is a web address; save the image in the input tree and name the file")),
    Shape("image in the purpose, on the cover sheet", "For approval. ![plan](../../outside.png)",
          [f"{PAPER}:12: purpose: '../../outside.png' leads outside {OUTSIDE}"], field="purpose"),
    Shape("image in a recommendation", "  items:\n    - |\n      approve ![plan][p]\n\n      [p]: ../../outside.png",
          [f"{PAPER}:16: recommendations.items[1]: '../../outside.png' leads outside {OUTSIDE}"], field="recommendations"),
    # links that are not web or email addresses
    Shape("javascript link", "[click](javascript:alert(1))", refused(bad_link("javascript:alert(1)"))),
    Shape("javascript in mixed case", "[click](JaVaScRiPt:alert(1))", refused(bad_link("JaVaScRiPt:alert(1)"))),
    Shape("javascript by reference", "[click][Evil]\n\n[evil]: javascript:alert(1)", refused(bad_link("javascript:alert(1)"), 14)),
    Shape("javascript in angle brackets", "[click](<javascript:alert(1)>)", refused(bad_link("javascript:alert(1)"))),
    Shape("file autolink", "<file:///etc/passwd>", refused(bad_link("file:///etc/passwd"))),
    Shape("network share", "[share](\\\\\\\\host\\\\share)", refused(bad_link("\\\\host\\share"))),
    Shape("vbscript link", "[run](vbscript:msgbox)", refused(bad_link("vbscript:msgbox"))),
    Shape("data link", "[open](data:text/html,hello)", refused(bad_link("data:text/html,hello"))),
    Shape("link to a file", "[the budget](budget.xlsx)", refused(
        "link: link to 'budget.xlsx' names a file; a published paper may link only to https://, http:// or mailto: "
        "addresses, or to a heading (#name): attach the file as an appendix instead")),
    Shape("link in the executive summary", "See [here](javascript:alert(1)).",
          [f"{PAPER}:13: executive_summary: {bad_link('javascript:alert(1)')[len('link: '):]}"], field="executive_summary"),
    # shapes that are published, as text or as they are
    Shape("HTML image is text", '<img src="/etc/passwd" alt="x">', []),
    Shape("raw OpenXML block is text", '```{=openxml}\n<w:r><w:t>raw</w:t></w:r>\n```', []),
    Shape("raw HTML block is text", '```{=html}\n<img src="../../outside.png">\n```', []),
    Shape("image inside the tree", "![A bar chart of scans per week](chart.png)", []),
    Shape("image inside the tree by reference", "![Scans per week][Chart]\n\n[chart]: ./chart.png", []),
    Shape("web, email and heading links", "[NHS](https://www.nhs.uk), [email](mailto:board@example.org), [cost](#cost)", []),
]


def place(shape: Shape, folder: Path) -> None:
    """Write `shape` into the copy of the minimal paper in `folder`."""
    (folder / "chart.png").write_bytes(tiny_png())
    if shape.field is None:
        body = folder / "body.md"
        body.write_text(body.read_text(encoding="utf-8").rstrip() + "\n\n" + shape.markdown + "\n", encoding="utf-8")
        return
    paper = folder / "paper.yaml"
    lines = paper.read_text(encoding="utf-8").splitlines()
    at = next(i for i, line in enumerate(lines) if line.startswith(f"{shape.field}:"))
    if shape.field == "recommendations":
        end = next(i for i in range(at + 1, len(lines)) if not lines[i].startswith(" "))
        lines[at + 1:end] = shape.markdown.splitlines()
    else:
        lines[at] = f"{shape.field}: |\n  " + "\n  ".join(shape.markdown.splitlines())
    paper.write_text("\n".join(lines) + "\n", encoding="utf-8")


def test_the_corpus_covers_every_shape():
    assert len(SHAPES) >= 30
    assert sum(1 for s in SHAPES if s.expected) >= 25


@pytest.mark.parametrize("shape", [s for s in SHAPES if s.expected], ids=lambda s: s.name)
def test_check_refuses_what_must_not_be_published(shape, workdir, boardpapers, tmp_path):
    (tmp_path / "outside.png").write_bytes(tiny_png())
    paper = copy_fixture("minimal", workdir)
    place(shape, paper.parent)
    run = boardpapers("check", paper.relative_to(workdir))
    root = str(workdir.resolve())
    assert run.stderr.splitlines() == [line.replace("{root}", root) for line in shape.expected]
    assert run.exit_code == 2
    assert "Traceback" not in run.stderr


@pytest.mark.parametrize("shape", [s for s in SHAPES if not s.expected], ids=lambda s: s.name)
def test_what_may_be_published_builds_with_only_its_own_images_and_web_links(shape, workdir, boardpapers, tmp_path):
    (tmp_path / "outside.png").write_bytes(b"OUTSIDE-IMAGE" + tiny_png())
    paper = copy_fixture("minimal", workdir)
    place(shape, paper.parent)
    run = boardpapers("paper", paper.relative_to(workdir), "--out", "out")
    assert run.exit_code == 0, run.stderr
    with zipfile.ZipFile(run.stdout.strip()) as docx:
        parts = {name: docx.read(name) for name in docx.namelist()}
    media = [name for name in parts if name.startswith("word/media/")]
    assert all(parts[name] == tiny_png() for name in media)
    assert len(media) == (1 if "chart" in shape.markdown else 0)
    everything = b"".join(parts.values())
    assert b"OUTSIDE-IMAGE" not in everything
    for target in (b"/etc/passwd", b"javascript:", b"file:"):
        assert target not in b"".join(v for k, v in parts.items() if k.endswith(".rels"))
    if "<img" in shape.markdown or "{=" in shape.markdown:
        assert b"&lt;img" in parts["word/document.xml"] or b"&lt;w:r&gt;" in parts["word/document.xml"]


class Listener:
    """A TCP listener on the loopback address that counts the connections made to it."""

    def __init__(self) -> None:
        self.server = socket.socket()
        self.server.bind(("127.0.0.1", 0))
        self.server.listen(16)
        self.server.settimeout(0.2)
        self.port = self.server.getsockname()[1]
        self.connections = 0
        self.running = True
        self.thread = threading.Thread(target=self._accept, daemon=True)
        self.thread.start()

    def _accept(self) -> None:
        while self.running:
            try:
                connection, _ = self.server.accept()
            except OSError:
                continue
            self.connections += 1
            connection.close()

    def close(self) -> None:
        self.running = False
        self.thread.join()
        self.server.close()


@pytest.fixture
def listener():
    """Return a :class:`Listener`, closed after the test."""
    found = Listener()
    yield found
    found.close()


def test_the_listener_sees_a_connection(listener):
    with socket.create_connection(("127.0.0.1", listener.port), timeout=2):
        pass
    for _ in range(50):
        if listener.connections:
            break
        threading.Event().wait(0.05)
    assert listener.connections == 1


def test_pandoc_reads_and_fetches_nothing_even_when_the_check_is_walked_round(listener, tmp_path):
    (tmp_path / "outside.png").write_bytes(b"OUTSIDE-IMAGE" + tiny_png())
    tree = tmp_path / "tree"
    tree.mkdir()
    (tree / "chart.png").write_bytes(tiny_png())
    job = PandocJob(tree)
    job.markdown(f"![web](http://127.0.0.1:{listener.port}/chart.png)\n\n![outside](../outside.png)\n\n"
                 f"![root](/etc/passwd)\n\n![inside](chart.png)\n\n[js](javascript:alert(1)) [ok](https://example.org)",
                 tree)
    document = job.run(REPO / "templates" / "lsc-ics" / "reference.docx")
    parts = {rel.target_ref: rel for rel in document.part.rels.values()}
    images = [rel.target_part.blob for rel in document.part.rels.values() if "image" in rel.reltype]
    assert images == [tiny_png()]
    assert listener.connections == 0
    assert not any("javascript" in target for target in parts)
    assert "https://example.org" in parts
    text = "\n".join(p.text for p in document.paragraphs)
    assert "js" in text and "web" in text
