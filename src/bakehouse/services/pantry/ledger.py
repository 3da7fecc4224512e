"""The stock ledger: the only code that writes stock movements and lot balances.

Every change to a lot is an appended :class:`StockMovement`; the lot's running balance
(``quantity_remaining``, ``value_remaining``) moves with it in the same transaction, and
the database refuses a negative balance. A draw reads only the oldest lots that cover it,
as plain rows (:func:`load_covering_lots`); on PostgreSQL they are locked (``SELECT … FOR
UPDATE``, in id order, all in one statement, so two bakes never deadlock) so that
concurrent bakes cannot draw the same stock twice.

The database holds the rule too: triggers refuse any UPDATE or DELETE of a movement (and
TRUNCATE on PostgreSQL). :func:`empty_ledger` is the one way to delete movements, for
``import --replace``.
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Collection, Iterable, Mapping, Sequence
from datetime import datetime
from decimal import Decimal
from functools import lru_cache
from typing import Any

from sqlalchemy import (
    Connection,
    Integer,
    Row,
    Select,
    bindparam,
    cast,
    delete,
    func,
    insert,
    literal_column,
    select,
    tuple_,
    union_all,
    update,
)
from sqlalchemy.dialects.postgresql import ARRAY
from sqlalchemy.orm import Session

from bakehouse.domain.fifo import (
    IngredientDraw,
    LotBalance,
    StockRequest,
    available,
    draw_order_key,
    merge_requests,
)
from bakehouse.domain.kinds import AdjustmentReason, MovementKind
from bakehouse.domain.numbers import ZERO
from bakehouse.models import LedgerGuard, Lot, Purchase, StockMovement
from bakehouse.models.pantry import STOCKED
from bakehouse.models.types import MoneyType, QuantityType, utcnow

#: What FIFO reads of a lot, as plain rows (no ORM objects: a bake reads only these).
_BALANCE_COLUMNS = (
    Lot.id,
    Lot.ingredient_id,
    Lot.received_on,
    Lot.initial_quantity,
    Lot.cost,
    Lot.quantity_remaining,
    Lot.value_remaining,
    Lot.best_before,
    Lot.priced,
)

#: Locked covering loads that found their lots changed by a concurrent draw, and came up
#: short, are tried again this many times before every stocked lot is locked instead.
_COVERING_ATTEMPTS = 3


def load_lot_balances(
    session: Session, ingredient_ids: Collection[int], *, lock: bool = False
) -> dict[int, list[LotBalance]]:
    """Every lot with stock left of the given ingredients, FIFO-ordered, in one statement.

    With ``lock=True`` the rows are locked for the rest of the transaction, in id order
    (PostgreSQL; SQLite serialises writers anyway). A draw needs only the oldest lots:
    :func:`load_covering_lots`.
    """
    if not ingredient_ids:
        return {}
    stmt = (
        select(*_BALANCE_COLUMNS)
        .where(Lot.ingredient_id.in_(sorted(ingredient_ids)), STOCKED)
        .order_by(Lot.id)
    )
    if lock:
        stmt = stmt.with_for_update(of=Lot)
    return _by_ingredient(session.execute(stmt))


def load_covering_lots(
    session: Session, requests: Sequence[StockRequest], *, lock: bool = False
) -> dict[int, list[LotBalance]]:
    """For each requested ingredient, the oldest lots with stock that together cover its
    request (all of them when they do not), FIFO-ordered, as plain rows.

    One statement walks the ``ix_lot_stocked`` index lot by lot and stops once the
    request is covered, so the work grows with the lots a draw takes, not with the
    pantry's history. With ``lock=True`` on PostgreSQL the lots found are locked (one
    statement, id order) and read again under the lock; when a concurrent draw took some
    of them meanwhile and they no longer cover the request, the locks are let go (a
    savepoint) and the walk is made again, at most :data:`_COVERING_ATTEMPTS` times,
    then every stocked lot of those ingredients is locked. Each attempt takes all its
    locks in one statement, in id order, holding none from an earlier attempt, so two
    draws cannot deadlock.
    """
    needs = {r.ingredient_id: r.quantity for r in merge_requests(requests)}
    if not needs:
        return {}
    postgresql = session.get_bind().dialect.name == "postgresql"
    if not lock or not postgresql:
        # SQLite: a write transaction holds the database's write lock from its BEGIN.
        walk = _covering_walk(len(needs), postgresql=postgresql)
        return _by_ingredient(session.execute(walk, _walk_parameters(needs)))
    for _ in range(_COVERING_ATTEMPTS):
        savepoint = session.begin_nested()
        walk = _covering_walk(len(needs), postgresql=True, lock=True)
        rows = session.execute(walk, _walk_parameters(needs)).all()
        lots = _by_ingredient(row for row in rows if row.quantity_remaining > 0)
        changed = any(row.quantity_remaining != row.seen for row in rows)
        if not changed or _covers(lots, needs):
            savepoint.commit()
            return lots
        savepoint.rollback()  # lets go of these locks before locking others
    return load_lot_balances(session, needs, lock=True)


def _walk_parameters(needs: Mapping[int, Decimal]) -> dict[str, Any]:
    parameters: dict[str, Any] = {}
    for n, (ingredient_id, wanted) in enumerate(sorted(needs.items())):
        parameters[f"ingredient_{n}"] = ingredient_id
        parameters[f"wanted_{n}"] = wanted
    return parameters


@lru_cache(maxsize=128)
def _covering_walk(ingredients: int, *, postgresql: bool, lock: bool = False) -> Select[Any]:
    """``SELECT`` the lots of :func:`load_covering_lots` for ``ingredients`` requests
    (parameters ``ingredient_<n>``, ``wanted_<n>``): a recursive walk per ingredient from
    its oldest stocked lot to the next (``(received_on, id)`` greater than the last one's,
    through ``ix_lot_stocked``) while the lots so far hold less than it needs.

    Built once per number of ingredients, so it is compiled once. Besides the balance
    columns, ``seen`` is the quantity the walk saw; locked, the balance columns are the
    row as it is now (PostgreSQL reads a locked row again), so a lot emptied meanwhile
    comes back with nothing left.
    """
    lot = Lot.metadata.tables[Lot.__tablename__]
    requested = [
        select(
            bindparam(f"ingredient_{n}", type_=Integer).label("ingredient_id"),
            bindparam(f"wanted_{n}", type_=QuantityType()).label("wanted"),
        )
        for n in range(ingredients)
    ]
    need = (requested[0] if ingredients == 1 else union_all(*requested)).cte("need")
    walked = lot.alias("walked")
    # A running sum of quantities, typed alike in both halves of the recursion.
    running = QuantityType()

    def next_lot(ingredient_id: Any, after: tuple[Any, Any] | None) -> Any:
        candidate = lot.alias("candidate")
        stmt = select(candidate.c.id).where(
            candidate.c.ingredient_id == ingredient_id,
            candidate.c.quantity_remaining > literal_column("0"),
        )
        if after is not None:
            stmt = stmt.where(tuple_(candidate.c.received_on, candidate.c.id) > tuple_(*after))
        return stmt.order_by(candidate.c.received_on, candidate.c.id).limit(1).scalar_subquery()

    first = select(
        need.c.ingredient_id,
        need.c.wanted,
        walked.c.id,
        walked.c.received_on,
        cast(literal_column("0"), running).label("before"),
        walked.c.quantity_remaining.label("held"),
    ).join_from(need, walked, walked.c.id == next_lot(need.c.ingredient_id, None))
    walk = first.cte("walk", recursive=True)
    previous = walk.alias("previous")
    step = (
        select(
            previous.c.ingredient_id,
            previous.c.wanted,
            walked.c.id,
            walked.c.received_on,
            cast(previous.c.before + previous.c.held, running),
            walked.c.quantity_remaining,
        )
        .join_from(
            previous,
            walked,
            walked.c.id
            == next_lot(previous.c.ingredient_id, (previous.c.received_on, previous.c.id)),
        )
        .where(previous.c.before + previous.c.held < previous.c.wanted)
    )
    walk = walk.union_all(step)
    stmt = (
        select(*_BALANCE_COLUMNS, walk.c.held.label("seen"))
        .join(walk, walk.c.id == Lot.id)
        .order_by(Lot.id)
    )
    if postgresql:
        # Left to itself PostgreSQL joins the walk to every lot by hashing them all; handed
        # the walk's ids as one array it fetches those lots by primary key.
        ids = cast(select(func.array_agg(walk.c.id)).scalar_subquery(), ARRAY(Integer))
        stmt = stmt.where(Lot.id == func.any(ids))
    return stmt.with_for_update(of=Lot) if lock else stmt


def _by_ingredient(rows: Iterable[Row[Any]]) -> dict[int, list[LotBalance]]:
    balances: dict[int, list[LotBalance]] = defaultdict(list)
    for row in rows:
        balances[row.ingredient_id].append(
            LotBalance(
                lot_id=row.id,
                received_on=row.received_on,
                initial_quantity=row.initial_quantity,
                cost=row.cost,
                quantity_remaining=row.quantity_remaining,
                value_remaining=row.value_remaining,
                best_before=row.best_before,
                priced=row.priced,
            )
        )
    for lots in balances.values():
        lots.sort(key=draw_order_key)
    return dict(balances)


def _covers(lots: Mapping[int, Sequence[LotBalance]], needs: Mapping[int, Decimal]) -> bool:
    return all(available(lots.get(i, ())) >= wanted for i, wanted in needs.items())


def balance_of(lot: Lot) -> LotBalance:
    return LotBalance(
        lot_id=lot.id,
        received_on=lot.received_on,
        initial_quantity=lot.initial_quantity,
        cost=lot.cost,
        quantity_remaining=lot.quantity_remaining,
        value_remaining=lot.value_remaining,
        best_before=lot.best_before,
        priced=lot.priced,
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

    The lots should already be locked (as :func:`load_covering_lots` does for a draw).
    Issues no reads: the balances move in one UPDATE and the movements are written in
    one INSERT, whatever the number of draws.
    """
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
    return _insert_movements(session, rows)


def reverse_movements(
    session: Session,
    movements: Sequence[StockMovement],
    *,
    note: str = "",
    production_record_id: int | None = None,
) -> list[StockMovement]:
    """Give each movement's quantity and value back to its lot as a REVERSAL pointing at it.

    The lots are locked in id order (like bakes, so the two never deadlock); the
    reversals are written in one INSERT and the balances in one UPDATE.
    """
    lot_ids = sorted({m.lot_id for m in movements})
    session.execute(
        select(Lot.id).where(Lot.id.in_(lot_ids)).order_by(Lot.id).with_for_update()
    ).all()
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
    return _insert_movements(session, rows)


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


def _insert_movements(session: Session, rows: list[dict[str, Any]]) -> list[StockMovement]:
    """Move the lots' balances and insert the movements: two statements, whatever the
    number of rows.

    (A flush of new ``StockMovement`` objects would be one INSERT per row on SQLite, which
    cannot return generated ids of a multi-row INSERT in order; a bulk INSERT … RETURNING
    of whole rows needs no order.)
    """
    if not rows:
        return []
    session.flush()  # nothing of the session's own may overwrite the balances below
    _move_balances(session, rows)
    movements = list(session.scalars(insert(StockMovement).returning(StockMovement), rows))
    return sorted(movements, key=lambda m: m.id)


def _move_balances(session: Session, rows: Sequence[Mapping[str, Any]]) -> None:
    """Add the rows' quantities and values to their lots' balances (one UPDATE, executed
    for each lot), and have lots the session holds read their balances again when next
    used."""
    quantity: dict[int, Decimal] = defaultdict(Decimal)
    value: dict[int, Decimal] = defaultdict(Decimal)
    for row in rows:
        quantity[row["lot_id"]] += row["quantity"]
        value[row["lot_id"]] += row["value"]
    session.execute(
        _MOVE_BALANCE,
        [
            {"lot_id": lot_id, "quantity": quantity[lot_id], "value": value[lot_id]}
            for lot_id in sorted(quantity)
        ],
    )
    for lot_id in quantity:
        held = session.identity_map.get(session.identity_key(Lot, lot_id))
        if held is not None:
            session.expire(held, ["quantity_remaining", "value_remaining"])


_LOT_TABLE = Lot.metadata.tables[Lot.__tablename__]
#: Relative, so it never writes back a balance the session read earlier.
_MOVE_BALANCE = (
    update(_LOT_TABLE)
    .where(_LOT_TABLE.c.id == bindparam("lot_id", type_=Integer))
    .values(
        quantity_remaining=_LOT_TABLE.c.quantity_remaining
        + bindparam("quantity", type_=QuantityType()),
        value_remaining=_LOT_TABLE.c.value_remaining + bindparam("value", type_=MoneyType()),
    )
)


def ledger_discrepancies(session: Session) -> list[int]:
    """Ids of lots whose balance differs from the sum of their movements, or whose
    product differs from their purchase's (should be none)."""
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
        select(
            Lot.id,
            Lot.quantity_remaining,
            Lot.value_remaining,
            sums.c.quantity,
            sums.c.value,
            Lot.product_id,
            Purchase.product_id,
        )
        .outerjoin(sums, sums.c.lot_id == Lot.id)
        .outerjoin(Purchase, Purchase.id == Lot.purchase_id)
        .order_by(Lot.id)
    )
    bad = []
    for lot_id, quantity, value, moved_quantity, moved_value, product, bought in rows:
        if (
            quantity != (moved_quantity or ZERO)
            or value != (moved_value or ZERO)
            or product != bought
        ):
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
