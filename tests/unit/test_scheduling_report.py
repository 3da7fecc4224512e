"""What the calendar says about batches freshness adds beyond the plan (docs/product.md §6.10)."""

from __future__ import annotations

from datetime import date

from bakehouse.domain.scheduling.report import extra_message


def test_extra_batches_name_the_days_the_split_bakes_serve() -> None:
    message = extra_message("Shortbread", 2, 3, [date(2026, 12, 24), date(2026, 12, 20)])
    assert message.startswith("Shortbread: 3 batches where the plan has 2")
    assert message.index("Dec 20") < message.index("Dec 24")
    assert message.endswith("(1 extra batch)")


def test_extra_batches_without_a_shared_bake_still_read_as_a_sentence() -> None:
    # Whole batches per delivery, none of them shared: no split day to name.
    message = extra_message("Shortbread", 1, 3, [])
    assert message == (
        "Shortbread: 3 batches where the plan has 1 — no one bake stays fresh for every "
        "delivery, so the bakes are split (2 extra batches)"
    )


def test_many_days_are_counted_not_listed() -> None:
    days = [date(2026, 12, d) for d in (10, 12, 14, 16, 18)]
    assert "fresh for 5 dates" in extra_message("Stollen", 1, 5, days)
