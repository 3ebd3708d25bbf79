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

from conftest import copy_fixture, visible

PAPER = "minimal/paper.yaml"


@dataclass
class Case:
    """One broken input and the messages it must produce."""

    name: str
    edit: Callable[[Path], None]
    expected: list[str]
    fixture: str = "minimal"
    """The fixture folder under tests/fixtures."""
    file: str = "paper.yaml"
    """The file in it that is built (and edited)."""


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
        f"{PAPER}:3: style: expected a house style with a cover-sheet template, one of: lsc-ics; got 'nhs-blue'",
    ]),
    Case("house style without a cover sheet", swap("style: lsc-ics", "style: lancashire-cc"), [
        f"{PAPER}:3: style: expected a house style with a cover-sheet template, one of: lsc-ics; got 'lancashire-cc'",
    ]),
    Case("unknown kind", swap("kind: cover-sheet", "kind: coversheet"), [
        f"{PAPER}:2: kind: expected one of: action-log, committee-report, cover-sheet, meeting, minutes, options-appraisal; got 'coversheet' (did you mean 'cover-sheet'?)",
    ]),
    Case("missing kind", swap("kind: cover-sheet\n", ""), [
        f"{PAPER}:2: kind: is required: say which kind of input this is, one of: action-log, committee-report, cover-sheet, meeting, minutes, options-appraisal",
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
        f"{PAPER}:10: yaml: not valid YAML: a tab character: indent with spaces, not tabs",
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
    Case("title of zero-width characters only", swap("title: Community Diagnostic Hubs", "title: \"\u200b\u2060\ufeff\""), [
        f"{PAPER}:4: title: holds only invisible characters (U+200B, U+2060, U+FEFF); write the text",
    ]),
    Case("title that displays reversed", swap("title: Community Diagnostic Hubs", "title: Hubs \u202eserutcip\u202c"), [
        f"{PAPER}:4: title: contains the bidirectional control character U+202E, which makes text display in a different order from what it says; remove it",
    ]),
    Case("isolate control in a markdown file", edit_markdown("## Cost", "## Cost \u2067x\u2069"), [
        "minimal/body.md:8: (file): contains the bidirectional control character U+2067, which makes text display in a different order from what it says; remove it",
    ]),
    Case("a colon inside unquoted text", swap("purpose: For approval.", "purpose: For approval: by the Board."), [
        f"{PAPER}:12: yaml: not valid YAML: the text after the key holds ': ', which YAML reads as another key; put the text in quotes, e.g. purpose: \"For approval: by the Board.\"",
    ]),
    Case("a key indented too far", swap("author: Andy Curran", "  author: Andy Curran"), [
        f"{PAPER}:10: yaml: not valid YAML: this line is indented differently from the keys around it; line up each key under its parent with spaces",
    ]),
    Case("a sentence where fields belong", swap("recommendations:\n  lead_in: The ICS Board is asked to\n  items:\n    - approve the two hub locations.\n    - note the staffing plan.", "recommendations: approve the two hub locations."), [
        f"{PAPER}:14: recommendations: expected a mapping of keys, got 'approve the two hub locations.': write its fields (lead_in, items) on the lines under recommendations, indented, e.g. lead_in: ...",
    ]),
    Case("contributors as text", swap("confidential: false", "contributors: Ann Highton\nconfidential: false"), [
        f"{PAPER}:11: contributors: expected a list, got 'Ann Highton'",
    ]),
    Case("sign-off with a bad date", swap("body:", "sign_off:\n  name: Andy Curran\n  role: Medical Director\n  date: 24/11/2020\nbody:"), [
        f"{PAPER}:36: sign_off.date: expected an ISO date (YYYY-MM-DD), got '24/11/2020': write 2020-11-24",
    ]),
]


APPRAISAL = "appraisal/appraisal.yaml"


def appraisal_case(name: str, old: str, new: str, expected: list[str], built: str = "appraisal.yaml",
                   edited: str = "appraisal.yaml") -> Case:
    """Return a case editing `edited` in the appraisal fixture and building `built` (the appraisal, or the paper holding it)."""
    def edit(paper: Path) -> None:
        swap(old, new)(paper.parent / edited)
    return Case(name, edit, expected, fixture="appraisal", file=built)


CASES += [
    appraisal_case("an option not assessed against a principle", "  - {option: 3, principle: cost, rating: HIGH}\n", "", [
        f"{APPRAISAL}:32: assessments: option 3 x principle 'cost' is not assessed",
    ]),
    appraisal_case("every missing pair is listed", "  - {option: 3, principle: access, rating: LOW}\n  - {option: 3, principle: cost, rating: HIGH}\n", "", [
        f"{APPRAISAL}:32: assessments: option 3 x principle 'access' is not assessed",
        f"{APPRAISAL}:32: assessments: option 3 x principle 'cost' is not assessed",
    ]),
    appraisal_case("a pair assessed twice", "{option: 3, principle: cost, rating: HIGH}", "{option: 3, principle: access, rating: HIGH}", [
        f"{APPRAISAL}:32: assessments: option 3 x principle 'cost' is not assessed",
        f"{APPRAISAL}:38: assessments[6]: option 3 x principle 'access' is assessed twice (also on line 37)",
    ]),
    appraisal_case("a rating not on the scale", "principle: access, rating: LOW}", "principle: access, rating: LOWISH}", [
        f"{APPRAISAL}:37: assessments[5].rating: 'LOWISH' is not on the scale; expected one of: LOW, MEDIUM, HIGH or a range such as LOW/MEDIUM",
    ]),
    appraisal_case("a range written high to low", "rating: MEDIUM/HIGH}\n", "rating: HIGH/MEDIUM}\n", [
        f"{APPRAISAL}:35: assessments[3].rating: range 'HIGH/MEDIUM' must be written low to high: MEDIUM/HIGH",
    ]),
    appraisal_case("a combination rating not on the scale", "[{options: [2], rating: MEDIUM/HIGH}]", "[{options: [2], rating: MEDIUM/HIGHER}]", [
        f"{APPRAISAL}:34: assessments[2].with[1].rating: 'HIGHER' is not on the scale; expected one of: LOW, MEDIUM, HIGH or a range such as LOW/MEDIUM",
    ]),
    appraisal_case("a combination naming the option itself", "[{options: [2], rating: MEDIUM/HIGH}]", "[{options: [1], rating: MEDIUM/HIGH}]", [
        f"{APPRAISAL}:34: assessments[2].with[1].options: names option 1 itself; a combination is with other options",
    ]),
    appraisal_case("a combination the option does not allow", "[{options: [2], rating: MEDIUM/HIGH}]", "[{options: [3], rating: MEDIUM/HIGH}]", [
        f"{APPRAISAL}:34: assessments[2].with[1].options: option 3 is not in option 1's combines_with (2)",
    ]),
    appraisal_case("an assessment of an undefined option", "{option: 3, principle: cost, rating: HIGH}", "{option: 4, principle: cost, rating: HIGH}", [
        f"{APPRAISAL}:32: assessments: option 3 x principle 'cost' is not assessed",
        f"{APPRAISAL}:38: assessments[6].option: option 4 is not defined; expected one of: 1, 2, 3",
    ]),
    appraisal_case("an assessment of an undefined principle", "{option: 3, principle: cost, rating: HIGH}", "{option: 3, principle: price, rating: HIGH}", [
        f"{APPRAISAL}:32: assessments: option 3 x principle 'cost' is not assessed",
        f"{APPRAISAL}:38: assessments[6].principle: principle 'price' is not defined; expected one of: access, cost",
    ]),
    appraisal_case("a preferred option that is not defined", "  options: [1]\n", "  options: [7]\n", [
        f"{APPRAISAL}:41: preferred.options: names option 7, which is not defined",
    ]),
    appraisal_case("combines_with an undefined option", "    combines_with: [2]\n", "    combines_with: [2, 9]\n", [
        f"{APPRAISAL}:21: options[1].combines_with: names option 9, which is not defined",
    ]),
    appraisal_case("an option defined twice", "  - id: 3\n", "  - id: 2\n", [
        f"{APPRAISAL}:21: options[1].combines_with: warning: option 1 combines with option 2, but option 2 does not list option 1",
        f"{APPRAISAL}:29: options[3].id: option 2 is defined twice (first on line 24)",
        f"{APPRAISAL}:37: assessments[5].option: option 3 is not defined; expected one of: 1, 2",
        f"{APPRAISAL}:38: assessments[6].option: option 3 is not defined; expected one of: 1, 2",
    ]),
    appraisal_case("a typo in the key with", "rating: MEDIUM, narrative", "rating: MEDIUM, wiht: [], narrative", [
        f"{APPRAISAL}:34: assessments[2].wiht: unknown key (did you mean 'with'?)",
    ]),
    appraisal_case("an error in an appraisal built into a paper is reported in the appraisal", "principle: access, rating: LOW}", "principle: access, rating: LOWISH}", [
        f"{APPRAISAL}:37: assessments[5].rating: 'LOWISH' is not on the scale; expected one of: LOW, MEDIUM, HIGH or a range such as LOW/MEDIUM",
    ], built="paper.yaml"),
    appraisal_case("a paper building in a file that is no appraisal", "options_appraisal: appraisal.yaml", "options_appraisal: paper.yaml", [
        "appraisal/paper.yaml:24: body[2].options_appraisal: builds in a file that builds this one in",
    ], built="paper.yaml", edited="paper.yaml"),
]

def include_a_cover_sheet(paper: Path) -> None:
    other = paper.parent / "other.yaml"
    other.write_text(paper.read_text().split("body:")[0], encoding="utf-8")
    swap("options_appraisal: appraisal.yaml", "options_appraisal: other.yaml")(paper)


CASES.append(Case("a paper building in a file that is not an appraisal", include_a_cover_sheet, [
    "appraisal/paper.yaml:24: body[2].options_appraisal: expected an options-appraisal file, got kind cover-sheet",
], fixture="appraisal", file="paper.yaml"))

REPORT = "council/report.yaml"


def council_case(name: str, old: str, new: str, expected: list[str]) -> Case:
    return Case(name, swap(old, new), expected, fixture="council", file="report.yaml")


CASES += [
    council_case("a Part II report without its Schedule 12A paragraph", "confidential: false", "confidential: true", [
        f"{REPORT}:12: confidential: is true, so exempt_paragraph must give the paragraph of Schedule 12A (1-7) that applies",
    ]),
    council_case("a Schedule 12A paragraph that does not exist", "confidential: false", "confidential: true\nexempt_paragraph: 9", [
        f"{REPORT}:13: exempt_paragraph: expected the paragraph of Schedule 12A that applies, 1 to 7, got '9'",
    ]),
    council_case("a Schedule 12A paragraph on a Part I report", "confidential: false", "confidential: false\nexempt_paragraph: 3", [
        f"{REPORT}:13: exempt_paragraph: is given but confidential is false; a Part I report is published",
    ]),
    council_case("a contact email that is not one", "sam.ward@example.gov.uk", "sam.ward at county hall", [
        f"{REPORT}:11: contact.email: expected an email address such as name@lancashire.gov.uk, got 'sam.ward at county hall'",
    ]),
    council_case("a consultation without who", "  - with: District councils\n    date: ongoing", "  - date: ongoing", [
        f"{REPORT}:26: consultations[2].with: is required but missing: who was consulted (the key is 'with').",
    ]),
    council_case("a consultation date in UK form", "    date: 2023-09-12", "    date: 12/09/2023", [
        f"{REPORT}:24: consultations[1].date: expected a date (YYYY-MM-DD), a month (YYYY-MM) or 'ongoing', got '12/09/2023': write 2023-09-12",
    ]),
    council_case("an appendix letter typed by hand", "  - title: Route maps", "  - title: Route maps\n    letter: A", [
        f"{REPORT}:35: appendices[1].letter: unknown key; expected one of: title, file, clean",
    ]),
    council_case("a meeting date that is no date", "meeting_date: 2023-10-05", "meeting_date: next Thursday", [
        f"{REPORT}:4: meeting_date: expected an ISO date (YYYY-MM-DD) such as 2020-12-02, got 'next Thursday'",
    ]),
]


def test_there_are_at_least_25_cases():
    assert len(CASES) >= 25


def test_a_combination_that_is_not_mutual_is_a_warning_only(workdir, boardpapers):
    appraisal = copy_fixture("appraisal", workdir).parent / "appraisal.yaml"
    swap("    combines_with: [1]\n", "")(appraisal)
    run = boardpapers("paper", appraisal.relative_to(workdir), "--out", "out")
    assert run.exit_code == 0
    assert run.stderr == f"{APPRAISAL}:21: options[1].combines_with: warning: option 1 combines with option 2, but option 2 does not list option 1\n"
    assert run.stdout.strip().endswith(".docx")


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
    assert [p.name for p in visible(workdir / "out")] == [built.name]


@pytest.mark.parametrize("case", CASES, ids=[c.name for c in CASES])
def test_bad_input_is_reported_at_its_line_and_nothing_is_written(case, workdir, boardpapers):
    paper = copy_fixture(case.fixture, workdir).parent / case.file
    case.edit(paper)
    run = boardpapers("paper", paper.relative_to(workdir), "--out", "out")
    folder = os.path.realpath(paper.parent)
    expected = [line.replace("{folder}", folder).replace("{root}", os.path.realpath(workdir)) for line in case.expected]
    assert run.stderr.splitlines() == expected
    assert run.exit_code == 2
    assert "Traceback" not in run.stderr + run.stdout
    assert not (workdir / "out").exists()


def test_a_rule_reading_a_wrong_field_is_skipped_and_a_rule_with_a_typo_fails_loudly(tmp_path, monkeypatch):
    from dataclasses import replace

    from pipeline import validate as validating
    from pipeline.errors import InputError
    from pipeline.models import KINDS

    paper = copy_fixture("minimal", tmp_path)
    paper.write_text(paper.read_text(encoding="utf-8").replace("title:", "title: [not, text]\nold_title:", 1),
                     encoding="utf-8")
    read = []

    def reads_title(model, source):
        read.append(model.title)
        return []

    monkeypatch.setitem(validating.KINDS, "cover-sheet", replace(KINDS["cover-sheet"], rules=(reads_title,)))
    with pytest.raises(InputError):
        validating.validate(paper)
    assert read == [], "the rule never saw the wrong title"

    def has_a_typo(model, source):
        return [] if model.purpose_of_paper else []

    paper.write_text(paper.read_text(encoding="utf-8").replace("title: [not, text]\nold_title:", "title:"), encoding="utf-8")
    monkeypatch.setitem(validating.KINDS, "cover-sheet", replace(KINDS["cover-sheet"], rules=(has_a_typo,)))
    with pytest.raises(AttributeError, match="purpose_of_paper"):
        validating.validate(paper)
