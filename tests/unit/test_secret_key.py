"""The cookie-signing key: configured, or generated once and kept in the data directory."""

from __future__ import annotations

import stat
from pathlib import Path

import pytest

from bakehouse.config import Settings, load_or_create_secret_key


def test_a_key_is_generated_once_owner_readable_only_and_then_reused(tmp_path: Path) -> None:
    path = tmp_path / "data" / "secret_key"
    key = load_or_create_secret_key(path)
    assert len(key) >= 64
    assert stat.S_IMODE(path.stat().st_mode) == 0o600
    assert load_or_create_secret_key(path) == key
    assert list(path.parent.iterdir()) == [path]  # no draft left behind


def test_an_existing_key_is_kept(tmp_path: Path) -> None:
    path = tmp_path / "secret_key"
    path.write_text("already-here\n")
    assert load_or_create_secret_key(path) == "already-here"


def test_an_empty_key_file_is_replaced(tmp_path: Path) -> None:
    path = tmp_path / "secret_key"
    path.write_text("")
    key = load_or_create_secret_key(path)
    assert key
    assert path.read_text() == key


def test_settings_prefer_the_configured_key(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setenv("XDG_DATA_HOME", str(tmp_path))
    assert Settings(secret_key="configured").session_secret() == "configured"
    generated = Settings(secret_key=None).session_secret()
    assert generated == (tmp_path / "bakehouse" / "secret_key").read_text()
    assert Settings(secret_key=None).session_secret() == generated
