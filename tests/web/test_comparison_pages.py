"""Compare seasons, the price history and a recipient's gifts through the API and the pages
(docs/product.md §6.21)."""

from __future__ import annotations

from fastapi.testclient import TestClient
from sqlalchemy.orm import Session

from bakehouse.domain.permissions import Capability, required_capability
from tests.factories.comparison import make_two_christmases
from tests.web.error_shape import assert_error
from tests.web.page_text import page_text


def test_two_seasons_compared_through_the_api(client: TestClient, db: Session) -> None:
    make_two_christmases(db)
    db.commit()
    body = client.get("/api/compare", params={"before": "Holiday 2025", "after": "holiday-2026"})
    assert body.status_code == 200
    result = body.json()
    assert (result["before"]["total"], result["after"]["total"]) == ("5.3", "13.2")
    assert result["total"] == {"difference": "7.9", "volume": "5.3", "price": "2.6"}
    butter = result["ingredients"][0]
    assert (butter["ingredient"], butter["split"]["price"], butter["price_unit"]) == (
        "Butter", "2.4", "kg",
    )  # fmt: skip
    assert [p["store"] for p in butter["after_purchases"]] == ["Big Mart"]
    events = client.get(
        "/api/compare",
        params={"kind": "event", "before": "Christmas 2025", "after": "Christmas 2026"},
    ).json()
    assert events["kind"] == "event"
    assert events["recipes"][0]["after_batches"] == 4
    assert_error(
        client.get("/api/compare", params={"before": "Holiday 2025", "after": "Nope"}), 404,
        "not_found",
    )  # fmt: skip
    assert (
        client.get("/api/compare", params={"kind": "year", "before": "a", "after": "b"}).status_code
        == 422
    )


def test_the_price_history_and_gifts_through_the_api(client: TestClient, db: Session) -> None:
    made = make_two_christmases(db)
    db.commit()
    butter = client.get("/api/prices", params={"ingredient": "butter"}).json()
    assert [p["unit_price"] for p in butter["purchases"]] == ["12", "10.4", "8"]
    assert [(s["store"], s["average"]) for s in butter["stores"]] == [
        ("Corner Shop", "8"), ("Big Mart", "11.2"),
    ]  # fmt: skip
    everything = client.get("/api/prices").json()
    assert len(everything["purchases"]) == 6
    assert_error(client.get("/api/prices", params={"product": "Nothing"}), 404, "not_found")
    years = client.get(f"/api/recipients/{made.carol.id}/gifts").json()
    assert [y["year"] for y in years] == [2026, 2025, 2024]
    assert years[0]["gifts"][0]["avoided"] == ["milk"]
    assert_error(client.get("/api/recipients/999999/gifts"), 404, "not_found")


def test_the_pages_show_the_split_the_charts_and_the_history(
    client: TestClient, db: Session
) -> None:
    made = make_two_christmases(db)
    db.commit()
    compare = page_text(client.get("/compare").text)  # the last two seasons by default
    assert "Holiday 2025 → Holiday 2026" in compare
    assert "Of the +$7.90 , +$5.30 comes from quantities" in compare
    assert "+$2.60 from prices" in compare
    assert "Butter 500 → 1,000 g $8.00 → $10.40/kg $4.00 → $10.40 +$4.00 +$2.40" in compare
    assert "Total $5.30 → $13.20 +$5.30 +$2.60" in compare
    assert "New: Fay, Gus." in compare
    assert "Shortbread tin 4 7 +3 $1.32 → $1.65" in compare
    assert "before: Nov 10, 2025 , Corner Shop: $8.00 for 1,000 g" in compare
    events = page_text(client.get("/compare?kind=event").text)
    assert "Christmas 2025 → Christmas 2026" in events
    prices = client.get("/prices?ingredient=butter")
    assert prices.status_code == 200
    assert prices.text.count('<svg class="chart price-chart"') == 1
    assert "2026-11-10, Big Mart: $10.40/kg" in prices.text  # a point's own label
    text = page_text(prices.text)
    assert "Big Mart" in text
    assert "$11.20/kg" in text
    assert "cdn" not in prices.text.lower()
    carol = page_text(client.get(f"/recipients/{made.carol.id}").text)
    assert "Gift history" in carol
    assert carol.index("2026") < carol.index("2025") < carol.index("2024")
    assert "12 Shortbread finger" in carol
    assert "which Aunt Carol avoids" in carol
    assert client.get("/compare?before=Holiday%202025&after=Nope").status_code == 404


def test_an_empty_database_says_what_comparing_needs(client: TestClient) -> None:
    assert "Comparing needs two seasons" in page_text(client.get("/compare").text)
    assert "No prices paid" in page_text(client.get("/prices").text)


def test_everyone_may_read_the_comparison_and_the_prices() -> None:
    for path in ("/compare", "/prices", "/recipients/1/gifts", "/api/compare", "/api/prices"):
        assert required_capability("GET", path) is Capability.READ


def test_the_price_chart_marks_a_store_alike_on_every_chart() -> None:
    from datetime import date
    from decimal import Decimal

    from bakehouse.web.charts import PricePoint, price_chart

    assert price_chart([], title="t", unit="kg", chart_id="c") == ""
    one = price_chart(
        [PricePoint(date(2026, 1, 1), Decimal("3"), "B & Co")],
        title="Flour <per kg>", unit="kg", chart_id="c1", stores=["A", "B & Co"],
    )  # fmt: skip
    assert 'class="store-1"' in one  # the second store of the page, though alone here
    assert "B &amp; Co" in one
    assert "Flour &lt;per kg&gt;" in one
    two = price_chart(
        [PricePoint(date(2026, 1, 1), Decimal("3"), "A"),
         PricePoint(date(2026, 6, 1), Decimal("4"), "Z")],
        title="t", unit="kg", chart_id="c2", stores=["A"],
    )  # fmt: skip
    assert "2026-06-01" in two
    assert 'class="store-0"' in two
    assert 'class="store-1"' in two  # a store not named in the page's list comes after


def test_an_event_page_links_to_its_comparison_with_the_event_before(
    client: TestClient, db: Session
) -> None:
    made = make_two_christmases(db)
    db.commit()
    page = client.get(f"/events/{made.christmas_2026.id}").text
    link = f"/compare?kind=event&after={made.christmas_2026.id}"
    assert f'href="{link.replace("&", "&amp;")}"' in page
    compared = page_text(client.get(link).text)
    assert "Christmas 2025 → Christmas 2026" in compared
    first = page_text(client.get("/compare?kind=event&after=christmas-2024").text)
    assert "Comparing needs two events" in first  # nothing before the first one


def test_a_wrong_choice_on_the_pages_is_said_in_words(client: TestClient) -> None:
    wrong = client.get("/compare?kind=year")
    assert wrong.status_code == 422
    assert "text/html" in wrong.headers["content-type"]
    assert client.get("/prices?ingredient=Saffron").status_code == 404
    assert client.get("/prices?store=" + "x" * 500).status_code == 422
