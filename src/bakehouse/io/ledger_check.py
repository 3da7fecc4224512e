"""Import validation of the pantry ledger: purchases → lots → movements.

Movements are replayed in file order (the ledger's order): a lot must never be drawn below
zero, a reversal must undo an earlier movement of the same lot, and each lot's recorded
balance must equal the sum of its movements — the invariant ``services/pantry/ledger.py`` keeps.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass
from decimal import Decimal

from bakehouse.domain.numbers import ZERO
from bakehouse.errors import FieldProblem
from bakehouse.io.document import LotEntry, MovementEntry
from bakehouse.io.existing import ExistingKeys
from bakehouse.io.shape import ParsedDocument, json_path
from bakehouse.units.conversion import ConversionFactors, canonical_unit


def _text(value: Decimal) -> str:
    return format(value.normalize(), "f") if value else "0"


@dataclass
class _Balance:
    quantity: Decimal = ZERO
    value: Decimal = ZERO
    went_negative: bool = False


def check_ledger(
    parsed: ParsedDocument,
    existing: ExistingKeys,
    factors: Mapping[str, ConversionFactors],
    where: str,
) -> list[FieldProblem]:
    """Every problem with the lots and movements of the file."""
    return _LedgerCheck(parsed, existing, factors, where).run()


class _LedgerCheck:
    def __init__(
        self,
        parsed: ParsedDocument,
        existing: ExistingKeys,
        factors: Mapping[str, ConversionFactors],
        where: str,
    ) -> None:
        self.parsed = parsed
        self.existing = existing
        self.factors = factors
        self.where = where
        self.problems: list[FieldProblem] = []
        self.lots: dict[str, LotEntry] = {}
        for _, lot in parsed.entries("lots"):
            self.lots.setdefault(lot.ref, lot)
        self.ingredients = parsed.keys_present.get("ingredients", set()) | set(
            existing.slug_ids("ingredients")
        )
        self.product_ingredients = dict(existing.product_ingredient)
        for _, product in parsed.entries("products"):
            self.product_ingredients.setdefault(product.slug, product.ingredient)
        self.unreadable_refs = {
            raw["ref"]
            for raw in parsed.unreadable.get("movements", [])
            if isinstance(raw, dict) and isinstance(raw.get("ref"), str)
        }

    def add(self, message: str, *path: str | int) -> None:
        self.problems.append(FieldProblem(json_path(path), message))

    def unit_of(self, lot: LotEntry) -> str:
        if lot.ingredient is None:
            return ""  # prepared stock: in its recipe's stock unit
        factors = self.factors.get(lot.ingredient)
        return "" if factors is None else " " + canonical_unit(factors.measure)

    def run(self) -> list[FieldProblem]:
        self.check_lots()
        balances = self.replay_movements()
        if self.sums_are_known():
            self.check_balances(balances)
        return self.problems

    def sums_are_known(self) -> bool:
        """False when a movement could not be read and might belong to any lot."""
        if "movements" not in self.parsed.sections:
            return False  # the movements could not be read at all: already reported
        unreadable = self.parsed.unreadable.get("movements", [])
        return all(isinstance(raw, dict) and isinstance(raw.get("lot"), str) for raw in unreadable)

    def doubtful_lots(self) -> set[str]:
        """Lots with a movement that could not be read: their running sums are unknown."""
        unreadable = self.parsed.unreadable.get("movements", [])
        return {raw["lot"] for raw in unreadable if isinstance(raw, dict) and "lot" in raw}

    def check_lots(self) -> None:
        purchases = {entry.ref: entry for _, entry in self.parsed.entries("purchases")}
        purchase_refs = self.parsed.keys_present.get("purchases", set())
        used: dict[str, int] = {}
        recipes = self.parsed.keys_present.get("recipes", set()) | set(
            self.existing.slug_ids("recipes")
        )
        bakes = self.parsed.keys_present.get("production", set())
        for index, lot in self.parsed.entries("lots"):
            path = ("lots", index)
            if (lot.ingredient is None) == (lot.recipe is None):
                self.add("give either an ingredient or (prepared stock) a recipe", *path)
            elif lot.recipe is not None:
                # Prepared stock (docs/product.md §6.12): a recipe's, made by a bake.
                if lot.recipe not in recipes:
                    self.add(f"there is no recipe {lot.recipe!r} {self.where}", *path, "recipe")
                if lot.made_by is not None and lot.made_by not in bakes:
                    self.add(
                        f"there is no production record {lot.made_by!r} in the file",
                        *path,
                        "made_by",
                    )
                if lot.purchase is not None:
                    self.add("prepared stock is made, not bought", *path, "purchase")
            elif lot.ingredient not in self.ingredients:
                self.add(
                    f"there is no ingredient {lot.ingredient!r} {self.where}", *path, "ingredient"
                )
            if lot.initial_quantity <= 0:
                self.add(
                    f"must be greater than 0, not {_text(lot.initial_quantity)}",
                    *path,
                    "initial_quantity",
                )
            if lot.cost < 0:
                self.add(f"must not be negative, not {_text(lot.cost)}", *path, "cost")
            if lot.purchase is None:
                continue
            if lot.purchase not in purchase_refs:
                self.add(f"there is no purchase {lot.purchase!r} in the file", *path, "purchase")
            elif lot.purchase in used:
                self.add(
                    f"purchase {lot.purchase!r} already created lots[{used[lot.purchase]}]",
                    *path,
                    "purchase",
                )
            elif lot.purchase in purchases:
                bought = self.product_ingredients.get(purchases[lot.purchase].product)
                if bought in self.ingredients and bought != lot.ingredient:
                    self.add(
                        f"purchase {lot.purchase!r} bought {bought!r}, not {lot.ingredient!r}",
                        *path,
                        "ingredient",
                    )
            used.setdefault(lot.purchase, index)

    def replay_movements(self) -> dict[str, _Balance]:
        if self.sums_are_known():
            doubtful = self.doubtful_lots()
            balances = {ref: _Balance() for ref in self.lots if ref not in doubtful}
        else:
            balances = {}
        lot_refs = self.parsed.keys_present.get("lots", set())
        seen: dict[str, MovementEntry] = {}
        for index, movement in self.parsed.entries("movements"):
            path = ("movements", index)
            if movement.quantity == 0:
                self.add("must not be 0: a movement changes the lot", *path, "quantity")
            if movement.lot not in lot_refs:
                self.add(f"there is no lot {movement.lot!r} in the file", *path, "lot")
            self.check_reversal(index, movement, seen)
            seen.setdefault(movement.ref, movement)
            balance = balances.get(movement.lot)
            lot = self.lots.get(movement.lot)
            if balance is None or lot is None:
                continue
            before = balance.quantity
            balance.quantity += movement.quantity
            balance.value += movement.value
            if balance.went_negative:
                continue
            if balance.quantity < 0:
                balance.went_negative = True
                unit = self.unit_of(lot)
                self.add(
                    f"draws lot {movement.lot!r} below zero: it holds {_text(before)}{unit} "
                    f"here and this movement takes {_text(-movement.quantity)}{unit}",
                    *path,
                    "quantity",
                )
            elif balance.value < 0:
                balance.went_negative = True
                self.add(
                    f"takes more value from lot {movement.lot!r} than it has left "
                    f"({_text(balance.value - movement.value)})",
                    *path,
                    "value",
                )
        return balances

    def check_reversal(
        self, index: int, movement: MovementEntry, seen: Mapping[str, MovementEntry]
    ) -> None:
        if movement.reverses is None:
            return
        path = ("movements", index, "reverses")
        original = seen.get(movement.reverses)
        if original is not None:
            if original.lot != movement.lot:
                self.add(
                    f"reverses {movement.reverses!r} of lot {original.lot!r}, "
                    f"but is recorded on lot {movement.lot!r}",
                    *path,
                )
        elif movement.reverses not in self.parsed.keys_present.get("movements", set()):
            self.add(f"there is no movement {movement.reverses!r} in the file", *path)
        elif movement.reverses not in self.unreadable_refs:
            self.add(
                f"a reversal must come after the movement it reverses ({movement.reverses!r})",
                *path,
            )

    def check_balances(self, balances: dict[str, _Balance]) -> None:
        doubtful = self.doubtful_lots()
        for index, lot in self.parsed.entries("lots"):
            balance = balances.get(lot.ref)
            if balance is None or lot.ref in doubtful or self.lots[lot.ref] is not lot:
                continue
            unit = self.unit_of(lot)
            if balance.quantity != lot.quantity_remaining:
                self.add(
                    f"is {_text(lot.quantity_remaining)}{unit} but the lot's movements add up "
                    f"to {_text(balance.quantity)}{unit}",
                    *("lots", index, "quantity_remaining"),
                )
            if balance.value != lot.value_remaining:
                self.add(
                    f"is {_text(lot.value_remaining)} but the lot's movements add up "
                    f"to {_text(balance.value)}",
                    *("lots", index, "value_remaining"),
                )
