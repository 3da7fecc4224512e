"""The two number grammars of docs/product.md §6.1, and the checks every number passes.

* **Exact grammar** (:func:`read_exact_number`), for the API and the data file: ASCII
  digits, ``.`` as the decimal point, no grouping, a leading ``-`` where a sign is allowed,
  or a fraction (``"2 1/4"``, ``"1/4"``). Nothing else: no ``1_000``, no other digits, no
  exponent, no surrounding space. A JSON number counts as the text it was written with
  (:class:`~bakehouse.domain.inputs.json_text.JsonNumber`), never as a binary float.
* **Typed grammar** (:func:`read_typed_number`), for forms and the CLI: what people write
  in their locale: its decimal and grouping separators (read from Babel's locale data), a
  currency symbol on money, fractions ``"2 1/4"``, ``"1 1/2"``, ``"½"``, ``"2¾"``. A range
  (``"1-2"``) is refused with a message asking for one number.

Both then hold the value to what is stored (docs/product.md §1.8, §6.1):

* a **decimal** with more places than its column keeps (6 for quantities, 4 for money) is
  refused, never rounded: ``0.0000001`` was typed on purpose and is not 0;
* a **fraction** of a quantity is rounded half to even to the 6 places kept, because bakers
  write thirds: ``"1/3"`` cup is 0.333333 cup. A fraction part that would round to 0
  (``"1/3000000"``) is refused, not dropped;
* a **fraction of money** must be exact at 4 places (``"1/8"`` dollar is 0.125; ``"1/3"`` is
  refused, with the nearest value suggested): money is never rounded on the way in;
* no value is larger than :data:`~bakehouse.domain.inputs.limits.MAX_AMOUNT`.
"""

from __future__ import annotations

import re
import unicodedata
from dataclasses import dataclass
from decimal import ROUND_HALF_EVEN, Decimal, InvalidOperation
from fractions import Fraction
from functools import cache

from babel import Locale, UnknownLocaleError
from babel.numbers import (
    NumberFormatError,
    get_currency_symbol,
    get_decimal_symbol,
    get_group_symbol,
    get_territory_currencies,
    parse_decimal,
)

from bakehouse.domain.inputs.json_text import JsonNumber
from bakehouse.domain.inputs.limits import (
    MAX_AMOUNT,
    MAX_DENSITY,
    MAX_ID,
    MAX_NUMBER_TEXT,
    MONEY_PLACES,
    QUANTITY_PLACES,
)
from bakehouse.domain.inputs.problem import InputProblem

DEFAULT_LOCALE = "en_US"


@dataclass(frozen=True)
class NumberRule:
    """What kind of number a field holds: its stored decimal places, sign, and money-ness."""

    places: int
    signed: bool = False
    money: bool = False
    maximum: Decimal = MAX_AMOUNT

    @property
    def noun(self) -> str:
        return "amounts of money" if self.money else "quantities"

    @property
    def rounds_fractions(self) -> bool:
        """Whether a typed fraction is rounded to :attr:`places` (quantities) rather than
        refused when it has no exact decimal there (money)."""
        return not self.money


QUANTITY = NumberRule(QUANTITY_PLACES)
SIGNED_QUANTITY = NumberRule(QUANTITY_PLACES, signed=True)
MONEY = NumberRule(MONEY_PLACES, money=True)
#: An ingredient's density in grams per millilitre.
DENSITY = NumberRule(QUANTITY_PLACES, maximum=MAX_DENSITY)

_EXACT = re.compile(r"(-?)(?:([0-9]+)(?:\.([0-9]+))?|(?:([0-9]+) )?([0-9]+)/([0-9]+))")
_TYPED_FRACTION = re.compile(r"(?:([0-9]+)\s+)?([0-9]+)\s*[/⁄]\s*([0-9]+)")
_TYPED_VULGAR = re.compile(r"([0-9]+)?\s*(\S)")
_RANGE = re.compile(
    r"[0-9\u00bc-\u00be\u2150-\u215e]\s*(?:[-‐‑‒–—]|\bto\b)\s*[0-9\u00bc-\u00be\u2150-\u215e]"
)
_MINUS_SIGNS = "-\u2212\u2012\u2013"  # hyphen-minus, minus sign, figure dash, en dash
_SPACES = {" ", "\u00a0", "\u202f"}


def read_exact_number(value: object, rule: NumberRule = QUANTITY) -> Decimal:
    """A number in the exact grammar (API, data file) as a Decimal, held to ``rule``.

    Accepts text in the grammar, a :class:`JsonNumber` written in it, an ``int``, or a
    finite ``Decimal`` (already read by another door). Raises :class:`InputProblem`.
    """
    if isinstance(value, bool):
        raise InputProblem('must be a number like "2.5"')
    if isinstance(value, float):
        raise InputProblem('must be written exactly, as text like "2.5", not a binary float')
    if isinstance(value, JsonNumber):
        return _held(_exact_text(value.literal), rule)
    if isinstance(value, int):
        return _held(Fraction(value), rule)
    if isinstance(value, Decimal):
        if not value.is_finite():
            raise InputProblem("must be a finite number")
        return _held(value, rule)
    if isinstance(value, str):
        return _held(_exact_text(value), rule)
    raise InputProblem('must be a number like "2.5"')


def read_typed_number(
    value: object,
    rule: NumberRule = QUANTITY,
    locale: str = DEFAULT_LOCALE,
    currency: str | None = None,
) -> Decimal:
    """A number as a person types it in ``locale`` (forms, CLI), held to ``rule``; money
    may carry the symbol or code of the locale's currency or of ``currency`` (the one the
    deployment set, docs/product.md §6.19): "$2.49", "2,49 €", "EUR 2.49".

    Raises :class:`InputProblem` saying what is wrong: a range, separators in odd places
    (with what was probably meant), other digits, an exponent, too fine, too large.
    """
    if isinstance(value, int | Decimal) and not isinstance(value, bool):
        return read_exact_number(value, rule)
    if not isinstance(value, str):
        raise InputProblem("must be a number like 2.5")
    text = _within_length(value).strip()
    if not text:
        raise InputProblem("must be a number like 2.5")
    symbols = _locale_symbols(locale, currency)
    if rule.money:
        text = _without_currency(text, symbols)
    if not text:
        raise InputProblem(f"must be a number like {_example(symbols)}")
    negative = text[0] in _MINUS_SIGNS
    body = text[1:].lstrip() if negative else text
    if _RANGE.search(body):
        raise InputProblem(f"looks like a range ({value.strip()}); give one number, e.g. 1.5")
    number: Fraction | Decimal | None = _typed_fraction(body)
    if number is None:
        number = _typed_decimal(body, symbols)
    if negative:
        number = -number
    return _held(number, rule)


def read_exact_count(value: object, *, maximum: int, minimum: int = 1) -> int:
    """A whole number in the exact grammar: an ``int`` or ASCII digits; not ``True``."""
    if isinstance(value, JsonNumber):
        value = value.literal
    if isinstance(value, str) and re.fullmatch(r"[0-9]{1,12}", value, re.ASCII):
        value = int(value)
    if isinstance(value, bool) or not isinstance(value, int):
        raise InputProblem("must be a whole number like 12")
    return _count_within(value, minimum, maximum)


def read_typed_count(
    value: object, *, maximum: int, minimum: int = 1, locale: str = DEFAULT_LOCALE
) -> int:
    """A whole number as a person types it (``"1,200"`` in en_US), within bounds."""
    if isinstance(value, int) and not isinstance(value, bool):
        return _count_within(value, minimum, maximum)
    if not isinstance(value, str) or not value.strip():
        raise InputProblem("must be a whole number like 12")
    text = _within_length(value).strip()
    if _RANGE.search(text):
        raise InputProblem(f"looks like a range ({text}); give one number, e.g. 12")
    negative = text[0] in _MINUS_SIGNS
    try:
        number = _typed_decimal(text[1:] if negative else text, _locale_symbols(locale))
    except InputProblem as problem:
        if problem.problem.startswith("must be a number"):
            raise InputProblem("must be a whole number like 12") from None
        raise
    if number != number.to_integral_value():
        raise InputProblem("must be a whole number like 12")
    return _count_within(-int(number) if negative else int(number), minimum, maximum)


def id_or_none(text: str) -> int | None:
    """The record id ``text`` spells (ASCII digits, within the id column), else None."""
    text = text.strip()
    if text.isascii() and text.isdigit() and len(text) <= len(str(MAX_ID)):
        number = int(text)
        return number if 0 < number <= MAX_ID else None
    return None


def _count_within(value: int, minimum: int, maximum: int) -> int:
    if value < minimum:
        raise InputProblem(f"must be at least {minimum:,}")
    if value > maximum:
        raise InputProblem(f"must be at most {maximum:,}")
    return value


def _within_length(text: str) -> str:
    if len(text) > MAX_NUMBER_TEXT:
        raise InputProblem(f"is too long for a number ({len(text):,} characters)")
    return text


def _exact_text(text: str) -> Fraction | Decimal:
    _within_length(text)
    match = _EXACT.fullmatch(text)
    if match is None:
        raise InputProblem(_why_not_exact(text))
    sign, whole, decimals, mixed, numerator, denominator = match.groups()
    if whole is not None:
        return Decimal(f"{sign}{whole}.{decimals}" if decimals else f"{sign}{whole}")
    if int(denominator) == 0:
        raise InputProblem("divides by zero")
    fraction = int(mixed or 0) + Fraction(int(numerator), int(denominator))
    return -fraction if sign else fraction


def _why_not_exact(text: str) -> str:
    """The most useful thing to say about text that is not in the exact grammar."""
    example = 'text like "2.5" or "2 1/4"'
    if text != text.strip():
        return f"must be {example}, without spaces around it"
    if any(c.isdigit() and not c.isascii() for c in text):
        return "must be written with the digits 0-9"
    if re.fullmatch(r"-?[0-9.]+[eE][-+]?[0-9]+", text):
        return f"must be {example}, without an exponent"
    if "," in text or "_" in text:
        return f"must be {example}: no grouping separators, and . as the decimal point"
    return f"must be {example}"


def _held(number: Fraction | Decimal, rule: NumberRule) -> Decimal:
    """``number`` as a Decimal if it is within ``rule``; else :class:`InputProblem`.

    Decimals are compared as Decimals (a Python caller's ``Decimal("1E+999999")`` is never
    expanded); fractions come from at most 40 typed characters.
    """
    if number < 0 and not rule.signed:
        raise InputProblem("must not be negative")
    too_large = (
        abs(number) > rule.maximum
        if isinstance(number, Decimal)
        else abs(number) > Fraction(rule.maximum)
    )
    if too_large:
        raise InputProblem(f"is too large (at most {rule.maximum:,})")
    step = Decimal(1).scaleb(-rule.places)
    if isinstance(number, Decimal):
        nearest = number.quantize(step, rounding=ROUND_HALF_EVEN)
        if nearest != number:
            raise _too_fine(nearest, rule)
        return number
    scaled = number * 10**rule.places
    if scaled.denominator != 1:
        nearest = round(scaled)  # Fraction rounds half to even, as stored values do
        if not rule.rounds_fractions:
            hint = _did_you_mean(Decimal(nearest) * step)
            raise InputProblem(
                f"is a fraction with no exact value in {rule.places} decimal places, and "
                f"{rule.noun} are never rounded{hint}"
            )
        whole = int(number)  # towards zero: the whole part of "2 1/3" or "-2 1/3"
        if nearest == whole * 10**rule.places:
            raise InputProblem(
                f"has a fraction too small to keep: {rule.noun} have at most "
                f"{rule.places} decimal places, and it would be lost"
            )
        scaled = Fraction(nearest)
    if number.denominator == 1:
        return Decimal(number.numerator)
    return Decimal(format((Decimal(scaled.numerator) * step).normalize(), "f"))


def _did_you_mean(nearest: Decimal) -> str:
    return f"; did you mean {format(nearest.normalize(), 'f')}?" if nearest else ""


def _too_fine(nearest: Decimal, rule: NumberRule) -> InputProblem:
    hint = _did_you_mean(nearest)
    return InputProblem(
        f"is finer than Bakehouse keeps: {rule.noun} have at most {rule.places} "
        f"decimal places{hint}"
    )


@dataclass(frozen=True)
class _Symbols:
    decimal: str
    groups: frozenset[str]
    group: str
    currencies: tuple[str, ...]
    locale: str


@cache
def _locale_symbols(locale: str, currency: str | None = None) -> _Symbols:
    """The locale's separators and currency symbols (its territory's currency and
    ``currency``), from Babel's CLDR data."""
    try:
        parsed = Locale.parse(locale)
    except (UnknownLocaleError, ValueError) as error:
        raise ValueError(f"unknown locale {locale!r}") from error
    group = get_group_symbol(parsed)
    groups = set(_SPACES) if group in _SPACES else {group}
    if group == "'":
        groups.add("\u2019")  # Swiss grouping is typed with either apostrophe
    currencies: tuple[str, ...] = ()
    codes = list(get_territory_currencies(parsed.territory)[:1]) if parsed.territory else []
    if currency and currency not in codes:
        codes.append(currency)
    currencies = tuple(
        sorted(
            {s for code in codes for s in (get_currency_symbol(code, parsed), code)},
            key=len,
            reverse=True,
        )
    )
    return _Symbols(get_decimal_symbol(parsed), frozenset(groups), group, currencies, str(parsed))


def _without_currency(text: str, symbols: _Symbols) -> str:
    for symbol in symbols.currencies:
        for candidate in (text, text.lstrip(_MINUS_SIGNS)):
            sign = text[: len(text) - len(candidate)]
            if candidate.startswith(symbol):
                return sign + candidate[len(symbol) :].strip()
            if candidate.endswith(symbol):
                return sign + candidate[: -len(symbol)].strip()
    return text


def _typed_fraction(body: str) -> Fraction | None:
    """``"2 1/4"``, ``"1/4"``, ``"½"``, ``"2½"`` or ``"2 ½"`` as a Fraction; else None."""
    match = _TYPED_FRACTION.fullmatch(body)
    if match:
        whole, numerator, denominator = match.groups()
        if int(denominator) == 0:
            raise InputProblem("divides by zero")
        return int(whole or 0) + Fraction(int(numerator), int(denominator))
    match = _TYPED_VULGAR.fullmatch(body)
    if match and (fraction := _vulgar(match.group(2))) is not None:
        return int(match.group(1) or 0) + fraction
    return None


def _vulgar(character: str) -> Fraction | None:
    """A vulgar fraction character (½, ⅓, ¾, ⅒…) as a Fraction, from its Unicode
    decomposition (digits, U+2044 FRACTION SLASH, digits)."""
    parts = unicodedata.decomposition(character).split()
    if not parts or parts[0] != "<fraction>" or "2044" not in parts:
        return None
    slash = parts.index("2044")
    numerator = "".join(chr(int(code, 16)) for code in parts[1:slash])
    denominator = "".join(chr(int(code, 16)) for code in parts[slash + 1 :])
    if not all(part.isascii() and part.isdigit() for part in (numerator, denominator)):
        return None  # "⅟" (one over…) is not a number on its own
    return Fraction(int(numerator), int(denominator))


def _typed_decimal(body: str, symbols: _Symbols) -> Decimal:
    if not body:
        raise InputProblem(f"must be a number like {_example(symbols)}")
    allowed = set("0123456789") | {symbols.decimal} | symbols.groups
    odd = [c for c in body if c not in allowed]
    if odd:
        raise InputProblem(_why_not_typed(body, odd, symbols))
    normalized = "".join(symbols.group if c in symbols.groups else c for c in body)
    try:
        return parse_decimal(normalized, symbols.locale, strict=True)
    except NumberFormatError as error:
        meant = [s for s in getattr(error, "suggestions", None) or [] if s != normalized]
        hint = f"; did you mean {' or '.join(meant)}?" if meant else ""
        written = f"1{symbols.group}234{symbols.decimal}5"
        raise InputProblem(
            f"has its separators in odd places (numbers here are written like {written}){hint}"
        ) from None
    except (InvalidOperation, ValueError):
        raise InputProblem(f"must be a number like {_example(symbols)}") from None


def _why_not_typed(body: str, odd: list[str], symbols: _Symbols) -> str:
    if any(c.isdigit() for c in odd):
        return "must be written with the digits 0-9"
    if re.fullmatch(r"[0-9.,]+[eE][-+]?[0-9]+", body):
        return f"must be a number like {_example(symbols)}, without an exponent"
    return f"must be a number like {_example(symbols)}"


def _example(symbols: _Symbols) -> str:
    return f"2{symbols.decimal}5"
