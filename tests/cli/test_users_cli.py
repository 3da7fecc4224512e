"""``bakehouse user …`` manages accounts; ``serve`` beyond loopback needs an owner first."""

from __future__ import annotations

import json
from dataclasses import dataclass
from typing import Any

import pytest
from sqlalchemy import Engine, select
from sqlalchemy.orm import Session, sessionmaker
from typer.testing import CliRunner

from bakehouse.cli.app import app
from bakehouse.db.engine import make_session_factory, transaction
from bakehouse.domain.permissions import Role
from bakehouse.errors import Conflict, InvalidInput, NotFound, OwnerAccountRequired
from bakehouse.models import AuthEvent, User
from bakehouse.services.accounts import accounts, api_tokens
from bakehouse.services.accounts.sessions import start_session, user_for_session
from bakehouse.services.accounts.sign_in import authenticate


@dataclass
class Shell:
    factory: sessionmaker[Session]
    runner: CliRunner

    def run(self, *args: str, stdin: str | None = None) -> Any:
        return self.runner.invoke(app, list(args), input=stdin)

    def user(self, username: str) -> User:
        with transaction(self.factory) as session:
            return session.scalars(select(User).where(User.username == username)).one()


@pytest.fixture
def shell(cli_engine: Engine) -> Shell:
    return Shell(make_session_factory(cli_engine), CliRunner(env={"COLUMNS": "160"}))


def test_user_add_reads_the_password_from_stdin(shell: Shell) -> None:
    result = shell.run(
        "user", "add", "Olga", "--role", "owner", "--password-stdin", stdin="s3cret pass\n"
    )
    assert result.exit_code == 0, result.output
    assert "added olga (owner)" in result.stdout
    olga = shell.user("olga")
    assert olga.role is Role.OWNER
    with transaction(shell.factory) as session:
        assert authenticate(session, "olga", "s3cret pass", ip="").user is not None
        detail = session.scalars(select(AuthEvent.detail)).first()
    assert detail == "role owner by command line"


def test_user_add_prompts_twice_for_the_password(shell: Shell) -> None:
    result = shell.run("user", "add", "ben", "--role", "baker", stdin="long enough\nlong enough\n")
    assert result.exit_code == 0, result.output
    assert shell.user("ben").role is Role.BAKER


def test_user_add_refuses_a_short_password_and_adds_nobody(shell: Shell) -> None:
    result = shell.run("user", "add", "ben", "--password-stdin", stdin="short\n")
    assert isinstance(result.exception, InvalidInput)
    with transaction(shell.factory) as session:
        assert not accounts.has_users(session)


def test_user_list_prints_roles_as_json(shell: Shell) -> None:
    shell.run("user", "add", "olga", "--role", "owner", "--password-stdin", stdin="long enough\n")
    shell.run("user", "add", "ben", "--role", "baker", "--password-stdin", stdin="long enough\n")
    result = shell.run("user", "list", "--json")
    rows = json.loads(result.stdout)
    assert [(r["username"], r["role"], r["is_active"]) for r in rows] == [
        ("ben", "baker", True),
        ("olga", "owner", True),
    ]
    table = shell.run("user", "list")
    assert "olga" in table.stdout
    assert "never" in table.stdout


def test_set_role_disable_enable_and_set_password(shell: Shell) -> None:
    shell.run("user", "add", "olga", "--role", "owner", "--password-stdin", stdin="long enough\n")
    shell.run("user", "add", "ben", "--password-stdin", stdin="long enough\n")
    assert shell.run("user", "set-role", "ben", "baker").stdout.strip() == "ben is now baker"
    assert shell.run("user", "disable", "ben").exit_code == 0
    assert not shell.user("ben").is_active
    assert shell.run("user", "enable", "ben").exit_code == 0
    assert shell.user("ben").is_active
    result = shell.run("user", "set-password", "ben", "--password-stdin", stdin="brand new one\n")
    assert result.exit_code == 0
    with transaction(shell.factory) as session:
        assert authenticate(session, "ben", "brand new one", ip="").user is not None


def test_signing_a_user_out_everywhere_from_the_command_line(shell: Shell) -> None:
    shell.run("user", "add", "ben", "--password-stdin", stdin="long enough\n")
    with transaction(shell.factory) as session:
        keys = [start_session(session, accounts.get_user(session, "ben")).key for _ in range(2)]
    result = shell.run("user", "sign-out", "ben")
    assert result.stdout.strip() == "ben signed out of 2 sessions"
    with transaction(shell.factory) as session:
        assert [user_for_session(session, key) for key in keys] == [None, None]


def test_the_last_owner_cannot_be_demoted_from_the_command_line(shell: Shell) -> None:
    shell.run("user", "add", "olga", "--role", "owner", "--password-stdin", stdin="long enough\n")
    result = shell.run("user", "set-role", "olga", "viewer")
    assert isinstance(result.exception, Conflict)
    assert isinstance(shell.run("user", "disable", "nobody").exception, NotFound)


def test_a_token_is_printed_once_works_and_can_be_revoked(shell: Shell) -> None:
    shell.run("user", "add", "ben", "--role", "baker", "--password-stdin", stdin="long enough\n")
    created = shell.run("user", "token", "create", "ben", "nightly export")
    token = created.stdout.strip()
    assert token.startswith("bh_")
    with transaction(shell.factory) as session:
        assert api_tokens.user_for_token(session, token) is not None
    [row] = json.loads(shell.run("user", "token", "list", "ben", "--json").stdout)
    assert row["name"] == "nightly export"
    assert row["revoked_at"] is None
    assert "nightly export" in shell.run("user", "token", "list", "ben").stdout
    revoked = shell.run("user", "token", "revoke", str(row["id"]))
    assert "revoked" in revoked.stdout
    with transaction(shell.factory) as session:
        assert api_tokens.user_for_token(session, token) is None


def test_serving_beyond_loopback_is_refused_without_an_owner(shell: Shell) -> None:
    result = shell.run("serve", "--host", "0.0.0.0", "--port", "1")
    assert isinstance(result.exception, OwnerAccountRequired)
    assert "bakehouse user add" in result.exception.message
