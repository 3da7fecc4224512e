"""Labels to print in tests and for the docs screenshot: the Holiday tin for three friends."""

from __future__ import annotations

from datetime import date

from bakehouse.domain.labelling import (
    AssignmentFacts,
    BakedBatch,
    Freshness,
    LabelContent,
    LabelMode,
    LabelSettings,
    Recipient,
    build_labels,
)
from tests.labels.holiday_tin import HOLIDAY_TIN

LUCJA = Recipient("Łucja Dvořák", frozenset({"tree_nuts"}))
FRIENDS = (LUCJA, Recipient("Grandma Rose"), Recipient("Søren Ølgaard", frozenset({"eggs"})))
BATCHES = (
    BakedBatch("Almond crescents", date(2026, 12, 1), 12, Freshness(21)),
    BakedBatch("Chocolate chip cookies", date(2026, 12, 10), 12, Freshness(7)),
    BakedBatch("Frosted sugar cookies", date(2026, 12, 12), 6, Freshness(5)),
)
MAKER = LabelSettings(
    maker_name="Anna's Kitchen",
    maker_address="12 Elm St, Springfield, IL 62701",
    statement="Made in a home kitchen that is not inspected by the state.",
)


def gift_tags(settings: LabelSettings | None = None) -> tuple[LabelContent, ...]:
    """One tag per kind of cookie in each friend's tin: 9 labels."""
    return build_labels(
        [AssignmentFacts(friend, HOLIDAY_TIN, batches=BATCHES) for friend in FRIENDS],
        mode=LabelMode.PER_ITEM,
        settings=settings or LabelSettings(),
    )
