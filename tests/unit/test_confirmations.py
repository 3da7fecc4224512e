"""What a bake needs confirming (docs/product.md §6.11), decided from figures alone."""

from __future__ import annotations

from datetime import date, timedelta

import pytest
from hypothesis import given
from hypothesis import strategies as st

from bakehouse.domain.confirmations import (
    Confirmation,
    ConfirmationCode,
    a_year_after,
    confirmation_codes,
    over_plan,
    still_needed,
    unusual_date,
)
from bakehouse.errors import ConfirmationNeeded, InvalidInput


def fudge(planned: int, made: int, baking: int) -> Confirmation | None:
    return over_plan(recipe="Fudge", event="Christmas", planned=planned, made=made, baking=baking)


def test_more_than_the_plan_needs_confirming_with_its_figures() -> None:
    confirmation = fudge(2, 1, 2)

    assert confirmation is not None
    assert confirmation.code is ConfirmationCode.OVER_PLAN
    assert confirmation.message == (
        "3 batches of Fudge would then be made for Christmas, 1 more than the 2 the plan requires"
    )
    assert dict(confirmation.figures) == {"planned": 2, "made": 1, "baking": 2, "over_by": 1}


def test_a_recipe_the_plan_does_not_need_says_so() -> None:
    confirmation = fudge(0, 0, 1)

    assert confirmation is not None
    assert (
        confirmation.message
        == "the plan for Christmas does not need Fudge; 1 batch would then be made"
    )
    assert confirmation.figures["over_by"] == 1


@given(st.integers(0, 1000), st.integers(0, 1000), st.integers(1, 1000))
def test_over_plan_exactly_when_made_and_baking_exceed_the_plan(
    planned: int, made: int, baking: int
) -> None:
    confirmation = fudge(planned, made, baking)

    assert (confirmation is not None) == (made + baking > planned)
    if confirmation is not None:
        assert confirmation.figures["over_by"] == made + baking - planned > 0


def test_accepted_codes_leave_the_list_and_none_are_dropped() -> None:
    asked = (fudge(1, 1, 1), None)

    assert [c.code for c in still_needed(asked, [])] == [ConfirmationCode.OVER_PLAN]
    assert still_needed(asked, [ConfirmationCode.OVER_PLAN]) == ()


def test_codes_are_read_from_text_and_unknown_ones_are_named() -> None:
    assert confirmation_codes(["over_plan", "over_plan"]) == {ConfirmationCode.OVER_PLAN}
    assert confirmation_codes([]) == frozenset()
    with pytest.raises(
        InvalidInput, match="unknown confirmation 'yes'; the confirmations are: over_plan"
    ) as raised:
        confirmation_codes(["over_plan", "yes"])
    assert raised.value.field == "confirm"


def test_the_flag_of_a_code() -> None:
    assert ConfirmationCode.OVER_PLAN.flag == "--over-plan"


def test_the_error_lists_every_confirmation_with_its_figures() -> None:
    confirmation = fudge(1, 0, 3)
    assert confirmation is not None

    error = ConfirmationNeeded([confirmation])

    assert (error.code, error.http_status, error.exit_code) == ("confirmation_needed", 409, 4)
    assert error.details() == {
        "confirmations": [
            {
                "code": "over_plan",
                "message": confirmation.message,
                "figures": {"planned": 1, "made": 0, "baking": 3, "over_by": 2},
            }
        ]
    }


def test_making_missing_sub_recipe_batches_is_a_confirmation_with_its_batches() -> None:
    """docs/product.md §6.12: short prepared stock asks to make the missing batches now."""
    from decimal import Decimal

    from bakehouse.domain.confirmations import MissingPrepared, make_missing

    assert make_missing([]) is None
    asked = make_missing(
        [
            MissingPrepared("Buttercream", "cup", Decimal("5.000000"), Decimal(2), 1),
            MissingPrepared("Glaze", "batch", Decimal("1.5"), Decimal(0), 2),
        ]
    )
    assert asked is not None
    assert asked.code == ConfirmationCode.MAKE_MISSING
    assert ConfirmationCode.MAKE_MISSING.flag == "--make-missing"
    assert dict(asked.figures) == {
        "Buttercream: batches to make": 1,
        "Glaze: batches to make": 2,
    }
    assert "Buttercream needs 5 cup, 2 on hand: make 1 batch now" in asked.message
    assert "Glaze needs 1.5 batch, 0 on hand: make 2 batches now" in asked.message


# --- An unusual event date (docs/product.md §6.16) ------------------------------------------


@given(
    today=st.dates(min_value=date(2000, 1, 1), max_value=date(2090, 12, 31)),
    offset=st.integers(min_value=-4000, max_value=4000),
)
def test_a_date_is_unusual_exactly_when_it_is_past_or_more_than_a_year_ahead(
    today: date, offset: int
) -> None:
    day = today + timedelta(days=offset)
    asked = unusual_date(event="Party", event_date=day, today=today)
    assert (asked is None) == (today <= day <= a_year_after(today))
    if asked is not None:
        assert asked.code is ConfirmationCode.UNUSUAL_DATE
        assert asked.figures["days_from_today"] == offset
        assert ("in the past" in asked.message) == (day < today)


def test_a_year_after_the_29th_of_february_is_the_28th() -> None:
    assert a_year_after(date(2028, 2, 29)) == date(2029, 2, 28)
    assert unusual_date(event="Leap", event_date=date(2029, 2, 28), today=date(2028, 2, 29)) is None
