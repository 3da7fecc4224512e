"""Recording bakes with their real FIFO cost, reversing them, and their history.

docs/product.md §2.2: a bake draws every ingredient from the oldest lots first, all or
nothing; its actual cost is the sum of its draws. Only the oldest lots that cover the
request are read, and on PostgreSQL locked (``SELECT … FOR UPDATE`` in id order) before
planning, so two simultaneous bakes never draw the same stock. A bake is recorded in a
fixed number of statements, whatever the number of ingredients and lots.

docs/product.md §6.11: what a bake needs confirming (more than the plan) is decided here,
before anything is written; a bake that needs an unaccepted confirmation is refused with
one :class:`ConfirmationNeeded` listing all of them.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass
from datetime import date, datetime
from decimal import Decimal
from fractions import Fraction

from sqlalchemy import select
from sqlalchemy.orm import Session, aliased

from bakehouse.domain.confirmations import (
    Confirmation,
    ConfirmationCode,
    MissingPrepared,
    ShortIngredient,
    confirmation_codes,
    cover_shortage,
    make_missing,
    over_plan,
    over_plan_message,
    still_needed,
    use_expired,
)
from bakehouse.domain.fifo import (
    IngredientDraw,
    LotBalance,
    StockRequest,
    available,
    merge_requests,
    plan_all,
    plan_in_sequence,
    prepared_order_key,
    split_expired,
)
from bakehouse.domain.inputs import MAX_BATCHES, TextLimit
from bakehouse.domain.kinds import AssignmentStatus, DrawOrder, LotOrigin, MovementKind
from bakehouse.domain.numbers import ZERO, quantize_quantity
from bakehouse.domain.outcomes import LossReason, OutcomeKind
from bakehouse.domain.planning import item_units, recipe_fractions
from bakehouse.domain.subrecipes import stock_of_batches
from bakehouse.domain.wording import count_of
from bakehouse.errors import (
    AlreadyReversed,
    ConfirmationNeeded,
    Conflict,
    InvalidInput,
    NotFound,
)
from bakehouse.models import (
    Event,
    Ingredient,
    ItemOutcome,
    ProductionRecord,
    Recipe,
    RecipeLine,
    StockMovement,
)
from bakehouse.models.types import utcnow
from bakehouse.services.catalog.graph import load_catalog_graph
from bakehouse.services.core.checks import count_input, line_input, positive_quantity
from bakehouse.services.core.naming import clean_notes
from bakehouse.services.pantry.counted import new_counted_lot, order_key, stock_prices
from bakehouse.services.pantry.ledger import (
    apply_draw_plans,
    balance_of,
    load_covering_lots,
    load_lot_balances,
    reverse_movements,
)
from bakehouse.services.pantry.prepared import (
    SubRecipeNeed,
    load_prepared_lots,
    make_prepared_lot,
    shortfall_batches,
    sub_recipe_needs,
    take_back_prepared_lot,
    yield_of,
)
from bakehouse.services.production.figures import (
    load_package_quantities,
    load_production_totals,
    required_batches,
)
from bakehouse.services.production.outcomes import (
    BakeItem,
    bake_losses,
    good_batches_after,
    plan_shares,
    read_good_items,
    refuse_reversal_after_moves,
)
from bakehouse.units.conversion import to_canonical


@dataclass(frozen=True)
class ProductionEntry:
    """One bake as history shows it (reversed bakes included); ``id`` is the bake's."""

    id: int
    event_id: int | None
    recipe_id: int
    recipe_name: str
    batches: int
    actual_cost: Decimal
    produced_at: datetime
    notes: str
    is_reversed: bool
    reversed_at: datetime | None
    reversal_reason: str
    #: A sub-recipe's bake: it made prepared stock (docs/product.md §6.12).
    makes_stock: bool = False
    #: The bake this one was made for ("make what is missing now").
    parent_id: int | None = None


@dataclass(frozen=True)
class UnrecordedStock:
    """Stock a confirmed short bake booked as unrecorded (docs/product.md §6.14): the lot,
    the ingredient, the quantity (canonical unit) and its value (None: unpriced)."""

    lot_id: int
    ingredient_id: int
    ingredient: str
    unit: str
    quantity: Decimal
    value: Decimal | None


@dataclass(frozen=True)
class ProductionResult:
    record: ProductionEntry
    actual_cost: Decimal
    draws: tuple[IngredientDraw, ...]
    batches_required: int
    batches_produced_before: int
    #: More batches than the event's plan requires (a warning, not an error).
    over_plan: bool
    warnings: tuple[str, ...]
    #: Each item of the recipe: expected, good and lost (docs/product.md §6.13).
    items: tuple[BakeItem, ...] = ()
    #: The bake drew stock whose cost is not known: ``actual_cost`` leaves it out
    #: (docs/product.md §6.14).
    cost_incomplete: bool = False
    #: The unrecorded stock booked to cover a confirmed shortage (docs/product.md §6.14).
    unrecorded: tuple[UnrecordedStock, ...] = ()


def record_production(
    session: Session,
    *,
    event_id: int | None,
    recipe_id: int,
    batches: int,
    notes: str | None = None,
    produced_at: datetime | None = None,
    confirm: Iterable[str] = (),
    yield_made: Decimal | str | None = None,
    parent_id: int | None = None,
    good: Mapping[int, object] | None = None,
    loss_reason: object = None,
) -> ProductionResult:
    """Bake ``batches`` of a recipe for an event, drawing every ingredient FIFO.

    ``confirm`` holds the confirmation codes the baker accepts (``over_plan``, and
    ``make_missing`` to bake the sub-recipe batches its prepared stock lacks first, as their
    own bakes linked to this one: docs/product.md §6.12). ``good`` holds good items by item
    id (default: what the bake is expected to give, docs/product.md §6.13); fewer is a loss
    for ``loss_reason``. A sub-recipe's bake makes prepared stock, not items: it takes no
    ``good`` nor ``loss_reason``. Returns the
    new record, its cost and draws, and a warning when the event's plan did not need that
    many batches. Raises :class:`InvalidInput` (batches not a positive whole number, a
    recipe without ingredient lines, an unknown confirmation code, ``yield_made`` for a
    recipe that is not a sub-recipe, good items or a loss reason for one that is, good
    items out of bounds or short without a reason), :class:`NotFound`
    (event or recipe), :class:`InsufficientStock` listing every short ingredient and
    :class:`ConfirmationNeeded` listing every confirmation not accepted — then nothing is
    written.
    """
    count = whole_batches(batches)
    accepted = confirmation_codes(confirm)
    note_text = clean_notes(notes or "")
    event = session.get(Event, event_id) if event_id is not None else None
    if event_id is not None and event is None:
        raise NotFound("event", event_id)
    # A sub-recipe's bake makes prepared stock and may name no event (docs/product.md §6.12).
    recipe_name, makes_stock, requests, subs, fefo = _stock_requests(session, recipe_id, count)
    when = produced_at or utcnow()
    if event is None and not makes_stock:
        raise InvalidInput("say which event the bake is for", field="event_id")
    if not requests and not subs:
        raise InvalidInput(f"recipe {recipe_name!r} has no ingredient lines to bake from")
    if not makes_stock and not _blank(yield_made):
        raise InvalidInput(
            f"{recipe_name} is not a sub-recipe: only a sub-recipe's bake records what it made",
            field="yield_made",
        )
    if makes_stock and (good or loss_reason not in (None, "")):
        # Good items and losses are items' (docs/product.md §6.13); prepared stock has none.
        raise InvalidInput(
            f"{recipe_name} is a sub-recipe: its bake makes prepared stock, not items, so "
            "it has no good items or losses; record how much it made instead",
            field="good" if good else "reason",
        )
    required = produced_before = 0
    outcome: _GoodItems | None = None
    if event is not None and not makes_stock:
        graph = load_catalog_graph(session)
        quantities = load_package_quantities(session, [event.id]).get(event.id, {})
        required = required_batches(graph, quantities).get(recipe_id, 0)
        shares = plan_shares(graph, quantities, recipe_id)
        expected, good_items, reason = read_good_items(shares, count, good, loss_reason)
        outcome = _GoodItems(
            {i: graph.items[i].name for i in expected},
            {s.item_id: s.items_per_batch for s in shares},
            expected,
            good_items,
            reason,
        )
        before = load_production_totals(session, [event.id]).get(event.id, {}).get(recipe_id)
        produced_before = before.batches if before is not None else 0
    prepared = load_prepared_lots(session, [s.recipe_id for s in subs], lock=True)
    missing = shortfall_batches(subs, prepared)
    planned_check = (
        over_plan(recipe=recipe_name, event=event.name, planned=required, made=produced_before,
                  baking=count)
        if event is not None and not makes_stock
        else None
    )  # fmt: skip
    pantry = None
    if not missing:
        # Nothing to make first: every draw is planned (a shortage or expired stock asked
        # about) before the confirmations are asked and anything is written.
        pantry = _plan_pantry(session, requests, fefo, when.date(), subs, prepared)
    needed = still_needed(
        bake_confirmations(
            planned_check,
            _missing_prepared(subs, prepared, missing),
            pantry.short if pantry is not None else (),
        ),
        accepted,
    )
    if needed:
        raise ConfirmationNeeded(needed)
    if missing:
        # The sub-recipe bakes are written first; a shortage found after them undoes them.
        with session.begin_nested():
            return _bake(session, event, recipe_id, count, note_text, when, makes_stock,
                         parent_id, yield_made, requests, subs, missing, recipe_name,
                         required, produced_before, None, outcome, accepted, fefo)  # fmt: skip
    return _bake(session, event, recipe_id, count, note_text, when, makes_stock,
                 parent_id, yield_made, requests, subs, missing, recipe_name, required,
                 produced_before, pantry, outcome, accepted, fefo)  # fmt: skip


@dataclass(frozen=True)
class _GoodItems:
    """An item bake's good items as read before writing (docs/product.md §6.13)."""

    names: Mapping[int, str]
    per_batch: Mapping[int, int]
    expected: Mapping[int, int]
    good: Mapping[int, int]
    reason: LossReason | None


def _bake(
    session: Session,
    event: Event | None,
    recipe_id: int,
    count: int,
    note_text: str,
    produced_at: datetime | None,
    makes_stock: bool,
    parent_id: int | None,
    yield_made: Decimal | str | None,
    requests: list[StockRequest],
    subs: list[SubRecipeNeed],
    missing: dict[int, int],
    recipe_name: str,
    required: int,
    produced_before: int,
    planned: _PantryPlan | None,
    outcome: _GoodItems | None,
    accepted: frozenset[ConfirmationCode],
    fefo: frozenset[int],
) -> ProductionResult:
    """Write the bake: the missing sub-recipe batches first (their own bakes, linked to
    this one), then its draws (``planned``, or planned now), then its prepared stock or
    the losses of its items (``outcome``)."""
    when = produced_at or utcnow()
    record = ProductionRecord(
        event_id=event.id if event is not None else None,
        recipe_id=recipe_id,
        batches=count,
        actual_cost=ZERO,
        produced_at=when,
        notes=note_text,
        makes_stock=makes_stock,
        parent_id=parent_id,
    )
    session.add(record)
    session.flush()
    # The sub-recipe bakes may cover their own shortages too, as the baker confirmed.
    carried = sorted(accepted & {ConfirmationCode.COVER_SHORTAGE, ConfirmationCode.USE_EXPIRED})
    for sub_id, sub_batches in sorted(missing.items()):
        # "Make what is missing now": the sub-recipe's own bake, linked to this one; its
        # surplus stays as prepared stock.
        record_production(
            session,
            event_id=record.event_id,
            recipe_id=sub_id,
            batches=sub_batches,
            produced_at=when,
            confirm=(ConfirmationCode.MAKE_MISSING, *carried),
            parent_id=record.id,
            notes=f"made for bake {record.id}",
        )
    pantry = planned
    if pantry is None:
        prepared = load_prepared_lots(session, [s.recipe_id for s in subs], lock=True)
        pantry = _plan_pantry(session, requests, fefo, when.date(), subs, prepared)
        # Found on the way (after the sub-recipe bakes): still asked, and refused as one.
        needed = still_needed(bake_confirmations(None, (), pantry.short), accepted)
        if needed:
            raise ConfirmationNeeded(needed)
    plans, incomplete, covered = _draw_plans(session, pantry, when.date(), record.id)
    cost = sum((plan.cost for plan in plans), ZERO)
    record.actual_cost = cost
    record.cost_incomplete = incomplete
    apply_draw_plans(session, plans, production_record_id=record.id)
    if makes_stock:
        made = _made_quantity(session, recipe_id, count, yield_made)
        make_prepared_lot(
            session, record, session.get_one(Recipe, recipe_id), quantity=made, produced_at=when
        )
    items: tuple[BakeItem, ...] = ()
    if outcome is not None:
        items = bake_losses(
            session, record, outcome.names, outcome.per_batch, outcome.expected, outcome.good,
            outcome.reason,
        )  # fmt: skip
    session.flush()
    is_over_plan = event is not None and not makes_stock and produced_before + count > required
    warnings: tuple[str, ...] = ()
    if is_over_plan and event is not None:
        warning = over_plan_message(
            recipe=recipe_name, event=event.name, planned=required,
            total=produced_before + count, recorded=True,
        )  # fmt: skip
        warnings = (warning,)
    return ProductionResult(
        record=_entry(record, recipe_name),
        actual_cost=cost,
        draws=tuple(plans),
        batches_required=required,
        batches_produced_before=produced_before,
        over_plan=is_over_plan,
        warnings=warnings,
        items=items,
        cost_incomplete=incomplete,
        unrecorded=covered,
    )


def _made_quantity(
    session: Session, recipe_id: int, batches: int, yield_made: Decimal | str | None
) -> Decimal:
    """What a sub-recipe bake made, in its stock unit: batches × yield unless the baker
    recorded less."""
    recipe = session.get_one(Recipe, recipe_id)
    full = stock_of_batches(Fraction(batches), yield_of(recipe))
    expected = Decimal(full.numerator) / Decimal(full.denominator)
    if _blank(yield_made):
        return quantize_quantity(expected)
    made = positive_quantity(yield_made, field="yield_made")
    if made > expected:
        raise InvalidInput(
            f"{count_of(batches, 'batch')} of {recipe.name} make {expected.normalize():f} at most",
            field="yield_made",
        )
    return made


def _blank(yield_made: Decimal | str | None) -> bool:
    return yield_made is None or (isinstance(yield_made, str) and not yield_made.strip())


def _missing_prepared(
    subs: list[SubRecipeNeed], prepared: dict[int, list[LotBalance]], batches: dict[int, int]
) -> list[MissingPrepared]:
    """The sub-recipes short of prepared stock, with the batches to make of each."""
    return [
        MissingPrepared(
            need.name,
            need.unit,
            need.quantity,
            available(prepared.get(need.recipe_id, ())),
            batches[need.recipe_id],
        )
        for need in subs
        if need.recipe_id in batches
    ]


def bake_confirmations(
    planned: Confirmation | None,
    missing: Sequence[MissingPrepared],
    short: Sequence[ShortIngredient] = (),
) -> tuple[Confirmation | None, ...]:
    """Every confirmation a bake may need (``None`` where it does not): the one list a
    later rule adds its check to (docs/product.md §6.11): more than the plan, making
    the sub-recipe batches its prepared stock lacks (§6.12), covering a shortage with
    unrecorded stock and drawing stock past its best-before (§6.14)."""
    return (planned, make_missing(missing), cover_shortage(short), use_expired(short))


@dataclass(frozen=True)
class _PantryPlan:
    """What a bake would draw, read (and locked) before anything is written: per
    ingredient its good lots and its expired ones, each in the ingredient's draw order;
    what it is short of; and the planned draws of its prepared stock."""

    requests: list[StockRequest]
    good: dict[int, list[LotBalance]]
    expired: dict[int, list[LotBalance]]
    short: tuple[ShortIngredient, ...]
    short_ids: tuple[int, ...]
    prepared: list[IngredientDraw]
    unpriced: frozenset[int]


def _plan_pantry(
    session: Session,
    requests: list[StockRequest],
    fefo: frozenset[int],
    day: date,
    subs: list[SubRecipeNeed],
    prepared: dict[int, list[LotBalance]],
) -> _PantryPlan:
    """Read the lots a bake on ``day`` draws and say what it is short of
    (docs/product.md §6.14): lots past their best-before are drawn only after every good
    lot, and only once confirmed; what no lot holds is a shortage to cover.

    A FIFO ingredient reads only its oldest lots that cover the request (one statement
    for all of them); when expired lots are among those and the good ones fall short,
    every stocked lot of that ingredient is read instead (one more statement). A FEFO
    ingredient reads all its stocked lots (one statement).
    """
    merged = merge_requests(requests)
    fifo_requests = [r for r in merged if r.ingredient_id not in fefo]
    lots = load_covering_lots(session, fifo_requests, lock=True)
    fefo_ids = [r.ingredient_id for r in merged if r.ingredient_id in fefo]
    if fefo_ids:
        lots.update(load_lot_balances(session, fefo_ids, lock=True))
    again = [
        r.ingredient_id
        for r in fifo_requests
        if available(split_expired(lots.get(r.ingredient_id, ()), day)[0]) < r.quantity
        and split_expired(lots.get(r.ingredient_id, ()), day)[1]
    ]
    if again:
        lots.update(load_lot_balances(session, again, lock=True))
    good: dict[int, list[LotBalance]] = {}
    expired: dict[int, list[LotBalance]] = {}
    short: list[ShortIngredient] = []
    short_ids: list[int] = []
    for request in merged:
        key = order_key(DrawOrder.FEFO if request.ingredient_id in fefo else DrawOrder.FIFO)
        ordered = sorted(lots.get(request.ingredient_id, ()), key=key)
        fresh, old = split_expired(ordered, day)
        good[request.ingredient_id], expired[request.ingredient_id] = fresh, old
        if available(fresh) < request.quantity:
            dates = [lot.best_before for lot in old if lot.best_before is not None]
            short.append(
                ShortIngredient(
                    request.ingredient,
                    request.unit,
                    request.quantity,
                    available(fresh),
                    available(old),
                    min(dates) if dates else None,
                )
            )
            short_ids.append(request.ingredient_id)
    prepared_plans = plan_all([s.request() for s in subs], prepared, prepared_order_key)
    unpriced = frozenset(
        lot.lot_id
        for held in (*lots.values(), *prepared.values())
        for lot in held
        if not lot.priced
    )
    return _PantryPlan(
        merged, good, expired, tuple(short), tuple(short_ids), prepared_plans, unpriced
    )


def _draw_plans(
    session: Session, pantry: _PantryPlan, day: date, bake_id: int
) -> tuple[list[IngredientDraw], bool, tuple[UnrecordedStock, ...]]:
    """The bake's draws, its confirmations given: a short ingredient draws its good lots,
    then its expired ones, then a new lot of *unrecorded stock* holding what is missing,
    priced by docs/product.md §6.2 (docs/product.md §6.14). Returns the draws, whether
    the bake's cost is incomplete (it draws a lot whose cost is not known) and the
    unrecorded stock booked."""
    shorts = dict(zip(pantry.short_ids, pantry.short, strict=True))
    missing = [i for i, s in shorts.items() if s.missing > 0]
    prices = stock_prices(session, missing) if missing else {}
    unpriced = set(pantry.unpriced)
    covered: list[UnrecordedStock] = []
    plans: list[IngredientDraw] = []
    for request in pantry.requests:
        lots = list(pantry.good.get(request.ingredient_id, ()))
        short = shorts.get(request.ingredient_id)
        if short is not None:
            lots += pantry.expired.get(request.ingredient_id, ())
            if short.missing > 0:
                price = prices.get(request.ingredient_id)
                lot = new_counted_lot(
                    session, request.ingredient_id, short.missing, origin=LotOrigin.UNRECORDED,
                    price=price, received_on=day, note=f"short bake {bake_id}",
                    production_record_id=bake_id,
                )  # fmt: skip
                if price is None:
                    unpriced.add(lot.id)
                lots.append(balance_of(lot))
                covered.append(
                    UnrecordedStock(
                        lot.id, request.ingredient_id, request.ingredient, request.unit,
                        short.missing, lot.cost if price is not None else None,
                    )
                )  # fmt: skip
        draws = plan_in_sequence(lots, request.quantity)
        assert draws is not None, "a covered shortage draws what it booked"
        plans.append(IngredientDraw.of(request, draws))
    plans += pantry.prepared
    incomplete = any(d.lot_id in unpriced for plan in plans for d in plan.lots)
    return plans, incomplete, tuple(covered)


def reverse_production(session: Session, bake_id: int, reason: str) -> ProductionRecord:
    """Put every draw of a bake back into the lot it came from, and mark it reversed.

    Each draw gets a REVERSAL movement pointing at it; the record stays, reversed, with
    the reason. Raises :class:`NotFound`, :class:`InvalidInput` (empty reason) and
    :class:`AlreadyReversed`.
    """
    why = line_input(reason, field="reason", max_length=TextLimit.NAME)
    if not why:
        raise InvalidInput("say why the bake is reversed", field="reason")
    found = session.execute(
        select(ProductionRecord.id, ProductionRecord.event_id).where(ProductionRecord.id == bake_id)
    ).one_or_none()
    if found is None:
        raise NotFound("bake", bake_id)
    event_id = found.event_id
    if event_id is not None:
        # The event row first, as package status changes do (PostgreSQL): an assembly and
        # a reversal of the same event's cookies then see each other instead of both passing.
        session.execute(
            select(Event.id).where(Event.id == event_id).with_for_update(key_share=True)
        ).one()
    record = session.scalars(
        select(ProductionRecord)
        .where(ProductionRecord.id == bake_id)
        .with_for_update()
        .execution_options(populate_existing=True)
    ).one_or_none()
    if record is None:  # pragma: no cover - deleted between the two reads
        raise NotFound("bake", bake_id)
    if record.reversed_at is not None:
        raise AlreadyReversed(f"bake {bake_id} was already reversed ({record.reversal_reason})")
    if record.makes_stock:
        # Its prepared stock goes, unless bakes that still stand drew it (§6.12).
        take_back_prepared_lot(session, record, why)
    else:
        refuse_reversal_after_moves(session, record)
        _refuse_if_packages_rely_on(session, record)
    draws = session.scalars(
        select(StockMovement)
        .where(
            StockMovement.production_record_id == record.id,
            StockMovement.kind == MovementKind.PRODUCTION,
        )
        .order_by(StockMovement.id)
    ).all()
    reverse_movements(session, draws, note=why, production_record_id=record.id)
    record.reversed_at = utcnow()
    record.reversal_reason = why
    session.flush()
    return record


def _refuse_if_packages_rely_on(session: Session, record: ProductionRecord) -> None:
    """Undoing a bake must not leave assembled or delivered packages without their cookies.

    docs/product.md §2.5 lets a package be assembled only from what production covers; a reversal
    that took those batches away would make the books claim cookies nobody baked. What is
    left is counted in good items (docs/product.md §6.13): the bake's own losses go with it.
    """
    if record.event_id is None:
        return
    quantities = load_package_quantities(session, [record.event_id]).get(record.event_id, {})
    claimed = {key: q for key, q in quantities.items() if key[1] != AssignmentStatus.PENDING}
    if not claimed:
        return
    graph = load_catalog_graph(session)
    needed = required_batches(graph, claimed).get(record.recipe_id, 0)
    exact = recipe_fractions(
        item_units(graph, [(p, q) for (p, _s), q in claimed.items()]), graph.items
    ).get(record.recipe_id, Fraction(0))
    good, per_batch = good_batches_after(session, record.event_id, record.recipe_id, graph)
    own_losses = session.execute(
        select(ItemOutcome.item_id, ItemOutcome.quantity).where(
            ItemOutcome.production_record_id == record.id,
            ItemOutcome.event_id == record.event_id,
            ItemOutcome.kind == OutcomeKind.LOSS,
        )
    ).all()
    left = (
        good - record.batches + sum((Fraction(q, per_batch[i]) for i, q in own_losses), Fraction(0))
    )
    if exact > left:
        totals = load_production_totals(session, [record.event_id]).get(record.event_id, {})
        produced = totals[record.recipe_id].batches if record.recipe_id in totals else 0
        remaining = produced - record.batches
        raise Conflict(
            f"cannot reverse this bake: packages already assembled or delivered need "
            f"{count_of(needed, 'batch')} of {record.recipe.name}, "
            f"and only {remaining} would remain; "
            "correct those packages' status first"
        )


def list_production(session: Session, event_id: int) -> tuple[ProductionEntry, ...]:
    """Every bake of an event, oldest first, reversed ones included.

    Raises :class:`NotFound` for an unknown event.
    """
    if session.get(Event, event_id) is None:
        raise NotFound("event", event_id)
    rows = session.execute(
        select(ProductionRecord, Recipe.name)
        .join(Recipe, Recipe.id == ProductionRecord.recipe_id)
        .where(ProductionRecord.event_id == event_id)
        .order_by(ProductionRecord.produced_at, ProductionRecord.id)
    )
    return tuple(_entry(record, name) for record, name in rows)


def whole_batches(value: object) -> int:
    """``value`` as a whole number of batches from 1 to ``MAX_BATCHES``, or
    :class:`InvalidInput` (the rule every door applies: ``domain.inputs``)."""
    return count_input(value, field="batches", maximum=MAX_BATCHES)


def _stock_requests(
    session: Session, recipe_id: int, batches: int
) -> tuple[str, bool, list[StockRequest], list[SubRecipeNeed], frozenset[int]]:
    """The recipe's name, whether it is a sub-recipe (used by another: its bakes make
    prepared stock), its ingredient lines × batches in canonical units, its
    sub-recipe lines × batches in their stock units and the ingredients that draw
    earliest best-before first (docs/product.md §6.14): one statement."""
    sub = aliased(Recipe)
    user = aliased(RecipeLine)
    used = select(user.id).where(user.sub_recipe_id == Recipe.id).exists()
    rows = session.execute(
        select(Recipe.name, used, RecipeLine, Ingredient, sub)
        .outerjoin(RecipeLine, RecipeLine.recipe_id == Recipe.id)
        .outerjoin(Ingredient, Ingredient.id == RecipeLine.ingredient_id)
        .outerjoin(sub, sub.id == RecipeLine.sub_recipe_id)
        .where(Recipe.id == recipe_id)
        .order_by(RecipeLine.position, RecipeLine.id)
    ).all()
    if not rows:
        raise NotFound("recipe", recipe_id)
    name, makes_stock = rows[0][0], bool(rows[0][1])
    requests = [
        StockRequest(
            ingredient.id,
            ingredient.name,
            ingredient.unit,
            to_canonical(line.quantity, line.unit, ingredient.factors) * batches,
        )
        for _name, _used, line, ingredient, _sub in rows
        if line is not None and ingredient is not None
    ]
    subs = sub_recipe_needs(
        [(line.quantity, line.unit, r) for _n, _u, line, _i, r in rows if r is not None], batches
    )
    fefo = frozenset(
        ingredient.id
        for _n, _u, _l, ingredient, _s in rows
        if ingredient is not None and ingredient.draw_order is DrawOrder.FEFO
    )
    return name, makes_stock, requests, subs, fefo


def _entry(record: ProductionRecord, recipe_name: str) -> ProductionEntry:
    return ProductionEntry(
        id=record.id,
        event_id=record.event_id,
        recipe_id=record.recipe_id,
        recipe_name=recipe_name,
        batches=record.batches,
        actual_cost=record.actual_cost,
        produced_at=record.produced_at,
        notes=record.notes,
        is_reversed=record.reversed_at is not None,
        reversed_at=record.reversed_at,
        reversal_reason=record.reversal_reason,
        makes_stock=record.makes_stock,
        parent_id=record.parent_id,
    )
