"""Reading JSON that people and programs send: data files and ``/api`` request bodies.

Python's ``json`` module lets the last of two equal keys win silently, reads ``1e-7`` as
a binary float, and recurses once per level of nesting (a 5,000-deep document ends in a
``RecursionError``). :func:`read_json` refuses duplicate keys naming their JSON path,
refuses nesting deeper than :data:`~bakehouse.domain.inputs.limits.MAX_JSON_DEPTH` before
parsing, and keeps every JSON number with a fraction or exponent as the text it was
written with (:class:`JsonNumber`), so the number grammar decides what it means.
"""

from __future__ import annotations

import json
import re
from collections import Counter
from collections.abc import Iterable
from decimal import Decimal
from typing import Any, Literal

from bakehouse.domain.inputs.limits import MAX_JSON_DEPTH
from bakehouse.errors import FieldProblem, ValidationFailed

_STRING = re.compile(r'"[^"\\]*(?:\\.[^"\\]*)*"', re.DOTALL)
_NOT_BRACKET = re.compile(r"[^\[\]{}]+")


class JsonNumber(Decimal):
    """A JSON number with a fraction or an exponent, remembering how it was written."""

    literal: str

    def __new__(cls, literal: str) -> JsonNumber:
        number = super().__new__(cls, literal)
        number.literal = literal
        return number


class _DuplicatedKeys(dict[str, Any]):
    """An object in which at least one key appeared twice (the keys are kept)."""

    duplicates: tuple[str, ...] = ()


class _Objects:
    """The ``object_pairs_hook``: builds dicts, marking (and noticing) duplicated keys."""

    def __init__(self) -> None:
        self.duplicated = False

    def __call__(self, pairs: list[tuple[str, Any]]) -> dict[str, Any]:
        result = dict(pairs)
        if len(result) == len(pairs):
            return result
        self.duplicated = True
        marked = _DuplicatedKeys(result)
        counts = Counter(key for key, _ in pairs)
        marked.duplicates = tuple(key for key, count in counts.items() if count > 1)
        return marked


def _constant(name: str) -> Any:
    raise ValueError(f"{name} is not a JSON value")


def read_json(text: str | bytes, *, numbers: Literal["text", "decimal"] = "text") -> Any:
    """The parsed document, or :class:`ValidationFailed` with every problem's JSON path.

    ``numbers="text"`` keeps fractional JSON numbers as :class:`JsonNumber` (the API);
    ``"decimal"`` as plain Decimals (the data file, whose schema wants strings and says so).
    """
    if isinstance(text, bytes):
        try:
            text = text.decode("utf-8")
        except UnicodeDecodeError:
            raise _failed("$", "is not UTF-8 text") from None
    if deeper_than(text, MAX_JSON_DEPTH):
        raise _failed("$", f"nests lists and objects more than {MAX_JSON_DEPTH} levels deep")
    objects = _Objects()
    try:
        data = json.loads(
            text,
            object_pairs_hook=objects,
            parse_float=JsonNumber if numbers == "text" else Decimal,
            parse_constant=_constant,
        )
    except json.JSONDecodeError as error:
        where = f"line {error.lineno}, column {error.colno}"
        raise _failed("$", f"is not valid JSON: {error.msg} ({where})") from None
    except RecursionError:  # pragma: no cover - the depth check comes first
        raise _failed("$", "nests lists and objects too deeply") from None
    except ValueError as error:  # NaN, Infinity, an integer of thousands of digits
        raise _failed("$", f"is not valid JSON: {error}") from None
    if objects.duplicated:
        raise ValidationFailed(list(_duplicate_keys(data)))
    return data


def deeper_than(text: str, limit: int) -> bool:
    """Whether ``text`` nests lists and objects more than ``limit`` levels deep."""
    if text.count("[") + text.count("{") <= limit:
        return False
    depth = 0
    for bracket in _NOT_BRACKET.sub("", _STRING.sub("", text)):
        depth += 1 if bracket in "[{" else -1
        if depth > limit:
            return True
    return False


def _duplicate_keys(data: Any) -> Iterable[FieldProblem]:
    """A problem for every object holding a key twice, in document order."""
    pending: list[tuple[str, Any]] = [("$", data)]
    while pending:
        path, value = pending.pop()
        if isinstance(value, dict):
            for key in getattr(value, "duplicates", ()):
                yield FieldProblem(path, f'has the key "{key}" more than once')
            children = [(_member(path, k), v) for k, v in value.items()]
        elif isinstance(value, list):
            children = [(f"{path}[{i}]", v) for i, v in enumerate(value)]
        else:
            continue
        pending.extend(reversed(children))


def _member(path: str, key: str) -> str:
    return f"{path}.{key}" if re.fullmatch(r"[A-Za-z_][A-Za-z0-9_]*", key) else f"{path}[{key!r}]"


def _failed(location: str, message: str) -> ValidationFailed:
    return ValidationFailed([FieldProblem(location, message)])
