"""A realistic demo season, built through the services so everything in it is valid.

Last year's Christmas was fully baked, assembled and delivered; this year's is cloned
from it and under way (some bakes, some packages assembled, a few delivered), with a
cookie swap before it and a New Year open house not planned yet. Pantry stock comes from
purchases at several prices over two years, bought the way a baker would: from the
shopping list. Everything is derived from ``today``, so the same day builds the same
season.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, datetime, time, timedelta
from decimal import Decimal

from sqlalchemy.orm import Session

from bakehouse.demo import recipes as data
from bakehouse.domain.confirmations import ConfirmationCode
from bakehouse.domain.kinds import AssignmentStatus
from bakehouse.domain.numbers import quantize_money
from bakehouse.models import Event
from bakehouse.services.catalog.ingredients import create_ingredient, list_ingredients
from bakehouse.services.catalog.products import create_product, list_products
from bakehouse.services.catalog.starter import load_starter_catalog
from bakehouse.services.events.events import (
    assign_package_to_many,
    clone_event,
    create_event,
    delete_assignment,
    list_assignments,
    update_assignment_quantity,
)
from bakehouse.services.events.people import create_recipient
from bakehouse.services.events.planning import get_shopping_list
from bakehouse.services.events.status import can_assemble_package, update_package_status
from bakehouse.services.packaging.packages import ContentInput, create_bundle, create_package
from bakehouse.services.pantry import record_purchase
from bakehouse.services.production.bakes import record_production, reverse_production
from bakehouse.services.production.calendar_inputs import set_package_assembly, set_recipe_timing
from bakehouse.services.production.dashboard import get_dashboard_summary
from bakehouse.services.production.progress import get_production_progress
from bakehouse.services.recipes.recipes import (
    RecipeLineInput,
    YieldInput,
    create_item,
    create_recipe,
    list_recipes,
    update_recipe,
)

DEFAULT_PRICE = Decimal("3.99")
DELIVERY_NOTES = ("Left with neighbour", "Handed over at the door", "", "On the porch", "")


@dataclass(frozen=True)
class DemoSeason:
    """What the demo holds, for the command to report."""

    events: int
    recipients: int
    recipes: int
    purchases: int
    bakes: int
    packages_assembled: int
    packages_delivered: int
    last_year_event_id: int
    this_year_event_id: int


@dataclass
class _Counter:
    purchases: int = 0
    bakes: int = 0


def season_year(today: date) -> int:
    """The December the season is heading for: this year from July on, else last year's."""
    return today.year if today.month >= 7 else today.year - 1


def build_demo_season(session: Session, *, today: date | None = None) -> DemoSeason:
    """Fill an empty database with the demo season and return what it holds.

    Raises the services' errors if the demo data were ever invalid (a test builds it).
    """
    today = today or date.today()
    year = season_year(today)
    counter = _Counter()
    load_starter_catalog(session)
    _add_extra_ingredients(session)
    items = _add_recipes(session)
    packages = _add_packaging(session, items)
    _add_calendar_inputs(session, packages)
    people = _add_recipients(session)
    last = _last_christmas(session, year - 1, packages, people, counter)
    this = _this_christmas(session, last, year, packages, people)
    swap = create_event(session, name=f"Cookie swap {year}", event_date=date(year, 12, 12))
    assign_package_to_many(
        session,
        event_id=swap.id,
        package_id=packages["Swap plate"],
        recipient_ids=[people[n] for n in data.SWAP_GUESTS],
    )
    create_event(
        session,
        name=f"New Year open house {year + 1}",
        event_date=date(year + 1, 1, 1),
        notes="Decide the menu after Christmas.",
    )
    _buy_extra(session, today - timedelta(days=40), counter, markup=Decimal("1.12"))
    bake_day = min(today, date(year, 12, 10)) - timedelta(days=8)
    _buy_from_shopping_list(session, bake_day - timedelta(days=4), counter, swap.id, "1.07")
    _bake(session, swap.id, bake_day, counter)
    _buy_from_shopping_list(
        session, bake_day - timedelta(days=1), counter, this.id, "1.09", only=data.BAKED_SO_FAR
    )
    _bake(session, this.id, bake_day + timedelta(days=2), counter, only=data.BAKED_SO_FAR)
    _advance(session, swap.id, assemble=4, deliver=0, day=bake_day)
    _advance(session, this.id, assemble=7, deliver=2, day=bake_day)
    return _summary(session, people, last, this, counter)


def _add_extra_ingredients(session: Session) -> None:
    for (
        name,
        measure,
        category,
        density,
        allergens,
        product,
        size,
        unit,
        _,
    ) in data.EXTRA_INGREDIENTS:
        ingredient = create_ingredient(
            session,
            name=name,
            measure=measure,
            category=category,
            density=density,
            allergens=allergens,
        )
        create_product(
            session,
            ingredient_id=ingredient.id,
            name=product,
            package_size=size,
            package_unit=unit,
            is_preferred=True,
        )


def _add_recipes(session: Session) -> dict[str, int]:
    ingredients = {i.name: i.id for i in list_ingredients(session)}
    subs: dict[str, int] = {}
    for name, (instructions, lines, (quantity, unit), keeps) in data.SUB_RECIPES.items():
        subs[name] = create_recipe(
            session,
            name=name,
            instructions=instructions,
            lines=[RecipeLineInput(ingredients[i], Decimal(q), u) for q, u, i in lines],
            batch_yield=YieldInput(quantity, unit, shelf_life_days=keeps),
        ).id
    items: dict[str, int] = {}
    for name, (instructions, lines, yields) in data.RECIPES.items():
        recipe = create_recipe(
            session,
            name=name,
            instructions=instructions,
            lines=[RecipeLineInput(ingredients[i], Decimal(q), u) for q, u, i in lines]
            + [
                RecipeLineInput(None, Decimal(q), u, sub_recipe_id=subs[s])
                for q, u, s in data.SUB_RECIPE_LINES.get(name, [])
            ],
        )
        for item_name, per_batch in yields:
            item = create_item(
                session, recipe_id=recipe.id, name=item_name, items_per_batch=per_batch
            )
            items[item_name] = item.id
    return items


def _add_calendar_inputs(session: Session, packages: dict[str, int]) -> None:
    """What the bake calendar plans from (docs/product.md §6.10): each recipe's time,
    freshness and freezing, each package's assembly."""
    recipes = {r.name: r for r in list_recipes(session)}
    for name, (minutes, per_session, keeps, freezes, frozen, thaw) in data.CALENDAR.items():
        recipe = recipes[name]
        if recipe.yield_quantity is None:  # a sub-recipe's shelf life comes with its yield
            update_recipe(session, recipe.id, batch_yield=YieldInput(shelf_life_days=keeps))
        set_recipe_timing(
            session, recipe.id, hands_on_minutes=minutes, max_batches_per_session=per_session,
            freezable=freezes, frozen_shelf_life_days=frozen, thaw_hours=thaw,
        )  # fmt: skip
    for name, minutes in data.ASSEMBLY_MINUTES.items():
        set_package_assembly(session, packages[name], minutes)


def _add_packaging(session: Session, items: dict[str, int]) -> dict[str, int]:
    bundles: dict[str, int] = {}

    def content(lines: list[tuple[int, str]]) -> list[ContentInput]:
        return [
            ContentInput(q, bundle_id=bundles[n]) if n in bundles else ContentInput(q, items[n])
            for q, n in lines
        ]

    for name, lines in data.BUNDLES.items():
        bundles[name] = create_bundle(session, name=name, lines=content(lines)).id
    return {
        name: create_package(session, name=name, lines=content(lines)).id
        for name, lines in data.PACKAGES.items()
    }


def _add_recipients(session: Session) -> dict[str, int]:
    return {
        name: create_recipient(
            session, name=name, household=household, address=address, allergens=avoid,
            notes=notes,
        ).id
        for name, household, address, avoid, _package, notes in data.RECIPIENTS
    }  # fmt: skip


def _last_christmas(
    session: Session,
    year: int,
    packages: dict[str, int],
    people: dict[str, int],
    counter: _Counter,
) -> Event:
    """Planned, bought for, baked, assembled and delivered: a finished season."""
    event = create_event(
        session, name=f"Christmas {year}", event_date=date(year, 12, 24), notes="Our big one."
    )
    for package in {p for *_, p, _n in data.RECIPIENTS if p}:
        chosen = [people[n] for n, *_, p, _notes in data.RECIPIENTS if p == package]
        assign_package_to_many(
            session, event_id=event.id, package_id=packages[package], recipient_ids=chosen
        )
    _buy_extra(session, date(year, 9, 14), counter, markup=Decimal("0.94"))
    _buy_from_shopping_list(session, date(year, 11, 28), counter, event.id, "1.00")
    # A bake recorded by mistake, then reversed: it stays in the history, struck out.
    first_recipe = get_production_progress(session, event.id).recipes[0].recipe_id
    mistake = record_production(
        session, event_id=event.id, recipe_id=first_recipe, batches=1,
        produced_at=datetime.combine(date(year, 12, 5), time(20, 15)),
    )  # fmt: skip
    reverse_production(session, mistake.record.id, "recorded for the wrong day")
    _bake(session, event.id, date(year, 12, 6), counter)
    _advance(session, event.id, assemble=10_000, deliver=10_000, day=date(year, 12, 22))
    return event


def _this_christmas(
    session: Session, last: Event, year: int, packages: dict[str, int], people: dict[str, int]
) -> Event:
    """Cloned from last year, then the changes a year brings."""
    event = clone_event(session, last.id, name=f"Christmas {year}", event_date=date(year, 12, 24))
    for assignment in list_assignments(session, event.id):
        if assignment.recipient.name in data.MOVED_AWAY:
            delete_assignment(session, assignment.id)
        elif assignment.recipient.name == "Grandma Rose":
            update_assignment_quantity(session, assignment.id, 2)
    newcomers = {"Neighbour tin": ["The Brennans", "Mr. Haddad"], "Gluten-free box": ["Nora"]}
    for package, names in newcomers.items():
        assign_package_to_many(
            session,
            event_id=event.id,
            package_id=packages[package],
            recipient_ids=[people[n] for n in names],
        )
    return event


def _price_of(ingredient: str, markup: Decimal) -> Decimal:
    base = Decimal(data.BASE_PRICES.get(ingredient, DEFAULT_PRICE))
    extra = {row[0]: Decimal(row[-1]) for row in data.EXTRA_INGREDIENTS}
    return quantize_money(extra.get(ingredient, base) * markup).quantize(Decimal("0.01"))


def _buy_from_shopping_list(
    session: Session,
    day: date,
    counter: _Counter,
    event_id: int,
    markup: str,
    *,
    only: tuple[str, ...] | None = None,
) -> None:
    """Buy what the event's shopping list says, at ``markup`` × the base price; with
    ``only``, just the ingredients of those recipes (the rest stays on the list)."""
    wanted = _ingredients_of(only) if only is not None else None
    for line in get_shopping_list(session, event_id).lines:
        if not line.packages_to_buy or line.product_id is None:
            continue
        if wanted is not None and line.ingredient not in wanted:
            continue
        _purchase(
            session, line.product_id, line.ingredient, line.packages_to_buy, day, Decimal(markup)
        )
        counter.purchases += 1


def _ingredients_of(recipes: tuple[str, ...]) -> set[str]:
    """The leaf ingredients of ``recipes``, through their sub-recipes."""
    names = {name for recipe in recipes for _q, _u, name in data.RECIPES[recipe][1]}
    for sub in _sub_recipes_of(recipes):
        names |= {name for _q, _u, name in data.SUB_RECIPES[sub][1]}
    return names


def _sub_recipes_of(recipes: tuple[str, ...]) -> set[str]:
    return {s for recipe in recipes for _q, _u, s in data.SUB_RECIPE_LINES.get(recipe, [])}


def _buy_extra(session: Session, day: date, counter: _Counter, *, markup: Decimal) -> None:
    """One package of each staple, at another price: the pantry has lots of several ages."""
    staples = {"All-purpose flour", "Granulated sugar", "Unsalted butter", "Eggs"}
    for product in list_products(session):
        if product.ingredient.name in staples:
            staples.discard(product.ingredient.name)  # the first product of each
            _purchase(session, product.id, product.ingredient.name, 2, day, markup)
            counter.purchases += 1


def _purchase(
    session: Session, product_id: int, ingredient: str, packages: int, day: date, markup: Decimal
) -> None:
    record_purchase(
        session,
        product_id=product_id,
        purchased_on=day,
        packages=packages,
        total_price=_price_of(ingredient, markup) * packages,
        # Long-keeping staples (16 months): even last September's extra packages are still good
        # this December, so the demo never holds expired stock (docs/product.md §6.14).
        best_before=day + timedelta(days=480),
        location="Pantry",
    )


def _bake(
    session: Session,
    event_id: int,
    day: date,
    counter: _Counter,
    *,
    only: tuple[str, ...] | None = None,
) -> None:
    """Bake what the plan still needs (with ``only``, of those recipes only): the
    sub-recipes still to make first, as prepared stock for the event the day before, then
    the recipes using them; the purchases before each bake cover it."""
    progress = get_production_progress(session, event_id)
    wanted_subs = _sub_recipes_of(only) if only is not None else None
    made_ahead = datetime.combine(day - timedelta(days=1), time(16, 0))
    for recipe in progress.recipes:
        if not recipe.is_sub_recipe or not recipe.still_to_make:
            continue
        if wanted_subs is not None and recipe.recipe_name not in wanted_subs:
            continue
        record_production(
            session, event_id=event_id, recipe_id=recipe.recipe_id,
            batches=recipe.still_to_make, produced_at=made_ahead,
        )  # fmt: skip
        counter.bakes += 1
    for index, recipe in enumerate(progress.recipes):
        missing = recipe.batches_required - recipe.batches_produced
        if recipe.is_sub_recipe or missing <= 0:
            continue
        if only is not None and recipe.recipe_name not in only:
            continue
        when = datetime.combine(day + timedelta(days=index % 3), time(9 + index % 8, 30))
        record_production(
            session, event_id=event_id, recipe_id=recipe.recipe_id, batches=missing,
            produced_at=when, confirm=[ConfirmationCode.MAKE_MISSING],
        )  # fmt: skip
        counter.bakes += 1


def _advance(session: Session, event_id: int, *, assemble: int, deliver: int, day: date) -> None:
    """Assemble up to ``assemble`` packages production covers, then deliver ``deliver``."""
    assembled = 0
    for assignment in list_assignments(session, event_id):
        if assembled >= assemble:
            break
        if can_assemble_package(session, assignment.id).can_assemble:
            update_package_status(session, assignment.id, AssignmentStatus.ASSEMBLED)
            assembled += 1
    delivered = 0
    for assignment in list_assignments(session, event_id):
        if delivered >= deliver:
            break
        if assignment.status == AssignmentStatus.ASSEMBLED:
            note = DELIVERY_NOTES[assignment.id % len(DELIVERY_NOTES)]
            update_package_status(session, assignment.id, AssignmentStatus.DELIVERED, note)
            delivered += 1


def _summary(
    session: Session, people: dict[str, int], last: Event, this: Event, counter: _Counter
) -> DemoSeason:
    totals = get_dashboard_summary(session).totals
    return DemoSeason(
        events=totals.events,
        recipients=len(people),
        recipes=len(data.RECIPES) + len(data.SUB_RECIPES),
        purchases=counter.purchases,
        bakes=counter.bakes,
        packages_assembled=totals.packages_assembled,
        packages_delivered=totals.packages_delivered,
        last_year_event_id=last.id,
        this_year_event_id=this.id,
    )
