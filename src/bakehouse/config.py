"""Settings: one typed object read from the environment (``BAKEHOUSE_`` prefix).

Nothing here touches the disk or a database at import time; ``Settings()`` only reads
environment variables, and :func:`default_database_url` only computes a path.
"""

from __future__ import annotations

import os
import secrets
from pathlib import Path
from typing import Annotated, Any

import platformdirs
from pydantic import Field, field_validator
from pydantic_settings import BaseSettings, NoDecode, SettingsConfigDict

APP_NAME = "bakehouse"


def default_database_path() -> Path:
    """Where the embedded SQLite database lives: the user's data directory."""
    return Path(platformdirs.user_data_dir(APP_NAME, appauthor=False)) / "bakehouse.sqlite3"


def default_database_url() -> str:
    return f"sqlite:///{default_database_path()}"


def default_secret_key_path() -> Path:
    """Where the generated cookie-signing key is kept when none is configured."""
    return Path(platformdirs.user_data_dir(APP_NAME, appauthor=False)) / "secret_key"


def load_or_create_secret_key(path: Path) -> str:
    """The key stored at ``path``, created (owner-only, 0600) on first use.

    Creation is atomic (written aside, then hard-linked into place), so worker processes
    starting together all end up with the same key.
    """
    if existing := _read_key(path):
        return existing
    path.parent.mkdir(parents=True, exist_ok=True)
    draft = path.with_name(f".{path.name}.{os.getpid()}.draft")
    descriptor = os.open(draft, os.O_WRONLY | os.O_CREAT | os.O_TRUNC, 0o600)
    with os.fdopen(descriptor, "w") as handle:
        handle.write(secrets.token_urlsafe(48))
    try:
        os.link(draft, path)
    except FileExistsError:
        if not _read_key(path):  # an empty file (a crash mid-write): replace it
            os.replace(draft, path)
        # otherwise another process won the race: use its key
    finally:
        draft.unlink(missing_ok=True)
    return _read_key(path)


def _read_key(path: Path) -> str:
    try:
        return path.read_text().strip()
    except FileNotFoundError:
        return ""


class Settings(BaseSettings):
    """Application settings. ``BAKEHOUSE_DATABASE_URL`` selects the database."""

    model_config = SettingsConfigDict(env_prefix="BAKEHOUSE_", extra="ignore")

    database_url: str = Field(default_factory=default_database_url)
    echo_sql: bool = False
    host: str = "127.0.0.1"
    port: int = 8000
    secret_key: str | None = None
    #: Send the session cookie over HTTPS only (set it when serving behind TLS).
    cookie_secure: bool = False
    #: Host names the server answers to besides loopback ones (comma-separated in the
    #: environment): the public name behind a reverse proxy, a LAN address.
    allowed_hosts: Annotated[tuple[str, ...], NoDecode] = ()
    #: Largest request body accepted (forms and JSON), in bytes.
    max_body_bytes: int = Field(default=1_000_000, ge=0)
    #: Largest body the data-file import upload accepts, in bytes.
    max_upload_bytes: int = Field(default=20_000_000, ge=0)
    #: Tests only: let a recipe import fetch pages from 127.0.0.0/8 and ::1, so tests serve
    #: fixture pages locally. Never set it in a deployment (docs/product.md §6.22).
    recipe_fetch_allow_loopback: bool = False
    #: Argon2 hashes and checks a server process runs at once (64 MiB each).
    password_checks_at_once: int = Field(default=2, ge=1)
    #: How long a sign-in waits for its turn before it gets 503 with Retry-After.
    password_check_wait_seconds: float = Field(default=2.0, ge=0)

    @field_validator("allowed_hosts", mode="before")
    @classmethod
    def _split_hosts(cls, value: Any) -> Any:
        if isinstance(value, str):
            return tuple(part.strip() for part in value.split(",") if part.strip())
        return value

    @property
    def is_sqlite(self) -> bool:
        return self.database_url.startswith("sqlite")

    def session_secret(self) -> str:
        """``secret_key`` if set, else the key generated once in the user data directory."""
        return self.secret_key or load_or_create_secret_key(default_secret_key_path())
