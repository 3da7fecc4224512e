"""How an input rule says no: :class:`InputProblem`, a phrase that follows the field's name.

The rules in this package raise ``InputProblem("must be at most 200 characters")``; each
door puts the field's name (or JSON path) in front. It is a ``ValueError``, so a pydantic
validator that calls a rule reports it as that field's problem without any glue, and
:func:`as_invalid_input` turns it into the domain's :class:`InvalidInput` for services.
"""

from __future__ import annotations

from collections.abc import Iterator
from contextlib import contextmanager

from bakehouse.errors import InvalidInput


class InputProblem(ValueError):
    """What is wrong with one value, worded to follow its field's name."""

    def __init__(self, problem: str) -> None:
        super().__init__(problem)
        self.problem = problem

    def for_field(self, field: str) -> InvalidInput:
        """The same problem as the domain error that names ``field``."""
        return InvalidInput(f"{field} {self.problem}", field=field)


@contextmanager
def as_invalid_input(field: str) -> Iterator[None]:
    """Inside the block, an :class:`InputProblem` becomes :class:`InvalidInput` on ``field``."""
    try:
        yield
    except InputProblem as problem:
        raise problem.for_field(field) from None
