"""List endpoints paginate: ``?limit=&offset=`` in, ``{items, total, limit, offset}`` out.

Pages use the same ``?limit=&offset=`` and show a :class:`Pager` under the list.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from typing import Annotated, Generic, TypeVar
from urllib.parse import urlencode

from fastapi import Depends, Query
from pydantic import BaseModel

from bakehouse.domain.inputs import MAX_PAGE_ROWS

T = TypeVar("T")
DEFAULT_LIMIT = 100


class PageParams(BaseModel):
    limit: int
    offset: int

    def slice(self, rows: Sequence[T]) -> list[T]:
        return list(rows[self.offset : self.offset + self.limit])

    def query(self, **changes: int | None) -> str:
        """``?offset=&limit=`` of this page with ``changes``, leaving the defaults out (so
        the first page's address stays plain)."""
        values = {"offset": self.offset, "limit": self.limit, **changes}
        defaults = {"offset": 0, "limit": DEFAULT_LIMIT}
        kept = {k: v for k, v in values.items() if v is not None and v != defaults.get(k)}
        return f"?{urlencode(kept)}" if kept else ""

    def pager(self, total: int) -> Pager:
        """Where this page of ``total`` rows sits."""
        shown = max(0, min(self.limit, total - self.offset))
        return Pager(offset=self.offset, limit=self.limit, total=total, shown=shown)


def page_params(
    limit: Annotated[int, Query(ge=1, le=MAX_PAGE_ROWS, description="rows per page")] = (
        DEFAULT_LIMIT
    ),
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


@dataclass(frozen=True)
class Pager:
    """Where one page of a list sits in the whole: "101–200 of 20,000", and the offsets of
    the first, previous, next and last pages (None where there is no such page)."""

    offset: int
    limit: int
    total: int
    #: Rows on this page.
    shown: int

    @property
    def needed(self) -> bool:
        """More rows than one page holds, or a page other than the first."""
        return self.total > self.limit or self.offset > 0

    @property
    def first_shown(self) -> int:
        return self.offset + 1 if self.shown else 0

    @property
    def last_shown(self) -> int:
        return self.offset + self.shown

    @property
    def previous(self) -> int | None:
        return max(0, self.offset - self.limit) if self.offset > 0 else None

    @property
    def next(self) -> int | None:
        return self.offset + self.limit if self.offset + self.limit < self.total else None

    @property
    def first(self) -> int | None:
        return 0 if self.offset > 0 else None

    @property
    def last(self) -> int | None:
        last = (self.total - 1) // self.limit * self.limit if self.total else 0
        return last if self.offset < last else None
