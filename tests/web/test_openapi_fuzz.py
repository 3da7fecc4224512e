"""Schemathesis fuzzes every operation of the OpenAPI document against a seeded app.

Valid and invalid requests (wrong types, unknown ids, out-of-range numbers, odd text) must
all be answered with a success or a client error in the JSON error shape — never a
server error. Kept small (a few examples per operation and mode, no deadline) so the
whole run takes about a minute per database. Runs in-process over ASGI.
"""

from __future__ import annotations

from datetime import date, timedelta
from decimal import Decimal

import pytest
import schemathesis
from fastapi import FastAPI
from hypothesis import HealthCheck, given, settings
from hypothesis.errors import Unsatisfiable
from schemathesis.checks import not_a_server_error
from schemathesis.generation.modes import GenerationMode
from sqlalchemy.orm import Session

from bakehouse.units.conversion import Measure
from tests.factories.catalog import make_ingredient, make_product, make_purchase
from tests.factories.season import make_cookie_season
from tests.web.conftest import from_this_machine

EXAMPLES_PER_MODE = 4
FUZZ_SETTINGS = settings(
    max_examples=EXAMPLES_PER_MODE,
    deadline=None,
    derandomize=True,
    database=None,
    suppress_health_check=list(HealthCheck),
)


def seed(db: Session) -> None:
    """A small season, so that ids 1, 2… name real records."""
    make_cookie_season(db, recipients=["Alice", "Bob"], event_date=date.today() + timedelta(days=9))
    butter = make_ingredient(db, name="Butter", measure=Measure.MASS, allergens=["milk"])
    block = make_product(db, butter, name="Block", package_size=Decimal(1), package_unit="lb")
    make_purchase(db, block, total_price="4.99")
    db.commit()


def fuzz(operation: schemathesis.APIOperation, mode: GenerationMode) -> None:
    @given(case=operation.as_strategy(generation_mode=mode))
    @FUZZ_SETTINGS
    def answer_without_a_server_error(case: schemathesis.Case) -> None:
        response = case.call()
        case.validate_response(response, checks=[not_a_server_error])
        if response.status_code >= 400 and "json" in response.headers.get("content-type", ""):
            assert set(response.json()) == {"error"}, response.text

    answer_without_a_server_error()


#: Every tag of the OpenAPI document, so a failure names the area it is in.
AREAS = ["catalog", "pantry", "recipes", "recipients", "planning", "events", "production",
         "seasons", "shopping", "calendar", "labels", "history", "accounts", "meta"]  # fmt: skip


def test_the_areas_cover_the_whole_api(app: FastAPI) -> None:
    schema = schemathesis.openapi.from_asgi("/api/openapi.json", from_this_machine(app))
    tagged = {
        result.ok().path: set(result.ok().tags or ()) for result in schema.get_all_operations()
    }
    assert len(tagged) > 30
    assert all(tags & set(AREAS) for tags in tagged.values()), tagged


@pytest.mark.parametrize("area", AREAS)
def test_no_request_makes_the_api_fail_with_a_server_error(
    app: FastAPI, db: Session, area: str
) -> None:
    seed(db)
    schema = schemathesis.openapi.from_asgi("/api/openapi.json", from_this_machine(app)).include(
        tag=area
    )
    failures: list[str] = []
    for result in schema.get_all_operations():
        operation = result.ok()
        for mode in (GenerationMode.POSITIVE, GenerationMode.NEGATIVE):
            try:
                fuzz(operation, mode)
            except Unsatisfiable:
                continue  # nothing to get wrong: an operation without parameters or body
            except Exception as failure:  # collect every operation's failure, then report
                failures.append(f"{operation.method.upper()} {operation.path} ({mode}): {failure}")
    assert not failures, "\n\n".join(failures)
