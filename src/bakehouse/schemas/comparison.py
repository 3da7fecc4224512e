"""Read models of the season comparison, the price history and a recipient's gifts
(docs/product.md §6.21): what the API answers and ``--json`` prints."""

from __future__ import annotations

from datetime import date

from bakehouse.schemas.base import Exact, ReadModel


class PricePaidRead(ReadModel):
    lot_id: int
    purchase_id: int | None
    day: date
    ingredient_id: int
    ingredient: str
    product_id: int | None
    #: "opening stock" for stock entered with a cost.
    product: str
    store: str
    packages: Exact | None
    total_price: Exact
    #: In the ingredient's canonical ``unit``.
    quantity: Exact
    unit: str
    #: Per ``price_unit``: "kg", "l" or "each".
    unit_price: Exact
    price_unit: str


class StorePricesRead(ReadModel):
    ingredient_id: int
    ingredient: str
    store: str
    purchases: int
    latest_on: date
    latest: Exact
    lowest: Exact
    #: Everything paid at this store ÷ everything bought there, per ``price_unit``.
    average: Exact
    price_unit: str


class PriceHistoryRead(ReadModel):
    ingredient: str | None
    product: str | None
    store: str | None
    #: Newest first.
    purchases: list[PricePaidRead]
    stores: list[StorePricesRead]
    store_names: list[str]


class SplitRead(ReadModel):
    #: after − before, to the cent; ``volume + price == difference``.
    difference: Exact
    #: Δquantity × the before price.
    volume: Exact
    #: The after quantity × Δprice (what is left of the difference).
    price: Exact


class SideRead(ReadModel):
    label: str
    first: date
    last: date
    events: list[str]
    packages: int
    recipients: int
    #: The compared ingredients' costs added up, to the cent.
    total: Exact
    #: None when nothing was given.
    per_package: Exact | None
    per_recipient: Exact | None


class RecipeRowRead(ReadModel):
    recipe_id: int
    recipe: str
    before_batches: int
    after_batches: int
    before_cost: Exact
    after_cost: Exact
    #: Some of its ingredients had no price on an event's date: not in its cost.
    incomplete: bool


class IngredientRowRead(ReadModel):
    ingredient_id: int
    ingredient: str
    unit: str
    price_unit: str
    before_quantity: Exact
    after_quantity: Exact
    before_cost: Exact
    after_cost: Exact
    before_price: Exact | None
    after_price: Exact | None
    split: SplitRead
    before_purchases: list[PricePaidRead]
    after_purchases: list[PricePaidRead]


class NotComparedRead(ReadModel):
    ingredient_id: int
    ingredient: str
    unit: str
    before_quantity: Exact
    after_quantity: Exact
    #: "before", "after" or both: the side(s) where it had no price on an event's date.
    unpriced_on: list[str]


class PackageRowRead(ReadModel):
    package_id: int
    package: str
    before: int
    after: int
    #: One package's cost at the prices of the side's last event that gave it.
    before_cost: Exact | None
    after_cost: Exact | None


class ComparisonRead(ReadModel):
    #: "season" or "event".
    kind: str
    before: SideRead
    after: SideRead
    recipes: list[RecipeRowRead]
    ingredients: list[IngredientRowRead]
    not_compared: list[NotComparedRead]
    total: SplitRead
    #: How many of each package each side gave.
    packages: list[PackageRowRead]
    #: Given something on the after side only / on the before side only, by name.
    recipients_added: list[str]
    recipients_dropped: list[str]


class GiftContentRead(ReadModel):
    item: str
    recipe: str
    units: int


class GiftRead(ReadModel):
    assignment_id: int
    event_id: int
    event: str
    event_date: date
    package_id: int
    package: str
    quantity: int
    status: str
    contents: list[GiftContentRead]
    allergens: list[str]
    #: Those of ``allergens`` the recipient avoids.
    avoided: list[str]


class GiftYearRead(ReadModel):
    year: int
    gifts: list[GiftRead]
