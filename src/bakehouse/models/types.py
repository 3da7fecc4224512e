"""Column types that keep money, quantities and times exact on every database.

PostgreSQL stores Decimals natively as NUMERIC. SQLite has no decimal type (NUMERIC
columns become floats), so there each value is stored as a scaled 64-bit integer — sums
computed by SQLite stay exact, and reading divides the scale back out. Times are stored
as naive UTC and read back as aware UTC on both.
"""

from __future__ import annotations

from datetime import UTC, datetime
from decimal import ROUND_HALF_EVEN, Decimal
from typing import Any

from sqlalchemy import BigInteger, DateTime, Dialect, Numeric
from sqlalchemy.types import TypeDecorator, TypeEngine

from bakehouse.domain.numbers import MONEY_PLACES, QUANTITY_PLACES


class ExactDecimal(TypeDecorator[Decimal]):
    """NUMERIC(precision, scale) on PostgreSQL; a scaled BIGINT on SQLite."""

    impl = Numeric
    cache_ok = True

    def __init__(self, precision: int, scale: int) -> None:
        super().__init__(precision=precision, scale=scale, asdecimal=True)
        self.precision = precision
        self.scale = scale

    def load_dialect_impl(self, dialect: Dialect) -> TypeEngine[Any]:
        if dialect.name == "sqlite":
            return dialect.type_descriptor(BigInteger())
        return dialect.type_descriptor(Numeric(self.precision, self.scale, asdecimal=True))

    def process_bind_param(self, value: Any, dialect: Dialect) -> Any:
        if value is None:
            return None
        if isinstance(value, float):
            raise TypeError("floats are not accepted for exact decimal columns; use Decimal")
        number = Decimal(value)
        if dialect.name == "sqlite":
            return int(number.scaleb(self.scale).to_integral_value(rounding=ROUND_HALF_EVEN))
        return number.quantize(Decimal(1).scaleb(-self.scale), rounding=ROUND_HALF_EVEN)

    def process_result_value(self, value: Any, dialect: Dialect) -> Decimal | None:
        if value is None:
            return None
        if dialect.name == "sqlite":
            if isinstance(value, float):  # only if something bypassed the binder
                value = round(value)
            return Decimal(int(value)).scaleb(-self.scale)
        return Decimal(value).quantize(Decimal(1).scaleb(-self.scale))

    @property
    def python_type(self) -> type[Decimal]:
        return Decimal


class QuantityType(ExactDecimal):
    """A quantity in an ingredient's canonical unit, or as typed in a recipe line."""

    cache_ok = True

    def __init__(self) -> None:
        super().__init__(18, QUANTITY_PLACES)

    def __repr__(self) -> str:
        return "QuantityType()"


class MoneyType(ExactDecimal):
    """An amount of money (4 decimal places: sub-cent draws keep their cost)."""

    cache_ok = True

    def __init__(self) -> None:
        super().__init__(16, MONEY_PLACES)

    def __repr__(self) -> str:
        return "MoneyType()"


class UTCDateTime(TypeDecorator[datetime]):
    """Stored as naive UTC; always returned timezone-aware (UTC)."""

    impl = DateTime
    cache_ok = True

    def process_bind_param(self, value: Any, dialect: Dialect) -> Any:
        if value is None:
            return None
        if not isinstance(value, datetime):
            raise TypeError("expected a datetime")
        if value.tzinfo is None:
            value = value.replace(tzinfo=UTC)
        return value.astimezone(UTC).replace(tzinfo=None)

    def process_result_value(self, value: Any, dialect: Dialect) -> datetime | None:
        if value is None:
            return None
        assert isinstance(value, datetime)
        return value.replace(tzinfo=UTC)

    def __repr__(self) -> str:
        return "UTCDateTime()"


def utcnow() -> datetime:
    return datetime.now(UTC)
