"""Recipe aggregate: a recipe, its lines (ingredients or sub-recipes), and the items it yields."""

from __future__ import annotations

from datetime import datetime
from decimal import Decimal

from sqlalchemy import CheckConstraint, ForeignKey, String, Text
from sqlalchemy.orm import Mapped, mapped_column, relationship

from bakehouse.errors import UnknownUnit
from bakehouse.models.base import Base, Name, Quantity, Slug
from bakehouse.models.catalog import Ingredient
from bakehouse.models.types import utcnow
from bakehouse.units.conversion import ConversionFactors, convert, dimension_of


class Recipe(Base):
    """A recipe. ``yield_quantity`` ``yield_unit`` is what one batch makes when it is used
    as a sub-recipe ("4 cup of buttercream"; docs/product.md §6.12), ``yield_density``
    (g per ml) lets lines measure it by mass or volume, and ``shelf_life_days`` is how long
    its prepared stock keeps (docs/product.md §6.12, best-before)."""

    __tablename__ = "recipe"
    __table_args__ = (
        CheckConstraint(
            "(yield_quantity IS NULL) = (yield_unit IS NULL)", name="yield_quantity_and_unit"
        ),
        CheckConstraint("yield_quantity IS NULL OR yield_quantity > 0", name="yield_positive"),
        CheckConstraint("yield_density IS NULL OR yield_density > 0", name="density_positive"),
        CheckConstraint(
            "shelf_life_days IS NULL OR shelf_life_days >= 0", name="shelf_life_not_negative"
        ),
        CheckConstraint(
            "hands_on_minutes IS NULL OR hands_on_minutes >= 0", name="hands_on_not_negative"
        ),
        CheckConstraint(
            "max_batches_per_session IS NULL OR max_batches_per_session > 0",
            name="session_batches_positive",
        ),
        CheckConstraint(
            "frozen_shelf_life_days IS NULL OR frozen_shelf_life_days > 0",
            name="frozen_shelf_life_positive",
        ),
        CheckConstraint("thaw_hours IS NULL OR thaw_hours >= 0", name="thaw_hours_not_negative"),
    )

    id: Mapped[int] = mapped_column(primary_key=True)
    #: When it was archived: hidden from pickers and lists, kept for history
    #: (docs/product.md §6.20). ``None`` while in use.
    archived_at: Mapped[datetime | None] = mapped_column(default=None)
    name: Mapped[Name] = mapped_column(unique=True)
    slug: Mapped[Slug] = mapped_column(unique=True)
    instructions: Mapped[str] = mapped_column(Text, default="")
    notes: Mapped[str] = mapped_column(Text, default="")
    yield_quantity: Mapped[Quantity | None] = mapped_column(default=None)
    yield_unit: Mapped[str | None] = mapped_column(String(20), default=None)
    yield_density: Mapped[Decimal | None] = mapped_column(default=None)
    shelf_life_days: Mapped[int | None] = mapped_column(default=None)
    #: The bake calendar's inputs (docs/product.md §6.10): hands-on minutes per batch (None:
    #: not given yet, so the calendar cannot place it and says so), the most batches in one
    #: session, and freezing — for what it makes, items and prepared stock alike.
    hands_on_minutes: Mapped[int | None] = mapped_column(default=None)
    max_batches_per_session: Mapped[int | None] = mapped_column(default=None)
    freezable: Mapped[bool] = mapped_column(default=False)
    frozen_shelf_life_days: Mapped[int | None] = mapped_column(default=None)
    thaw_hours: Mapped[Quantity | None] = mapped_column(default=None)
    created_at: Mapped[datetime] = mapped_column(default=utcnow)

    lines: Mapped[list[RecipeLine]] = relationship(
        back_populates="recipe",
        foreign_keys="RecipeLine.recipe_id",
        order_by="(RecipeLine.position, RecipeLine.id)",
        cascade="all, delete-orphan",
    )
    items: Mapped[list[Item]] = relationship(back_populates="recipe", order_by="Item.id")

    @property
    def stock_unit(self) -> str:
        """The unit its prepared stock is held in: its yield's unit, else batches."""
        return self.yield_unit or "batch"

    def to_stock_unit(self, amount: Decimal, unit: str) -> Decimal:
        """``amount`` ``unit`` of this recipe's prepared stock in its stock unit."""
        if unit in ("batch", "batches") or self.yield_unit is None:
            if unit.strip().lower() not in ("batch", "batches"):
                raise UnknownUnit(unit)
            return amount
        factors = ConversionFactors(self.name, dimension_of(self.yield_unit), self.yield_density)
        return convert(amount, unit, self.yield_unit, factors)

    def __repr__(self) -> str:
        return f"Recipe({self.id}, {self.name!r})"


class RecipeLine(Base):
    """``quantity`` ``unit`` of an ingredient or of a sub-recipe, as the baker wrote it
    (converted on use). A sub-recipe line's unit converts to the sub-recipe's yield, or is
    ``batch`` ("½ batch of the glaze"; docs/product.md §6.12)."""

    __tablename__ = "recipe_line"
    __table_args__ = (
        CheckConstraint("quantity > 0", name="quantity_positive"),
        CheckConstraint(
            "(ingredient_id IS NULL) <> (sub_recipe_id IS NULL)", name="ingredient_or_recipe"
        ),
    )

    id: Mapped[int] = mapped_column(primary_key=True)
    recipe_id: Mapped[int] = mapped_column(ForeignKey("recipe.id", ondelete="CASCADE"), index=True)
    ingredient_id: Mapped[int | None] = mapped_column(
        ForeignKey("ingredient.id"), index=True, default=None
    )
    sub_recipe_id: Mapped[int | None] = mapped_column(
        ForeignKey("recipe.id"), index=True, default=None
    )
    quantity: Mapped[Quantity]
    unit: Mapped[str] = mapped_column(String(20))
    position: Mapped[int] = mapped_column(default=0)
    note: Mapped[str] = mapped_column(String(200), default="")

    recipe: Mapped[Recipe] = relationship(back_populates="lines", foreign_keys=[recipe_id])
    ingredient: Mapped[Ingredient | None] = relationship()
    sub_recipe: Mapped[Recipe | None] = relationship(foreign_keys=[sub_recipe_id])


class Item(Base):
    """What a recipe yields: "Chocolate chip cookie, 24 per batch"."""

    __tablename__ = "item"
    __table_args__ = (CheckConstraint("items_per_batch > 0", name="items_per_batch_positive"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    #: When it was archived: hidden from pickers and lists, kept for history
    #: (docs/product.md §6.20). ``None`` while in use.
    archived_at: Mapped[datetime | None] = mapped_column(default=None)
    recipe_id: Mapped[int] = mapped_column(ForeignKey("recipe.id"), index=True)
    name: Mapped[Name] = mapped_column(unique=True)
    slug: Mapped[Slug] = mapped_column(unique=True)
    items_per_batch: Mapped[int]
    notes: Mapped[str] = mapped_column(Text, default="")
    #: What one baked piece weighs, when weighed: its label's net weight (docs/product.md
    #: §6.8); without it the label uses its share of the recipe's ingredients.
    baked_weight_g: Mapped[Quantity | None] = mapped_column(default=None)

    recipe: Mapped[Recipe] = relationship(back_populates="items")

    def __repr__(self) -> str:
        return f"Item({self.id}, {self.name!r})"
