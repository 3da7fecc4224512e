"""Accounts: who may sign in, their API tokens, and the record of sign-ins and changes."""

from __future__ import annotations

from datetime import datetime
from enum import StrEnum

from sqlalchemy import ForeignKey, Index, String, Text
from sqlalchemy.orm import Mapped, mapped_column, relationship

from bakehouse.domain.permissions import Role
from bakehouse.models.base import Base
from bakehouse.models.types import utcnow


class AuthEventKind(StrEnum):
    LOGIN_FAILED = "login_failed"
    LOGIN_OK = "login_ok"
    #: A sign-in whose password is being checked: it counts against the limits like a
    #: failure until it is recorded as ``login_ok`` or ``login_failed``.
    LOGIN_CHECKING = "login_checking"
    #: A sign-in refused by a limit without checking the password.
    LOGIN_REFUSED = "login_refused"
    LOGOUT = "logout"
    SESSIONS_ENDED = "sessions_ended"
    ROLE_CHANGED = "role_changed"
    TOKEN_CREATED = "token_created"
    TOKEN_REVOKED = "token_revoked"
    USER_ADDED = "user_added"
    USER_DISABLED = "user_disabled"
    USER_ENABLED = "user_enabled"
    PASSWORD_CHANGED = "password_changed"


class User(Base):
    # "user" is a reserved word in PostgreSQL.
    __tablename__ = "user_account"

    id: Mapped[int] = mapped_column(primary_key=True)
    username: Mapped[str] = mapped_column(String(80), unique=True)
    display_name: Mapped[str] = mapped_column(String(200), default="")
    role: Mapped[Role] = mapped_column(default=Role.VIEWER)
    password_hash: Mapped[str] = mapped_column(String(255))
    is_active: Mapped[bool] = mapped_column(default=True)
    created_at: Mapped[datetime] = mapped_column(default=utcnow)
    last_login_at: Mapped[datetime | None] = mapped_column(default=None)

    tokens: Mapped[list[ApiToken]] = relationship(
        back_populates="user", order_by="ApiToken.id", cascade="all, delete-orphan"
    )

    def __repr__(self) -> str:
        return f"User({self.id}, {self.username!r}, {self.role.value})"


class ApiToken(Base):
    """A personal token for scripts: only its SHA-256 is stored; the token is shown once."""

    __tablename__ = "api_token"

    id: Mapped[int] = mapped_column(primary_key=True)
    user_id: Mapped[int] = mapped_column(
        ForeignKey("user_account.id", ondelete="CASCADE"), index=True
    )
    name: Mapped[str] = mapped_column(String(200))
    token_hash: Mapped[str] = mapped_column(String(64), unique=True)
    created_at: Mapped[datetime] = mapped_column(default=utcnow)
    last_used_at: Mapped[datetime | None] = mapped_column(default=None)
    revoked_at: Mapped[datetime | None] = mapped_column(default=None)

    user: Mapped[User] = relationship(back_populates="tokens")

    @property
    def is_revoked(self) -> bool:
        return self.revoked_at is not None


class AccountSession(Base):
    """One signed-in browser: the cookie carries the key, only its SHA-256 is stored.

    A session is valid while ``ended_at`` is empty, its user is active and it is younger
    than the cookie's lifetime; checking that is one read, never a write.
    """

    __tablename__ = "account_session"

    id: Mapped[int] = mapped_column(primary_key=True)
    user_id: Mapped[int] = mapped_column(
        ForeignKey("user_account.id", ondelete="CASCADE"), index=True
    )
    key_hash: Mapped[str] = mapped_column(String(64), unique=True)
    ip: Mapped[str] = mapped_column(String(64), default="")
    created_at: Mapped[datetime] = mapped_column(default=utcnow)
    ended_at: Mapped[datetime | None] = mapped_column(default=None)
    end_reason: Mapped[str] = mapped_column(String(40), default="")

    user: Mapped[User] = relationship()


class AuthEvent(Base):
    """One sign-in, failed sign-in or account change; failed sign-ins drive rate limiting."""

    __tablename__ = "auth_event"
    __table_args__ = (
        Index("ix_auth_event_username_at", "username", "at"),
        Index("ix_auth_event_ip_at", "ip", "at"),
    )

    id: Mapped[int] = mapped_column(primary_key=True)
    kind: Mapped[AuthEventKind]
    username: Mapped[str] = mapped_column(String(80))
    detail: Mapped[str] = mapped_column(Text, default="")
    ip: Mapped[str] = mapped_column(String(64), default="")
    at: Mapped[datetime] = mapped_column(default=utcnow, index=True)
