"""FIFO and FEFO draws conserve quantity and value with unrecorded, found, unpriced and
expired lots in the mix (docs/product.md §6.14), over random pantries and random orders of
purchases, short bakes (covered or not, expired stock used or not) and stock-takes:

* every lot's balance equals the sum of its movements;
* Σ value in (purchases, opening, found and unrecorded stock) = value on hand in ingredient
  lots + Σ value drawn by bakes net of reversals + Σ adjustments out (§6.3);
* each bake's actual cost is the sum of its draws, and it is incomplete exactly when it
  drew an unpriced lot;
* no bake draws an expired lot unless ``use_expired`` was confirmed, nor a later lot in the
  ingredient's draw order while an earlier good one still had stock.
"""

from __future__ import annotations

from datetime import UTC, date, datetime, timedelta
from decimal import Decimal

from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from sqlalchemy import func, select
from sqlalchemy.orm import Session

from bakehouse.domain.fifo import LotBalance, fefo_order_key, plan_in_sequence
from bakehouse.domain.kinds import DrawOrder, MovementKind
from bakehouse.errors import ConfirmationNeeded
from bakehouse.models import Lot, StockMovement
from bakehouse.services.pantry.counted import Count, take_stock
from bakehouse.services.pantry.ledger import ledger_discrepancies
from bakehouse.services.production.bakes import record_production
from tests.factories.catalog import make_ingredient, make_lot
from tests.factories.planning import make_event, make_recipe

START = datetime(2026, 12, 1, 9, tzinfo=UTC)
BAKE_DAY = START.date()

#: A lot: (grams, cost in cents or None for unpriced opening stock at cost 0, days from the
#: bake day to its best-before or None).
lots = st.lists(
    st.tuples(
        st.integers(1, 500),
        st.integers(0, 900),
        st.one_of(st.none(), st.integers(-30, 30)),
    ),
    max_size=5,
)
#: What happens, in order: (action, grams, confirm cover, confirm expired).
steps = st.lists(
    st.tuples(
        st.sampled_from(["bake", "bake", "count"]),
        st.integers(0, 900),
        st.booleans(),
        st.booleans(),
    ),
    min_size=1,
    max_size=6,
)


def _sum(session: Session, kinds: tuple[MovementKind, ...]) -> Decimal:
    total = session.scalar(
        select(func.coalesce(func.sum(StockMovement.value), 0))
        .join(Lot, Lot.id == StockMovement.lot_id)
        .where(Lot.ingredient_id.is_not(None), StockMovement.kind.in_(kinds))
    )
    return Decimal(total or 0)


@settings(
    suppress_health_check=[HealthCheck.function_scoped_fixture, HealthCheck.too_slow],
    max_examples=30,
    deadline=None,
)
@given(pantry=lots, happenings=steps, fefo=st.booleans(), priced=st.booleans())
def test_draws_conserve_quantity_and_value_with_unrecorded_found_and_expired_lots(
    session: Session,
    pantry: list[tuple[int, int, int | None]],
    happenings: list[tuple[str, int, bool, bool]],
    fefo: bool,
    priced: bool,
) -> None:
    savepoint = session.begin_nested()
    try:
        order = DrawOrder.FEFO if fefo else DrawOrder.FIFO
        nuts = make_ingredient(session, draw_order=order)
        if priced:  # a price to go by for unrecorded and found stock
            make_lot(session, nuts, quantity="1000", cost="7.00", received_on=date(2026, 1, 1))
        for n, (grams, cents, days) in enumerate(pantry):
            make_lot(
                session, nuts, quantity=str(grams), cost=str(Decimal(cents) / 100),
                received_on=date(2026, 2, 1) + timedelta(days=n % 3),
                best_before=BAKE_DAY + timedelta(days=days) if days is not None else None,
            )  # fmt: skip
        recipe = make_recipe(session, lines=[(nuts, "1", "g")])
        party = make_event(session)
        for n, (action, grams, cover, expired) in enumerate(happenings):
            when = START + timedelta(hours=n)
            if action == "count":
                take_stock(session, [Count(nuts.id, str(grams))], reason="count",
                           counted_on=BAKE_DAY)  # fmt: skip
                continue
            if grams == 0:
                continue
            stocked = session.scalars(
                select(Lot).where(Lot.ingredient_id == nuts.id, Lot.quantity_remaining > 0)
            ).all()
            before = {lot.id: _balance(lot) for lot in stocked}
            confirm = ["over_plan"] + (["cover_shortage"] if cover else [])
            confirm += ["use_expired"] if expired else []
            try:
                result = record_production(
                    session, event_id=party.id, recipe_id=recipe.id, batches=grams,
                    confirm=confirm, produced_at=when,
                )  # fmt: skip
            except ConfirmationNeeded as needed:
                codes = {c.code for c in needed.confirmations}
                assert codes <= {"cover_shortage", "use_expired"}
                assert codes - set(confirm)
                continue
            [draw] = result.draws
            assert draw.quantity == Decimal(grams)
            assert result.actual_cost == draw.cost
            drawn_lots = [d.lot_id for d in draw.lots]
            new = [u.lot_id for u in result.unrecorded]
            unpriced = {i for i, b in before.items() if not b.priced} | {
                u.lot_id for u in result.unrecorded if u.value is None
            }
            assert result.cost_incomplete == any(i in unpriced for i in drawn_lots)
            good = [b for b in before.values() if not _expired(b)]
            old = [b for b in before.values() if _expired(b)]
            key = fefo_order_key if fefo else (lambda b: (b.received_on, b.lot_id))
            # The draw is the good lots in draw order, then expired ones, then unrecorded.
            sequence = sorted(good, key=key) + sorted(old, key=key)
            expected = plan_in_sequence(
                sequence + [_balance(session.get_one(Lot, i), fresh=True) for i in new],
                Decimal(grams),
            )
            assert expected is not None
            assert [(d.lot_id, d.quantity) for d in draw.lots] == [
                (d.lot_id, d.quantity) for d in expected
            ]
            if not expired:
                assert not {b.lot_id for b in old} & set(drawn_lots)
        session.flush()
        assert ledger_discrepancies(session) == []
        value_in = _sum(
            session,
            (MovementKind.PURCHASE, MovementKind.OPENING, MovementKind.FOUND,
             MovementKind.UNRECORDED),
        )  # fmt: skip
        drawn = -_sum(session, (MovementKind.PRODUCTION, MovementKind.REVERSAL))
        adjusted_out = -_sum(session, (MovementKind.ADJUSTMENT,))
        on_hand = Decimal(
            session.scalar(
                select(func.coalesce(func.sum(Lot.value_remaining), 0)).where(
                    Lot.ingredient_id.is_not(None)
                )
            )
            or 0
        )
        assert value_in == on_hand + drawn + adjusted_out
    finally:
        savepoint.rollback()
        session.expunge_all()


def _balance(lot: Lot, *, fresh: bool = False) -> LotBalance:
    """The lot as a draw sees it; ``fresh``: as booked (an unrecorded lot, before the draw)."""
    return LotBalance(
        lot.id, lot.received_on, lot.initial_quantity, lot.cost,
        lot.initial_quantity if fresh else lot.quantity_remaining,
        lot.cost if fresh else lot.value_remaining,
        lot.best_before, lot.priced,
    )  # fmt: skip


def _expired(lot: LotBalance) -> bool:
    return lot.best_before is not None and lot.best_before < BAKE_DAY
