"""Pages for signing in and out, one's own account (password, API tokens), and users.

Who may reach which page is decided by :mod:`bakehouse.web.auth` before these run
(``/users`` is for owners); the handlers only act for the principal it found.
"""

from __future__ import annotations

from typing import Any

from fastapi import APIRouter, Request
from fastapi.responses import RedirectResponse, Response
from pydantic import BaseModel, ConfigDict, model_validator
from sqlalchemy.orm import Session

from bakehouse.db.engine import transaction
from bakehouse.domain.inputs import TextLimit
from bakehouse.domain.permissions import Role
from bakehouse.errors import ServerBusy
from bakehouse.services.accounts import accounts, api_tokens, passwords, sign_in
from bakehouse.services.accounts import sessions as account_sessions
from bakehouse.services.accounts.sign_in import LoginOutcome, LoginRefusal
from bakehouse.services.core.checks import text_input
from bakehouse.web import auth
from bakehouse.web.acting import account_name, acting, actor_name, client_ip, prepared_password
from bakehouse.web.auth import login_required, principal_of
from bakehouse.web.deps import DB, Database, render
from bakehouse.web.forms import GENERAL, FormData, submit_form
from bakehouse.web.pages.form_fields import Text
from bakehouse.web.remembered_devices import remember_device, remembered_user_ids

router = APIRouter(include_in_schema=False)
REFUSAL_STATUS = {
    LoginRefusal.BAD_CREDENTIALS: 401,
    LoginRefusal.THROTTLED: 429,
    LoginRefusal.BUSY: 503,
    None: 401,
}
LOGIN = "pages/login.html"
ACCOUNT = "pages/account.html"
USERS = "pages/users.html"
NOTICES = {
    "added": "User added.",
    "role": "Role changed.",
    "active": "Account updated.",
    "password": "Password changed.",
    "revoked": "Token revoked.",
    "everywhere": "Signed out everywhere else.",
}


class _Form(BaseModel):
    model_config = ConfigDict(extra="ignore", str_strip_whitespace=False)


class TokenForm(_Form):
    name: Text = ""


class NewPasswordForm(_Form):
    current_password: Text = ""
    new_password: Text = ""
    confirm_password: Text = ""

    @model_validator(mode="after")
    def _confirmed(self) -> NewPasswordForm:
        if self.new_password != self.confirm_password:
            raise ValueError("the new password and its confirmation differ")
        return self


class UserForm(_Form):
    username: Text = ""
    display_name: Text = ""
    role: Role = Role.VIEWER
    password: Text = ""


class RoleForm(_Form):
    role: Role


class ActiveForm(_Form):
    active: bool


class PasswordResetForm(_Form):
    password: Text = ""


def safe_next(target: object) -> str:
    """A local path to go to after signing in; anything else (another site) becomes "/"."""
    if isinstance(target, str) and target.startswith("/") and not target.startswith(("//", "/\\")):
        return target
    return "/"


@router.get("/login")
def login_page(request: Request, next: str = "/") -> Response:
    principal = principal_of(request)
    if principal is not None and not principal.is_local:
        return RedirectResponse(safe_next(next), status_code=303)
    context = {
        "values": {"next": safe_next(next)},
        "errors": {},
        "local": not login_required(request),
    }
    return render(request, LOGIN, context)


@router.post("/login")
def login(request: Request, db: DB, form: FormData) -> Response:
    username, password = str(form.get("username", "")), str(form.get("password", ""))
    username = text_input(username, field="username", max_length=TextLimit.USERNAME)
    outcome, session_key = attempt_sign_in(request, db, username, password)
    if outcome.user is not None and session_key is not None:
        auth.sign_in(request, session_key)
        response: Response = RedirectResponse(safe_next(form.get("next")), status_code=303)
        remember_device(request, response, outcome.user.id)
        return response
    values = {"username": username, "next": safe_next(form.get("next"))}
    context = {"values": values, "errors": {GENERAL: outcome.message}, "local": False}
    response = render(request, LOGIN, context, status_code=REFUSAL_STATUS[outcome.refusal])
    if outcome.retry_after_seconds:
        response.headers["Retry-After"] = str(outcome.retry_after_seconds)
    return response


def attempt_sign_in(
    request: Request, db: Database, username: str, password: str
) -> tuple[LoginOutcome, str | None]:
    """Reserve, check the password outside any transaction, record; a session on success."""
    ip, now = client_ip(request), request.app.state.clock()
    with db.transaction() as session:
        reservation = sign_in.reserve_sign_in(
            session, username, ip=ip, remembered_user_ids=remembered_user_ids(request), now=now
        )
    if reservation.refused:
        return reservation.refusal(), None
    try:
        check = sign_in.check_password(reservation, password)
    except ServerBusy as busy:
        with db.transaction() as session:
            wait = busy.retry_after_seconds
            return sign_in.record_not_checked(session, reservation, "server busy", wait), None
    with db.transaction() as session:
        outcome = sign_in.record_sign_in(session, reservation, check, now=now)
        if outcome.user is None:
            return outcome, None
        started = account_sessions.start_session(session, outcome.user, ip=ip, now=now)
    return outcome, started.key


@router.post("/logout")
def logout(request: Request, db: DB) -> Response:
    principal = acting(request)
    if not principal.is_local:
        with db.transaction() as session:
            key = auth.session_key_of(request)
            if key is not None:
                account_sessions.end_session(session, key)
            accounts.record_logout(session, principal.username, ip=client_ip(request))
    auth.sign_out(request)
    return RedirectResponse("/login" if not principal.is_local else "/", status_code=303)


@router.post("/account/sign-out-everywhere")
def sign_out_everywhere(request: Request, db: DB, form: FormData) -> Response:
    """End every session of this account but keep this browser signed in (a new session)."""

    def action(session: Session, _: _Form) -> str:
        name, ip = account_name(acting(request)), client_ip(request)
        accounts.sign_out_everywhere(session, name, actor=name, ip=ip)
        _start_fresh_session(request, session, name)
        return "/account?done=everywhere"

    return submit_form(request, db, form, _Form, action, ACCOUNT, _account_context(request))


def _start_fresh_session(request: Request, session: Session, username: str) -> None:
    """Keep this browser signed in after its sessions were ended (a new key, a new CSRF)."""
    user = accounts.get_user(session, username)
    started = account_sessions.start_session(session, user, ip=client_ip(request))
    auth.sign_in(request, started.key)


def _account_context(request: Request) -> Any:
    def context(session: Session) -> dict[str, Any]:
        principal = acting(request)
        tokens = (
            [] if principal.is_local else api_tokens.list_api_tokens(session, principal.username)
        )
        return {"section": "account", "principal": principal, "tokens": tokens, "new_token": None}

    return context


@router.get("/account")
def account_page(request: Request, db: DB, done: str | None = None) -> Response:
    with db.transaction() as session:
        context = _account_context(request)(session) | {"flash": _flash(done)}
        return render(request, ACCOUNT, context | {"errors": {}, "values": {}})


@router.post("/account/tokens")
def create_token(request: Request, db: DB, form: FormData) -> Response:
    """A new token, shown on the account page this once (no redirect: it is never stored)."""

    def action(session: Session, data: TokenForm) -> Response:
        name, ip = account_name(acting(request)), client_ip(request)
        created = api_tokens.create_api_token(session, name, data.name, ip=ip)
        shown = {"new_token": created.plain_text, "new_token_name": created.token.name}
        context = _account_context(request)(session) | shown
        return render(request, ACCOUNT, context | {"errors": {}, "values": {}})

    return submit_form(request, db, form, TokenForm, action, ACCOUNT, _account_context(request))


@router.post("/account/tokens/{token_id}/revoke")
def revoke_token(request: Request, db: DB, token_id: int, form: FormData) -> Response:
    def action(session: Session, _: _Form) -> str:
        name = account_name(acting(request))
        api_tokens.revoke_api_token(session, token_id, username=name, ip=client_ip(request))
        return "/account?done=revoked"

    return submit_form(request, db, form, _Form, action, ACCOUNT, _account_context(request))


@router.post("/account/password")
def change_password(request: Request, db: DB, form: FormData) -> Response:
    # Both Argon2 steps happen here, before the write transaction below begins.
    checked = _checked_current_password(request, db, str(form.get("current_password", "")))
    confirmed = form.get("new_password") == form.get("confirm_password")
    wanted = checked is not None and confirmed
    prepared = prepared_password(form.get("new_password"), "new_password") if wanted else None

    def action(session: Session, data: NewPasswordForm) -> str:
        name, ip = account_name(acting(request)), client_ip(request)
        new = prepared if prepared is not None else data.new_password
        accounts.change_own_password(
            session, name, data.current_password, new, ip=ip, current_hash_checked=checked or ""
        )
        _start_fresh_session(request, session, name)  # the change ended every session
        return "/account?done=password"

    return submit_form(
        request, db, form, NewPasswordForm, action, ACCOUNT, _account_context(request)
    )


def _checked_current_password(request: Request, db: Database, password: str) -> str | None:
    """The account's hash when ``password`` matches it (checked outside any transaction)."""
    principal = acting(request)
    if principal.is_local:
        return None
    with transaction(db.factory, write=False) as session:
        stored = accounts.get_user(session, principal.username).password_hash
    return stored if passwords.verify_password(stored, password) else None


def _users_context(session: Session) -> dict[str, Any]:
    return {
        "section": "users",
        "users": accounts.list_users(session),
        "events": accounts.list_auth_events(session, limit=30),
        "roles": [(role.value, role.value.capitalize()) for role in Role],
    }


@router.get("/users")
def users_page(request: Request, db: DB, done: str | None = None) -> Response:
    with db.transaction() as session:
        context = _users_context(session) | {"flash": _flash(done)}
        return render(request, USERS, context | {"errors": {}, "values": {}})


@router.post("/users")
def add_user(request: Request, db: DB, form: FormData) -> Response:
    prepared = prepared_password(form.get("password"))

    def action(session: Session, data: UserForm) -> str:
        principal = acting(request)
        accounts.add_user(
            session, data.username, prepared or data.password, role=data.role,
            display_name=data.display_name, actor=actor_name(principal), ip=client_ip(request),
        )  # fmt: skip
        return "/login?next=/users" if principal.is_local else "/users?done=added"

    return submit_form(request, db, form, UserForm, action, USERS, _users_context)


@router.post("/users/{username}/role")
def change_role(request: Request, db: DB, username: str, form: FormData) -> Response:
    def action(session: Session, data: RoleForm) -> str:
        actor, ip = actor_name(acting(request)), client_ip(request)
        accounts.set_role(session, username, data.role, actor=actor, ip=ip)
        return "/users?done=role"

    return submit_form(request, db, form, RoleForm, action, USERS, _users_context)


@router.post("/users/{username}/active")
def change_active(request: Request, db: DB, username: str, form: FormData) -> Response:
    def action(session: Session, data: ActiveForm) -> str:
        actor, ip = actor_name(acting(request)), client_ip(request)
        accounts.set_active(session, username, data.active, actor=actor, ip=ip)
        return "/users?done=active"

    return submit_form(request, db, form, ActiveForm, action, USERS, _users_context)


@router.post("/users/{username}/password")
def reset_password(request: Request, db: DB, username: str, form: FormData) -> Response:
    prepared = prepared_password(form.get("password"))

    def action(session: Session, data: PasswordResetForm) -> str:
        actor, ip = actor_name(acting(request)), client_ip(request)
        accounts.set_password(session, username, prepared or data.password, actor=actor, ip=ip)
        return "/users?done=password"

    return submit_form(request, db, form, PasswordResetForm, action, USERS, _users_context)


def _flash(done: str | None) -> dict[str, str] | None:
    message = NOTICES.get(done or "")
    return {"kind": "ok", "message": message} if message else None
