"""Access control: sign-in, roles, CSRF and API tokens, over every route the app serves."""

from __future__ import annotations

import re
from collections.abc import Iterator

import pytest
from fastapi import FastAPI
from fastapi.testclient import TestClient
from sqlalchemy import Engine, select
from sqlalchemy.orm import Session

from bakehouse.config import Settings
from bakehouse.db.engine import make_session_factory
from bakehouse.domain.permissions import SAFE_METHODS, Role, is_allowed
from bakehouse.domain.sign_in_limits import MAX_FAILURES_PER_USERNAME_AND_IP
from bakehouse.models import AuthEvent, AuthEventKind, User
from bakehouse.services.accounts import accounts
from bakehouse.services.accounts.api_tokens import create_api_token
from bakehouse.services.accounts.sign_in import authenticate
from bakehouse.web import create_app
from bakehouse.web.auth import PUBLIC_PATHS, PUBLIC_PREFIXES, SESSION_COOKIE
from bakehouse.web.deps import TEMPLATES_DIR
from bakehouse.web.remembered_devices import DEVICE_COOKIE
from tests.factories.accounts import PASSWORD, make_user
from tests.factories.season import make_cookie_season
from tests.web.auth_helpers import concrete, csrf_from, route_table, sign_in
from tests.web.conftest import local_client
from tests.web.error_shape import assert_error

#: Unsafe routes a viewer may use: only their own account.
VIEWER_MAY_CHANGE = {
    ("POST", "/login"),
    ("POST", "/logout"),
    ("POST", "/account/tokens"),
    ("POST", "/account/tokens/{token_id}/revoke"),
    ("POST", "/account/password"),
    ("POST", "/account/sign-out-everywhere"),
    ("POST", "/api/account/sign-out-everywhere"),
    ("POST", "/api/account/tokens"),
    ("DELETE", "/api/account/tokens/{token_id}"),
}
#: Feed addresses are secrets to the calendar: listing them is the owner's
#: (docs/multi-user.md, "Calendar feeds").
OWNER_ONLY_READS = {("GET", "/users"), ("GET", "/api/users"), ("GET", "/api/calendar/feeds")}
#: Unsafe routes a baker may use besides a viewer's: bakes, the pantry, package status.
BAKER_MAY_ALSO_CHANGE = {
    ("POST", "/events/{event_id}/bakes"),
    ("POST", "/events/{event_id}/bakes/{bake_id}/reverse"),
    ("POST", "/events/{event_id}/bakes/{bake_id}/write-off"),
    ("POST", "/events/{event_id}/losses"),
    ("POST", "/events/{event_id}/moves"),
    ("POST", "/api/bakes"),
    ("POST", "/api/bakes/{bake_id}/reverse"),
    ("POST", "/api/bakes/{bake_id}/write-off"),
    ("POST", "/api/events/{event_id}/losses"),
    ("POST", "/api/events/{event_id}/moves"),
    ("POST", "/events/{event_id}/assignments/{assignment_id}/assemble"),
    ("POST", "/events/{event_id}/assignments/{assignment_id}/deliver"),
    ("POST", "/events/{event_id}/assignments/{assignment_id}/correct"),
    ("POST", "/api/assignments/{assignment_id}/status"),
    ("POST", "/api/assignments/{assignment_id}/correction"),
    ("POST", "/pantry/purchases"),
    ("POST", "/pantry/opening"),
    ("POST", "/pantry/lots/{lot_id}/adjust"),
    ("POST", "/api/purchases"),
    ("POST", "/api/opening-stock"),
    ("POST", "/api/adjustments"),
    ("POST", "/pantry/count"),
    ("POST", "/api/stock-takes"),
    # Shopping from the list (docs/product.md §6.17).
    ("POST", "/shopping-list/ticks"),
    ("POST", "/shopping-list/purchases"),
    ("POST", "/shopping-list/aisles"),
    ("POST", "/api/shopping-list/ticks"),
    ("POST", "/api/shopping-list/purchases"),
    ("PUT", "/api/shopping-list/aisles"),
}


@pytest.fixture
def server(server_app: FastAPI) -> Iterator[TestClient]:
    with TestClient(server_app, raise_server_exceptions=False) as client:
        yield client


def unsafe_routes(app: FastAPI) -> list[tuple[str, str]]:
    return [(m, p) for m, p in route_table(app) if m not in SAFE_METHODS]


def request(client: TestClient, method: str, path: str, **kwargs: object) -> object:
    return client.request(method, concrete(path), follow_redirects=False, **kwargs)  # type: ignore[arg-type]


# --- the route table -----------------------------------------------------------------------


def test_the_route_table_is_walked_whole(app: FastAPI) -> None:
    table = route_table(app)
    assert ("GET", "/") in table
    assert ("POST", "/events/{event_id}/bakes") in table
    assert ("GET", "/api/dashboard") in table
    assert len(table) > 40
    assert {p for _, p in table if p in PUBLIC_PATHS} == {"/login"}


def test_the_unsafe_routes_each_role_may_use_are_exactly_the_listed_ones(app: FastAPI) -> None:
    """A new route that changes something is for owners until it is listed here."""
    unsafe = unsafe_routes(app)
    viewer = {(m, p) for m, p in unsafe if is_allowed(Role.VIEWER, m, p)}
    baker = {(m, p) for m, p in unsafe if is_allowed(Role.BAKER, m, p)}
    assert viewer == VIEWER_MAY_CHANGE
    assert baker == VIEWER_MAY_CHANGE | BAKER_MAY_ALSO_CHANGE
    assert all(is_allowed(Role.OWNER, m, p) for m, p in unsafe)


def test_every_route_refuses_anonymous_access_in_server_mode(
    server: TestClient, server_app: FastAPI, db: Session
) -> None:
    make_user(db, Role.OWNER, username="olga")
    db.commit()
    for method, path in route_table(server_app):
        if path in PUBLIC_PATHS:
            continue
        response = server.request(method, concrete(path), follow_redirects=False)
        if path.startswith(PUBLIC_PREFIXES):
            # A calendar feed's secret address: a guessed one reads nothing.
            assert response.status_code == 404, path
        elif path.startswith("/api"):
            assert_error(response, 401, "unauthenticated")
            assert response.headers["www-authenticate"] == "Bearer"
        else:
            assert response.status_code == 303, (method, path, response.status_code)
            assert response.headers["location"].startswith("/login?next=")


def test_a_viewer_cannot_change_anything(
    server: TestClient, server_app: FastAPI, db: Session
) -> None:
    make_user(db, Role.VIEWER, username="vera")
    db.commit()
    csrf = sign_in(server, "vera")
    for method, path in unsafe_routes(server_app):
        if (method, path) in VIEWER_MAY_CHANGE:
            continue
        response = server.request(
            method, concrete(path), headers={"X-CSRF-Token": csrf}, follow_redirects=False
        )
        assert response.status_code == 403, (method, path, response.status_code)
        if path.startswith("/api"):
            assert_error(response, 403, "forbidden", says="viewer")


def test_a_viewer_can_read_everything_but_the_users(
    server: TestClient, server_app: FastAPI, db: Session
) -> None:
    make_user(db, Role.VIEWER, username="vera")
    db.commit()
    sign_in(server, "vera")
    for method, path in route_table(server_app):
        if method not in SAFE_METHODS or path in PUBLIC_PATHS:
            continue
        response = server.request(method, concrete(path), follow_redirects=False)
        if (method, path) in OWNER_ONLY_READS:
            assert response.status_code == 403, path
        else:
            assert response.status_code not in (401, 403, 303), (path, response.status_code)


def test_a_viewer_token_cannot_change_anything_either(
    server: TestClient, server_app: FastAPI, db: Session
) -> None:
    make_user(db, Role.VIEWER, username="vera")
    db.commit()
    sign_in(server, "vera")
    token = server.post(
        "/api/account/tokens",
        json={"name": "script"},
        headers={"X-CSRF-Token": csrf_from(server.get("/account").text)},
    ).json()["token"]
    bare = TestClient(server_app, raise_server_exceptions=False)
    for method, path in unsafe_routes(server_app):
        if (method, path) in VIEWER_MAY_CHANGE:
            continue
        response = bare.request(
            method, concrete(path), headers={"Authorization": f"Bearer {token}"}
        )
        assert response.status_code == 403, (method, path, response.status_code)


def test_posts_without_the_csrf_token_are_refused_on_every_route(
    server: TestClient, server_app: FastAPI, db: Session
) -> None:
    make_user(db, Role.OWNER, username="olga")
    db.commit()
    sign_in(server, "olga")
    for method, path in unsafe_routes(server_app):
        if path == "/login":
            continue
        response = server.request(
            method, concrete(path), data={"name": "x"}, follow_redirects=False
        )
        assert response.status_code == 403, (method, path, response.status_code)
        if path.startswith("/api"):
            assert_error(response, 403, "csrf_failed")
        else:
            assert "reload" in response.text


def test_a_wrong_csrf_token_is_refused_and_the_right_one_accepted(
    server: TestClient, db: Session
) -> None:
    make_user(db, Role.OWNER, username="olga")
    db.commit()
    csrf = sign_in(server, "olga")
    wrong = server.post("/account/tokens", data={"name": "x", "csrf_token": csrf[:-2] + "zz"})
    assert wrong.status_code == 403
    right = server.post("/account/tokens", data={"name": "tablet", "csrf_token": csrf})
    assert right.status_code == 200
    assert "shown only this once" in right.text


def test_the_csrf_token_is_read_from_multipart_forms_and_a_broken_body_is_refused(
    server: TestClient, db: Session
) -> None:
    make_user(db, Role.OWNER, username="olga")
    db.commit()
    csrf = sign_in(server, "olga")
    fields = {"name": (None, "upload"), "csrf_token": (None, csrf)}
    multipart = server.post("/account/tokens", files=fields)
    assert multipart.status_code == 200
    assert "shown only this once" in multipart.text
    broken = server.post(
        "/account/tokens",
        content=b"--x\r\nnot a part",
        headers={"Content-Type": "multipart/form-data; boundary=x"},
    )
    assert broken.status_code == 403


def test_cross_site_posts_are_refused_even_with_a_token(server: TestClient, db: Session) -> None:
    make_user(db, Role.OWNER, username="olga")
    db.commit()
    csrf = sign_in(server, "olga")
    form = {"name": "x", "csrf_token": csrf}
    evil = server.post("/account/tokens", data=form, headers={"Origin": "https://evil.example"})
    assert evil.status_code == 403
    sandboxed = server.post("/account/tokens", data=form, headers={"Origin": "null"})
    assert sandboxed.status_code == 403
    fetched = server.post("/account/tokens", data=form, headers={"Sec-Fetch-Site": "cross-site"})
    assert fetched.status_code == 403
    ours = server.post("/account/tokens", data=form, headers={"Origin": "http://testserver"})
    assert ours.status_code == 200


def test_local_mode_refuses_cross_site_posts_too(client: TestClient) -> None:
    response = client.post(
        "/api/users",
        json={"username": "mallory", "password": "long enough", "role": "owner"},
        headers={"Origin": "https://evil.example"},
    )
    assert_error(response, 403, "forbidden", says="cross-site")


def test_every_post_form_in_the_templates_carries_the_csrf_field() -> None:
    post_form = re.compile(r"<form\b[^>]*method=[\"']?post[^>]*>(.*?)</form>", re.S | re.I)
    forms = 0
    for template in sorted(TEMPLATES_DIR.rglob("*.html")):
        for body in post_form.findall(template.read_text()):
            forms += 1
            assert "csrf_input()" in body, f"a POST form in {template.name} lacks csrf_input()"
    assert forms > 20


# --- signing in and out --------------------------------------------------------------------


def test_signing_in_leads_back_to_the_page_asked_for(server: TestClient, db: Session) -> None:
    make_user(db, Role.BAKER, username="ben")
    db.commit()
    first = server.get("/events", follow_redirects=False)
    assert first.headers["location"] == "/login?next=%2Fevents"
    token = csrf_from(server.get("/login?next=/events").text)
    form = {"username": "ben", "password": PASSWORD, "csrf_token": token, "next": "/events"}
    response = server.post("/login", data=form, follow_redirects=False)
    assert response.status_code == 303
    assert response.headers["location"] == "/events"
    assert server.get("/events", follow_redirects=False).status_code == 200


def test_the_session_and_device_cookies_are_signed_http_only_and_same_site(
    server: TestClient, db: Session
) -> None:
    make_user(db, Role.BAKER, username="ben")
    db.commit()
    token = csrf_from(server.get("/login").text)
    form = {"username": "ben", "password": PASSWORD, "csrf_token": token}
    response = server.post("/login", data=form, follow_redirects=False)
    cookies = {c.partition("=")[0]: c.lower() for c in response.headers.get_list("set-cookie")}
    assert set(cookies) == {SESSION_COOKIE, DEVICE_COOKIE}
    for cookie in cookies.values():
        assert "httponly" in cookie
        assert "samesite=lax" in cookie
        assert "secure" not in cookie
    server.cookies.set(SESSION_COOKIE, "forged." + server.cookies[SESSION_COOKIE][7:])
    assert server.get("/account", follow_redirects=False).status_code == 303


def test_cookies_are_secure_when_configured(migrated_engine: Engine, db: Session) -> None:
    settings = Settings(
        database_url=migrated_engine.url.render_as_string(False), cookie_secure=True,
        secret_key="test-secret",
    )  # fmt: skip
    application = create_app(settings)
    application.state.engine.dispose()
    application.state.session_factory = make_session_factory(migrated_engine)
    with local_client(application) as client:
        assert "secure" in client.get("/login").headers["set-cookie"].lower()


def test_the_login_form_needs_its_csrf_token(server: TestClient, db: Session) -> None:
    make_user(db, Role.BAKER, username="ben")
    db.commit()
    server.get("/login")
    response = server.post("/login", data={"username": "ben", "password": PASSWORD})
    assert response.status_code == 403


def test_a_wrong_password_is_refused_and_recorded(server: TestClient, db: Session) -> None:
    make_user(db, Role.BAKER, username="ben")
    db.commit()
    token = csrf_from(server.get("/login").text)
    form = {"username": "ben", "password": "nope nope", "csrf_token": token}
    response = server.post("/login", data=form)
    assert response.status_code == 401
    assert "wrong username or password" in response.text
    assert 'value="ben"' in response.text
    db.expire_all()
    failed = db.scalars(select(AuthEvent).where(AuthEvent.kind == AuthEventKind.LOGIN_FAILED))
    assert [(e.username, e.ip) for e in failed] == [("ben", "testclient")]


def test_repeated_failures_are_rate_limited(server: TestClient, db: Session) -> None:
    make_user(db, Role.BAKER, username="ben")
    db.commit()
    token = csrf_from(server.get("/login").text)
    for _ in range(MAX_FAILURES_PER_USERNAME_AND_IP):
        form = {"username": "ben", "password": "guess guess", "csrf_token": token}
        assert server.post("/login", data=form).status_code == 401
    form = {"username": "ben", "password": PASSWORD, "csrf_token": token}
    response = server.post("/login", data=form)
    assert response.status_code == 429
    assert int(response.headers["retry-after"]) > 0
    assert "too many failed sign-ins" in response.text


@pytest.mark.parametrize("target", ["//evil.example/", "https://evil.example/", "/\\evil.example"])
def test_signing_in_never_redirects_to_another_site(
    server: TestClient, db: Session, target: str
) -> None:
    make_user(db, Role.BAKER, username="ben")
    db.commit()
    token = csrf_from(server.get("/login").text)
    form = {"username": "ben", "password": PASSWORD, "csrf_token": token, "next": target}
    response = server.post("/login", data=form, follow_redirects=False)
    assert response.headers["location"] == "/"


def test_signing_out_ends_the_session_and_is_recorded(server: TestClient, db: Session) -> None:
    make_user(db, Role.BAKER, username="ben")
    db.commit()
    csrf = sign_in(server, "ben")
    assert server.get("/login", follow_redirects=False).status_code == 303  # already in
    response = server.post("/logout", data={"csrf_token": csrf}, follow_redirects=False)
    assert response.headers["location"] == "/login"
    assert server.get("/", follow_redirects=False).status_code == 303
    db.expire_all()
    assert (
        db.scalar(select(AuthEvent.kind).order_by(AuthEvent.id.desc()).limit(1))
        is AuthEventKind.LOGOUT
    )


def test_a_new_password_ends_other_sessions_but_not_this_one(
    server_app: FastAPI, db: Session
) -> None:
    make_user(db, Role.BAKER, username="ben")
    db.commit()
    with TestClient(server_app) as phone, TestClient(server_app) as laptop:
        sign_in(phone, "ben")
        csrf = sign_in(laptop, "ben")
        form = {
            "current_password": PASSWORD, "new_password": "a new secret", "confirm_password":
            "a new secret", "csrf_token": csrf,
        }  # fmt: skip
        changed = laptop.post("/account/password", data=form, follow_redirects=False)
        assert changed.headers["location"] == "/account?done=password"
        assert laptop.get("/account", follow_redirects=False).status_code == 200
        assert phone.get("/account", follow_redirects=False).status_code == 303


def test_a_mistyped_confirmation_changes_nothing(server: TestClient, db: Session) -> None:
    make_user(db, Role.BAKER, username="ben")
    db.commit()
    csrf = sign_in(server, "ben")
    form = {
        "current_password": PASSWORD, "new_password": "a new secret",
        "confirm_password": "a new secret!", "csrf_token": csrf,
    }  # fmt: skip
    response = server.post("/account/password", data=form)
    assert response.status_code == 422
    assert "confirmation differ" in response.text


def test_a_role_change_or_a_disabled_account_ends_the_session(
    server: TestClient, db: Session
) -> None:
    make_user(db, Role.OWNER, username="olga")
    make_user(db, Role.BAKER, username="ben")
    db.commit()
    sign_in(server, "ben")
    assert server.get("/users", follow_redirects=False).status_code == 403
    accounts.set_role(db, "ben", Role.OWNER, actor="olga")
    db.commit()
    assert server.get("/users", follow_redirects=False).status_code == 303  # sign in again
    csrf = sign_in(server, "ben")
    assert server.get("/users", follow_redirects=False).status_code == 200
    accounts.set_active(db, "ben", False, actor="olga")
    db.commit()
    response = server.post(
        "/account/tokens", data={"name": "x", "csrf_token": csrf}, follow_redirects=False
    )
    assert response.status_code == 303  # signed out: back to the login page


# --- API tokens -----------------------------------------------------------------------------


def test_a_token_works_without_a_cookie_and_stops_when_revoked(
    server: TestClient, server_app: FastAPI, db: Session
) -> None:
    make_user(db, Role.BAKER, username="ben")
    db.commit()
    csrf = sign_in(server, "ben")
    page = server.post("/account/tokens", data={"name": "tablet", "csrf_token": csrf})
    token = page.text.split('aria-label="The new API token">')[1].split("<")[0]
    script = TestClient(server_app)
    me = script.get("/api/me", headers={"Authorization": f"Bearer {token}"})
    assert me.json() == {
        "username": "ben",
        "display_name": me.json()["display_name"],
        "role": "baker",
        "via": "token",
    }
    created = script.post(
        "/api/account/tokens", json={"name": "second"}, headers={"Authorization": f"Bearer {token}"}
    )
    assert created.status_code == 201  # no CSRF token needed with a bearer token
    listed = script.get("/api/account/tokens", headers={"Authorization": f"Bearer {token}"})
    [first, _second] = listed.json()["items"]
    revoked = server.post(f"/account/tokens/{first['id']}/revoke", data={"csrf_token": csrf})
    assert revoked.status_code == 200
    refused = script.get("/api/me", headers={"Authorization": f"Bearer {token}"})
    assert_error(refused, 401, "unauthenticated", says="invalid API token")


def test_an_unknown_token_is_refused_even_in_local_mode(client: TestClient) -> None:
    response = client.get("/api/me", headers={"Authorization": "Bearer bh_made-up"})
    assert_error(response, 401, "unauthenticated")


def test_a_token_cannot_revoke_another_users_token(server_app: FastAPI, db: Session) -> None:
    make_user(db, Role.BAKER, username="ben")
    make_user(db, Role.BAKER, username="eve")
    db.commit()
    bens = create_api_token(db, "ben", "script")
    eves = create_api_token(db, "eve", "script")
    db.commit()
    script = TestClient(server_app)
    response = script.delete(
        f"/api/account/tokens/{bens.token.id}",
        headers={"Authorization": f"Bearer {eves.plain_text}"},
    )
    assert_error(response, 404, "not_found")


# --- local mode -----------------------------------------------------------------------------


def test_local_mode_needs_no_sign_in_until_the_first_user_exists(client: TestClient) -> None:
    assert client.get("/", follow_redirects=False).status_code == 200
    assert client.get("/api/me").json()["via"] == "local"
    assert "local mode" in client.get("/login").text
    created = client.post(
        "/api/users", json={"username": "olga", "password": "long enough", "role": "owner"}
    )
    assert created.status_code == 201
    assert client.get("/", follow_redirects=False).status_code == 303
    assert_error(client.get("/api/me"), 401, "unauthenticated")


@pytest.mark.parametrize("header", ["X-Forwarded-For", "Forwarded", "X-Real-IP"])
def test_local_mode_does_not_extend_to_requests_through_a_proxy(
    client: TestClient, header: str
) -> None:
    proxied = {header: "203.0.113.9"}
    assert client.get("/", headers=proxied, follow_redirects=False).status_code == 303
    assert_error(client.get("/api/dashboard", headers=proxied), 401, "unauthenticated")
    assert client.get("/", follow_redirects=False).status_code == 200


def test_in_local_mode_the_account_page_explains_there_is_none(client: TestClient) -> None:
    page = client.get("/account")
    assert page.status_code == 200
    assert "Local mode" in page.text
    response = client.post("/api/account/tokens", json={"name": "x"})
    assert_error(response, 422, "invalid_input", says="local mode")


def test_server_mode_without_users_lets_nobody_in(server_app: FastAPI) -> None:
    with local_client(server_app) as here:
        assert here.get("/", follow_redirects=False).status_code == 303
        assert_error(here.get("/api/dashboard"), 401, "unauthenticated")


# --- the users page -------------------------------------------------------------------------


def test_an_owner_adds_users_and_changes_their_roles(server: TestClient, db: Session) -> None:
    make_user(db, Role.OWNER, username="olga")
    db.commit()
    csrf = sign_in(server, "olga")
    form = {
        "username": "Ben",
        "display_name": "Ben B.",
        "role": "baker",
        "password": "long enough",
        "csrf_token": csrf,
    }
    assert (
        server.post("/users", data=form, follow_redirects=False).headers["location"]
        == "/users?done=added"
    )
    bad = server.post("/users", data=form | {"username": "ben"})
    assert bad.status_code == 422
    assert "already a user called" in bad.text
    role = server.post(
        "/users/ben/role", data={"role": "viewer", "csrf_token": csrf}, follow_redirects=False
    )
    assert role.status_code == 303
    page = server.get("/users")
    assert "Ben B." in page.text
    assert "baker → viewer by olga" in page.text
    last_owner = server.post("/users/olga/role", data={"role": "baker", "csrf_token": csrf})
    assert last_owner.status_code == 422
    assert "only owner" in last_owner.text
    db.expire_all()
    assert db.scalar(select(User.role).where(User.username == "ben")) is Role.VIEWER


def test_an_owner_disables_and_resets_accounts(server: TestClient, db: Session) -> None:
    make_user(db, Role.OWNER, username="olga")
    make_user(db, Role.BAKER, username="ben")
    db.commit()
    csrf = sign_in(server, "olga")
    server.post("/users/ben/active", data={"active": "false", "csrf_token": csrf})
    server.post("/users/ben/password", data={"password": "reset reset", "csrf_token": csrf})
    db.expire_all()
    ben = db.scalars(select(User).where(User.username == "ben")).one()
    assert not ben.is_active
    assert authenticate(db, "ben", "reset reset", ip="x").user is None
    db.commit()  # the refused attempt is recorded; let the next request write too
    unknown = server.post("/users/nobody/active", data={"active": "true", "csrf_token": csrf})
    assert unknown.status_code == 422


def test_the_users_api_is_for_owners(server_app: FastAPI, db: Session) -> None:
    make_user(db, Role.OWNER, username="olga")
    db.commit()
    token = create_api_token(db, "olga", "admin").plain_text
    db.commit()
    script = TestClient(server_app)
    auth = {"Authorization": f"Bearer {token}"}
    added = script.post(
        "/api/users",
        json={"username": "ben", "password": "long enough", "role": "baker"},
        headers=auth,
    )
    assert added.status_code == 201
    changed = script.patch(
        "/api/users/ben", json={"role": "viewer", "is_active": False}, headers=auth
    )
    assert (changed.json()["role"], changed.json()["is_active"]) == ("viewer", False)
    listed = script.get("/api/users", headers=auth).json()
    assert [u["username"] for u in listed["items"]] == ["ben", "olga"]
    assert_error(
        script.post("/api/users", json={"username": "x", "password": "short"}, headers=auth),
        422, "invalid_input", field="password",
    )  # fmt: skip


def test_a_baker_bakes_and_delivers_but_cannot_edit_recipes(
    server_app: FastAPI, db: Session
) -> None:
    season = make_cookie_season(db)
    make_user(db, Role.BAKER, username="ben")
    db.commit()
    token = create_api_token(db, "ben", "kitchen tablet").plain_text
    db.commit()
    script = TestClient(server_app)
    auth = {"Authorization": f"Bearer {token}"}
    bake = {"event_id": season.event.id, "recipe_id": season.recipe.id, "batches": 1}
    baked = script.post("/api/bakes", json=bake, headers=auth)
    assert baked.status_code == 201, baked.text
    assembled = script.post(
        f"/api/assignments/{season.assignment.id}/status",
        json={"status": "assembled"},
        headers=auth,
    )
    assert assembled.status_code == 200, assembled.text
    refused = script.patch(f"/api/recipes/{season.recipe.id}", json={"name": "Mine"}, headers=auth)
    assert_error(refused, 403, "forbidden", says="a baker cannot do this")


def test_empty_fields_get_a_message_next_to_them(server: TestClient, db: Session) -> None:
    make_user(db, Role.OWNER, username="olga")
    db.commit()
    csrf = sign_in(server, "olga")
    token = server.post("/account/tokens", data={"name": "", "csrf_token": csrf})
    assert token.status_code == 422
    assert "give the token a name" in token.text
    user = server.post("/users", data={"username": "ben", "password": "", "csrf_token": csrf})
    assert user.status_code == 422
    assert "at least 8 characters" in user.text
    ok = server.post(
        "/users", data={"username": "ben", "display_name": "", "password": "long enough",
                        "csrf_token": csrf}, follow_redirects=False,
    )  # fmt: skip
    assert ok.status_code == 303
