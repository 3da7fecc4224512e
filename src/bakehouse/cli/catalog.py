"""``bakehouse catalog …``: the starter catalog, ingredients and products."""

from __future__ import annotations

from decimal import Decimal

import typer

from bakehouse.cli import numbers as typed
from bakehouse.cli.context import open_session
from bakehouse.cli.output import Column, console, emit, print_json
from bakehouse.domain.allergens import format_allergen_names
from bakehouse.domain.kinds import DrawOrder
from bakehouse.domain.numbers import decimal_text
from bakehouse.domain.wording import count_of
from bakehouse.schemas.catalog import IngredientRead, ProductRead, StarterLoadRead
from bakehouse.services import catalog
from bakehouse.services.catalog.starter import load_starter_catalog
from bakehouse.units.conversion import Measure

JSON = typer.Option(False, "--json", help="Print JSON.")


INGREDIENT_COLUMNS = (
    Column("Ingredient", lambda r: r.name),
    Column("Slug", lambda r: r.slug),
    Column("Category", lambda r: r.category),
    Column("Unit", lambda r: r.unit),
    Column("g/ml", lambda r: r.density, numeric=True),
    Column("g each", lambda r: r.grams_per_each, numeric=True),
    Column("Allergens", lambda r: ", ".join(r.allergens)),
)
PRODUCT_COLUMNS = (
    Column("Ingredient", lambda r: r.ingredient),
    Column("Product", lambda r: r.label),
    Column("Slug", lambda r: r.slug),
    Column("Holds", lambda r: r.package_quantity, numeric=True, unit=lambda r: r.unit),
    Column("Preferred", lambda r: "yes" if r.is_preferred else ""),
    Column("List price", lambda r: r.list_price, numeric=True),
)


ALLERGEN_NAMES = typer.Option(
    "", help="Specific allergen names for labels: 'tree nuts: almonds, pecans; gluten: wheat'."
)
SUB_INGREDIENTS = typer.Option(
    "", help="What it is made of, as its packet lists it: 'sugar, cocoa butter, soy lecithin'."
)


def register(app: typer.Typer) -> None:
    group = typer.Typer(help="The catalog: ingredients and products.", no_args_is_help=True)

    @group.command("load-starter")
    def load_starter(as_json: bool = JSON) -> None:
        """Add the common baking ingredients of the starter catalog (skips those you have)."""
        with open_session() as session:
            report = load_starter_catalog(session)
        if as_json:
            print_json(StarterLoadRead.model_validate(report))
        else:
            console.print(
                f"Starter catalog: {count_of(len(report.created), 'ingredient')} and "
                f"{count_of(report.products_created, 'product')} added, "
                f"{count_of(len(report.skipped), 'ingredient')} already there."
            )

    @group.command("ingredients")
    def ingredients(
        search: str | None = typer.Option(None, help="Only names containing this."),
        category: str | None = typer.Option(None, help="Only this category."),
        as_json: bool = JSON,
    ) -> None:
        """List ingredients."""
        with open_session() as session:
            found = catalog.list_ingredients(session, search=search, category=category)
            rows = [IngredientRead.model_validate(i) for i in found]
        emit(rows, title="Ingredients", columns=INGREDIENT_COLUMNS, rows=rows, as_json=as_json)

    @group.command("products")
    def products(
        ingredient: str | None = typer.Option(None, help="Ingredient slug, name or id."),
        as_json: bool = JSON,
    ) -> None:
        """List products (the packages you can buy)."""
        with open_session() as session:
            ingredient_id = catalog.get_ingredient(session, ingredient).id if ingredient else None
            found = catalog.list_products(session, ingredient_id=ingredient_id)
            rows = [ProductRead.of(p) for p in found]
        emit(rows, title="Products", columns=PRODUCT_COLUMNS, rows=rows, as_json=as_json)

    @group.command("add-ingredient")
    def add_ingredient(
        name: str = typer.Argument(..., help="Ingredient name, e.g. 'Brown sugar'."),
        measure: Measure = typer.Option(..., help="How it is stocked: mass, volume or count."),
        category: str = typer.Option("other"),
        density: str | None = typer.Option(None, help="Grams per millilitre."),
        grams_per_each: str | None = typer.Option(None, help="Grams per piece (eggs: 50)."),
        allergen: list[str] = typer.Option([], help="An allergen; repeat for several."),
        notes: str = typer.Option(""),
        draw_order: DrawOrder = typer.Option(
            DrawOrder.FIFO,
            "--draw-order",
            help="fifo: oldest lot first; fefo: earliest best-before first.",
        ),
        allergen_names: str = ALLERGEN_NAMES,
        sub_ingredients: str = SUB_INGREDIENTS,
        as_json: bool = JSON,
    ) -> None:
        """Add an ingredient."""
        with open_session() as session:
            row = IngredientRead.model_validate(
                catalog.create_ingredient(
                    session,
                    name=name,
                    measure=measure,
                    category=category,
                    density=typed.optional_density(density),
                    grams_per_each=typed.optional_quantity(grams_per_each, field="grams_per_each"),
                    allergens=allergen,
                    notes=notes,
                    draw_order=draw_order,
                    allergen_names=allergen_names,
                    sub_ingredients=sub_ingredients,
                )
            )
        _created(row, f"Added ingredient {row.name} ({row.slug}), stocked in {row.unit}.", as_json)

    @group.command("label-facts")
    def label_facts(
        ingredient: str = typer.Argument(..., help="Ingredient slug, name or id."),
        allergen_names: str | None = typer.Option(
            None, help="Specific allergen names: 'tree nuts: almonds; gluten: wheat' ('' clears)."
        ),
        sub_ingredients: str | None = typer.Option(
            None, help="What it is made of: 'sugar, cocoa butter, soy lecithin' ('' clears)."
        ),
        as_json: bool = JSON,
    ) -> None:
        """Set what labels print of an ingredient (docs/product.md §6.8)."""
        changes: dict[str, object] = {}
        if allergen_names is not None:
            changes["allergen_names"] = allergen_names
        if sub_ingredients is not None:
            changes["sub_ingredients"] = sub_ingredients
        with open_session() as session:
            found = catalog.get_ingredient(session, ingredient)
            row = IngredientRead.model_validate(
                catalog.update_ingredient(session, found.id, **changes)
            )
        names = format_allergen_names(row.allergen_names) or "no specific allergen names"
        made_of = ", ".join(row.sub_ingredients) or "no sub-ingredients"
        _created(row, f"{row.name}: {names}; made of {made_of}.", as_json)

    @group.command("draw-order")
    def set_draw_order(
        ingredient: str = typer.Argument(..., help="Ingredient slug, name or id."),
        draw_order: DrawOrder = typer.Option(
            ...,
            "--draw-order",
            help="fifo: oldest lot first; fefo: earliest best-before first.",
        ),
        as_json: bool = JSON,
    ) -> None:
        """Say which lots bakes draw first (docs/product.md §6.14)."""
        with open_session() as session:
            found = catalog.get_ingredient(session, ingredient)
            row = IngredientRead.model_validate(
                catalog.update_ingredient(session, found.id, draw_order=draw_order)
            )
        _created(row, f"{row.name} now draws {row.draw_order.value.upper()}.", as_json)

    @group.command("add-product")
    def add_product(
        ingredient: str = typer.Argument(..., help="Ingredient slug, name or id."),
        name: str = typer.Argument(..., help="Product name, e.g. 'All-purpose flour'."),
        size: str = typer.Option(..., help="Package size, e.g. 5."),
        unit: str = typer.Option(..., help="Package unit, e.g. lb."),
        brand: str = typer.Option(""),
        gtin: str | None = typer.Option(None, help="Barcode number."),
        supplier: str | None = typer.Option(None),
        preferred: bool = typer.Option(False, "--preferred", help="Buy this one by default."),
        notes: str = typer.Option(""),
        as_json: bool = JSON,
    ) -> None:
        """Add a product of an ingredient."""
        with open_session() as session:
            row = ProductRead.of(
                catalog.create_product(
                    session,
                    ingredient_id=ingredient,
                    name=name,
                    package_size=typed.quantity(size, field="size"),
                    package_unit=unit,
                    brand=brand,
                    gtin=gtin,
                    supplier=supplier,
                    is_preferred=preferred,
                    notes=notes,
                )
            )
        _created(row, f"Added product {row.label} ({row.slug}) for {row.ingredient}.", as_json)

    @group.command("set-price")
    def set_price(
        product: str = typer.Argument(..., help="Product slug, name or id."),
        price: str = typer.Argument(
            ..., help="Shelf price of one package, e.g. 4.99; 'none' clears it."
        ),
        seen_on: str | None = typer.Option(None, "--on", help="Day seen (default today)."),
        store: str | None = typer.Option(None, help="Where it was seen."),
        as_json: bool = JSON,
    ) -> None:
        """Write down a product's shelf price: plans use it, as an estimate, until the
        product is bought (docs/product.md §6.17)."""
        cleared = price.strip().lower() in {"none", "-", ""}
        with open_session() as session:
            found = catalog.get_product(session, product)
            amount = None if cleared else typed.money(price, field="list_price")
            row = ProductRead.of(
                catalog.update_product(
                    session, found.id, list_price=amount, list_price_on=seen_on,
                    list_price_store=store,
                )
            )  # fmt: skip
        if row.list_price is None:
            message = f"{row.label} has no list price now."
        else:
            where = f" at {row.list_price_store}" if row.list_price_store else ""
            message = (
                f"{row.label}: list price {decimal_text(row.list_price)} a package, "
                f"seen {row.list_price_on}{where}."
            )
        _created(row, message, as_json)

    app.add_typer(group, name="catalog")


def _created(row: IngredientRead | ProductRead, message: str, as_json: bool) -> None:
    if as_json:
        print_json(row)
    else:
        console.print(message, highlight=False, markup=False)


def _plain(value: Decimal | None) -> str | None:
    return None if value is None else decimal_text(value)
