"""What came out of the oven: good items, losses, write-offs and moves (docs/product.md §6.13).

A bake is expected to give, of each item its recipe yields, its batches split the way the
event's plan splits them × items per batch; fewer good items is a loss recorded with the
bake. Later losses (an event and an item: "3 broke on the way"), a whole bake written off
("ruined": its ingredients stay used) and good items moved to another event are recorded
here. Each is an :class:`ItemOutcome` tied to a bake, with its share of the bake's cost;
each is refused when packages already assembled or delivered rely on those items.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass
from datetime import datetime
from decimal import Decimal
from fractions import Fraction

from sqlalchemy import or_, select
from sqlalchemy.orm import Session

from bakehouse.domain.inputs import MAX_COUNT, TextLimit
from bakehouse.domain.kinds import AssignmentStatus
from bakehouse.domain.numbers import ZERO
from bakehouse.domain.outcomes import (
    GOOD_ITEMS_FACTOR,
    ItemChanges,
    ItemShare,
    LossReason,
    OutcomeKind,
    expected_items,
    good_batches,
    items_made,
    share_cost,
)
from bakehouse.domain.planning import CatalogGraph, item_units, recipe_fractions
from bakehouse.errors import Conflict, InvalidInput, NotFound
from bakehouse.models import Event, Item, ItemOutcome, ProductionRecord
from bakehouse.services.catalog.graph import load_catalog_graph
from bakehouse.services.core.checks import choice_input, count_input, line_input
from bakehouse.services.production.figures import (
    PackageQuantities,
    load_package_quantities,
    load_production_totals,
)


@dataclass(frozen=True)
class BakeItem:
    """One item of a bake: expected, good, lost (and why), and the loss's cost."""

    item_id: int
    item_name: str
    expected: int
    good: int
    lost: int
    lost_cost: Decimal


@dataclass(frozen=True)
class OutcomeEntry:
    """A loss or a move as history shows it; ``bake_produced_at`` is the items' bake date."""

    id: int
    kind: OutcomeKind
    bake_id: int
    bake_produced_at: datetime
    event_id: int
    to_event_id: int | None
    item_id: int
    item_name: str
    quantity: int
    reason: LossReason | None
    cost: Decimal
    at_bake: bool
    note: str
    occurred_at: datetime


def plan_shares(
    graph: CatalogGraph, quantities: PackageQuantities, recipe_id: int
) -> list[ItemShare]:
    """The items of a recipe with what the event's plan needs of each, by item id."""
    units = item_units(graph, [(p, q) for (p, _status), q in quantities.items()])
    return [
        ItemShare(item.item_id, item.items_per_batch, units.get(item.item_id, 0))
        for item in sorted(graph.items.values(), key=lambda i: i.item_id)
        if item.recipe_id == recipe_id
    ]


def read_good_items(
    shares: list[ItemShare],
    batches: int,
    good: Mapping[int, object] | None,
    reason: object,
) -> tuple[dict[int, int], dict[int, int], LossReason | None]:
    """Expected and good items per item of a bake, and the reason for any shortfall.

    Good items default to the expected ones. Raises :class:`InvalidInput` for an item the
    recipe does not yield, a count that is not a whole number from 0, more than
    ``GOOD_ITEMS_FACTOR`` × expected, or a shortfall without a reason.
    """
    expected = expected_items(shares, batches)
    per_batch = {s.item_id: s.items_per_batch for s in shares}
    counted = dict(expected)
    for item_id, value in (good or {}).items():
        if item_id not in expected:
            raise InvalidInput(f"item {item_id} is not made by this recipe", field="good")
        most = GOOD_ITEMS_FACTOR * (expected[item_id] or batches * per_batch[item_id])
        count = count_input(value, field="good", maximum=MAX_COUNT, minimum=0)
        if count > most:
            raise InvalidInput(
                f"{count} good items is more than {GOOD_ITEMS_FACTOR} times the "
                f"{expected[item_id]} this bake is expected to give; check the number",
                field="good",
            )
        counted[item_id] = count
    short = any(counted[i] < expected[i] for i in expected)
    why = None if reason in (None, "") else choice_input(LossReason, reason, field="reason")
    if short and why is None:
        raise InvalidInput(
            "say why fewer good items came out (burnt, broken, dropped, tasted, other)",
            field="reason",
        )
    return expected, counted, why


def bake_losses(
    session: Session,
    record: ProductionRecord,
    names: Mapping[int, str],
    per_batch: Mapping[int, int],
    expected: Mapping[int, int],
    good: Mapping[int, int],
    reason: LossReason | None,
) -> tuple[BakeItem, ...]:
    """The bake's items, adding a loss for each item with fewer good than expected."""
    items = []
    for item_id, count in expected.items():
        lost = max(0, count - good[item_id])
        cost = share_cost(record.actual_cost, lost, per_batch[item_id], record.batches)
        if lost and reason is not None:
            record_outcome = ItemOutcome(
                kind=OutcomeKind.LOSS,
                production_record_id=record.id,
                event_id=record.event_id,
                item_id=item_id,
                quantity=lost,
                reason=reason,
                cost=cost,
                at_bake=True,
                occurred_at=record.produced_at,
            )
            session.add(record_outcome)
        items.append(BakeItem(item_id, names[item_id], count, good[item_id], lost, cost))
    return tuple(items)


def record_loss(
    session: Session,
    *,
    event_id: int,
    item_id: int,
    quantity: int,
    reason: LossReason | str,
    note: str | None = None,
    bake_id: int | None = None,
) -> tuple[OutcomeEntry, ...]:
    """Good items of an event lost after the bake ("3 broke on the way").

    The loss is charged to ``bake_id``, or else to the bakes whose good items the event
    holds, newest first (one loss per bake), each at its share of that bake's cost.
    Raises :class:`InvalidInput` (quantity, reason, more than the event's good items),
    :class:`NotFound` and :class:`Conflict` when assembled packages rely on the items.
    """
    count = count_input(quantity, field="quantity")
    why = choice_input(LossReason, reason, field="reason")
    text = line_input(note, field="note", max_length=TextLimit.NOTE)
    event, item, bake = _source(session, event_id, item_id, bake_id)
    shares = _require_good_items(session, event, item, count, "lose")
    parts = _allocate(session, event, item, count, bake, shares)
    return _write(session, parts, item, kind=OutcomeKind.LOSS, event_id=event.id,
                  reason=why, note=text)  # fmt: skip


def move_items(
    session: Session,
    *,
    from_event_id: int,
    to_event_id: int,
    item_id: int,
    quantity: int,
    note: str | None = None,
    bake_id: int | None = None,
) -> tuple[OutcomeEntry, ...]:
    """Move good items (leftovers) from one event to another with their share of their
    bake's cost and their bake date: from ``bake_id``, or else from the bakes whose good
    items the source holds, newest first (one move per bake).

    Raises :class:`InvalidInput` (quantity, the same event, more than the source's good
    items), :class:`NotFound` and :class:`Conflict` when the source's assembled packages
    rely on the items.
    """
    count = count_input(quantity, field="quantity")
    text = line_input(note, field="note", max_length=TextLimit.NOTE)
    if from_event_id == to_event_id:
        raise InvalidInput("move items to another event than the one they are at", field="to_event")
    event, item, bake = _source(session, from_event_id, item_id, bake_id)
    target = session.get(Event, to_event_id)
    if target is None:
        raise NotFound("event", to_event_id)
    shares = _require_good_items(session, event, item, count, "move")
    parts = _allocate(session, event, item, count, bake, shares)
    return _write(session, parts, item, kind=OutcomeKind.MOVE, event_id=event.id,
                  to_event_id=target.id, note=text)  # fmt: skip


def _write(
    session: Session,
    parts: list[tuple[ProductionRecord, int]],
    item: Item,
    **columns: object,
) -> tuple[OutcomeEntry, ...]:
    """One outcome per bake, each at its share of that bake's cost."""
    outcomes = [
        (
            ItemOutcome(
                production_record_id=bake.id,
                item_id=item.id,
                quantity=n,
                cost=share_cost(bake.actual_cost, n, item.items_per_batch, bake.batches),
                **columns,
            ),
            bake,
        )
        for bake, n in parts
    ]
    session.add_all(o for o, _ in outcomes)
    session.flush()
    return tuple(_entry(o, bake, item.name) for o, bake in outcomes)


def _allocate(
    session: Session,
    event: Event,
    item: Item,
    count: int,
    bake: ProductionRecord | None,
    shares: list[ItemShare],
) -> list[tuple[ProductionRecord, int]]:
    """Which bakes ``count`` items of the event come from: the given bake, or the bakes the
    event holds good items of, newest first, each giving what it has left (its expected
    items here, plus those moved in, less those lost or moved out); what rounding leaves
    over goes to the newest."""
    if bake is not None:
        return [(bake, count)]
    baked_here = session.scalars(
        select(ProductionRecord).where(
            ProductionRecord.event_id == event.id,
            ProductionRecord.recipe_id == item.recipe_id,
            ProductionRecord.reversed_at.is_(None),
        )
    ).all()
    held = {b.id: expected_items(shares, b.batches).get(item.id, 0) for b in baked_here}
    rows = session.execute(
        select(
            ItemOutcome.production_record_id,
            ItemOutcome.event_id,
            ItemOutcome.to_event_id,
            ItemOutcome.quantity,
        )
        .join(ProductionRecord, ProductionRecord.id == ItemOutcome.production_record_id)
        .where(
            ItemOutcome.item_id == item.id,
            ProductionRecord.reversed_at.is_(None),
            or_(ItemOutcome.event_id == event.id, ItemOutcome.to_event_id == event.id),
        )
    ).all()
    for bake_id, source, target, quantity in rows:
        if target == event.id:
            held[bake_id] = held.get(bake_id, 0) + quantity
        if source == event.id:
            held[bake_id] = held.get(bake_id, 0) - quantity
    bakes = {b.id: b for b in baked_here}
    others = [i for i in held if i not in bakes]
    if others:
        query = select(ProductionRecord).where(ProductionRecord.id.in_(others))
        bakes.update((b.id, b) for b in session.scalars(query))
    order = sorted(held, key=lambda i: (bakes[i].produced_at, i), reverse=True)
    parts: list[tuple[ProductionRecord, int]] = []
    left = count
    for bake_id in order:
        take = min(left, max(0, held[bake_id]))
        if take:
            parts.append((bakes[bake_id], take))
            left -= take
    if left:  # a share of a batch that the whole-item split rounded away
        newest = bakes[order[0]]
        if parts and parts[0][0].id == newest.id:
            parts[0] = (newest, parts[0][1] + left)
        else:
            parts.insert(0, (newest, left))
    return parts


def write_off_bake(
    session: Session, bake_id: int, note: str | None = None
) -> tuple[OutcomeEntry, ...]:
    """Record a whole bake as ruined: every good item it left at its event is lost, its
    ingredients stay used (not a reversal). The losses cost exactly what was left of the
    bake's cost.

    Raises :class:`NotFound`, :class:`Conflict` (a reversed bake, one already written off,
    one some of whose items were moved, or one assembled packages rely on).
    """
    text = line_input(note, field="note", max_length=TextLimit.NOTE)
    bake = _lock_bake(session, bake_id)
    outcomes = session.scalars(
        select(ItemOutcome).where(ItemOutcome.production_record_id == bake.id)
    ).all()
    if any(o.kind == OutcomeKind.MOVE for o in outcomes):
        raise Conflict(
            "some items of this bake were moved to another event; record what was lost "
            "of the rest as a loss instead"
        )
    if any(o.reason == LossReason.RUINED for o in outcomes):
        raise Conflict(f"bake {bake.id} was already written off")
    event_id = bake.event_id
    assert event_id is not None  # _lock_bake refused a bake for no event
    graph = load_catalog_graph(session)
    quantities = load_package_quantities(session, [event_id]).get(event_id, {})
    shares = plan_shares(graph, quantities, bake.recipe_id)
    expected = expected_items(shares, bake.batches)
    lost: dict[int, int] = {}
    for o in outcomes:
        lost[o.item_id] = lost.get(o.item_id, 0) + o.quantity
    left = {i: n - lost.get(i, 0) for i, n in expected.items() if n - lost.get(i, 0) > 0}
    if not left:
        raise Conflict(f"bake {bake.id} has no good items left to write off")
    removing = {i: ItemChanges(lost=n) for i, n in left.items()}
    _refuse_if_claimed(session, graph, quantities, event_id, bake.recipe_id, removing,
                       "write off this bake")  # fmt: skip
    remaining = bake.actual_cost - sum((o.cost for o in outcomes), ZERO)
    created = []
    items = list(left.items())
    for n, (item_id, count) in enumerate(items):
        item = graph.items[item_id]
        cost = (
            remaining
            if n == len(items) - 1
            else min(
                remaining, share_cost(bake.actual_cost, count, item.items_per_batch, bake.batches)
            )
        )
        remaining -= cost
        outcome = ItemOutcome(
            kind=OutcomeKind.LOSS,
            production_record_id=bake.id,
            event_id=event_id,
            item_id=item_id,
            quantity=count,
            reason=LossReason.RUINED,
            cost=cost,
            note=text,
        )
        session.add(outcome)
        created.append((outcome, item.name))
    session.flush()
    return tuple(_entry(o, bake, name) for o, name in created)


def list_outcomes(session: Session, event_id: int) -> tuple[OutcomeEntry, ...]:
    """Every loss and move of an event's items (moves to it included), oldest first, of
    bakes not reversed. Raises :class:`NotFound` for an unknown event."""
    if session.get(Event, event_id) is None:
        raise NotFound("event", event_id)
    rows = session.execute(
        select(ItemOutcome, ProductionRecord, Item.name)
        .join(ProductionRecord, ProductionRecord.id == ItemOutcome.production_record_id)
        .join(Item, Item.id == ItemOutcome.item_id)
        .where(
            or_(ItemOutcome.event_id == event_id, ItemOutcome.to_event_id == event_id),
            ProductionRecord.reversed_at.is_(None),
        )
        .order_by(ItemOutcome.occurred_at, ItemOutcome.id)
    )
    return tuple(_entry(outcome, bake, name) for outcome, bake, name in rows)


def refuse_reversal_after_moves(session: Session, bake: ProductionRecord) -> None:
    """A bake whose items were moved to another event cannot be undone: that event would
    keep items nobody baked (docs/product.md §6.13)."""
    moved = session.scalar(
        select(ItemOutcome.id)
        .where(ItemOutcome.production_record_id == bake.id, ItemOutcome.kind == OutcomeKind.MOVE)
        .limit(1)
    )
    if moved is not None:
        raise Conflict("cannot reverse this bake: some of its items were moved to another event")


def good_batches_after(
    session: Session, event_id: int, recipe_id: int, graph: CatalogGraph
) -> tuple[Fraction, dict[int, int]]:
    """The batches' worth of good items an event holds of a recipe, and the item yields."""
    totals = load_production_totals(session, [event_id]).get(event_id, {}).get(recipe_id)
    per_batch = {
        i.item_id: i.items_per_batch for i in graph.items.values() if i.recipe_id == recipe_id
    }
    if totals is None:
        return Fraction(0), per_batch
    return good_batches(totals.batches, totals.changes, per_batch), per_batch


def _require_good_items(
    session: Session, event: Event, item: Item, count: int, verb: str
) -> list[ItemShare]:
    graph = load_catalog_graph(session)
    quantities = load_package_quantities(session, [event.id]).get(event.id, {})
    totals = load_production_totals(session, [event.id]).get(event.id, {}).get(item.recipe_id)
    shares = plan_shares(graph, quantities, item.recipe_id)
    batches = totals.batches if totals is not None else 0
    changes = totals.changes if totals is not None else {}
    made = next(c for c in items_made(shares, batches, changes) if c.item_id == item.id)
    if count > made.made_whole:
        raise InvalidInput(
            f"{event.name} has {made.made_whole} good {item.name}; cannot {verb} {count}",
            field="quantity",
        )
    _refuse_if_claimed(session, graph, quantities, event.id, item.recipe_id,
                       {item.id: ItemChanges(lost=count)}, f"{verb} these items")  # fmt: skip
    return shares


def _refuse_if_claimed(
    session: Session,
    graph: CatalogGraph,
    quantities: PackageQuantities,
    event_id: int,
    recipe_id: int,
    removing: Mapping[int, ItemChanges],
    what: str,
) -> None:
    """Conflict when packages already assembled or delivered need more of the recipe
    than would be left (docs/product.md §2.5)."""
    claimed = [
        (p, q) for (p, status), q in quantities.items() if status != AssignmentStatus.PENDING
    ]
    if not claimed:
        return
    needed = recipe_fractions(item_units(graph, claimed), graph.items).get(recipe_id, Fraction(0))
    good, per_batch = good_batches_after(session, event_id, recipe_id, graph)
    left = good - sum((Fraction(c.lost, per_batch[i]) for i, c in removing.items()), Fraction(0))
    if needed > left:
        raise Conflict(
            f"cannot {what}: packages already assembled or delivered rely on them; "
            "correct those packages' status first"
        )


def _source(
    session: Session, event_id: int, item_id: int, bake_id: int | None
) -> tuple[Event, Item, ProductionRecord | None]:
    """The event (locked on PostgreSQL), the item and the bake named, if one is;
    :class:`InvalidInput` when no live bake made or moved such items there."""
    event = session.get(Event, event_id)
    if event is None:
        raise NotFound("event", event_id)
    session.execute(
        select(Event.id).where(Event.id == event.id).with_for_update(key_share=True)
    ).one()
    item = session.get(Item, item_id)
    if item is None:
        raise NotFound("item", item_id)
    if bake_id is None:
        here = select(ProductionRecord.id).where(ProductionRecord.event_id == event.id)
        named = False
        moved_in = select(ItemOutcome.production_record_id).where(
            ItemOutcome.to_event_id == event.id, ItemOutcome.item_id == item.id
        )
        bake_id = session.scalar(
            select(ProductionRecord.id)
            .where(
                ProductionRecord.recipe_id == item.recipe_id,
                ProductionRecord.reversed_at.is_(None),
                or_(ProductionRecord.id.in_(here), ProductionRecord.id.in_(moved_in)),
            )
            .order_by(ProductionRecord.produced_at.desc(), ProductionRecord.id.desc())
            .limit(1)
        )
        if bake_id is None:
            raise InvalidInput(
                f"{event.name} has no good {item.name}: nothing was baked or moved there",
                field="quantity",
            )
    else:
        named = True
    bake = session.get(ProductionRecord, bake_id)
    if bake is None:
        raise NotFound("bake", bake_id)
    if bake.reversed_at is not None or bake.recipe_id != item.recipe_id:
        raise InvalidInput(f"bake {bake.id} did not make {item.name}", field="bake")
    return event, item, bake if named else None


def _lock_bake(session: Session, bake_id: int) -> ProductionRecord:
    found = session.execute(
        select(ProductionRecord.event_id, ProductionRecord.makes_stock).where(
            ProductionRecord.id == bake_id
        )
    ).one_or_none()
    if found is None:
        raise NotFound("bake", bake_id)
    event_id, makes_stock = found
    if makes_stock or event_id is None:
        # A sub-recipe's bake made prepared stock, not items (docs/product.md §6.12, §6.13).
        raise Conflict(
            f"bake {bake_id} made prepared stock of a sub-recipe, not items; write off "
            "that prepared stock in the pantry instead"
        )
    session.execute(
        select(Event.id).where(Event.id == event_id).with_for_update(key_share=True)
    ).one()
    bake = session.scalars(
        select(ProductionRecord).where(ProductionRecord.id == bake_id).with_for_update()
    ).one()
    if bake.reversed_at is not None:
        raise Conflict(f"bake {bake.id} was reversed; there is nothing to write off")
    return bake


def _entry(outcome: ItemOutcome, bake: ProductionRecord, item_name: str) -> OutcomeEntry:
    return OutcomeEntry(
        id=outcome.id,
        kind=OutcomeKind(outcome.kind),
        bake_id=bake.id,
        bake_produced_at=bake.produced_at,
        event_id=outcome.event_id,
        to_event_id=outcome.to_event_id,
        item_id=outcome.item_id,
        item_name=item_name,
        quantity=outcome.quantity,
        reason=None if outcome.reason is None else LossReason(outcome.reason),
        cost=outcome.cost,
        at_bake=outcome.at_bake,
        note=outcome.note,
        occurred_at=outcome.occurred_at,
    )
