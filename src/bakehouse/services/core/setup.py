"""The setup checklist: what a season needs before the dashboard has anything to show
(docs/product.md §6.16).

An event is useless until ingredients, a priced purchase, a recipe with its ingredients,
an item it yields, a package holding something, recipients and an event with assignments
exist. :func:`get_setup_checklist` counts each in one statement and says, for each step,
whether it is done and where to go next; the dashboard shows it until every step is done.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from sqlalchemy import ColumnElement, ScalarSelect, func, select
from sqlalchemy.orm import Session

from bakehouse.models import (
    Assignment,
    Event,
    Ingredient,
    Item,
    Lot,
    Package,
    PackageLine,
    Recipe,
    RecipeLine,
    Recipient,
)


@dataclass(frozen=True)
class SetupStep:
    """One step: what it is, how many there are, and the page that takes it (``href``,
    with ``action`` as the link's words)."""

    key: str
    title: str
    count: int
    needed: int
    href: str
    action: str
    hint: str

    @property
    def done(self) -> bool:
        return self.count >= self.needed


@dataclass(frozen=True)
class SetupChecklist:
    steps: tuple[SetupStep, ...]

    @property
    def complete(self) -> bool:
        return all(step.done for step in self.steps)

    @property
    def next_step(self) -> SetupStep | None:
        """The first step not done, in order."""
        return next((step for step in self.steps if not step.done), None)

    @property
    def done_count(self) -> int:
        return sum(1 for step in self.steps if step.done)


def _count(model: type[Any], *where: ColumnElement[bool]) -> ScalarSelect[int]:
    return select(func.count()).select_from(model).where(*where).scalar_subquery()


def get_setup_checklist(session: Session) -> SetupChecklist:
    """Every setup step with its count and the page that takes it: one statement."""
    recipe_with_lines = select(RecipeLine.recipe_id)
    package_with_lines = select(PackageLine.package_id)
    row = session.execute(
        select(
            _count(Ingredient),
            _count(Lot, Lot.ingredient_id.is_not(None), Lot.cost > 0),
            _count(Recipe, Recipe.id.in_(recipe_with_lines)),
            _count(Item),
            _count(Package, Package.id.in_(package_with_lines)),
            _count(Recipient),
            _count(Event),
            _count(Assignment),
            select(func.min(Recipe.id)).where(Recipe.id.in_(recipe_with_lines)).scalar_subquery(),
            select(func.min(Recipe.id)).scalar_subquery(),
            select(func.min(Package.id)).scalar_subquery(),
            select(func.max(Event.id)).scalar_subquery(),
        )
    ).one()
    ingredients, purchases, recipes, items, packages, recipients, events, assignments = row[:8]
    lined_recipe, any_recipe, any_package, last_event = row[8:]
    recipe_page = f"/recipes/{lined_recipe or any_recipe}" if any_recipe else "/recipes#new-recipe"
    steps = (
            SetupStep(
                "ingredients",
                "Ingredients",
                ingredients,
                1,
                "/catalog",
                "Open the catalog",
                "What you bake with, with densities and allergens: load the starter list "
                "or add your own.",
            ),
            SetupStep(
                "purchase",
                "A purchase with its price",
                purchases,
                1,
                "/pantry/purchases/new",
                "Record a purchase",
                "What you paid for a product (or stock you have, with its cost): costs "
                "and the shopping list come from it.",
            ),
            SetupStep(
                "recipe",
                "A recipe with its ingredients",
                recipes,
                1,
                f"{recipe_page}#lines" if any_recipe else recipe_page,
                "Write a recipe" if not any_recipe else "Add its ingredients",
                "One batch: its ingredients and amounts.",
            ),
            SetupStep(
                "item",
                "An item the recipe yields",
                items,
                1,
                f"{recipe_page}#items" if any_recipe else recipe_page,
                "Add an item",
                "What a batch makes: 24 cookies, 1 loaf.",
            ),
            SetupStep(
                "package",
                "A package with something in it",
                packages,
                1,
                f"/packages/{any_package}" if any_package else "/packages#new-record",
                "Fill the package" if any_package else "Make a package",
                "What one person gets: items, or bundles of them.",
            ),
            SetupStep(
                "recipients",
                "Recipients",
                recipients,
                1,
                "/recipients#add-recipient",
                "Add recipients",
                "Who gets packages, and what they avoid.",
            ),
            SetupStep(
                "event",
                "An event",
                events,
                1,
                "/events#new-event",
                "Create an event",
                "The day you give the packages: Christmas, a cookie swap.",
            ),
            SetupStep(
                "assign",
                "Packages given to people",
                assignments,
                1,
                f"/events/{last_event}#assign" if last_event else "/events#new-event",
                "Give packages",
                "Who gets which package at the event: then the plan, the shopping list "
                "and the dashboard fill in.",
            ),
    )  # fmt: skip
    return SetupChecklist(steps)
