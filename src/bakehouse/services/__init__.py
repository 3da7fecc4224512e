"""Use cases: the Python API of Bakehouse.

Every function takes a SQLAlchemy ``Session`` as its first argument, may flush, and never
commits: the caller owns the transaction (``bakehouse.db.transaction``). Failures raise
the domain errors of :mod:`bakehouse.errors`. Example::

    from bakehouse.config import Settings
    from bakehouse.db import make_engine, make_session_factory, transaction, ensure_database
    from bakehouse import services

    engine = make_engine(Settings())
    ensure_database(engine)
    with transaction(make_session_factory(engine)) as session:
        for row in services.get_dashboard_summary(session).rows:
            print(row.event_name, row.packages_delivered, "/", row.packages_total)

The names below are loaded lazily, so importing one service module stays cheap.
"""

from __future__ import annotations

import importlib
from typing import TYPE_CHECKING, Any

if TYPE_CHECKING:
    from bakehouse.services.catalog import (
        create_ingredient,
        create_product,
        delete_ingredient,
        delete_product,
        get_ingredient,
        get_product,
        list_ingredients,
        list_products,
        package_quantity,
        update_ingredient,
        update_product,
    )
    from bakehouse.services.dashboard import (
        get_dashboard_summary,
    )
    from bakehouse.services.deliveries import (
        list_deliveries,
    )
    from bakehouse.services.events import (
        assign_package,
        assign_package_to_many,
        clone_event,
        create_event,
        delete_assignment,
        delete_event,
        get_allergen_conflicts,
        get_event,
        list_assignments,
        list_events,
        update_assignment_quantity,
        update_event,
    )
    from bakehouse.services.package_costing import (
        get_package_cost,
        get_package_costs,
    )
    from bakehouse.services.package_status import (
        can_assemble_package,
        correct_package_status,
        update_package_status,
    )
    from bakehouse.services.packaging import (
        ContentInput,
        create_bundle,
        create_package,
        delete_bundle,
        delete_package,
        get_bundle,
        get_package,
        list_bundles,
        list_packages,
        package_allergens,
        package_contents,
        set_bundle_lines,
        set_package_lines,
        update_bundle,
        update_package,
    )
    from bakehouse.services.pantry import (
        add_opening_stock,
        adjust_stock,
        draw_stock,
        estimate_draw_cost,
        get_on_hand,
        list_lots,
        record_purchase,
        stock_request,
        stock_value,
    )
    from bakehouse.services.people import (
        create_recipient,
        delete_recipient,
        get_recipient,
        list_recipients,
        update_recipient,
    )
    from bakehouse.services.planning import (
        get_event_needs,
        get_ingredient_needs,
        get_item_needs,
        get_recipe_needs,
        get_shopping_list,
    )
    from bakehouse.services.prices import (
        latest_unit_prices,
    )
    from bakehouse.services.production import (
        list_production,
        record_production,
        reverse_production,
    )
    from bakehouse.services.progress import (
        get_production_progress,
        get_recipe_cost_breakdown,
    )
    from bakehouse.services.recipe_costing import (
        get_recipe_cost,
        get_recipe_costs,
    )
    from bakehouse.services.recipes import (
        RecipeLineInput,
        create_item,
        create_recipe,
        delete_item,
        delete_recipe,
        get_item,
        get_recipe,
        list_items,
        list_recipes,
        set_recipe_lines,
        update_item,
        update_recipe,
    )
    from bakehouse.services.starter_catalog import (
        load_starter_catalog,
    )

_EXPORTS: dict[str, str] = {
    "create_ingredient": "catalog",
    "update_ingredient": "catalog",
    "delete_ingredient": "catalog",
    "get_ingredient": "catalog",
    "list_ingredients": "catalog",
    "create_product": "catalog",
    "update_product": "catalog",
    "delete_product": "catalog",
    "get_product": "catalog",
    "list_products": "catalog",
    "package_quantity": "catalog",
    "load_starter_catalog": "starter_catalog",
    "record_purchase": "pantry",
    "add_opening_stock": "pantry",
    "adjust_stock": "pantry",
    "stock_request": "pantry",
    "estimate_draw_cost": "pantry",
    "draw_stock": "pantry",
    "list_lots": "pantry",
    "get_on_hand": "pantry",
    "stock_value": "pantry",
    "latest_unit_prices": "prices",
    "create_recipe": "recipes",
    "update_recipe": "recipes",
    "set_recipe_lines": "recipes",
    "delete_recipe": "recipes",
    "get_recipe": "recipes",
    "list_recipes": "recipes",
    "create_item": "recipes",
    "update_item": "recipes",
    "delete_item": "recipes",
    "get_item": "recipes",
    "list_items": "recipes",
    "RecipeLineInput": "recipes",
    "create_bundle": "packaging",
    "update_bundle": "packaging",
    "set_bundle_lines": "packaging",
    "delete_bundle": "packaging",
    "get_bundle": "packaging",
    "list_bundles": "packaging",
    "create_package": "packaging",
    "update_package": "packaging",
    "set_package_lines": "packaging",
    "delete_package": "packaging",
    "get_package": "packaging",
    "list_packages": "packaging",
    "package_contents": "packaging",
    "package_allergens": "packaging",
    "ContentInput": "packaging",
    "create_recipient": "people",
    "update_recipient": "people",
    "delete_recipient": "people",
    "get_recipient": "people",
    "list_recipients": "people",
    "create_event": "events",
    "update_event": "events",
    "delete_event": "events",
    "get_event": "events",
    "list_events": "events",
    "clone_event": "events",
    "assign_package": "events",
    "assign_package_to_many": "events",
    "update_assignment_quantity": "events",
    "delete_assignment": "events",
    "list_assignments": "events",
    "get_allergen_conflicts": "events",
    "get_recipe_cost": "recipe_costing",
    "get_recipe_costs": "recipe_costing",
    "get_package_cost": "package_costing",
    "get_package_costs": "package_costing",
    "get_item_needs": "planning",
    "get_recipe_needs": "planning",
    "get_ingredient_needs": "planning",
    "get_event_needs": "planning",
    "get_shopping_list": "planning",
    "record_production": "production",
    "reverse_production": "production",
    "list_production": "production",
    "can_assemble_package": "package_status",
    "update_package_status": "package_status",
    "correct_package_status": "package_status",
    "get_production_progress": "progress",
    "get_recipe_cost_breakdown": "progress",
    "get_dashboard_summary": "dashboard",
    "list_deliveries": "deliveries",
}

__all__ = [
    "ContentInput",
    "RecipeLineInput",
    "add_opening_stock",
    "adjust_stock",
    "assign_package",
    "assign_package_to_many",
    "can_assemble_package",
    "clone_event",
    "correct_package_status",
    "create_bundle",
    "create_event",
    "create_ingredient",
    "create_item",
    "create_package",
    "create_product",
    "create_recipe",
    "create_recipient",
    "delete_assignment",
    "delete_bundle",
    "delete_event",
    "delete_ingredient",
    "delete_item",
    "delete_package",
    "delete_product",
    "delete_recipe",
    "delete_recipient",
    "draw_stock",
    "estimate_draw_cost",
    "get_allergen_conflicts",
    "get_bundle",
    "get_dashboard_summary",
    "get_event",
    "get_event_needs",
    "get_ingredient",
    "get_ingredient_needs",
    "get_item",
    "get_item_needs",
    "get_on_hand",
    "get_package",
    "get_package_cost",
    "get_package_costs",
    "get_product",
    "get_production_progress",
    "get_recipe",
    "get_recipe_cost",
    "get_recipe_cost_breakdown",
    "get_recipe_costs",
    "get_recipe_needs",
    "get_recipient",
    "get_shopping_list",
    "latest_unit_prices",
    "list_assignments",
    "list_bundles",
    "list_deliveries",
    "list_events",
    "list_ingredients",
    "list_items",
    "list_lots",
    "list_packages",
    "list_production",
    "list_products",
    "list_recipes",
    "list_recipients",
    "load_starter_catalog",
    "package_allergens",
    "package_contents",
    "package_quantity",
    "record_production",
    "record_purchase",
    "reverse_production",
    "set_bundle_lines",
    "set_package_lines",
    "set_recipe_lines",
    "stock_request",
    "stock_value",
    "update_assignment_quantity",
    "update_bundle",
    "update_event",
    "update_ingredient",
    "update_item",
    "update_package",
    "update_package_status",
    "update_product",
    "update_recipe",
    "update_recipient",
]


def __getattr__(name: str) -> Any:
    module = _EXPORTS.get(name)
    if module is None:
        raise AttributeError(f"module {__name__!r} has no attribute {name!r}")
    return getattr(importlib.import_module(f"{__name__}.{module}"), name)
