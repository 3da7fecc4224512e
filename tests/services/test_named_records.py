"""Finding events, recipes, recipients, packages and assignments by what people type:
each area's ``get_<thing>`` takes an id, a slug or a name (any case)."""

from __future__ import annotations

import pytest
from sqlalchemy.orm import Session

from bakehouse.errors import NotFound
from bakehouse.services.events.events import get_assignment, get_event
from bakehouse.services.events.people import get_recipient
from bakehouse.services.packaging.packages import get_package
from bakehouse.services.recipes.recipes import get_recipe
from tests.factories.planning import make_recipient
from tests.factories.season import make_cookie_season


def test_things_are_found_by_slug_name_or_id(session: Session) -> None:
    season = make_cookie_season(session)

    assert get_event(session, "christmas-2024") is season.event
    assert get_event(session, "CHRISTMAS 2024") is season.event
    assert get_recipe(session, str(season.recipe.id)) is season.recipe
    assert get_recipient(session, "alice") is season.recipient
    assert get_package(session, "Cookie box") is season.package


def test_an_assignment_is_found_by_its_event_recipient_and_package(session: Session) -> None:
    season = make_cookie_season(session)

    found = get_assignment(session, "christmas-2024", "Alice", "cookie-box")

    assert found is season.assignment


def test_a_recipient_without_that_package_is_not_found(session: Session) -> None:
    make_cookie_season(session)
    make_recipient(session, name="Bob")

    with pytest.raises(NotFound, match="Cookie box for Bob at Christmas 2024"):
        get_assignment(session, "christmas-2024", "bob", "cookie-box")
    with pytest.raises(NotFound):
        get_event(session, "easter")
