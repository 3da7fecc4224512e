"""The import pages: a file, an address or a typed recipe read into one review page (every
line, its match, what will be created), fix-ups inline, then one transaction — or nothing —
and markup from a page shown as text, never run (docs/product.md §6.22)."""

from __future__ import annotations

import threading
from collections.abc import Iterator
from contextlib import contextmanager
from decimal import Decimal
from html.parser import HTMLParser
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from typing import Any

from fastapi import FastAPI
from fastapi.testclient import TestClient
from sqlalchemy import func, select
from sqlalchemy.orm import Session

from bakehouse.models import Ingredient, Item, Recipe, RecipeLine
from bakehouse.units.conversion import Measure
from tests.factories.catalog import make_ingredient
from tests.io.recipe_sources.builders import zip_of
from tests.io.recipe_sources.conftest import fixture_bytes
from tests.web.page_text import page_text
from tests.web.snapshot import fresh


class _Form(HTMLParser):
    """The values a browser would send from the page's save form, as drawn."""

    def __init__(self) -> None:
        super().__init__()
        self.values: dict[str, str] = {}
        self._select: str | None = None

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        a = {k: v or "" for k, v in attrs}
        if tag == "input" and a.get("name") and a.get("type") != "file":
            if a.get("type") == "checkbox":
                if "checked" in a:
                    self.values[a["name"]] = a.get("value", "on")
            else:
                self.values[a["name"]] = a.get("value", "")
        elif tag == "select":
            self._select = a.get("name")
        elif tag == "option" and self._select and "selected" in a:
            self.values[self._select] = a.get("value", "")

    def handle_endtag(self, tag: str) -> None:
        if tag == "select":
            self._select = None


def form_of(markup: str) -> dict[str, Any]:
    parser = _Form()
    parser.feed(markup)
    return {k: v for k, v in parser.values.items() if k not in ("url", "text")}


pages_served: list[str] = []


@contextmanager
def serve_pages(pages: dict[str, bytes], *, redirect_to: str) -> Iterator[str]:
    """A server on 127.0.0.1 answering ``pages``; ``/moved`` redirects to ``redirect_to``."""

    class Handler(BaseHTTPRequestHandler):
        def log_message(self, format: str, *args: object) -> None:
            pass

        def do_GET(self) -> None:
            pages_served.append(self.path)
            body = pages.get(self.path)
            if body is None:
                self.send_response(302)
                self.send_header("Location", redirect_to)
                self.send_header("Content-Length", "0")
                self.end_headers()
                return
            self.send_response(200)
            self.send_header("Content-Type", "text/html; charset=utf-8")
            self.send_header("Content-Length", str(len(body)))
            self.end_headers()
            self.wfile.write(body)

    server = ThreadingHTTPServer(("127.0.0.1", 0), Handler)
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    try:
        yield f"http://127.0.0.1:{server.server_address[1]}"
    finally:
        server.shutdown()
        server.server_close()


def _catalog(db: Session) -> dict[str, Ingredient]:
    made = {
        name: make_ingredient(db, name=name, measure=Measure.MASS, density=Decimal(density))
        for name, density in (("Flour", "0.53"), ("Butter", "0.96"), ("Powdered sugar", "0.56"))
    }
    db.commit()
    return made


def _counts(db: Session) -> tuple[int, ...]:
    session = fresh(db)
    return tuple(
        session.scalar(select(func.count()).select_from(table)) or 0
        for table in (Recipe, RecipeLine, Item, Ingredient)
    )


def _review(client: TestClient, name: str) -> Any:
    files = {"file": (name, fixture_bytes(name), "text/html")}
    return client.post("/recipes/import/review", files=files)


def test_the_review_page_lists_every_line_its_match_and_what_is_unplaced(
    client: TestClient, db: Session
) -> None:
    _catalog(db)
    assert client.get("/recipes/import").status_code == 200

    page = _review(client, "several-recipes.html")

    assert page.status_code == 200, page.text
    text = page_text(page.text)
    assert "3 recipes read" in text
    assert "2 cups flour matched: Flour" in text
    assert "Peppermint Bark yield: about 2 pounds" in text
    assert "is not a count" in text
    assert _counts(db) == (0, 0, 0, 3)


def test_saving_refuses_unplaced_lines_then_saves_the_fixed_page_at_once(
    client: TestClient, db: Session
) -> None:
    catalog = _catalog(db)
    page = _review(client, "several-recipes.html")
    form = form_of(page.text)

    refused = client.post("/recipes/import", data=form)
    assert refused.status_code == 422
    assert "Nothing was saved" in refused.text, page_text(refused.text)[:1500]
    assert 'id="e-r-2-items_per_batch"' in refused.text
    assert _counts(db) == (0, 0, 0, 3)

    fixed = form_of(refused.text)  # what was typed is kept on the redrawn page
    fixed["r-2-items_per_batch"] = "40"
    fixed["r-2-line-2-choice"] = str(catalog["Powdered sugar"].id)
    del fixed["r-1-include"]  # unticked: a browser sends nothing
    still = client.post("/recipes/import", data=fixed)  # the chocolate lines are unplaced
    assert still.status_code == 422
    assert 'name="r-1-include" value="yes" checked' not in still.text
    assert 'name="r-0-include" value="yes" checked' in still.text
    fixed["accept_unplaced"] = "yes"
    saved = client.post("/recipes/import", data=fixed, follow_redirects=False)
    assert saved.status_code == 303, page_text(saved.text)[:3000]
    assert saved.headers["location"] == "/recipes?done=imported"
    names = fresh(db).scalars(select(Recipe.name).order_by(Recipe.id)).all()
    assert names == ["Shortbread Stars", "Peppermint Bark"]
    bark = fresh(db).scalars(select(Recipe).where(Recipe.name == "Peppermint Bark")).one()
    assert [line.ingredient_id for line in bark.lines] == [catalog["Powdered sugar"].id]
    assert "- 12 oz dark chocolate" in bark.notes
    assert bark.items[0].items_per_batch == 40


def test_markup_inside_fields_is_kept_as_text_and_escaped_on_output(
    client: TestClient, db: Session
) -> None:
    page = _review(client, "markup-in-fields.html")
    assert page.status_code == 200
    assert "<script>alert" not in page.text
    form = form_of(page.text)
    form["r-0-items_per_batch"] = form.get("r-0-items_per_batch") or "64"
    form["accept_unplaced"] = "yes"

    saved = client.post("/recipes/import", data=form, follow_redirects=False)

    assert saved.status_code == 303, page_text(saved.text)[:3000]
    recipe = fresh(db).scalars(select(Recipe)).one()
    assert recipe.instructions == "Line an 8-inch pan.\nCook to 245°F, stirring.\nPour and cool."
    assert "Soft caramels & flaky salt." in recipe.notes
    shown = client.get(saved.headers["location"]).text
    assert "Soft caramels &amp; flaky salt." in shown
    assert "stolen cookies" not in shown  # a script's content is dropped on reading

    assert recipe.name == "Salted Vanilla Caramels"  # the tags are gone, the words kept
    assert "<em>" not in shown


def test_a_typed_recipe_and_a_private_address_at_the_page(client: TestClient, db: Session) -> None:
    _catalog(db)
    typed = "Butter cookies\nMakes 24 cookies\n\n2 cups flour\n1 cup butter\n"
    page = client.post("/recipes/import/review", data={"text": typed})
    assert page.status_code == 200
    assert "Butter cookies" in page_text(page.text)

    refused = client.post("/recipes/import/review", data={"url": "http://10.0.0.5/cake"})
    assert refused.status_code == 422
    assert "will not fetch http://10.0.0.5/cake" in page_text(refused.text)
    nothing = client.post("/recipes/import/review", data={})
    assert nothing.status_code == 422
    assert _counts(db) == (0, 0, 0, 3)


def test_a_tampered_review_is_refused(client: TestClient, db: Session) -> None:
    answer = client.post("/recipes/import", data={"reading": "{not json"})
    assert answer.status_code == 422
    assert "import the recipes again" in page_text(answer.text)


def test_a_forty_recipe_export_is_reviewed_and_saved_from_one_page(
    client: TestClient, db: Session
) -> None:
    _catalog(db)
    members = []
    for number in range(40):
        recipe = fixture_bytes("mealie-raw-brownies.json").replace(
            b"Fudgy Cocoa Brownies", f"Brownies no. {number}".encode()
        )
        members.append((f"recipes/b{number}/b{number}.json", recipe))
    export = zip_of(members)
    page = client.post(
        "/recipes/import/review", files={"file": ("mealie.zip", export, "application/zip")}
    )
    assert page.status_code == 200
    assert "40 recipes read" in page_text(page.text)
    form = form_of(page.text)
    assert len(form) > 1_000  # more inputs than a form usually takes

    refused = client.post("/recipes/import", data=form)
    assert refused.status_code == 422
    assert _counts(db) == (0, 0, 0, 3)
    form["accept_unplaced"] = "yes"
    saved = client.post("/recipes/import", data=form, follow_redirects=False)

    assert saved.status_code == 303, page_text(saved.text)[:2000]
    # Each export recipe: the brownies and its "Batter" sub-recipe (butter, sugar); the
    # topping's lines (chips, salt) are not in the catalog, so it has none and is no recipe.
    assert _counts(db)[0] == 40 * 2
    notes = fresh(db).scalars(select(Recipe.notes).where(Recipe.name == "Brownies no. 39")).one()
    assert "- 1 cup chocolate chips" in notes


def test_a_web_address_is_fetched_for_the_review_only_and_never_to_a_private_one(
    app: FastAPI, client: TestClient, db: Session
) -> None:
    _catalog(db)
    pages = {"/cookies": fixture_bytes("several-recipes.html")}
    with serve_pages(pages, redirect_to="http://192.168.0.9/cookies") as base:
        refused = client.post("/recipes/import/review", data={"url": f"{base}/cookies"})
        assert refused.status_code == 422  # loopback is private unless the test setting says
        assert "will not fetch" in page_text(refused.text)

        app.state.settings = app.state.settings.model_copy(
            update={"recipe_fetch_allow_loopback": True}
        )
        page = client.post("/recipes/import/review", data={"url": f"{base}/cookies"})
        assert page.status_code == 200, page_text(page.text)[:2000]
        assert "3 recipes read" in page_text(page.text)
        redirected = client.post("/recipes/import/review", data={"url": f"{base}/moved"})
        assert redirected.status_code == 422
        assert "192.168.0.9" in page_text(redirected.text)
        form = form_of(page.text)
        fetched = len(pages_served)
    form["accept_unplaced"] = "yes"
    form["r-2-include"] = ""
    saved = client.post("/recipes/import", data=form, follow_redirects=False)
    assert saved.status_code == 303  # saved from the review: the page is not fetched again
    assert len(pages_served) == fetched
    assert _counts(db)[0] == 2
