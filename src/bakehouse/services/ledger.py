"""The stock ledger: the only code that writes stock movements and lot balances.

Every change to a lot is an appended :class:`StockMovement`; the lot's running balance
(``quantity_remaining``, ``value_remaining``) moves with it in the same flush, and the
database refuses a negative balance. On PostgreSQL, lots about to be drawn are locked
(``SELECT … FOR UPDATE``, in id order so two bakes never deadlock) so that concurrent bakes
cannot draw the same stock twice.
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Collection, Iterable
from datetime import datetime
from decimal import Decimal

from sqlalchemy import func, select
from sqlalchemy.orm import Session

from bakehouse.domain.fifo import DrawPlan, LotBalance
from bakehouse.domain.kinds import AdjustmentReason, MovementKind
from bakehouse.domain.numbers import ZERO
from bakehouse.models import Lot, StockMovement
from bakehouse.models.types import utcnow


def load_lot_balances(
    session: Session, ingredient_ids: Collection[int], *, lock: bool = False
) -> dict[int, list[LotBalance]]:
    """Lots with stock left for the given ingredients, FIFO-ordered, in one statement.

    With ``lock=True`` the rows are locked for the rest of the transaction (PostgreSQL;
    SQLite serialises writers anyway).
    """
    if not ingredient_ids:
        return {}
    stmt = (
        select(Lot)
        .where(Lot.ingredient_id.in_(sorted(ingredient_ids)), Lot.quantity_remaining > 0)
        .order_by(Lot.id)
    )
    if lock:
        stmt = stmt.with_for_update()
    balances: dict[int, list[LotBalance]] = defaultdict(list)
    for lot in session.scalars(stmt):
        balances[lot.ingredient_id].append(balance_of(lot))
    for lots in balances.values():
        lots.sort(key=lambda b: (b.received_on, b.lot_id))
    return dict(balances)


def balance_of(lot: Lot) -> LotBalance:
    return LotBalance(
        lot_id=lot.id,
        received_on=lot.received_on,
        initial_quantity=lot.initial_quantity,
        cost=lot.cost,
        quantity_remaining=lot.quantity_remaining,
        value_remaining=lot.value_remaining,
    )


def append_movement(
    session: Session,
    lot: Lot,
    *,
    kind: MovementKind,
    quantity: Decimal,
    value: Decimal,
    reason: AdjustmentReason | None = None,
    note: str = "",
    production_record_id: int | None = None,
    reverses_id: int | None = None,
    occurred_at: datetime | None = None,
) -> StockMovement:
    """Append one signed movement to ``lot`` and move its balance with it."""
    movement = StockMovement(
        lot=lot,
        kind=kind,
        quantity=quantity,
        value=value,
        reason=reason,
        note=note,
        production_record_id=production_record_id,
        reverses_id=reverses_id,
        occurred_at=occurred_at or utcnow(),
    )
    lot.quantity_remaining = lot.quantity_remaining + quantity
    lot.value_remaining = lot.value_remaining + value
    session.add(movement)
    return movement


def apply_draw_plans(
    session: Session,
    plans: Iterable[DrawPlan],
    *,
    kind: MovementKind = MovementKind.PRODUCTION,
    production_record_id: int | None = None,
    reason: AdjustmentReason | None = None,
    note: str = "",
) -> list[StockMovement]:
    """Apply planned draws as negative movements, in the caller's transaction.

    The lots must already be in the session (as loaded by :func:`load_lot_balances`), so
    this issues no reads; the movements are flushed together.
    """
    plans = list(plans)
    lot_ids = [draw.lot_id for plan in plans for draw in plan.draws]
    lots = {lot.id: lot for lot in _lots_by_id(session, lot_ids)}
    movements = [
        append_movement(
            session,
            lots[draw.lot_id],
            kind=kind,
            quantity=-draw.quantity,
            value=-draw.cost,
            reason=reason,
            note=note,
            production_record_id=production_record_id,
        )
        for plan in plans
        for draw in plan.draws
    ]
    session.flush()
    return movements


def _lots_by_id(session: Session, lot_ids: Collection[int]) -> list[Lot]:
    """Lots from the identity map when loaded already; one query for the rest."""
    found: list[Lot] = []
    missing: list[int] = []
    for lot_id in set(lot_ids):
        lot = session.identity_map.get(session.identity_key(Lot, lot_id))
        if lot is None:
            missing.append(lot_id)
        else:
            found.append(lot)
    if missing:
        found.extend(session.scalars(select(Lot).where(Lot.id.in_(missing))))
    return found


def ledger_discrepancies(session: Session) -> list[int]:
    """Ids of lots whose balance differs from the sum of their movements (should be none)."""
    sums = (
        select(
            StockMovement.lot_id,
            func.sum(StockMovement.quantity).label("quantity"),
            func.sum(StockMovement.value).label("value"),
        )
        .group_by(StockMovement.lot_id)
        .subquery()
    )
    rows = session.execute(
        select(Lot.id, Lot.quantity_remaining, Lot.value_remaining, sums.c.quantity, sums.c.value)
        .outerjoin(sums, sums.c.lot_id == Lot.id)
        .order_by(Lot.id)
    )
    bad = []
    for lot_id, quantity, value, moved_quantity, moved_value in rows:
        if quantity != (moved_quantity or ZERO) or value != (moved_value or ZERO):
            bad.append(lot_id)
    return bad
