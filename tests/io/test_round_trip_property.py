"""Property: any small database exports, imports and exports again to the same document."""

from __future__ import annotations

from datetime import UTC, date, datetime
from decimal import Decimal
from typing import Any

from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from sqlalchemy.orm import Session

from bakehouse.domain.allergens import ALLERGENS
from bakehouse.domain.fifo import draw_cost
from bakehouse.domain.kinds import STATUS_ORDER, AdjustmentReason, AssignmentStatus, MovementKind
from bakehouse.io.export import export_document
from bakehouse.io.importer import import_document
from bakehouse.models import (
    Assignment,
    Bundle,
    BundleLine,
    Event,
    Ingredient,
    Item,
    Lot,
    Package,
    PackageLine,
    Product,
    ProductionRecord,
    Purchase,
    Recipe,
    RecipeLine,
    Recipient,
    StatusChange,
    StockMovement,
)
from bakehouse.services.catalog.graph import load_catalog_graph
from bakehouse.services.events.contents import freeze_contents
from bakehouse.services.pantry.ledger import append_movement, balance_of
from bakehouse.units.conversion import Measure

UNITS = {
    Measure.MASS: ["g", "kg", "oz", "lb"],
    Measure.VOLUME: ["ml", "l", "tsp", "tbsp", "fl oz", "cup", "pint", "quart", "gallon"],
    Measure.COUNT: ["each", "dozen"],
}
STAMP = datetime(2026, 12, 31, tzinfo=UTC)

texts = st.text(
    # Text every door accepts (domain.inputs): no surrogates, no control characters.
    st.characters(blacklist_categories=("Cs", "Cc")) | st.sampled_from("\t\n"),
    max_size=12,
)
quantities = st.decimals(min_value=Decimal("0.000001"), max_value=Decimal(10**6), places=6)
money = st.decimals(min_value=Decimal(0), max_value=Decimal(10**4), places=4)
days = st.dates(min_value=date(2020, 1, 1), max_value=date(2030, 12, 31))
times = st.datetimes(
    min_value=datetime(2020, 1, 1), max_value=datetime(2030, 12, 31), timezones=st.just(UTC)
)


class Builder:
    """Draws one small database straight into the session, table by table."""

    def __init__(self, session: Session, data: st.DataObject) -> None:
        self.session = session
        self.draw = data.draw
        self.n = 0

    def name(self, kind: str) -> tuple[str, str]:
        self.n += 1
        return f"{kind}-{self.n}", f"{kind.title()} {self.n} {self.draw(texts)}".strip()

    def build(self) -> None:
        ingredients = [self.ingredient() for _ in range(self.draw(st.integers(1, 3)))]
        self.session.flush()
        lots = [lot for i in ingredients for lot in self.lots(i)]
        recipes = [self.recipe(ingredients) for _ in range(self.draw(st.integers(1, 2)))]
        items = [self.item(r) for r in recipes for _ in range(self.draw(st.integers(1, 2)))]
        self.session.flush()
        bundles: list[Bundle] = []
        for _ in range(self.draw(st.integers(0, 2))):
            bundles.append(self.content(Bundle, BundleLine, "child_bundle", items, bundles))
        packages = [
            self.content(Package, PackageLine, "bundle", items, bundles)
            for _ in range(self.draw(st.integers(1, 2)))
        ]
        recipients = [self.recipient() for _ in range(self.draw(st.integers(1, 2)))]
        events = [self.event() for _ in range(self.draw(st.integers(1, 2)))]
        self.session.flush()
        for event in events:
            for recipient in recipients:
                for package in packages:
                    if self.draw(st.booleans()):
                        self.assignment(event, recipient, package)
            for recipe in recipes:
                if lots and self.draw(st.booleans()):
                    self.bake(event, recipe, lots)
        self.session.flush()

    def ingredient(self) -> Ingredient:
        slug, name = self.name("ingredient")
        ingredient = Ingredient(
            slug=slug,
            name=name,
            measure=self.draw(st.sampled_from(list(Measure))),
            category=self.draw(st.sampled_from(["other", "dairy", "dry"])),
            density=self.draw(st.none() | quantities),
            grams_per_each=self.draw(st.none() | quantities),
            allergens=sorted(self.draw(st.sets(st.sampled_from(list(ALLERGENS)), max_size=2))),
            notes=self.draw(texts),
        )
        self.session.add(ingredient)
        self.session.flush()
        preferred = self.draw(st.booleans())
        for _ in range(self.draw(st.integers(0, 2))):
            slug, name = self.name("product")
            self.session.add(
                Product(
                    ingredient=ingredient,
                    slug=slug,
                    name=name,
                    package_size=self.draw(quantities),
                    package_unit=self.draw(st.sampled_from(UNITS[Measure(ingredient.measure)])),
                    supplier=self.draw(st.none() | texts),
                    is_preferred=preferred,
                )
            )
            preferred = False
        self.session.flush()
        return ingredient

    def lots(self, ingredient: Ingredient) -> list[Lot]:
        lots = []
        for _ in range(self.draw(st.integers(0, 3))):
            quantity, cost = self.draw(quantities), self.draw(money)
            purchase = None
            if ingredient.products and self.draw(st.booleans()):
                purchase = Purchase(
                    product=self.draw(st.sampled_from(ingredient.products)),
                    purchased_on=self.draw(days),
                    packages=self.draw(quantities),
                    total_price=cost,
                )
            lot = Lot(
                ingredient=ingredient,
                purchase=purchase,
                received_on=self.draw(days),
                initial_quantity=quantity,
                cost=cost,
                quantity_remaining=Decimal(0),
                value_remaining=Decimal(0),
                best_before=self.draw(st.none() | days),
                location=self.draw(st.none() | texts),
            )
            self.session.add(lot)
            kind = MovementKind.OPENING if purchase is None else MovementKind.PURCHASE
            append_movement(
                self.session,
                lot,
                kind=kind,
                quantity=quantity,
                value=cost,
                occurred_at=self.draw(times),
            )
            if self.draw(st.booleans()):
                self.take(lot, MovementKind.ADJUSTMENT, None)
            lots.append(lot)
        self.session.flush()
        return lots

    def take(self, lot: Lot, kind: MovementKind, record: ProductionRecord | None) -> Decimal:
        """Draw part (or all) of what is left in ``lot``; returns the cost taken."""
        left = lot.quantity_remaining
        if left <= 0:
            return Decimal(0)
        share = self.draw(st.sampled_from(["1", "0.5", "0.25"]))
        quantity = (left * Decimal(share)).quantize(Decimal("0.000001"))
        if quantity <= 0:
            return Decimal(0)
        cost = draw_cost(balance_of(lot), quantity)
        append_movement(
            self.session,
            lot,
            kind=kind,
            quantity=-quantity,
            value=-cost,
            reason=AdjustmentReason.SPOILAGE if kind == MovementKind.ADJUSTMENT else None,
            note=self.draw(texts),
            production_record_id=None if record is None else record.id,
            occurred_at=self.draw(times),
        )
        return cost

    def recipe(self, ingredients: list[Ingredient]) -> Recipe:
        slug, name = self.name("recipe")
        recipe = Recipe(slug=slug, name=name, instructions=self.draw(texts))
        for position, ingredient in enumerate(ingredients):
            if self.draw(st.booleans()):
                unit = self.draw(st.sampled_from(UNITS[Measure(ingredient.measure)]))
                recipe.lines.append(
                    RecipeLine(
                        ingredient=ingredient,
                        quantity=self.draw(quantities),
                        unit=unit,
                        position=self.draw(st.integers(0, 3)) or position,
                    )
                )
        self.session.add(recipe)
        return recipe

    def item(self, recipe: Recipe) -> Item:
        slug, name = self.name("item")
        item = Item(
            slug=slug, name=name, recipe=recipe, items_per_batch=self.draw(st.integers(1, 48))
        )
        self.session.add(item)
        return item

    def content(
        self, model: Any, line_model: Any, bundle_key: str, items: list[Item], bundles: list[Bundle]
    ) -> Any:
        slug, name = self.name(model.__tablename__)
        owner = model(slug=slug, name=name, notes=self.draw(texts))
        for _ in range(self.draw(st.integers(0, 3))):
            quantity = self.draw(st.integers(1, 12))
            if bundles and self.draw(st.booleans()):
                line = line_model(
                    quantity=quantity, **{bundle_key: self.draw(st.sampled_from(bundles))}
                )
            else:
                line = line_model(quantity=quantity, item=self.draw(st.sampled_from(items)))
            owner.lines.append(line)
        self.session.add(owner)
        self.session.flush()
        return owner

    def recipient(self) -> Recipient:
        slug, name = self.name("recipient")
        recipient = Recipient(
            slug=slug,
            name=name,
            household=self.draw(texts),
            address=self.draw(texts),
            allergens=sorted(self.draw(st.sets(st.sampled_from(list(ALLERGENS)), max_size=2))),
        )
        self.session.add(recipient)
        return recipient

    def event(self) -> Event:
        slug, name = self.name("event")
        event = Event(slug=slug, name=name, event_date=self.draw(days), notes=self.draw(texts))
        # Archived or not, locked or not (docs/product.md §6.20).
        event.archived_at = self.draw(st.none() | times)
        event.locked_at = self.draw(st.none() | times)
        self.session.add(event)
        return event

    def assignment(self, event: Event, recipient: Recipient, package: Package) -> None:
        status = self.draw(st.sampled_from(STATUS_ORDER))
        steps = sorted(self.draw(st.lists(times, min_size=2, max_size=2)))
        assignment = Assignment(
            event=event,
            recipient=recipient,
            package=package,
            quantity=self.draw(st.integers(1, 5)),
            status=status,
            assembled_at=steps[0] if status != AssignmentStatus.PENDING else None,
            delivered_at=steps[1] if status == AssignmentStatus.DELIVERED else None,
            delivery_note=self.draw(texts) if status == AssignmentStatus.DELIVERED else "",
        )
        reached = STATUS_ORDER.index(status)
        assignment.history = [
            StatusChange(
                from_status=STATUS_ORDER[n], to_status=STATUS_ORDER[n + 1], changed_at=steps[n]
            )
            for n in range(reached)
        ]
        self.session.add(assignment)
        if status != AssignmentStatus.PENDING:
            # Assembled and delivered hold a snapshot of their contents (§6.20).
            self.session.flush()
            freeze_contents(self.session, load_catalog_graph(self.session), assignment)

    def bake(self, event: Event, recipe: Recipe, lots: list[Lot]) -> None:
        record = ProductionRecord(
            event=event,
            recipe=recipe,
            batches=self.draw(st.integers(1, 4)),
            actual_cost=Decimal(0),
            produced_at=self.draw(times),
        )
        self.session.add(record)
        self.session.flush()
        chosen = self.draw(st.lists(st.sampled_from(lots), max_size=2, unique_by=id))
        record.actual_cost = sum(
            (self.take(lot, MovementKind.PRODUCTION, record) for lot in chosen), Decimal(0)
        )
        self.session.flush()
        if self.draw(st.booleans()):
            self.reverse(record)

    def reverse(self, record: ProductionRecord) -> None:
        self.session.expire(record, ["movements"])
        for movement in list(record.movements):
            lot = self.session.get(Lot, movement.lot_id)
            assert lot is not None
            append_movement(
                self.session,
                lot,
                kind=MovementKind.REVERSAL,
                quantity=-movement.quantity,
                value=-movement.value,
                production_record_id=record.id,
                reverses_id=movement.id,
                occurred_at=self.draw(times),
            )
        record.reversed_at = self.draw(times)
        self.session.flush()


@settings(suppress_health_check=[HealthCheck.function_scoped_fixture, HealthCheck.too_slow])
@given(data=st.data())
def test_any_small_database_round_trips_identically(session: Session, data: st.DataObject) -> None:
    savepoint = session.begin_nested()
    try:
        Builder(session, data).build()
        first = export_document(session, exported_at=STAMP)

        import_document(session, first, mode="replace")

        assert export_document(session, exported_at=STAMP) == first
        assert session.query(StockMovement).count() == len(first["movements"])
    finally:
        savepoint.rollback()
        session.expunge_all()
