"""Request-scoped helpers shared by pages and API: the transaction and the templates.

A handler opens the unit of work explicitly, calls its service, and shapes the result
*inside* the ``with`` block; the commit happens when the block ends, before the response
is sent, and any error rolls everything back.
"""

from __future__ import annotations

from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from pathlib import Path
from typing import Annotated, Any

from fastapi import Depends, Request
from fastapi.responses import Response
from fastapi.templating import Jinja2Templates
from sqlalchemy.orm import Session, sessionmaker

from bakehouse.db.engine import transaction
from bakehouse.web import formatting

TEMPLATES_DIR = Path(__file__).parent / "templates"


@dataclass(frozen=True)
class Database:
    factory: sessionmaker[Session]
    #: False for GET and HEAD: on SQLite their transactions never take the write lock.
    writes: bool = True

    @contextmanager
    def transaction(self) -> Iterator[Session]:
        """One request, one transaction: committed when the block ends without error."""
        with transaction(self.factory, write=self.writes) as session:
            yield session


def get_database(request: Request) -> Database:
    reads_only = request.method.upper() in ("GET", "HEAD", "OPTIONS")
    return Database(request.app.state.session_factory, writes=not reads_only)


DB = Annotated[Database, Depends(get_database)]


def _make_templates() -> Jinja2Templates:
    templates = Jinja2Templates(directory=str(TEMPLATES_DIR))
    formatting.install(templates.env)
    return templates


templates = _make_templates()


def render(
    request: Request, template: str, context: dict[str, Any] | None = None, status_code: int = 200
) -> Response:
    """Render a page template with the request in its context."""
    return templates.TemplateResponse(request, template, context or {}, status_code=status_code)
