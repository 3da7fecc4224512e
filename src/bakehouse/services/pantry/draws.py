"""Drawing stock from the pantry, FIFO: a dry-run estimate and the real draw.

Both plan with :func:`bakehouse.domain.fifo.plan_all` over the balances of the oldest lots
that cover the request (:func:`~bakehouse.services.pantry.ledger.load_covering_lots`); the
draw locks those lots first and applies the plans through the ledger, all or nothing.
Import these from :mod:`bakehouse.services.pantry.stock`.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from decimal import Decimal

from sqlalchemy.orm import Session

from bakehouse.domain.fifo import IngredientDraw, StockRequest, plan_all
from bakehouse.domain.inputs import TextLimit
from bakehouse.domain.kinds import AdjustmentReason, MovementKind
from bakehouse.domain.numbers import ZERO
from bakehouse.errors import InvalidInput
from bakehouse.models import Ingredient
from bakehouse.services.core.checks import canonical_quantity, positive_quantity, text_input
from bakehouse.services.pantry.ledger import apply_draw_plans, load_covering_lots

_DRAW_KINDS = (MovementKind.PRODUCTION, MovementKind.ADJUSTMENT)


@dataclass(frozen=True)
class DrawEstimate:
    """A planned (or applied) draw over several ingredients, with its total cost."""

    ingredients: tuple[IngredientDraw, ...]
    total_cost: Decimal


@dataclass(frozen=True)
class StockDraw(DrawEstimate):
    """An applied draw: the estimate plus the ids of the movements written."""

    movement_ids: tuple[int, ...] = ()


def stock_request(
    ingredient: Ingredient, quantity: Decimal | int | str, unit: str | None = None
) -> StockRequest:
    """A request for ``quantity`` ``unit`` (default: canonical) of ``ingredient``,
    converted to its canonical unit. Raises :class:`InvalidInput` for a bad quantity or
    a unit that does not convert."""
    amount = positive_quantity(quantity, field="quantity")
    canonical = canonical_quantity(amount, unit or ingredient.unit, ingredient.factors)
    return StockRequest(ingredient.id, ingredient.name, ingredient.unit, canonical)


def estimate_draw_cost(session: Session, requests: Sequence[StockRequest]) -> DrawEstimate:
    """Dry run: what drawing ``requests`` now would take and cost; writes nothing.

    Raises :class:`InsufficientStock` listing every short ingredient.
    """
    lots = load_covering_lots(session, requests)
    return _estimate(plan_all(requests, lots))


def draw_stock(
    session: Session,
    requests: Sequence[StockRequest],
    *,
    kind: MovementKind,
    note: str = "",
    reason: AdjustmentReason | None = None,
    production_record_id: int | None = None,
) -> StockDraw:
    """Draw ``requests`` from the pantry, FIFO, all or nothing, in the caller's transaction.

    The lots are locked first (PostgreSQL), so concurrent draws cannot take the same
    stock. Returns what was drawn. Raises :class:`InsufficientStock` (nothing drawn) or
    :class:`InvalidInput` for a kind that is not a draw.
    """
    if kind not in _DRAW_KINDS:
        raise InvalidInput(f"a draw is a production or an adjustment, not {kind}", field="kind")
    if kind == MovementKind.ADJUSTMENT and reason is None:
        reason = AdjustmentReason.OTHER
    text = text_input(note, field="note", max_length=TextLimit.NOTES)
    lots = load_covering_lots(session, requests, lock=True)
    plans = plan_all(requests, lots)
    movements = apply_draw_plans(
        session,
        plans,
        kind=kind,
        reason=reason,
        note=text,
        production_record_id=production_record_id,
    )
    estimate = _estimate(plans)
    return StockDraw(estimate.ingredients, estimate.total_cost, tuple(m.id for m in movements))


def _estimate(plans: Sequence[IngredientDraw]) -> DrawEstimate:
    return DrawEstimate(tuple(plans), sum((plan.cost for plan in plans), ZERO))
