"""The locale settings read and show money, quantities, days and times (docs/product.md
§6.19)."""

from __future__ import annotations

from datetime import UTC, date, datetime
from decimal import Decimal

import pytest
from hypothesis import given
from hypothesis import strategies as st

from bakehouse.domain import locale
from bakehouse.domain.inputs import MONEY, InputProblem, read_typed_number
from bakehouse.domain.locale import (
    DEFAULT,
    Locale,
    current,
    date_in,
    money_in,
    quantity_in,
    read_currency,
    read_date_format,
    read_number_locale,
    read_time_zone,
    shown_in,
    time_in,
    time_zone_names,
)
from bakehouse.domain.numbers import money_text, quantity_text
from bakehouse.domain.settings import locale_of, spec_of
from bakehouse.errors import InvalidInput

BERLIN = Locale("Europe/Berlin", "EUR", "de_DE", "day.month.year")
LOS_ANGELES = Locale("America/Los_Angeles", "USD", "en_US", "month-day-year")
LONDON = Locale("Europe/London", "GBP", "en_GB", "day-month-year")


def test_money_reads_as_the_place_writes_it() -> None:
    assert money_in(Decimal("1234.50"), LOS_ANGELES) == "$1,234.50"
    assert money_in(Decimal("-3.00"), LOS_ANGELES) == "−$3.00"
    assert " ".join(money_in(Decimal("1234.50"), BERLIN).split()) == "1.234,50 €"
    assert " ".join(money_in(Decimal("-3.00"), BERLIN).split()) == "−3,00 €"
    assert money_in(Decimal("12.00"), LONDON) == "£12.00"


def test_quantities_use_the_places_separators_without_trailing_zeros() -> None:
    assert quantity_in(Decimal("1182.94"), 2, LOS_ANGELES) == "1,182.94"
    assert quantity_in(Decimal("1182.90"), 2, BERLIN) == "1.182,9"
    assert quantity_in(Decimal("2.00"), 2, BERLIN) == "2"
    assert quantity_in(Decimal("-0.00"), 2, LOS_ANGELES) == "0"
    assert quantity_in(Decimal("7"), 0, LOS_ANGELES) == "7"


def test_days_are_written_in_the_date_format_and_never_moved() -> None:
    christmas = date(2026, 12, 25)
    assert date_in(christmas, LOS_ANGELES) == "Dec 25, 2026"
    assert date_in(christmas, BERLIN) == "25.12.2026"
    assert date_in(christmas, LONDON) == "25 Dec 2026"
    for key, (_, example) in locale.DATE_FORMATS.items():
        assert date_in(christmas, Locale(date_format=key)) == example
    assert date_in(christmas, Locale(date_format="gone")) == "Dec 25, 2026"


def test_times_are_shown_in_the_zone_with_the_zone_named() -> None:
    moment = datetime(2024, 12, 2, 19, 13, tzinfo=UTC)
    assert time_in(moment, LOS_ANGELES) == "Dec 2, 2024 11:13 PST"
    assert time_in(moment, BERLIN) == "02.12.2024 20:13 CET"
    assert time_in(datetime(2024, 7, 2, 19, 13), BERLIN) == "02.07.2024 21:13 CEST"  # naive: UTC
    assert time_in(moment, DEFAULT) == "Dec 2, 2024 19:13 UTC"
    # A delivery late in the evening UTC is the next morning in Tokyo.
    assert time_in(moment, Locale("Asia/Tokyo")).startswith("Dec 3, 2024 04:13")


@given(st.datetimes(min_value=datetime(1971, 1, 1), max_value=datetime(2100, 1, 1)))
def test_a_shown_time_is_the_stored_moment_in_the_zone(moment: datetime) -> None:
    shown = time_in(moment, BERLIN)
    local = moment.replace(tzinfo=UTC).astimezone(BERLIN.zone)
    assert shown == f"{local:%d.%m.%Y %H:%M} {local.tzname()}"


def test_the_shown_locale_is_scoped() -> None:
    assert current() == DEFAULT
    assert money_text(Decimal("2")) == "$2.00"
    with shown_in(BERLIN):
        assert " ".join(money_text(Decimal("2")).split()) == "2,00 €"
        assert quantity_text(Decimal("1182.94")) == "1.182,94"
    assert current() == DEFAULT
    token = locale.use(LONDON)
    assert money_text(Decimal("2")) == "£2.00"
    locale.restore(token)
    assert current() == DEFAULT


@pytest.mark.parametrize(
    ("reader", "text", "value"),
    [(read_time_zone, " Europe/Berlin ", "Europe/Berlin"), (read_time_zone, "UTC", "UTC"),
     (read_currency, "eur", "EUR"), (read_number_locale, "de-DE", "de_DE"),
     (read_number_locale, "en_GB", "en_GB"), (read_date_format, "ISO", "iso")],
)  # fmt: skip
def test_settings_read_what_people_write(reader: object, text: str, value: str) -> None:
    assert reader(text) == value  # type: ignore[operator]


@pytest.mark.parametrize(
    ("reader", "text"),
    [(read_time_zone, "Mars/Olympus"), (read_time_zone, ""), (read_currency, "dollars"),
     (read_currency, "XYZ"), (read_number_locale, "de"), (read_number_locale, "zz_ZZ"),
     (read_number_locale, "!!"), (read_date_format, "yyyy")],
)  # fmt: skip
def test_settings_refuse_what_is_not_one(reader: object, text: str) -> None:
    with pytest.raises(ValueError, match="must be"):
        reader(text)  # type: ignore[operator]


def test_the_settings_store_describes_the_locale_settings() -> None:
    assert spec_of("time_zone").read("Asia/Tokyo") == "Asia/Tokyo"
    assert dict(spec_of("date_format").choices)["iso"] == "2026-12-25"
    assert spec_of("currency").choices == ()
    with pytest.raises(InvalidInput) as refused:
        spec_of("currency").read("dollars", source="BAKEHOUSE_CURRENCY")
    assert refused.value.message.startswith("currency must be a currency code")
    assert refused.value.message.endswith("(BAKEHOUSE_CURRENCY)")
    with pytest.raises(InvalidInput, match=r"must be a whole number like 6$"):
        spec_of("shopping_horizon_weeks").read("six")
    values = {"time_zone": "Europe/Berlin", "currency": "EUR", "number_locale": "de_DE",
              "date_format": "day.month.year"}  # fmt: skip
    assert locale_of(values) == BERLIN
    assert "Europe/Berlin" in time_zone_names()


def test_money_is_typed_with_the_currency_set() -> None:
    assert read_typed_number("2,49 €", MONEY, "de_DE", "EUR") == Decimal("2.49")
    assert read_typed_number("EUR 2.49", MONEY, "en_US", "EUR") == Decimal("2.49")
    assert read_typed_number("€2.49", MONEY, "en_US", "EUR") == Decimal("2.49")
    assert read_typed_number("$2.49", MONEY, "en_US") == Decimal("2.49")
    assert read_typed_number("1.234,50", MONEY, "de_DE", "EUR") == Decimal("1234.50")
    with pytest.raises(InputProblem):
        read_typed_number("£2.49", MONEY, "en_US", "EUR")


def test_the_currency_symbol_and_an_unknown_zone() -> None:
    assert LOS_ANGELES.currency_symbol == "$"
    assert BERLIN.currency_symbol == "€"
    assert Locale(time_zone="Nowhere/Town").zone.key == "UTC"  # never raised from a page
