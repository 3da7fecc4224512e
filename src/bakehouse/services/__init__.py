"""Use cases: the Python API of Bakehouse, grouped by area.

========================  ===============================================================
``services.core``         input checks, named records and their keys, idempotency keys
``services.catalog``      ingredients, products, the starter catalog, prices, buying
``services.recipes``      recipes, their lines and items, recipe costs
``services.packaging``    bundles, packages, package costs
``services.pantry``       purchases, lots, adjustments, FIFO draws, the stock ledger
``services.events``       events, assignments, recipients, planning, deliveries, status
``services.production``   bakes at FIFO cost, per-event figures, progress, dashboard
``services.accounts``     accounts, passwords, sign-in, sessions, API tokens
========================  ===============================================================

Every function takes a SQLAlchemy ``Session`` as its first argument, may flush, and never
commits: the caller owns the transaction (``bakehouse.db.transaction``). Failures raise
the domain errors of :mod:`bakehouse.errors`. Import use cases from their modules, so
"go to definition" lands on them. Example::

    from bakehouse.config import Settings
    from bakehouse.db import make_engine, make_session_factory, transaction, ensure_database
    from bakehouse.services.production.dashboard import get_dashboard_summary

    engine = make_engine(Settings())
    ensure_database(engine)
    with transaction(make_session_factory(engine)) as session:
        for row in get_dashboard_summary(session).rows:
            print(row.event_name, row.packages_delivered, "/", row.packages_total)
"""
