"""Declarative base: the one place Python types map to column types."""

from __future__ import annotations

import enum
from datetime import datetime
from decimal import Decimal
from typing import Annotated, Any

from sqlalchemy import JSON, MetaData, String
from sqlalchemy import Enum as SAEnum
from sqlalchemy.orm import DeclarativeBase

from bakehouse.models.types import MoneyType, QuantityType, UTCDateTime

NAMING_CONVENTION = {
    "ix": "ix_%(column_0_label)s",
    "uq": "uq_%(table_name)s_%(column_0_N_name)s",
    "ck": "ck_%(table_name)s_%(constraint_name)s",
    "fk": "fk_%(table_name)s_%(column_0_name)s_%(referred_table_name)s",
    "pk": "pk_%(table_name)s",
}

#: Annotate ``Mapped[Money]`` / ``Mapped[Quantity]``: both are plain ``Decimal`` to Python.
Money = Annotated[Decimal, "money"]
Quantity = Annotated[Decimal, "quantity"]
Name = Annotated[str, "name"]
Slug = Annotated[str, "slug"]
StrList = Annotated[list[str], "str_list"]
#: A JSON object of lists of text, e.g. specific allergen names by allergen code.
StrListMap = Annotated[dict[str, list[str]], "str_list_map"]


def _enum_values(enum_cls: type[enum.Enum]) -> list[str]:
    return [str(member.value) for member in enum_cls]


class Base(DeclarativeBase):
    metadata = MetaData(naming_convention=NAMING_CONVENTION)
    type_annotation_map: dict[Any, Any] = {
        Money: MoneyType(),
        Quantity: QuantityType(),
        Decimal: QuantityType(),
        datetime: UTCDateTime(),
        Name: String(200),
        Slug: String(200),
        StrList: JSON(),
        StrListMap: JSON(),
        enum.Enum: SAEnum(enum.Enum, native_enum=False, length=20, values_callable=_enum_values),
    }
