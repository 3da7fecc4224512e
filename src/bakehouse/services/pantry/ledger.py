"""The stock ledger: the only code that writes stock movements and lot balances.

Every change to a lot is an appended :class:`StockMovement`; the lot's running balance
(``quantity_remaining``, ``value_remaining``) moves with it in the same flush, and the
database refuses a negative balance. On PostgreSQL, lots about to be drawn are locked
(``SELECT … FOR UPDATE``, in id order so two bakes never deadlock) so that concurrent bakes
cannot draw the same stock twice.

The database holds the rule too: triggers refuse any UPDATE or DELETE of a movement (and
TRUNCATE on PostgreSQL). :func:`empty_ledger` is the one way to delete movements, for
``import --replace``.
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Collection, Iterable, Mapping, Sequence
from datetime import datetime
from decimal import Decimal
from typing import Any

from sqlalchemy import Connection, delete, func, insert, select, update
from sqlalchemy.orm import Session

from bakehouse.domain.fifo import IngredientDraw, LotBalance
from bakehouse.domain.kinds import AdjustmentReason, MovementKind
from bakehouse.domain.numbers import ZERO
from bakehouse.models import LedgerGuard, Lot, StockMovement
from bakehouse.models.types import utcnow

_LOCKED_LOTS = "bakehouse.locked_lots"


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
        # populate_existing: lots already in the session may be stale (another
        # transaction drew from them); the locked rows are the truth.
        stmt = stmt.with_for_update().execution_options(populate_existing=True)
    balances: dict[int, list[LotBalance]] = defaultdict(list)
    loaded = list(session.scalars(stmt))
    if lock:
        # The session's identity map holds objects weakly: keep the locked lots alive so
        # that apply_draw_plans finds them there instead of reading them again.
        session.info.setdefault(_LOCKED_LOTS, {}).update((lot.id, lot) for lot in loaded)
    for lot in loaded:
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
    plans: Iterable[IngredientDraw],
    *,
    kind: MovementKind = MovementKind.PRODUCTION,
    production_record_id: int | None = None,
    reason: AdjustmentReason | None = None,
    note: str = "",
) -> list[StockMovement]:
    """Apply planned draws as negative movements, in the caller's transaction.

    The lots should already be in the session (as loaded by :func:`load_lot_balances`),
    so this issues no reads. The movements are written in one INSERT and the lot
    balances in one UPDATE batch, whatever the number of draws.
    """
    plans = list(plans)
    lots = {lot.id: lot for lot in _lots_by_id(session, [d.lot_id for p in plans for d in p.lots])}
    now = utcnow()
    rows = [
        _movement_row(
            draw.lot_id,
            kind=kind,
            quantity=-draw.quantity,
            value=-draw.cost,
            reason=reason,
            note=note,
            production_record_id=production_record_id,
            occurred_at=now,
        )
        for plan in plans
        for draw in plan.lots
    ]
    return _insert_movements(session, lots, rows)


def reverse_movements(
    session: Session,
    movements: Sequence[StockMovement],
    *,
    note: str = "",
    production_record_id: int | None = None,
) -> list[StockMovement]:
    """Give each movement's quantity and value back to its lot as a REVERSAL pointing at it.

    The lots are locked in id order (like bakes, so the two never deadlock); the
    reversals are written in one INSERT and the balances in one UPDATE batch.
    """
    lot_ids = sorted({m.lot_id for m in movements})
    lots = {
        lot.id: lot
        for lot in session.scalars(
            select(Lot)
            .where(Lot.id.in_(lot_ids))
            .order_by(Lot.id)
            .with_for_update()
            .execution_options(populate_existing=True)
        )
    }
    now = utcnow()
    rows = [
        _movement_row(
            m.lot_id,
            kind=MovementKind.REVERSAL,
            quantity=-m.quantity,
            value=-m.value,
            note=note,
            production_record_id=production_record_id,
            reverses_id=m.id,
            occurred_at=now,
        )
        for m in movements
    ]
    return _insert_movements(session, lots, rows)


def _movement_row(
    lot_id: int,
    *,
    kind: MovementKind,
    quantity: Decimal,
    value: Decimal,
    occurred_at: datetime,
    reason: AdjustmentReason | None = None,
    note: str = "",
    production_record_id: int | None = None,
    reverses_id: int | None = None,
) -> dict[str, Any]:
    return {
        "lot_id": lot_id,
        "kind": kind,
        "quantity": quantity,
        "value": value,
        "reason": reason,
        "note": note,
        "production_record_id": production_record_id,
        "reverses_id": reverses_id,
        "occurred_at": occurred_at,
    }


def _insert_movements(
    session: Session, lots: Mapping[int, Lot], rows: list[dict[str, Any]]
) -> list[StockMovement]:
    """Move the lots' balances and insert the movements: a fixed number of statements.

    (A flush of new ``StockMovement`` objects would be one INSERT per row on SQLite, which
    cannot return generated ids of a multi-row INSERT in order; a bulk INSERT … RETURNING
    of whole rows needs no order.)
    """
    if not rows:
        return []
    for row in rows:
        lot = lots[row["lot_id"]]
        lot.quantity_remaining = lot.quantity_remaining + row["quantity"]
        lot.value_remaining = lot.value_remaining + row["value"]
    session.flush()
    movements = list(session.scalars(insert(StockMovement).returning(StockMovement), rows))
    return sorted(movements, key=lambda m: m.id)


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


def empty_ledger(db: Session | Connection) -> None:
    """Delete every stock movement, in the caller's transaction (``import --replace``).

    The append-only triggers allow a DELETE only while ``ledger_guard.emptying`` is on;
    it is switched on and back off here, inside one transaction, so no other transaction
    ever sees it on and a plain ``DELETE`` is still refused.
    """
    db.execute(update(LedgerGuard).where(LedgerGuard.id == 1).values(emptying=True))
    db.execute(delete(StockMovement))
    db.execute(update(LedgerGuard).where(LedgerGuard.id == 1).values(emptying=False))
