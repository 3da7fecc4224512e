"""How numbers, money, dates and times are shown and typed: the locale settings
(docs/product.md §6.19).

Pure: formatting through Babel's CLDR data and the time-zone database (the ``tzdata``
package where the system has none), no database. A deployment's :class:`Locale` comes from
the settings store (``time_zone``, ``currency``, ``number_locale``, ``date_format``); the
doors (a page request, a CLI command) set it once with :func:`shown_in`, and every money,
quantity, date and time shown in that request or command reads it through
:func:`current`. Stored times stay UTC and the API keeps UTC times and plain decimals: only
what a person reads changes. The ``read_*`` functions raise ``ValueError`` with what is
wrong, worded to follow the setting's name.
"""

from __future__ import annotations

from collections.abc import Iterator
from contextlib import contextmanager
from contextvars import ContextVar, Token
from dataclasses import dataclass
from datetime import UTC, date, datetime
from decimal import Decimal
from functools import cache
from zoneinfo import ZoneInfo, ZoneInfoNotFoundError, available_timezones

from babel import Locale as BabelLocale
from babel import UnknownLocaleError
from babel.dates import format_date
from babel.numbers import format_currency, format_decimal, get_currency_symbol, is_currency

#: How a date can be written: the setting's value, Babel's pattern, an example.
DATE_FORMATS: dict[str, tuple[str, str]] = {
    "month-day-year": ("MMM d, y", "Dec 25, 2026"),
    "day-month-year": ("d MMM y", "25 Dec 2026"),
    "iso": ("y-MM-dd", "2026-12-25"),
    "month/day/year": ("MM/dd/y", "12/25/2026"),
    "day/month/year": ("dd/MM/y", "25/12/2026"),
    "day.month.year": ("dd.MM.y", "25.12.2026"),
}
#: Month names and the words around numbers stay English: Bakehouse speaks English.
_LANGUAGE = "en"


@dataclass(frozen=True)
class Locale:
    """Where and how a Bakehouse is used: its time zone, its currency, how its numbers are
    written (a CLDR locale such as ``en_US`` or ``de_DE``) and how its dates are."""

    time_zone: str = "UTC"
    currency: str = "USD"
    number_locale: str = "en_US"
    date_format: str = "month-day-year"

    @property
    def zone(self) -> ZoneInfo:
        return _zone(self.time_zone)

    @property
    def currency_symbol(self) -> str:
        return get_currency_symbol(self.currency, locale=self.number_locale)


DEFAULT = Locale()
_current: ContextVar[Locale] = ContextVar("bakehouse_locale", default=DEFAULT)


def current() -> Locale:
    """The locale things are shown in now (the default outside a request or command)."""
    return _current.get()


def use(locale: Locale) -> Token[Locale]:
    """From now on (in this context) things are shown in ``locale``; :func:`restore` with
    the token goes back. :func:`shown_in` is the usual, scoped, form."""
    return _current.set(locale)


def restore(token: Token[Locale]) -> None:
    _current.reset(token)


@contextmanager
def shown_in(locale: Locale) -> Iterator[Locale]:
    """Inside the block, money, quantities, dates and times are shown in ``locale``."""
    token = _current.set(locale)
    try:
        yield locale
    finally:
        _current.reset(token)


def money_in(cents: Decimal, locale: Locale) -> str:
    """An amount already rounded to the cent, with the locale's currency and separators:
    $1,234.50, −$3.00, 1.234,50 €, −3,00 €."""
    text = format_currency(abs(cents), locale.currency, locale=locale.number_locale)
    return ("−" if cents < 0 else "") + text


def quantity_in(rounded: Decimal, places: int, locale: Locale) -> str:
    """A quantity already rounded to ``places``, without trailing zeros, with the locale's
    separators: 1,182.94 or 1.182,94."""
    pattern = "#,##0" + ("." + "#" * places if places else "")
    text = format_decimal(rounded, format=pattern, locale=locale.number_locale)
    return "0" if text in ("-0", "−0") else text


def date_in(value: date, locale: Locale) -> str:
    """A calendar day in the locale's date format (a day is never moved between zones)."""
    pattern = DATE_FORMATS.get(locale.date_format, DATE_FORMATS[DEFAULT.date_format])[0]
    return format_date(value, pattern, locale=_LANGUAGE)


def time_in(moment: datetime, locale: Locale) -> str:
    """A moment (stored UTC; a naive one is taken as UTC) in the locale's time zone, with
    the zone named: "Dec 2, 2026 11:13 PST"."""
    if moment.tzinfo is None:
        moment = moment.replace(tzinfo=UTC)
    local = moment.astimezone(locale.zone)
    return f"{date_in(local.date(), locale)} {local:%H:%M} {local.tzname()}"


def read_time_zone(text: str) -> str:
    """An IANA time-zone name ("Europe/Berlin", "America/Los_Angeles", "UTC")."""
    name = text.strip()
    if name not in _zone_names():
        raise ValueError(
            'must be a time zone such as "America/Los_Angeles", "Europe/Berlin" or "UTC"'
        )
    return name


def read_currency(text: str) -> str:
    """A three-letter ISO 4217 currency code ("USD", "EUR"), in capitals."""
    code = text.strip().upper()
    if len(code) != 3 or not code.isalpha() or not is_currency(code):
        raise ValueError('must be a currency code such as "USD", "EUR" or "GBP"')
    return code


def read_number_locale(text: str) -> str:
    """A CLDR locale with a territory ("en_US", "de-DE"), as Babel spells it."""
    try:
        parsed = BabelLocale.parse(text.strip().replace("-", "_"))
    except (UnknownLocaleError, ValueError, TypeError):
        parsed = None
    if parsed is None or not parsed.territory:
        raise ValueError('must be a language and country such as "en_US", "en_GB" or "de_DE"')
    return str(parsed)


def read_date_format(text: str) -> str:
    """One of :data:`DATE_FORMATS`."""
    key = text.strip().lower()
    if key not in DATE_FORMATS:
        examples = ", ".join(f"{k} ({e})" for k, (_, e) in DATE_FORMATS.items())
        raise ValueError(f"must be one of {examples}")
    return key


@cache
def _zone_names() -> frozenset[str]:
    return frozenset(available_timezones()) | {"UTC"}


@cache
def time_zone_names() -> tuple[str, ...]:
    """Every time zone that can be set, sorted, for a list to pick from."""
    return tuple(sorted(_zone_names()))


@cache
def _zone(name: str) -> ZoneInfo:
    try:
        return ZoneInfo(name)
    except (ZoneInfoNotFoundError, ValueError):
        return ZoneInfo("UTC")
