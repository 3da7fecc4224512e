"""Catalog aggregate: ingredients and the products (buyable packages) of each."""

from __future__ import annotations

from datetime import date, datetime
from decimal import Decimal

from sqlalchemy import CheckConstraint, ForeignKey, Index, String, Text, text
from sqlalchemy.orm import Mapped, mapped_column, relationship

from bakehouse.domain.kinds import DrawOrder
from bakehouse.models.base import Base, Money, Name, Quantity, Slug, StrList, StrListMap
from bakehouse.models.types import utcnow
from bakehouse.units.conversion import ConversionFactors, Measure, canonical_unit


class Ingredient(Base):
    __tablename__ = "ingredient"
    __table_args__ = (
        CheckConstraint("density IS NULL OR density > 0", name="density_positive"),
        CheckConstraint(
            "grams_per_each IS NULL OR grams_per_each > 0", name="grams_per_each_positive"
        ),
    )

    id: Mapped[int] = mapped_column(primary_key=True)
    #: When it was archived: hidden from pickers and lists, kept for history
    #: (docs/product.md §6.20). ``None`` while in use.
    archived_at: Mapped[datetime | None] = mapped_column(default=None)
    name: Mapped[Name] = mapped_column(unique=True)
    slug: Mapped[Slug] = mapped_column(unique=True)
    category: Mapped[str] = mapped_column(String(60), default="other")
    measure: Mapped[Measure]
    density: Mapped[Quantity | None] = mapped_column(default=None)
    grams_per_each: Mapped[Quantity | None] = mapped_column(default=None)
    allergens: Mapped[StrList] = mapped_column(default=list)
    #: Specific allergen names for labels, by allergen code: {"tree_nuts": ["almonds"]}
    #: (docs/product.md §6.8).
    allergen_names: Mapped[StrListMap] = mapped_column(default=dict)
    #: What the ingredient itself is made of, as its packet lists it (docs/product.md §6.8).
    sub_ingredients: Mapped[StrList] = mapped_column(default=list)
    notes: Mapped[str] = mapped_column(Text, default="")
    created_at: Mapped[datetime] = mapped_column(default=utcnow)
    #: Which lots a bake draws first: FIFO, or earliest best-before first
    #: (docs/product.md §6.14).
    draw_order: Mapped[DrawOrder] = mapped_column(default=DrawOrder.FIFO)

    products: Mapped[list[Product]] = relationship(
        back_populates="ingredient", order_by="Product.id"
    )

    @property
    def unit(self) -> str:
        """The canonical unit every stock quantity of this ingredient is held in."""
        return canonical_unit(self.measure)

    @property
    def factors(self) -> ConversionFactors:
        return ConversionFactors(
            name=self.name,
            measure=Measure(self.measure),
            density=self.density,
            grams_per_each=self.grams_per_each,
        )

    def __repr__(self) -> str:
        return f"Ingredient({self.id}, {self.name!r})"


class Product(Base):
    __tablename__ = "product"
    __table_args__ = (
        CheckConstraint("package_size > 0", name="package_size_positive"),
        CheckConstraint("list_price IS NULL OR list_price >= 0", name="list_price_not_negative"),
        # At most one preferred product per ingredient, enforced by the database.
        Index(
            "uq_product_one_preferred_per_ingredient",
            "ingredient_id",
            unique=True,
            sqlite_where=text("is_preferred"),
            postgresql_where=text("is_preferred"),
        ),
    )

    id: Mapped[int] = mapped_column(primary_key=True)
    #: When it was archived: hidden from pickers and lists, kept for history
    #: (docs/product.md §6.20). ``None`` while in use.
    archived_at: Mapped[datetime | None] = mapped_column(default=None)
    ingredient_id: Mapped[int] = mapped_column(ForeignKey("ingredient.id"), index=True)
    slug: Mapped[Slug] = mapped_column(unique=True)
    brand: Mapped[str] = mapped_column(String(120), default="")
    name: Mapped[Name]
    package_size: Mapped[Quantity]
    package_unit: Mapped[str] = mapped_column(String(20))
    gtin: Mapped[str | None] = mapped_column(String(14), default=None)
    supplier: Mapped[str | None] = mapped_column(String(120), default=None)
    is_preferred: Mapped[bool] = mapped_column(default=False)
    notes: Mapped[str] = mapped_column(Text, default="")
    created_at: Mapped[datetime] = mapped_column(default=utcnow)
    #: The shelf price of one package, the day it was seen and where (docs/product.md
    #: §6.17): an *estimate* until the product is bought. None: no list price.
    list_price: Mapped[Money | None] = mapped_column(default=None)
    list_price_on: Mapped[date | None] = mapped_column(default=None)
    list_price_store: Mapped[str | None] = mapped_column(String(120), default=None)

    ingredient: Mapped[Ingredient] = relationship(back_populates="products")

    @property
    def label(self) -> str:
        size = format(Decimal(self.package_size).normalize(), "f")
        brand = f"{self.brand} " if self.brand else ""
        return f"{brand}{self.name} ({size} {self.package_unit})"

    def __repr__(self) -> str:
        return f"Product({self.id}, {self.label!r})"
