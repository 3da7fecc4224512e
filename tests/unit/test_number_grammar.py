"""The two number grammars of docs/product.md §6.1, as tables: what each door reads, and how.

The API and the data file read the exact grammar; forms and the CLI read what people type
in their locale. Both refuse a decimal finer than what is stored instead of rounding it; a
fraction of a quantity ("1/3 cup") is rounded to the 6 places kept, a fraction of money
never is (docs/product.md §1.8, §6.1).
"""

from __future__ import annotations

from decimal import Decimal
from fractions import Fraction

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
    ("1/3", Q, "0.333333"),
    ("1/3", M, "never rounded; did you mean 0.3333?"),
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
    ("1/3", Q, "en_US", "0.333333"),
    ("1/3", M, "en_US", "never rounded; did you mean 0.3333?"),
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


#: Quantities as bakers write them, and what each door makes of them: (text, what forms
#: and the CLI read, what the API and the data file read). A number is the value read; any
#: other text is a piece of the refusal. docs/product.md §6.1 and issue 21: fractions everywhere,
#: thirds rounded to the 6 places kept, ranges refused asking for one number.
QUANTITY_TABLE: list[tuple[str, str, str]] = [
    ("2 1/4", "2.25", "2.25"),
    ("1 1/2", "1.5", "1.5"),
    ("1/4", "0.25", "0.25"),
    ("3/8", "0.375", "0.375"),
    ("1/8", "0.125", "0.125"),
    ("5/4", "1.25", "1.25"),
    ("1/3", "0.333333", "0.333333"),
    ("2/3", "0.666667", "0.666667"),
    ("1/6", "0.166667", "0.166667"),
    ("5/6", "0.833333", "0.833333"),
    ("1/7", "0.142857", "0.142857"),
    ("1 1/3", "1.333333", "1.333333"),
    ("2 2/3", "2.666667", "2.666667"),
    ("3/2000000", "0.000002", "0.000002"),  # 0.0000015, half to even
    ("999999999 2/3", "999999999.666667", "999999999.666667"),
    ("½", "0.5", 'like "2.5"'),
    ("¾", "0.75", 'like "2.5"'),
    ("⅓", "0.333333", 'like "2.5"'),
    ("⅔", "0.666667", 'like "2.5"'),
    ("⅛", "0.125", 'like "2.5"'),
    ("⅒", "0.1", 'like "2.5"'),
    ("1⅓", "1.333333", 'like "2.5"'),
    ("2 ⅔", "2.666667", 'like "2.5"'),
    ("1½", "1.5", 'like "2.5"'),
    ("1 ½", "1.5", 'like "2.5"'),
    ("1 / 4", "0.25", 'like "2.5"'),
    ("1⁄4", "0.25", 'like "2.5"'),  # U+2044 FRACTION SLASH
    ("2\u00a01/4", "2.25", 'like "2.5"'),  # a no-break space
    ("⅟", "must be a number like 2.5", 'like "2.5"'),
    ("1-2", "looks like a range (1-2); give one number", 'like "2.5"'),
    ("1–2", "looks like a range (1–2); give one number", 'like "2.5"'),
    ("1 to 2", "looks like a range (1 to 2); give one number", 'like "2.5"'),
    ("1/2-1", "looks like a range", 'like "2.5"'),
    ("½–¾", "looks like a range", 'like "2.5"'),
    ("1/0", "divides by zero", "divides by zero"),
    ("1/3000000", "fraction too small to keep", "fraction too small to keep"),
    ("2 1/3000000", "fraction too small to keep", "fraction too small to keep"),
    ("1/2000000", "fraction too small to keep", "fraction too small to keep"),
    ("0.0000001", "at most 6 decimal places", "at most 6 decimal places"),
    ("0.3333333", "did you mean 0.333333?", "did you mean 0.333333?"),
    ("0.333333", "0.333333", "0.333333"),
    ("2.25", "2.25", "2.25"),
    ("1,000", "1000", "no grouping separators"),
    (".5", "0.5", 'like "2.5"'),
    ("-1/3", "must not be negative", "must not be negative"),
    ("1000000000 1/3", "too large", "too large"),
    ("1/3 cup", "must be a number like 2.5", 'like "2.5"'),
]


def _expect(answer: str, expected: str) -> None:
    if expected[0].isdigit():
        assert answer == expected
    else:
        assert expected in answer


def test_the_quantity_table_is_large_enough_to_mean_something() -> None:
    assert len(QUANTITY_TABLE) >= 40


@pytest.mark.parametrize(("text", "typed", "exact"), QUANTITY_TABLE)
def test_forms_and_the_cli_read_quantities_as_bakers_write_them(
    text: str, typed: str, exact: str
) -> None:
    _expect(_read(read_typed_number, text, QUANTITY), typed)


@pytest.mark.parametrize(("text", "typed", "exact"), QUANTITY_TABLE)
def test_the_api_and_the_data_file_read_plain_fractions_only(
    text: str, typed: str, exact: str
) -> None:
    _expect(_read(read_exact_number, text, QUANTITY), exact)


@pytest.mark.parametrize(
    ("text", "rule", "expected"),
    [("1/8", M, "0.125"), ("2 1/4", M, "2.25"), ("1/16", M, "0.0625"),
     ("1/3", M, "no exact value in 4 decimal places"), ("1/32", M, "did you mean 0.0312?"),
     ("-1/3", S, "-0.333333"), ("-2 2/3", S, "-2.666667"),
     ("-1/3000000", S, "fraction too small to keep")],
)  # fmt: skip
def test_money_fractions_must_be_exact_and_signed_quantities_round_like_any(
    text: str, rule: NumberRule, expected: str
) -> None:
    for reader in (read_exact_number, read_typed_number):
        _expect(_read(reader, text, rule), expected)


@given(st.integers(min_value=0, max_value=10_000), st.integers(min_value=1, max_value=10**7))
def test_a_fraction_of_a_quantity_is_its_nearest_stored_value_or_refused(
    numerator: int, denominator: int
) -> None:
    exact = Fraction(numerator, denominator)
    answer = _read(read_exact_number, f"{numerator}/{denominator}", QUANTITY)

    if round(exact * 10**6) == 0 and exact != 0:
        assert "fraction too small to keep" in answer
    else:
        read = Decimal(answer)
        assert abs(Fraction(read) - exact) <= Fraction(1, 2 * 10**6)
        assert read == read.quantize(Decimal("0.000001"))
