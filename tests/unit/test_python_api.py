"""The Python API: every service named in bakehouse.services is importable from there."""

from __future__ import annotations

import pytest

import bakehouse.services as services


def test_every_exported_name_resolves_to_a_callable_service() -> None:
    assert set(services.__all__) == set(services._EXPORTS)
    for name in services.__all__:
        assert callable(getattr(services, name)), name


def test_the_contract_services_are_exported() -> None:
    for name in (
        "get_production_progress",
        "get_dashboard_summary",
        "get_recipe_cost_breakdown",
        "record_production",
        "update_package_status",
        "can_assemble_package",
    ):
        assert name in services.__all__


def test_an_unknown_name_is_an_attribute_error() -> None:
    with pytest.raises(AttributeError, match="no_such_service"):
        services.no_such_service  # noqa: B018
