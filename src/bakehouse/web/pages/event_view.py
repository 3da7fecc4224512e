"""Everything the event page shows, gathered from the services in one transaction."""

from __future__ import annotations

from dataclasses import dataclass, field
from decimal import Decimal
from typing import Any

from markupsafe import Markup
from sqlalchemy.orm import Session

from bakehouse.models import Assignment, Event, Package, Recipe, Recipient
from bakehouse.services.events.events import (
    AllergenWarning,
    get_allergen_conflicts,
    get_event,
    list_assignments,
)
from bakehouse.services.events.people import list_recipients
from bakehouse.services.events.status import AssemblyCheck, check_pending_packages
from bakehouse.services.packaging.packages import list_packages
from bakehouse.services.production.bakes import ProductionEntry, list_production
from bakehouse.services.production.progress import (
    ProductionProgress,
    RecipeCostBreakdown,
    get_production_progress,
    get_recipe_cost_breakdown,
)
from bakehouse.services.recipes.recipes import list_recipes
from bakehouse.web.charts import CostBar, cost_chart

NOTICES = {
    "assigned": "Packages assigned.",
    "assembled": "Package marked assembled.",
    "delivered": "Package marked delivered.",
    "removed": "Assignment removed.",
    "corrected": "Package status corrected; the correction is recorded with its reason.",
    "reversed": "Bake reversed: its ingredients are back in the pantry.",
    "created": "Event created. Give people packages below.",
    "cloned": "Event cloned: every package is pending again.",
}


@dataclass(frozen=True)
class PackageRow:
    assignment: Assignment
    #: For a pending package: whether production covers it, and if not what is missing.
    check: AssemblyCheck | None


@dataclass(frozen=True)
class EventPage:
    event: Event
    progress: ProductionProgress
    breakdown: RecipeCostBreakdown
    packages: list[PackageRow]
    history: tuple[ProductionEntry, ...]
    conflicts: list[AllergenWarning]
    recipients: list[Recipient]
    package_choices: list[Package]
    recipes: list[Recipe]
    chart: Markup = field(default_factory=Markup)


def load_event_page(session: Session, event_id: int) -> EventPage:
    """The event with its progress, packages (and why pending ones cannot be assembled),
    costs with a chart, bake history and allergen warnings. Raises NotFound."""
    event = get_event(session, event_id)
    breakdown = get_recipe_cost_breakdown(session, event.id)
    checks = check_pending_packages(session, event.id)
    rows = [PackageRow(a, checks.get(a.id)) for a in list_assignments(session, event.id)]
    bars = [
        CostBar(r.recipe_name, r.planned_cost, r.actual_cost, r.unpriced) for r in breakdown.rows
    ]
    return EventPage(
        event=event,
        progress=get_production_progress(session, event.id),
        breakdown=breakdown,
        packages=rows,
        history=list_production(session, event.id),
        conflicts=get_allergen_conflicts(session, event.id),
        recipients=list_recipients(session),
        package_choices=list_packages(session),
        recipes=list_recipes(session),
        chart=cost_chart(bars, title=f"Planned and actual cost per recipe, {event.name}"),
    )


def form_keys(page: EventPage) -> set[str]:
    """The forms the event page draws, by the key ``_act`` gives their problems."""
    keys = {"assign", "bake-other"}
    keys.update(f"bake-{r.recipe_id}" for r in page.progress.recipes)
    keys.update(f"status-{row.assignment.id}" for row in page.packages)
    keys.update(f"reverse-{entry.id}" for entry in page.history)
    return keys


def event_context(
    session: Session, event_id: int, query: dict[str, str] | None = None
) -> dict[str, Any]:
    """The template context of the event page; ``query`` may name a notice or a new bake."""
    page = load_event_page(session, event_id)
    query = query or {}
    notice = NOTICES.get(query.get("done", ""))
    baked = query.get("baked", "")
    for entry in page.history:
        if baked.isdigit() and entry.id == int(baked):
            notice = f"Recorded {entry.batches} batch(es) of {entry.recipe_name}."
    return {
        "section": "events",
        "page": page,
        "notice": notice,
        "recipe_options": [(r.id, r.name) for r in page.recipes],
        "package_options": [(p.id, p.name) for p in page.package_choices],
        "errors": {},
        "values": {},
        "form_key": "",
        "problem": None,
        "cent": Decimal("0.01"),
        "form_keys": form_keys(page),
    }
