"""One way to write a decimal as JSON: exact, without trailing zeros or an exponent."""

from __future__ import annotations

from decimal import Decimal

import pytest
from hypothesis import given
from hypothesis import strategies as st

from bakehouse.domain.numbers import decimal_text
from bakehouse.schemas.base import Exact, ReadModel, to_json


@pytest.mark.parametrize(
    ("value", "text"),
    [("1.1000", "1.1"), ("2268.000000", "2268"), ("3.5000", "3.5"), ("0.0000", "0"),
     ("-0", "0"), ("-0.4000", "-0.4"), ("1E+3", "1000"), ("0.000001", "0.000001"),
     ("-26.67", "-26.67"), ("100", "100")],
)  # fmt: skip
def test_a_decimal_is_written_exactly_without_trailing_zeros(value: str, text: str) -> None:
    assert decimal_text(Decimal(value)) == text


@given(st.decimals(allow_nan=False, allow_infinity=False, places=6, max_value=10**12))
def test_the_text_reads_back_as_the_same_number(value: Decimal) -> None:
    text = decimal_text(value)

    assert Decimal(text) == value
    assert "E" not in text
    assert not ("." in text and text.endswith("0"))


class Priced(ReadModel):
    price: Exact
    spare: Exact | None


def test_a_read_model_writes_its_decimals_with_the_same_rule() -> None:
    priced = Priced(price=Decimal("18.9900"), spare=None)

    assert to_json(priced) == {"price": "18.99", "spare": None}
    assert to_json([priced]) == [{"price": "18.99", "spare": None}]
    assert priced.price == Decimal("18.9900")
