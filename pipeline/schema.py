"""JSON Schemas and commented starter files, both made from the models' docstrings."""

from __future__ import annotations

import json
import typing
from pathlib import Path
from typing import Any

import yaml
from pydantic import BaseModel
from pydantic.fields import FieldInfo

from pipeline.models import KINDS
from pipeline.output import write_atomic


def json_schema(kind: str) -> dict[str, Any]:
    """Return the JSON Schema of input files of `kind`, for editors' YAML completion."""
    schema = KINDS[kind].model.model_json_schema(mode="validation")
    schema["$schema"] = "https://json-schema.org/draft/2020-12/schema"
    schema["title"] = f"boardpapers {kind}"
    return schema


def schema_file_name(kind: str) -> str:
    """Return the file name the schema of `kind` is written to beside a starter file."""
    return f"{kind}.schema.json"


def starter(kind: str) -> str:
    """Return a commented starter file of `kind`: every field, what it means, an example.

    Its first line points YAML editors (yaml-language-server) at the schema
    file written beside it; the example values make a file that validates.
    """
    model = KINDS[kind].model
    lines = [
        f"# yaml-language-server: $schema=./{schema_file_name(kind)}",
        f"# A {kind} for boardpapers. Replace the examples with your own text, then run:",
        "#   boardpapers check THIS-FILE   (lists every mistake, with its line)",
        "#   boardpapers paper THIS-FILE   (builds the Word document)",
        f"kind: {kind}",
    ]
    lines += _fields(model, indent="", skip={"kind"})
    return "\n".join(lines) + "\n"


def _fields(model: type[BaseModel], indent: str, skip: set[str] = frozenset()) -> list[str]:
    lines: list[str] = []
    for field_name, info in model.model_fields.items():
        name = info.alias or field_name
        if name in skip:
            continue
        lines.append("")
        for comment in (info.description or "").splitlines():
            lines.append(f"{indent}# {comment}".rstrip())
        if not info.is_required() and "optional" not in (info.description or ""):
            lines.append(f"{indent}# (optional)")
        lines += _value(name, info, indent)
    return lines


def _value(name: str, info: FieldInfo, indent: str) -> list[str]:
    submodel = _model_in(info.annotation)
    if info.examples:
        return _dump({name: info.examples[0]}, indent)
    if submodel is not None and _is_list(info.annotation):
        return [f"{indent}{name}:", f"{indent}  -"] + _fields(submodel, indent + "    ")[1:]
    if submodel is not None:
        return [f"{indent}{name}:"] + _fields(submodel, indent + "  ")[1:]
    return [f"{indent}# {name}:"]


def _dump(value: dict[str, Any], indent: str) -> list[str]:
    text = yaml.safe_dump(value, allow_unicode=True, sort_keys=False, default_flow_style=False, width=88)
    return [f"{indent}{line}" for line in text.rstrip("\n").splitlines()]


def _model_in(annotation: Any) -> type[BaseModel] | None:
    if isinstance(annotation, type) and issubclass(annotation, BaseModel):
        return annotation
    for arg in typing.get_args(annotation):
        found = _model_in(arg)
        if found is not None:
            return found
    return None


def _is_list(annotation: Any) -> bool:
    if typing.get_origin(annotation) is list:
        return True
    return any(_is_list(arg) for arg in typing.get_args(annotation))


def write_starter(kind: str, path: Path) -> list[Path]:
    """Write a starter file of `kind` to `path`, and its schema beside it; return both paths."""
    schema = path.parent / schema_file_name(kind)
    write_atomic(path, starter(kind).encode("utf-8"))
    write_atomic(schema, (json.dumps(json_schema(kind), indent=2) + "\n").encode("utf-8"))
    return [path, schema]
