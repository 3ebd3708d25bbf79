"""The options appraisal: options rated against principles (seeds 000 and 001).

The summary matrix is never written by an author: it is derived from the
assessments, so it cannot disagree with them.
"""

from __future__ import annotations

import re
from collections import Counter
from dataclasses import dataclass
from typing import Literal

from pydantic import Field

from pipeline.errors import Problem
from pipeline.models.fields import Count, Line, Markdown, Model, Name, StyleName
from pipeline.source import Source


class ScaleStep(Model):
    """One step of the rating scale."""

    rating: Line = Field(examples=["LOW"])
    """The rating as written in assessments, e.g. LOW."""
    meaning: Line = Field(examples=["Weak ability to meet the principle"])
    """What the rating means, shown in the key."""


class Principle(Model):
    """A principle the options are rated against."""

    id: Line = Field(examples=["ownership"])
    """A short name that assessments use, e.g. ownership."""
    title: Line = Field(examples=["Collective ownership and accountability"])
    """The principle as the matrix shows it."""
    points: list[Line] = Field(default_factory=list)
    """What the principle covers, listed under its title (optional)."""


class Option(Model):
    """One option being appraised."""

    id: Count = Field(examples=[1])
    """The option's number, 1, 2, 3..."""
    name: Line = Field(examples=["Consultative Forum"])
    """The option's short name."""
    label: Line | None = None
    """A longer name for the summary matrix (optional; the name otherwise)."""
    description: Markdown = Field(examples=["A partnership board whose members decide for their own organisations."])
    """What the option is (Markdown)."""
    note: Line | None = None
    """A remark shown in italics under the description (optional)."""
    combines_with: list[Count] = Field(default_factory=list, examples=[[]])
    """The options this one could operate in conjunction with."""
    key_features: list[Line] = Field(default_factory=list)
    """Key features (optional)."""
    benefits: list[Line] = Field(default_factory=list)
    """Its benefits, summarised."""
    risks: list[Line] = Field(default_factory=list)
    """Its risks, summarised."""

    @property
    def title(self) -> str:
        """The option as headings name it: Option 1."""
        return f"Option {self.id}"


class Combination(Model):
    """A rating the option earns when combined with other options."""

    options: list[Count] = Field(min_length=1, examples=[[4]])
    """The other option or options, e.g. [4] or [2, 3] (read: with option 2 or 3)."""
    rating: Line = Field(examples=["MEDIUM"])
    """The rating when so combined: a scale value or a range such as LOW/MEDIUM."""
    qualifier: Line | None = None
    """A condition on the rating, shown in italics (optional)."""


class Assessment(Model):
    """How well one option meets one principle."""

    option: Count = Field(examples=[1])
    """The option's number."""
    principle: Line = Field(examples=["ownership"])
    """The principle's id."""
    rating: Line = Field(examples=["LOW/MEDIUM"])
    """A scale value, or a range written low to high such as LOW/MEDIUM."""
    qualifier: Line | None = None
    """A condition on the rating, shown in italics, e.g. depending on strength of partnership (optional)."""
    narrative: Markdown | None = None
    """The reasoning behind the rating (Markdown, optional)."""
    combined: list[Combination] = Field(default_factory=list, alias="with")
    """Ratings when combined with other options (the key is 'with')."""


class Preferred(Model):
    """The option, or combination, the appraisal recommends."""

    options: list[Count] = Field(min_length=1, examples=[[1, 2]])
    """The preferred option or options."""
    rationale: Markdown = Field(examples=["Deliverable in time and closest to how partners work today."])
    """Why (Markdown)."""


class OptionsAppraisal(Model):
    """An options appraisal: options rated against principles, with a derived summary."""

    kind: Literal["options-appraisal"]
    """The kind of input: options-appraisal."""
    style: StyleName = Field(default="lsc-ics", examples=["lsc-ics"])
    """The house style when the appraisal is built on its own."""
    title: Name = Field(examples=["Options Appraisal"])
    """The appraisal's title."""
    intro: Markdown | None = None
    """An introduction (Markdown, optional)."""
    scale: list[ScaleStep] = Field(min_length=2, examples=[[
        {"rating": "LOW", "meaning": "Weak ability to meet the principle"},
        {"rating": "MEDIUM", "meaning": "Some ability to meet the principle"},
        {"rating": "HIGH", "meaning": "Strong ability to meet the principle"},
    ]])
    """The rating scale, lowest first: it is the key. Each step: rating, meaning."""
    principles: list[Principle] = Field(min_length=1, examples=[[
        {"id": "ownership", "title": "Collective ownership and accountability", "points": ["Managing resources effectively"]},
    ]])
    """The principles, in the order the matrices show them. Each: id, title, points."""
    options: list[Option] = Field(min_length=2, examples=[[
        {"id": 1, "name": "Consultative Forum", "description": "A partnership board of the organisations at Place.",
         "combines_with": [2], "benefits": ["Already in place"], "risks": ["Cannot hold budgets"]},
        {"id": 2, "name": "Delegated authority to individual director", "description": "One director holds delegated budgets.",
         "note": "Works best with another option.", "combines_with": [1], "benefits": ["Clear responsibility"], "risks": []},
    ]])
    """The options, in the order the matrices show them. Each: id, name, label, description, note, combines_with,
    key_features, benefits, risks."""
    assessments: list[Assessment] = Field(examples=[[
        {"option": 1, "principle": "ownership", "rating": "LOW/MEDIUM", "qualifier": "depending on the partnership",
         "narrative": "Nothing is delegated to the board itself.", "with": [{"options": [2], "rating": "MEDIUM"}]},
        {"option": 2, "principle": "ownership", "rating": "LOW", "with": [{"options": [1], "rating": "LOW/MEDIUM"}]},
    ]])
    """One per option per principle: option, principle, rating (a scale value or a range such as LOW/MEDIUM),
    qualifier, narrative, and with (ratings in combination: options, rating, qualifier)."""
    evaluation: Markdown | None = Field(default=None, examples=["Option 1 with option 2 can be in place soonest."])
    """The evaluation narrative (Markdown, optional)."""
    preferred: Preferred | None = None
    """The preferred option (optional)."""

    def ratings(self) -> list[str]:
        """Return the scale's ratings, lowest first."""
        return [step.rating for step in self.scale]

    def assessment(self, option: int, principle: str) -> Assessment:
        """Return the assessment of `option` against `principle`."""
        return next(a for a in self.assessments if a.option == option and a.principle == principle)


def conjunction_text(options: list[int]) -> str:
    """Return the "Could operate in conjunction with" line: Option 4, Option 3 and/or 4, Option 1, 2, or 3, N/A."""
    names = [str(option) for option in options]
    if not names:
        return "N/A"
    if len(names) == 1:
        return f"Option {names[0]}"
    if len(names) == 2:
        return f"Option {names[0]} and/or {names[1]}"
    return f"Option {', '.join(names[:-1])}, or {names[-1]}"


def with_text(options: list[int]) -> str:
    """Return how a combination is introduced: With option 4, With options 2 or 3."""
    names = [str(option) for option in options]
    if len(names) == 1:
        return f"With option {names[0]}"
    return f"With options {', '.join(names[:-1])} or {names[-1]}"


def preferred_line(appraisal: OptionsAppraisal) -> str:
    """Return the line naming the preferred option or combination: "Option 1 with option 4: Consultative Forum with ..."."""
    chosen = appraisal.preferred.options
    lead = f"Option {chosen[0]}" + (f" {with_text(chosen[1:]).lower()}" if len(chosen) > 1 else "")
    names = {o.id: o.name for o in appraisal.options}
    return f"{lead}: {' with '.join(names[i] for i in chosen if i in names)}."


def rating_text(text: str) -> str:
    """Return a rating as the matrices show it: LOW/MEDIUM, without stray spaces."""
    return "/".join(part.strip() for part in text.split("/"))


@dataclass(frozen=True)
class Rated:
    """A rating as shown in a matrix cell, with where it sits on the scale."""

    text: str
    """The rating, e.g. LOW/MEDIUM."""
    positions: list[int]
    """The scale positions it covers, lowest first."""
    qualifier: str | None = None
    """Its condition, if any."""
    combined_with: str | None = None
    """For a combination: "With option 4"."""


def summary(appraisal: OptionsAppraisal) -> dict[str, dict[int, tuple[Rated, list[Rated]]]]:
    """Return the summary matrix, derived from the assessments: principle -> option -> (rating, combinations)."""
    scale = appraisal.ratings()

    def rated(text: str, qualifier: str | None, combined_with: str | None = None) -> Rated:
        return Rated(rating_text(text), parse_rating(text, scale), qualifier, combined_with)

    matrix: dict[str, dict[int, tuple[Rated, list[Rated]]]] = {}
    for principle in appraisal.principles:
        row = matrix.setdefault(principle.id, {})
        for option in appraisal.options:
            found = appraisal.assessment(option.id, principle.id)
            row[option.id] = (
                rated(found.rating, found.qualifier),
                [rated(c.rating, c.qualifier, with_text(c.options)) for c in found.combined],
            )
    return matrix


def parse_rating(text: str, scale: list[str]) -> list[int]:
    """Return the scale positions a rating names: ``LOW/MEDIUM`` -> ``[0, 1]``.

    Raises ``ValueError`` saying what is wrong: a value not on the scale, or a
    range not written low to high.
    """
    parts = [part.strip() for part in re.split(r"\s*/\s*", text.strip())]
    unknown = [part for part in parts if part not in scale]
    if unknown:
        steps = list(dict.fromkeys(scale))  # a scale naming a rating twice is reported on its own
        raise ValueError(f"'{unknown[0]}' is not on the scale; expected one of: {', '.join(steps)} or a range such as {'/'.join(steps[:2])}")
    twice = [part for part in dict.fromkeys(parts) if parts.count(part) > 1]
    if twice:
        raise ValueError(f"range '{text}' names {twice[0]} more than once; a range runs from one rating to a higher one")
    positions = [scale.index(part) for part in parts]
    if positions != sorted(set(positions)):
        written = "/".join(sorted(parts, key=scale.index))
        raise ValueError(f"range '{text}' must be written low to high: {written}")
    return positions


def rating_rule(appraisal: OptionsAppraisal, source: Source) -> list[Problem]:
    """Every rating is on the scale, and ranges run low to high; the scale names no rating twice."""
    scale = appraisal.ratings()
    problems = [
        source.problem(("scale", index, "rating"), f"'{step.rating}' is on the scale twice")
        for index, step in enumerate(appraisal.scale) if scale.index(step.rating) != index
    ]
    for index, assessment in enumerate(appraisal.assessments):
        places = [(("assessments", index, "rating"), assessment.rating)]
        places += [(("assessments", index, "with", n, "rating"), c.rating) for n, c in enumerate(assessment.combined)]
        for loc, rating in places:
            try:
                parse_rating(rating, scale)
            except ValueError as exc:
                problems.append(source.problem(loc, str(exc)))
    return problems


def identity_rule(appraisal: OptionsAppraisal, source: Source) -> list[Problem]:
    """Option and principle ids are unique; every option named anywhere is defined."""
    problems = []
    for what, items in (("option", appraisal.options), ("principle", appraisal.principles)):
        counts = Counter(item.id for item in items)
        for index, item in enumerate(items):
            first = next(i for i, other in enumerate(items) if other.id == item.id)
            if counts[item.id] > 1 and first != index:
                name = f"'{item.id}'" if isinstance(item.id, str) else item.id
                line = source.line_of((f"{what}s", first))
                problems.append(source.problem((f"{what}s", index, "id"), f"{what} {name} is defined twice (first on line {line})"))
    defined = {option.id for option in appraisal.options}
    for index, option in enumerate(appraisal.options):
        for other in option.combines_with:
            if other == option.id:
                problems.append(source.problem(("options", index, "combines_with"), f"option {option.id} cannot combine with itself"))
            elif other not in defined:
                problems.append(source.problem(("options", index, "combines_with"), f"names option {other}, which is not defined"))
    if appraisal.preferred:
        for other in appraisal.preferred.options:
            if other not in defined:
                problems.append(source.problem(("preferred", "options"), f"names option {other}, which is not defined"))
    return problems


def mutual_rule(appraisal: OptionsAppraisal, source: Source) -> list[Problem]:
    """Warn when option A combines with B but B does not list A."""
    listed = {option.id: set(option.combines_with) for option in appraisal.options}
    return [
        source.problem(("options", index, "combines_with"),
                       f"option {option.id} combines with option {other}, but option {other} does not list option {option.id}",
                       warning=True)
        for index, option in enumerate(appraisal.options)
        for other in option.combines_with
        if other in listed and other != option.id and option.id not in listed[other]
    ]


def coverage_rule(appraisal: OptionsAppraisal, source: Source) -> list[Problem]:
    """Each option is assessed against each principle exactly once, and combinations are allowed ones."""
    options = {option.id: option for option in appraisal.options}
    principles = [principle.id for principle in appraisal.principles]
    problems, seen = [], {}
    for index, assessment in enumerate(appraisal.assessments):
        if assessment.option not in options:
            problems.append(source.problem(("assessments", index, "option"), f"option {assessment.option} is not defined; expected one of: {', '.join(map(str, options))}"))
            continue
        if assessment.principle not in principles:
            defined = ", ".join(dict.fromkeys(principles))
            problems.append(source.problem(("assessments", index, "principle"), f"principle '{assessment.principle}' is not defined; expected one of: {defined}"))
            continue
        pair = (assessment.option, assessment.principle)
        if pair in seen:
            problems.append(source.problem(("assessments", index), f"option {pair[0]} x principle '{pair[1]}' is assessed twice (also on line {source.line_of(('assessments', seen[pair]))})"))
        seen.setdefault(pair, index)
        option = options[assessment.option]
        for n, combination in enumerate(assessment.combined):
            for other in combination.options:
                loc = ("assessments", index, "with", n, "options")
                if other == option.id:
                    problems.append(source.problem(loc, f"names option {other} itself; a combination is with other options"))
                elif other not in options:
                    problems.append(source.problem(loc, f"names option {other}, which is not defined"))
                elif other not in option.combines_with:
                    allowed = ", ".join(map(str, option.combines_with)) or "none"
                    problems.append(source.problem(loc, f"option {other} is not in option {option.id}'s combines_with ({allowed})"))
    for option in appraisal.options:
        for principle in principles:
            if (option.id, principle) not in seen:
                problems.append(source.problem(("assessments",), f"option {option.id} x principle '{principle}' is not assessed"))
    return problems


OPTIONS_APPRAISAL_RULES = (rating_rule, identity_rule, mutual_rule, coverage_rule)
"""The rules that span an options appraisal's fields."""
