"""The Python API: each area of bakehouse.services exports its use cases from its modules."""

from __future__ import annotations

import importlib
import pkgutil

import bakehouse.services as services

AREAS = {"core", "catalog", "recipes", "packaging", "pantry", "events", "production", "accounts"}


def test_services_are_grouped_into_the_documented_areas() -> None:
    packages = {info.name for info in pkgutil.iter_modules(services.__path__) if info.ispkg}
    plain_modules = {info.name for info in pkgutil.iter_modules(services.__path__)} - packages
    assert packages == AREAS
    assert plain_modules == set()
    for area in AREAS:
        assert f"services.{area}" in services.__doc__


def test_the_contract_services_are_importable_from_their_modules() -> None:
    for module, name in (
        ("production.progress", "get_production_progress"),
        ("production.dashboard", "get_dashboard_summary"),
        ("production.progress", "get_recipe_cost_breakdown"),
        ("production.bakes", "record_production"),
        ("events.status", "update_package_status"),
        ("events.status", "can_assemble_package"),
    ):
        assert callable(getattr(importlib.import_module(f"bakehouse.services.{module}"), name))


def test_the_pantry_and_catalog_fronts_export_what_they_list() -> None:
    from bakehouse.services import catalog, pantry

    for front in (catalog, pantry):
        for name in front.__all__:
            assert getattr(front, name) is not None, name
