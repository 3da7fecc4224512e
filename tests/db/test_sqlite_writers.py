"""On the embedded SQLite database, simultaneous writers queue instead of failing.

Two browser tabs (the web server's threads) recording bakes at the same moment must both
succeed, one after the other, and never draw the same stock twice.
"""

from __future__ import annotations

import threading
import time
from collections import Counter
from datetime import date
from pathlib import Path

from sqlalchemy import func, select

from bakehouse.db.engine import make_engine, make_session_factory, transaction
from bakehouse.db.migrate import upgrade_to_head
from bakehouse.errors import ConfirmationNeeded
from bakehouse.models import Ingredient
from bakehouse.services.pantry.ledger import ledger_discrepancies
from bakehouse.services.production.bakes import record_production
from tests.factories.catalog import make_ingredient, make_lot
from tests.factories.planning import make_event, make_recipe

THREADS = 4
BAKES_EACH = 10
BATCHES_IN_STOCK = 25


def test_simultaneous_bakes_on_sqlite_queue_and_never_overdraw(tmp_path: Path) -> None:
    engine = make_engine(f"sqlite:///{tmp_path / 'kitchen.sqlite3'}")
    upgrade_to_head(engine)
    factory = make_session_factory(engine)
    with transaction(factory) as session:
        flour = make_ingredient(session, name="Flour")
        for day in (1, 2, 3):  # 250 g + 250 g + 500 g = 25 batches of 40 g
            quantity = "500" if day == 3 else "250"
            make_lot(session, flour, quantity=quantity, cost="2.50", received_on=date(2024, 1, day))
        recipe = make_recipe(session, lines=[(flour, "40", "g")])
        event = make_event(session)
        recipe_id, event_id = recipe.id, event.id
    start = threading.Barrier(THREADS)
    outcomes: Counter[str] = Counter()
    lock = threading.Lock()

    def baker() -> None:
        start.wait()
        for _ in range(BAKES_EACH):
            try:
                with transaction(factory) as session:
                    record_production(
                        session,
                        event_id=event_id,
                        recipe_id=recipe_id,
                        batches=1,
                        confirm=["over_plan"],
                    )
                outcome = "baked"
            except ConfirmationNeeded:  # short: covering it is never confirmed here
                outcome = "short"
            with lock:
                outcomes[outcome] += 1

    threads = [threading.Thread(target=baker) for _ in range(THREADS)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()

    assert outcomes == {"baked": BATCHES_IN_STOCK, "short": THREADS * BAKES_EACH - 25}
    with transaction(factory) as session:
        assert ledger_discrepancies(session) == []
    engine.dispose()


def test_a_transaction_that_only_reads_does_not_wait_for_a_writer(tmp_path: Path) -> None:
    engine = make_engine(f"sqlite:///{tmp_path / 'kitchen.sqlite3'}")
    upgrade_to_head(engine)
    factory = make_session_factory(engine)
    with transaction(factory) as writer:  # BEGIN IMMEDIATE: holds the write lock
        make_ingredient(writer, name="Flour")
        writer.flush()
        started = time.monotonic()
        with transaction(factory, write=False) as reader:
            assert reader.scalar(select(func.count(Ingredient.id))) == 0  # before the commit
        assert time.monotonic() - started < 1  # a write transaction would wait 10 s, then fail
    engine.dispose()
