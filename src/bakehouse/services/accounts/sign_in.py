"""Signing in, in three steps so no password is checked inside a transaction.

1. :func:`reserve_sign_in` — a short write transaction: under a lock that serialises
   reservations (SQLite's write lock; a PostgreSQL advisory lock), count recent failures,
   and either record a refusal or record the attempt as ``login_checking``, which counts
   like a failure from that moment on;
2. :func:`check_password` — Argon2, outside any transaction (it takes a tenth of a second
   or more, and 64 MiB);
3. :func:`record_sign_in` — a short write transaction: the attempt becomes ``login_ok``
   or ``login_failed``.

Because the attempt is counted before the password is checked, simultaneous guesses
cannot all slip under a limit: 40 at once against a limit of 5 check exactly 5 passwords,
whatever the number of worker processes. An attempt whose step 3 never happens (a crash)
stays counted as a failure. The limits are in :mod:`bakehouse.domain.sign_in_limits`; the
counts come from the ``auth_event`` table, so they hold across processes and restarts.
"""

from __future__ import annotations

from collections.abc import Collection
from dataclasses import dataclass
from datetime import datetime
from enum import StrEnum
from typing import Any

from sqlalchemy import Select, func, select, text
from sqlalchemy.orm import Session

from bakehouse.domain import sign_in_limits as limits
from bakehouse.domain.sign_in_limits import Failures
from bakehouse.domain.wording import count_of
from bakehouse.models import AuthEvent, AuthEventKind, User
from bakehouse.models.types import utcnow
from bakehouse.services.accounts.accounts import record_auth_event
from bakehouse.services.accounts.passwords import hash_password, needs_rehash, verify_password

#: Any number, the same in every process: the key of the PostgreSQL advisory lock.
SIGN_IN_LOCK_KEY = 0x6BAE5160
COUNTED = (AuthEventKind.LOGIN_FAILED, AuthEventKind.LOGIN_CHECKING)


class LoginRefusal(StrEnum):
    BAD_CREDENTIALS = "bad_credentials"
    THROTTLED = "throttled"
    BUSY = "busy"


@dataclass(frozen=True)
class LoginOutcome:
    """The result of a sign-in attempt: the user, or why not.

    A refused sign-in is returned rather than raised: the refusal is recorded in the
    caller's transaction, and raising would roll that record back.
    """

    user: User | None
    refusal: LoginRefusal | None = None
    retry_after_seconds: int = 0

    @property
    def message(self) -> str:
        if self.refusal is LoginRefusal.THROTTLED:
            if self.retry_after_seconds < 60:
                return f"too many failed sign-ins; try again in {self.retry_after_seconds} s"
            minutes = -(-self.retry_after_seconds // 60)
            return f"too many failed sign-ins; try again in {count_of(minutes, 'minute')}"
        if self.refusal is LoginRefusal.BUSY:
            return "the server is busy checking other sign-ins; try again in a moment"
        if self.refusal is LoginRefusal.BAD_CREDENTIALS:
            return "wrong username or password"
        return "signed in"


@dataclass(frozen=True)
class Reservation:
    """What step 1 decided: refused (with the wait), or the attempt to check and record."""

    username: str
    attempt_id: int | None = None
    user_id: int | None = None
    password_hash: str | None = None
    retry_after_seconds: int = 0

    @property
    def refused(self) -> bool:
        return self.attempt_id is None

    def refusal(self) -> LoginOutcome:
        return LoginOutcome(None, LoginRefusal.THROTTLED, self.retry_after_seconds)


@dataclass(frozen=True)
class PasswordCheck:
    """Step 2's answer, and a stronger hash to store when the old one is outdated."""

    matches: bool
    new_hash: str | None = None


def reserve_sign_in(
    session: Session,
    username: str,
    *,
    ip: str,
    remembered_user_ids: Collection[int] = (),
    now: datetime | None = None,
) -> Reservation:
    """Step 1: refuse (recorded as ``login_refused``) or reserve an attempt.

    ``remembered_user_ids`` are the accounts this browser signed in to before (its signed
    device cookie); for those the per-account delay does not apply.
    """
    now = now or utcnow()
    name = username.strip().lower()[:80]
    _lock_sign_ins(session)
    user = session.scalar(select(User).where(User.username == name))
    remembered = user is not None and user.id in remembered_user_ids
    wait, rule = _wait(session, name, ip, now, remembered)
    if wait:
        detail = f"{rule}; retry in {wait} s"
        record_auth_event(session, AuthEventKind.LOGIN_REFUSED, name, detail, ip, at=now)
        session.flush()
        return Reservation(name, retry_after_seconds=wait)
    detail = "remembered browser" if remembered else ""
    attempt = record_auth_event(session, AuthEventKind.LOGIN_CHECKING, name, detail, ip, at=now)
    session.flush()
    return Reservation(
        name,
        attempt_id=attempt.id,
        user_id=user.id if user is not None else None,
        password_hash=user.password_hash if user is not None else None,
    )


def check_password(reservation: Reservation, password: str) -> PasswordCheck:
    """Step 2 (no database): does the password match the hash read in step 1?

    An unknown user costs the same time as a known one and never matches.
    """
    matches = verify_password(reservation.password_hash, password)
    if matches and reservation.password_hash and needs_rehash(reservation.password_hash):
        return PasswordCheck(True, hash_password(password))
    return PasswordCheck(matches)


def record_sign_in(
    session: Session, reservation: Reservation, check: PasswordCheck, *, now: datetime | None = None
) -> LoginOutcome:
    """Step 3: record the attempt's result; the user when the sign-in succeeded.

    A password changed or an account disabled between the steps counts as a failure.
    """
    now = now or utcnow()
    attempt = session.get(AuthEvent, reservation.attempt_id) if reservation.attempt_id else None
    user = session.get(User, reservation.user_id) if reservation.user_id is not None else None
    reason = ""
    if user is None:
        reason = "unknown user"
    elif not check.matches:
        reason = "wrong password"
    elif not user.is_active:
        reason = "disabled"
    elif user.password_hash != reservation.password_hash:
        reason = "password changed meanwhile"
    if attempt is not None:
        attempt.kind = AuthEventKind.LOGIN_FAILED if reason else AuthEventKind.LOGIN_OK
        attempt.detail = reason or attempt.detail
    if reason or user is None:
        session.flush()
        return LoginOutcome(None, LoginRefusal.BAD_CREDENTIALS)
    if check.new_hash:
        user.password_hash = check.new_hash
    user.last_login_at = now
    session.flush()
    return LoginOutcome(user)


def record_not_checked(
    session: Session, reservation: Reservation, reason: str, retry_after_seconds: int
) -> LoginOutcome:
    """Step 3 when step 2 could not run (the server was busy): a refusal, not a failure."""
    attempt = session.get(AuthEvent, reservation.attempt_id) if reservation.attempt_id else None
    if attempt is not None:
        attempt.kind = AuthEventKind.LOGIN_REFUSED
        attempt.detail = reason
        session.flush()
    return LoginOutcome(None, LoginRefusal.BUSY, retry_after_seconds)


def authenticate(
    session: Session,
    username: str,
    password: str,
    *,
    ip: str,
    remembered_user_ids: Collection[int] = (),
    now: datetime | None = None,
) -> LoginOutcome:
    """The three steps in one session, for scripts and tests that hold one transaction.

    The web server runs them as three separate steps instead (see the module docstring).
    """
    reservation = reserve_sign_in(
        session, username, ip=ip, remembered_user_ids=remembered_user_ids, now=now
    )
    if reservation.refused:
        return reservation.refusal()
    return record_sign_in(session, reservation, check_password(reservation, password), now=now)


def _lock_sign_ins(session: Session) -> None:
    """Serialise reservations until the transaction ends (SQLite's write lock already does)."""
    if session.get_bind().dialect.name == "postgresql":
        session.execute(text("SELECT pg_advisory_xact_lock(:key)"), {"key": SIGN_IN_LOCK_KEY})


def _wait(session: Session, name: str, ip: str, now: datetime, remembered: bool) -> tuple[int, str]:
    """Seconds until an attempt is allowed (0: now), and the rule that decided.

    Attempts still being checked count like failures, so racing guesses cannot pass a
    limit; but when only they make the limit, the wait is a second (they settle soon:
    several people signing in together from one address are not sent away for minutes).
    """
    wait, rule = _wait_counting(session, name, ip, now, remembered, COUNTED)
    if wait:
        settled, _ = _wait_counting(
            session, name, ip, now, remembered, (AuthEventKind.LOGIN_FAILED,)
        )
        if not settled:
            return limits.IN_PROGRESS_RETRY_SECONDS, "sign-ins in progress"
    return wait, rule


def _wait_counting(
    session: Session,
    name: str,
    ip: str,
    now: datetime,
    remembered: bool,
    kinds: tuple[AuthEventKind, ...],
) -> tuple[int, str]:
    since = now - limits.LOGIN_WINDOW
    recent = select(AuthEvent.at).where(AuthEvent.kind.in_(kinds), AuthEvent.at >= since)
    per_name_and_ip = recent.where(AuthEvent.username == name, AuthEvent.ip == ip)
    name_and_ip = _failures(session, per_name_and_ip, limits.MAX_FAILURES_PER_USERNAME_AND_IP)
    wait = limits.window_wait(name_and_ip, limits.MAX_FAILURES_PER_USERNAME_AND_IP, now)
    if wait:
        return wait, "limit per account and address"
    per_ip = _failures(session, recent.where(AuthEvent.ip == ip), limits.MAX_FAILURES_PER_IP)
    wait = limits.window_wait(per_ip, limits.MAX_FAILURES_PER_IP, now)
    if wait:
        return wait, "limit per address"
    if remembered:
        return 0, ""
    account = session.execute(
        select(func.count(), func.max(AuthEvent.at)).where(
            AuthEvent.kind.in_(kinds), AuthEvent.at >= since, AuthEvent.username == name
        )
    ).one()
    wait = limits.account_wait(Failures(int(account[0]), account[1]), now)
    return (wait, "delay per account") if wait else (0, "")


def _failures(session: Session, query: Select[Any], limit: int) -> Failures:
    """How many of ``query``'s failures there are (up to ``limit``), and the limit-th newest."""
    times: list[datetime] = list(session.scalars(query.order_by(AuthEvent.at.desc()).limit(limit)))
    return Failures(len(times), times[-1] if len(times) >= limit else None)
