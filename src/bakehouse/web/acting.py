"""Who a request acts for, in the words the account pages and the account API share.

:mod:`bakehouse.web.auth` decides who is asking before any handler runs; these helpers read
that answer for a handler (the principal, its account, the name the sign-in log records, the
client's address) and hash a new password before the write transaction begins.
"""

from __future__ import annotations

from fastapi import Request

from bakehouse.errors import InvalidInput
from bakehouse.services.accounts import passwords
from bakehouse.services.accounts.passwords import HashedPassword
from bakehouse.web.auth import LOCAL_BAKER, Principal, principal_of


def client_ip(request: Request) -> str:
    return request.client.host if request.client else ""


def acting(request: Request) -> Principal:
    """The signed-in user, or the local baker in local mode."""
    return principal_of(request) or LOCAL_BAKER


def account_name(principal: Principal) -> str:
    """The principal's user name; :class:`InvalidInput` in local mode (no account)."""
    if principal.is_local:
        raise InvalidInput(
            "in local mode nobody signs in, so there is no account; add an owner on the "
            "Users page or with `bakehouse user add NAME --role owner`"
        )
    return principal.username


def actor_name(principal: Principal) -> str:
    """Who the sign-in log says acted."""
    return "the local baker" if principal.is_local else principal.username


def prepared_password(value: object, field: str = "password") -> HashedPassword | None:
    """The new password hashed ahead of the transaction; None when it breaks the rules
    (the service then says so, beside the field)."""
    try:
        return passwords.prepare_password(str(value or ""), field)
    except InvalidInput:
        return None
