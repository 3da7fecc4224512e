"""Settings: one typed object read from the environment (``BAKEHOUSE_`` prefix).

Nothing here touches the disk or a database at import time; ``Settings()`` only reads
environment variables, and :func:`default_database_url` only computes a path.
"""

from __future__ import annotations

from pathlib import Path

import platformdirs
from pydantic import Field
from pydantic_settings import BaseSettings, SettingsConfigDict

APP_NAME = "bakehouse"


def default_database_path() -> Path:
    """Where the embedded SQLite database lives: the user's data directory."""
    return Path(platformdirs.user_data_dir(APP_NAME, appauthor=False)) / "bakehouse.sqlite3"


def default_database_url() -> str:
    return f"sqlite:///{default_database_path()}"


class Settings(BaseSettings):
    """Application settings. ``BAKEHOUSE_DATABASE_URL`` selects the database."""

    model_config = SettingsConfigDict(env_prefix="BAKEHOUSE_", extra="ignore")

    database_url: str = Field(default_factory=default_database_url)
    echo_sql: bool = False
    host: str = "127.0.0.1"
    port: int = 8000
    secret_key: str | None = None
    best_before_warning_days: int = 14

    @property
    def is_sqlite(self) -> bool:
        return self.database_url.startswith("sqlite")
