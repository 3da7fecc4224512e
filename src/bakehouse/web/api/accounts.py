"""JSON API for accounts: who am I, my API tokens, and (owners) the users."""

from __future__ import annotations

from fastapi import APIRouter, Request

from bakehouse.schemas.accounts import (
    PrincipalRead,
    SessionsEnded,
    TokenCreated,
    TokenRead,
    UserRead,
)
from bakehouse.services.accounts import accounts, api_tokens
from bakehouse.web.acting import account_name, acting, actor_name, client_ip, prepared_password
from bakehouse.web.api.schemas_accounts import TokenCreate, UserCreate, UserUpdate
from bakehouse.web.api.schemas_fields import PathId
from bakehouse.web.api.strict_json import StrictJsonRoute
from bakehouse.web.auth import sign_out
from bakehouse.web.deps import DB
from bakehouse.web.pagination import Page, Paging, paginate

router = APIRouter(tags=["accounts"], route_class=StrictJsonRoute)


@router.get("/me", response_model=PrincipalRead)
def who_am_i(request: Request) -> PrincipalRead:
    """The user this request acts for (the local baker in local mode)."""
    return PrincipalRead.model_validate(acting(request))


@router.post("/account/sign-out-everywhere", response_model=SessionsEnded)
def sign_out_everywhere(request: Request, db: DB) -> SessionsEnded:
    """End every browser session of my account (API tokens keep working; revoke them apart).

    The browser sending this, if any, is signed out too.
    """
    with db.transaction() as session:
        name, ip = account_name(acting(request)), client_ip(request)
        ended = accounts.sign_out_everywhere(session, name, actor=name, ip=ip)
    sign_out(request)
    return SessionsEnded(sessions_ended=ended)


@router.get("/account/tokens", response_model=Page[TokenRead])
def list_my_tokens(request: Request, db: DB, paging: Paging) -> dict[str, object]:
    """My API tokens, revoked ones included (never the token text itself)."""
    with db.transaction() as session:
        tokens = api_tokens.list_api_tokens(session, account_name(acting(request)))
        rows = [TokenRead.model_validate(t) for t in tokens]
    return paginate(rows, paging)


@router.post("/account/tokens", response_model=TokenCreated, status_code=201)
def create_my_token(request: Request, body: TokenCreate, db: DB) -> TokenCreated:
    """A new token for me; its text is in this answer only."""
    with db.transaction() as session:
        name, ip = account_name(acting(request)), client_ip(request)
        created = api_tokens.create_api_token(session, name, body.name, ip=ip)
        read = TokenRead.model_validate(created.token)
    return TokenCreated(**read.model_dump(), token=created.plain_text)


@router.delete("/account/tokens/{token_id}", response_model=TokenRead)
def revoke_my_token(request: Request, token_id: PathId, db: DB) -> TokenRead:
    """Revoke one of my tokens (another user's token is not found)."""
    with db.transaction() as session:
        name, ip = account_name(acting(request)), client_ip(request)
        token = api_tokens.revoke_api_token(session, token_id, username=name, ip=ip)
        return TokenRead.model_validate(token)


@router.get("/users", response_model=Page[UserRead])
def list_users(db: DB, paging: Paging) -> dict[str, object]:
    """Every user, by username (owners only)."""
    with db.transaction() as session:
        rows = [UserRead.model_validate(u) for u in accounts.list_users(session)]
    return paginate(rows, paging)


@router.post("/users", response_model=UserRead, status_code=201)
def add_user(request: Request, body: UserCreate, db: DB) -> UserRead:
    """Add a user with a role (owners only)."""
    password = prepared_password(body.password) or body.password  # hashed before the write
    with db.transaction() as session:
        user = accounts.add_user(
            session, body.username, password, role=body.role,
            display_name=body.display_name, actor=actor_name(acting(request)),
            ip=client_ip(request),
        )  # fmt: skip
        return UserRead.model_validate(user)


@router.patch("/users/{username}", response_model=UserRead)
def update_user(request: Request, username: str, body: UserUpdate, db: DB) -> UserRead:
    """Change a user's role, active flag or password (owners only; never the last owner)."""
    changes = body.model_dump(exclude_none=True)
    if "password" in changes:  # hashed before the write transaction
        changes["password"] = prepared_password(changes["password"]) or changes["password"]
    with db.transaction() as session:
        user = accounts.update_user(
            session, username, **changes,
            actor=actor_name(acting(request)), ip=client_ip(request),
        )  # fmt: skip
        return UserRead.model_validate(user)
