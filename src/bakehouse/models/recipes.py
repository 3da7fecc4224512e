"""Recipe aggregate: a recipe, its ingredient lines, and the items it yields."""

from __future__ import annotations

from datetime import datetime

from sqlalchemy import CheckConstraint, ForeignKey, String, Text
from sqlalchemy.orm import Mapped, mapped_column, relationship

from bakehouse.models.base import Base, Name, Quantity, Slug
from bakehouse.models.catalog import Ingredient
from bakehouse.models.types import utcnow


class Recipe(Base):
    __tablename__ = "recipe"

    id: Mapped[int] = mapped_column(primary_key=True)
    name: Mapped[Name] = mapped_column(unique=True)
    slug: Mapped[Slug] = mapped_column(unique=True)
    instructions: Mapped[str] = mapped_column(Text, default="")
    notes: Mapped[str] = mapped_column(Text, default="")
    created_at: Mapped[datetime] = mapped_column(default=utcnow)

    lines: Mapped[list[RecipeLine]] = relationship(
        back_populates="recipe",
        order_by="(RecipeLine.position, RecipeLine.id)",
        cascade="all, delete-orphan",
    )
    items: Mapped[list[Item]] = relationship(back_populates="recipe", order_by="Item.id")

    def __repr__(self) -> str:
        return f"Recipe({self.id}, {self.name!r})"


class RecipeLine(Base):
    """``quantity`` ``unit`` of an ingredient, as the baker wrote it (converted on use)."""

    __tablename__ = "recipe_line"
    __table_args__ = (CheckConstraint("quantity > 0", name="quantity_positive"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    recipe_id: Mapped[int] = mapped_column(ForeignKey("recipe.id", ondelete="CASCADE"), index=True)
    ingredient_id: Mapped[int] = mapped_column(ForeignKey("ingredient.id"), index=True)
    quantity: Mapped[Quantity]
    unit: Mapped[str] = mapped_column(String(20))
    position: Mapped[int] = mapped_column(default=0)
    note: Mapped[str] = mapped_column(String(200), default="")

    recipe: Mapped[Recipe] = relationship(back_populates="lines")
    ingredient: Mapped[Ingredient] = relationship()


class Item(Base):
    """What a recipe yields: "Chocolate chip cookie, 24 per batch"."""

    __tablename__ = "item"
    __table_args__ = (CheckConstraint("items_per_batch > 0", name="items_per_batch_positive"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    recipe_id: Mapped[int] = mapped_column(ForeignKey("recipe.id"), index=True)
    name: Mapped[Name] = mapped_column(unique=True)
    slug: Mapped[Slug] = mapped_column(unique=True)
    items_per_batch: Mapped[int]
    notes: Mapped[str] = mapped_column(Text, default="")

    recipe: Mapped[Recipe] = relationship(back_populates="items")

    def __repr__(self) -> str:
        return f"Item({self.id}, {self.name!r})"
