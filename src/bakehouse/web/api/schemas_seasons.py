"""Request bodies of the seasons, budgets and settings API (answers:
:mod:`bakehouse.schemas.seasons`)."""

from __future__ import annotations

from datetime import date

from bakehouse.web.api.schemas_fields import InputModel, Money, Name, Notes


class SeasonCreate(InputModel):
    name: Name
    starts_on: date
    ends_on: date
    budget: Money | None = None
    notes: Notes = ""


class SeasonUpdate(InputModel):
    """Only the fields sent change; ``"budget": null`` removes the budget."""

    name: Name | None = None
    starts_on: date | None = None
    ends_on: date | None = None
    budget: Money | None = None
    notes: Notes | None = None


class BudgetSet(InputModel):
    """An event's budget; ``null`` removes it."""

    budget: Money | None


class SettingSet(InputModel):
    value: int | str
