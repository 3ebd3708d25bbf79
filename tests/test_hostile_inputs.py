"""Hostile and invalid inputs of every kind, each with its exact messages.

Each case copies one fixture tree (``fixtures/stroke-paper``, ``library-report``,
``transport-appraisal`` or ``quality-committee``), puts the outputs of its valid
build in ``out/``, breaks one thing and builds again (``boardpapers paper``, or
``boardpapers pack --no-pdf`` for the meeting). It asserts: exit 2, exactly the
expected ``file:line: key: message`` lines on stderr, no traceback, nothing
written, and every earlier output left as it was, byte for byte and file for
file. The valid trees are built once per session and their outputs copied in,
because a pack takes seconds and there are over a hundred cases.

The cases of ``test_invalid_inputs.py`` are not repeated here; the line numbers
in the messages are those of the fixture files.
"""

from __future__ import annotations

import errno
import os
import pathlib
import shutil
from collections import Counter
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path

import pytest
from click.testing import CliRunner

from conftest import FIXTURES
from pipeline.cli import main

P = "stroke-paper/paper.yaml"
R = "library-report/report.yaml"
A = "transport-appraisal/appraisal.yaml"
L = "quality-committee/actions.yaml"
M = "quality-committee/meeting.yaml"
F = "quality-committee/falls-paper.yaml"
KINDS = ("cover-sheet", "committee-report", "options-appraisal", "action-log", "meeting")
Edit = Callable[[Path], None]
"""Breaks the copy of a fixture tree: it is given the folder the fixture was copied to."""


@dataclass
class Case:
    """One broken input, the kind of input it is about, and the messages it must produce."""

    kind: str
    name: str
    built: str
    """The file built, as ``<fixture>/<file>``; its fixture folder is copied."""
    edit: Edit
    expected: list[str]
    """The exact stderr lines; ``{folder}`` is the fixture copy and ``{root}`` the input tree."""
    unreadable: str | None = None
    """A file of the fixture whose reading the case makes fail, as for a file the user may not read."""
    chmod_000: str | None = None
    """A file of the fixture the case makes unreadable with chmod 000 (skipped where that does not stop reading)."""

    @property
    def fixture(self) -> str:
        return self.built.split("/")[0]

    @property
    def command(self) -> list[str]:
        if self.built.endswith("meeting.yaml"):
            return ["pack", self.built, "--out", "out", "--no-pdf"]
        return ["paper", self.built, "--out", "out"]


# --- edits ----------------------------------------------------------------------------

def swap(file: str, old: str, new: str) -> Edit:
    """Return an edit replacing `old` by `new` (once; it must be there) in the fixture's `file`."""
    def edit(folder: Path) -> None:
        path = folder / file
        text = path.read_text(encoding="utf-8")
        assert old in text, f"{old!r} not in {file}"
        path.write_text(text.replace(old, new, 1), encoding="utf-8")
    return edit


def append(file: str, text: str) -> Edit:
    def edit(folder: Path) -> None:
        with open(folder / file, "a", encoding="utf-8") as stream:
            stream.write(text)
    return edit


def write(file: str, data: bytes) -> Edit:
    def edit(folder: Path) -> None:
        (folder / file).write_bytes(data)
    return edit


def remove(file: str) -> Edit:
    def edit(folder: Path) -> None:
        (folder / file).unlink()
    return edit


def make_folder(file: str) -> Edit:
    def edit(folder: Path) -> None:
        path = folder / file
        if path.exists():
            path.unlink()
        path.mkdir()
    return edit


def link(file: str, target: str) -> Edit:
    """Return an edit making `file` a symlink to `target` (relative to the link's folder)."""
    def edit(folder: Path) -> None:
        path = folder / file
        if path.exists() or path.is_symlink():
            path.unlink()
        path.symlink_to(target)
    return edit


def link_outside(file: str, content: str) -> Edit:
    """Return an edit making `file` a symlink to a file beside the input tree, not in it."""
    def edit(folder: Path) -> None:
        outside = folder.parent.parent / f"outside-{Path(file).name}"
        outside.write_text(content, encoding="utf-8")
        (folder / file).symlink_to(outside)
    return edit


def both(*edits: Edit) -> Edit:
    def edit(folder: Path) -> None:
        for one in edits:
            one(folder)
    return edit


def lines(file: str) -> int:
    """Return how many lines the fixture `file` (``<fixture>/<file>``) has."""
    return (FIXTURES / file).read_text(encoding="utf-8").count("\n")


TEN_MB = 10_000_000
STROKE_TITLE = "Hyperacute Stroke Unit Consolidation"
BIG_PAPER_BYTES = (FIXTURES / P).stat().st_size - len(STROKE_TITLE) + TEN_MB
# Billion laughs: nine lists of nine references each, a billion strings if expanded.
BILLION_LAUGHS = "lol0: &lol0 [lol, lol, lol, lol, lol, lol, lol, lol, lol]\n" + "".join(
    f"lol{n}: &lol{n} [{', '.join([f'*lol{n - 1}'] * 9)}]\n" for n in range(1, 9))
DEEP = "[" * 1000 + "]" * 1000


# --- cover-sheet: stroke-paper/paper.yaml -----------------------------------------------

def paper(name: str, edit: Edit, expected: list[str], **more) -> Case:
    return Case("cover-sheet", name, P, edit, expected, **more)


CASES = [
    paper("a second risk on the register without its reference", swap("paper.yaml", "    reference: SR-22\n", ""), [
        f"{P}:34: risks[2]: needs a reference: implications.risks_on_register is yes",
    ]),
    paper("a confidential_reason on a paper that is not confidential",
          swap("paper.yaml", "confidential: false\n", "confidential: false\nconfidential_reason: Commercial terms.\n"), [
        f"{P}:12: confidential_reason: is given but confidential is false; set confidential: true or remove the reason",
    ]),
    paper("risks listed and on the register while associated risks is n/a",
          swap("paper.yaml", "  associated_risks: yes", "  associated_risks: n/a"), [
        f"{P}:30: implications.risks_on_register: is yes but associated_risks is n/a",
        f"{P}:31: risks: risks are listed but implications.associated_risks is n/a; answer yes or remove them",
    ]),
    paper("associated risks yes with an empty list of risks",
          swap("paper.yaml", "risks:\n  - description: Longer journeys for rural patients.\n    reference: SR-21\n"
               "  - description: Recruitment of stroke nurses.\n    reference: SR-22\n", "risks: []\n"), [
        f"{P}:29: implications.associated_risks: is yes, so list at least one risk under risks",
    ]),
    paper("an implication answered Y", swap("paper.yaml", "quality_impact_assessment: yes", "quality_impact_assessment: Y"), [
        f"{P}:25: implications.quality_impact_assessment: expected yes, no or n/a, got 'Y'",
    ]),
    paper("a typo in a risk's key", swap("paper.yaml", "    reference: SR-21", "    refrence: SR-21"), [
        f"{P}:33: risks[1].refrence: unknown key (did you mean 'reference'?)",
    ]),
    paper("a typo in an implication row", swap("paper.yaml", "  privacy_impact_assessment:", "  privacy_impact_asessment:"), [
        f"{P}:24: implications.privacy_impact_assessment: is required but missing: "
        "has a privacy (data protection) impact assessment been completed?",
        f"{P}:27: implications.privacy_impact_asessment: unknown key (did you mean 'privacy_impact_assessment'?)",
    ]),
    paper("a meeting date written 2/12/2020", swap("paper.yaml", "  date: 2021-06-02", "  date: 2/12/2020"), [
        f"{P}:6: meeting.date: expected an ISO date (YYYY-MM-DD), got '2/12/2020': write 2020-12-02",
    ]),
    paper("a meeting date written 02.12.2020", swap("paper.yaml", "  date: 2021-06-02", "  date: 02.12.2020"), [
        f"{P}:6: meeting.date: expected an ISO date (YYYY-MM-DD), got '02.12.2020': write 2020-12-02",
    ]),
    paper("a meeting date with month 13", swap("paper.yaml", "  date: 2021-06-02", "  date: 2020-13-01"), [
        f"{P}:6: meeting.date: '2020-13-01' is not a real date",
    ]),
    paper("a meeting date that is only a month in words", swap("paper.yaml", "  date: 2021-06-02", "  date: December 2020"), [
        f"{P}:6: meeting.date: expected an ISO date (YYYY-MM-DD) such as 2020-12-02, got 'December 2020'",
    ]),
    paper("a meeting date without leading zeros", swap("paper.yaml", "  date: 2021-06-02", "  date: 2021-6-2"), [
        f"{P}:6: meeting.date: expected an ISO date (YYYY-MM-DD), got '2021-6-2': write 2021-06-02",
    ]),
    paper("a governance month in words suggests the ISO month", swap("paper.yaml", "    date: 2021-05", "    date: December 2020"), [
        f"{P}:21: governance[1].date: expected a date (YYYY-MM-DD), a month (YYYY-MM) or 'ongoing', got 'December 2020': write 2020-12",
    ]),
    paper("a sign-off date with a time", swap("paper.yaml", "  date: 2021-05-20", "  date: 2021-05-20T10:00:00"), [
        f"{P}:41: sign_off.date: expected an ISO date (YYYY-MM-DD) such as 2020-12-02, got '2021-05-20T10:00:00'",
    ]),
    paper("governance as one line of text", swap("paper.yaml", "governance:\n  - forum: Stroke Network Board\n    date: 2021-05\n    outcome: Recommended.\n",
                                                 "governance: Stroke Network Board, May 2021\n"), [
        f"{P}:19: governance: expected a list, got 'Stroke Network Board, May 2021'",
    ]),
    paper("a governance entry that is text, not forum, date and outcome",
          swap("paper.yaml", "  - forum: Stroke Network Board\n    date: 2021-05\n    outcome: Recommended.\n", "  - Stroke Network Board\n"), [
        f"{P}:20: governance[1]: expected a mapping of keys, got 'Stroke Network Board': write the entry as its fields (forum, date, outcome), e.g. - forum: ...",
    ]),
    paper("a contributor given as a mapping", swap("paper.yaml", "contributors: [Dev Patel]", "contributors: [{name: Dev Patel}]"), [
        f"{P}:10: contributors[1]: expected text, got a mapping of keys",
    ]),
    paper("a sign-off without a role", swap("paper.yaml", "  role: Clinical Director\n", ""), [
        f"{P}:38: sign_off.role: is required but missing: their role.",
    ]),
    paper("a title longer than document properties can hold", swap("paper.yaml", STROKE_TITLE, "Stroke " * 40), [
        f"{P}:3: title: expected at most 200 characters, got 279 characters",
    ]),
    paper("an author longer than document properties can hold", swap("paper.yaml", "author: Helen Okafor", "author: " + "H" * 300), [
        f"{P}:9: author: expected at most 200 characters, got 300 characters",
    ]),
    paper("a 10 MB title is refused when the file is read", swap("paper.yaml", STROKE_TITLE, "A" * TEN_MB), [
        f"{P}:1: (file): is {BIG_PAPER_BYTES:,} bytes; input files are limited to 1,000,000",
    ]),
    paper("a 10 MB Markdown body is refused when it is read", write("case.md", b"word " * (TEN_MB // 5)), [
        f"stroke-paper/case.md:1: (file): is {TEN_MB:,} bytes; input files are limited to 1,000,000",
    ]),
    paper("a billion laughs alias bomb", append("paper.yaml", BILLION_LAUGHS), [
        f"{P}:{lines(P) + 2}: yaml: YAML aliases (*name) are not allowed; write the value out in full",
    ]),
    paper("nesting a thousand lists deep", swap("paper.yaml", "contributors: [Dev Patel]", f"contributors: {DEEP}"), [
        f"{P}:10: yaml: nested more than 50 levels deep; inputs need only a few",
    ]),
    paper("a YAML tag that would build an object", swap("paper.yaml", f"title: {STROKE_TITLE}", "title: !!python/object/apply:os.system [id]"), [
        f"{P}:3: yaml: YAML tags (!!python/object/apply:os.system) are not allowed; write plain text, lists and keys",
    ]),
    paper("a YAML tag that would include a file", swap("paper.yaml", "purpose: For decision.", "purpose: !include purpose.md"), [
        f"{P}:12: yaml: YAML tags (!include) are not allowed; write plain text, lists and keys",
    ]),
    paper("two YAML documents in one file", append("paper.yaml", "---\nkind: cover-sheet\n"), [
        f"{P}:{lines(P) + 1}: yaml: not valid YAML: a second document starts here (after ---); an input file holds one",
    ]),
    paper("an unquoted {{ }} title", swap("paper.yaml", f"title: {STROKE_TITLE}", "title: {{ title }}"), [
        f"{P}:3: title: expected a plain key, got a mapping (put text that starts with {{ or [ in quotes)",
    ]),
    paper("an escape sequence in a title", swap("paper.yaml", f"title: {STROKE_TITLE}", 'title: "\\e[31mStroke\\e[0m"'), [
        f"{P}:3: title: contains the control character U+001B, which a Word document cannot hold",
    ]),
    paper("a lone surrogate in a title", swap("paper.yaml", f"title: {STROKE_TITLE}", 'title: "Stroke \\ud800"'), [
        f"{P}:3: title: contains the control character U+D800, which a Word document cannot hold",
    ]),
    paper("a C1 control character in a risk", swap("paper.yaml", "Recruitment of stroke nurses.", '"Recruitment\\x9bof stroke nurses."'), [
        f"{P}:34: risks[2].description: contains the control character U+009B, which a Word document cannot hold",
    ]),
    paper("a control character in a key", swap("paper.yaml", "purpose: For decision.", '"pur\\x00pose": For decision.'), [
        f"{P}:12: (file): the key 'pur\\x00pose' contains the control character U+0000",
    ]),
    paper("a body file reached through ../../etc/passwd", swap("paper.yaml", "markdown_file: case.md", "markdown_file: ../../etc/passwd"), [
        f"{P}:37: body[1].markdown_file: '../../etc/passwd' leads outside the input tree {{root}}",
    ]),
    paper("an appendix at the absolute path /etc/passwd", swap("paper.yaml", "file: travel.md", "file: /etc/passwd"), [
        f"{P}:44: appendices[1].file: '/etc/passwd' is an absolute path; give a path relative to this file",
    ]),
    paper("an appendix at a Windows drive path", swap("paper.yaml", "file: travel.md", "file: 'C:\\Users\\helen\\travel.md'"), [
        f"{P}:44: appendices[1].file: 'C:\\Users\\helen\\travel.md' is an absolute path; give a path relative to this file",
    ]),
    paper("an appendix that is a symlink out of the input tree",
          both(link_outside("leak.md", "# Not for this paper\n"), swap("paper.yaml", "file: travel.md", "file: leak.md")), [
        f"{P}:44: appendices[1].file: 'leak.md' leads outside the input tree {{root}}",
    ]),
    paper("a body file that is a symlink to itself", link("case.md", "case.md"), [
        f"{P}:37: body[1].markdown_file: 'case.md' is a symlink that leads back to itself; name the file itself",
    ]),
    paper("a body file that is a folder", make_folder("case.md"), [
        f"{P}:37: body[1].markdown_file: 'case.md' is not a file",
    ]),
    paper("a body file that is a named pipe", both(remove("case.md"), lambda folder: os.mkfifo(folder / "case.md")), [
        f"{P}:37: body[1].markdown_file: 'case.md' is not a file",
    ]),
    paper("an appendix file that is missing", remove("travel.md"), [
        f"{P}:44: appendices[1].file: no such file: 'travel.md' (looked in {{folder}})",
    ]),
    paper("an appendix that is a spreadsheet", swap("paper.yaml", "file: travel.md", "file: travel.xlsx"), [
        f"{P}:44: appendices[1].file: 'travel.xlsx' should be a docx, md or pdf file",
    ]),
    paper("a body file that cannot be read (chmod 000)", lambda folder: None, [
        "stroke-paper/case.md:1: (file): cannot be read: Permission denied",
    ], chmod_000="case.md"),
    paper("a body file whose read fails", lambda folder: None, [
        "stroke-paper/case.md:1: (file): cannot be read: Permission denied",
    ], unreadable="case.md"),
    paper("the paper file itself is missing", remove("paper.yaml"), [
        f"{P}:1: (file): no such file",
    ]),
    paper("the paper file itself cannot be read", lambda folder: None, [
        f"{P}:1: (file): cannot be read: Permission denied",
    ], unreadable="paper.yaml"),
    paper("the paper file is a folder", make_folder("paper.yaml"), [
        f"{P}:1: (file): is a folder, expected a file",
    ]),
    paper("the paper file is a symlink loop", link("paper.yaml", "paper.yaml"), [
        f"{P}:1: (file): is a symlink that leads back to itself; name the file itself",
    ]),
    paper("the paper file is UTF-16", lambda folder: (folder / "paper.yaml").write_text(
        (folder / "paper.yaml").read_text(encoding="utf-8"), encoding="utf-16"), [
        f"{P}:1: (file): is not UTF-8 text; save it as UTF-8",
    ]),
    paper("a NUL byte in the YAML", swap("paper.yaml", "For decision.", "For\x00decision."), [
        f"{P}:12: yaml: character U+0000 is not allowed in a YAML file",
    ]),
    paper("an unclosed quote", swap("paper.yaml", "purpose: For decision.", 'purpose: "For decision.'), [
        f"{P}:{lines(P) + 1}: yaml: not valid YAML: the quote opened on line 12 is never closed; close it, or leave the quotes out",
    ]),
]


# --- committee-report: library-report/report.yaml ------------------------------------

def report(name: str, old: str, new: str, expected: list[str]) -> Case:
    return Case("committee-report", name, R, swap("report.yaml", old, new), expected)


PART_TWO = "confidential: true\nexempt_paragraph: "
CASES += [
    report("Schedule 12A paragraph 0", "confidential: false", PART_TWO + "0", [
        f"{R}:13: exempt_paragraph: expected the paragraph of Schedule 12A that applies, 1 to 7, got '0'",
    ]),
    report("Schedule 12A paragraph 8", "confidential: false", PART_TWO + "8", [
        f"{R}:13: exempt_paragraph: expected the paragraph of Schedule 12A that applies, 1 to 7, got '8'",
    ]),
    report("Schedule 12A paragraph 3a", "confidential: false", PART_TWO + "3a", [
        f"{R}:13: exempt_paragraph: expected the paragraph of Schedule 12A that applies, 1 to 7, got '3a'",
    ]),
    report("two Schedule 12A paragraphs", "confidential: false", PART_TWO + "[3, 4]", [
        f"{R}:13: exempt_paragraph: expected the paragraph of Schedule 12A that applies, 1 to 7, got a list",
    ]),
    report("a Part II report whose paragraph is left empty", "confidential: false", PART_TWO, [
        f"{R}:12: confidential: is true, so exempt_paragraph must give the paragraph of Schedule 12A (1-7) that applies",
    ]),
    report("confidential answered in words", "confidential: false", "confidential: yes please", [
        f"{R}:12: confidential: expected true or false, got 'yes please'",
    ]),
    report("a meeting date in words", "meeting_date: 2024-02-08", "meeting_date: 8 February 2024", [
        f"{R}:4: meeting_date: expected an ISO date (YYYY-MM-DD), got '8 February 2024': write 2024-02-08",
    ]),
    report("a background paper dated 1/12/2023", "    date: 2023-12-01", "    date: 1/12/2023", [
        f"{R}:29: background_papers[1].date: expected a date (YYYY-MM-DD), a month (YYYY-MM) or 'ongoing', got '1/12/2023': write 2023-12-01",
    ]),
    report("an implication under a blank heading", "  Financial: The change", '  "  ": The change', [
        f"{R}:26: implications.  : a heading must not be empty",
    ]),
    report("implications as a list", "  Financial: The change is cost neutral.", "  - The change is cost neutral.", [
        f"{R}:25: implications: expected a mapping of keys, got a list",
    ]),
    report("a typo in consultations", "consultations:", "consultation:", [
        f"{R}:21: consultation: unknown key (did you mean 'consultations'?)",
    ]),
    report("contact as a name only", "contact:\n  name: Alex Moreno\n  tel: \"01772 531234\"\n  email: alex.moreno@example.gov.uk\n",
           "contact: Alex Moreno\n", [
        f"{R}:8: contact: expected a mapping of keys, got 'Alex Moreno': write its fields (name, tel, role, email) on the lines under contact, indented, e.g. name: ...",
    ]),
    report("an appendix that is a spreadsheet", "  - title: Hours by library", "  - title: Hours by library\n    file: hours.xlsx", [
        f"{R}:33: appendices[1].file: 'hours.xlsx' should be a docx, md or pdf file",
    ]),
    report("an appraisal part at an absolute path", "detail: |\n  ## Proposal\n\n  Evening hours move to Saturday mornings, when visits peak.\n",
           "detail:\n  - options_appraisal: /etc/appraisal.yaml\n", [
        f"{R}:18: detail[1].options_appraisal: '/etc/appraisal.yaml' is an absolute path; give a path relative to this file",
    ]),
    report("a committee name too long for the document properties", "committee: Cabinet", "committee: " + "Cabinet " * 30, [
        f"{R}:3: committee: expected at most 200 characters, got 239 characters",
    ]),
    report("the kind given as a list", "kind: committee-report", "kind: [committee-report]", [
        f"{R}:2: kind: expected one of: action-log, committee-report, cover-sheet, meeting, minutes, options-appraisal; got a list",
    ]),
]


# --- options-appraisal: transport-appraisal/appraisal.yaml -----------------------------

def appraisal(name: str, old: str, new: str, expected: list[str]) -> Case:
    return Case("options-appraisal", name, A, swap("appraisal.yaml", old, new), expected)


ONE_VALUE = "{option: 1, principle: value, rating: FAIR/GOOD, with: [{options: [2], rating: GOOD}]}"
THREE_VALUE = "{option: 3, principle: value, rating: FAIR, with: [{options: [2], rating: GOOD}]}"
CASES += [
    appraisal("a combination with an option that is not defined", ONE_VALUE, ONE_VALUE.replace("[2]", "[9]"), [
        f"{A}:36: assessments[2].with[1].options: names option 9, which is not defined",
    ]),
    appraisal("a combination naming the option itself among others", THREE_VALUE, THREE_VALUE.replace("[2]", "[2, 3]"), [
        f"{A}:40: assessments[6].with[1].options: names option 3 itself; a combination is with other options",
    ]),
    appraisal("a combination with an option not in combines_with", THREE_VALUE, THREE_VALUE.replace("[2]", "[1]"), [
        f"{A}:40: assessments[6].with[1].options: option 1 is not in option 3's combines_with (2)",
    ]),
    appraisal("a combination for an option that combines with none",
              "{option: 4, principle: reach, rating: POOR}", "{option: 4, principle: reach, rating: POOR, with: [{options: [1], rating: FAIR}]}", [
        f"{A}:41: assessments[7].with[1].options: option 1 is not in option 4's combines_with (none)",
    ]),
    appraisal("a combination rating written high to low", ONE_VALUE, ONE_VALUE.replace("rating: GOOD}", "rating: STRONG/GOOD}"), [
        f"{A}:36: assessments[2].with[1].rating: range 'STRONG/GOOD' must be written low to high: GOOD/STRONG",
    ]),
    appraisal("a range naming one rating twice", "rating: FAIR/GOOD,", "rating: FAIR/FAIR,", [
        f"{A}:36: assessments[2].rating: range 'FAIR/FAIR' names FAIR more than once; a range runs from one rating to a higher one",
    ]),
    appraisal("a three-step range out of order", "rating: FAIR/GOOD,", "rating: POOR/STRONG/GOOD,", [
        f"{A}:36: assessments[2].rating: range 'POOR/STRONG/GOOD' must be written low to high: POOR/GOOD/STRONG",
    ]),
    appraisal("a rating in lower case is off the scale", "rating: FAIR/GOOD,", "rating: fair,", [
        f"{A}:36: assessments[2].rating: 'fair' is not on the scale; expected one of: POOR, FAIR, GOOD, STRONG or a range such as POOR/FAIR",
    ]),
    appraisal("a rating from another scale", "{option: 4, principle: reach, rating: POOR}", "{option: 4, principle: reach, rating: LOW}", [
        f"{A}:41: assessments[7].rating: 'LOW' is not on the scale; expected one of: POOR, FAIR, GOOD, STRONG or a range such as POOR/FAIR",
    ]),
    appraisal("an option with no assessments at all",
              "  - {option: 4, principle: reach, rating: POOR}\n  - {option: 4, principle: value, rating: POOR/FAIR}\n", "", [
        f"{A}:34: assessments: option 4 x principle 'reach' is not assessed",
        f"{A}:34: assessments: option 4 x principle 'value' is not assessed",
    ]),
    appraisal("a pair assessed twice with different ratings", "  - {option: 4, principle: reach, rating: POOR}\n",
              "  - {option: 4, principle: reach, rating: POOR}\n  - {option: 4, principle: reach, rating: FAIR}\n", [
        f"{A}:42: assessments[8]: option 4 x principle 'reach' is assessed twice (also on line 41)",
    ]),
    appraisal("a preferred option that does not exist", "  options: [3, 2]", "  options: [3, 5]", [
        f"{A}:45: preferred.options: names option 5, which is not defined",
    ]),
    appraisal("no preferred option listed", "  options: [3, 2]", "  options: []", [
        f"{A}:45: preferred.options: must list at least one item",
    ]),
    appraisal("an option combining with itself", "    combines_with: [1, 3]", "    combines_with: [1, 2, 3]", [
        f"{A}:26: options[2].combines_with: option 2 cannot combine with itself",
    ]),
    appraisal("an option combining with one that does not exist", "    combines_with: [2]\n  - id: 4", "    combines_with: [2, 6]\n  - id: 4", [
        f"{A}:30: options[3].combines_with: names option 6, which is not defined",
    ]),
    appraisal("a principle defined twice", "  - id: value\n", "  - id: reach\n", [
        f"{A}:16: principles[2].id: principle 'reach' is defined twice (first on line 14)",
        f"{A}:36: assessments[2].principle: principle 'value' is not defined; expected one of: reach",
        f"{A}:38: assessments[4].principle: principle 'value' is not defined; expected one of: reach",
        f"{A}:40: assessments[6].principle: principle 'value' is not defined; expected one of: reach",
        f"{A}:42: assessments[8].principle: principle 'value' is not defined; expected one of: reach",
    ]),
    appraisal("a scale naming a rating twice", "  - rating: STRONG\n", "  - rating: GOOD\n", [
        f"{A}:11: scale[4].rating: 'GOOD' is on the scale twice",
        f"{A}:38: assessments[4].rating: 'STRONG' is not on the scale; expected one of: POOR, FAIR, GOOD or a range such as POOR/FAIR",
        f"{A}:39: assessments[5].rating: 'STRONG' is not on the scale; expected one of: POOR, FAIR, GOOD or a range such as POOR/FAIR",
    ]),
    appraisal("a scale of one step", "  - rating: FAIR\n    meaning: Partly meets it\n  - rating: GOOD\n    meaning: Mostly meets it\n"
              "  - rating: STRONG\n    meaning: Fully meets it\n", "", [
        f"{A}:4: scale: must list at least 2 items",
    ]),
    appraisal("an option numbered 0", "  - id: 4\n", "  - id: 0\n", [
        f"{A}:31: options[4].id: expected a whole number from 1, got '0'",
    ]),
    appraisal("a principle id in the wrong case", "{option: 2, principle: reach, rating: FAIR}", "{option: 2, principle: Reach, rating: FAIR}", [
        f"{A}:34: assessments: option 2 x principle 'reach' is not assessed",
        f"{A}:37: assessments[3].principle: principle 'Reach' is not defined; expected one of: reach, value",
    ]),
    appraisal("a typo in combines_with", "    combines_with: [2]\n  - id: 2", "    combine_with: [2]\n  - id: 2", [
        f"{A}:22: options[1].combine_with: unknown key (did you mean 'combines_with'?)",
    ]),
    appraisal("an assessment without a rating", "{option: 2, principle: reach, rating: FAIR}", "{option: 2, principle: reach}", [
        f"{A}:37: assessments[3].rating: is required but missing: a scale value, or a range written low to high such as LOW/MEDIUM.",
    ]),
    appraisal("a combination naming no options", ONE_VALUE, ONE_VALUE.replace("[2]", "[]"), [
        f"{A}:36: assessments[2].with[1].options: must list at least one item",
    ]),
]


# --- action-log: quality-committee/actions.yaml --------------------------------------

def log(name: str, old: str, new: str, expected: list[str]) -> Case:
    return Case("action-log", name, L, swap("actions.yaml", old, new), expected)


CASES += [
    log("an action code used twice", "  - code: QC-2202", "  - code: QC-2201", [
        f"{L}:12: actions[2].code: 'QC-2201' is used twice (first on line 6)",
    ]),
    log("a due date written 02.12.2020", "    due: 2022-04", "    due: 02.12.2020", [
        f"{L}:10: actions[1].due: expected a date (YYYY-MM-DD), a month (YYYY-MM) or 'ongoing', got '02.12.2020': write 2020-12-02",
    ]),
    log("a due date with month 13", "    due: 2022-04", "    due: 2020-13-01", [
        f"{L}:10: actions[1].due: '2020-13-01' is not a real date",
    ]),
    log("a due month abbreviated", "    due: 2022-04", "    due: Dec 2020", [
        f"{L}:10: actions[1].due: expected a date (YYYY-MM-DD), a month (YYYY-MM) or 'ongoing', got 'Dec 2020': write 2020-12",
    ]),
    log("a due date that is no date", "    due: 2022-04", "    due: asap", [
        f"{L}:10: actions[1].due: expected a date (YYYY-MM-DD), a month (YYYY-MM) or 'ongoing', got 'asap'",
    ]),
    log("a status that is not one of the five", "    status: open", "    status: done", [
        f"{L}:15: actions[2].status: expected one of: open, in-progress, complete, deferred, closed; got 'done'",
    ]),
    log("a status written with a space", "    status: in-progress", "    status: In Progress", [
        f"{L}:9: actions[1].status: expected one of: open, in-progress, complete, deferred, closed; got 'In Progress' (did you mean 'in-progress'?)",
    ]),
    log("an action without a lead", "    lead: Priya Natarajan\n", "", [
        f"{L}:12: actions[2].lead: is required but missing: who is responsible.",
    ]),
    log("a blank action code", "  - code: QC-2202", "  - code: ''", [
        f"{L}:12: actions[2].code: must not be empty",
    ]),
    log("actions as one line of text", "actions:\n  - code: QC-2201", "actions: QC-2201\nold_actions:\n  - code: QC-2201", [
        f"{L}:5: actions: expected a list, got 'QC-2201'",
        f"{L}:6: old_actions: unknown key (did you mean 'actions'?)",
    ]),
    log("a typo in update", "    update: The audit tool is agreed.", "    updates: The audit tool is agreed.", [
        f"{L}:11: actions[1].updates: unknown key (did you mean 'update'?)",
    ]),
    log("a backspace in an update", "    update: The audit tool is agreed.", '    update: "The audit tool\\b is agreed."', [
        f"{L}:11: actions[1].update: contains the control character U+0008, which a Word document cannot hold",
    ]),
]


# --- meeting: quality-committee/meeting.yaml --------------------------------------------

def meeting(name: str, edit: Edit, expected: list[str], kind: str = "meeting") -> Case:
    return Case(kind, name, M, edit, expected)


def in_meeting(old: str, new: str) -> Edit:
    return swap("meeting.yaml", old, new)


def an_appraisal(folder: Path) -> None:
    shutil.copy(FIXTURES / A, folder / "appraisal.yaml")
    in_meeting("paper: falls-paper.yaml", "paper: appraisal.yaml")(folder)


CASES += [
    meeting("a paper whose committee is not the meeting's", swap("falls-paper.yaml", "  committee: Quality Committee", "  committee: Quality and Safety Committee"), [
        f"{F}:5: meeting.committee: is 'Quality and Safety Committee' but {M}:4 is a meeting of the 'Quality Committee'",
    ]),
    meeting("a paper whose meeting date is not the meeting's", swap("falls-paper.yaml", "  date: 2022-03-09", "  date: 2022-03-10"), [
        f"{F}:6: meeting.date: is 2022-03-10 but {M}:6 meets on 2022-03-09",
    ]),
    meeting("a paper whose agenda item is not its place on the agenda", swap("falls-paper.yaml", "agenda_item: 4", "agenda_item: 5"), [
        f"{F}:7: agenda_item: is 5 but {M}:28 makes this paper item 4",
    ]),
    meeting("a paper file that is missing", remove("falls-paper.yaml"), [
        f"{M}:28: sections[2].items[1].paper: no such file: 'falls-paper.yaml' (looked in {{folder}})",
    ]),
    meeting("an attachment that is missing", remove("interests.md"), [
        f"{M}:20: sections[1].items[2].attachments[1]: no such file: 'interests.md' (looked in {{folder}})",
    ]),
    meeting("an item with a paper and a format", in_meeting("        paper: falls-paper.yaml", "        paper: falls-paper.yaml\n        format: verbal"), [
        f"{M}:29: sections[2].items[1].format: is derived: item 4 carries documents, so the agenda shows it as Attached; remove format",
    ]),
    meeting("an item with an action log and a format", in_meeting("        action_log: actions.yaml", "        action_log: actions.yaml\n        format: to-follow"), [
        f"{M}:25: sections[1].items[3].format: is derived: item 3 carries documents, so the agenda shows it as Attached; remove format "
        "(an item that was to follow keeps format: to-follow and says which supplement: N published its documents)",
    ]),
    meeting("an item with neither documents nor a format", in_meeting("        format: verbal\n", ""), [
        f"{M}:13: sections[1].items[1]: item 1 needs a paper, attachments, minutes or an action_log, or a format (verbal, presentation, to-follow)",
    ]),
    meeting("an item without a paper or a title", in_meeting("      - title: Apologies for Absence\n        owner", "      - owner"), [
        f"{M}:13: sections[1].items[1]: item 1 needs a title: it has no paper to take it from",
    ]),
    meeting("an action misspelt", in_meeting("action: assure", "action: aprove"), [
        f"{M}:27: sections[2].items[1].action: expected one of: note, approve, discuss, endorse, decide, assure, receive; got 'aprove' (did you mean 'approve'?)",
    ]),
    meeting("a format that is not one of the three", in_meeting("format: presentation", "format: in-person"), [
        f"{M}:32: sections[2].items[2].format: expected one of: verbal, presentation, to-follow; got 'in-person'",
    ]),
    meeting("the same paper at two items", in_meeting("        format: presentation", "        paper: falls-paper.yaml"), [
        f"{M}:32: sections[2].items[2].paper: is already item 4; a paper goes to one item",
    ]),
    meeting("a broken paper named twice is reported once",
            both(swap("falls-paper.yaml", "  date: 2022-03-09", "  date: 2022-3-9"), in_meeting("        format: presentation", "        paper: falls-paper.yaml")), [
        f"{F}:6: meeting.date: expected an ISO date (YYYY-MM-DD), got '2022-3-9': write 2022-03-09",
        f"{M}:32: sections[2].items[2].paper: is already item 4; a paper goes to one item",
    ]),
    meeting("an item marked confidential that has a paper", in_meeting("        paper: falls-paper.yaml", "        paper: falls-paper.yaml\n        confidential: true"), [
        f"{M}:29: sections[2].items[1].confidential: a paper says itself whether it is confidential; set it in the paper",
    ]),
    meeting("a confidential item without a reason", in_meeting("        attachments: [interests.md]", "        attachments: [interests.md]\n        confidential: true"), [
        f"{M}:21: sections[1].items[2].confidential: is true, so confidential_reason must say why the item is not for publication",
    ]),
    meeting("a confidential item before a public one where Part II comes last",
            both(in_meeting("style: lsc-ics", "style: lancashire-cc"),
                in_meeting("        attachments: [interests.md]", "        attachments: [interests.md]\n        confidential: true\n"
                           "        confidential_reason: Names members' private interests")), [
        f"{M}:17: sections[1].items[2]: item 2 is not for publication, so it belongs in Part II after every public item; move it to the end",
    ]),
    meeting("a paper that is the meeting's action log", in_meeting("paper: falls-paper.yaml", "paper: actions.yaml"), [
        f"{M}:28: sections[2].items[1].paper: expected a cover-sheet or a committee-report file, got kind action-log",
    ]),
    meeting("a paper that is an options appraisal", an_appraisal, [
        f"{M}:28: sections[2].items[1].paper: expected a cover-sheet or a committee-report file, got kind options-appraisal",
    ]),
    meeting("an action log that is a paper", in_meeting("action_log: actions.yaml", "action_log: falls-paper.yaml"), [
        f"{M}:24: sections[1].items[3].action_log: expected an action-log file, got kind cover-sheet",
    ]),
    meeting("a meeting naming itself as a paper", in_meeting("paper: falls-paper.yaml", "paper: meeting.yaml"), [
        f"{M}:28: sections[2].items[1].paper: builds in a file that builds this one in",
    ]),
    meeting("a start time of 2pm", in_meeting('start: "14:00"\nend', "start: 2pm\nend"), [
        f'{M}:7: start: expected a time such as "10:00" (24-hour HH:MM), got \'2pm\'',
    ]),
    meeting("an end time of 25:00", in_meeting('end: "16:00"', 'end: "25:00"'), [
        f'{M}:8: end: expected a time such as "10:00" (24-hour HH:MM), got \'25:00\'',
    ]),
    meeting("a meeting date written 02.12.2020", in_meeting("date: 2022-03-09", "date: 02.12.2020"), [
        f"{M}:6: date: expected an ISO date (YYYY-MM-DD), got '02.12.2020': write 2020-12-02",
    ]),
    meeting("a next meeting written 13/4/2022", in_meeting("  date: 2022-04-13", "  date: 13/4/2022"), [
        f"{M}:34: next_meeting.date: expected an ISO date (YYYY-MM-DD), got '13/4/2022': write 2022-04-13",
    ]),
    meeting("a section with no items",
            in_meeting("  - title: Assurance\n    items:\n", "  - title: Assurance\n    items: []\n  - title: More Assurance\n    items:\n"), [
        f"{M}:26: sections[2].items: must list at least one item",
    ]),
    meeting("an attachment reached through ../../etc/passwd", in_meeting("attachments: [interests.md]", "attachments: [../../etc/passwd]"), [
        f"{M}:20: sections[1].items[2].attachments[1]: '../../etc/passwd' leads outside the input tree {{root}}",
    ]),
    meeting("an attachment at /etc/passwd", in_meeting("attachments: [interests.md]", "attachments: [/etc/passwd]"), [
        f"{M}:20: sections[1].items[2].attachments[1]: '/etc/passwd' is an absolute path; give a path relative to this file",
    ]),
    meeting("an attachment that is a symlink out of the input tree",
            both(link_outside("secret.md", "# Salaries\n"), in_meeting("attachments: [interests.md]", "attachments: [secret.md]")), [
        f"{M}:20: sections[1].items[2].attachments[1]: 'secret.md' leads outside the input tree {{root}}",
    ]),
    meeting("a paper that is a symlink out of the input tree",
            both(lambda folder: link_outside("theirs.yaml", (folder / "falls-paper.yaml").read_text(encoding="utf-8"))(folder),
                 in_meeting("paper: falls-paper.yaml", "paper: theirs.yaml")), [
        f"{M}:28: sections[2].items[1].paper: 'theirs.yaml' leads outside the input tree {{root}}",
    ]),
    meeting("a paper that is a symlink loop", link("falls-paper.yaml", "falls-paper.yaml"), [
        f"{M}:28: sections[2].items[1].paper: 'falls-paper.yaml' is a symlink that leads back to itself; name the file itself",
    ]),
    meeting("an attachment that is a program", in_meeting("attachments: [interests.md]", "attachments: [interests.exe]"), [
        f"{M}:20: sections[1].items[2].attachments[1]: 'interests.exe' should be a docx, md or pdf file",
    ]),
    meeting("a typo in attachments", in_meeting("attachments: [interests.md]", "atachments: [interests.md]"), [
        f"{M}:20: sections[1].items[2].atachments: unknown key (did you mean 'attachments'?)",
    ]),
    meeting("a YAML syntax error in a paper is reported in the paper", swap("falls-paper.yaml", "title: Inpatient Falls Review", "title: [Inpatient"), [
        f"{F}:4: yaml: not valid YAML: expected ',' or ']', but got ':' (while parsing a flow sequence that starts on line 3)",
    ]),
    meeting("a paper's risk rules are checked in a pack", swap("falls-paper.yaml", "  associated_risks: yes", "  associated_risks: no"), [
        f"{F}:22: implications.risks_on_register: is yes but associated_risks is no",
        f"{F}:23: risks: risks are listed but implications.associated_risks is no; answer yes or remove them",
    ]),
    meeting("a billion laughs alias bomb in the meeting", append("meeting.yaml", BILLION_LAUGHS), [
        f"{M}:{lines(M) + 2}: yaml: YAML aliases (*name) are not allowed; write the value out in full",
    ]),
    meeting("a 10 MB Markdown attachment", write("interests.md", b"# Interests\n" + b"x" * TEN_MB), [
        f"quality-committee/interests.md:1: (file): is {TEN_MB + 12:,} bytes; input files are limited to 1,000,000",
    ]),
    meeting("a list as a key", in_meeting("venue: Board Room, County Hall\n", "venue: Board Room, County Hall\n? [room, floor]\n: 2\n"), [
        f"{M}:10: (file): expected a plain key, got a list (put text that starts with {{ or [ in quotes)",
    ]),
    meeting("the meeting file is missing", remove("meeting.yaml"), [
        f"{M}:1: (file): no such file",
    ]),
    meeting("the meeting file is a named pipe", both(remove("meeting.yaml"), lambda folder: os.mkfifo(folder / "meeting.yaml")), [
        f"{M}:1: (file): is not a regular file (a pipe or a device?); expected a file",
    ]),
    meeting("a Markdown attachment holding a form feed", swap("interests.md", "No member", "No\x0cmember"), [
        "quality-committee/interests.md:3: (file): contains the control character U+000C, which a Word document cannot hold",
    ]),
    meeting("action codes used twice in the meeting's log", swap("actions.yaml", "  - code: QC-2202", "  - code: QC-2201"), [
        f"{L}:12: actions[2].code: 'QC-2201' is used twice (first on line 6)",
    ], kind="action-log"),
    meeting("an action log of another committee", swap("actions.yaml", "committee: Quality Committee", "committee: Finance Committee"), [
        f"{L}:3: committee: is 'Finance Committee' but {M}:4 is a meeting of the 'Quality Committee'",
    ], kind="action-log"),
]


# --- running a case -------------------------------------------------------------------

def tree(folder: Path) -> dict[str, tuple[bytes, int, int]]:
    """Return every file under `folder` (hidden ones too) as relative path -> (bytes, inode, mtime)."""
    found = {}
    for path in sorted(folder.rglob("*")):
        if path.is_file():
            stat = path.stat()
            found[str(path.relative_to(folder))] = (path.read_bytes(), stat.st_ino, stat.st_mtime_ns)
    return found


@pytest.fixture(scope="session")
def earlier_outputs(tmp_path_factory) -> Callable[[Case], Path]:
    """Return a function giving the folder of the outputs of a case's valid build, built once per session."""
    built: dict[tuple[str, ...], Path] = {}

    def outputs(case: Case) -> Path:
        key = tuple(case.command)
        if key not in built:
            work = tmp_path_factory.mktemp("valid")
            shutil.copytree(FIXTURES / case.fixture, work / case.fixture)
            here = os.getcwd()
            os.chdir(work)
            try:
                run = CliRunner().invoke(main, case.command, catch_exceptions=False)
            finally:
                os.chdir(here)
            assert run.exit_code == 0, run.stderr
            built[key] = work / "out"
        return built[key]

    return outputs


def fail_reading(monkeypatch, path: Path) -> None:
    """Make reading `path` fail as a file the user may not read does, whoever runs the tests."""
    real = pathlib.Path.read_bytes
    target = os.path.realpath(path)

    def read_bytes(self: Path) -> bytes:
        if os.path.realpath(self) == target:
            raise PermissionError(errno.EACCES, os.strerror(errno.EACCES), str(self))
        return real(self)

    monkeypatch.setattr(pathlib.Path, "read_bytes", read_bytes)


def test_the_corpus_covers_every_kind_with_at_least_60_cases():
    per_kind = Counter(case.kind for case in CASES)
    assert sorted(per_kind) == sorted(KINDS)
    assert len(CASES) >= 60
    assert len({(case.kind, case.name) for case in CASES}) == len(CASES), "case names are unique"


@pytest.mark.parametrize("case", CASES, ids=[f"{c.kind}: {c.name}" for c in CASES])
def test_hostile_input_is_refused_at_its_line_and_earlier_outputs_are_untouched(case, workdir, boardpapers, earlier_outputs, monkeypatch):
    folder = workdir / case.fixture
    shutil.copytree(FIXTURES / case.fixture, folder)
    shutil.copytree(earlier_outputs(case), workdir / "out")
    before = tree(workdir / "out")
    assert any(name.endswith(".docx") for name in before)
    case.edit(folder)
    if case.chmod_000:
        (folder / case.chmod_000).chmod(0)
        if os.access(folder / case.chmod_000, os.R_OK):
            pytest.skip("chmod 000 does not stop this user reading a file (running as root?); "
                        "'a body file whose read fails' checks the same message by making the read fail")
    if case.unreadable:
        fail_reading(monkeypatch, folder / case.unreadable)

    run = boardpapers(*case.command)

    expected = [line.replace("{folder}", os.path.realpath(folder)).replace("{root}", os.path.realpath(workdir)) for line in case.expected]
    assert run.stderr.splitlines() == expected
    assert run.exit_code == 2
    assert "Traceback" not in run.stdout + run.stderr
    assert run.stdout == ""
    assert tree(workdir / "out") == before, "a failed build changed or added an output"
