"""The migrations build exactly the schema the models describe, on every backend."""

from __future__ import annotations

from pathlib import Path

import pytest
from alembic.autogenerate import compare_metadata
from alembic.runtime.migration import MigrationContext

from bakehouse.db.migrate import current_revision, ensure_database, head_revision, upgrade_to_head
from bakehouse.models import Base
from tests.conftest import BACKENDS, fresh_database


@pytest.mark.parametrize("backend_name", BACKENDS)
def test_upgrading_an_empty_database_matches_the_models(backend_name: str, tmp_path: Path) -> None:
    with fresh_database(backend_name, tmp_path) as engine:
        upgrade_to_head(engine)
        with engine.connect() as connection:
            context = MigrationContext.configure(connection, opts={"compare_type": True})
            differences = compare_metadata(context, Base.metadata)
        assert differences == []
        assert current_revision(engine) == head_revision(engine)


@pytest.mark.parametrize("backend_name", BACKENDS)
def test_ensure_database_upgrades_once_and_then_does_nothing(
    backend_name: str, tmp_path: Path
) -> None:
    with fresh_database(backend_name, tmp_path) as engine:
        assert current_revision(engine) is None
        ensure_database(engine)
        assert current_revision(engine) == head_revision(engine)
        ensure_database(engine)
        assert current_revision(engine) == head_revision(engine)
