"""Read models of what the commands with no API twin report: an import and the demo season."""

from __future__ import annotations

from typing import Literal

from bakehouse.schemas.base import ReadModel


class ImportReportRead(ReadModel):
    """What an import wrote: the mode, and how many entries of each section."""

    mode: Literal["replace", "merge"]
    counts: dict[str, int]
    total: int


class DemoSeasonRead(ReadModel):
    """What ``bakehouse demo`` built, and where (the URL without its password)."""

    events: int
    recipients: int
    recipes: int
    purchases: int
    bakes: int
    packages_assembled: int
    packages_delivered: int
    last_year_event_id: int
    this_year_event_id: int
    database_url: str
