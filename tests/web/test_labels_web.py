"""Labels and packing slips on the web and in the API (docs/product.md §6.8): the event's
preview page with its warnings, the PDF and print-CSS HTML, the package's label."""

from __future__ import annotations

from datetime import date

from fastapi.testclient import TestClient
from sqlalchemy.orm import Session

from bakehouse.labels import STOCKS
from tests.labels.pdf_text import pages_text
from tests.services.test_labels import Tin, bake, make_tin
from tests.web.error_shape import assert_error
from tests.web.page_text import page_text, section


def arrange(db: Session) -> Tin:
    tin = make_tin(db)
    bake(db, tin, "crescents", date(2026, 12, 1))
    db.commit()
    return tin


def test_the_event_page_leads_to_a_preview_with_warnings_and_the_print_choices(
    client: TestClient, db: Session
) -> None:
    tin = arrange(db)
    event_page = client.get(f"/events/{tin.event.id}").text
    assert f'href="/events/{tin.event.id}/labels"' in event_page
    [first, _second] = tin.event.assignments
    one = f"/events/{tin.event.id}/labels?assignment={first.id}"
    assert f'href="{one}"' in event_page
    only = page_text(client.get(one).text)
    assert "1 label " in only
    assert "For Łucja Dvořák" in only
    assert "For Grandma Rose" not in only
    page = client.get(f"/events/{tin.event.id}/labels")
    assert page.status_code == 200
    text = page_text(page.text)
    assert "2 labels" in text
    assert "For Łucja Dvořák" in text
    assert (
        '<strong>Warning: contains </strong><strong class="avoid">tree nuts (almonds)</strong>'
        "<strong>, which you avoid</strong>"
    ) in page.text
    assert "Contains: milk, eggs, wheat, soy, almonds" in text
    assert "Baked on Dec 1, 2026 · Best by Dec 11, 2026" in text
    assert "Check before printing" in text
    assert "4 Chocolate chip cookies not baked yet" in text
    assert "labels.pdf?stock=avery-5163&amp;start=1&amp;mode=package" in page.text
    assert "packing-slips.pdf?paper=a4" in page.text
    assert "Packing slips (A4 PDF)" in text


def test_a_stock_too_small_is_said_on_the_preview_and_the_pdf_is_refused(
    client: TestClient, db: Session
) -> None:
    tin = arrange(db)
    page = client.get(f"/events/{tin.event.id}/labels", params={"stock": "avery-5160"})
    assert "These labels cannot print: the label 'Holiday tin for Grandma Rose' does not fit" in (
        page_text(page.text)
    )
    assert "labels.pdf" not in page.text
    refused = client.get(f"/api/events/{tin.event.id}/labels.pdf", params={"stock": "avery-5160"})
    assert_error(refused, 422, "label_does_not_fit", says="use Avery 5163")


def test_the_pdf_and_the_print_view_from_a_start_position(client: TestClient, db: Session) -> None:
    tin = arrange(db)
    query = {"stock": "avery-5163", "start": 9}
    pdf = client.get(f"/events/{tin.event.id}/labels.pdf", params=query)
    assert pdf.status_code == 200
    assert pdf.headers["content-type"] == "application/pdf"
    pages = pages_text(pdf.content)
    assert len(pages) == 1  # positions 9 and 10: the last row of the first sheet
    stock = STOCKS["avery-5163"]
    assert [f.text for f in pages[0] if stock.cell(9).contains(f.x, f.y)][:2] == [
        "Holiday tin",
        "For Grandma Rose",
    ]
    html = client.get(f"/events/{tin.event.id}/labels.html", params=query)
    assert html.status_code == 200
    assert "@page" in html.text
    assert "Łucja Dvořák" in html.text
    slips = client.get(f"/events/{tin.event.id}/packing-slips.pdf", params={"paper": "a4"})
    assert len(pages_text(slips.content)) == 2
    assert "Grandma Rose" in client.get(f"/events/{tin.event.id}/packing-slips.html").text


def test_the_api_gives_each_labels_blocks_and_the_warnings(client: TestClient, db: Session) -> None:
    tin = arrange(db)
    body = client.get(f"/api/events/{tin.event.id}/labels", params={"mode": "item"}).json()
    assert body["event"] == "Christmas"
    assert len(body["labels"]) == 6
    first = body["labels"][0]
    assert first["name"] == "Almond crescents for Grandma Rose"
    assert [b["role"] for b in first["blocks"]] == [
        "title", "recipient", "net_quantity", "ingredients", "allergens", "dates",
    ]  # fmt: skip
    assert any("not baked yet" in w for w in body["warnings"])
    package = client.get(f"/api/packages/{tin.package.id}/label").json()
    assert package["blocks"][0] == {
        "role": "title", "text": "Holiday tin",
        "runs": [{"text": "Holiday tin", "strong": False, "avoided": False}],
    }  # fmt: skip
    assert_error(client.get("/api/packages/999999/label"), 404, "not_found")
    assert_error(
        client.get(f"/api/events/{tin.event.id}/labels", params={"assignment": 999999}),
        404, "not_found",
    )  # fmt: skip


def test_the_package_page_leads_to_its_label(client: TestClient, db: Session) -> None:
    tin = arrange(db)
    assert (
        f'href="/packages/{tin.package.id}/label"' in client.get(f"/packages/{tin.package.id}").text
    )
    page = client.get(f"/packages/{tin.package.id}/label")
    text = page_text(page.text)
    assert "Inside: 4 Almond crescents, 4 Chocolate chip cookies, 2 Frosted sugar cookies" in text
    assert "10 pieces · Net wt. 14.5 oz (413 g)" in text
    assert section is not None


def test_the_label_settings_are_set_on_the_settings_page_and_print(
    client: TestClient, db: Session
) -> None:
    tin = arrange(db)
    page = client.get("/settings").text
    assert '<option value="eu">eu</option>' in page
    assert 'textarea id="f-label_maker_address"' in page
    for key, value in (
        ("label_style", "EU"),
        ("label_maker_name", "Anna's Kitchen"),
        ("label_maker_address", "12 Elm St\r\nSpringfield"),
        ("label_statement", "Made in a home kitchen."),
    ):
        saved = client.post(f"/settings/{key}", data={"value": value}, follow_redirects=False)
        assert saved.status_code == 303, saved.text
    stored = {s["key"]: s["value"] for s in client.get("/api/settings").json()}
    assert stored["label_style"] == "eu"
    assert stored["label_maker_address"] == "12 Elm St\nSpringfield"
    body = client.get(f"/api/packages/{tin.package.id}/label").json()
    texts = {b["role"]: b["text"] for b in body["blocks"]}
    assert texts["maker"] == "Anna's Kitchen, 12 Elm St, Springfield"
    assert texts["statement"] == "Made in a home kitchen."
    assert "allergens" not in texts  # EU/UK: emphasised in the list instead
    refused = client.post("/settings/label_style", data={"value": "fr"})
    assert refused.status_code == 422
    assert "Allergens on labels must be one of us, eu" in page_text(refused.text)
    emptied = client.post("/settings/label_statement", data={"value": ""}, follow_redirects=False)
    assert emptied.status_code == 303
    assert "Back to the default (empty)" in client.get("/settings").text


def test_an_ingredients_label_facts_are_set_on_its_form(client: TestClient, db: Session) -> None:
    made = client.post(
        "/catalog/ingredients",
        data={"name": "Praline paste", "measure": "mass", "allergens": "milk",
              "allergen_names": "tree nuts: hazelnut",
              "sub_ingredients": "sugar, hazelnuts, cocoa butter (cocoa)"},
        follow_redirects=False,
    )  # fmt: skip
    assert made.status_code == 303, made.text
    [found] = [
        i for i in client.get("/api/ingredients").json()["items"] if i["name"] == "Praline paste"
    ]
    assert found["allergens"] == ["milk", "tree_nuts"]
    assert found["allergen_names"] == {"tree_nuts": ["hazelnuts"]}
    assert found["sub_ingredients"] == ["sugar", "hazelnuts", "cocoa butter (cocoa)"]
    form = client.get(made.headers["location"].split("?")[0]).text
    assert 'value="tree nuts: hazelnuts"' in form
    assert 'value="sugar, hazelnuts, cocoa butter (cocoa)"' in form
    refused = client.post(
        f"/catalog/ingredients/{found['id']}",
        data={"name": "Praline paste", "measure": "mass", "allergen_names": "milk: cow"},
    )
    assert refused.status_code == 422
    assert "milk takes no specific name" in page_text(refused.text)
