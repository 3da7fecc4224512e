"""Recipes, items, bundles, packages, recipients, events and assignments for tests.

Models are built directly (not through the services under test), small and explicit.
"""

from __future__ import annotations

import itertools
from collections.abc import Sequence
from datetime import date
from decimal import Decimal
from typing import Any

from sqlalchemy.orm import Session

from bakehouse.domain.kinds import AssignmentStatus
from bakehouse.domain.slugs import slugify
from bakehouse.models import (
    Assignment,
    Bundle,
    BundleLine,
    Event,
    Ingredient,
    Item,
    Package,
    PackageLine,
    Recipe,
    RecipeLine,
    Recipient,
)
from bakehouse.services.catalog.graph import load_catalog_graph
from bakehouse.services.events.contents import freeze_contents

_counter = itertools.count(1)

#: A content line: (quantity, Item | Bundle).
Content = tuple[int, Item | Bundle]


def make_recipe(
    session: Session,
    *,
    lines: Sequence[tuple[Ingredient, str | Decimal, str]] = (),
    **overrides: Any,
) -> Recipe:
    """A recipe with ``(ingredient, quantity, unit)`` lines."""
    values: dict[str, Any] = {"name": f"Recipe {next(_counter)}"}
    values.update(overrides)
    values.setdefault("slug", slugify(values["name"]))
    recipe = Recipe(
        **values,
        lines=[
            RecipeLine(ingredient=ingredient, quantity=Decimal(quantity), unit=unit, position=i)
            for i, (ingredient, quantity, unit) in enumerate(lines)
        ],
    )
    session.add(recipe)
    session.flush()
    return recipe


def make_item(
    session: Session, recipe: Recipe, *, items_per_batch: int = 24, **overrides: Any
) -> Item:
    values: dict[str, Any] = {"name": f"Item {next(_counter)}"}
    values.update(overrides)
    values.setdefault("slug", slugify(values["name"]))
    item = Item(recipe=recipe, items_per_batch=items_per_batch, **values)
    session.add(item)
    session.flush()
    return item


def make_bundle(session: Session, *, contents: Sequence[Content] = (), **overrides: Any) -> Bundle:
    values: dict[str, Any] = {"name": f"Bundle {next(_counter)}"}
    values.update(overrides)
    values.setdefault("slug", slugify(values["name"]))
    bundle = Bundle(**values)
    for quantity, thing in contents:
        if isinstance(thing, Item):
            bundle.lines.append(BundleLine(quantity=quantity, item=thing))
        else:
            bundle.lines.append(BundleLine(quantity=quantity, child_bundle=thing))
    session.add(bundle)
    session.flush()
    return bundle


def make_package(
    session: Session, *, contents: Sequence[Content] = (), **overrides: Any
) -> Package:
    values: dict[str, Any] = {"name": f"Package {next(_counter)}"}
    values.update(overrides)
    values.setdefault("slug", slugify(values["name"]))
    package = Package(**values)
    for quantity, thing in contents:
        if isinstance(thing, Item):
            package.lines.append(PackageLine(quantity=quantity, item=thing))
        else:
            package.lines.append(PackageLine(quantity=quantity, bundle=thing))
    session.add(package)
    session.flush()
    return package


def make_recipient(session: Session, **overrides: Any) -> Recipient:
    values: dict[str, Any] = {"name": f"Recipient {next(_counter)}", "allergens": []}
    values.update(overrides)
    values.setdefault("slug", slugify(values["name"]))
    recipient = Recipient(**values)
    session.add(recipient)
    session.flush()
    return recipient


def make_event(session: Session, **overrides: Any) -> Event:
    values: dict[str, Any] = {"name": f"Event {next(_counter)}", "event_date": date(2026, 12, 20)}
    values.update(overrides)
    values.setdefault("slug", slugify(values["name"]))
    event = Event(**values)
    session.add(event)
    session.flush()
    return event


def make_assignment(
    session: Session,
    event: Event,
    recipient: Recipient,
    package: Package,
    *,
    quantity: int = 1,
    **overrides: Any,
) -> Assignment:
    assignment = Assignment(
        event=event, recipient=recipient, package=package, quantity=quantity, **overrides
    )
    session.add(assignment)
    session.flush()
    if assignment.status != AssignmentStatus.PENDING:
        # Assembled and delivered assignments hold their frozen contents (§6.20).
        freeze_contents(session, load_catalog_graph(session), assignment)
        session.flush()
    return assignment
