"""Synthetic meetings for the benchmark: N cover-sheet papers with realistic bodies.

Each paper is a ``kind: cover-sheet`` YAML file in the ICS Board's house style,
shaped like ``inputs/papers/elective-care-capacity.yaml``, with a Markdown body
of the size board papers usually are: a title, four sections under headings,
paragraphs, a bullet list, a numbered list and a table; every seventh is
confidential. The text varies from
paper to paper (seeded, so every run writes the same files) so that no two
papers are byte-identical and nothing can be cached by accident. The meeting
lists them ten to an agenda section and ends with a two-page PDF from another
system and a short attachment.
"""

from __future__ import annotations

import random
from pathlib import Path

COMMITTEE = "ICS Board"
DATE = "2020-12-02"
ITEMS_PER_SECTION = 10
"""Agenda sections hold this many papers each, as a long real agenda would be split."""

_TOPICS = ["elective recovery", "urgent care", "mental health", "primary care", "workforce", "finance",
           "digital", "estates", "cancer services", "maternity", "community services", "pathology"]
_TRUSTS = ["Blackpool Teaching Hospitals", "East Lancashire Hospitals", "Lancashire Teaching Hospitals",
           "University Hospitals of Morecambe Bay", "Lancashire & South Cumbria Foundation Trust"]
NEXT_ITEMS = """\
**Items for the next Board meeting**

- Winter plan: first month's figures.
- Waiting-list recovery report, as agreed under the elective care item.
- Annual review of the Board's terms of reference.

Members are asked to send further items to the Board Secretary by the end of the month.
"""
"""The short attachment the meeting ends with; it has no headings (see :func:`meeting_yaml`)."""
_WORDS = ("system partners agreed the approach and asked for monthly assurance on delivery against the plan while "
          "the programme board reviews risks capacity demand staffing and funding across every place in the "
          "integrated care system with clinical leads and patient representatives").split()


def write_meeting(folder: Path, papers: int, seed: int = 1) -> Path:
    """Write a meeting of `papers` cover-sheet papers under `folder`; return the meeting file.

    The tree is ``folder/meetings/<n>-papers/meeting.yaml`` with its papers and
    bodies in ``folder/meetings/<n>-papers/papers/``, so that `folder` can be the
    input root of a build.
    """
    rng = random.Random(seed * 1000 + papers)
    meeting_folder = folder / "meetings" / f"{papers}-papers"
    paper_folder = meeting_folder / "papers"
    paper_folder.mkdir(parents=True, exist_ok=True)
    names = []
    for number in range(1, papers + 1):
        name = f"paper-{number:03d}"
        (paper_folder / f"{name}.md").write_text(body_markdown(number, rng), encoding="utf-8")
        (paper_folder / f"{name}.yaml").write_text(paper_yaml(number, name, rng), encoding="utf-8")
        names.append(name)
    (meeting_folder / "next-meeting-items.md").write_text(NEXT_ITEMS, encoding="utf-8")
    risk_summary_pdf(meeting_folder / "risk-summary.pdf")
    meeting = meeting_folder / "meeting.yaml"
    meeting.write_text(meeting_yaml(names), encoding="utf-8")
    return meeting


def body_path(meeting: Path, number: int) -> Path:
    """Return the Markdown body of paper `number` (from 1) of the meeting file `meeting`."""
    return meeting.parent / "papers" / f"paper-{number:03d}.md"


def bodies(meeting: Path) -> list[Path]:
    """Return every paper body of the meeting file `meeting`, in agenda order."""
    return sorted((meeting.parent / "papers").glob("paper-*.md"))


def meeting_yaml(names: list[str]) -> str:
    """Return a meeting file listing the papers `names`, ten to an agenda section."""
    lines = [
        "kind: meeting",
        "style: lsc-ics",
        f"committee: {COMMITTEE}",
        f"title: Benchmark ICS Board Agenda ({len(names)} papers)",
        f"date: {DATE}",
        'start: "10:00"',
        'end: "17:00"',
        "venue: MS Teams Teleconference",
        "sections:",
    ]
    for start in range(0, len(names), ITEMS_PER_SECTION):
        lines += [f"  - title: Business part {start // ITEMS_PER_SECTION + 1}", "    items:"]
        for name in names[start:start + ITEMS_PER_SECTION]:
            lines += ["      - action: note", f"        paper: papers/{name}.yaml"]
    # The meeting ends, as many do, with a PDF from another system and a short
    # attachment after the papers.
    lines += ["  - title: Any Other Business", "    items:",
              "      - title: System Risk Summary", "        owner: Director of Governance", "        action: note",
              "        attachments: [risk-summary.pdf]",
              "      - title: Items for the Next Board Meeting", "        owner: All", "        action: note",
              "        attachments: [next-meeting-items.md]"]
    return "\n".join(lines) + "\n"


def paper_yaml(number: int, name: str, rng: random.Random) -> str:
    """Return the cover-sheet YAML of paper `number`, whose body is ``<name>.md``."""
    topic = _TOPICS[number % len(_TOPICS)]
    return f"""\
kind: cover-sheet
style: lsc-ics
title: "Paper {number}: {topic.capitalize()} update"
meeting:
  committee: {COMMITTEE}
  date: {DATE}
agenda_item: {number}
presented_by: Director {number}
author: Author {number}
contributors:
  - Contributor {number}a
  - Contributor {number}b
{_confidentiality(number)}
purpose: >
  For assurance. The Board is asked to take assurance on {topic} across the system. {_sentence(rng)}
executive_summary: |
  {_sentence(rng)} {_sentence(rng)}

  The paper sets out:

  - what has been done on {topic} so far;
  - where the pressure is greatest;
  - what the Board can expect next quarter.
recommendations:
  lead_in: The ICS Board is asked to
  items:
    - "**note** the progress on {topic};"
    - "**take assurance** from the arrangements described; and"
    - "**support** a further report in three months."
governance:
  - forum: System Leadership Executive
    date: 2020-11-18
    outcome: Supported; asked for a report to the ICS Board.
conflicts_of_interest: None identified.
implications:
  quality_impact_assessment: yes
  equality_impact_assessment: no
  privacy_impact_assessment: n/a
  financial_impact_assessment: n/a
  associated_risks: yes
  risks_on_register: yes
risks:
  - reference: SR-{number:02d}
    description: Demand on {topic} may exceed the capacity planned.
body:
  - markdown_file: {name}.md
sign_off:
  name: Director {number}
  role: Director of {topic.capitalize()}
  date: 2020-11-24
"""


CONFIDENTIAL_EVERY = 7
"""Every seventh paper is not for publication, as a real board has one or two such items in fifteen."""


def _confidentiality(number: int) -> str:
    if number % CONFIDENTIAL_EVERY:
        return "confidential: false"
    return "confidential: true\nconfidential_reason: Commercially sensitive until the contract is signed"


def risk_summary_pdf(path: Path, pages: int = 2) -> None:
    """Write a two-page PDF as another system exports one (the risk summary the meeting attaches)."""
    import pikepdf

    pdf = pikepdf.new()
    font = pdf.make_indirect(pikepdf.Dictionary(Type=pikepdf.Name.Font, Subtype=pikepdf.Name.Type1,
                                                BaseFont=pikepdf.Name.Helvetica))
    for number in range(pages):
        lines = b" ".join(b"(Risk %d.%d: demand may exceed the capacity planned.) Tj 0 -20 Td" % (number + 1, line)
                          for line in range(30))
        content = pdf.make_stream(b"BT /F1 11 Tf 60 780 Td %s ET" % lines)
        pdf.pages.append(pikepdf.Page(pikepdf.Dictionary(Type=pikepdf.Name.Page, MediaBox=[0, 0, 595, 842], Contents=content,
                                                         Resources=pikepdf.Dictionary(Font=pikepdf.Dictionary(F1=font)))))
    pdf.save(path)


def body_markdown(number: int, rng: random.Random) -> str:
    """Return the Markdown body of paper `number`: about two pages of headings, text, lists and a table."""
    topic = _TOPICS[number % len(_TOPICS)]
    rows = "\n".join(f"| {trust} | {rng.randint(20, 90)} | {rng.randint(60, 99)}% |" for trust in _TRUSTS)
    return f"""\
# {topic.capitalize()}: report {number}

## Background

{_paragraph(rng)}

{_paragraph(rng)}

## Progress so far

{_paragraph(rng)}

- {_sentence(rng)}
- {_sentence(rng)}
- {_sentence(rng)}
- {_sentence(rng)}

The position by trust is summarised below.

| Trust | Sessions a week | Share of plan |
|---|--:|--:|
{rows}

## Risks and mitigations

{_paragraph(rng)}

1. {_sentence(rng)}
2. {_sentence(rng)}
3. {_sentence(rng)}

### Detail by place

{_paragraph(rng)}

## Next steps

{_paragraph(rng)} **The Board will receive a further report in three months.**
"""


def _sentence(rng: random.Random) -> str:
    words = [rng.choice(_WORDS) for _ in range(rng.randint(12, 22))]
    return " ".join(words).capitalize() + "."


def _paragraph(rng: random.Random) -> str:
    return " ".join(_sentence(rng) for _ in range(rng.randint(3, 5)))
