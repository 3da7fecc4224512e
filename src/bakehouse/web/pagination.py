"""List endpoints paginate: ``?limit=&offset=`` in, ``{items, total, limit, offset}`` out.

Pages use the same ``?limit=&offset=`` and show a :class:`Pager` under the list. Lists a
person searches and sorts (recipes, ingredients, products, recipients, events, pantry lots)
each have one :class:`Listing`, used by their page (:meth:`Listing.query_from`) and their
API route (:meth:`Listing.api_query`) alike (docs/product.md §6.19).
"""

from __future__ import annotations

import inspect
import re
from collections.abc import Callable, Iterable, Mapping, Sequence
from dataclasses import dataclass
from typing import Annotated, Any, Generic, Literal, TypeVar
from urllib.parse import urlencode

from fastapi import Depends, Query
from pydantic import BaseModel

from bakehouse.domain.inputs import MAX_PAGE_ROWS, TextLimit

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


# -- Lists to search, sort and page (docs/product.md §6.19) -------------------------------

Order = Literal["asc", "desc"]


@dataclass(frozen=True)
class Sort(Generic[T]):
    """One way a list can be ordered: what the person reads ("Name") and the row's key;
    no key keeps the order the service gives (the pantry's next-to-use first)."""

    label: str
    key: Callable[[T], Any] | None


@dataclass(frozen=True)
class ListQuery:
    """What a person asked of a list: words to find, a sort, its order, and a page."""

    q: str
    sort: str
    order: Order
    limit: int
    offset: int
    #: The list's defaults, left out of addresses so the first page's stays plain.
    default_sort: str = ""

    @property
    def params(self) -> PageParams:
        return PageParams(limit=self.limit, offset=self.offset)

    def link(self, **changes: object) -> str:
        """``?q=&sort=&order=&limit=&offset=`` of this list with ``changes``; a new search
        or sort goes back to the first page."""
        if {"q", "sort", "order"} & changes.keys():
            changes.setdefault("offset", 0)
        values = {"q": self.q, "sort": self.sort, "order": self.order,
                  "limit": self.limit, "offset": self.offset, **changes}  # fmt: skip
        defaults = {"q": "", "sort": self.default_sort, "order": "asc",
                    "limit": DEFAULT_LIMIT, "offset": 0}  # fmt: skip
        kept = {k: v for k, v in values.items() if v is not None and v != defaults.get(k)}
        return f"?{urlencode(kept)}" if kept else ""

    def sorted_by(self, key: str) -> str:
        """The address that sorts by ``key``: ascending first, then the other way."""
        order = "desc" if self.sort == key and self.order == "asc" else "asc"
        return self.link(sort=key, order=order)


@dataclass(frozen=True)
class Listed(Generic[T]):
    """One page of a searched and sorted list, and where it sits in the whole."""

    items: list[T]
    #: Rows the search found (all of them when there is no search).
    total: int
    #: Rows in the list before the search.
    everything: int
    query: ListQuery
    listing: Listing[T]

    @property
    def pager(self) -> Pager:
        return self.query.params.pager(self.total)

    @property
    def sorts(self) -> list[tuple[str, str]]:
        return [(key, sort.label) for key, sort in self.listing.sorts.items()]

    def api_page(self, read: Callable[[T], Any] | None = None) -> dict[str, object]:
        """Fields for ``Page[...]``, each row as ``read`` makes it."""
        items = [read(row) for row in self.items] if read else list(self.items)
        return {"items": items, "total": self.total, "limit": self.query.limit,
                "offset": self.query.offset}  # fmt: skip


@dataclass(frozen=True)
class Listing(Generic[T]):
    """How one list is searched, sorted and paged — the same on its page and in the API.

    ``searched(row)`` gives the texts a search looks in (every word typed must be found in
    one of them, ignoring case); ``sorts`` the orders offered, by the key used in addresses.
    Rows come whole from their service (lists here are hundreds of rows, read in a fixed
    number of statements); :meth:`apply` finds, sorts and slices them.
    """

    noun: str
    sorts: Mapping[str, Sort[T]]
    default_sort: str
    searched: Callable[[T], Iterable[str | None]]

    def apply(self, rows: Sequence[T], query: ListQuery) -> Listed[T]:
        words = query.q.casefold().split()
        found = [row for row in rows if _matches(self.searched(row), words)] if words else rows
        sort = self.sorts.get(query.sort) or self.sorts[self.default_sort]
        ordered = _ordered(list(found), sort, self.sorts[self.default_sort], query.order)
        page = ordered[query.offset : query.offset + query.limit]
        return Listed(page, len(ordered), len(rows), query, self)

    def query_from(self, params: Mapping[str, str]) -> ListQuery:
        """A page's query string as a :class:`ListQuery`; what cannot be read is the
        default (a page is never refused over a stale sort in a bookmark)."""
        sort = params.get("sort", "")
        order = params.get("order", "asc")

        def number(name: str, default: int, low: int, high: int) -> int:
            text = params.get(name, "")
            return min(max(int(text), low), high) if text.isascii() and text.isdigit() else default

        return ListQuery(
            q=" ".join(params.get("q", "").split())[: TextLimit.SEARCH],
            sort=sort if sort in self.sorts else self.default_sort,
            order="desc" if order == "desc" else "asc",
            limit=number("limit", DEFAULT_LIMIT, 1, MAX_PAGE_ROWS),
            offset=number("offset", 0, 0, 10**9),
            default_sort=self.default_sort,
        )

    def api_query(self) -> Callable[..., ListQuery]:
        """A FastAPI dependency reading ``q``, ``sort``, ``order``, ``limit`` and ``offset``,
        refusing (422) a sort this list does not offer."""
        pattern = "^(" + "|".join(re.escape(k) for k in self.sorts) + ")$"
        choices = ", ".join(self.sorts)

        def read(paging: PageParams, q: str | None, sort: str, order: Order) -> ListQuery:
            return ListQuery(
                q=" ".join((q or "").split()), sort=sort, order=order, limit=paging.limit,
                offset=paging.offset, default_sort=self.default_sort,
            )  # fmt: skip

        # Built here, not written as annotations: the sorts allowed are this list's own.
        parameter = inspect.Parameter
        read.__signature__ = inspect.Signature(  # type: ignore[attr-defined]
            [
                parameter("paging", parameter.KEYWORD_ONLY, annotation=Paging),
                parameter(
                    "q", parameter.KEYWORD_ONLY, default=None,
                    annotation=Annotated[
                        str | None,
                        Query(max_length=TextLimit.SEARCH, description="words to find"),
                    ],
                ),
                parameter(
                    "sort", parameter.KEYWORD_ONLY, default=self.default_sort,
                    annotation=Annotated[
                        str, Query(pattern=pattern, description=f"one of: {choices}")
                    ],
                ),
                parameter(
                    "order", parameter.KEYWORD_ONLY, default="asc",
                    annotation=Annotated[Order, Query(description="asc or desc")],
                ),
            ],
            return_annotation=ListQuery,
        )  # fmt: skip
        return read


def _ordered(rows: list[T], sort: Sort[T], tie: Sort[T], order: Order) -> list[T]:
    """``rows`` by ``sort`` (then ``tie``), rows without a value last in either order."""
    key = sort.key
    if key is None:
        return rows[::-1] if order == "desc" else rows
    known = [r for r in rows if key(r) is not None]
    unknown = [r for r in rows if key(r) is None]
    if tie.key is not None:
        tie_key = tie.key
        known.sort(key=lambda r: _sortable(tie_key(r)))
        unknown.sort(key=lambda r: _sortable(tie_key(r)))
    known.sort(key=lambda r: _sortable(key(r)), reverse=order == "desc")
    return known + unknown


def _matches(texts: Iterable[str | None], words: list[str]) -> bool:
    haystack = " ".join(t for t in texts if t).casefold()
    return all(word in haystack for word in words)


def _sortable(value: Any) -> Any:
    """Text sorts without regard to case; other values as they are."""
    return value.casefold() if isinstance(value, str) else value
