"""The setup checklist (docs/product.md §6.16): what a season still needs, in one statement."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from sqlalchemy.orm import Session

from bakehouse.services.core.setup import get_setup_checklist
from tests.factories.season import make_cookie_season


def test_an_empty_database_starts_at_the_ingredients(session: Session) -> None:
    checklist = get_setup_checklist(session)
    assert [s.key for s in checklist.steps] == [
        "ingredients", "purchase", "recipe", "item", "package", "recipients", "event", "assign",
    ]  # fmt: skip
    assert checklist.done_count == 0
    assert not checklist.complete
    assert checklist.next_step is not None
    assert (checklist.next_step.key, checklist.next_step.href) == ("ingredients", "/catalog")
    links = {s.key: s.href for s in checklist.steps}
    assert links["recipe"] == "/recipes#new-recipe"
    assert links["package"] == "/packages#new-record"
    assert links["assign"] == "/events#new-event"


def test_a_planned_season_is_complete_and_its_links_name_its_records(session: Session) -> None:
    season = make_cookie_season(session)
    checklist = get_setup_checklist(session)
    assert checklist.complete
    assert checklist.next_step is None
    links = {s.key: s.href for s in checklist.steps}
    assert links["item"] == f"/recipes/{season.recipe.id}#items"
    assert links["package"] == f"/packages/{season.package.id}"
    assert links["assign"] == f"/events/{season.event.id}#assign"
    assert {s.key: s.count for s in checklist.steps}["recipients"] == 1


def test_the_checklist_is_one_statement(
    session: Session, count_statements: Callable[[], Any]
) -> None:
    make_cookie_season(session, recipients=["Ann", "Bob", "Cy"])
    session.flush()
    with count_statements() as counted:
        get_setup_checklist(session)
    assert counted.count == 1
