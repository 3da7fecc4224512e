"""The two number grammars of PRODUCT §6.1, as tables: what each door reads, and how.

The API and the data file read the exact grammar; forms and the CLI read what people type
in their locale. Both refuse a value finer than what is stored instead of rounding it.
"""

from __future__ import annotations

from decimal import Decimal

import pytest
from hypothesis import given
from hypothesis import strategies as st

from bakehouse.domain.inputs import (
    MAX_AMOUNT,
    MONEY,
    QUANTITY,
    SIGNED_QUANTITY,
    InputProblem,
    JsonNumber,
    NumberRule,
    read_exact_count,
    read_exact_number,
    read_typed_count,
    read_typed_number,
)

Q, S, M = QUANTITY, SIGNED_QUANTITY, MONEY

#: (text or value, rule, the Decimal read, or the piece of the refusal a person reads)
EXACT_TABLE: list[tuple[object, NumberRule, str]] = [
    ("2.5", Q, "2.5"),
    ("250", Q, "250"),
    ("0.000001", Q, "0.000001"),
    ("1000000000", Q, "1000000000"),
    ("-250", S, "-250"),
    ("2 1/4", Q, "2.25"),
    ("1/4", Q, "0.25"),
    ("3/8", Q, "0.375"),
    ("18.99", M, "18.99"),
    ("0.0001", M, "0.0001"),
    (7, Q, "7"),
    (Decimal("4.50"), M, "4.50"),
    (JsonNumber("2.5"), Q, "2.5"),
    ("1_000", Q, "no grouping separators"),
    ("1,000", Q, "no grouping separators"),
    ("١٢", Q, "digits 0-9"),  # Arabic-Indic
    ("１２", Q, "digits 0-9"),  # full-width
    ("2.5\u00a0", Q, "without spaces around it"),  # a trailing no-break space
    (" 2.5", Q, "without spaces around it"),
    ("1e-7", M, "without an exponent"),
    (JsonNumber("1e-7"), M, "without an exponent"),
    (JsonNumber("2.5E2"), Q, "without an exponent"),
    ("0.0000001", M, "at most 4 decimal places"),
    ("0.1234567", Q, "at most 6 decimal places; did you mean 0.123457?"),
    ("1/3", Q, "did you mean 0.333333?"),
    ("1/0", Q, "divides by zero"),
    ("½", Q, 'like "2.5"'),
    ("$5", M, 'like "2.5"'),
    ("1-2", Q, 'like "2.5"'),
    (".5", Q, 'like "2.5"'),
    ("5.", Q, 'like "2.5"'),
    ("NaN", Q, 'like "2.5"'),
    ("Infinity", Q, 'like "2.5"'),
    ("-3", Q, "must not be negative"),
    ("1000000000.000001", Q, "too large (at most 1,000,000,000)"),
    ("9" * 41, Q, "too long for a number"),
    (2.5, Q, "not a binary float"),
    (True, Q, "must be a number"),
    (None, Q, "must be a number"),
    (Decimal("NaN"), Q, "finite"),
    (Decimal("1E+999999"), Q, "too large"),
]

#: What forms and the CLI read (locale en_US unless the case says otherwise).
TYPED_TABLE: list[tuple[str, NumberRule, str, str]] = [
    ("2.5", Q, "en_US", "2.5"),
    ("1,000", Q, "en_US", "1000"),
    ("1,234.5", Q, "en_US", "1234.5"),
    ("  7 ", Q, "en_US", "7"),
    ("2.5\u00a0", Q, "en_US", "2.5"),
    (".5", Q, "en_US", "0.5"),
    ("2 1/4", Q, "en_US", "2.25"),
    ("1 1/2", Q, "en_US", "1.5"),
    ("1/4", Q, "en_US", "0.25"),
    ("½", Q, "en_US", "0.5"),
    ("¾", Q, "en_US", "0.75"),
    ("2½", Q, "en_US", "2.5"),
    ("2 ¾", Q, "en_US", "2.75"),
    ("$18.99", M, "en_US", "18.99"),
    ("$1,234.50", M, "en_US", "1234.50"),
    ("18.99 USD", M, "en_US", "18.99"),
    ("−250", S, "en_US", "-250"),  # a typographic minus sign
    ("1.234,5", Q, "de_DE", "1234.5"),
    ("12,50 €", M, "de_DE", "12.50"),
    ("1 234,5", Q, "fr_FR", "1234.5"),
    ("1\u202f234,5", Q, "fr_FR", "1234.5"),
    ("1'234.5", Q, "de_CH", "1234.5"),
    ("1-2", Q, "en_US", "a range (1-2); give one number"),
    ("1–2", Q, "en_US", "a range (1–2); give one number"),
    ("1 to 2", Q, "en_US", "a range"),
    ("1,5", Q, "en_US", "did you mean 15 or 1.5?"),
    ("1.5", Q, "de_DE", "did you mean 15 or 1,5?"),
    ("1_000", Q, "en_US", "must be a number like 2.5"),
    ("١٢", Q, "en_US", "digits 0-9"),
    ("１２", Q, "en_US", "digits 0-9"),
    ("1e-7", M, "en_US", "without an exponent"),
    ("0.0000001", M, "en_US", "at most 4 decimal places"),
    ("$0.00001", M, "en_US", "at most 4 decimal places"),
    ("1/3", Q, "en_US", "did you mean 0.333333?"),
    ("$5", Q, "en_US", "must be a number like 2.5"),
    ("-5", Q, "en_US", "must not be negative"),
    ("", Q, "en_US", "must be a number"),
    ("abc", Q, "en_US", "must be a number like 2.5"),
    ("2000000000", Q, "en_US", "too large"),
]


def _read(reader: object, *args: object) -> str:
    try:
        return str(reader(*args))  # type: ignore[operator]
    except InputProblem as problem:
        return problem.problem


def test_the_tables_are_large_enough_to_mean_something() -> None:
    assert len(EXACT_TABLE) >= 30
    assert len(TYPED_TABLE) >= 30


@pytest.mark.parametrize(("value", "rule", "expected"), EXACT_TABLE)
def test_the_api_and_the_data_file_read_the_exact_grammar(
    value: object, rule: NumberRule, expected: str
) -> None:
    answer = _read(read_exact_number, value, rule)

    if expected[0].isdigit() or expected[0] == "-":
        assert Decimal(answer) == Decimal(expected)
        assert answer == expected, "the value is kept as written, not padded or rounded"
    else:
        assert expected in answer


@pytest.mark.parametrize(("text", "rule", "locale", "expected"), TYPED_TABLE)
def test_forms_and_the_cli_read_what_people_type(
    text: str, rule: NumberRule, locale: str, expected: str
) -> None:
    answer = _read(read_typed_number, text, rule, locale)

    if expected[0].isdigit() or expected[0] == "-":
        assert Decimal(answer) == Decimal(expected)
    else:
        assert expected in answer


def test_a_price_finer_than_a_hundredth_of_a_cent_is_refused_not_stored_as_zero() -> None:
    for reader in (read_exact_number, read_typed_number):
        with pytest.raises(InputProblem, match="at most 4 decimal places"):
            reader("0.0000001", MONEY)


@pytest.mark.parametrize(
    ("value", "expected"),
    [(12, "12"), ("12", "12"), (JsonNumber("2.0"), "whole number"), (True, "whole number"),
     ("1_000", "whole number"), ("١٢", "whole number"), (0, "at least 1"), (101, "at most 100")],
)  # fmt: skip
def test_whole_numbers_in_the_exact_grammar(value: object, expected: str) -> None:
    assert expected in _read(lambda v: read_exact_count(v, maximum=100), value)


@pytest.mark.parametrize(
    ("text", "expected"),
    [("12", "12"), ("1,200", "1200"), (" 3 ", "3"), ("2.5", "whole number"),
     ("x", "whole number like 12"), ("1-2", "a range"), ("0", "at least 1"),
     ("2,000,000", "at most 1,000,000")],
)  # fmt: skip
def test_whole_numbers_as_people_type_them(text: str, expected: str) -> None:
    assert expected in _read(lambda t: read_typed_count(t, maximum=1_000_000), text)


stored_quantities = st.decimals(
    min_value=Decimal("0.000001"), max_value=MAX_AMOUNT, places=6, allow_nan=False
)


@given(stored_quantities)
def test_every_storable_quantity_reads_back_exactly_through_both_grammars(
    value: Decimal,
) -> None:
    plain = format(value, "f")
    grouped = f"{value:,f}"

    assert read_exact_number(plain, QUANTITY) == value
    assert read_typed_number(plain, QUANTITY) == value
    assert read_typed_number(grouped, QUANTITY) == value
    assert read_typed_number(f"${grouped}", NumberRule(6, money=True)) == value


@given(
    st.decimals(min_value=0, max_value=MAX_AMOUNT - 1, places=6, allow_nan=False),
    st.integers(min_value=1, max_value=9),
)
def test_one_digit_more_than_stored_is_always_refused(value: Decimal, digit: int) -> None:
    finer = f"{format(value.quantize(Decimal('0.000001')), 'f')}{digit}"

    for reader in (read_exact_number, read_typed_number):
        with pytest.raises(InputProblem, match="finer than Bakehouse keeps"):
            reader(finer, QUANTITY)
