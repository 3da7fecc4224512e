"""The event page of a big event: a fixed number of statements, a page of packages at a
time with the whole event's totals, and actions that come back to the page they left."""

from __future__ import annotations

import re
from collections.abc import Iterator
from decimal import Decimal
from typing import Any

import pytest
from fastapi import FastAPI
from fastapi.testclient import TestClient
from sqlalchemy import Engine, event, func, insert, select
from sqlalchemy.orm import Session

from bakehouse.domain.kinds import AssignmentStatus
from bakehouse.domain.permissions import Role
from bakehouse.models import Assignment, Recipient
from bakehouse.services.events.people import list_recipients
from bakehouse.services.production.bakes import record_production
from bakehouse.services.production.sub_progress import SUB_RECIPE_STATEMENTS
from bakehouse.services.recipes.recipes import (
    RecipeLineInput,
    YieldInput,
    create_recipe,
    set_recipe_lines,
)
from tests.factories.accounts import make_user
from tests.factories.planning import make_package
from tests.factories.season import CookieSeason, make_cookie_season
from tests.web.auth_helpers import sign_in
from tests.web.page_text import page_text

#: The whole GET of the event page, sign-in lookup (and SQLite's BEGINs) included, the
#: locale settings every page is shown in (docs/product.md §6.19), and the prices as of the
#: event's date once it is past, as the cookie season's is (§6.20).
MOST_REQUEST_STATEMENTS = 20
PACKAGES_PER_PAGE = 100


@pytest.fixture
def statements(app: FastAPI) -> Iterator[list[str]]:
    """Every statement the app's engine sends while the test runs."""
    engine: Engine = app.state.engine
    seen: list[str] = []

    def before(_conn: Any, _cursor: Any, statement: str, *_args: Any) -> None:
        seen.append(statement)

    event.listen(engine, "before_cursor_execute", before)
    yield seen
    event.remove(engine, "before_cursor_execute", before)


@pytest.fixture
def season(db: Session) -> CookieSeason:
    arranged = make_cookie_season(db, recipients=["Alice", "Bob"], allergens=["gluten"])
    db.commit()
    return arranged


def grow(db: Session, season: CookieSeason, *, recipients: int, packages_each: int) -> int:
    """``recipients`` more people (one in ten avoiding gluten), each given ``packages_each``
    packages of the season's cookies, a third of them delivered and a third assembled, and
    the batches they need baked. Returns the event's number of assignments."""
    packages = [season.package] + [
        make_package(db, name=f"Tin {n:02}", contents=[(n, season.cookie)])
        for n in range(1, packages_each)
    ]
    db.execute(
        insert(Recipient),
        [
            {
                "name": f"Guest {n:05}",
                "slug": f"guest-{n:05}",
                "allergens": ["gluten"] if n % 10 == 0 else [],
            }
            for n in range(recipients)
        ],
    )
    guests = list(db.scalars(select(Recipient.id).where(Recipient.slug.like("guest-%"))))
    statuses = list(AssignmentStatus)
    db.execute(
        insert(Assignment),
        [
            {
                "event_id": season.event.id,
                "recipient_id": guest,
                "package_id": package.id,
                "quantity": 1,
                "status": statuses[n % 3],
            }
            for n, guest in enumerate(guests)
            for package in packages
        ],
    )
    db.commit()
    return len(guests) * len(packages) + len(season.assignments)


def event_url(season: CookieSeason, query: str = "") -> str:
    return f"/events/{season.event.id}{query}"


def packages_markup(markup: str) -> str:
    start = markup.index('id="packages"')
    return markup[start : markup.index("</section>", start)]


def row_ids(markup: str) -> list[int]:
    return [int(i) for i in re.findall(r'<tr id="assignment-(\d+)"', packages_markup(markup))]


def test_the_page_issues_the_same_few_statements_for_a_small_and_a_big_event(
    client: TestClient, db: Session, season: CookieSeason, statements: list[str]
) -> None:
    statements.clear()
    assert client.get(event_url(season)).status_code == 200
    small = len(statements)

    grow(db, season, recipients=400, packages_each=3)
    for _ in range(2):  # bakes are rows of the history
        record_production(
            db,
            event_id=season.event.id,
            recipe_id=season.recipe.id,
            batches=1,
            confirm=["over_plan"],
        )
    db.commit()
    statements.clear()
    assert client.get(event_url(season)).status_code == 200
    big = len(statements)

    assert small == big
    assert big <= MOST_REQUEST_STATEMENTS


def test_with_a_sub_recipe_the_page_reads_the_allocation_s_statements_more(
    client: TestClient, db: Session, season: CookieSeason, statements: list[str]
) -> None:
    statements.clear()
    assert client.get(event_url(season)).status_code == 200
    plain = len(statements)

    syrup = create_recipe(
        db, name="Syrup", lines=[RecipeLineInput(season.sugar.id, Decimal(1), "cup")],
        batch_yield=YieldInput("1", "cup"),
    )  # fmt: skip
    set_recipe_lines(db, season.recipe.id, [
        RecipeLineInput(season.flour.id, Decimal(2), "cup"),
        RecipeLineInput(None, Decimal("0.5"), "cup", sub_recipe_id=syrup.id),
    ])  # fmt: skip
    record_production(db, event_id=None, recipe_id=syrup.id, batches=1)
    db.commit()
    statements.clear()
    response = client.get(event_url(season))
    assert response.status_code == 200
    assert "Syrup" in page_text(response.text)
    assert len(statements) == plain + SUB_RECIPE_STATEMENTS


def test_a_signed_in_baker_s_request_stays_within_the_bound_too(
    app: FastAPI, db: Session, season: CookieSeason, statements: list[str]
) -> None:
    app.state.settings = app.state.settings.model_copy(update={"host": "0.0.0.0"})
    make_user(db, Role.BAKER, username="ben")
    db.commit()
    grow(db, season, recipients=50, packages_each=2)
    with TestClient(app) as browser:
        sign_in(browser, "ben")
        statements.clear()
        assert browser.get(event_url(season)).status_code == 200
    assert len(statements) <= MOST_REQUEST_STATEMENTS


def test_a_big_events_page_shows_one_page_of_packages_and_the_whole_events_totals(
    client: TestClient, db: Session, season: CookieSeason
) -> None:
    total = grow(db, season, recipients=1000, packages_each=3)
    assert total == 3002

    response = client.get(event_url(season))

    assert response.status_code == 200
    assert len(response.content) < 500_000
    assert len(row_ids(response.text)) == PACKAGES_PER_PAGE
    text = page_text(response.text)
    by_status = dict(
        db.execute(
            select(Assignment.status, func.sum(Assignment.quantity))
            .where(Assignment.event_id == season.event.id)
            .group_by(Assignment.status)
        ).all()
    )
    assert f"Packages delivered {by_status[AssignmentStatus.DELIVERED]} / 3002" in text
    assert f"Pending {by_status[AssignmentStatus.PENDING]}" in text
    assert "Rows 1–100 of 3,002" in text
    assert "Recipients 1–200 of 1,002" in text
    assert f'href="/events/{season.event.id}?offset=100#packages" rel="next"' in response.text
    assert f'href="/events/{season.event.id}?offset=3000#packages">Last' in response.text


def test_a_long_list_of_allergen_clashes_shows_twenty_and_sends_to_the_packing_list(
    client: TestClient, db: Session, season: CookieSeason
) -> None:
    grow(db, season, recipients=100, packages_each=3)  # 10 guests and Alice and Bob avoid gluten
    markup = client.get(event_url(season)).text
    warnings = markup.split('id="allergen-heading"', 1)[1].split("</section>", 1)[0]
    assert warnings.count("<li>") == 20
    assert "… and 12 more: the packing list shows every one" in page_text(warnings)
    assert f'href="/events/{season.event.id}/packing"' in warnings


def test_the_pages_of_packages_follow_on_from_each_other_in_recipient_order(
    client: TestClient, db: Session, season: CookieSeason
) -> None:
    grow(db, season, recipients=120, packages_each=2)  # 242 assignments: three pages
    pages = [row_ids(client.get(event_url(season, f"?offset={n}")).text) for n in (0, 100, 200)]

    assert [len(p) for p in pages] == [100, 100, 42]
    everyone = [r.name for r in list_recipients(db)]
    shown = [
        db.scalar(
            select(Recipient.name)
            .join(Assignment, Assignment.recipient_id == Recipient.id)
            .where(Assignment.id == i)
        )
        for page in pages
        for i in page
    ]
    assert sorted(set(shown), key=everyone.index) == list(dict.fromkeys(shown))
    assert len(set(pages[0] + pages[1] + pages[2])) == 242
    last = client.get(event_url(season, "?offset=200")).text
    assert "Rows 201–242 of 242" in page_text(last)
    assert 'rel="next"' not in packages_markup(last)
    assert 'rel="prev"' in packages_markup(last)


def test_a_page_past_the_end_says_so_and_links_back_to_the_first(
    client: TestClient, db: Session, season: CookieSeason
) -> None:
    grow(db, season, recipients=60, packages_each=2)
    markup = client.get(event_url(season, "?offset=500")).text
    assert "No packages on this page" in page_text(markup)
    assert f'href="/events/{season.event.id}#packages">back to the first' in markup


@pytest.mark.parametrize("query", ["?offset=-1", "?limit=0", "?limit=501", "?offset=x"])
def test_a_bad_page_address_is_refused(
    client: TestClient, season: CookieSeason, query: str
) -> None:
    assert client.get(event_url(season, query)).status_code == 422


def test_a_status_change_on_the_second_page_comes_back_to_the_second_page(
    client: TestClient, db: Session, season: CookieSeason
) -> None:
    grow(db, season, recipients=80, packages_each=2)
    second = client.get(event_url(season, "?offset=100")).text
    pending = re.search(
        r'action="(/events/\d+/assignments/(\d+)/remove\?offset=100)"', packages_markup(second)
    )
    assert pending is not None

    response = client.post(pending.group(1), data={}, follow_redirects=False)

    assert response.status_code == 303
    assert response.headers["location"] == event_url(season, "?offset=100&done=removed#packages")
    assert int(pending.group(2)) not in row_ids(client.get(response.headers["location"]).text)


def test_a_refused_status_change_on_the_second_page_shows_the_problem_beside_its_row(
    client: TestClient, db: Session, season: CookieSeason
) -> None:
    grow(db, season, recipients=80, packages_each=2)  # nothing baked: nothing can be assembled
    second = client.get(event_url(season, "?offset=100")).text
    ids = row_ids(second)
    pending = re.search(
        r'action="(/events/\d+/assignments/(\d+)/assemble\?offset=100)"',
        packages_markup(second),
    )
    assert pending is not None

    response = client.post(pending.group(1), data={})

    assert response.status_code == 409
    assert row_ids(response.text) == ids
    row = response.text.split(f'<tr id="assignment-{pending.group(2)}"', 1)[1].split("</tr>", 1)[0]
    assert "notice-error" in row
    assert "Nothing was saved" not in page_text(response.text)


def test_the_recipients_to_choose_from_come_two_hundred_at_a_time(
    client: TestClient, db: Session, season: CookieSeason
) -> None:
    grow(db, season, recipients=248, packages_each=1)  # 250 recipients in all
    first = client.get(event_url(season)).text
    assert first.count('name="recipient_ids"') == 200
    assert "Recipients 1–200 of 250" in page_text(first)
    link = f'href="/events/{season.event.id}?recipients_offset=200#assign" rel="next"'
    assert link in first

    rest = client.get(event_url(season, "?recipients_offset=200")).text
    assert rest.count('name="recipient_ids"') == 50
    assert '<details class="assign" id="assign" open>' in rest
    assert "Recipients 201–250 of 250" in page_text(rest)


def test_a_one_page_event_shows_no_pager_and_no_paging_in_its_addresses(
    client: TestClient, season: CookieSeason
) -> None:
    markup = client.get(event_url(season)).text
    assert 'class="pager"' not in markup
    assert "offset=" not in markup
    assert "limit=" not in markup
