"""API housekeeping: version and health."""

from __future__ import annotations

from fastapi import APIRouter
from pydantic import BaseModel
from sqlalchemy import text

from bakehouse import __version__
from bakehouse.web.api.strict_json import StrictJsonRoute
from bakehouse.web.deps import DB

router = APIRouter(tags=["meta"], route_class=StrictJsonRoute)


class Health(BaseModel):
    status: str
    version: str
    database: str


@router.get("/health", response_model=Health)
def health(db: DB) -> Health:
    """The app is up and its database answers."""
    with db.transaction() as session:
        session.execute(text("SELECT 1"))
        dialect = session.get_bind().dialect.name
    return Health(status="ok", version=__version__, database=dialect)
