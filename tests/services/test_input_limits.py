"""Values no kitchen has, and text no database can store, are refused with a clear error
before anything is written (they used to reach the database and fail there)."""

from __future__ import annotations

from datetime import date

import pytest
from sqlalchemy import func, select
from sqlalchemy.orm import Session

from bakehouse.domain.inputs import refuse_control_characters
from bakehouse.errors import InvalidInput
from bakehouse.models import Lot
from bakehouse.services import catalog, pantry
from tests.factories.catalog import make_ingredient, make_product

DAY = date(2024, 12, 1)


@pytest.mark.parametrize("huge", ["99999999999999999999", "1000000000000", "1000000000.5"])
def test_a_number_too_large_to_store_is_refused_naming_its_field(
    session: Session, huge: str
) -> None:
    flour = make_ingredient(session, name="Flour")
    product = make_product(session, flour)

    with pytest.raises(InvalidInput) as raised:
        pantry.record_purchase(
            session, product_id=product.id, purchased_on=DAY, packages="1", total_price=huge
        )
    assert raised.value.field == "total_price"
    with pytest.raises(InvalidInput, match="too large"):
        catalog.update_product(session, product.id, package_size=huge)
    assert session.scalar(select(func.count()).select_from(Lot)) == 0


def test_a_purchase_whose_lot_would_overflow_is_refused(session: Session) -> None:
    flour = make_ingredient(session, name="Flour")
    sacks = make_product(session, flour, package_size="900000000", package_unit="kg")

    with pytest.raises(InvalidInput, match="larger than Bakehouse can hold") as raised:
        pantry.record_purchase(
            session, product_id=sacks.id, purchased_on=DAY, packages="5", total_price="1"
        )
    assert raised.value.field == "packages"


def test_text_with_a_nul_byte_is_refused(session: Session) -> None:
    flour = make_ingredient(session, name="Flour")
    product = make_product(session, flour)

    with pytest.raises(InvalidInput, match="control character") as raised:
        catalog.update_product(session, product.id, supplier="Mill\x00er")
    assert raised.value.field == "supplier"
    with pytest.raises(InvalidInput, match="control character"):
        catalog.create_ingredient(session, name="Su\x00gar", measure="mass")


def test_tabs_and_line_breaks_are_ordinary_text() -> None:
    assert refuse_control_characters("two lines\nand\ta tab") == "two lines\nand\ta tab"
