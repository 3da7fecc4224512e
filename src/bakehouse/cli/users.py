"""``bakehouse user …``: accounts, roles and API tokens, from the machine Bakehouse runs on.

Whoever can run this command can read the database anyway, so it needs no sign-in; every
change is recorded in the account log as made "by command line".
"""

from __future__ import annotations

import sys

import typer

from bakehouse.cli.context import open_session
from bakehouse.cli.output import Column, console, emit, err_console
from bakehouse.domain.permissions import Role
from bakehouse.domain.wording import count_of
from bakehouse.schemas.accounts import TokenRead, UserRead
from bakehouse.services.accounts import accounts, api_tokens
from bakehouse.services.accounts.passwords import prepare_password

ACTOR = "command line"
JSON = typer.Option(False, "--json", help="Print JSON.")
USERNAME = typer.Argument(..., help="The user's sign-in name.")
PASSWORD_STDIN = typer.Option(
    False, "--password-stdin", help="Read the password from the first line of standard input."
)

USER_COLUMNS = (
    Column("Username", lambda u: u.username),
    Column("Name", lambda u: u.display_name),
    Column("Role", lambda u: u.role.value),
    Column("Active", lambda u: "yes" if u.is_active else "no"),
    Column("Last sign-in", lambda u: u.last_login_at or "never"),
)
TOKEN_COLUMNS = (
    Column("Id", lambda t: t.id, numeric=True),
    Column("Name", lambda t: t.name),
    Column("Created", lambda t: t.created_at),
    Column("Last used", lambda t: t.last_used_at or "never"),
    Column("Revoked", lambda t: t.revoked_at or ""),
)


def read_password(from_stdin: bool) -> str:
    """The new password: the first line of stdin, or typed twice at a hidden prompt."""
    if from_stdin:
        return sys.stdin.readline().rstrip("\r\n")
    return str(typer.prompt("Password", hide_input=True, confirmation_prompt=True))


def register(app: typer.Typer) -> None:
    """Add ``user`` (and ``user token``) to ``app``."""
    user = typer.Typer(help="Accounts: users, roles and API tokens.", no_args_is_help=True)
    token = typer.Typer(help="Personal API tokens for scripts.", no_args_is_help=True)

    @user.command("add")
    def add(
        username: str = USERNAME,
        role: Role = typer.Option(Role.VIEWER, "--role", help="owner, baker or viewer."),
        display_name: str = typer.Option("", "--display-name", help="Name shown in the app."),
        password_stdin: bool = PASSWORD_STDIN,
    ) -> None:
        """Add a user (the first owner turns sign-in on)."""
        password = prepare_password(read_password(password_stdin))  # before the transaction
        with open_session() as session:
            added = accounts.add_user(
                session, username, password, role=role, display_name=display_name, actor=ACTOR
            )
            console.print(f"added {added.username} ({added.role.value})")

    @user.command("list")
    def list_(as_json: bool = JSON) -> None:
        """Every user with role and last sign-in."""
        with open_session() as session:
            rows = [UserRead.model_validate(u) for u in accounts.list_users(session)]
        emit(rows, title="Users", columns=USER_COLUMNS, rows=rows, as_json=as_json)

    @user.command("set-role")
    def set_role(
        username: str = USERNAME, role: Role = typer.Argument(..., help="New role.")
    ) -> None:
        """Give a user another role (never leaves Bakehouse without an owner)."""
        with open_session() as session:
            changed = accounts.set_role(session, username, role, actor=ACTOR)
            console.print(f"{changed.username} is now {changed.role.value}")

    @user.command("set-password")
    def set_password(username: str = USERNAME, password_stdin: bool = PASSWORD_STDIN) -> None:
        """Set a new password (signs the user out everywhere)."""
        password = prepare_password(read_password(password_stdin))  # before the transaction
        with open_session() as session:
            accounts.set_password(session, username, password, actor=ACTOR)
        console.print("password changed")

    @user.command("disable")
    def disable(username: str = USERNAME) -> None:
        """Lock a user out: no sign-in, tokens stop working."""
        with open_session() as session:
            accounts.set_active(session, username, False, actor=ACTOR)
        console.print(f"{username} disabled")

    @user.command("sign-out")
    def sign_out(username: str = USERNAME) -> None:
        """End every browser session of a user (API tokens keep working)."""
        with open_session() as session:
            ended = accounts.sign_out_everywhere(session, username, actor=ACTOR)
        console.print(f"{username} signed out of {count_of(ended, 'session')}")

    @user.command("enable")
    def enable(username: str = USERNAME) -> None:
        """Let a disabled user back in."""
        with open_session() as session:
            accounts.set_active(session, username, True, actor=ACTOR)
        console.print(f"{username} enabled")

    @token.command("create")
    def create_token(
        username: str = USERNAME, name: str = typer.Argument(..., help="What the token is for.")
    ) -> None:
        """Create a token and print it once (only its hash is kept)."""
        with open_session() as session:
            created = api_tokens.create_api_token(session, username, name)
        err_console.print("Copy the token now; it cannot be shown again:")
        sys.stdout.write(created.plain_text + "\n")

    @token.command("list")
    def list_tokens(username: str = USERNAME, as_json: bool = JSON) -> None:
        """A user's tokens (never their text)."""
        with open_session() as session:
            found = api_tokens.list_api_tokens(session, username)
            rows = [TokenRead.model_validate(t) for t in found]
        emit(rows, title=f"Tokens of {username}", columns=TOKEN_COLUMNS, rows=rows, as_json=as_json)

    @token.command("revoke")
    def revoke_token(
        token_id: int = typer.Argument(..., help="Token id (see token list)."),
    ) -> None:
        """Revoke a token: scripts using it are refused from now on."""
        with open_session() as session:
            revoked = api_tokens.revoke_api_token(session, token_id)
            console.print(f"token {revoked.id} ({revoked.name}) revoked")

    user.add_typer(token, name="token")
    app.add_typer(user, name="user")
