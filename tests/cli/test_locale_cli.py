"""The CLI shows money and days as the locale settings say (docs/product.md §6.19)."""

from __future__ import annotations

import pytest
from sqlalchemy import Engine
from sqlalchemy.orm import Session
from typer.testing import CliRunner

from bakehouse.cli.app import app as cli
from bakehouse.domain.locale import DEFAULT, current
from tests.web.test_locale_display import PLACES, Place, settle


@pytest.mark.parametrize("place", PLACES)
def test_the_cli_shows_the_places_money_and_days(cli_engine: Engine, place: Place) -> None:
    with Session(cli_engine) as db:
        settle(db, place)
    runner = CliRunner()

    on_hand = runner.invoke(cli, ["pantry", "on-hand"])
    assert on_hand.exit_code == 0, on_hand.output
    said = " ".join(on_hand.output.split())
    assert place.symbol in said
    assert place.other_symbol not in said
    wide = runner.invoke(cli, ["pantry", "lots"], env={"COLUMNS": "240"})
    lots = " ".join(wide.output.split())
    assert place.lot_day in lots
    # The command's locale ends with it: what runs next starts from the default.
    assert current() == DEFAULT
