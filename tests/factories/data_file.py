"""A hand-built season touching every table the data file holds, built from the models.

Three kinds of measure (flour by mass, milk by volume with a density, eggs by count with
grams per each), purchases and opening stock, a spoilage adjustment, nested bundles,
packages at every status (one corrected), and bakes that drew from lots — one reversed.
:func:`add_sub_recipes` adds sub-recipes and prepared stock (version 2 of the file).
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import UTC, date, datetime
from decimal import Decimal

from sqlalchemy import select
from sqlalchemy.orm import Session

from bakehouse.domain.fifo import draw_cost
from bakehouse.domain.kinds import AdjustmentReason, AssignmentStatus, LotOrigin, MovementKind
from bakehouse.models import (
    Assignment,
    Bundle,
    BundleLine,
    Event,
    EventLockChange,
    EventPriceLock,
    EventRecipeLock,
    Ingredient,
    Item,
    Lot,
    Package,
    PackageLine,
    Product,
    ProductionRecord,
    Recipe,
    RecipeLine,
    Recipient,
    StatusChange,
)
from bakehouse.services.catalog.graph import load_catalog_graph
from bakehouse.services.events.contents import freeze_contents
from bakehouse.services.pantry.ledger import append_movement, balance_of
from bakehouse.services.pantry.stock import adjust_stock
from bakehouse.services.production.bakes import record_production
from bakehouse.services.recipes.recipes import RecipeLineInput, YieldInput, create_recipe
from bakehouse.units.conversion import Measure
from tests.factories.catalog import make_ingredient, make_purchase


def at(day: int, hour: int = 10) -> datetime:
    return datetime(2026, 12, day, hour, 0, tzinfo=UTC)


@dataclass
class FullSeason:
    flour: Ingredient
    christmas: Event
    recipients: list[Recipient]
    lots: list[Lot]


def _bake(
    session: Session,
    event: Event,
    recipe: Recipe,
    batches: int,
    draws: list[tuple[Lot, str]],
    when: datetime,
) -> ProductionRecord:
    record = ProductionRecord(
        event=event, recipe=recipe, batches=batches, actual_cost=Decimal(0), produced_at=when
    )
    session.add(record)
    session.flush()
    total = Decimal(0)
    for lot, quantity in draws:
        cost = draw_cost(balance_of(lot), Decimal(quantity))
        total += cost
        append_movement(
            session,
            lot,
            kind=MovementKind.PRODUCTION,
            quantity=-Decimal(quantity),
            value=-cost,
            production_record_id=record.id,
            occurred_at=when,
        )
    record.actual_cost = total
    session.flush()
    return record


def _reverse(session: Session, record: ProductionRecord, when: datetime) -> None:
    for movement in list(record.movements):
        append_movement(
            session,
            movement.lot,
            kind=MovementKind.REVERSAL,
            quantity=-movement.quantity,
            value=-movement.value,
            production_record_id=record.id,
            reverses_id=movement.id,
            note="wrong recipe",
            occurred_at=when,
        )
    record.reversed_at = when
    record.reversal_reason = "recorded against the wrong recipe"
    session.flush()


def add_pantry_reality(session: Session, season: FullSeason) -> None:
    """Version 4 of the file (docs/product.md §6.14): an ingredient drawn earliest
    best-before first, a short bake covered by unpriced unrecorded stock (its cost
    incomplete), and a stock-take that found more flour."""
    from bakehouse.services.catalog.ingredients import create_ingredient
    from bakehouse.services.pantry.counted import Count, take_stock

    saffron = create_ingredient(session, name="Saffron", measure="mass", draw_order="fefo")
    glitter = create_recipe(
        session,
        name="Saffron buns",
        lines=[
            RecipeLineInput(season.flour.id, Decimal(100), "g"),
            RecipeLineInput(saffron.id, Decimal("0.5"), "g"),
        ],
    )
    session.flush()
    record_production(session, event_id=season.christmas.id, recipe_id=glitter.id, batches=1,
                      confirm=["over_plan", "cover_shortage"], produced_at=at(20))  # fmt: skip
    take_stock(session, [Count(season.flour.id, "5000")], reason="December count",
               counted_on=date(2026, 12, 21))  # fmt: skip
    session.flush()


def add_sub_recipes(session: Session, season: FullSeason) -> None:
    """Version 2 of the file (docs/product.md §6.12): a buttercream with a yield and a
    glaze counted in batches, used by a frosted shortbread; prepared stock made ahead, made
    "now" for a bake, and partly written off."""
    flour = season.flour
    butter = session.scalars(select(Ingredient).where(Ingredient.slug == "butter")).one()
    event = season.christmas
    cream = create_recipe(
        session,
        name="Buttercream",
        lines=[RecipeLineInput(butter.id, Decimal(100), "g")],
        batch_yield=YieldInput("4", "cup", "0.9", 5),
    )
    glaze = create_recipe(
        session, name="Glaze", lines=[RecipeLineInput(flour.id, Decimal(20), "g")]
    )
    frosted = create_recipe(
        session,
        name="Frosted shortbread",
        lines=[
            RecipeLineInput(flour.id, Decimal(100), "g"),
            RecipeLineInput(None, Decimal(1), "cup", sub_recipe_id=cream.id),
            RecipeLineInput(None, Decimal("0.5"), "batch", sub_recipe_id=glaze.id),
        ],
    )
    record_production(session, event_id=None, recipe_id=cream.id, batches=1, produced_at=at(18, 12))
    record_production(session, event_id=None, recipe_id=glaze.id, batches=2, produced_at=at(18, 13))
    record_production(session, event_id=event.id, recipe_id=frosted.id, batches=5,
                      confirm=["make_missing", "over_plan"], produced_at=at(19))  # fmt: skip
    leftover = session.scalars(
        select(Lot).where(Lot.recipe_id == cream.id, Lot.quantity_remaining > 0)
    ).first()
    assert leftover is not None
    adjust_stock(session, lot_id=leftover.id, quantity="-1", unit="cup", reason="spoilage")
    session.flush()


def make_full_season(session: Session) -> FullSeason:
    """Build the season; returns a few of its things for assertions."""
    flour = make_ingredient(
        session, name="Flour", measure=Measure.MASS, allergens=["gluten"], category="dry"
    )
    butter = make_ingredient(
        session, name="Butter", measure=Measure.MASS, allergens=["milk"], notes="unsalted"
    )
    sugar = make_ingredient(session, name="Sugar", measure=Measure.MASS)
    milk = make_ingredient(session, name="Milk", measure=Measure.VOLUME, density=Decimal("1.03"))
    eggs = make_ingredient(session, name="Eggs", measure=Measure.COUNT, grams_per_each=Decimal(50))
    vanilla = make_ingredient(session, name="Vanilla extract", measure=Measure.VOLUME)
    session.flush()

    flour_bag = Product(
        ingredient=flour,
        slug="kings-flour-5-lb",
        brand="King's",
        name="Flour",
        package_size=Decimal(5),
        package_unit="lb",
        is_preferred=True,
        gtin="0071012010509",
    )
    flour_kilo = Product(
        ingredient=flour,
        slug="shop-flour-1-kg",
        name="Flour",
        package_size=Decimal(1),
        package_unit="kg",
        supplier="Corner shop",
    )
    butter_pack = Product(
        ingredient=butter,
        slug="butter-1-lb",
        brand="Dairy Co",
        name="Butter",
        package_size=Decimal(1),
        package_unit="lb",
        is_preferred=True,
    )
    sugar_bag = Product(
        ingredient=sugar,
        slug="sugar-2-kg",
        name="Sugar",
        package_size=Decimal(2),
        package_unit="kg",
    )
    egg_box = Product(
        ingredient=eggs,
        slug="eggs-dozen",
        name="Large eggs",
        package_size=Decimal(1),
        package_unit="dozen",
    )
    milk_jug = Product(
        ingredient=milk,
        slug="milk-gallon",
        name="Whole milk",
        package_size=Decimal(1),
        package_unit="gallon",
    )
    session.add_all([flour_bag, flour_kilo, butter_pack, sugar_bag, egg_box, milk_jug])
    session.flush()

    old_flour = make_purchase(
        session,
        flour_bag,
        purchased_on=date(2026, 11, 1),
        packages="1",
        total_price="4.99",
        quantity="2267.96185",
        best_before=date(2027, 6, 1),
        location="Pantry shelf",
    )
    new_flour = make_purchase(
        session,
        flour_kilo,
        purchased_on=date(2026, 11, 20),
        packages="2",
        total_price="3.10",
        quantity="2000",
    )
    butter_lot = make_purchase(
        session,
        butter_pack,
        purchased_on=date(2026, 11, 20),
        packages="4",
        total_price="15.96",
        quantity="1814.36948",
        location="Fridge",
    )
    sugar_lot = make_purchase(
        session,
        sugar_bag,
        purchased_on=date(2026, 11, 2),
        packages="1",
        total_price="2.49",
        quantity="2000",
    )
    egg_lot = make_purchase(
        session,
        egg_box,
        purchased_on=date(2026, 12, 1),
        packages="2",
        total_price="7.58",
        quantity="24",
    )
    milk_lot = make_purchase(
        session,
        milk_jug,
        purchased_on=date(2026, 12, 1),
        packages="1",
        total_price="3.79",
        quantity="3785.41",
    )
    vanilla_lot = Lot(
        ingredient=vanilla,
        received_on=date(2026, 1, 5),
        initial_quantity=Decimal(118),
        cost=Decimal("8.99"),
        quantity_remaining=Decimal(0),
        value_remaining=Decimal(0),
        notes="left from last year",
        origin=LotOrigin.OPENING,
    )
    session.add(vanilla_lot)
    append_movement(
        session,
        vanilla_lot,
        kind=MovementKind.OPENING,
        quantity=Decimal(118),
        value=Decimal("8.99"),
        occurred_at=at(1, 8),
    )
    append_movement(
        session,
        egg_lot,
        kind=MovementKind.ADJUSTMENT,
        quantity=Decimal(-2),
        value=draw_cost(balance_of(egg_lot), Decimal(2)) * -1,
        reason=AdjustmentReason.SPOILAGE,
        note="two cracked",
        occurred_at=at(2),
    )
    session.flush()

    chip = Recipe(slug="sugar-cookies", name="Sugar cookies", instructions="Cream, mix, bake.")
    chip.lines = [
        RecipeLine(ingredient=flour, quantity=Decimal(300), unit="g", position=2),
        RecipeLine(ingredient=butter, quantity=Decimal(8), unit="oz", position=1),
        RecipeLine(ingredient=sugar, quantity=Decimal(200), unit="g", position=3),
        RecipeLine(ingredient=eggs, quantity=Decimal(2), unit="each", position=4),
        RecipeLine(ingredient=vanilla, quantity=Decimal(1), unit="tsp", position=5, note="pure"),
    ]
    shortbread = Recipe(slug="shortbread", name="Shortbread", notes="chill the dough")
    shortbread.lines = [
        RecipeLine(ingredient=flour, quantity=Decimal(300), unit="g"),
        RecipeLine(ingredient=butter, quantity=Decimal("0.5"), unit="lb"),
        RecipeLine(ingredient=sugar, quantity=Decimal(100), unit="g"),
    ]
    custard = Recipe(slug="custard-tarts", name="Custard tarts")
    custard.lines = [
        RecipeLine(ingredient=milk, quantity=Decimal(2), unit="cup"),
        RecipeLine(ingredient=eggs, quantity=Decimal(100), unit="g", note="about two"),
    ]
    session.add_all([chip, shortbread, custard])
    session.flush()
    cookie = Item(slug="sugar-cookie", name="Sugar cookie", recipe=chip, items_per_batch=24)
    big_cookie = Item(
        slug="big-sugar-cookie", name="Big sugar cookie", recipe=chip, items_per_batch=10
    )
    finger = Item(
        slug="shortbread-finger",
        name="Shortbread finger",
        recipe=shortbread,
        items_per_batch=20,
        notes="dusted",
    )
    tart = Item(slug="custard-tart", name="Custard tart", recipe=custard, items_per_batch=12)
    session.add_all([cookie, big_cookie, finger, tart])
    session.flush()

    tin = Bundle(slug="cookie-tin", name="Cookie tin")
    tin.lines = [BundleLine(item=cookie, quantity=6), BundleLine(item=finger, quantity=6)]
    session.add(tin)
    session.flush()
    deluxe = Bundle(slug="deluxe-tin", name="Deluxe tin", notes="ribbon")
    deluxe.lines = [BundleLine(child_bundle=tin, quantity=1), BundleLine(item=tart, quantity=2)]
    family = Package(slug="family-box", name="Family box")
    family.lines = [
        PackageLine(bundle=deluxe, quantity=1),
        PackageLine(item=big_cookie, quantity=2),
    ]
    small = Package(slug="small-bag", name="Small bag", notes="for neighbours")
    small.lines = [PackageLine(item=finger, quantity=6)]
    session.add_all([deluxe, family, small])

    recipients = [
        Recipient(
            slug="alice",
            name="Alice Smith",
            household="Smiths",
            address="1 Elm Street\nSpringfield",
            allergens=["tree_nuts"],
        ),
        Recipient(slug="bob", name="Bob Smith", household="Smiths", address="1 Elm Street"),
        Recipient(slug="carol", name="Carol Jones", notes="prefers shortbread"),
        Recipient(slug="dan", name="Dan Brown", household="Browns", address="9 Oak Road"),
    ]
    session.add_all(recipients)
    christmas = Event(slug="christmas-2026", name="Christmas 2026", event_date=date(2026, 12, 25))
    thanks = Event(
        slug="thank-you-gifts",
        name="Thank-you gifts",
        event_date=date(2026, 12, 20),
        notes="teachers",
    )
    session.add_all([christmas, thanks])
    session.flush()

    def assign(
        event: Event, recipient: Recipient, package: Package, quantity: int = 1
    ) -> Assignment:
        assignment = Assignment(
            event=event,
            recipient=recipient,
            package=package,
            quantity=quantity,
            created_at=at(1, 12),
        )
        session.add(assignment)
        return assignment

    assign(christmas, recipients[0], family)
    assembled = assign(christmas, recipients[1], family)
    assembled.status, assembled.assembled_at = AssignmentStatus.ASSEMBLED, at(20)
    assembled.history = [
        StatusChange(from_status="pending", to_status="assembled", changed_at=at(20))
    ]
    delivered = assign(christmas, recipients[2], small, quantity=2)
    delivered.status = AssignmentStatus.DELIVERED
    delivered.assembled_at, delivered.delivered_at = at(20), at(22, 15)
    delivered.delivery_note = "left with neighbour"
    delivered.history = [
        StatusChange(from_status="pending", to_status="assembled", changed_at=at(20)),
        StatusChange(from_status="assembled", to_status="delivered", changed_at=at(21)),
        StatusChange(
            from_status="delivered",
            to_status="assembled",
            is_correction=True,
            note="wrong house",
            changed_at=at(21, 11),
        ),
        StatusChange(from_status="assembled", to_status="delivered", changed_at=at(22, 15)),
    ]
    assign(thanks, recipients[3], small)
    assign(thanks, recipients[0], small, quantity=3)
    session.flush()
    # What the assembled and delivered packages held, frozen (docs/product.md §6.20).
    graph = load_catalog_graph(session)
    for packed in (assembled, delivered):
        freeze_contents(session, graph, packed)
    session.flush()
    # The thank-you gifts' prices locked (a flour price and the plan then), once unlocked.
    thanks.locked_at = at(18)
    session.add_all(
        [
            EventPriceLock(
                event_id=thanks.id, ingredient_id=old_flour.ingredient_id, cost=Decimal("2.5"),
                quantity=Decimal("1000"),
            ),
            EventRecipeLock(
                event_id=thanks.id, recipe_id=chip.id, batches=1,
                planned_cost=Decimal("4.1"), unpriced=False,
            ),
            EventLockChange(event_id=thanks.id, locked=True, reason="", changed_at=at(17)),
            EventLockChange(
                event_id=thanks.id, locked=False, reason="one more teacher", changed_at=at(17, 11)
            ),
            EventLockChange(event_id=thanks.id, locked=True, reason="", changed_at=at(18)),
        ]
    )  # fmt: skip
    session.flush()

    _bake(
        session,
        christmas,
        chip,
        2,
        [
            (old_flour, "600"),
            (butter_lot, "453.59237"),
            (sugar_lot, "400"),
            (egg_lot, "4"),
            (vanilla_lot, "9.85784"),
        ],
        at(15),
    )
    _bake(
        session,
        christmas,
        shortbread,
        1,
        [(old_flour, "300"), (butter_lot, "226.796185"), (sugar_lot, "100")],
        at(16),
    )
    wrong = _bake(session, thanks, custard, 1, [(milk_lot, "473.176"), (egg_lot, "2")], at(17))
    _reverse(session, wrong, at(17, 14))
    _bake(
        session,
        thanks,
        shortbread,
        1,
        [
            (old_flour, "1367.96185"),
            (new_flour, "300"),
            (butter_lot, "226.796185"),
            (sugar_lot, "100"),
        ],
        at(18),
    )
    session.flush()
    lots = [old_flour, new_flour, butter_lot, sugar_lot, egg_lot, milk_lot, vanilla_lot]
    return FullSeason(flour=flour, christmas=christmas, recipients=recipients, lots=lots)
