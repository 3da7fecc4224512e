"""Form values beyond what the database holds are refused next to their field, not a 500."""

from __future__ import annotations

import pytest
from fastapi.testclient import TestClient
from sqlalchemy.orm import Session

from bakehouse.units.conversion import Measure
from tests.factories.catalog import make_ingredient
from tests.factories.planning import make_recipe


@pytest.mark.parametrize("ingredient", ["2147483648", "99999999999999999999"])
def test_a_recipe_line_naming_an_id_too_large_to_exist_is_refused_on_its_row(
    client: TestClient, db: Session, ingredient: str
) -> None:
    flour = make_ingredient(db, name="Flour", measure=Measure.MASS)
    recipe = make_recipe(db, name="Sponge", lines=[(flour, "100", "g")])
    db.commit()
    response = client.post(
        f"/recipes/{recipe.id}/lines",
        data={"line-0-ingredient": ingredient, "line-0-quantity": "1", "line-0-unit": "g"},
    )
    assert response.status_code == 422
    assert 'id="e-line-0-ingredient"' in response.text
    assert "choose an ingredient" in response.text
    page = client.get(f"/recipes/{recipe.id}").text
    assert 'name="line-0-quantity" value="100"' in page
