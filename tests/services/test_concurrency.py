"""Several people at once on PostgreSQL: bakes never draw the same stock twice, and two
simultaneous status changes resolve to one valid transition (docs/product.md §2.2, §2.5).

Real threads, each with its own connection and transaction, against a committed schema.
A bake locks only the oldest lots that cover it; one that finds them drawn by another bake
while it waited looks again (docs/product.md §2.2).
SQLite serialises writers, so these run on PostgreSQL only.
"""

from __future__ import annotations

import threading
import time
from collections import Counter
from collections.abc import Callable, Iterator
from concurrent.futures import ThreadPoolExecutor
from datetime import date
from decimal import Decimal

import pytest
from sqlalchemy import func, select, text
from sqlalchemy.orm import Session, sessionmaker

from bakehouse.db.engine import make_session_factory, transaction
from bakehouse.db.migrate import upgrade_to_head
from bakehouse.domain.kinds import AssignmentStatus, MovementKind
from bakehouse.errors import (
    BakehouseError,
    ConfirmationNeeded,
    Conflict,
    IncompleteProduction,
    InvalidStatusTransition,
)
from bakehouse.models import Lot, ProductionRecord, StatusChange, StockMovement
from bakehouse.services.events.status import update_package_status
from bakehouse.services.pantry.ledger import ledger_discrepancies
from bakehouse.services.production.bakes import record_production, reverse_production
from tests.conftest import PostgresSchema, require_postgres
from tests.factories.catalog import make_ingredient, make_lot
from tests.factories.planning import (
    make_assignment,
    make_event,
    make_item,
    make_package,
    make_recipe,
    make_recipient,
)

WORKERS = 8
BAKES_PER_WORKER = 50
BATCHES_IN_STOCK = 300


@pytest.fixture
def factory() -> Iterator[sessionmaker[Session]]:
    """A committed PostgreSQL database of its own (SQLite serialises writers anyway)."""
    schema = PostgresSchema(require_postgres())
    schema.create()
    engine = schema.engine(pool_size=WORKERS + 2)
    try:
        upgrade_to_head(engine)
        yield make_session_factory(engine)
    finally:
        engine.dispose()
        schema.drop()


def seed_bakery(factory: sessionmaker[Session]) -> tuple[int, int]:
    """Lots covering exactly 300 batches (100 g flour + 50 g sugar a batch), uneven lots."""
    with transaction(factory) as session:
        flour = make_ingredient(session, name="Flour")
        sugar = make_ingredient(session, name="Sugar")
        flour_lots = [("7000", "10.07"), ("3333", "4.99"), ("12667", "20.01"), ("7000", "9.33")]
        sugar_lots = [("4999", "3.33"), ("10001", "7.77")]
        for day, (quantity, cost) in enumerate(flour_lots, start=1):
            make_lot(session, flour, quantity=quantity, cost=cost, received_on=date(2024, 1, day))
        for day, (quantity, cost) in enumerate(sugar_lots, start=1):
            make_lot(session, sugar, quantity=quantity, cost=cost, received_on=date(2024, 2, day))
        recipe = make_recipe(session, lines=[(flour, "100", "g"), (sugar, "50", "g")])
        event = make_event(session)
        return event.id, recipe.id


def run_together(workers: int, work: Callable[[int], list[str]]) -> Counter[str]:
    with ThreadPoolExecutor(max_workers=workers) as pool:
        outcomes = pool.map(work, range(workers))
        return Counter(outcome for batch in outcomes for outcome in batch)


def test_simultaneous_bakes_never_draw_the_same_stock_twice(
    factory: sessionmaker[Session],
) -> None:
    event_id, recipe_id = seed_bakery(factory)
    start = threading.Barrier(WORKERS)

    def worker(_: int) -> list[str]:
        start.wait()
        outcomes = []
        for _ in range(BAKES_PER_WORKER):
            try:
                with transaction(factory) as session:
                    record_production(
                        session,
                        event_id=event_id,
                        recipe_id=recipe_id,
                        batches=1,
                        confirm=["over_plan"],
                    )
                outcomes.append("baked")
            except ConfirmationNeeded:  # short: covering it is never confirmed here
                outcomes.append("short")
            except BakehouseError as error:  # pragma: no cover - reported by the assertion
                outcomes.append(f"error: {error}")
        return outcomes

    outcomes = run_together(WORKERS, worker)

    assert outcomes == {
        "baked": BATCHES_IN_STOCK,
        "short": WORKERS * BAKES_PER_WORKER - BATCHES_IN_STOCK,
    }
    with transaction(factory) as session:
        assert ledger_discrepancies(session) == []
        remaining = session.execute(
            select(func.sum(Lot.quantity_remaining), func.sum(Lot.value_remaining))
        ).one()
        assert tuple(remaining) == (0, 0)
        recorded = session.scalar(select(func.sum(ProductionRecord.actual_cost)))
        drawn = session.scalar(
            select(-func.sum(StockMovement.value)).where(
                StockMovement.kind == MovementKind.PRODUCTION
            )
        )
        paid = session.scalar(select(func.sum(Lot.cost)))
        assert recorded == drawn == paid == Decimal("55.50")


def seed_packages(factory: sessionmaker[Session], recipients: int) -> list[int]:
    """Packages of 12 cookies (24 a batch) for an event with one batch baked."""
    with transaction(factory) as session:
        flour = make_ingredient(session)
        make_lot(session, flour, quantity="1000", cost="1")
        recipe = make_recipe(session, lines=[(flour, "100", "g")])
        package = make_package(session, contents=[(12, make_item(session, recipe))])
        event = make_event(session)
        assignments = [
            make_assignment(session, event, make_recipient(session), package)
            for _ in range(recipients)
        ]
        record_production(
            session, event_id=event.id, recipe_id=recipe.id, batches=1, confirm=["over_plan"]
        )
        return [a.id for a in assignments]


def assemble_together(factory: sessionmaker[Session], assignment_ids: list[int]) -> Counter[str]:
    start = threading.Barrier(len(assignment_ids))

    def worker(n: int) -> list[str]:
        start.wait()
        try:
            with transaction(factory) as session:
                update_package_status(session, assignment_ids[n], AssignmentStatus.ASSEMBLED)
            return ["assembled"]
        except InvalidStatusTransition:
            return ["already assembled"]
        except IncompleteProduction:
            return ["not enough baked"]

    return run_together(len(assignment_ids), worker)


def test_two_simultaneous_changes_of_one_package_resolve_to_one_transition(
    factory: sessionmaker[Session],
) -> None:
    for _ in range(5):
        [assignment_id] = seed_packages(factory, recipients=1)

        outcomes = assemble_together(factory, [assignment_id, assignment_id])

        assert outcomes == {"assembled": 1, "already assembled": 1}
        with transaction(factory) as session:
            steps = session.scalars(
                select(StatusChange.to_status).where(StatusChange.assignment_id == assignment_id)
            ).all()
            assert steps == [AssignmentStatus.ASSEMBLED]


def test_simultaneous_assemblies_cannot_claim_the_same_cookies(
    factory: sessionmaker[Session],
) -> None:
    for _ in range(5):
        # One batch of 24 covers two packages of 12, not three.
        assignment_ids = seed_packages(factory, recipients=3)

        outcomes = assemble_together(factory, assignment_ids)

        assert outcomes == {"assembled": 2, "not enough baked": 1}


def test_a_bake_cannot_be_reversed_while_a_package_is_being_assembled_from_it(
    factory: sessionmaker[Session],
) -> None:
    [assignment_id] = seed_packages(factory, recipients=1)
    with transaction(factory) as session:
        record_id = session.scalars(select(ProductionRecord.id)).one()
    reversal: list[str] = []

    def reverse() -> None:
        try:
            with transaction(factory) as session:
                reverse_production(session, record_id, "dropped the tray")
            reversal.append("reversed")
        except Conflict:
            reversal.append("refused")

    with transaction(factory) as session:
        update_package_status(session, assignment_id, AssignmentStatus.ASSEMBLED)
        reverser = threading.Thread(target=reverse)
        reverser.start()
        reverser.join(timeout=1)  # the reversal must wait for the assembly to commit
    reverser.join()

    assert reversal == ["refused"]


def test_a_package_cannot_be_assembled_while_its_bake_is_being_reversed(
    factory: sessionmaker[Session],
) -> None:
    [assignment_id] = seed_packages(factory, recipients=1)
    with transaction(factory) as session:
        record_id = session.scalars(select(ProductionRecord.id)).one()
    assembly: list[str] = []

    def assemble() -> None:
        try:
            with transaction(factory) as session:
                update_package_status(session, assignment_id, AssignmentStatus.ASSEMBLED)
            assembly.append("assembled")
        except IncompleteProduction:
            assembly.append("not enough baked")

    with transaction(factory) as session:
        reverse_production(session, record_id, "dropped the tray")
        assembler = threading.Thread(target=assemble)
        assembler.start()
        assembler.join(timeout=1)  # the assembly must wait for the reversal to commit
    assembler.join()

    assert assembly == ["not enough baked"]


def test_a_bake_whose_lots_were_drawn_while_it_waited_goes_on_to_the_next_lots(
    factory: sessionmaker[Session],
) -> None:
    with transaction(factory) as session:
        flour = make_ingredient(session, name="Flour")
        first = make_lot(session, flour, quantity="100", cost="1.00", received_on=date(2024, 1, 1))
        second = make_lot(session, flour, quantity="100", cost="3.00", received_on=date(2024, 1, 2))
        recipe = make_recipe(session, lines=[(flour, "60", "g")])
        event_id, recipe_id, first_id, second_id = (
            make_event(session).id,
            recipe.id,
            first.id,
            second.id,
        )
    outcome: list[str] = []

    def bake() -> None:
        try:
            with transaction(factory) as session:
                record_production(
                    session,
                    event_id=event_id,
                    recipe_id=recipe_id,
                    batches=1,
                    confirm=["over_plan"],
                )
            outcome.append("baked")
        except BakehouseError as error:  # pragma: no cover - reported by the assertion
            outcome.append(f"error: {error}")

    with transaction(factory) as holder:
        record_production(
            holder, event_id=event_id, recipe_id=recipe_id, batches=1, confirm=["over_plan"]
        )
        holder_pid = holder.scalar(text("SELECT pg_backend_pid()"))
        # The second bake reads the first lot as 100 g (enough), then waits for its lock.
        baker = threading.Thread(target=bake)
        baker.start()
        assert wait_until_blocked_by(factory, holder_pid)
    baker.join()

    assert outcome == ["baked"]
    with transaction(factory) as session:
        second_bake = session.scalars(
            select(ProductionRecord.id).order_by(ProductionRecord.id.desc()).limit(1)
        ).one()
        drawn = session.execute(
            select(StockMovement.lot_id, StockMovement.quantity)
            .where(StockMovement.production_record_id == second_bake)
            .order_by(StockMovement.lot_id)
        ).all()
        # The 40 g the first bake left, then 20 g of the next lot.
        assert [tuple(row) for row in drawn] == [(first_id, -40), (second_id, -20)]
        assert ledger_discrepancies(session) == []


def wait_until_blocked_by(factory: sessionmaker[Session], pid: int | None) -> bool:
    """True once some connection waits for a lock ``pid`` holds (at most 10 seconds)."""
    for _ in range(200):
        with factory() as watcher:
            waiting = watcher.scalar(
                text(
                    "SELECT count(*) FROM pg_stat_activity WHERE :pid = ANY(pg_blocking_pids(pid))"
                ),
                {"pid": pid},
            )
        if waiting:
            return True
        time.sleep(0.05)
    return False
