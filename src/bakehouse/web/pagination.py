"""List endpoints paginate: ``?limit=&offset=`` in, ``{items, total, limit, offset}`` out."""

from __future__ import annotations

from collections.abc import Sequence
from typing import Annotated, Generic, TypeVar

from fastapi import Depends, Query
from pydantic import BaseModel

from bakehouse.domain.inputs import MAX_PAGE_ROWS

T = TypeVar("T")


class PageParams(BaseModel):
    limit: int
    offset: int

    def slice(self, rows: Sequence[T]) -> list[T]:
        return list(rows[self.offset : self.offset + self.limit])


def page_params(
    limit: Annotated[int, Query(ge=1, le=MAX_PAGE_ROWS, description="rows per page")] = 100,
    offset: Annotated[int, Query(ge=0, description="rows to skip")] = 0,
) -> PageParams:
    return PageParams(limit=limit, offset=offset)


Paging = Annotated[PageParams, Depends(page_params)]


class Page(BaseModel, Generic[T]):
    items: list[T]
    total: int
    limit: int
    offset: int


def paginate(rows: Sequence[T], params: PageParams) -> dict[str, object]:
    """Fields for ``Page[...]`` from a full list (lists here are hundreds of rows, not millions)."""
    return {
        "items": params.slice(rows),
        "total": len(rows),
        "limit": params.limit,
        "offset": params.offset,
    }
