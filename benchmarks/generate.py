"""A deterministic baking season, written fast with bulk inserts through the models.

``generate_season(session, events=N)`` fills an empty, migrated database with:

- 30 ingredients (mass, volume with a density, eggs by count), each with a preferred
  product and many purchases (about 12 + events ÷ 10 lots per ingredient), each purchase
  a lot with its PURCHASE movement;
- 12 recipes of 4–10 ingredient lines in kitchen units (one of exactly 9 lines), 16 items;
- 10 bundles, nested up to three deep, and 6 packages of bundles and items;
- per event 12 recipients, each assigned a package (1 or 2 of it); every 25th event has
  no packages at all;
- production for the first 40 % of events (every required batch, packages then in every
  status: all delivered, a mix, all assembled, half delivered), part of the recipes for
  the next 20 %, none after that.

Bakes are planned with :func:`bakehouse.domain.fifo.plan_all` against lot balances kept
in memory, so the ledger written is exactly what recording those bakes one by one would
have written: every lot's balance equals the sum of its movements. Rows get explicit ids
(the database must be empty) and PostgreSQL sequences are moved past them afterwards.
"""

from __future__ import annotations

import random
from collections import defaultdict, deque
from dataclasses import dataclass, replace
from datetime import UTC, date, datetime, timedelta
from decimal import Decimal
from typing import Any

from sqlalchemy import insert, select, text
from sqlalchemy.orm import Session

from bakehouse.domain.fifo import LotBalance, StockRequest, plan_all
from bakehouse.domain.kinds import AssignmentStatus, MovementKind
from bakehouse.domain.numbers import quantize_money
from bakehouse.domain.planning import CatalogGraph, ContentLine, ItemYield, batches_required
from bakehouse.domain.planning import item_units as expand_units
from bakehouse.models import (
    Assignment,
    Base,
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
    StockMovement,
)
from bakehouse.units.conversion import ConversionFactors, Measure, canonical_unit, to_canonical

SEED = 2024
RECIPIENTS_PER_EVENT = 12
RECIPE_SIZES = (4, 5, 6, 7, 8, 9, 10, 9, 6, 5, 8, 7)
FIRST_EVENT = date(2025, 1, 4)
STAMP = datetime(2024, 12, 1, 12, 0, tzinfo=UTC)

# (name, measure, density g/ml, grams per each, units a recipe line may use)
INGREDIENTS: tuple[tuple[str, Measure, str | None, str | None, tuple[str, ...]], ...] = (
    ("All-purpose flour", Measure.MASS, "0.53", None, ("g", "cup")),
    ("Granulated sugar", Measure.MASS, "0.85", None, ("g", "cup")),
    ("Brown sugar", Measure.MASS, "0.93", None, ("g", "cup")),
    ("Butter", Measure.MASS, "0.96", None, ("g", "tbsp", "oz")),
    ("Eggs", Measure.COUNT, None, "50", ("each",)),
    ("Vanilla extract", Measure.VOLUME, "0.88", None, ("tsp", "tbsp")),
    ("Salt", Measure.MASS, "1.2", None, ("tsp", "g")),
    ("Baking soda", Measure.MASS, "0.87", None, ("tsp",)),
    ("Baking powder", Measure.MASS, "0.9", None, ("tsp",)),
    ("Chocolate chips", Measure.MASS, None, None, ("g", "oz")),
    ("Cocoa powder", Measure.MASS, "0.41", None, ("g", "tbsp")),
    ("Rolled oats", Measure.MASS, "0.38", None, ("g", "cup")),
    ("Walnuts", Measure.MASS, None, None, ("g",)),
    ("Pecans", Measure.MASS, None, None, ("g", "oz")),
    ("Almond flour", Measure.MASS, "0.4", None, ("g", "cup")),
    ("Honey", Measure.VOLUME, "1.42", None, ("ml", "tbsp")),
    ("Molasses", Measure.VOLUME, "1.4", None, ("ml", "tbsp")),
    ("Ground ginger", Measure.MASS, "0.45", None, ("tsp",)),
    ("Cinnamon", Measure.MASS, "0.56", None, ("tsp",)),
    ("Nutmeg", Measure.MASS, "0.5", None, ("tsp",)),
    ("Cloves", Measure.MASS, "0.5", None, ("tsp",)),
    ("Milk", Measure.VOLUME, "1.03", None, ("ml", "cup")),
    ("Heavy cream", Measure.VOLUME, "1.0", None, ("ml", "cup")),
    ("Powdered sugar", Measure.MASS, "0.56", None, ("g", "cup")),
    ("Corn syrup", Measure.VOLUME, "1.38", None, ("ml", "tbsp")),
    ("Shredded coconut", Measure.MASS, "0.35", None, ("g", "cup")),
    ("Raisins", Measure.MASS, None, None, ("g", "oz")),
    ("Dried cranberries", Measure.MASS, None, None, ("g",)),
    ("Peanut butter", Measure.MASS, "1.09", None, ("g", "tbsp")),
    ("Lemon zest", Measure.MASS, "0.5", None, ("tsp",)),
)
RECIPE_NAMES = (
    "Chocolate chip cookies",
    "Snickerdoodles",
    "Gingerbread men",
    "Oatmeal raisin cookies",
    "Shortbread",
    "Peanut butter blossoms",
    "Pecan sandies",
    "Molasses crinkles",
    "Coconut macaroons",
    "Fudge",
    "Brownies",
    "Lemon bars",
)
# A line's quantity range in its unit.
LINE_RANGES = {
    "g": (40, 400),
    "oz": (2, 12),
    "cup": (1, 3),
    "tbsp": (1, 4),
    "tsp": (1, 3),
    "ml": (15, 240),
    "each": (1, 3),
}
PACKAGE_SIZES: dict[Measure, Decimal] = {
    Measure.MASS: Decimal(2000),
    Measure.VOLUME: Decimal(1000),
    Measure.COUNT: Decimal(12),
}


@dataclass(frozen=True)
class GeneratedSeason:
    events: int
    recipes: int
    lots: int
    assignments: int
    production_records: int
    movements: int
    #: An event part-way through (production, packages in several statuses).
    busy_event_id: int
    #: The last event: nothing baked yet, where a benchmark bake goes.
    open_event_id: int
    #: The last event with packages (nothing baked for it): its shopping list is a real one.
    planned_event_id: int
    #: A recipient who has nothing at ``open_event_id`` yet (a benchmark assignment).
    unassigned_recipient_id: int
    #: A recipe of exactly nine ingredient lines.
    nine_ingredient_recipe_id: int


class _Rows:
    """Rows per model, with explicit ids, inserted in dependency order at the end."""

    def __init__(self) -> None:
        self.rows: dict[type[Base], list[dict[str, Any]]] = defaultdict(list)

    def add(self, model: type[Base], **values: Any) -> int:
        rows = self.rows[model]
        values.setdefault("id", len(rows) + 1)
        rows.append(values)
        return int(values["id"])

    def write(self, session: Session) -> None:
        for model in (
            Ingredient,
            Product,
            Purchase,
            Lot,
            Recipe,
            RecipeLine,
            Item,
            Bundle,
            BundleLine,
            Package,
            PackageLine,
            Recipient,
            Event,
            Assignment,
            ProductionRecord,
            StockMovement,
        ):
            rows = self.rows.get(model)
            if rows:
                session.execute(insert(model), rows)
        if session.get_bind().dialect.name == "postgresql":
            for written, written_rows in self.rows.items():
                table = written.__tablename__
                session.execute(
                    text(f"SELECT setval(pg_get_serial_sequence('{table}', 'id'), :n)"),
                    {"n": len(written_rows)},
                )


def generate_season(session: Session, *, events: int, seed: int = SEED) -> GeneratedSeason:
    """Fill an empty database with a season of ``events`` events (see the module doc)."""
    rng = random.Random(seed)
    out = _Rows()
    factors = _ingredients(out)
    recipe_lines = _recipes(out, rng, factors)
    graph = _packaging(out, rng)
    assignments = _events(out, rng, events)
    required = {
        event_id: batches_required(expand_units(graph, quantities), graph.items)
        for event_id, (_, quantities) in assignments.items()
    }
    bakes = _bakes_to_record(required, events)
    _pantry_and_production(out, rng, factors, recipe_lines, bakes, assignments)
    out.write(session)
    session.flush()
    nine = next(r for r, lines in recipe_lines.items() if len(lines) == 9)
    return GeneratedSeason(
        events=events,
        recipes=len(recipe_lines),
        lots=len(out.rows[Lot]),
        assignments=len(out.rows[Assignment]),
        production_records=len(out.rows[ProductionRecord]),
        movements=len(out.rows[StockMovement]),
        busy_event_id=max(1, events * 2 // 5 - 1),
        open_event_id=events,
        planned_event_id=max(e for e, (ids, _) in assignments.items() if ids),
        unassigned_recipient_id=_recipient_of(events - 1, RECIPIENTS_PER_EVENT),
        nine_ingredient_recipe_id=nine,
    )


def _ingredients(out: _Rows) -> dict[int, tuple[str, ConversionFactors, tuple[str, ...]]]:
    factors = {}
    for name, measure, density, per_each, units in INGREDIENTS:
        slug = name.lower().replace(" ", "-")
        ingredient_id = out.add(
            Ingredient,
            name=name,
            slug=slug,
            measure=measure,
            density=Decimal(density) if density else None,
            grams_per_each=Decimal(per_each) if per_each else None,
            allergens=[],
            created_at=STAMP,
        )
        out.add(
            Product,
            id=ingredient_id,
            ingredient_id=ingredient_id,
            slug=f"{slug}-bulk",
            brand="Bulk Barn",
            name=f"{name} (bulk)",
            package_size=Decimal(PACKAGE_SIZES[measure]),
            package_unit={"mass": "g", "volume": "ml", "count": "each"}[measure],
            is_preferred=True,
            created_at=STAMP,
        )
        conversion = ConversionFactors(
            name, measure, Decimal(density) if density else None, Decimal(per_each or 0) or None
        )
        factors[ingredient_id] = (name, conversion, units)
    return factors


def _recipes(
    out: _Rows,
    rng: random.Random,
    factors: dict[int, tuple[str, ConversionFactors, tuple[str, ...]]],
) -> dict[int, list[tuple[int, Decimal]]]:
    """Recipes with their lines; returns one batch's canonical quantities per recipe."""
    batch_lines: dict[int, list[tuple[int, Decimal]]] = {}
    for n, (name, size) in enumerate(zip(RECIPE_NAMES, RECIPE_SIZES, strict=True)):
        recipe_id = out.add(
            Recipe, name=name, slug=name.lower().replace(" ", "-"), created_at=STAMP
        )
        chosen = rng.sample(sorted(factors), size)
        batch_lines[recipe_id] = []
        for position, ingredient_id in enumerate(chosen):
            _, conversion, units = factors[ingredient_id]
            unit = rng.choice(units)
            low, high = LINE_RANGES[unit]
            quantity = Decimal(rng.randint(low, high))
            out.add(
                RecipeLine,
                recipe_id=recipe_id,
                ingredient_id=ingredient_id,
                quantity=quantity,
                unit=unit,
                position=position,
            )
            canonical = to_canonical(quantity, unit, conversion)
            batch_lines[recipe_id].append((ingredient_id, canonical))
        for suffix in ("", " (mini)") if n % 3 == 0 else ("",):
            item_name = f"{name.rstrip('s')}{suffix}"
            out.add(
                Item,
                recipe_id=recipe_id,
                name=item_name,
                slug=item_name.lower().replace(" ", "-").replace("(", "").replace(")", ""),
                items_per_batch=rng.choice((24, 36, 48)) * (2 if suffix else 1),
            )
    return batch_lines


def _packaging(out: _Rows, rng: random.Random) -> CatalogGraph:
    items = {
        row["id"]: ItemYield(row["id"], row["recipe_id"], row["items_per_batch"])
        for row in out.rows[Item]
    }
    item_ids = sorted(items)
    bundles: dict[int, list[ContentLine]] = {}
    for n in range(10):
        bundle_id = out.add(Bundle, name=f"Assortment {n + 1}", slug=f"assortment-{n + 1}")
        lines = [ContentLine(rng.choice((4, 6)), item_id=i) for i in rng.sample(item_ids, 2)]
        if n >= 4:  # nested: a smaller assortment inside, up to three levels deep
            lines.append(ContentLine(1, bundle_id=bundle_id - rng.choice((1, 2, 3))))
        bundles[bundle_id] = lines
    packages: dict[int, list[ContentLine]] = {}
    for n in range(6):
        package_id = out.add(Package, name=f"Gift box {n + 1}", slug=f"gift-box-{n + 1}")
        packages[package_id] = [
            ContentLine(1, bundle_id=rng.randint(1, 10)),
            ContentLine(6, item_id=rng.choice(item_ids)),
        ]
    for bundle_id, lines in bundles.items():
        for line in lines:
            out.add(
                BundleLine,
                bundle_id=bundle_id,
                item_id=line.item_id,
                child_bundle_id=line.bundle_id,
                quantity=line.quantity,
            )
    for package_id, lines in packages.items():
        for line in lines:
            out.add(
                PackageLine,
                package_id=package_id,
                item_id=line.item_id,
                bundle_id=line.bundle_id,
                quantity=line.quantity,
            )
    return CatalogGraph(bundles=bundles, packages=packages, items=items)


RECIPIENT_POOL = max(60, RECIPIENTS_PER_EVENT * 5)


def _recipient_of(event_index: int, k: int) -> int:
    """The ``k``-th recipient of the ``event_index``-th event (0-based); distinct for
    ``k`` < the pool, so ``k = RECIPIENTS_PER_EVENT`` is someone the event has not got."""
    return (event_index * 7 + k) % RECIPIENT_POOL + 1


def _events(
    out: _Rows, rng: random.Random, events: int
) -> dict[int, tuple[list[int], list[tuple[int, int]]]]:
    """Events and assignments: event id → (assignment ids, (package, quantity) pairs)."""
    for n in range(RECIPIENT_POOL):
        out.add(Recipient, name=f"Recipient {n + 1:03}", slug=f"recipient-{n + 1:03}", allergens=[])
    result: dict[int, tuple[list[int], list[tuple[int, int]]]] = {}
    for n in range(events):
        event_id = out.add(
            Event,
            name=f"Event {n + 1:04}",
            slug=f"event-{n + 1:04}",
            event_date=FIRST_EVENT + timedelta(days=n),
            created_at=STAMP,
        )
        ids: list[int] = []
        quantities: list[tuple[int, int]] = []
        if n % 25 != 24:
            for k in range(RECIPIENTS_PER_EVENT):
                package_id = rng.randint(1, 6)
                quantity = rng.choice((1, 1, 1, 2))
                ids.append(
                    out.add(
                        Assignment,
                        event_id=event_id,
                        recipient_id=_recipient_of(n, k),
                        package_id=package_id,
                        quantity=quantity,
                        status=AssignmentStatus.PENDING,
                        created_at=STAMP,
                    )
                )
                quantities.append((package_id, quantity))
        result[event_id] = (ids, quantities)
    return result


def _bakes_to_record(
    required: dict[int, dict[int, int]], events: int
) -> list[tuple[int, int, int]]:
    """(event, recipe, batches): every recipe of the first 40 % of events, half of the next 20 %."""
    bakes: list[tuple[int, int, int]] = []
    for event_id, batches in sorted(required.items()):
        if event_id <= events * 2 // 5:
            chosen = sorted(batches.items())
        elif event_id <= events * 3 // 5:
            chosen = sorted(batches.items())[::2]
        else:
            chosen = []
        bakes.extend((event_id, recipe_id, count) for recipe_id, count in chosen if count > 0)
    return bakes


def _pantry_and_production(
    out: _Rows,
    rng: random.Random,
    factors: dict[int, tuple[str, ConversionFactors, tuple[str, ...]]],
    recipe_lines: dict[int, list[tuple[int, Decimal]]],
    bakes: list[tuple[int, int, int]],
    assignments: dict[int, tuple[list[int], list[tuple[int, int]]]],
) -> None:
    need: dict[int, Decimal] = defaultdict(Decimal)
    for _, recipe_id, batches in bakes:
        for ingredient_id, quantity in recipe_lines[recipe_id]:
            need[ingredient_id] += quantity * batches
    lots = _purchases(out, rng, factors, need, len(assignments))
    # Lots with stock left, oldest first (as bought): bakes draw from the front, so each
    # bake looks at the few lots it draws, not the whole pantry (generation stays linear).
    stocked = {i: deque(balances) for i, balances in lots.items()}
    for event_id, recipe_id, batches in bakes:
        requests = [
            StockRequest(i, factors[i][0], canonical_unit(factors[i][1].measure), q * batches)
            for i, q in recipe_lines[recipe_id]
        ]
        plans = plan_all(requests, {r.ingredient_id: _covering(stocked, r) for r in requests})
        produced_at = datetime.combine(
            FIRST_EVENT + timedelta(days=event_id - 3), datetime.min.time(), tzinfo=UTC
        )
        record_id = out.add(
            ProductionRecord,
            event_id=event_id,
            recipe_id=recipe_id,
            batches=batches,
            actual_cost=sum((p.cost for p in plans), Decimal(0)),
            produced_at=produced_at,
            created_at=produced_at,
        )
        for plan in plans:
            queue = stocked[plan.ingredient_id]
            for draw in plan.lots:
                out.add(
                    StockMovement,
                    lot_id=draw.lot_id,
                    kind=MovementKind.PRODUCTION,
                    quantity=-draw.quantity,
                    value=-draw.cost,
                    production_record_id=record_id,
                    occurred_at=produced_at,
                )
                lot = queue.popleft()  # FIFO draws come from the front, in order
                assert lot.lot_id == draw.lot_id
                left = replace(
                    lot,
                    quantity_remaining=lot.quantity_remaining - draw.quantity,
                    value_remaining=lot.value_remaining - draw.cost,
                )
                if left.quantity_remaining > 0:
                    queue.appendleft(left)
    final = {b.lot_id: b for queue in stocked.values() for b in queue}
    for row in out.rows[Lot]:
        left = final.get(row["id"])
        row["quantity_remaining"] = left.quantity_remaining if left else Decimal(0)
        row["value_remaining"] = left.value_remaining if left else Decimal(0)
    _statuses(out, assignments, {event_id for event_id, _, _ in bakes}, len(assignments))


def _covering(stocked: dict[int, deque[LotBalance]], request: StockRequest) -> list[LotBalance]:
    """The oldest lots that cover ``request`` (and one more, against rounding)."""
    covering: list[LotBalance] = []
    total = Decimal(0)
    for lot in stocked[request.ingredient_id]:
        covering.append(lot)
        if total >= request.quantity:
            break
        total += lot.quantity_remaining
    return covering


def _purchases(
    out: _Rows,
    rng: random.Random,
    factors: dict[int, tuple[str, ConversionFactors, tuple[str, ...]]],
    need: dict[int, Decimal],
    events: int,
) -> dict[int, list[LotBalance]]:
    """Many purchases per ingredient covering a quarter more than production draws."""
    per_ingredient = 12 + events // 10
    lots: dict[int, list[LotBalance]] = {}
    for ingredient_id, (_, conversion, _) in factors.items():
        size = Decimal(PACKAGE_SIZES[conversion.measure])
        packages = max(1, int(need[ingredient_id] * Decimal("1.25") / size / per_ingredient) + 1)
        unit_price = Decimal(rng.randint(150, 1500)) / 100
        lots[ingredient_id] = []
        for n in range(per_ingredient):
            bought = date(2024, 1, 1) + timedelta(days=n * 300 // per_ingredient)
            price = quantize_money(unit_price * packages * Decimal(rng.randint(90, 110)) / 100)
            quantity = size * packages
            purchase_id = out.add(
                Purchase,
                product_id=ingredient_id,
                purchased_on=bought,
                packages=Decimal(packages),
                total_price=price,
                created_at=STAMP,
            )
            lot_id = out.add(
                Lot,
                ingredient_id=ingredient_id,
                purchase_id=purchase_id,
                product_id=ingredient_id,
                received_on=bought,
                initial_quantity=quantity,
                cost=price,
                created_at=STAMP,
            )
            out.add(
                StockMovement,
                lot_id=lot_id,
                kind=MovementKind.PURCHASE,
                quantity=quantity,
                value=price,
                occurred_at=STAMP,
            )
            lots[ingredient_id].append(LotBalance(lot_id, bought, quantity, price, quantity, price))
    return lots


def _statuses(
    out: _Rows,
    assignments: dict[int, tuple[list[int], list[tuple[int, int]]]],
    baked_events: set[int],
    events: int,
) -> None:
    """Fully baked events get packages in every status; the others stay pending."""
    by_id = {row["id"]: row for row in out.rows[Assignment]}
    for event_id, (ids, _) in assignments.items():
        if event_id not in baked_events or event_id > events * 2 // 5:
            continue
        pattern = event_id % 4
        for k, assignment_id in enumerate(ids):
            if pattern == 0 or (pattern == 1 and k < 4) or (pattern == 3 and k % 2 == 0):
                status = AssignmentStatus.DELIVERED
            elif pattern == 2 or (pattern == 1 and k < 8):
                status = AssignmentStatus.ASSEMBLED
            else:
                continue
            row = by_id[assignment_id]
            row["status"] = status
            row["assembled_at"] = STAMP
            if status == AssignmentStatus.DELIVERED:
                row["delivered_at"] = STAMP
                row["delivery_note"] = "Left with neighbour" if k == 0 else ""


def add_sub_recipes(session: Session, season: GeneratedSeason) -> int:
    """Give a third of the season's recipes a sub-recipe (docs/product.md §6.12): two
    sub-recipes (a buttercream measured by its yield, a dough in batches), each used by
    every third recipe, and a batch of each made ahead as prepared stock. Returns how many
    recipes now use one."""
    from bakehouse.services.production.bakes import record_production
    from bakehouse.services.recipes.recipes import (
        RecipeLineInput,
        YieldInput,
        create_recipe,
    )

    first = session.scalars(select(RecipeLine).order_by(RecipeLine.id).limit(2)).all()
    cream = create_recipe(
        session,
        name="Benchmark buttercream",
        lines=[RecipeLineInput(first[0].ingredient_id, first[0].quantity, first[0].unit)],
        batch_yield=YieldInput("4", "cup", shelf_life_days=7),
    )
    dough = create_recipe(
        session,
        name="Benchmark dough",
        lines=[RecipeLineInput(first[1].ingredient_id, first[1].quantity, first[1].unit)],
    )
    users = session.scalars(
        select(Recipe.id).where(Recipe.id.not_in([cream.id, dough.id])).order_by(Recipe.id)
    ).all()[::3]
    for recipe_id in users:
        session.add(RecipeLine(recipe_id=recipe_id, sub_recipe_id=cream.id,
                               quantity=Decimal("0.5"), unit="cup", position=90))  # fmt: skip
        session.add(RecipeLine(recipe_id=recipe_id, sub_recipe_id=dough.id,
                               quantity=Decimal("0.5"), unit="batch", position=91))  # fmt: skip
    session.flush()
    for sub in (cream, dough):
        record_production(session, event_id=None, recipe_id=sub.id, batches=1)
    return len(users)
