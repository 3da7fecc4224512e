"""§6.3 with losses, write-offs and moves (docs/product.md §6.13): whatever a baker does,
value in = value on hand + value drawn by live bakes = Σ events' actual cost; losses stay
in actual cost, moves net to zero, no event holds fewer than no good items."""

from __future__ import annotations

from decimal import Decimal

from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from sqlalchemy import func, select
from sqlalchemy.orm import Session

from bakehouse.domain.numbers import ZERO
from bakehouse.errors import BakehouseError
from bakehouse.models import ItemOutcome, Lot, ProductionRecord
from bakehouse.services.production.bakes import record_production, reverse_production
from bakehouse.services.production.figures import load_production_totals
from bakehouse.services.production.outcomes import move_items, record_loss, write_off_bake
from bakehouse.services.production.progress import get_production_progress
from tests.factories.planning import make_event
from tests.services.test_outcomes import make_kitchen

steps = st.lists(
    st.one_of(
        st.tuples(st.just("bake"), st.integers(0, 1), st.integers(1, 3), st.integers(0, 60)),
        st.tuples(st.just("loss"), st.integers(0, 1), st.integers(1, 30), st.just(0)),
        st.tuples(st.just("move"), st.integers(0, 1), st.integers(1, 30), st.just(0)),
        st.tuples(st.just("reverse"), st.integers(0, 5), st.just(0), st.just(0)),
        st.tuples(st.just("write_off"), st.integers(0, 5), st.just(0), st.just(0)),
    ),
    max_size=10,
)


@settings(
    max_examples=25,
    suppress_health_check=[HealthCheck.function_scoped_fixture, HealthCheck.too_slow],
)
@given(steps=steps)
def test_value_is_conserved_with_losses_write_offs_and_moves(
    session: Session, steps: list[tuple[str, int, int, int]]
) -> None:
    savepoint = session.begin_nested()
    try:
        kitchen = make_kitchen(session)
        events = [kitchen.event, make_event(session, name="Christmas")]
        bakes: list[int] = []
        for action, which, amount, good in steps:
            event = events[which % 2]
            nested = session.begin_nested()
            try:
                if action == "bake":
                    made = record_production(
                        session, event_id=event.id, recipe_id=kitchen.recipe.id,
                        batches=amount, good={kitchen.cookie.id: good}, loss_reason="burnt",
                        confirm=["over_plan"],
                    )  # fmt: skip
                    bakes.append(made.record.id)
                elif action == "loss":
                    record_loss(session, event_id=event.id, item_id=kitchen.cookie.id,
                                quantity=amount, reason="dropped")  # fmt: skip
                elif action == "move":
                    move_items(session, from_event_id=event.id,
                               to_event_id=events[1 - which % 2].id,
                               item_id=kitchen.cookie.id, quantity=amount)  # fmt: skip
                elif bakes and action == "reverse":
                    reverse_production(session, bakes[which % len(bakes)], "by mistake")
                elif bakes:
                    write_off_bake(session, bakes[which % len(bakes)])
                nested.commit()
            except BakehouseError:
                nested.rollback()
        session.flush()

        value_in = Decimal("100.00")
        lot = session.get(Lot, kitchen.lot.id)
        assert lot is not None
        session.refresh(lot)
        live = session.scalar(
            select(func.coalesce(func.sum(ProductionRecord.actual_cost), ZERO)).where(
                ProductionRecord.reversed_at.is_(None)
            )
        )
        assert value_in == lot.value_remaining + live
        totals = load_production_totals(session)
        assert (
            sum((t.actual_cost for by_recipe in totals.values() for t in by_recipe.values()), ZERO)
            == live
        )
        for bake_id in bakes:
            bake = session.get(ProductionRecord, bake_id)
            assert bake is not None
            parts = session.scalar(
                select(func.coalesce(func.sum(ItemOutcome.cost), ZERO)).where(
                    ItemOutcome.production_record_id == bake_id
                )
            )
            assert parts <= bake.actual_cost
        for event in events:
            for recipe in get_production_progress(session, event.id).recipes:
                assert all(item.items_made >= 0 for item in recipe.items)
    finally:
        savepoint.rollback()
