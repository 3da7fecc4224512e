"""First two layers of import validation: the JSON Schema (shape), then the pydantic models.

Every problem becomes a :class:`FieldProblem` located by its JSON path
(``$.lots[3].quantity``) with a message written for a person, not a validator.
"""

from __future__ import annotations

import json
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field
from decimal import Decimal
from functools import cache
from importlib import resources
from typing import Any

from jsonschema import Draft202012Validator
from jsonschema.exceptions import ValidationError, best_match
from pydantic import ValidationError as PydanticError

from bakehouse.errors import FieldProblem
from bakehouse.io.document import (
    MONEY_PATTERN,
    PATTERN_MESSAGES,
    QUANTITY_PATTERN,
    READABLE_VERSIONS,
    SECTIONS,
    Entry,
)

_DECIMAL_PATTERNS = (QUANTITY_PATTERN, MONEY_PATTERN)
_TYPE_NAMES = {
    "string": "a string",
    "integer": "a whole number",
    "number": "a number",
    "boolean": "true or false",
    "array": "a list",
    "object": "an object",
    "null": "null",
}


@cache
def published_schema() -> dict[str, Any]:
    """The JSON Schema shipped with the package (``bakehouse/io/schema.json``)."""
    text = resources.files("bakehouse.io").joinpath("schema.json").read_text(encoding="utf-8")
    schema: dict[str, Any] = json.loads(text)
    return schema


@cache
def _validator() -> Draft202012Validator:
    return Draft202012Validator(published_schema())


def json_path(parts: Iterable[str | int]) -> str:
    """``("lots", 3, "quantity")`` → ``$.lots[3].quantity``."""
    path = "$"
    for part in parts:
        path += f"[{part}]" if isinstance(part, int) else f".{part}"
    return path


def _describe(error: ValidationError) -> tuple[list[str | int], str]:
    """Where the problem is and what to say about it."""
    path = list(error.absolute_path)
    keyword = error.validator
    # jsonschema types these as possibly unset; for a reported error they are always set.
    value: Any = error.validator_value
    instance: Any = error.instance
    schema: Any = error.schema
    if keyword in ("anyOf", "oneOf") and error.context:
        # A nullable field: explain why the non-null alternative failed.
        inner = [e for e in error.context if e.validator != "type" or e.validator_value != "null"]
        return _describe(best_match(inner or error.context))
    if keyword == "required":
        missing = str(error.message).split("'")[1]
        return [*path, missing], "is required"
    if keyword == "additionalProperties":
        extras = sorted(set(instance) - set(schema.get("properties", {})))
        return [*path, extras[0]] if extras else path, "is not a field of this file format"
    if keyword in ("const", "enum") and path == ["version"]:
        *older, newest = READABLE_VERSIONS
        readable = f"{', '.join(str(v) for v in older)} and {newest}"
        return (
            path,
            f"this file is version {instance!r}; this Bakehouse reads version {readable} files",
        )
    if keyword == "const" and path == ["format"]:
        return path, 'not a Bakehouse data file (format must be "bakehouse")'
    if keyword == "type" and schema.get("pattern") in _DECIMAL_PATTERNS:
        if isinstance(instance, int | float | Decimal) and not isinstance(instance, bool):
            return path, f'must be a decimal string such as "{instance}", not a JSON number'
        return path, 'must be a decimal string such as "12.5"'
    if keyword == "type":
        names = [value] if isinstance(value, str) else list(value)
        return path, "must be " + " or ".join(_TYPE_NAMES.get(n, n) for n in names)
    if keyword == "pattern":
        return path, PATTERN_MESSAGES.get(str(value), str(error.message))
    if keyword == "enum":
        choices = ", ".join(str(c) for c in value)
        return path, f"{instance!r} is not one of: {choices}"
    if keyword == "minLength":
        return path, "must not be empty"
    if keyword == "maxLength":
        return path, f"must be at most {value} characters"
    if keyword == "exclusiveMinimum":
        return path, f"must be greater than {value}"
    if keyword in ("minimum", "maximum"):
        bound = "at least" if keyword == "minimum" else "at most"
        return path, f"must be {bound} {value}"
    return path, str(error.message)


def schema_problems(data: object) -> list[FieldProblem]:
    """Every place where ``data`` does not fit the published schema, in document order."""
    problems = []
    for error in _validator().iter_errors(data):
        path, message = _describe(error)
        problems.append(FieldProblem(json_path(path), message))
    return sorted(set(problems), key=lambda p: location_order(p.location))


_TOP_LEVEL = ["format", "version", "exported_at", *SECTIONS]


def location_order(location: str) -> list[tuple[int, Any]]:
    """Sort key putting problems in the order their places appear in a document."""
    key: list[tuple[int, Any]] = []
    for token in location.replace("]", "").replace("[", ".").split(".")[1:]:
        if token.isdigit():
            key.append((0, int(token)))
        elif not key and token in _TOP_LEVEL:
            key.append((0, _TOP_LEVEL.index(token)))
        else:
            key.append((1, token))
    return key


@dataclass
class ParsedDocument:
    """The entries that passed shape validation, each with its index in the file."""

    sections: dict[str, list[tuple[int, Entry]]] = field(default_factory=dict)
    #: Every slug or ref present in each section, broken entries included, so a broken
    #: entry is reported once and not again by each reference to it.
    keys_present: dict[str, set[str]] = field(default_factory=dict)
    #: The raw entries that could not be read, per section.
    unreadable: dict[str, list[Any]] = field(default_factory=dict)

    def entries(self, section: str) -> list[tuple[int, Any]]:
        return self.sections.get(section, [])


def _broken_entries(problems: Sequence[FieldProblem]) -> set[str]:
    """``$.lots[3]`` for every entry with at least one problem."""
    broken = set()
    for problem in problems:
        head, _, rest = problem.location[2:].partition("[")
        if rest:
            broken.add(f"$.{head}[{rest.split(']')[0]}]")
    return broken


def parse_entries(data: object, problems: list[FieldProblem]) -> ParsedDocument:
    """Build the models of every entry not already marked broken, adding their problems."""
    parsed = ParsedDocument()
    if not isinstance(data, dict):
        return parsed
    broken = _broken_entries(problems)
    for section, model in SECTIONS.items():
        raw_entries = data.get(section, [])
        if not isinstance(raw_entries, list):
            continue
        key_name = "ref" if "ref" in model.model_fields else "slug"
        parsed.keys_present[section] = {
            raw[key_name]
            for raw in raw_entries
            if isinstance(raw, dict) and isinstance(raw.get(key_name), str)
        }
        valid: list[tuple[int, Entry]] = []
        unreadable: list[Any] = parsed.unreadable.setdefault(section, [])
        for index, raw in enumerate(raw_entries):
            if f"$.{section}[{index}]" in broken:
                unreadable.append(raw)
                continue
            try:
                valid.append((index, model.model_validate(raw)))
            except PydanticError as error:
                unreadable.append(raw)
                for detail in error.errors(include_url=False):
                    location = json_path([section, index, *detail["loc"]])
                    problems.append(FieldProblem(location, _pydantic_message(detail)))
        parsed.sections[section] = valid
    return parsed


def _pydantic_message(detail: Any) -> str:
    if detail["type"] == "timezone_aware":
        return 'needs a time zone, e.g. "2026-12-20T10:00:00+00:00"'
    message = str(detail["msg"])
    if message.startswith("Value error, "):
        return message.removeprefix("Value error, ")
    if message.startswith("Input should be "):
        return "should be " + message.removeprefix("Input should be ")
    return message
