"""What a bake needs the baker's say-so for, decided before anything is written.

docs/product.md §6.11: a bake that needs confirming is refused with one
``confirmation_needed`` listing every confirmation with its figures; the caller repeats
with the codes it accepts. Each kind of confirmation is one :class:`ConfirmationCode` and
one function here that says whether a bake needs it; a later rule (making missing
sub-recipe batches, covering a shortage, using expired stock) adds a code and a function,
and the services add its result to the list they check.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass, field
from datetime import date
from decimal import Decimal
from enum import StrEnum
from types import MappingProxyType

from bakehouse.domain.numbers import decimal_text
from bakehouse.domain.wording import count_of
from bakehouse.errors import InvalidInput


class ConfirmationCode(StrEnum):
    """The stable code of each confirmation: what the API's ``confirm`` list, the page's
    checkboxes and the CLI's flags (``--over-plan``) name."""

    #: More batches than the event's plan needs (or a recipe the plan does not need).
    OVER_PLAN = "over_plan"
    #: Short of a sub-recipe's prepared stock: make the missing batches now, in the same
    #: transaction, before the bake that draws them (docs/product.md §6.12).
    MAKE_MISSING = "make_missing"
    #: Short of an ingredient: book what is missing as unrecorded stock and bake
    #: (docs/product.md §6.14).
    COVER_SHORTAGE = "cover_shortage"
    #: Only stock past its best-before covers the bake: draw it (docs/product.md §6.14).
    USE_EXPIRED = "use_expired"
    #: An event date in the past or more than a year ahead: often a typo of the year
    #: (docs/product.md §6.16).
    UNUSUAL_DATE = "unusual_date"

    @property
    def flag(self) -> str:
        """The CLI flag that accepts this confirmation: ``over_plan`` → ``--over-plan``."""
        return "--" + self.value.replace("_", "-")


@dataclass(frozen=True)
class Confirmation:
    """One thing the baker must confirm: its code, a sentence a person reads, and the
    figures behind it (whole numbers, by name)."""

    code: ConfirmationCode
    message: str
    figures: Mapping[str, int | str] = field(default_factory=lambda: MappingProxyType({}))


def over_plan(
    *, recipe: str, event: str, planned: int, made: int, baking: int
) -> Confirmation | None:
    """The over-plan confirmation when ``made`` + ``baking`` batches exceed ``planned``
    (docs/product.md §1.7), else ``None``. A recipe the plan does not need has
    ``planned`` 0, so any bake of it needs confirming."""
    total = made + baking
    if total <= planned:
        return None
    message = over_plan_message(recipe=recipe, event=event, planned=planned, total=total)
    figures = {"planned": planned, "made": made, "baking": baking, "over_by": total - planned}
    return Confirmation(ConfirmationCode.OVER_PLAN, message, MappingProxyType(figures))


def over_plan_message(
    *, recipe: str, event: str, planned: int, total: int, recorded: bool = False
) -> str:
    """How a person is told that ``total`` batches exceed the ``planned`` ones: before the
    bake ("would then be made", the confirmation) or once ``recorded`` (the warning)."""
    made = "now produced" if recorded else "would then be made"
    if planned == 0:
        return f"the plan for {event} does not need {recipe}; {count_of(total, 'batch')} {made}"
    return (
        f"{count_of(total, 'batch')} of {recipe} {made} for {event}, "
        f"{total - planned} more than the {planned} the plan requires"
    )


@dataclass(frozen=True)
class MissingPrepared:
    """A sub-recipe a bake is short of: what it draws and what is on hand (its stock
    unit), and the whole batches that make up the difference."""

    recipe: str
    unit: str
    needed: Decimal
    on_hand: Decimal
    batches: int


def make_missing(missing: Sequence[MissingPrepared]) -> Confirmation | None:
    """The make-what-is-missing confirmation when prepared stock does not cover a bake
    (docs/product.md §6.12), else ``None``; its figures are the batches to make of each
    sub-recipe."""
    if not missing:
        return None
    short = "; ".join(
        f"{m.recipe} needs {decimal_text(m.needed)} {m.unit}, {decimal_text(m.on_hand)} on "
        f"hand: make {count_of(m.batches, 'batch')} now"
        for m in missing
    )
    message = f"not enough prepared stock ({short}); what is made beyond the bake stays prepared"
    figures = {f"{m.recipe}: batches to make": m.batches for m in missing}
    return Confirmation(ConfirmationCode.MAKE_MISSING, message, MappingProxyType(figures))


@dataclass(frozen=True)
class ShortIngredient:
    """An ingredient a bake is short of (canonical unit): what it draws, what is on hand
    and good on the bake's day, what is on hand but past its best-before, and what no lot
    holds (``missing``)."""

    ingredient: str
    unit: str
    needed: Decimal
    on_hand: Decimal
    expired: Decimal
    #: The earliest best-before of the expired stock the bake would draw.
    expired_since: date | None = None

    @property
    def missing(self) -> Decimal:
        return max(self.needed - self.on_hand - self.expired, Decimal(0))

    @property
    def expired_used(self) -> Decimal:
        return min(self.expired, max(self.needed - self.on_hand, Decimal(0)))


def _shown(quantity: Decimal) -> str:
    """A quantity for reading: 2 places at most (the figures keep it exact); a quantity
    smaller than that is shown whole rather than as 0."""
    shown = quantity.quantize(Decimal("0.01"))
    return decimal_text(shown if shown or not quantity else quantity)


def cover_shortage(short: Sequence[ShortIngredient]) -> Confirmation | None:
    """The cover-the-shortage confirmation when no lot holds part of what a bake draws
    (docs/product.md §6.14), else ``None``; its figures are what is missing of each
    ingredient, booked as unrecorded stock once confirmed."""
    missing = [s for s in short if s.missing > 0]
    if not missing:
        return None
    listed = "; ".join(
        f"{s.ingredient} needs {_shown(s.needed)} {s.unit}, "
        f"{_shown(s.on_hand + s.expired)} {s.unit} in the pantry: "
        f"{_shown(s.missing)} {s.unit} missing"
        for s in missing
    )
    message = (
        f"not enough in the pantry ({listed}); confirm to book what is missing as "
        "unrecorded stock, at the latest purchase price, and bake"
    )
    figures: dict[str, int | str] = {
        f"{s.ingredient}: missing": f"{decimal_text(s.missing)} {s.unit}" for s in missing
    }
    return Confirmation(ConfirmationCode.COVER_SHORTAGE, message, MappingProxyType(figures))


def use_expired(short: Sequence[ShortIngredient]) -> Confirmation | None:
    """The use-expired-stock confirmation when a bake would draw stock past its
    best-before (docs/product.md §6.14), else ``None``: "use 40 g expired on Nov 2?"."""
    expired = [s for s in short if s.expired_used > 0]
    if not expired:
        return None
    listed = "; ".join(
        f"{_shown(s.expired_used)} {s.unit} of {s.ingredient}"
        + (f" (expired on {s.expired_since.isoformat()})" if s.expired_since else "")
        for s in expired
    )
    message = f"only stock past its best-before covers this bake: use {listed}"
    figures: dict[str, int | str] = {
        f"{s.ingredient}: expired used": f"{decimal_text(s.expired_used)} {s.unit}" for s in expired
    }
    return Confirmation(ConfirmationCode.USE_EXPIRED, message, MappingProxyType(figures))


def a_year_after(day: date) -> date:
    """The same day a year later (28 February for 29 February)."""
    try:
        return day.replace(year=day.year + 1)
    except ValueError:
        return day.replace(year=day.year + 1, day=28)


def unusual_date(*, event: str, event_date: date, today: date) -> Confirmation | None:
    """The unusual-date confirmation for an event dated before ``today`` or more than a
    year after it (docs/product.md §6.16), else ``None``; its figure is
    ``days_from_today`` (negative in the past)."""
    days = (event_date - today).days
    if event_date < today:
        ago = "yesterday" if days == -1 else f"{-days:,} days ago"
        message = f"{event} is dated {event_date.isoformat()}, in the past ({ago})"
    elif event_date > a_year_after(today):
        message = (
            f"{event} is dated {event_date.isoformat()}, more than a year ahead "
            f"({days:,} days from today)"
        )
    else:
        return None
    figures = {"days_from_today": days}
    return Confirmation(ConfirmationCode.UNUSUAL_DATE, message, MappingProxyType(figures))


def still_needed(
    confirmations: Iterable[Confirmation | None], accepted: Iterable[ConfirmationCode]
) -> tuple[Confirmation, ...]:
    """The confirmations (``None`` ones dropped) whose code is not in ``accepted``."""
    given = frozenset(accepted)
    return tuple(c for c in confirmations if c is not None and c.code not in given)


#: The confirmations a bake may need (docs/product.md §6.11), and an event's date
#: (§6.16): each door accepts only its own.
BAKE_CONFIRMATIONS = (
    ConfirmationCode.OVER_PLAN,
    ConfirmationCode.MAKE_MISSING,
    ConfirmationCode.COVER_SHORTAGE,
    ConfirmationCode.USE_EXPIRED,
)
DATE_CONFIRMATIONS = (ConfirmationCode.UNUSUAL_DATE,)


def confirmation_codes(
    values: Iterable[str], known: Sequence[ConfirmationCode] = BAKE_CONFIRMATIONS
) -> frozenset[ConfirmationCode]:
    """``values`` as confirmation codes among ``known``, or :class:`InvalidInput` naming
    the unknown ones and the codes there are (field ``confirm``)."""
    given = [values] if isinstance(values, str) else list(values)
    by_value = {code.value: code for code in known}
    unknown: Sequence[str] = [str(v) for v in given if str(v) not in by_value]
    if unknown:
        raise InvalidInput(
            f"unknown confirmation {', '.join(repr(u) for u in unknown)}; "
            f"the confirmations are: {', '.join(by_value)}",
            field="confirm",
        )
    return frozenset(by_value[str(v)] for v in given)
