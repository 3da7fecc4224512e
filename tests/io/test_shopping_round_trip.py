"""List prices, ticks (of an event's list and of a season's) and the aisle order go through
the data file (version 6, docs/product.md §6.17); a tick naming nothing is refused where it
is."""

from __future__ import annotations

import copy
import json
from datetime import UTC, date, datetime
from decimal import Decimal
from typing import Any

import pytest
from sqlalchemy import select
from sqlalchemy.orm import Session

from bakehouse.errors import ValidationFailed
from bakehouse.io.export import export_document
from bakehouse.io.importer import import_document, parse_document_text
from bakehouse.models import Product, ShoppingTick
from bakehouse.services.events.seasons import create_season
from bakehouse.services.pantry.shopping import set_aisles, set_tick
from tests.factories.catalog import make_ingredient, make_product
from tests.factories.planning import make_event

WHEN = datetime(2026, 12, 2, 4, 0, tzinfo=UTC)
TODAY = date(2026, 12, 1)


def shopping_document(session: Session) -> dict[str, Any]:
    flour = make_ingredient(session, name="Flour", category="baking")
    butter = make_ingredient(session, name="Butter", category="dairy")
    make_product(session, flour, name="Flour bag", slug="flour-bag", list_price=Decimal("3.5"),
                 list_price_on=date(2026, 11, 28), list_price_store="Market")  # fmt: skip
    make_product(session, butter, name="Butter block", slug="butter-block")
    event = make_event(session, name="Fair", slug="fair", event_date=date(2026, 12, 20))
    season = create_season(session, name="Winter", starts_on="2026-12-01", ends_on="2027-01-31")
    set_tick(session, f"event:{event.id}", flour.id, shortfall="3000", by="ann", today=TODAY)
    set_tick(session, f"season:{season.id}", butter.id, shortfall="900", by="bob", today=TODAY)
    set_tick(session, "upcoming", flour.id, shortfall="1", today=TODAY)
    set_aisles(session, ["dairy", "baking"])
    session.flush()
    return json.loads(json.dumps(export_document(session, exported_at=WHEN)))


def test_list_prices_ticks_and_aisles_round_trip(session: Session) -> None:
    document = shopping_document(session)
    flour_bag = next(p for p in document["products"] if p["slug"] == "flour-bag")
    assert (flour_bag["list_price"], flour_bag["list_price_on"], flour_bag["list_price_store"]) == (
        "3.5", "2026-11-28", "Market"
    )  # fmt: skip
    assert [(t["scope"], t["ingredient"], t["shortfall"]) for t in document["ticks"]] == [
        ("event:fair", "flour", "3000"),
        ("season:winter", "butter", "900"),
        ("upcoming", "flour", "1"),
    ]
    assert document["aisles"] == [{"category": "dairy"}, {"category": "baking"}]

    import_document(session, parse_document_text(json.dumps(document)), mode="replace")
    again = json.loads(json.dumps(export_document(session, exported_at=WHEN)))
    assert again == document
    # The ids changed on import; the ticks follow their event and season by slug.
    keys = set(session.scalars(select(ShoppingTick.scope_key)))
    assert {k.split(":")[0] for k in keys} == {"event", "season", "upcoming"}
    product = session.scalars(select(Product).where(Product.slug == "flour-bag")).one()
    assert product.list_price == Decimal("3.5")


def test_a_tick_naming_nothing_is_refused_where_it_is(session: Session) -> None:
    bad = copy.deepcopy(shopping_document(session))
    bad["ticks"][0]["scope"] = "event:no-such-fair"
    bad["ticks"][1]["ingredient"] = "saffron"
    bad["ticks"].append(dict(bad["ticks"][2]))
    bad["aisles"].append({"category": "Dairy"})
    with pytest.raises(ValidationFailed) as refused:
        import_document(session, parse_document_text(json.dumps(bad)), mode="replace")
    found = {p.location: p.message for p in refused.value.problems}
    assert "there is no event 'no-such-fair'" in found["$.ticks[0].scope"]
    assert "there is no ingredient 'saffron'" in found["$.ticks[1].ingredient"]
    assert "ticked twice" in found["$.ticks[3].ingredient"]
    assert "listed twice" in found["$.aisles[2].category"]
