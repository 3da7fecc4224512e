"""Recipes, ingredients, products, recipients, events and pantry lots are searched, sorted
and paged the same way on their pages and in the API, through one helper, in a fixed
number of statements however long the list (docs/product.md §6.19, §6.9)."""

from __future__ import annotations

from collections.abc import Callable, Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from datetime import date
from decimal import Decimal
from typing import Any

import pytest
from fastapi import FastAPI
from fastapi.testclient import TestClient
from sqlalchemy import event
from sqlalchemy.orm import Session

from tests.factories.catalog import make_ingredient, make_lot, make_product
from tests.factories.planning import make_event, make_recipe, make_recipient
from tests.web.page_text import page_text

#: Made in this order; the names sort otherwise.
NAMES = ["Dates", "Anise", "Eggs", "Butter", "Cocoa", "Fennel", "Ginger", "Honey", "Icing"]


def _recipe(db: Session, name: str, n: int) -> None:
    make_recipe(db, name=name)


def _ingredient(db: Session, name: str, n: int) -> None:
    make_ingredient(db, name=name)


def _product(db: Session, name: str, n: int) -> None:
    make_product(db, make_ingredient(db, name=f"Stock {n}"), name=name, brand="")


def _recipient(db: Session, name: str, n: int) -> None:
    make_recipient(db, name=name, household=f"House {n}")


def _event(db: Session, name: str, n: int) -> None:
    make_event(db, name=name, event_date=date(2026, 12, 1 + n))


def _lot(db: Session, name: str, n: int) -> None:
    ingredient = make_ingredient(db, name=name)
    make_lot(db, ingredient, quantity="100", cost=Decimal(n + 1), received_on=date(2026, 1, 1 + n))


@dataclass(frozen=True)
class AList:
    noun: str
    page: str
    api: str
    make: Callable[[Session, str, int], None]
    #: The name a row shows, in the API's answer.
    name: Callable[[dict[str, Any]], str]
    by_name: str
    #: The default order, as the names were made (an index into NAMES) → sorted how.
    default: Callable[[list[str]], list[str]]


def by_name(names: list[str]) -> list[str]:
    return sorted(names)


def as_made(names: list[str]) -> list[str]:
    return list(names)


LISTS = [
    AList("recipes", "/recipes", "/api/recipes", _recipe, lambda r: r["name"], "name", by_name),
    AList("ingredients", "/catalog", "/api/ingredients", _ingredient, lambda r: r["name"], "name",
          by_name),
    AList("products", "/catalog/products", "/api/products", _product, lambda r: r["name"],
          "name", as_made),
    AList("recipients", "/recipients", "/api/recipients", _recipient, lambda r: r["name"],
          "name", by_name),
    AList("events", "/events", "/api/events", _event, lambda r: r["name"], "name", as_made),
    AList("lots", "/pantry/lots", "/api/lots", _lot, lambda r: r["ingredient"], "ingredient",
          by_name),
]  # fmt: skip
IDS = [a.noun for a in LISTS]


def make_list(db: Session, a_list: AList, count: int = len(NAMES)) -> list[str]:
    names = NAMES[:count]
    for n, name in enumerate(names):
        a_list.make(db, name, n)
    db.commit()
    return names


def shown_order(markup: str, names: list[str]) -> list[str]:
    """The names in the order the page's list shows them (those it shows)."""
    text = page_text(markup[markup.find("<table") : markup.find("</table>")])
    found = [(text.find(name), name) for name in names if name in text]
    return [name for _, name in sorted(found)]


@pytest.mark.parametrize("a_list", LISTS, ids=IDS)
def test_the_page_finds_sorts_and_pages(client: TestClient, db: Session, a_list: AList) -> None:
    names = make_list(db, a_list)

    assert shown_order(client.get(a_list.page).text, names) == a_list.default(names)
    found = client.get(a_list.page, params={"q": "cOCoa"}).text
    assert shown_order(found, names) == ["Cocoa"]
    assert f"1 of {len(names)} {a_list.noun} match “cOCoa”" in page_text(found)
    assert "match “zzz”" in page_text(client.get(a_list.page, params={"q": "zzz"}).text)

    down = client.get(a_list.page, params={"sort": a_list.by_name, "order": "desc"}).text
    assert shown_order(down, names) == sorted(names, reverse=True)
    assert 'aria-sort="descending"' in down

    paging = {"sort": a_list.by_name, "order": "desc", "limit": 2, "offset": 2}
    paged = client.get(a_list.page, params=paging)
    assert shown_order(paged.text, names) == sorted(names, reverse=True)[2:4]
    assert f"{a_list.noun.capitalize()} 3–4 of {len(names)}" in page_text(paged.text)
    assert "order=desc" in paged.text  # the pager keeps the order

    # A stale or odd address still shows the list, in its default order.
    odd = client.get(a_list.page, params={"sort": "nonsense", "order": "up", "limit": "x"})
    assert odd.status_code == 200
    assert shown_order(odd.text, names) == a_list.default(names)


@pytest.mark.parametrize("a_list", LISTS, ids=IDS)
def test_the_api_finds_sorts_and_pages(client: TestClient, db: Session, a_list: AList) -> None:
    names = make_list(db, a_list)

    def named(**params: object) -> tuple[list[str], int]:
        answer = client.get(a_list.api, params=params)
        assert answer.status_code == 200, answer.text
        body = answer.json()
        return [a_list.name(row) for row in body["items"]], body["total"]

    assert named() == (a_list.default(names), len(names))
    assert named(q="ginger") == (["Ginger"], 1)
    assert named(sort=a_list.by_name, order="desc") == (sorted(names, reverse=True), len(names))
    assert named(sort=a_list.by_name, limit=3, offset=3) == (sorted(names)[3:6], len(names))
    refused = client.get(a_list.api, params={"sort": "nonsense"})
    assert refused.status_code == 422


@contextmanager
def counted(app: FastAPI) -> Iterator[list[str]]:
    statements: list[str] = []

    def before(_conn: Any, _cursor: Any, statement: str, *_args: Any) -> None:
        # The reads themselves; how each backend begins a transaction is not counted.
        if statement.lstrip().upper().startswith(("SELECT", "WITH", "INSERT", "UPDATE", "DELETE")):
            statements.append(statement)

    engine = app.state.engine
    event.listen(engine, "before_cursor_execute", before)
    try:
        yield statements
    finally:
        event.remove(engine, "before_cursor_execute", before)


#: Statements a page or API list reads, however many rows (pinned, docs/product.md §6.9).
#: (page, API); a page's count includes reading the locale settings (one statement), and
#: the events page one for the past events' prices and one for which events are archived
#: (docs/product.md §6.20).
STATEMENTS = {
    "recipes": (11, 4), "ingredients": (4, 2), "products": (3, 2),
    "recipients": (3, 2), "events": (13, 2), "lots": (3, 2),
}  # fmt: skip


@pytest.mark.parametrize("a_list", LISTS, ids=IDS)
def test_a_list_is_read_in_a_fixed_number_of_statements(
    app: FastAPI, client: TestClient, db: Session, a_list: AList
) -> None:
    make_list(db, a_list, count=3)
    client.get(a_list.page)  # the first request may check the database once
    with counted(app) as few_page:
        client.get(a_list.page, params={"sort": a_list.by_name})
    with counted(app) as few_api:
        client.get(a_list.api, params={"sort": a_list.by_name})
    for n, name in enumerate(NAMES[3:], start=3):
        a_list.make(db, name, n)
    db.commit()
    with counted(app) as many_page:
        client.get(a_list.page, params={"sort": a_list.by_name, "q": "e"})
    with counted(app) as many_api:
        client.get(a_list.api, params={"sort": a_list.by_name, "q": "e"})

    assert (len(many_page), len(many_api)) == (len(few_page), len(few_api))
    assert (len(many_page), len(many_api)) == STATEMENTS[a_list.noun]
