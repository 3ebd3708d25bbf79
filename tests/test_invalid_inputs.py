"""Every kind of mistake an author makes, each with its exact message.

Each case breaks one thing in ``fixtures/minimal/paper.yaml`` (whose line
numbers the messages refer to), runs ``boardpapers paper`` and asserts: exit 2,
exactly the expected ``file:line: key: message`` lines, no traceback, and no
output written.
"""

from __future__ import annotations

import os
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path

import pytest

from conftest import copy_fixture

PAPER = "minimal/paper.yaml"


@dataclass
class Case:
    """One broken input and the messages it must produce."""

    name: str
    edit: Callable[[Path], None]
    expected: list[str]


def swap(old: str, new: str) -> Callable[[Path], None]:
    """Return an edit replacing `old` by `new` in the paper (once, and it must be there)."""
    def edit(paper: Path) -> None:
        text = paper.read_text(encoding="utf-8")
        assert old in text, old
        paper.write_text(text.replace(old, new, 1), encoding="utf-8")
    return edit


def both(*edits: Callable[[Path], None]) -> Callable[[Path], None]:
    """Return an edit that makes each of `edits` in turn."""
    def edit(paper: Path) -> None:
        for one in edits:
            one(paper)
    return edit


def write_bytes(data: bytes) -> Callable[[Path], None]:
    def edit(paper: Path) -> None:
        paper.write_bytes(data)
    return edit


def edit_markdown(old: str, new: str) -> Callable[[Path], None]:
    def edit(paper: Path) -> None:
        body = paper.parent / "body.md"
        body.write_text(body.read_text(encoding="utf-8").replace(old, new, 1), encoding="utf-8")
    return edit


def symlink_out(paper: Path) -> None:
    outside = paper.parent.parent.parent / "outside.md"
    outside.write_text("# Secret\n", encoding="utf-8")
    (paper.parent / "link.md").symlink_to(outside)
    swap("markdown_file: body.md", "markdown_file: link.md")(paper)


CASES = [
    Case("typo in a key names the key it meant", swap("recommendations:", "recomendations:"), [
        f"{PAPER}:2: recommendations: is required but missing: what the meeting is asked to do.",
        f"{PAPER}:14: recomendations: unknown key (did you mean 'recommendations'?)",
    ]),
    Case("typo in a nested key", swap("    outcome: Supported.", "    outcom: Supported."), [
        f"{PAPER}:20: governance[1].outcome: is required but missing: what it decided or said.",
        f"{PAPER}:22: governance[1].outcom: unknown key (did you mean 'outcome'?)",
    ]),
    Case("unknown key with nothing close", swap("agenda_item: 7", "agenda_item: 7\nbananas: 3"), [
        f"{PAPER}:9: bananas: unknown key; expected one of: kind, style, title, meeting, agenda_item, presented_by, "
        "author, contributors, confidential, confidential_reason, purpose, executive_summary, recommendations, "
        "governance, conflicts_of_interest, implications, risks, body, sign_off, appendices",
    ]),
    Case("missing required field", swap("author: Andy Curran\n", ""), [
        f"{PAPER}:2: author: is required but missing: who wrote the paper.",
    ]),
    Case("blank required text", swap("title: Community Diagnostic Hubs", "title: '   '"), [
        f"{PAPER}:4: title: must not be empty",
    ]),
    Case("empty required value", swap("author: Andy Curran", "author:"), [
        f"{PAPER}:10: author: must not be empty",
    ]),
    Case("list where text is expected", swap("purpose: For approval.", "purpose: [For, approval]"), [
        f"{PAPER}:12: purpose: expected text, got a list",
    ]),
    Case("mapping where text is expected", swap("purpose: For approval.", "purpose: {text: For approval.}"), [
        f"{PAPER}:12: purpose: expected text, got a mapping of keys",
    ]),
    Case("text where a list is expected", swap("    - approve the two hub locations.\n    - note the staffing plan.\n", "    approve the two hub locations.\n"), [
        f"{PAPER}:16: recommendations.items: expected a list, got 'approve the two hub locations.'",
    ]),
    Case("empty recommendations", swap("  items:\n    - approve the two hub locations.\n    - note the staffing plan.\n", "  items: []\n"), [
        f"{PAPER}:16: recommendations.items: must list at least one item",
    ]),
    Case("UK numeric date suggests ISO", swap("  date: 2021-01-13", "  date: 13.01.2021"), [
        f"{PAPER}:7: meeting.date: expected an ISO date (YYYY-MM-DD), got '13.01.2021': write 2021-01-13",
    ]),
    Case("date in words suggests ISO", swap("  date: 2021-01-13", "  date: 13th January 2021"), [
        f"{PAPER}:7: meeting.date: expected an ISO date (YYYY-MM-DD), got '13th January 2021': write 2021-01-13",
    ]),
    Case("impossible date", swap("  date: 2021-01-13", "  date: 2021-02-30"), [
        f"{PAPER}:7: meeting.date: '2021-02-30' is not a real date",
    ]),
    Case("governance date with a slash suggests ISO", swap("    date: 2020-12-16", "    date: 16/12/20"), [
        f"{PAPER}:21: governance[1].date: expected a date (YYYY-MM-DD), a month (YYYY-MM) or 'ongoing', got '16/12/20': write 2020-12-16",
    ]),
    Case("governance date that is no date", swap("    date: 2020-12-16", "    date: soon"), [
        f"{PAPER}:21: governance[1].date: expected a date (YYYY-MM-DD), a month (YYYY-MM) or 'ongoing', got 'soon'",
    ]),
    Case("implication answer not yes, no or n/a", swap("quality_impact_assessment: yes", "quality_impact_assessment: maybe"), [
        f"{PAPER}:25: implications.quality_impact_assessment: expected yes, no or n/a, got 'maybe'",
    ]),
    Case("implication row missing", swap("  privacy_impact_assessment: n/a\n", ""), [
        f"{PAPER}:24: implications.privacy_impact_assessment: is required but missing: "
        "has a privacy (data protection) impact assessment been completed?",
    ]),
    Case("associated risks yes with no risk listed", swap("risks:\n  - description: Radiographer vacancies may delay opening.\n", ""), [
        f"{PAPER}:29: implications.associated_risks: is yes, so list at least one risk under risks",
    ]),
    Case("risks listed but associated risks no", swap("  associated_risks: yes", "  associated_risks: no"), [
        f"{PAPER}:31: risks: risks are listed but implications.associated_risks is no; answer yes or remove them",
    ]),
    Case("risk on register without reference", swap("risks_on_register: no", "risks_on_register: yes"), [
        f"{PAPER}:32: risks[1]: needs a reference: implications.risks_on_register is yes",
    ]),
    Case("risks on register while associated risks n/a", swap(
        "  associated_risks: yes\n  risks_on_register: no\nrisks:\n  - description: Radiographer vacancies may delay opening.\n",
        "  associated_risks: n/a\n  risks_on_register: yes\n"), [
        f"{PAPER}:30: implications.risks_on_register: is yes but associated_risks is n/a",
    ]),
    Case("confidential without a reason", swap("confidential: false", "confidential: true"), [
        f"{PAPER}:11: confidential: is true, so confidential_reason must say why the paper is not for publication",
    ]),
    Case("shape problems and rule problems are reported together",
         both(swap("recommendations:", "recomendations:"), swap("confidential: false", "confidential: true"),
              swap("  associated_risks: yes", "  associated_risks: no")), [
        f"{PAPER}:2: recommendations: is required but missing: what the meeting is asked to do.",
        f"{PAPER}:11: confidential: is true, so confidential_reason must say why the paper is not for publication",
        f"{PAPER}:14: recomendations: unknown key (did you mean 'recommendations'?)",
        f"{PAPER}:31: risks: risks are listed but implications.associated_risks is no; answer yes or remove them",
    ]),
    Case("a rule is skipped when a field it reads is wrong itself",
         both(swap("confidential: false", "confidential: maybe"), swap("purpose: For approval.", "purpose: For approval.\nconfidential_reason: x")), [
        f"{PAPER}:11: confidential: expected true or false, got 'maybe'",
    ]),
    Case("confidential that is not true or false", swap("confidential: false", "confidential: perhaps"), [
        f"{PAPER}:11: confidential: expected true or false, got 'perhaps'",
    ]),
    Case("agenda item that is not a number", swap("agenda_item: 7", "agenda_item: five"), [
        f"{PAPER}:8: agenda_item: expected a whole number from 1, got 'five'",
    ]),
    Case("agenda item zero", swap("agenda_item: 7", "agenda_item: 0"), [
        f"{PAPER}:8: agenda_item: expected a whole number from 1, got '0'",
    ]),
    Case("unknown house style", swap("style: lsc-ics", "style: nhs-blue"), [
        f"{PAPER}:3: style: expected a house style, one of: lsc-ics; got 'nhs-blue'",
    ]),
    Case("unknown kind", swap("kind: cover-sheet", "kind: coversheet"), [
        f"{PAPER}:2: kind: expected one of: cover-sheet; got 'coversheet' (did you mean 'cover-sheet'?)",
    ]),
    Case("missing kind", swap("kind: cover-sheet\n", ""), [
        f"{PAPER}:2: kind: is required: say which kind of input this is, one of: cover-sheet",
    ]),
    Case("body part of unknown shape", swap("  - markdown_file: body.md", "  - file: body.md"), [
        f"{PAPER}:34: body[1]: expected Markdown text, {{markdown_file: path}} or {{options_appraisal: path}}",
    ]),
    Case("markdown file that does not exist", swap("markdown_file: body.md", "markdown_file: nothere.md"), [
        f"{PAPER}:34: body[1].markdown_file: no such file: 'nothere.md' (looked in {{folder}})",
    ]),
    Case("path out of the tree", swap("markdown_file: body.md", "markdown_file: ../../../../etc/passwd.md"), [
        f"{PAPER}:34: body[1].markdown_file: '../../../../etc/passwd.md' leads outside the input tree {{root}}",
    ]),
    Case("absolute path", swap("markdown_file: body.md", "markdown_file: /etc/passwd.md"), [
        f"{PAPER}:34: body[1].markdown_file: '/etc/passwd.md' is an absolute path; give a path relative to this file",
    ]),
    Case("symlink out of the tree", symlink_out, [
        f"{PAPER}:34: body[1].markdown_file: 'link.md' leads outside the input tree {{root}}",
    ]),
    Case("markdown part that is not markdown", swap("markdown_file: body.md", "markdown_file: body.txt"), [
        f"{PAPER}:34: body[1].markdown_file: 'body.txt' should be a md or markdown file",
    ]),
    Case("YAML alias", swap("purpose: For approval.\nexecutive_summary: Two hubs would open in spring, taking scans out of hospital sites.",
                            "purpose: &p For approval.\nexecutive_summary: *p"), [
        f"{PAPER}:13: yaml: YAML aliases (*name) are not allowed; write the value out in full",
    ]),
    Case("YAML merge key", swap("meeting:\n", "<<: {title: x}\nmeeting:\n"), [
        f"{PAPER}:5: <<: YAML merge keys (<<) are not allowed; write the keys out in full",
    ]),
    Case("YAML syntax error", swap("title: Community Diagnostic Hubs", "title: [Community"), [
        f"{PAPER}:5: yaml: not valid YAML: expected ',' or ']', but got ':' (while parsing a flow sequence that starts on line 4)",
    ]),
    Case("tab indentation", swap("presented_by: Andy Curran", "presented_by: Andy Curran\n\tnote: x"), [
        f"{PAPER}:10: yaml: not valid YAML: found character '\\t' that cannot start any token",
    ]),
    Case("duplicate key", swap("author: Andy Curran", "author: Andy Curran\nauthor: Someone Else"), [
        f"{PAPER}:11: author: duplicate key: already given on line 10",
    ]),
    Case("escaped control character", swap("purpose: For approval.", 'purpose: "For\\x01approval."'), [
        f"{PAPER}:12: purpose: contains the control character U+0001, which a Word document cannot hold",
    ]),
    Case("raw control character", swap("purpose: For approval.", "purpose: For\x07approval."), [
        f"{PAPER}:12: yaml: character U+0007 is not allowed in a YAML file",
    ]),
    Case("not UTF-8", write_bytes(b"kind: cover-sheet\ntitle: Budget \xa3 plan\n"), [
        f"{PAPER}:2: (file): is not UTF-8 text; save it as UTF-8",
    ]),
    Case("empty file", write_bytes(b""), [f"{PAPER}:1: (file): the file is empty"]),
    Case("a list instead of a mapping", write_bytes(b"- kind: cover-sheet\n"), [
        f"{PAPER}:1: (file): expected a mapping of keys such as 'kind: cover-sheet'",
    ]),
    Case("image without alt text", edit_markdown("## Cost\n", "## Cost\n\n![](chart.png)\n"), [
        "minimal/body.md:10: image: image 'chart.png' needs alt text, ![what it shows](chart.png), for readers who cannot see it",
    ]),
    Case("image from the web", edit_markdown("## Cost\n", "## Cost\n\n![A chart](https://example.org/chart.png)\n"), [
        "minimal/body.md:10: image: image 'https://example.org/chart.png' is a web address; save the image in the input tree and name the file",
    ]),
    Case("control character in a markdown file", edit_markdown("## Cost", "## Co\x0bst"), [
        "minimal/body.md:8: (file): contains the control character U+000B, which a Word document cannot hold",
    ]),
    Case("contributors as text", swap("confidential: false", "contributors: Ann Highton\nconfidential: false"), [
        f"{PAPER}:11: contributors: expected a list, got 'Ann Highton'",
    ]),
    Case("sign-off with a bad date", swap("body:", "sign_off:\n  name: Andy Curran\n  role: Medical Director\n  date: 24/11/2020\nbody:"), [
        f"{PAPER}:36: sign_off.date: expected an ISO date (YYYY-MM-DD), got '24/11/2020': write 2020-11-24",
    ]),
]


@pytest.mark.parametrize("case", CASES, ids=[c.name for c in CASES])
def test_bad_input_is_reported_at_its_line_and_nothing_is_written(case, workdir, boardpapers):
    paper = copy_fixture("minimal", workdir)
    case.edit(paper)
    run = boardpapers("paper", paper.relative_to(workdir), "--out", "out")
    folder = os.path.realpath(paper.parent)
    expected = [line.replace("{folder}", folder).replace("{root}", os.path.realpath(workdir)) for line in case.expected]
    assert run.stderr.splitlines() == expected
    assert run.exit_code == 2
    assert "Traceback" not in run.stderr + run.stdout
    assert not (workdir / "out").exists()


def test_there_are_at_least_25_cases():
    assert len(CASES) >= 25


def test_check_reports_every_file_and_exits_2(workdir, boardpapers):
    good = copy_fixture("minimal", workdir)
    bad = workdir / "minimal" / "bad.yaml"
    bad.write_text(good.read_text().replace("author: Andy Curran", "author:"), encoding="utf-8")
    run = boardpapers("check", good.relative_to(workdir), bad.relative_to(workdir))
    assert run.exit_code == 2
    assert run.stdout == "ok: minimal/paper.yaml (cover-sheet)\n"
    assert run.stderr == "minimal/bad.yaml:10: author: must not be empty\n"


def test_failed_build_leaves_the_earlier_output_untouched(workdir, boardpapers):
    paper = copy_fixture("minimal", workdir)
    first = boardpapers("paper", paper, "--out", "out")
    assert first.exit_code == 0, first.stderr
    built = Path(first.stdout.strip())
    before = built.read_bytes()
    swap("author: Andy Curran", "author:")(paper)
    second = boardpapers("paper", paper, "--out", "out")
    assert second.exit_code == 2
    assert built.read_bytes() == before
    assert sorted(p.name for p in (workdir / "out").iterdir()) == [built.name]
