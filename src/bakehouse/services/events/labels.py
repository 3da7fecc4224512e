"""Gift labels and packing slips from the database (docs/product.md §6.8).

The rules are pure (``domain/labelling``) and the drawing is ``labels/``; this module reads
what they need in a fixed number of statements — the event and its assignments, the
catalog, the label settings, the event's bakes and the items moved or lost — and builds the
plain facts they read. Nothing here writes.

What an assignment's packages hold is read through :func:`assignment_contents` alone: the
package as it is today while pending, what it held when assembled (its contents snapshot,
:func:`bakehouse.services.events.contents.resolved_contents`) once assembled or delivered
(docs/product.md §6.20).
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass
from datetime import datetime
from decimal import Decimal
from fractions import Fraction

from sqlalchemy import or_, select
from sqlalchemy.orm import Session

from bakehouse.domain.kinds import AssignmentStatus
from bakehouse.domain.labelling import (
    Allergen,
    AssignmentFacts,
    BakedBatch,
    BundleFacts,
    Demand,
    Freshness,
    IngredientFacts,
    IngredientLine,
    ItemFacts,
    LabelContent,
    LabelMode,
    LabelSettings,
    LabelStyle,
    PackingSlip,
    Part,
    RecipeFacts,
    Recipient,
    SubRecipeLine,
    allocate_oldest_first,
    build_label,
    build_labels,
    build_packing_slip,
    item_counts,
)
from bakehouse.domain.outcomes import ItemShare, expected_items
from bakehouse.domain.planning import ContentLine
from bakehouse.errors import InvalidInput, NotFound
from bakehouse.labels import (
    PAGES,
    place_labels,
    render_label_sheets,
    render_labels_html,
    render_packing_slips,
    render_slips_html,
    stock_by_key,
)
from bakehouse.models import (
    Assignment,
    Bundle,
    Event,
    Ingredient,
    Item,
    ItemOutcome,
    Package,
    ProductionRecord,
    Recipe,
)
from bakehouse.models import Recipient as RecipientRow
from bakehouse.services.catalog.graph import PlanningCatalog, load_planning_catalog
from bakehouse.services.core.checks import choice_input
from bakehouse.services.core.naming import find_by_key
from bakehouse.services.core.settings import setting_values
from bakehouse.services.events.contents import CONTENTS_KEY, resolved_contents
from bakehouse.services.production.figures import PackageQuantities
from bakehouse.services.production.outcomes import plan_shares

#: The label settings in the settings store (docs/product.md §6.6, §6.8).
LABEL_SETTING_KEYS = ("label_style", "label_maker_name", "label_maker_address", "label_statement")
#: Dates are written in the style's usual locale: "Dec 1, 2026" (US), "1 Dec 2026" (EU/UK).
_LOCALES = {LabelStyle.US: "en_US", LabelStyle.EU: "en_GB"}


@dataclass(frozen=True)
class AssignmentRow:
    """One assignment as labels read it: who, which package, how many."""

    assignment_id: int
    package_id: int
    package_name: str
    quantity: int
    status: AssignmentStatus
    recipient: Recipient
    recipient_id: int
    #: Its contents' key in the catalog graph: the package while pending, its snapshot once
    #: assembled or delivered (``CONTENTS_KEY``, docs/product.md §6.20).
    contents_key: int


@dataclass(frozen=True)
class LabelPreview:
    """What an event's (or one assignment's) labels and slips will print, and what the baker
    should know first. ``warnings`` name the label they belong to."""

    event_id: int
    event_name: str
    labels: tuple[LabelContent, ...]
    slips: tuple[PackingSlip, ...]
    warnings: tuple[str, ...]
    settings: LabelSettings


def label_settings(session: Session) -> LabelSettings:
    """The label settings from the settings store: one statement."""
    values = setting_values(session, LABEL_SETTING_KEYS)
    style = LabelStyle(str(values["label_style"]))
    return LabelSettings(
        style=style,
        maker_name=str(values["label_maker_name"]),
        maker_address=str(values["label_maker_address"]),
        statement=str(values["label_statement"]),
        locale=_LOCALES[style],
    )


def preview_event_labels(
    session: Session,
    event_key: int | str,
    *,
    mode: LabelMode | str = LabelMode.PER_PACKAGE,
    assignment_id: int | None = None,
) -> LabelPreview:
    """The labels (sheet order: recipients by name) and packing slips of an event, or of one
    of its assignments, with the preview's warnings. A fixed number of statements, however
    many assignments, bakes and items (docs/product.md §6.9 of the shared rules)."""
    chosen = choice_input(LabelMode, mode, field="mode")
    event = find_by_key(session, Event, "event", event_key)
    every = _assignment_rows(session, event.id)
    rows = every
    if assignment_id is not None:
        rows = [r for r in every if r.assignment_id == assignment_id]
        if not rows:
            raise NotFound("assignment", assignment_id)
    settings = label_settings(session)
    catalog = load_planning_catalog(session)
    facts = _Facts(session, catalog)
    contents = assignment_contents(session, facts, every)
    # Every assignment takes its items in turn, oldest bake first, even when one is printed.
    demands = [
        Demand(row.assignment_id, item.name, count * row.quantity)
        for row in every
        for item, count in item_counts(contents[row.assignment_id]).values()
    ]
    allocation = allocate_oldest_first(demands, _good_items(session, event.id, facts, every))
    assignments = {
        row.assignment_id: AssignmentFacts(
            row.recipient,
            contents[row.assignment_id],
            quantity=row.quantity,
            batches=allocation.batches.get(row.assignment_id, ()),
            not_baked=allocation.not_baked.get(row.assignment_id, {}),
        )
        for row in rows
    }
    in_print_order = sorted(rows, key=lambda r: (r.recipient.name.casefold(), r.assignment_id))
    labels = build_labels(
        [assignments[r.assignment_id] for r in in_print_order], mode=chosen, settings=settings
    )
    slips = _slips(event, in_print_order, assignments, settings)
    return LabelPreview(event.id, event.name, labels, slips, _grouped(labels), settings)


def _grouped(labels: Sequence[LabelContent]) -> tuple[str, ...]:
    """Each warning once, naming the labels it is about: "Holiday tin for Rose: …" for one,
    "… (3 labels: Holiday tin for Ann, for Bo, for Cy)" for several (at most three named)."""
    about: dict[str, list[str]] = {}
    for label in labels:
        for warning in label.warnings:
            names = about.setdefault(warning, [])
            if label.name not in names:
                names.append(label.name)
    grouped = []
    for warning, names in about.items():
        if len(names) == 1:
            grouped.append(f"{names[0]}: {warning}")
            continue
        shown = ", ".join(names[:3]) + (f" and {len(names) - 3} more" if len(names) > 3 else "")
        grouped.append(f"{warning} ({len(names)} labels: {shown})")
    return tuple(grouped)


def preview_package_label(session: Session, package_key: int | str) -> LabelContent:
    """A package's label as it would print for nobody in particular: its contents,
    ingredients, allergens and net quantity, without dates (no bake is chosen)."""
    package = find_by_key(session, Package, "package", package_key)
    settings = label_settings(session)
    facts = _Facts(session, load_planning_catalog(session))
    return build_label(facts.package(package.id, package.name), settings=settings)


def event_label_sheets(
    session: Session,
    event_key: int | str,
    *,
    stock: str = "avery-5160",
    start_at: int = 1,
    mode: LabelMode | str = LabelMode.PER_PACKAGE,
    assignment_id: int | None = None,
    html: bool = False,
) -> bytes | str:
    """The event's labels on ``stock`` from position ``start_at``: PDF bytes, or print-CSS
    HTML (:func:`label_sheets` of the event's preview)."""
    preview = preview_event_labels(session, event_key, mode=mode, assignment_id=assignment_id)
    return label_sheets(preview, stock=stock, start_at=start_at, html=html)


def label_sheets(
    preview: LabelPreview, *, stock: str = "avery-5160", start_at: int = 1, html: bool = False
) -> bytes | str:
    """A preview's labels on ``stock`` from position ``start_at``: PDF bytes, or print-CSS
    HTML. Raises ``LabelDoesNotFit`` (an :class:`InvalidInput`) before anything is drawn
    when a label does not fit at 6 pt, and :class:`InvalidInput` when there is no label."""
    chosen = stock_by_key(stock)
    if not preview.labels:
        raise InvalidInput(f"{preview.event_name} has no packages to label", field="event")
    if html:
        return render_labels_html(preview.labels, chosen, start_at=start_at)
    return render_label_sheets(
        preview.labels, chosen, start_at=start_at, title=f"Labels — {preview.event_name}"
    )


def event_packing_slips(
    session: Session,
    event_key: int | str,
    *,
    page: str = "letter",
    assignment_id: int | None = None,
    html: bool = False,
) -> bytes | str:
    """A packing slip per recipient of the event (one page each): PDF bytes or HTML
    (:func:`packing_slips` of the event's preview)."""
    preview = preview_event_labels(session, event_key, assignment_id=assignment_id)
    return packing_slips(preview, page=page, html=html)


def packing_slips(
    preview: LabelPreview, *, page: str = "letter", html: bool = False
) -> bytes | str:
    """A packing slip per recipient of a preview (one page each): PDF bytes or HTML."""
    paper = PAGES.get(page.strip().lower())
    if paper is None:
        raise InvalidInput(f"unknown paper {page!r}; use one of: {', '.join(PAGES)}", field="page")
    if not preview.slips:
        raise InvalidInput(f"{preview.event_name} has no packages to list", field="event")
    if html:
        return render_slips_html(preview.slips, paper)
    return render_packing_slips(preview.slips, paper)


def _slips(
    event: Event,
    rows: Sequence[AssignmentRow],
    assignments: Mapping[int, AssignmentFacts],
    settings: LabelSettings,
) -> tuple[PackingSlip, ...]:
    """One packing slip per recipient, recipients by name, their packages in the order
    they were assigned."""
    by_recipient: dict[int, list[AssignmentRow]] = {}
    for row in rows:
        by_recipient.setdefault(row.recipient_id, []).append(row)
    return tuple(
        build_packing_slip(
            event=event.name,
            event_date=event.event_date,
            recipient=mine[0].recipient,
            assignments=[
                assignments[r.assignment_id] for r in sorted(mine, key=lambda r: r.assignment_id)
            ],
            settings=settings,
        )
        for mine in by_recipient.values()
    )


def assignment_contents(
    session: Session, facts: _Facts, rows: Sequence[AssignmentRow]
) -> dict[int, BundleFacts]:
    """What one package of each assignment holds, by assignment id: the package as the
    catalog has it now (bundles kept) while pending, and the items it held when it was
    assembled once assembled or delivered, whatever its bundles hold since (docs/product.md
    §6.20). This is the one place labels read an assignment's contents: two statements
    (:func:`resolved_contents` on the catalog already loaded)."""
    held = resolved_contents(
        session, [row.assignment_id for row in rows], graph=facts.catalog.graph
    )
    contents: dict[int, BundleFacts] = {}
    for row in rows:
        frozen = held.get(row.assignment_id)
        if frozen is not None and frozen.frozen:
            parts = tuple(Part(facts.item(line.item_id), line.units) for line in frozen.items)
            contents[row.assignment_id] = BundleFacts(row.package_name, parts)
        else:
            contents[row.assignment_id] = facts.package(row.package_id, row.package_name)
    return contents


# -- reading ------------------------------------------------------------------------------


def _assignment_rows(session: Session, event_id: int) -> list[AssignmentRow]:
    """The event's assignments in the order they were added, with recipient and package:
    one statement."""
    query = (
        select(
            Assignment.id,
            Assignment.package_id,
            Package.name,
            Assignment.quantity,
            Assignment.status,
            RecipientRow.id,
            RecipientRow.name,
            RecipientRow.allergens,
            RecipientRow.household,
            RecipientRow.address,
            CONTENTS_KEY,
        )
        .join(Package, Package.id == Assignment.package_id)
        .join(RecipientRow, RecipientRow.id == Assignment.recipient_id)
        .where(Assignment.event_id == event_id)
        .order_by(Assignment.id)
    )
    return [
        AssignmentRow(
            assignment_id,
            package_id,
            package_name,
            quantity,
            AssignmentStatus(status),
            Recipient(name, frozenset(allergens or ()), household or "", address or ""),
            recipient_id,
            contents_key,
        )
        for (assignment_id, package_id, package_name, quantity, status, recipient_id, name,
             allergens, household, address, contents_key) in session.execute(query)
    ]  # fmt: skip


class _Facts:
    """The catalog as the labelling rules read it, built once per call from the planning
    catalog (five statements) plus bundle names, recipe shelf lives and the items' baked
    weights (three)."""

    def __init__(self, session: Session, catalog: PlanningCatalog) -> None:
        self.catalog = catalog
        self.bundle_names = dict(session.execute(select(Bundle.id, Bundle.name)).all())
        self.shelf_lives = dict(session.execute(select(Recipe.id, Recipe.shelf_life_days)).all())
        self.baked_weights: dict[int, Decimal] = {
            item_id: weight
            for item_id, weight in session.execute(select(Item.id, Item.baked_weight_g))
            if weight is not None
        }
        self._ingredients: dict[int, IngredientFacts] = {}
        self._recipes: dict[int, RecipeFacts] = {}
        self._bundles: dict[int, BundleFacts] = {}
        self._items: dict[int, ItemFacts] = {}

    def package(self, package_id: int, name: str) -> BundleFacts:
        return BundleFacts(name, self._parts(self.catalog.graph.packages.get(package_id, ())))

    def item(self, item_id: int) -> ItemFacts:
        found = self._items.get(item_id)
        if found is None:
            item = self.catalog.graph.items[item_id]
            found = ItemFacts(
                item.name,
                self._recipe(item.recipe_id),
                item.items_per_batch,
                self.baked_weights.get(item_id),
            )
            self._items[item_id] = found
        return found

    def freshness(self, recipe_id: int) -> Freshness:
        return Freshness(self.shelf_lives.get(recipe_id))

    def _parts(self, lines: Iterable[ContentLine]) -> tuple[Part, ...]:
        parts = []
        for line in lines:
            if line.item_id is not None:
                parts.append(Part(self.item(line.item_id), line.quantity))
            elif line.bundle_id is not None:
                parts.append(Part(self._bundle(line.bundle_id), line.quantity))
        return tuple(parts)

    def _bundle(self, bundle_id: int) -> BundleFacts:
        found = self._bundles.get(bundle_id)
        if found is None:
            lines = self.catalog.graph.bundles.get(bundle_id, ())
            found = BundleFacts(self.bundle_names[bundle_id], self._parts(lines))
            self._bundles[bundle_id] = found
        return found

    def _recipe(self, recipe_id: int) -> RecipeFacts:
        found = self._recipes.get(recipe_id)
        if found is None:
            node = self.catalog.nodes[recipe_id]
            lines: list[IngredientLine | SubRecipeLine] = [
                IngredientLine(self._ingredient(line.ingredient_id), line.quantity)
                for line in node.lines
            ]
            lines.extend(
                SubRecipeLine(self._recipe(sub.sub_recipe_id), _decimal(sub.share))
                for sub in node.subs
            )
            found = RecipeFacts(node.name, tuple(lines))
            self._recipes[recipe_id] = found
        return found

    def _ingredient(self, ingredient_id: int) -> IngredientFacts:
        found = self._ingredients.get(ingredient_id)
        if found is None:
            found = ingredient_facts(self.catalog.ingredients[ingredient_id])
            self._ingredients[ingredient_id] = found
        return found


def ingredient_facts(ingredient: Ingredient) -> IngredientFacts:
    """An ingredient as the labelling rules read it: its allergens, each with the specific
    names set for it (one :class:`Allergen` per name), and its sub-ingredients."""
    names: Mapping[str, list[str]] = ingredient.allergen_names or {}
    allergens = tuple(
        Allergen(code, name)
        for code in ingredient.allergens
        for name in (names.get(code) or [None])  # type: ignore[list-item]
    )
    return IngredientFacts(
        ingredient.name,
        measure=ingredient.measure,
        density=ingredient.density,
        grams_per_each=ingredient.grams_per_each,
        allergens=allergens,
        sub_ingredients=tuple(ingredient.sub_ingredients or ()),
    )


def _decimal(share: Fraction) -> Decimal:
    """A sub-recipe's share of a batch (exact for the halves and quarters recipes use)."""
    return Decimal(share.numerator) / Decimal(share.denominator)


def _good_items(
    session: Session, event_id: int, facts: _Facts, rows: Sequence[AssignmentRow]
) -> list[BakedBatch]:
    """The good items the event holds, per bake and item: what each live bake at the event
    is expected to give of the item (the plan's split, docs/product.md §6.13), less items
    lost or moved out, plus items moved in from other events' bakes, which keep their own
    bake date. Two statements."""
    quantities: PackageQuantities = defaultdict(int)
    for row in rows:
        # Assembled and delivered packages split a bake by what they held (§6.20).
        quantities[(row.contents_key, row.status)] += row.quantity
    held: dict[tuple[int, int], int] = defaultdict(int)  # (bake id, item id) -> good items
    bakes: dict[int, tuple[int, datetime]] = {}  # bake id -> (recipe id, produced at)
    here = session.execute(
        select(
            ProductionRecord.id,
            ProductionRecord.recipe_id,
            ProductionRecord.batches,
            ProductionRecord.produced_at,
        ).where(
            ProductionRecord.event_id == event_id,
            ProductionRecord.reversed_at.is_(None),
            ProductionRecord.makes_stock.is_(False),
        )
    ).all()
    shares_by_recipe: dict[int, list[ItemShare]] = {}
    for bake_id, recipe_id, batches, produced_at in here:
        if recipe_id not in shares_by_recipe:
            shares_by_recipe[recipe_id] = plan_shares(facts.catalog.graph, quantities, recipe_id)
        for item_id, count in expected_items(shares_by_recipe[recipe_id], batches).items():
            held[(bake_id, item_id)] += count
        bakes[bake_id] = (recipe_id, produced_at)
    outcomes = session.execute(
        select(
            ItemOutcome.production_record_id,
            ItemOutcome.item_id,
            ItemOutcome.event_id,
            ItemOutcome.to_event_id,
            ItemOutcome.quantity,
            ProductionRecord.recipe_id,
            ProductionRecord.produced_at,
        )
        .join(ProductionRecord, ProductionRecord.id == ItemOutcome.production_record_id)
        .where(
            ProductionRecord.reversed_at.is_(None),
            or_(ItemOutcome.event_id == event_id, ItemOutcome.to_event_id == event_id),
        )
    ).all()
    for bake_id, item_id, source, target, quantity, recipe_id, produced_at in outcomes:
        if target == event_id:
            held[(bake_id, item_id)] += quantity
        if source == event_id:
            held[(bake_id, item_id)] -= quantity
        bakes.setdefault(bake_id, (recipe_id, produced_at))
    supply = []
    for (bake_id, item_id), count in sorted(held.items()):
        if count <= 0:
            continue
        recipe_id, produced_at = bakes[bake_id]
        supply.append(
            BakedBatch(
                facts.item(item_id).name,
                produced_at.date(),
                count,
                facts.freshness(recipe_id),
            )
        )
    return supply


def sheet_problem(labels: Sequence[LabelContent], stock: str, start_at: int) -> str | None:
    """Why ``labels`` would not print on ``stock`` from ``start_at`` (a label too full, an
    unknown stock, a position off the sheet), or None when they would: the preview says so
    before the baker downloads anything."""
    try:
        place_labels(labels, stock_by_key(stock), start_at=start_at)
    except InvalidInput as problem:
        return problem.message
    return None
