"""Read models of seasons and settings (docs/product.md §6.15)."""

from __future__ import annotations

from datetime import date

from bakehouse.schemas.base import Exact, ReadModel


class SeasonRead(ReadModel):
    id: int
    name: str
    slug: str
    starts_on: date
    ends_on: date
    #: None: no budget set.
    budget: Exact | None
    notes: str


class SettingRead(ReadModel):
    key: str
    #: A whole number, or text: a choice, a label text, a locale setting (a time zone…).
    value: int | str
    default: int | str
    #: "default", "stored" (an owner changed it) or "environment" (the deployment's override).
    source: str
    description: str
    kind: str
    minimum: int | None
    maximum: int | None
    environment_variable: str
    changed_by: str
    #: What the setting is called on the settings page.
    label: str
