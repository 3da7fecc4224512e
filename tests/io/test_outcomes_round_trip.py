"""Losses and moves of good items go through the data file (version 2, docs/product.md
§6.13), and a loss or move that does not fit its bake is refused with its JSON path."""

from __future__ import annotations

import copy
import json
from datetime import UTC, datetime
from typing import Any

import pytest
from sqlalchemy.orm import Session

from bakehouse.errors import ValidationFailed
from bakehouse.io.export import export_document
from bakehouse.io.importer import import_document, parse_document_text
from bakehouse.services.production.bakes import record_production
from bakehouse.services.production.outcomes import move_items, record_loss
from bakehouse.services.production.progress import get_production_progress
from tests.factories.planning import make_event
from tests.services.test_outcomes import make_kitchen

WHEN = datetime(2026, 12, 1, 12, 0, tzinfo=UTC)


def outcome_document(session: Session) -> dict[str, Any]:
    kitchen = make_kitchen(session)
    record_production(
        session, event_id=kitchen.event.id, recipe_id=kitchen.recipe.id, batches=2,
        good={kitchen.cookie.id: 40}, loss_reason="burnt",
    )  # fmt: skip
    christmas = make_event(session, name="Christmas")
    record_loss(session, event_id=kitchen.event.id, item_id=kitchen.cookie.id, quantity=3,
                reason="broken", note="on the way")  # fmt: skip
    move_items(session, from_event_id=kitchen.event.id, to_event_id=christmas.id,
               item_id=kitchen.cookie.id, quantity=12)  # fmt: skip
    session.flush()
    return json.loads(json.dumps(export_document(session, exported_at=WHEN)))


def reimport(session: Session, document: dict[str, Any]) -> dict[str, Any]:
    import_document(session, parse_document_text(json.dumps(document)), mode="replace")
    return json.loads(json.dumps(export_document(session, exported_at=WHEN)))


def test_losses_and_moves_round_trip_with_their_costs(session: Session) -> None:
    document = outcome_document(session)
    [bake] = document["production"]
    assert [(o["kind"], o["quantity"], o["reason"], o["cost"], o["at_bake"])
            for o in bake["outcomes"]] == [
        ("loss", 8, "burnt", "1.6667", True),
        ("loss", 3, "broken", "0.625", False),
        ("move", 12, None, "2.5", False),
    ]  # fmt: skip

    assert reimport(session, document) == document
    events = {e["slug"]: e for e in document["events"]}
    assert set(events) == {"cookie-swap", "christmas"}


def test_the_figures_are_the_same_after_an_import(session: Session) -> None:
    document = outcome_document(session)
    reimport(session, document)
    from bakehouse.models import Event

    swap = session.query(Event).filter_by(slug="cookie-swap").one()
    [recipe] = get_production_progress(session, swap.id).recipes
    assert (recipe.items[0].items_made, recipe.items[0].items_lost) == (25, 11)


@pytest.mark.parametrize(
    ("change", "path", "words"),
    [
        ({"reason": None}, "reason", "a loss names its reason"),
        ({"kind": "move", "reason": None, "to_event": "cookie-swap"}, "to_event",
         "another event"),
        ({"item": "nothing-like-it"}, "item", "no item"),
    ],
)  # fmt: skip
def test_an_outcome_that_does_not_fit_is_refused_and_located(
    session: Session, change: dict[str, Any], path: str, words: str
) -> None:
    document = copy.deepcopy(outcome_document(session))
    document["production"][0]["outcomes"][0].update(change)
    with pytest.raises(ValidationFailed) as refused:
        reimport(session, document)
    found = {p.location: p.message for p in refused.value.problems}
    key = f"$.production[0].outcomes[0].{path}"
    assert key in found, found
    assert words in found[key]
