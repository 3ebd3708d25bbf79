"""Property tests: any valid input builds, and every field it holds can be read in the Word file.

Hypothesis writes random but valid cover sheets, options appraisals and meetings
(with papers), builds them with the real command (Word only, no PDF) and reads
the .docx back with python-docx: the build exits 0, the file opens, and the text
of every field is in it (paragraph and table-cell text, white space normalised).

Two kinds of text are generated:

- short text (titles, names, committees, forums, outcomes, risks, ratings...),
  which the README says appears *exactly as written*, so it mixes letters of many
  scripts with ``&``, ``<``, ``{{ }}``, ``{% %}``, ``*``, ``#``, ``[ ]``, `` ` ``
  and the like; a field that mangles them is a pipeline bug;
- Markdown text (purpose, summaries, recommendations, descriptions, narratives,
  the body), which is rendered as Markdown and may therefore change: it is made
  of words, digits and punctuation that Markdown leaves as they are (no ``*``,
  ``_``, `` ` ``, brackets, ``#``, ``@``, ``$``, ``~``, ``^`` or ``|``, and no
  quotes, ``--`` or ``...``, which pandoc's smart typography turns into curly
  quotes and dashes). ``&``, ``<`` and ``>`` appear only between spaces, where
  Markdown keeps them.

Examples are derandomized and there is no example database, so CI sees the same
inputs every run; the numbers of examples keep the file under a minute.
"""

from __future__ import annotations

import re

import tempfile
from datetime import date
from pathlib import Path
from typing import Any

import yaml
from click.testing import CliRunner
from docx import Document
from docx.document import Document as DocumentType
from docx.oxml.ns import qn
from hypothesis import HealthCheck, Phase, given, settings
from hypothesis import strategies as st

from conftest import visible
from pipeline.cli import main
from pipeline.models.fields import MONTHS
from readback import ticks

# Each example is a real build (pandoc, docxtpl, docxcompose), so a failure is
# reported as found rather than shrunk, which would take minutes.
SETTINGS = dict(deadline=None, derandomize=True, database=None, print_blob=True,
                phases=[Phase.explicit, Phase.generate],
                suppress_health_check=[HealthCheck.too_slow, HealthCheck.data_too_large])
ANSWERS = ("yes", "no", "n/a")


# --- text ------------------------------------------------------------------------------

# Letters, marks, digits, punctuation, symbols and format characters (such as the
# zero-width joiner and the soft hyphen) of any script, emoji too. No white space
# (short text folds runs of it into one space), controls or surrogates (errors:
# XML cannot hold them), private-use or unassigned code points, nor the bidirectional
# embedding and isolate controls, which inputs refuse (pipeline/source.py: they make text
# display in another order than it says).
BIDI_CONTROLS = "".join(map(chr, [*range(0x202A, 0x202F), *range(0x2066, 0x206A)]))
ANY_CHARACTER = st.characters(codec="utf-8", categories=("L", "M", "N", "P", "S", "Cf"), exclude_characters=BIDI_CONTROLS)
MARKUP = ["&", "&amp;", "<b>", "</w:t>", "<", ">", "{{", "}}", "{%", "%}", "{{ 7*7 }}", "{% if x %}", "{#", "*", "**",
          "_", "#", "##", "[x]", "[link](http://x)", "`code`", "\\", "|", "~", "^", "$", "@", "'", '"', "--", "...",
          "1.", "-", "+", ">", "</p>", "]]>", "<!--", "&#x41;", "%s", "{0}", "$(id)"]
WORD = st.one_of(st.sampled_from(MARKUP), st.text(ANY_CHARACTER, min_size=1, max_size=10))
SHORT = st.lists(WORD, min_size=1, max_size=6).map(" ".join)
"""Short text shown exactly as written: markup of every kind among words of every script."""

PLAIN_LETTER = st.characters(codec="utf-8", categories=("L", "Nd"))
PLAIN_WORD = st.text(PLAIN_LETTER, min_size=1, max_size=10)
SENTENCE_WORD = st.one_of(PLAIN_WORD, PLAIN_WORD.map(lambda w: w + ","), PLAIN_WORD.map(lambda w: w + ";"),
                          PLAIN_WORD.map(lambda w: f"({w})"), st.sampled_from(["&", "<", ">", "=", "%", "£42m", "2020/21"]))
# A paragraph starts with a word of letters that is no list marker: "a." and "iv." start lists.
FIRST_WORD = st.text(st.characters(codec="utf-8", categories=("L",)), min_size=2, max_size=10).filter(
    lambda word: not set(word.lower()) <= set("ivxlcdm"))
MARKDOWN = st.builds(lambda first, rest, end: " ".join([first, *rest]) + end, FIRST_WORD,
                     st.lists(SENTENCE_WORD, max_size=12), st.sampled_from([".", "!", "?", ":", ""]))
"""One paragraph of Markdown that Markdown shows as written (see the module doc)."""

DAYS = st.dates(min_value=date(2000, 1, 1), max_value=date(2099, 12, 31))


def shown_date(day: date) -> str:
    """Return `day` as the house styles write it: 2 December 2020."""
    return f"{day.day} {MONTHS[day.month - 1]} {day.year}"


def normalised(text: str) -> str:
    """Return `text` with runs of white space as one space, runs of soft hyphens as one, and none ending a word.

    A soft hyphen only says where a word may break; pandoc writes two or more
    together as one ``w:softHyphen``, which is the same hint, and drops one
    that ends a list item, where there is no word left to break.
    """
    return re.sub("\u00ad+(?= |$)", "", re.sub("\u00ad+", "\u00ad", " ".join(text.split())))


# Word keeps some characters as elements of a run rather than as text.
RUN_CHARACTERS = {qn("w:tab"): "\t", qn("w:br"): "\n", qn("w:cr"): "\n",
                  qn("w:softHyphen"): "\u00ad", qn("w:noBreakHyphen"): "\u2011"}


def paragraph_text(paragraph) -> str:
    return "".join(
        (element.text or "") if element.tag == qn("w:t") else RUN_CHARACTERS.get(element.tag, "")
        for element in paragraph.iter(qn("w:t"), *RUN_CHARACTERS)
    )


def document_text(document: DocumentType) -> str:
    """Return the text of every paragraph of `document`, in table cells too, white space normalised."""
    return normalised(" ".join(paragraph_text(p) for p in document.element.body.iter(qn("w:p"))))


def assert_shows(text: str, values: list[str], where: str) -> None:
    missing = [value for value in values if normalised(value) not in text]
    assert not missing, f"{where} does not show {missing!r}"


def write_yaml(path: Path, data: dict[str, Any]) -> None:
    path.write_text(yaml.safe_dump(data, allow_unicode=True, sort_keys=False, width=10**6), encoding="utf-8")


def boardpapers(*args: str | Path) -> tuple[int, str]:
    result = CliRunner().invoke(main, [str(a) for a in args], catch_exceptions=False)
    return result.exit_code, result.stderr


# --- cover sheets ----------------------------------------------------------------------

@st.composite
def cover_sheets(draw, meeting: bool = True) -> dict[str, Any]:
    """Return a valid cover-sheet paper as YAML data."""
    associated = draw(st.sampled_from(ANSWERS))
    on_register = draw(st.sampled_from(ANSWERS if associated == "yes" else ("no", "n/a")))
    risks = []
    if associated == "yes":
        for _ in range(draw(st.integers(1, 3))):
            risk = {"description": draw(SHORT)}
            if on_register == "yes" or draw(st.booleans()):
                risk["reference"] = draw(SHORT)
            risks.append(risk)
    paper: dict[str, Any] = {"kind": "cover-sheet", "title": draw(SHORT)}
    if meeting and draw(st.booleans()):
        paper["meeting"] = {"committee": draw(SHORT), "date": draw(DAYS).isoformat()}
    if meeting and draw(st.booleans()):
        paper["agenda_item"] = draw(st.integers(1, 99))
    paper |= {"presented_by": draw(SHORT), "author": draw(SHORT), "contributors": draw(st.lists(SHORT, max_size=3))}
    if draw(st.booleans()):
        paper |= {"confidential": True, "confidential_reason": draw(SHORT)}
    recommendations: dict[str, Any] = {"items": draw(st.lists(MARKDOWN, min_size=1, max_size=4))}
    if draw(st.booleans()):
        recommendations = {"lead_in": draw(SHORT), **recommendations}
    paper |= {
        "purpose": draw(MARKDOWN),
        "executive_summary": draw(MARKDOWN),
        "recommendations": recommendations,
        "governance": [
            {"forum": draw(SHORT),
             "date": draw(st.one_of(DAYS.map(date.isoformat), DAYS.map(lambda d: d.isoformat()[:7]), st.just("ongoing"))),
             "outcome": draw(SHORT)}
            for _ in range(draw(st.integers(0, 3)))
        ],
        "conflicts_of_interest": draw(MARKDOWN),
        "implications": {
            "quality_impact_assessment": draw(st.sampled_from(ANSWERS)),
            "equality_impact_assessment": draw(st.sampled_from(ANSWERS)),
            "privacy_impact_assessment": draw(st.sampled_from(ANSWERS)),
            "financial_impact_assessment": draw(st.sampled_from(ANSWERS)),
            "associated_risks": associated,
            "risks_on_register": on_register,
        },
        "risks": risks,
        "body": draw(st.lists(MARKDOWN, max_size=3)),
    }
    if draw(st.booleans()):
        paper["sign_off"] = {"name": draw(SHORT), "role": draw(SHORT), "date": draw(DAYS).isoformat()}
    paper["appendices"] = [{"title": draw(SHORT)} for _ in range(draw(st.integers(0, 2)))]
    return paper


def governance_date(text: str) -> str:
    if text == "ongoing":
        return "Ongoing"
    if len(text) == 7:
        return f"{MONTHS[int(text[5:]) - 1]} {text[:4]}"
    return shown_date(date.fromisoformat(text))


def cover_sheet_texts(paper: dict[str, Any]) -> list[str]:
    """Return every piece of text `paper` holds, as the cover sheet and body show it."""
    texts = [paper["title"], paper["presented_by"], paper["author"], *paper["contributors"],
             paper["purpose"], paper["executive_summary"], paper["conflicts_of_interest"],
             *paper["recommendations"]["items"], *paper["body"]]
    texts += [paper["recommendations"]["lead_in"]] if "lead_in" in paper["recommendations"] else []
    texts += [paper["confidential_reason"]] if paper.get("confidential") else []
    for entry in paper["governance"]:
        texts += [entry["forum"], entry["outcome"], governance_date(entry["date"])]
    for risk in paper["risks"]:
        texts += [risk["description"], *([risk["reference"]] if "reference" in risk else [])]
    if "sign_off" in paper:
        texts += [paper["sign_off"]["name"], paper["sign_off"]["role"], shown_date(date.fromisoformat(paper["sign_off"]["date"]))]
    texts += [appendix["title"] for appendix in paper["appendices"]]
    return texts


def build_alone(data: dict, name: str) -> DocumentType:
    """Return the Word file built from `data` written as the input `name` in a folder of its own, reopened."""
    with tempfile.TemporaryDirectory() as folder:
        source = Path(folder) / name
        write_yaml(source, data)
        code, errors = boardpapers("paper", source, "--out", Path(folder) / "out", "--root", folder)
        assert code == 0, errors
        [path] = (Path(folder) / "out").glob("*.docx")
        return Document(str(path))


@settings(max_examples=30, **SETTINGS)
@given(paper=cover_sheets())
def test_any_valid_cover_sheet_builds_and_shows_every_field(paper):
    document = build_alone(paper, "paper.yaml")
    text = document_text(document)
    assert_shows(text, cover_sheet_texts(paper), "the paper")
    if "meeting" in paper:
        assert_shows(text, [paper["meeting"]["committee"], shown_date(date.fromisoformat(paper["meeting"]["date"]))], "the paper")
    if "agenda_item" in paper:
        assert_shows(text, [str(paper["agenda_item"])], "the paper")
    answers = {"yes": "Yes", "no": "No", "n/a": "N/A"}
    assert list(ticks(document).values()) == [[answers[answer]] for answer in paper["implications"].values()]


# --- options appraisals -----------------------------------------------------------------

RATING = st.text(st.characters(codec="utf-8", categories=("Lu", "Lt", "Lo", "Nd"), exclude_characters="/"), min_size=1, max_size=8)


@st.composite
def appraisals(draw) -> dict[str, Any]:
    """Return a valid options appraisal as YAML data: a full grid of ratings on a random scale."""
    scale = draw(st.lists(RATING, min_size=2, max_size=5, unique=True))
    principle_ids = [f"principle-{n}" for n in range(1, draw(st.integers(1, 4)) + 1)]
    option_ids = list(range(1, draw(st.integers(2, 5)) + 1))
    combines = {
        option: draw(st.lists(st.sampled_from([o for o in option_ids if o != option]), unique=True, max_size=2))
        for option in option_ids
    }

    def rating() -> str:
        low = draw(st.integers(0, len(scale) - 1))
        high = draw(st.integers(low, len(scale) - 1))
        return scale[low] if low == high else f"{scale[low]}/{scale[high]}"

    def maybe(strategy):
        return draw(st.one_of(st.none(), strategy))

    options = []
    for option in option_ids:
        entry = {"id": option, "name": draw(SHORT), "description": draw(MARKDOWN), "combines_with": combines[option],
                 "key_features": draw(st.lists(SHORT, max_size=2)), "benefits": draw(st.lists(SHORT, max_size=2)),
                 "risks": draw(st.lists(SHORT, max_size=2))}
        for key, strategy in (("label", SHORT), ("note", SHORT)):
            value = maybe(strategy)
            if value is not None:
                entry[key] = value
        options.append(entry)
    assessments = []
    for option in option_ids:
        for principle in principle_ids:
            entry: dict[str, Any] = {"option": option, "principle": principle, "rating": rating()}
            for key, strategy in (("qualifier", SHORT), ("narrative", MARKDOWN)):
                value = maybe(strategy)
                if value is not None:
                    entry[key] = value
            if combines[option] and draw(st.booleans()):
                combination = {"options": draw(st.lists(st.sampled_from(combines[option]), min_size=1, unique=True)), "rating": rating()}
                qualifier = maybe(SHORT)
                if qualifier is not None:
                    combination["qualifier"] = qualifier
                entry["with"] = [combination]
            assessments.append(entry)
    appraisal: dict[str, Any] = {
        "kind": "options-appraisal",
        "title": draw(SHORT),
        "intro": draw(MARKDOWN),
        "scale": [{"rating": step, "meaning": draw(SHORT)} for step in scale],
        "principles": [{"id": pid, "title": draw(SHORT), "points": draw(st.lists(SHORT, max_size=2))} for pid in principle_ids],
        "options": options,
        "assessments": draw(st.permutations(assessments)),
        "evaluation": draw(MARKDOWN),
    }
    if draw(st.booleans()):
        appraisal["preferred"] = {"options": draw(st.lists(st.sampled_from(option_ids), min_size=1, unique=True)),
                                  "rationale": draw(MARKDOWN)}
    return appraisal


def appraisal_texts(appraisal: dict[str, Any]) -> list[str]:
    texts = [appraisal["title"], appraisal["intro"], appraisal["evaluation"]]
    for step in appraisal["scale"]:
        texts += [step["rating"], step["meaning"]]
    for principle in appraisal["principles"]:
        texts += [principle["title"], *principle["points"]]
    for option in appraisal["options"]:
        texts += [option["name"], option["description"], *option["key_features"], *option["benefits"], *option["risks"]]
        texts += [option[key] for key in ("label", "note") if key in option]
    for entry in appraisal["assessments"]:
        texts += [entry["rating"], *[entry[key] for key in ("qualifier", "narrative") if key in entry]]
        for combination in entry.get("with", []):
            texts += [combination["rating"], *([combination["qualifier"]] if "qualifier" in combination else [])]
    if "preferred" in appraisal:
        texts.append(appraisal["preferred"]["rationale"])
    return texts


@settings(max_examples=15, **SETTINGS)
@given(appraisal=appraisals())
def test_any_valid_options_appraisal_builds_and_shows_every_rating(appraisal):
    assert_shows(document_text(build_alone(appraisal, "appraisal.yaml")), appraisal_texts(appraisal), "the appraisal")


# --- meetings ---------------------------------------------------------------------------

TIMES = st.builds(lambda h, m: f"{h:02d}:{m:02d}", st.integers(0, 23), st.sampled_from([0, 15, 30, 45]))


@st.composite
def meetings(draw) -> tuple[dict[str, Any], dict[str, dict[str, Any]]]:
    """Return a valid meeting and the papers it names (file name -> paper data)."""
    committee, day = draw(SHORT), draw(DAYS)
    papers: dict[str, dict[str, Any]] = {}
    sections = []
    for s in range(draw(st.integers(1, 2))):
        items = []
        for _ in range(draw(st.integers(1, 3))):
            item: dict[str, Any] = {"action": draw(st.sampled_from(["note", "approve", "discuss", "endorse", "decide", "assure", "receive"]))}
            if draw(st.booleans()):
                paper = draw(cover_sheets(meeting=False))
                if draw(st.booleans()):
                    paper = {**paper, "meeting": {"committee": committee, "date": day.isoformat()}}
                name = f"paper-{len(papers) + 1}.yaml"
                papers[name] = paper
                item["paper"] = name
            else:
                item |= {"title": draw(SHORT), "owner": draw(SHORT), "format": draw(st.sampled_from(["verbal", "presentation", "to-follow"]))}
            items.append(item)
        sections.append({"title": draw(SHORT), "items": items})
    meeting = {"kind": "meeting", "committee": committee, "title": draw(SHORT), "date": day.isoformat(),
               "start": draw(TIMES), "venue": draw(SHORT), "sections": sections}
    if draw(st.booleans()):
        meeting["next_meeting"] = {"label": draw(SHORT), "date": draw(DAYS).isoformat(), "start": draw(TIMES), "venue": draw(SHORT)}
    return meeting, papers


@settings(max_examples=8, **SETTINGS)
@given(generated=meetings())
def test_any_valid_meeting_builds_an_agenda_and_papers_that_show_every_field(generated):
    meeting, papers = generated
    with tempfile.TemporaryDirectory() as folder:
        for name, paper in papers.items():
            write_yaml(Path(folder) / name, paper)
        source = Path(folder) / "meeting.yaml"
        write_yaml(source, meeting)
        code, errors = boardpapers("pack", source, "--out", Path(folder) / "out", "--root", folder, "--no-pdf")
        assert code == 0, errors
        [built] = visible(Path(folder) / "out")

        agenda = document_text(Document(str(built / "agenda.docx")))
        expected = [meeting["title"], meeting["venue"], meeting["start"], shown_date(date.fromisoformat(meeting["date"]))]
        for section in meeting["sections"]:
            expected.append(section["title"])
            for item in section["items"]:
                paper = papers.get(item.get("paper"))
                expected += [paper["title"], paper["presented_by"]] if paper else [item["title"], item["owner"]]
        following = meeting.get("next_meeting")
        if following:
            expected += [following["label"], following["venue"], following["start"], shown_date(date.fromisoformat(following["date"]))]
        assert_shows(agenda, expected, "the agenda")

        written = sorted((built / "papers").glob("*.docx")) if papers else []
        assert len(written) == len(papers)
        pack = document_text(Document(str(built / "pack.docx")))
        for path, paper in zip(written, papers.values()):
            assert_shows(document_text(Document(str(path))), [meeting["committee"], *cover_sheet_texts(paper)], path.name)
            assert_shows(pack, [paper["title"], paper["executive_summary"]], "the pack")
        Document(str(built / "public-pack.docx"))
