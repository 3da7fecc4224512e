"""URLs that name an event and something inside it act only on that event's things.

``POST /events/2/assignments/1/remove`` must not remove event 1's assignment: every route
that names an event and a child (a package assignment, a bake) answers 404 for a
child of another event, and nothing changes. The test walks the route table, so a new
nested route is covered the day it is added.
"""

from __future__ import annotations

import re

from fastapi import FastAPI
from fastapi.testclient import TestClient
from sqlalchemy import select
from sqlalchemy.orm import Session

from bakehouse.models import Assignment, ProductionRecord, StatusChange, StockMovement
from bakehouse.services.production.bakes import record_production
from tests.factories.planning import make_assignment, make_event, make_recipient
from tests.factories.season import make_cookie_season
from tests.web.auth_helpers import route_table

_PARAM = re.compile(r"\{([^}]+)\}")
#: Path parameters that name a child of the event, and the child each stands for.
CHILDREN = {"assignment_id": "assignment", "bake_id": "bake"}
#: Fields any of these forms may ask for, all valid, so only the nesting can refuse them.
FORM = {
    "reason": "checking the nesting",
    "status": "pending",
    "note": "",
    "confirm": "true",
    "quantity": "2",
}


def nested_routes(app: FastAPI) -> list[tuple[str, str]]:
    """(method, path) of every route naming an event and one of its children."""
    found = []
    for method, path in route_table(app):
        names = _PARAM.findall(path)
        if "event_id" in names and any(name in CHILDREN for name in names):
            found.append((method, path))
    return found


def state(db: Session) -> list[object]:
    """Everything these routes could change: assignments, status history, bakes, ledger."""
    db.expire_all()
    return [
        sorted((a.id, a.event_id, a.status, a.quantity) for a in db.scalars(select(Assignment))),
        len(list(db.scalars(select(StatusChange)))),
        sorted((r.id, r.reversed_at is not None) for r in db.scalars(select(ProductionRecord))),
        len(list(db.scalars(select(StockMovement)))),
    ]


def test_the_walk_finds_every_nested_route(app: FastAPI) -> None:
    assert set(nested_routes(app)) >= {
        ("POST", "/events/{event_id}/assignments/{assignment_id}/assemble"),
        ("POST", "/events/{event_id}/assignments/{assignment_id}/deliver"),
        ("POST", "/events/{event_id}/assignments/{assignment_id}/correct"),
        ("POST", "/events/{event_id}/assignments/{assignment_id}/remove"),
        ("POST", "/events/{event_id}/bakes/{bake_id}/reverse"),
    }


def test_a_child_of_another_event_is_not_found_on_every_nested_route(
    app: FastAPI, client: TestClient, db: Session
) -> None:
    season = make_cookie_season(db)
    baked = record_production(
        db, event_id=season.event.id, recipe_id=season.recipe.id, batches=1, confirm=["over_plan"]
    )
    other_event = make_event(db, name="Easter")
    make_assignment(db, other_event, make_recipient(db, name="Nan"), season.package)
    db.commit()
    theirs = {"assignment_id": season.assignment.id, "bake_id": baked.record.id}
    before = state(db)
    routes = nested_routes(app)
    assert routes
    for method, template in routes:
        values = {"event_id": other_event.id} | theirs
        path = _PARAM.sub(lambda match, v=values: str(v[match.group(1)]), template)
        response = client.request(method, path, data=FORM, follow_redirects=False)
        assert response.status_code == 404, (method, path, response.status_code)
        assert state(db) == before, (method, path)
