"""Stage 2, validate: turn a loaded file into a model, or report every problem.

Each problem is reported at its file, line and key path, with what was expected
and what was found; a file's problems are all reported at once. Rules that span
fields run once the file has the right shape.
"""

from __future__ import annotations

import difflib
import re
import typing
from dataclasses import dataclass, field
from functools import cache
from pathlib import Path
from typing import Any

from pydantic import BaseModel, TypeAdapter, ValidationError
from pydantic.fields import FieldInfo

from pipeline import housestyle
from pipeline.attachments import attachment_problems
from pipeline.errors import InputError, Problem
from pipeline.housestyle import HouseStyle
from pipeline.models import KINDS, Kind
from pipeline.models.includes import walk
from pipeline.models.fields import MarkdownText, Model, WrongField, shown
from pipeline.models.house_style import HouseStyleSettings
from pipeline.paths import input_root, resolve_inside
from pipeline.source import Source, load, load_markdown
from pipeline.targets import IMAGE_SUFFIXES, line_in, problem as target_problem, targets


@dataclass
class Validated:
    """An input file that matches its model."""

    source: Source
    """The file as loaded, with its lines."""
    model: Model
    """What the file says."""
    style: HouseStyle
    """The house style it names (``style:``), read once here for every stage after."""
    root: Path
    """The input tree its paths must stay in."""
    warnings: list[Problem] = field(default_factory=list)
    """Problems that do not stop the build."""
    includes: dict[Path, Validated] = field(default_factory=dict)
    """Other input files this one builds in (appraisals, papers, action logs), by path."""
    images: list[Path] = field(default_factory=list)
    """The image files its Markdown shows (a change to one changes the document)."""

    @property
    def kind(self) -> str:
        """The file's ``kind:``."""
        return self.source.data["kind"]


def validate_meeting(path: Path, root: Path | None = None) -> Validated:
    """Return the validated meeting file `path`; a file of another kind is an :class:`InputError` saying so."""
    return validate_kind(path, root, "meeting")


def validate_kind(path: Path, root: Path | None, kind: str) -> Validated:
    """Return the validated input file `path`, which must be of `kind`: one of another kind is an :class:`InputError` saying so."""
    validated = validate(path, root)
    if validated.kind != kind:
        raise InputError([validated.source.problem(("kind",), f"is {validated.kind}, but this command takes a {kind} file (kind: {kind})")])
    return validated


def validate(path: Path, root: Path | None = None, within: frozenset[Path] = frozenset()) -> Validated:
    """Return the validated input file `path`.

    `root` is the input tree (see :mod:`pipeline.paths`); `within` holds the
    files that build this one in, to stop a file building itself in. Raises
    :class:`InputError` with every problem found: the file's shape first, and
    the rules that span fields too, run on every field that is right.
    """
    source = load(path)
    tree = input_root(path, root)
    kind = KINDS[_kind(source)]
    model, problems = _match(source, kind.model, {"base": source.path.parent, "root": tree})
    for rule in kind.rules:
        try:
            problems += rule(model, source)
        except WrongField:
            pass  # the rule reads a field that is wrong itself, and already reported
    images: list[Path] = []
    problems += _markdown_problems(model, source, tree, images)
    problems += attachment_problems(model, source)
    includes = _includes(kind, model, source, tree, problems, within | {source.path})
    style = _style_of(model, problems, includes)
    if style is not None and not any(not p.warning for p in problems):
        everything = {path: (v.model, v.source) for path, v in _all_includes(includes).items()}
        for rule in kind.include_rules:
            problems += rule(model, source, everything, style.settings)
    if any(not p.warning for p in problems):
        raise InputError(problems)
    return Validated(source, model, style, tree, problems, includes, images)


def _style_of(model: Model, problems: list[Problem], includes: dict[Path, Validated]) -> HouseStyle | None:
    """Return the house style `model` names (minutes naming none: their meeting's), adding the problems of its settings file to `problems`."""
    try:
        name = model.style
        if name is None:
            meeting = includes.get(getattr(model, "meeting", None))
            return meeting.style if meeting is not None else None
        return load_house_style(name)
    except WrongField:
        return None  # the name is wrong, and already reported
    except InputError as exc:
        problems += exc.problems
        return None


def load_house_style(name: str) -> HouseStyle:
    """Return the house style `name`, its ``style.yaml`` validated.

    Raises :class:`InputError` at each problem of its settings file, and
    :class:`BuildError` when it has none.
    """
    return _house_style(housestyle.style_file(name))


@cache
def _house_style(path: Path) -> HouseStyle:
    return HouseStyle(path.parent.name, path.parent, model_of(load(path), HouseStyleSettings, {}))


def _all_includes(includes: dict[Path, Validated]) -> dict[Path, Validated]:
    """Return `includes` and every file they build in, however deep (minutes read their meeting's papers' titles)."""
    found = dict(includes)
    for validated in includes.values():
        for path, deeper in _all_includes(validated.includes).items():
            found.setdefault(path, deeper)
    return found


def _includes(kind: Kind, model: Model, source: Source, tree: Path, problems: list[Problem],
              within: frozenset[Path]) -> dict[Path, Validated]:
    """Validate the input files `model` builds in, adding their problems to `problems`."""
    found: dict[Path, Validated] = {}
    try:
        includes = kind.includes(model)
    except WrongField:
        return found  # the fields naming them are wrong, and already reported
    tried: set[Path] = set()
    for include in includes:
        if include.path in within:
            problems.append(source.problem(include.loc, "builds in a file that builds this one in"))
            continue
        if include.path not in tried:  # a file named twice is validated, and its problems reported, once
            tried.add(include.path)
            try:
                found[include.path] = validate(include.path, tree, within)
            except InputError as exc:
                problems += exc.problems
                continue
            problems += found[include.path].warnings
        included = found.get(include.path)
        if included is None:
            continue
        if included.kind not in include.kinds:
            expected = " or ".join(f"{'an' if k[0] in 'aeiou' else 'a'} {k}" for k in include.kinds)
            problems.append(source.problem(include.loc, f"expected {expected} file, got kind {included.kind}"))
    return found


def _kind(source: Source) -> str:
    kind = source.data.get("kind")
    choices = ", ".join(sorted(KINDS))
    if kind is None:
        raise InputError([source.problem(("kind",), f"is required: say which kind of input this is, one of: {choices}")])
    if not isinstance(kind, str):
        raise InputError([source.problem(("kind",), f"expected one of: {choices}; got {shown(kind)}")])
    if kind not in KINDS:
        hint = difflib.get_close_matches(str(kind), KINDS, n=1)
        also = f" (did you mean '{hint[0]}'?)" if hint else ""
        raise InputError([source.problem(("kind",), f"expected one of: {choices}; got {shown(kind)}{also}")])
    return kind


def model_of(source: Source, model: type[Model], context: dict[str, Any]) -> Model:
    """Return `source`'s data as `model`, or raise :class:`InputError` at each problem."""
    found, problems = _match(source, model, context)
    if problems:
        raise InputError(problems)
    return found


def _match(source: Source, model: type[Model], context: dict[str, Any]) -> tuple[Model, list[Problem]]:
    """Return `source`'s data as `model` and the problems with it.

    When there are problems the model returned is partial: it holds only the
    fields that are right, so that rules spanning fields can still run.
    """
    context = {**context, "styles": housestyle.styles_for}
    try:
        return model.model_validate(source.data, context=context), []
    except ValidationError as exc:
        errors = exc.errors(include_url=False)
    problems = [_problem(source, model, error) for error in errors]
    wrong = {error["loc"][0] for error in errors if error["loc"]}
    fields = {}
    for name, info in model.model_fields.items():
        if name in wrong or name not in source.data:
            continue
        try:
            fields[name] = TypeAdapter(info.rebuild_annotation()).validate_python(source.data[name], context=context)
        except ValidationError:
            continue
    partial = model.model_construct(**fields)
    for name in wrong:
        partial.__dict__.pop(name, None)  # no default stands in for a value that was wrong
    return partial, problems


def _problem(source: Source, model: type[Model], error: Any) -> Problem:
    loc = _data_loc(source.data, error["loc"])
    kind = error["type"]
    if kind == "missing":
        message = "is required but missing"
        described = _field_description(model, loc)
        if described:
            message += f": {described[0].lower() + described[1:]}"
    elif kind == "extra_forbidden":
        allowed = _fields_at(model, loc[:-1])
        hint = difflib.get_close_matches(str(loc[-1]), allowed, n=1, cutoff=0.6)
        message = f"unknown key (did you mean '{hint[0]}'?)" if hint else f"unknown key; expected one of: {', '.join(allowed)}"
    elif kind in {"model_type", "model_attributes_type", "dict_type"}:
        message = f"expected a mapping of keys, got {shown(error['input'])}"
        fields = _fields_at(model, loc)
        if fields and isinstance(error["input"], str):
            if loc and isinstance(loc[-1], str):
                message += f": write its fields ({', '.join(fields)}) on the lines under {loc[-1]}, indented, e.g. {fields[0]}: ..."
            else:
                message += f": write the entry as its fields ({', '.join(fields)}), e.g. - {fields[0]}: ..."
    elif kind == "list_type":
        message = f"expected a list, got {shown(error['input'])}"
    elif kind == "too_short":
        least = error.get("ctx", {}).get("min_length", 1)
        message = "must list at least one item" if least == 1 else f"must list at least {least} items"
    elif kind == "literal_error":
        message = f"expected {error['ctx']['expected']}, got {shown(error['input'])}"
    elif kind == "enum":
        message = _choice_message(error)
    else:
        message = error["msg"]
    return source.problem(loc, message)


def _choice_message(error: Any) -> str:
    """Return "expected one of: ...; got ..." for a value that is not one of an enum's words."""
    choices = re.findall(r"'([^']*)'", error.get("ctx", {}).get("expected", ""))
    got = error["input"]
    hint = difflib.get_close_matches(str(got).strip().lower(), choices, n=1, cutoff=0.6) if isinstance(got, str) else []
    also = f" (did you mean '{hint[0]}'?)" if hint else ""
    return f"expected one of: {', '.join(choices)}; got {shown(got)}{also}"


def _data_loc(data: Any, loc: tuple[Any, ...]) -> tuple[str | int, ...]:
    """Return pydantic's `loc` as a path through the author's `data`.

    Union tags that pydantic puts in a location are dropped, and so is whatever
    follows a value that was text in the file.
    """
    out: list[str | int] = []
    for index, part in enumerate(loc):
        last = index == len(loc) - 1
        if isinstance(data, dict) and part in data:
            data = data[part]
        elif isinstance(data, list) and isinstance(part, int) and part < len(data):
            data = data[part]
        elif isinstance(data, dict) and last:
            pass
        elif isinstance(data, dict):
            continue
        else:
            break
        out.append(part)
    return tuple(out)


def _submodel(annotation: Any) -> type[BaseModel] | None:
    """Return the model inside `annotation` (through lists, unions, Annotated)."""
    if isinstance(annotation, type) and issubclass(annotation, BaseModel):
        return annotation
    for arg in typing.get_args(annotation):
        found = _submodel(arg)
        if found is not None:
            return found
    return None


def _model_at(model: type[BaseModel] | None, loc: tuple[str | int, ...]) -> type[BaseModel] | None:
    for part in loc:
        if model is None:
            return None
        if isinstance(part, str):
            info = _keys(model).get(part)
            model = _submodel(info.annotation) if info else None
    return model


def _keys(model: type[BaseModel]) -> dict[str, FieldInfo]:
    """Return a model's fields by the key an author writes (its alias, if it has one)."""
    return {info.alias or name: info for name, info in model.model_fields.items()}


def _fields_at(model: type[BaseModel], loc: tuple[str | int, ...]) -> list[str]:
    found = _model_at(model, loc)
    return list(_keys(found)) if found else []


def _field_description(model: type[BaseModel], loc: tuple[str | int, ...]) -> str | None:
    found = _model_at(model, loc[:-1])
    info = _keys(found).get(str(loc[-1])) if found and loc else None
    return info.description if info else None


# --- what Markdown points at ------------------------------------------------------

def _markdown_problems(model: Model, source: Source, root: Path, images: list[Path]) -> list[Problem]:
    """Return a problem for every image or link in the model's Markdown that cannot be published; add the images' files to `images`.

    Markdown in the YAML is reported at its key; a Markdown file at its own
    line, under the key ``image`` or ``link``. All of a file's Markdown is
    read by pandoc in one run.
    """
    texts: list[tuple[str, Path, tuple[str | int, ...] | None, Path | None]] = []
    for loc, value in walk(model):
        if isinstance(value, MarkdownText):
            texts.append((value, source.path.parent, loc, None))
        elif isinstance(value, Path) and value.suffix.lower() in {".md", ".markdown"}:
            texts.append((load_markdown(value), value.parent, None, value))
    problems = []
    for (text, base, loc, file), found in zip(texts, targets([t[0] for t in texts])):
        for target in found:
            message = target_problem(target, base, root)
            if message is None:
                if target.kind == "image":
                    images.append(resolve_inside(target.target, base, root, IMAGE_SUFFIXES))
                continue
            if file is None:
                problems.append(source.problem(loc, message))
            else:
                problems.append(Problem(file, line_in(text, target), target.kind, message))
    return problems
