"""The one domain error hierarchy.

Services and the pure core raise these; the web layer maps them to HTTP statuses and one
JSON error shape, the CLI to a one-line message and an exit code. Each error carries a
human message and, where useful, structured ``details`` that serialise to JSON.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from decimal import Decimal
from typing import TYPE_CHECKING, Any

from bakehouse.domain.wording import count_of

if TYPE_CHECKING:
    from bakehouse.domain.confirmations import Confirmation


class BakehouseError(Exception):
    """Base of every error a user can cause or be told about."""

    code = "error"
    #: Exit code the CLI uses; HTTP status the web layer uses.
    exit_code = 1
    http_status = 400

    def __init__(self, message: str, *, field: str | None = None) -> None:
        super().__init__(message)
        self.message = message
        self.field = field

    def details(self) -> dict[str, Any]:
        """Structured, JSON-ready details (empty unless a subclass adds some)."""
        return {}


class NotFound(BakehouseError):
    code = "not_found"
    exit_code = 3
    http_status = 404

    def __init__(self, kind: str, key: object) -> None:
        super().__init__(f"{kind} {key!r} was not found")
        self.kind = kind
        self.key = key

    def details(self) -> dict[str, Any]:
        return {"kind": self.kind, "key": str(self.key)}


class InvalidInput(BakehouseError):
    """Input that breaks a rule: a negative quantity, an empty name, an unknown allergen."""

    code = "invalid_input"
    exit_code = 2
    http_status = 422


@dataclass(frozen=True)
class FieldProblem:
    """One located problem in a larger input (a form field, a JSON path in an import)."""

    location: str
    message: str


class ValidationFailed(InvalidInput):
    """Several located problems at once (an import file, a form with many fields)."""

    code = "validation_failed"

    def __init__(self, problems: Sequence[FieldProblem], summary: str | None = None) -> None:
        self.problems = list(problems)
        lines = "; ".join(f"{p.location}: {p.message}" for p in self.problems[:5])
        more = f" (and {len(self.problems) - 5} more)" if len(self.problems) > 5 else ""
        super().__init__(summary or f"{count_of(len(self.problems), 'problem')}: {lines}{more}")

    def details(self) -> dict[str, Any]:
        return {"problems": [{"location": p.location, "message": p.message} for p in self.problems]}


class UnitError(InvalidInput):
    """A unit that is unknown, or a conversion that is not possible."""

    code = "unit_error"


class UnknownUnit(UnitError):
    code = "unknown_unit"

    def __init__(self, unit: str) -> None:
        super().__init__(
            f"unknown unit {unit!r}; use one of g, kg, oz, lb, ml, l, tsp, tbsp, fl oz, cup, "
            "pint, quart, gallon, each, dozen"
        )
        self.unit = unit


class ConversionNotPossible(UnitError):
    """E.g. cups of eggs when eggs have no density: the message says what to set."""

    code = "conversion_not_possible"

    def __init__(self, ingredient: str, from_unit: str, to_unit: str, missing: str) -> None:
        super().__init__(
            f"cannot convert {from_unit} to {to_unit} for {ingredient}: "
            f"set {missing} for {ingredient} to use {from_unit}"
        )
        self.ingredient = ingredient
        self.from_unit = from_unit
        self.to_unit = to_unit
        self.missing = missing

    def details(self) -> dict[str, Any]:
        return {
            "ingredient": self.ingredient,
            "from_unit": self.from_unit,
            "to_unit": self.to_unit,
            "missing": self.missing,
        }


class Conflict(BakehouseError):
    """The action clashes with what is stored: a duplicate name, a thing still in use."""

    code = "conflict"
    exit_code = 4
    http_status = 409


#: What can be archived instead of deleted (docs/product.md §6.20).
ARCHIVABLE_KINDS = frozenset(
    ("ingredient", "product", "recipe", "item", "bundle", "package", "recipient", "event")
)


class InUse(Conflict):
    code = "in_use"

    def __init__(
        self, kind: str, name: str, used_by: Sequence[str], *, why: str | None = None
    ) -> None:
        more = f" and {len(used_by) - 5} more" if len(used_by) > 5 else ""
        shown = ", ".join(used_by[:5]) + more
        # What history uses is archived instead (docs/product.md §6.20).
        hint = "" if why else f"; archive the {kind} instead to hide it and keep its history"
        super().__init__(
            f"cannot delete {kind} {name!r}: {why or 'it is used by ' + shown}"
            + (hint if kind in ARCHIVABLE_KINDS else "")
        )
        self.used_by = list(used_by)

    def details(self) -> dict[str, Any]:
        return {"used_by": self.used_by}


class SeasonsOverlap(Conflict):
    """Two seasons would share a day (docs/product.md §6.15)."""

    code = "seasons_overlap"


class CycleDetected(InvalidInput):
    code = "cycle"

    def __init__(self, path: Sequence[str], *, what: str = "bundles cannot contain") -> None:
        super().__init__(f"{what} themselves: " + " → ".join(path))
        self.path = list(path)

    def details(self) -> dict[str, Any]:
        return {"path": self.path}


@dataclass(frozen=True)
class Shortage:
    ingredient_id: int
    ingredient: str
    unit: str
    needed: Decimal
    available: Decimal

    @property
    def missing(self) -> Decimal:
        return self.needed - self.available


class InsufficientStock(BakehouseError):
    """Not enough in the pantry: lists every short ingredient with needed and available."""

    code = "insufficient_stock"
    exit_code = 5
    http_status = 409

    def __init__(self, shortages: Sequence[Shortage]) -> None:
        self.shortages = list(shortages)
        parts = [
            f"{s.ingredient} (needed {_fmt(s.needed)} {s.unit}, "
            f"available {_fmt(s.available)} {s.unit})"
            for s in self.shortages
        ]
        super().__init__("not enough in the pantry: " + "; ".join(parts))

    def details(self) -> dict[str, Any]:
        return {
            "shortages": [
                {
                    "ingredient_id": s.ingredient_id,
                    "ingredient": s.ingredient,
                    "unit": s.unit,
                    "needed": str(s.needed),
                    "available": str(s.available),
                    "missing": str(s.missing),
                }
                for s in self.shortages
            ]
        }


class InvalidStatusTransition(Conflict):
    code = "invalid_status_transition"

    def __init__(self, current: str, target: str) -> None:
        super().__init__(
            f"a package cannot go from {current} to {target}: "
            "it moves pending → assembled → delivered, one step at a time"
        )
        self.current = current
        self.target = target

    def details(self) -> dict[str, Any]:
        return {"current": self.current, "target": self.target}


@dataclass(frozen=True)
class MissingProduction:
    recipe_id: int
    recipe: str
    required: int
    produced: int
    #: Batches still to bake; ``None``: required − produced.
    still_to_bake: int | None = None
    #: Items lost or moved away (docs/product.md §6.13), when that is what blocks.
    lost: int = 0

    @property
    def missing(self) -> int:
        if self.still_to_bake is not None:
            return self.still_to_bake
        return self.required - self.produced

    @property
    def sentence(self) -> str:
        """How a person is told: batches required, produced, missing, and the loss."""
        text = (
            f"{self.recipe}: {count_of(self.required, 'batch')} required, "
            f"{self.produced} produced, "
            f"{self.missing} missing"
        )
        if self.lost:
            text += f" ({count_of(self.lost, 'item')} lost or moved away)"
        return text


class IncompleteProduction(Conflict):
    code = "incomplete_production"

    def __init__(self, assignment_id: int, missing: Sequence[MissingProduction]) -> None:
        self.assignment_id = assignment_id
        self.missing = list(missing)
        parts = [m.sentence for m in self.missing]
        super().__init__("not enough baked to assemble this package: " + "; ".join(parts))

    def details(self) -> dict[str, Any]:
        return {
            "assignment_id": self.assignment_id,
            "missing": [
                {
                    "recipe_id": m.recipe_id,
                    "recipe": m.recipe,
                    "required": m.required,
                    "produced": m.produced,
                    "missing": m.missing,
                    "lost": m.lost,
                }
                for m in self.missing
            ],
        }


class AlreadyReversed(Conflict):
    code = "already_reversed"


class ConfirmationNeeded(Conflict):
    """A bake (or an event's date, §6.16) that needs the baker's say-so, refused before
    anything was written: every confirmation it needs, each with its code, message and
    figures (docs/product.md §6.11). ``what`` names the thing in the message."""

    code = "confirmation_needed"

    def __init__(self, confirmations: Sequence[Confirmation], *, what: str = "this bake") -> None:
        self.confirmations = list(confirmations)
        asked = "; ".join(f"{c.message} (confirm {c.code.value})" for c in self.confirmations)
        super().__init__(f"{what} needs confirming: {asked}", field="confirm")

    def details(self) -> dict[str, Any]:
        return {
            "confirmations": [
                {"code": c.code.value, "message": c.message, "figures": dict(c.figures)}
                for c in self.confirmations
            ]
        }


class ConcurrentUpdate(Conflict):
    """Someone else changed the same thing at the same moment; try again."""

    code = "concurrent_update"


IDEMPOTENCY_KEY_FIELD = "Idempotency-Key"


class IdempotencyKeyReused(Conflict):
    code = "idempotency_key_reused"

    def __init__(self) -> None:
        super().__init__(
            "this idempotency key was already used for a different request; "
            "use a new key for a new request",
            field=IDEMPOTENCY_KEY_FIELD,
        )


class IdempotencyKeyInUse(Conflict):
    code = "idempotency_key_in_use"

    def __init__(self) -> None:
        super().__init__(
            "a request with this idempotency key is still being answered (or was "
            "interrupted); check whether it was recorded before sending it with a new key",
            field=IDEMPOTENCY_KEY_FIELD,
        )


class OwnerAccountRequired(BakehouseError):
    """Serving beyond this machine needs an owner account first (or nobody could sign in)."""

    code = "owner_required"
    exit_code = 6
    http_status = 503


class UnknownSchemaRevision(BakehouseError):
    """The database was made by a newer (or another) Bakehouse: its schema is not ours."""

    code = "unknown_schema_revision"
    exit_code = 7
    http_status = 503

    def __init__(self, found: str, expected: str, version: str) -> None:
        super().__init__(
            f"the database is at schema revision {found}, which Bakehouse {version} does "
            f"not know (it expects revision {expected}); it was probably made by a newer "
            "Bakehouse: upgrade Bakehouse, or point BAKEHOUSE_DATABASE_URL at another database"
        )
        self.found = found
        self.expected = expected

    def details(self) -> dict[str, Any]:
        return {"found": self.found, "expected": self.expected}


class ServerBusy(BakehouseError):
    """Too much at once (password checks): try again after ``retry_after_seconds``."""

    code = "busy"
    exit_code = 8
    http_status = 503

    def __init__(self, message: str, *, retry_after_seconds: int) -> None:
        super().__init__(message)
        self.retry_after_seconds = retry_after_seconds

    def details(self) -> dict[str, Any]:
        return {"retry_after_seconds": self.retry_after_seconds}


def _fmt(value: Decimal) -> str:
    """A quantity as a person reads it: at most 2 decimals, no trailing zeros (exact in details)."""
    rounded = value.quantize(Decimal("0.01")) if abs(value) >= Decimal("0.01") else value
    return format(rounded.normalize(), "f")
