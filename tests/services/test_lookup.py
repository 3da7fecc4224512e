"""Naming events, recipes, recipients, packages and assignments the way people type them."""

from __future__ import annotations

import pytest
from sqlalchemy.orm import Session

from bakehouse.errors import NotFound
from bakehouse.services.core.lookup import (
    resolve_assignment,
    resolve_event,
    resolve_package,
    resolve_recipe,
    resolve_recipient,
)
from tests.factories.planning import make_recipient
from tests.factories.production import make_cookie_season


def test_things_are_found_by_slug_name_or_id(session: Session) -> None:
    season = make_cookie_season(session)

    assert resolve_event(session, "christmas-2024") is season.event
    assert resolve_event(session, "CHRISTMAS 2024") is season.event
    assert resolve_recipe(session, str(season.recipe.id)) is season.recipe
    assert resolve_recipient(session, "alice") is season.recipient
    assert resolve_package(session, "Cookie box") is season.package


def test_an_assignment_is_found_by_its_event_recipient_and_package(session: Session) -> None:
    season = make_cookie_season(session)

    found = resolve_assignment(session, "christmas-2024", "Alice", "cookie-box")

    assert found is season.assignment


def test_a_recipient_without_that_package_is_not_found(session: Session) -> None:
    make_cookie_season(session)
    make_recipient(session, name="Bob")

    with pytest.raises(NotFound, match="Cookie box for Bob at Christmas 2024"):
        resolve_assignment(session, "christmas-2024", "bob", "cookie-box")
    with pytest.raises(NotFound):
        resolve_event(session, "easter")
